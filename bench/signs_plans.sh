#!/usr/bin/env bash
# bench/signs.sh BUILD_DIR plans [BEFORE]: signs on the two hard plans of issue 15 goal 5 (see signs.sh).
#   St Petersburg: partition of ../shared/data/spb_vasileostrovsky.gpkg with blocks_aggr as compounds
#     (369 grids, dense historic blocks); its first 20 grids in code order.
#   Villages: synth --households 20000 --seed 3 --villages 4, partitioned with compounds, roads and river as
#     barriers; its 4 village grids (hundreds of one-household houses and sheds, 2.4 km across) and the
#     town's first 16 grids.
# Each configuration runs 3 times per binary (after and, when given, before, interleaved so that both meet
# the same load); reports the median signs/s (wall, as gridplan reports it), the median CPU per sign
# (user+sys of the whole process / signs: start, plan read and font subsetting included) and their ratios.
# SIGNS_NO_CALLGRIND=1 skips the instruction counts (under valgrind a village sign takes minutes).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
after="$1"
before="${2:-}"
[ -x "$after" ] || { echo "build gridplan first"; exit 2; }
work="$(mktemp -d /tmp/gridplan-bench-signs-plans.XXXXXX)"
trap 'rm -rf "$work"' EXIT
data="$here/../shared/data/spb_vasileostrovsky.gpkg"

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
# SIGNS_SPB_PLAN / SIGNS_VILLAGES_PLAN: plans made before (the same commands), to skip partitioning.
plans=()
if [ -n "${SIGNS_SPB_PLAN:-}" ]; then
  cp "$SIGNS_SPB_PLAN" "$work/spb.gpkg"
  plans+=(spb)
elif [ -f "$data" ]; then
  "$after" partition -o "$work/spb.gpkg" --buildings "$data" --buildings-layer buildings --compounds "$data" \
    --compounds-layer blocks_aggr --population-field population_balanced >/dev/null || true
  plans+=(spb)
else
  echo "St Petersburg: ../shared/data/spb_vasileostrovsky.gpkg is absent, skipped"
fi
if [ -n "${SIGNS_VILLAGES_PLAN:-}" ]; then
  cp "$SIGNS_VILLAGES_PLAN" "$work/villages-plan.gpkg"
else
  "$after" synth -o "$work/villages.gpkg" --households 20000 --seed 3 --villages 4 >/dev/null
  v="$work/villages.gpkg"
  "$after" partition -o "$work/villages-plan.gpkg" --buildings "$v" --buildings-layer buildings --communities "$v" \
    --communities-layer communities --compounds "$v" --compounds-layer compounds --barriers "$v" --barriers-layer roads \
    --barriers "$v" --barriers-layer river >/dev/null || true
fi
plans+=(villages)

gridsOf() {  # PLAN SQL-WHERE LIMIT
  ogr2ogr -f CSV /vsistdout/ "$1" -sql "SELECT grid_id FROM grids WHERE $2 ORDER BY grid_id LIMIT $3" \
    | tail -n +2 | tr -d '"\r' | sed 's/^/--grid /' | tr '\n' ' '
}

median() { printf '%s\n' "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"; }

# one BINARY PLAN FORMAT GRIDS...: prints "rate cpu_ms_per_sign"
one() {
  local bin="$1" plan="$2" fmt="$3"; shift 3
  rm -rf "$work/out"
  local out
  out=$( { /usr/bin/time -f 'CPU %U %S' "$bin" signs "$plan" -o "$work/out" --format "$fmt" --dpi 150 --jobs 1 \
           --date 2026-01-01 "$@" 2>&1 1>&3 | grep '^CPU' ; } 3>&1 ) || true
  local n rate
  n=$(echo "$out" | sed -n 's/^signs: \([0-9]*\) printed.*/\1/p')
  rate=$(echo "$out" | sed -n 's/.*, \([0-9.]*\) signs\/s.*/\1/p')
  echo "$rate $(echo "$out" | sed -n 's/^CPU \([0-9.]*\) \([0-9.]*\)/\1 \2/p' | awk -v n="$n" '{printf "%.1f", ($1 + $2) * 1000 / n}')"
}

# instructions BINARY PLAN FORMAT GRID1 GRID2: callgrind Ir of a 2-sign run minus a 1-sign run (millions)
instructions() {
  local bin="$1" plan="$2" fmt="$3" g1="$4" g2="$5" ir1 ir2
  rm -rf "$work/cg"
  ir1=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" signs "$plan" -o "$work/cg" --format "$fmt" \
        --dpi 150 --jobs 1 --date 2026-01-01 --grid "$g1" 2>&1 | sed -n 's/.*Collected : *\([0-9]*\).*/\1/p')
  rm -rf "$work/cg"
  ir2=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" signs "$plan" -o "$work/cg" --format "$fmt" \
        --dpi 150 --jobs 1 --date 2026-01-01 --grid "$g1" --grid "$g2" 2>&1 | sed -n 's/.*Collected : *\([0-9]*\).*/\1/p')
  echo $(( (ir2 - ir1) / 1000000 ))
}

printf '%-34s %10s %10s %6s %12s %12s %6s\n' "plan, format" "before/s" "after/s" "ratio" "before ms" "after ms" "ratio"
for p in "${plans[@]}"; do
  if [ "$p" = spb ]; then plan="$work/spb.gpkg"; grids=$(gridsOf "$plan" "1" 20); label="St Petersburg, 20 grids"
  else plan="$work/villages-plan.gpkg"
    grids="$(gridsOf "$plan" "community_id LIKE '320508900%'" 4) $(gridsOf "$plan" "community_id NOT LIKE '320508900%'" 16)"
    label="villages, 4 village + 16 town grids"
  fi
  for fmt in pdf png; do
    ar=() ac=() br=() bc=()
    for i in 1 2 3; do
      # shellcheck disable=SC2086
      read -r r c < <(one "$after" "$plan" "$fmt" $grids); ar+=("$r"); ac+=("$c")
      if [ -n "$before" ]; then
        # shellcheck disable=SC2086
        read -r r c < <(one "$before" "$plan" "$fmt" $grids); br+=("$r"); bc+=("$c")
      fi
    done
    a_r=$(median "${ar[@]}"); a_c=$(median "${ac[@]}")
    if [ -n "$before" ]; then
      b_r=$(median "${br[@]}"); b_c=$(median "${bc[@]}")
      printf '%-34s %10s %10s %6s %12s %12s %6s\n' "$label, ${fmt^^}" "$b_r" "$a_r" "$(awk -v a="$a_r" -v b="$b_r" 'BEGIN{printf "%.2f", a/b}')" \
        "$b_c" "$a_c" "$(awk -v a="$a_c" -v b="$b_c" 'BEGIN{printf "%.2f", b/a}')"
    else
      printf '%-34s %10s %10s %6s %12s %12s %6s\n' "$label, ${fmt^^}" "" "$a_r" "" "" "$a_c" ""
    fi
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ -n "$before" ] && [ -z "${SIGNS_NO_CALLGRIND:-}" ] && command -v valgrind >/dev/null; then
  echo "instructions per sign (callgrind, 2-sign run minus 1-sign run), millions:"
  for p in "${plans[@]}"; do
    if [ "$p" = spb ]; then plan="$work/spb.gpkg"; set -- $(gridsOf "$plan" "1" 2 | sed 's/--grid //g')
    else plan="$work/villages-plan.gpkg"; set -- $(gridsOf "$plan" "community_id LIKE '320508900%'" 2 | sed 's/--grid //g'); fi
    for fmt in pdf png; do
      b=$(instructions "$before" "$plan" "$fmt" "$1" "$2"); a=$(instructions "$after" "$plan" "$fmt" "$1" "$2")
      printf '  %-10s %-4s before %8s M  after %8s M  ratio %s\n' "$p" "$fmt" "$b" "$a" "$(awk -v a="$a" -v b="$b" 'BEGIN{printf "%.2f", b/a}')"
    done
  done
fi
