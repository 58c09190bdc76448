#!/bin/bash
# Times `gridplan synth` for large towns (the sizes the tests leave out). Usage: bench/synth.sh [BUILD_DIR] [RUNS]
# Prints the median wall time of RUNS runs per case (the summary's own "time" line: generation + writing).
set -euo pipefail
build=${1:-build}
runs=${2:-3}
gp="$build/gridplan"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
for args in "--households 200000" "--households 2000000" "--households 2000000 --household-points"; do
  times=()
  for ((i = 0; i < runs; i++)); do
    t=$("$gp" synth -o "$out/town.gpkg" $args --seed 1 | awk '/time/ {print $2}')
    times+=("$t")
  done
  size=$(du -m "$out/town.gpkg" | cut -f1)
  printf "synth %-40s median %6.2f s  (runs: %s)  file %s MB\n" "$args" "$(printf '%s\n' "${times[@]}" | median)" \
    "${times[*]}" "$size"
done
