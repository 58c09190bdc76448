#!/usr/bin/env bash
# `gridplan partition` and `gridplan check` on every dataset in ../shared/data and on the demo town: exit codes
# (partition must exit 0 only when check does), grids and units within the bounds, entrances split by floors,
# and the time of each partition. Plans go to $BENCH_DIR (default /tmp/gridplan-bench-datasets).
#   bench/datasets.sh [BUILD_DIR] [EXTRA PARTITION OPTIONS...]
# e.g. bench/datasets.sh build --split-entrances never  (the same runs with entrances kept whole)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$here/build}"
shift || true
extra=("$@")
data="${GRIDPLAN_SHARED_DATA:-$here/../shared/data}"
work="${BENCH_DIR:-/tmp/gridplan-bench-datasets}"
gp="$build/gridplan"
[ -x "$gp" ] || { echo "$gp not found: build first (make build)"; exit 2; }
[ -d "$data" ] || { echo "$data not found: the shared datasets are needed"; exit 2; }
mkdir -p "$work"

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "gridplan: $("$gp" --version); options: ${extra[*]:-(defaults)}"
echo
printf '| dataset | partition exit | check exit | violations | grids in bounds | units in bounds | entrances split by floors | s |\n'
printf '|---|---|---|---|---|---|---|---|\n'

town="$work/demo-town.gpkg"
[ -f "$town" ] || "$gp" synth -o "$town" --households 20000 --seed 1 >/dev/null

run() {
  local name="$1"; shift
  local plan="$work/$name.gpkg" t0 t1 pe ce
  t0=$(date +%s.%N)
  "$gp" partition -o "$plan" "$@" "${extra[@]}" >"$work/$name.out" 2>"$work/$name.err"
  pe=$?
  t1=$(date +%s.%N)
  "$gp" check "$plan" >"$work/$name.check" 2>&1
  ce=$?
  local viol grids units split
  viol=$(grep -c '^  error\|^error' "$work/$name.check" || true)
  grids=$(grep -o 'grids within [^:]*: [0-9]* of [0-9]* ([0-9.]*%)' "$work/$name.out" | sed 's/.*: //')
  units=$(grep -o 'units within [^:]*: [0-9]* of [0-9]* ([0-9.]*%)' "$work/$name.out" | sed 's/.*: //')
  split=$(grep -o 'entrances split by floors: .*' "$work/$name.out" | sed 's/.*: //')
  printf '| %s | %s | %s | %s | %s | %s | %s | %.1f |\n' "$name" "$pe" "$ce" "$viol" "$grids" "$units" "$split" \
    "$(echo "$t1 - $t0" | bc)"
}

spb="$data/spb_vasileostrovsky.gpkg"
run spb --buildings "$spb" --buildings-layer buildings --compounds "$spb" --compounds-layer blocks_aggr \
  --population-field population_balanced
run shanghai_gbk --buildings "$data/shanghai_gbk/buildings_gbk.shp"
run shanghai_tilezen --buildings "$data/shanghai_tilezen.gpkg" --buildings-layer buildings
run helsinki --buildings "$data/helsinki.osm.pbf" --barriers "$data/helsinki.osm.pbf"
run cadastre --buildings "$data/catastro_tenerife/cons.shp" --households-field dwellings
run demo_town --buildings "$town" --communities "$town" --compounds "$town" --barriers "$town" \
  --barriers-layer roads --barriers "$town" --barriers-layer river
