#!/usr/bin/env bash
# Plan file before/after, side by side in one session: two gridplan builds (BEFORE and AFTER, each with its
# bench/bench_planfile beside it as bench_planfile-NAME) on the same synthetic town, runs alternating so both
# see the same load. Prints, per build, the median of RUNS runs of:
#   - the `write` stage of `gridplan partition --timings` (and the whole wall time),
#   - writePlan and readPlan in-process on one plan (wall and CPU seconds, bench_planfile read,write),
#   - `gridplan check` (wall), and the studio's load to the first frame (`studio --timings`, Xvfb),
# and whether the two builds wrote the same plan (bench/planfile/dump_plan.sh, diff).
#   bench/planfile_compare.sh BEFORE_GRIDPLAN AFTER_GRIDPLAN HOUSEHOLDS [RUNS] [SEED]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
before=$1 after=$2 n=$3 runs=${4:-3} seed=${5:-11}
work="${BENCH_DIR:-/tmp/gridplan-bench-planfile-compare}"
mkdir -p "$work"
town="$work/town-$n-$seed.gpkg"
[ -f "$town" ] || "$after" synth -o "$town" --households "$n" --seed "$seed" >/dev/null
args=(--buildings "$town" --communities "$town" --compounds "$town" --barriers "$town" --barriers-layer roads
      --barriers "$town" --barriers-layer river --timings)
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
for name in before after; do : >"$work/$name-$n.rows"; done
for i in $(seq "$runs"); do
  for name in before after; do
    gp=$before; [ $name = after ] && gp=$after
    plan="$work/plan-$name-$n.gpkg"
    /usr/bin/time -f 'wall %e' "$gp" partition -o "$plan" "${args[@]}" >/dev/null 2>"$work/err" || true
    write=$(sed -n 's/.*write \([0-9.]*\).*/\1/p' "$work/err")
    wall=$(sed -n 's/^wall \([0-9.]*\)/\1/p' "$work/err")
    bp=$(mktemp -d "$work/bp.XXXXXX")
    out=$("$(dirname "$gp")/bench_planfile-$name" "$work/plan-before-$n.gpkg" "$bp" 1 read,write)
    rm -rf "$bp"
    rd=$(awk '/^readPlan/ {print $2, $5}' <<<"$out")
    wr=$(awk '/^writePlan/ {print $2, $5}' <<<"$out")
    /usr/bin/time -o "$work/time" -f '%e' "$gp" check "$work/plan-before-$n.gpkg" >/dev/null 2>&1 || true
    ck=$(cat "$work/time")
    st=$(xvfb-run -a -s "-screen 0 1920x1080x24" "$gp" studio "$work/plan-before-$n.gpkg" --frames 2 --exit --timings 2>&1 |
         sed -n 's/.*loaded[^0-9]*\([0-9.]*\) *s.*/\1/p' | head -1)
    echo "$write $wall $rd $wr $ck ${st:-nan}" >>"$work/$name-$n.rows"
  done
done
echo "| build | households | runs | partition write s | partition wall s | readPlan s (cpu) | writePlan s (cpu) | check s | studio load s |"
echo "|---|---|---|---|---|---|---|---|---|"
for name in before after; do
  col() { awk -v c="$1" '{print $c}' "$work/$name-$n.rows" | median; }
  echo "| $name | $n | $runs | $(col 1) | $(col 2) | $(col 3) ($(col 4)) | $(col 5) ($(col 6)) | $(col 7) | $(col 8) |"
done
"$here/planfile/dump_plan.sh" "$work/plan-before-$n.gpkg" >"$work/dump-before"
"$here/planfile/dump_plan.sh" "$work/plan-after-$n.gpkg" >"$work/dump-after"
if diff -q "$work/dump-before" "$work/dump-after" >/dev/null; then echo "plans: identical (dump_plan.sh)"; else echo "plans: DIFFER (diff $work/dump-before $work/dump-after)"; fi
