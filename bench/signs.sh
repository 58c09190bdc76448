#!/usr/bin/env bash
# Sign printing benchmark: `gridplan signs` on a synthetic town of about 500 grids.
#   bench/signs.sh [BUILD_DIR] [HOUSEHOLDS]
#   bench/signs.sh BUILD_DIR PLAN.gpkg [GRIDS]   an existing plan instead (e.g. St Petersburg, or an awkward
#                                                town): PDF and PNG at 150 dpi of its first GRIDS grids (40)
#   bench/signs.sh BUILD_DIR plans [BEFORE]      issue 15 goal 5: the St Petersburg plan (from ../shared/data)
#                                                and a town with villages (synth --villages 4: grids of
#                                                hundreds of small buildings, kilometres across), PDF and PNG
#                                                at 150 dpi, 1 thread; with BEFORE (another gridplan binary)
#                                                both run side by side, runs interleaved, and callgrind
#                                                counts instructions per sign (a 2-sign run minus a 1-sign run)
# Synthesises a town (default 150,000 households ≈ 500 grids of 300), partitions it once, then prints
# every sign as vector PDF with 1 and 2 threads, the atlas alone, and PDF at a quarter of the town
# (to show memory does not grow with the number of grids), 3 runs each; reports the median rate and
# the peak memory (max RSS) of each configuration, with the machine facts for bench/RESULTS.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$here/build}"
households="${2:-150000}"
given_plan=""
case "$households" in *.gpkg) given_plan="$(realpath "$households")"; households="" ;; esac
gp="$build/gridplan"
if [ "$households" = plans ]; then
  exec "$here/bench/signs_plans.sh" "$gp" "${3:-}"
fi
[ -x "$gp" ] || { echo "build gridplan first (make build, or cmake --build $build --target gridplan)"; exit 2; }
work="$(mktemp -d /tmp/gridplan-bench-signs.XXXXXX)"
trap 'rm -rf "$work"' EXIT

if [ -n "$given_plan" ]; then
  ln -s "$given_plan" "$work/plan.gpkg"
else
"$gp" synth -o "$work/town.gpkg" --households "$households" --seed 1 >/dev/null
"$gp" partition -o "$work/plan.gpkg" --buildings "$work/town.gpkg" --buildings-layer buildings \
  --communities "$work/town.gpkg" --communities-layer communities \
  --compounds "$work/town.gpkg" --compounds-layer compounds \
  --barriers "$work/town.gpkg" --barriers-layer roads --barriers "$work/town.gpkg" --barriers-layer river >/dev/null || true
fi
grids=$(ogrinfo -q -sql "SELECT COUNT(*) AS n FROM grids" "$work/plan.gpkg" | sed -n 's/.*n (Integer) = //p')
# A roster for every grid, so the run is clean (exit 0) and every sign has a worker, phone and QR code.
ogr2ogr -f CSV /vsistdout/ "$work/plan.gpkg" -sql "SELECT grid_id FROM grids ORDER BY grid_id" | tail -n +2 | tr -d '"\r' \
  | awk 'BEGIN{print "grid_id,worker_name,worker_phone,duties"} {printf "%s,网格员%d,138%08d,信息采集、矛盾调解、安全巡查、便民服务\n", $1, NR, NR}' \
  > "$work/roster.csv"
# A quarter of the grids, for the memory comparison.
quarter=$(ogr2ogr -f CSV /vsistdout/ "$work/plan.gpkg" -sql "SELECT grid_id FROM grids ORDER BY grid_id LIMIT $((grids / 4))" \
  | tail -n +2 | tr -d '"\r' | sed 's/^/--grid /' | tr '\n' ' ')

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/{print $2}') GiB RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$given_plan" ]; then echo "plan: $given_plan, $grids grids"; else echo "town: $households households, $grids grids"; fi

# run LABEL ARGS...: 3 runs; prints the median wall rate (signs/s, as gridplan reports it), the median
# CPU time per sign (user+sys, which other jobs on the machine do not inflate as much) and max RSS.
run() {
  local label="$1"; shift
  local rates=() rss=() cpu=()
  for i in 1 2 3; do
    rm -rf "$work/out" "$work/atlas.pdf"
    local out
    out=$( { /usr/bin/time -f 'RSS %M CPU %U %S' "$gp" signs "$work/plan.gpkg" --roster "$work/roster.csv" --date 2026-01-01 "$@" \
             2>&1 1>&3 | grep '^RSS' ; } 3>&1 ) || true
    local n
    n=$(echo "$out" | sed -n 's/^signs: \([0-9]*\) printed.*/\1/p')
    rates+=("$(echo "$out" | sed -n 's/.*, \([0-9.]*\) signs\/s.*/\1/p')")
    rss+=("$(echo "$out" | sed -n 's/^RSS \([0-9]*\).*/\1/p')")
    cpu+=("$(echo "$out" | sed -n 's/^RSS [0-9]* CPU \([0-9.]*\) \([0-9.]*\)/\1 \2/p' | awk -v n="$n" '{printf "%.1f", ($1 + $2) * 1000 / n}')")
  done
  local med_rate med_rss med_cpu
  med_rate=$(printf '%s\n' "${rates[@]}" | sort -g | sed -n 2p)
  med_rss=$(printf '%s\n' "${rss[@]}" | sort -g | sed -n 2p)
  med_cpu=$(printf '%s\n' "${cpu[@]}" | sort -g | sed -n 2p)
  printf '%-34s %6s signs/s (runs: %s)  %5s ms CPU/sign  max RSS %s MiB\n' "$label" "$med_rate" "${rates[*]}" \
    "$med_cpu" "$((med_rss / 1024))"
}

if [ -n "$given_plan" ]; then
  # The first GRIDS grids, 1 thread: the CPU per sign is the figure a loaded machine leaves steady.
  some=$(ogr2ogr -f CSV /vsistdout/ "$work/plan.gpkg" -sql "SELECT grid_id FROM grids ORDER BY grid_id LIMIT ${3:-40}" \
    | tail -n +2 | tr -d '"\r' | sed 's/^/--grid /' | tr '\n' ' ')
  # shellcheck disable=SC2086
  run "PDF, ${3:-40} grids, 1 thread" -o "$work/out" --jobs 1 $some
  # shellcheck disable=SC2086
  run "PNG 150 dpi, ${3:-40} grids, 1 thread" -o "$work/out" --jobs 1 --format png --dpi 150 $some
  exit 0
fi
run "PDF per grid, 2 threads" -o "$work/out" --jobs 2
run "PDF per grid, 1 thread" -o "$work/out" --jobs 1
run "atlas only, 2 threads" --atlas "$work/atlas.pdf" --jobs 2
run "PDF per grid + atlas, 2 threads" -o "$work/out" --atlas "$work/atlas.pdf" --jobs 2
# shellcheck disable=SC2086
run "PDF, a quarter of the grids" -o "$work/out" --jobs 2 $quarter
run "PNG 150 dpi per grid, 2 threads" -o "$work/out" --jobs 2 --format png --dpi 150 $quarter
