#!/usr/bin/env bash
# `make bench`: every benchmark, one after the other (they measure; they never fail the build).
# Each prints the figures that go into bench/RESULTS.md. Usage: bench/run.sh [BUILD_DIR]
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-build}"
for b in synth load tessellate partition pipeline planfile signs studio; do
  script="$here/$b.sh"
  [ -x "$script" ] || [ -f "$script" ] || continue
  echo "=== bench/$b.sh"
  bash "$script" "$build" || echo "bench/$b.sh failed (exit $?)"
done
