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

// The plan_meta key holding grid codes retired by earlier plans (comma-separated); usedGridCodes reads it.
inline constexpr const char* kRetiredGridCodesKey = "retired_grid_codes";

// Codes listed under kRetiredGridCodesKey in Plan::meta, in order.
std::vector<std::string> retiredGridCodes(const Plan& plan);

// Grid codes in use or retired in this plan (never to be reused when numbering new grids): the grids'
// codes, the retired codes in plan_meta, and both ends of every transfer. Sorted, unique.
std::vector<std::string> usedGridCodes(const Plan& plan);

}  // namespace gp::plan
