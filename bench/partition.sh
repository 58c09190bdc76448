#!/usr/bin/env bash
# Partitioner benchmark: gridplan's partitioner vs `gpmetis -contig -ptype=kway` on the same graphs.
#   bench/partition.sh [BUILD_DIR] [extra bench_partition options...]
# Builds build/bench/bench_partition if needed, then runs the synthetic towns of 10k, 100k, 1M and 2M
# households (building-entrance pieces) and 1M, 2M with unit-level pieces (--fine, ~4x the nodes),
# 3 runs each, and prints the machine facts that go with the figures into bench/RESULTS.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$here/build}"
shift || true
if [ ! -x "$build/bench/bench_partition" ]; then
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" --target bench_partition >/dev/null
command -v gpmetis >/dev/null || { echo "gpmetis not found: apt-get install metis (scripts/install-deps.sh)"; exit 2; }

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/{print $2}') GiB RAM"
echo "gpmetis: $(dpkg-query -W -f='${Version}' metis 2>/dev/null || echo unknown)"
echo "command: $build/bench/bench_partition --households 10000,100000,1000000,2000000 --runs 3 $*"
"$build/bench/bench_partition" --households 10000,100000,1000000,2000000 --runs 3 "$@"
echo "command: $build/bench/bench_partition --fine --households 1000000,2000000 --runs 3 $*"
"$build/bench/bench_partition" --fine --households 1000000,2000000 --runs 3 "$@"
