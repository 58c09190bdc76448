#pragma once
// The plan-wide finishing touches that need every grid: `split` statuses, compounds split per grid,
// problems for every grid and unit outside the bounds, and the metrics of the printed summary.
#include <string>

#include "geo/plan/Plan.hpp"

namespace gp::pipeline {

// A grid or unit whose polygon spans separate parts of its community's polygon (a community drawn in
// several parts, whose part without households joined the nearest grid) gets status `exception` saying so,
// the one case `check` accepts a grid or unit in several parts. Other grids outside the bounds that hold part
// of a building divided (by entrances or floors) between grids get status `split`, with a reason naming the
// building and the other grids; every divided building gets an info problem. Sets Grid::compounds_split. Re-adds the problems of kinds grid_bounds, unit_bounds and
// building_split from the current statuses (replacing older ones), so it may run again after an edit.
void finishPlan(Plan& plan);

// Entrances of residential buildings (a building without an entrances count is one) and how many of them
// are divided into floor ranges in the plan.
struct EntranceSplits {
  long long entrances = 0, split = 0;
};
EntranceSplits entranceSplits(const Plan& plan);

struct Summary {
  int communities = 0, grids = 0, units = 0, pieces = 0;
  long long households = 0, unassigned_households = 0;
  int grids_ok = 0, units_ok = 0;
  int grids_dedicated = 0;  // grids of dedicated buildings only (专属网格): outside the household bounds by design
  long long households_moved = 0;
  int errors = 0, warnings = 0;  // problems of the plan and of its inputs
  EntranceSplits entrances;
};

Summary summarize(const Plan& plan);

// The printed summary of `gridplan partition`: totals, share within bounds, non-ok grids with reasons
// (at most `maxListed`), households moved when there was a base.
std::string summaryText(const Plan& plan, int maxListed = 30);

}  // namespace gp::pipeline
