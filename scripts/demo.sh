#!/usr/bin/env bash
# The demo behind `make demo`: synthesise a town of about 20,000 households (and a roster of fictional grid
# workers beside it), inspect it, partition it into grids and units, check the plan, write the grid ledger for
# Excel, print its signs with the roster's workers and, where a display exists, open it in the studio.
# Usage: scripts/demo.sh BUILD_DIR OUT_DIR
# Steps whose command is not in this build (see `gridplan --help`) are skipped with a note.
set -euo pipefail

BUILD=${1:-build}
OUT=${2:-demo-out}
HOUSEHOLDS=${DEMO_HOUSEHOLDS:-20000}
GP="$BUILD/gridplan"
if [ ! -x "$GP" ]; then
  echo "demo: $GP not found: build first (make build)" >&2
  exit 2
fi
mkdir -p "$OUT"
TOWN="$OUT/town.gpkg"
ROSTER="$OUT/town-roster.csv"  # fictional grid workers, written by synth beside the town
PLAN="$OUT/plan.gpkg"

commands=$("$GP" --help 2>&1 | awk '/^Subcommands:/{s=1; next} s && NF {print $1}')
has() { grep -qx "$1" <<<"$commands"; }
step() { printf '\n== %s\n' "$*"; }

step "gridplan synth: a town of about $HOUSEHOLDS households"
"$GP" synth -o "$TOWN" --households "$HOUSEHOLDS" --seed 1

INPUTS=(--buildings "$TOWN" --communities "$TOWN" --compounds "$TOWN"
        --barriers "$TOWN" --barriers-layer roads --barriers "$TOWN" --barriers-layer river)

if has inspect; then
  step "gridplan inspect: what was read"
  "$GP" inspect "${INPUTS[@]}"
fi

step "gridplan partition: grids of 200–400 households, units of 20–30"
set +e
"$GP" partition -o "$PLAN" "${INPUTS[@]}"
rc=$?
set -e
if [ $rc -ge 2 ]; then
  echo "demo: partition failed (exit $rc)" >&2
  exit $rc
fi

if has check; then
  step "gridplan check: every invariant of the plan file"
  "$GP" check "$PLAN" || echo "demo: check found violations (see above)"
fi

ROSTER_ARGS=()
[ -f "$ROSTER" ] && ROSTER_ARGS=(--roster "$ROSTER")

if has export; then
  step "gridplan export: the grid ledger for Excel ($OUT/ledger.xlsx), workers from $ROSTER"
  "$GP" export "$PLAN" --format xlsx -o "$OUT/ledger.xlsx" "${ROSTER_ARGS[@]}" ||
    echo "demo: export reported problems (see above)"
fi

if has signs; then
  step "gridplan signs: one sign per grid into $OUT/signs, workers from $ROSTER"
  "$GP" signs "$PLAN" -o "$OUT/signs" "${ROSTER_ARGS[@]}" || echo "demo: signs reported problems (see above)"
fi

if has studio && [ -n "${DISPLAY:-}" ]; then
  step "gridplan studio: the plan on a map (close the window to finish)"
  "$GP" studio "$PLAN" || echo "demo: the studio could not open on $DISPLAY"
fi

printf '\nThe plan is %s; open it in QGIS or in `%s studio %s`.\n' "$PLAN" "$GP" "$PLAN"
