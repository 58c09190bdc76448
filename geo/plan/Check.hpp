#pragma once
// `gridplan check`: verifies every invariant of DESIGN §4 on a plan (one just built, or one read back from a
// GeoPackage someone edited in QGIS) and names each violation's feature in planner's words.
#include <vector>

#include "geo/core/Problem.hpp"
#include "geo/plan/Plan.hpp"

namespace gp::plan {

struct CheckOptions {
  // A gap, overlap or part outside its parent counts only when it is at least this large (m²) …
  double min_area = 0.5;
  // … and on average at least this wide (2·area/perimeter, m): thinner slivers are coordinate snapping
  // along shared edges (tessellation snaps to 0.01 m), not a planning error.
  double sliver_width = 0.05;
  // false: only the attribute invariants (1, 2, 6, and 7's counts), no GEOS work. A grid or unit that is
  // `exception` within its bounds then passes where its polygon and its community's each have several parts
  // (whether each part lies in a different part of the community is a geometric question).
  bool geometry = true;
};

// Each violation is a Problem: kind (a stable word, below), severity Error (an invariant is broken) or Info
// (a note such as "cells absent: overlaps of stacked units not verified", never a violation), feature
// ("grid <grid_id>", "unit <unit_id>", "building <bld_id>", "piece <piece_id>", "community <id>"), a message
// saying what is wrong and what to do, and `at` where known. Kinds:
//   1: building_households, piece_no_building, piece_no_grid, piece_no_unit
//   2: grid_households, unit_households, grid_units, unit_grid_mismatch, unit_no_grid, duplicate_id,
//      piece_outside_grid, piece_outside_unit (a point inside the piece's cell is not in its grid's / unit's polygon)
//   3: grid_no_community, grid_outside_community, unit_outside_grid
//   4: coverage_gap, coverage_overlap, unit_coverage_gap, unit_coverage_overlap
//   5: grid_disconnected, unit_disconnected, grid_no_shape, unit_no_shape, invalid_geometry
//   6: status_bounds, status_no_reason
//   7: grid_empty, unit_empty (no pieces), community_no_shape (grids name a community without a polygon);
//      notes (Info): community_no_buildings (no pieces and no grid: it needs none, and no coverage gap is
//      reported), grid_spans_community_parts, unit_spans_community_parts
// A grid or unit in several parts is accepted only where its community's polygon is itself in several separate
// parts, each of its parts lies in a different one, and its status is exception with a reason; then status
// exception within the bounds is right for it too (invariants 5–7).
// Attribute findings first, then geometric ones, then statuses; the same plan always gives the same list in the
// same order. Runs in O(n log n) on big plans: a point-in-polygon test per piece; per community and per grid,
// the outlines of its children summed segment by segment against its own (and its stacked cells'), a union only
// where they do not cancel exactly; pairwise overlaps only where areas disagree; on plans of 2,000+ units the
// geometric work runs on two threads.
std::vector<Problem> check(const Plan& plan, const CheckOptions& opt = {});

// Number of violations (severity Error or Warning) in a check() result.
size_t countViolations(const std::vector<Problem>& found);

}  // namespace gp::plan
