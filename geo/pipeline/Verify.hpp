#pragma once
// The last stage of buildPlan: the plan checks itself (DESIGN §4, the same plan::check that `gridplan check`
// runs), repairs what it can without breaking another invariant, and records what it cannot as problems of
// severity error, so that a plan the pipeline calls clean is one `check` passes.
#include <cstddef>

#include "geo/pipeline/Pipeline.hpp"
#include "geo/plan/Plan.hpp"

namespace gp::pipeline {

struct VerifyReport {
  int parts_moved = 0;       // cut-off parts of grids or units that joined the neighbour they share most with
  int pieces_placed = 0;     // pieces with no grid or unit that joined the grid / unit around them
  int empty_removed = 0;     // grids and units left without pieces, removed
  size_t violations = 0;     // what check still finds after the repairs (each also an error problem)
};

// Repairs, in order, each followed by a recount, new statuses and outlines of what it touched:
//  - a grid or unit left without pieces is removed (no code is reused: the plan's codes are untouched);
//  - a piece with no grid or unit whose building lies in a community joins the grid around it (the grid
//    whose polygon holds it, else the nearest of its community) and that grid's unit around it;
//  - a grid or unit whose polygon spans separate parts of its community's polygon (a community drawn in
//    several parts, whose part without households joined the nearest grid) gets status `exception` saying so;
//  - a part of a grid or unit cut off from the rest (piece adjacency through the cells) joins the grid or
//    unit of its community / grid it shares most boundary with; the units of grids that changed are
//    divided again (repartitionUnits), so their bounds are looked at again.
// Then plan::check runs once more (communities in batches of Options::check_batch_pieces, VerifyBatches.hpp);
// each violation it reports is added to plan.problems with severity error and the check's kind, so
// summarize(plan).errors counts it and `partition` exits 1. `finished`: finishPlan has run on the plan as
// given, so where nothing is removed or placed the check judges it as it is, without finishing it again.
VerifyReport verifyPlan(Plan& plan, const Options& opt, bool finished = false);

}  // namespace gp::pipeline
