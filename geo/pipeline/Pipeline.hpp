#pragma once
// Inputs → plan: pieces, cells, adjacency, grids per community, units per grid, polygons, codes,
// statuses, report. The one place that runs the partitioner on real data (CLI and studio alike).
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "geo/core/Inputs.hpp"
#include "geo/plan/Plan.hpp"

namespace gp::pipeline {

struct Options {
  Bounds bounds;
  uint64_t seed = 1;
  int jobs = 0;                 // communities in parallel; 0 = hardware threads
  const Plan* base = nullptr;   // --base: keep its grids that still meet the bounds, and locked ones
  // Progress in [0,1] with a stage name ("tessellate", "grids", "units", "polygons"); may be empty.
  std::function<void(double, const std::string&)> progress;
  const std::atomic<bool>* cancel = nullptr;  // throws gp::Cancelled when set
};

// Builds a complete plan. Every household of `in` ends in exactly one piece with a grid and a unit,
// or in a problem report. Deterministic for the same inputs and seed, whatever `jobs`.
Plan buildPlan(Inputs in, const Options& opt);

// Re-partitions the unlocked grids of one community (their pieces only) and renumbers new grids with
// codes never used before in the plan; locked grids stay exactly. Recomputes polygons and statuses.
void repartitionCommunity(Plan& plan, int community, const Options& opt);

// Re-partitions the units of one grid.
void repartitionUnits(Plan& plan, int grid, const Options& opt);

}  // namespace gp::pipeline
