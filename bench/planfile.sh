#!/bin/bash
# Plan file, check and export timings on synthetic towns (bench/planfile/bench_planfile.cpp).
# Usage: bench/planfile.sh [BUILD_DIR] [HOUSEHOLDS...]   (default: build, 100000 1000000)
set -euo pipefail
build=${1:-build}
shift || true
sizes=${*:-100000 1000000}
work=$(mktemp -d /tmp/gridplan-bench-planfile.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(grep MemTotal /proc/meminfo | awk '{printf "%.0f GiB", $2/1048576}'), load $(cut -d' ' -f1-3 /proc/loadavg)"
for n in $sizes; do
  t="$work/town$n.gpkg" p="$work/plan$n.gpkg"
  "$build/gridplan" synth -o "$t" --households "$n" >/dev/null
  "$build/gridplan" partition -o "$p" --buildings "$t" --communities "$t" --communities-layer communities \
    --compounds "$t" --compounds-layer compounds --barriers "$t" --barriers-layer roads \
    --barriers "$t" --barriers-layer river >/dev/null
  echo "== $n households: plan $(du -m "$p" | cut -f1) MiB"
  "$build/bench/bench_planfile" "$p" "$work/out$n" 3
  /usr/bin/time -f "gridplan check (CLI, wall) %e s, peak %M KB" "$build/gridplan" check "$p" >/dev/null || true
done
