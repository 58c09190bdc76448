#!/usr/bin/env bash
# Tessellation benchmark: geom::tessellate, adjacency and coverage union on synthetic communities of 500, 2,000
# and 8,000 buildings (walk-ups as 3 entrance slices, towers, roads between blocks), on the St Petersburg
# buildings of ../shared/data as one community when present, and a town of 15 communities of 2,000 buildings
# on 2 threads. Medians of 3 runs.
#   bench/tessellate.sh [BUILD_DIR] [extra bench_tessellate options...]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$here/build}"
shift || true
if [ ! -x "$build/bench/bench_tessellate" ]; then
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" --target bench_tessellate >/dev/null
spb="$here/../shared/data/spb_vasileostrovsky.gpkg"
extra=()
[ -f "$spb" ] && extra=(--gpkg "$spb" --layer buildings)
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: $build/bench/bench_tessellate --runs 3 ${extra[*]} $*"
"$build/bench/bench_tessellate" --runs 3 "${extra[@]}" "$@"
