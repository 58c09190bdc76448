#!/usr/bin/env bash
# Runs each libFuzzer target of fuzz/ for a bounded time (usage: fuzz/run.sh BUILD [SECONDS], default 60, BUILD configured with GP_FUZZ) on its
# seed corpus (fuzz/make-seeds.sh) and the corpus earlier runs in BUILD grew. Fails on any crash, sanitizer
# report, leak, timeout (one input over 30 s) or out-of-memory, printing the input that did it; libFuzzer keeps it
# as BUILD/fuzz-artifacts/<target>-crash-… . Replay one with `BUILD/fuzz/fuzz_<target> FILE`; each finding
# then becomes a regression test under tests/.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-build-asan}"
seconds="${2:-60}"
targets=(buildings roster sign_template)

bash "$here/make-seeds.sh" "$build/fuzz-seeds" || exit 1
mkdir -p "$build/fuzz-artifacts"
failed=()
for t in "${targets[@]}"; do
  corpus="$build/fuzz-corpus/$t"
  log="$build/fuzz-$t.log"
  mkdir -p "$corpus"
  start=$(date +%s)
  "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2560 -print_final_stats=1 \
    -artifact_prefix="$build/fuzz-artifacts/$t-" "$corpus" "$build/fuzz-seeds/$t" > "$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  echo "fuzz_$t: exit $rc, ${runs:-?} inputs in $(( $(date +%s) - start )) s, ${cov:-cov: ?}, corpus $(ls "$corpus" | wc -l)"
  if [ "$rc" -ne 0 ]; then
    failed+=("$t")
    grep -E 'ERROR|SUMMARY|internal error|Test unit written|==[0-9]+==' "$log" | head -20
    echo "  (full log: $log)"
  fi
done
if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}" >&2
  exit 1
fi
