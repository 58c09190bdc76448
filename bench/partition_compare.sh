#!/usr/bin/env bash
# `gridplan partition` of several builds side by side on the towns of bench/pipeline.sh (same command: synth
# --seed 1 towns with compounds, roads and river), runs alternating between the builds so that the machine's
# load falls on all of them alike: median wall seconds, CPU seconds (user + system) and the self-check's
# seconds from --timings, with the spread, peak memory, and units within the bounds. The towns are made once by
# the first build, so every build partitions the same input.
#   bench/partition_compare.sh SIZES RUNS NAME=GRIDPLAN_BINARY...
#   e.g. bench/partition_compare.sh 100000,1000000 3 before=/tmp/old/gridplan after=build/gridplan
set -euo pipefail
sizes="$1"
runs="$2"
shift 2
work="${BENCH_DIR:-/tmp/gridplan-bench-compare}"
mkdir -p "$work"
names=()
bins=()
for a in "$@"; do
  names+=("${a%%=*}")
  bins+=("${a#*=}")
done
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
range() { sort -g | awk 'NR==1{lo=$1} {hi=$1} END {print lo "–" hi}'; }
printf '\n| households | build | runs | wall s (range) | CPU s (range) | self-check s | peak MB | units in bounds |\n'
printf '|---|---|---|---|---|---|---|---|\n'
for n in ${sizes//,/ }; do
  town="$work/town-$n.gpkg"
  [ -f "$town" ] || "${bins[0]}" synth -o "$town" --households "$n" --seed 1 >/dev/null
  args=(--buildings "$town" --communities "$town" --compounds "$town" --barriers "$town" --barriers-layer roads
        --barriers "$town" --barriers-layer river --timings)
  for k in "${!bins[@]}"; do : >"$work/rows-$n-$k"; done
  for i in $(seq "$runs"); do
    for k in "${!bins[@]}"; do
      /usr/bin/time -f 'wall %e rss %M cpu %U %S' "${bins[$k]}" partition -o "$work/plan-$n-$k.gpkg" "${args[@]}" \
        >"$work/out-$n-$k" 2>"$work/err-$n-$k" || true
      t=$(grep '^wall' "$work/err-$n-$k")
      check=$(sed -n 's/.*self-check \([0-9.]*\).*/\1/p' "$work/err-$n-$k")
      awk -v c="${check:-0}" '{print $2, $4, $6 + $7, c}' <<<"$t" >>"$work/rows-$n-$k"
    done
  done
  for k in "${!bins[@]}"; do
    col() { awk -v c="$1" '{print $c}' "$work/rows-$n-$k" | "$2"; }
    units=$(sed -n 's/^units within .*: \(.*\)$/\1/p' "$work/out-$n-$k")
    printf '| %s | %s | %s | %s (%s) | %s (%s) | %s | %.0f | %s |\n' "$n" "${names[$k]}" "$runs" "$(col 1 median)" \
      "$(col 1 range)" "$(col 3 median)" "$(col 3 range)" "$(col 4 median)" "$(echo "$(col 2 median) / 1024" | bc -l)" \
      "$units"
  done
done
