#!/usr/bin/env bash
# bench/signs_marginal.sh AFTER_BIN BEFORE_BIN SPB_PLAN VILLAGES_PLAN: what one more sign costs, apart from
# the process's fixed costs (start, plan read, sign index, font subsets), on the two plans of issue 15 goal 5
# (the grids bench/signs_plans.sh prints). Per sign: (CPU of a 20-sign run - CPU of a 2-sign run) / 18;
# fixed: the 2-sign run less its two signs. CPU = user+sys, which the other jobs on a loaded machine inflate
# less than wall time. Before and after interleaved, 3 runs each, medians. PDF and PNG at 150 dpi, 1 thread.
set -euo pipefail
after="$1"; before="$2"; spb="$3"; villages="$4"
work=$(mktemp -d /tmp/gridplan-bench-signs-marginal.XXXXXX); trap 'rm -rf "$work"' EXIT
gridsOf() {  # PLAN SQL-WHERE LIMIT
  ogr2ogr -f CSV /vsistdout/ "$1" -sql "SELECT grid_id FROM grids WHERE $2 ORDER BY grid_id LIMIT $3" \
    | tail -n +2 | tr -d '"\r' | sed 's/^/--grid /' | tr '\n' ' '
}
cpu() {  # BINARY PLAN FORMAT GRIDS...: CPU seconds of the whole process
  local bin=$1 plan=$2 fmt=$3; shift 3; rm -rf "$work/out"
  /usr/bin/time -f '%U %S' -o "$work/t" "$bin" signs "$plan" -o "$work/out" --format "$fmt" --dpi 150 --jobs 1 \
    --date 2026-01-01 "$@" >/dev/null 2>&1 || true
  tail -1 "$work/t" | awk '{printf "%.3f", $1 + $2}'
}
med() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %-4s %12s %12s %14s %14s %6s\n' plan fmt "before fixed" "after fixed" "before ms/sign" "after ms/sign" ratio
for p in spb villages; do
  if [ $p = spb ]; then plan=$spb; g20=$(gridsOf "$plan" 1 20); g2=$(gridsOf "$plan" 1 2)
  else plan=$villages
    g20="$(gridsOf "$plan" "community_id LIKE '320508900%'" 4) $(gridsOf "$plan" "community_id NOT LIKE '320508900%'" 16)"
    g2="$(gridsOf "$plan" "community_id LIKE '320508900%'" 1) $(gridsOf "$plan" "community_id NOT LIKE '320508900%'" 1)"
  fi
  for fmt in pdf png; do
    bf=(); af=(); bm=(); am=()
    for i in 1 2 3; do
      for who in after before; do
        bin=$after; [ $who = before ] && bin=$before
        # shellcheck disable=SC2086
        c2=$(cpu "$bin" "$plan" $fmt $g2); c20=$(cpu "$bin" "$plan" $fmt $g20)
        fixed=$(awk -v a="$c2" -v b="$c20" 'BEGIN{printf "%.0f", (a - 2 * (b - a) / 18) * 1000}')
        m=$(awk -v a="$c2" -v b="$c20" 'BEGIN{printf "%.1f", (b - a) / 18 * 1000}')
        if [ $who = after ]; then af+=("$fixed"); am+=("$m"); else bf+=("$fixed"); bm+=("$m"); fi
      done
    done
    b_m=$(med "${bm[@]}"); a_m=$(med "${am[@]}")
    printf '%-10s %-4s %9s ms %9s ms %14s %14s %6s\n' $p $fmt "$(med "${bf[@]}")" "$(med "${af[@]}")" "$b_m" "$a_m" \
      "$(awk -v a="$a_m" -v b="$b_m" 'BEGIN{printf "%.2f", b/a}')"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
