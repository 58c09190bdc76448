#!/usr/bin/env bash
# Loading benchmark: `gridplan inspect` on synthetic towns of 100k and 1M households, side by side with
# `ogrinfo -al -so` on the same file (GDAL's own summary read: the floor for touching every layer).
#   bench/load.sh [BUILD_DIR] [WORK_DIR]
# Three runs each: the median wall-clock seconds, the median CPU seconds (user + system: steadier than wall
# clock when other work shares the machine), and the median peak memory.
# Four cases per town: buildings only; every layer (communities, compounds, roads, river); every layer plus
# the 1 household point per household, placed by point-in-polygon; the same writing --out.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$here/build}"
work="${2:-$(mktemp -d)}"
mkdir -p "$work"
if [ ! -x "$build/gridplan" ]; then
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" --target gridplan >/dev/null 2>&1
g="$build/gridplan"

median3() { sort -n | sed -n 2p; }
# Prints "wall_s cpu_s peak_kb" of one run of the command.
run() {
  /usr/bin/time -f "%e %U %S %M" "$@" >/dev/null 2>"$work/time.txt" || true
  tail -1 "$work/time.txt" | awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}'
}
bench() {  # label, command...
  local label="$1"; shift
  local secs=() cpus=() mem=()
  for i in 1 2 3; do read -r s c m < <(run "$@"); secs+=("$s"); cpus+=("$c"); mem+=("$m"); done
  local med; med=$(printf '%s\n' "${secs[@]}" | median3)
  local cpumed; cpumed=$(printf '%s\n' "${cpus[@]}" | median3)
  local memmed; memmed=$(printf '%s\n' "${mem[@]}" | median3)
  printf '| %-48s | %6s | %6s | %5s MB | %s|\n' "$label" "$med" "$cpumed" "$((memmed / 1024))" "$(printf '%s ' "${secs[@]}")"
}

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/{print $2}') GiB RAM"
echo "gdal: $(gdal-config --version 2>/dev/null || echo unknown), gridplan: $("$g" --version)"
for n in 100000 1000000; do
  town="$work/town-$n.gpkg"
  [ -f "$town" ] || "$g" synth -o "$town" --households "$n" --seed 1 --household-points >/dev/null
  layers="--communities $town --compounds $town --barriers $town --barriers-layer roads --barriers-layer river"
  echo
  echo "town: $n households, $(du -m "$town" | cut -f1) MB, $("$g" inspect --buildings "$town" | grep -m1 '^Buildings')"
  echo "| case | wall s | CPU s | peak RSS | wall of the 3 runs |"
  echo "|---|---|---|---|---|"
  bench "ogrinfo -al -so (every layer)" ogrinfo -al -so "$town"
  bench "inspect: buildings only" "$g" inspect --buildings "$town"
  bench "inspect: + communities, compounds, barriers" "$g" inspect --buildings "$town" $layers
  bench "inspect: + household points (point in polygon)" "$g" inspect --buildings "$town" $layers --household-points "$town"
  bench "inspect: + household points (by bld_id field)" "$g" inspect --buildings "$town" $layers --household-points "$town" --household-building-field bld_id
  bench "inspect: all of the above + --out GeoPackage" "$g" inspect --buildings "$town" $layers --household-points "$town" --out "$work/in-$n.gpkg"
done
