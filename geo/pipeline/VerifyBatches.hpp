#pragma once
// The self-check (plan::check) of a big plan, a batch of communities at a time. plan::check holds a GEOS copy
// of every polygon it looks at, and prepared geometries of every grid and unit, at once: over a city of ten
// million households that was the run's peak of memory (issue 15 goal 4, bench/RESULTS.md). Every invariant
// but unique ids is local to a community (its grids, their units, its buildings' pieces), so each batch is
// checked as a plan of its own and only the GEOS copies of the batches being checked (one, or two on two threads)
// are alive at a time.
#include <cstddef>
#include <vector>

#include "geo/core/Problem.hpp"
#include "geo/plan/Plan.hpp"

namespace gp::pipeline {

// What plan::check(plan) finds, checking consecutive communities in batches of about `batchPieces` pieces (a
// community is never divided; 0: the whole plan at once). The grids, units and pieces of a batch are moved out
// of `plan` into a plan of their own while it is checked and back after (also when the check throws), so `plan`
// is unchanged on return. Unique ids are checked over the whole plan (the findings name features by their
// number in it). Where violations are found in several batches they are listed batch by batch. The whole plan
// is checked at once when it has at most `batchPieces` pieces, or when a batch would not hold everything its
// checks need (a piece whose building or unit lies in another community's batch: a plan edited by hand).
// With `jobs` other than 1 (0: the machine's cores) two batches are checked at a time on two threads; the
// findings, their order and the plan on return are the same, and a failure is the first batch's, as on one.
std::vector<Problem> checkInBatches(Plan& plan, size_t batchPieces, int jobs = 1);

}  // namespace gp::pipeline
