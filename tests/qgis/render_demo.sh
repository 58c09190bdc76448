#!/usr/bin/env bash
# CTest `Qgis.RendersDemoPlan` (label qgis): makes the demo town's plan as scripts/demo.sh does (synth, then
# partition with its compounds, roads and river) and has QGIS itself open and render it (render_plan.py).
# Usage: tests/qgis/render_demo.sh GRIDPLAN WORK_DIR [HOUSEHOLDS]. Exit 77 (skipped) without QGIS's Python.
set -euo pipefail
GP=$1
WORK=$2
HOUSEHOLDS=${3:-20000}
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3  # Debian's python3-qgis is for the system interpreter, not a virtualenv's
if ! "$PY" -c 'import qgis.core' 2>/dev/null; then
  echo "SKIP: QGIS's Python bindings (Debian python3-qgis) are not installed; scripts/install-deps.sh installs them"
  exit 77
fi
rm -rf "$WORK"
mkdir -p "$WORK"
TOWN="$WORK/town.gpkg"
"$GP" synth -o "$TOWN" --households "$HOUSEHOLDS" --seed 1 > "$WORK/synth.log"
rc=0
"$GP" partition --lang zh -o "$WORK/plan.gpkg" --buildings "$TOWN" --communities "$TOWN" --compounds "$TOWN" \
  --barriers "$TOWN" --barriers-layer roads --barriers "$TOWN" --barriers-layer river > "$WORK/partition.log" 2>&1 || rc=$?
if [ $rc -ge 2 ]; then
  cat "$WORK/partition.log"
  exit 1
fi
QT_QPA_PLATFORM=offscreen "$PY" "$HERE/render_plan.py" "$WORK/plan.gpkg" "$WORK/plan.png"
