#pragma once
#include <vector>

#include "geo/plan/Plan.hpp"

namespace gp::plan {

// Recomputes households of grids, units and communities and units per grid from the pieces.
void recount(Plan& plan);

// Sets status and reason of every grid and unit from its households and the plan's bounds, keeping
// `exception` / `split` statuses whose reason still holds. Reasons are planner's words
// ("143 households, below the minimum of 200").
void restatus(Plan& plan);

// Status and reason of one grid from its households against the plan's bounds, as restatus sets them:
// `communityHouseholds` is its community's total (for "community X has only N households"), `largest` the
// index of its largest piece or -1 (for "building X alone holds N households"). The studio's edits use these
// for the grids and units they touch, so an edited grid reads as a freshly partitioned one, in the run's language.
void gridStatus(const Plan& plan, Grid& grid, long long communityHouseholds, int largest);
// Likewise for a unit; its grid's households must be current (for "grid X has only N households").
void unitStatus(const Plan& plan, Unit& unit, int largest);
// Households of each community summed over its grids (index = community).
std::vector<long long> communityHouseholdsOfGrids(const Plan& plan);

// The plan_meta key holding grid codes retired by earlier plans (comma-separated); usedGridCodes reads it.
inline constexpr const char* kRetiredGridCodesKey = "retired_grid_codes";

// Codes listed under kRetiredGridCodesKey in Plan::meta, in order.
std::vector<std::string> retiredGridCodes(const Plan& plan);

// Grid codes in use or retired in this plan (never to be reused when numbering new grids): the grids'
// codes, the retired codes in plan_meta, and both ends of every transfer. Sorted, unique.
std::vector<std::string> usedGridCodes(const Plan& plan);

}  // namespace gp::plan
