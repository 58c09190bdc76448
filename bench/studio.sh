#!/usr/bin/env bash
# Studio speed: a 1M-household synthetic town under Mesa's software OpenGL (Xvfb), 1600x1000.
#   - load of the plan to the first frame,
#   - the time of one assign edit (statistics and outlines of the touched grids and units: goal <= 4 ms),
#   - frame times while panning across the map (goal p95 <= 16.7 ms).
# Usage: bench/studio.sh [BUILD_DIR] [HOUSEHOLDS]   (the town and plan are kept in $STUDIO_BENCH_DIR)
# 1,000,000 households give ~20k buildings; 5,000,000 give ~100k, the size of the goal.
set -euo pipefail
BUILD=${1:-build}
HH=${2:-1000000}
GP=$(realpath "$BUILD/gridplan")
DIR=${STUDIO_BENCH_DIR:-/tmp/gridplan-bench-studio-$HH}
mkdir -p "$DIR"
cd "$DIR"
if [ ! -f plan.gpkg ]; then
  "$GP" synth -o town.gpkg --households "$HH" > synth.log
  "$GP" partition -o plan.gpkg --buildings town.gpkg --buildings-layer buildings \
    --communities town.gpkg --communities-layer communities --compounds town.gpkg --compounds-layer compounds \
    --barriers town.gpkg --barriers-layer roads --barriers town.gpkg --barriers-layer river > partition.log || true
fi
# 30 assigns of a residential building to another grid of its community, then undo them all. One building
# from each of 30 grids of two buildings or more, so no assign empties a grid a later one moves a building into.
ogrinfo -ro -q plan.gpkg -sql "select a.bld_id as b, (select g.grid_id from buildings g where g.community_id=a.community_id \
  and g.grid_id<>a.grid_id and g.grid_id is not null limit 1) as tg from buildings a where a.households>0 and \
  a.grid_id is not null and (select count(*) from buildings c where c.grid_id=a.grid_id) >= 2 group by a.grid_id \
  limit 30 offset 400" | grep -E " b \(| tg " | awk '{print $4}' | paste - - |
  awk '{print "assign "$1" "$2}' > edits.txt
{ cat edits.txt; for _ in $(seq 30); do echo undo; done; } > script.txt
xvfb-run -a -s "-screen 0 1920x1080x24" "$GP" studio plan.gpkg --script script.txt --frames 300 --exit --timings \
  | tee studio.log | grep -E "loaded|frames"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo -n "assign: median plan update (statistics + outlines) ms: "
grep "(assign)" studio.log | sed 's/.*plan \([0-9.]*\) ms.*/\1/' | median
echo -n "assign: median map update (meshes + colours) ms: "
grep "(assign)" studio.log | sed 's/.*map \([0-9.]*\) ms.*/\1/' | median
echo -n "undo: median plan update ms: "
grep "(undo)" studio.log | sed 's/.*plan \([0-9.]*\) ms.*/\1/' | median
