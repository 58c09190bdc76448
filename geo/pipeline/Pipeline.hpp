#pragma once
// Inputs → plan: pieces, cells, adjacency, grids per community, units per grid, polygons, codes,
// statuses, report. The one place that runs the partitioner on real data (CLI and studio alike).
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "geo/core/Inputs.hpp"
#include "geo/plan/Plan.hpp"

namespace gp::partition {
struct Graph;
struct Config;
}  // namespace gp::partition

namespace gp::pipeline {

// Seconds spent per stage, summed over the worker threads (so with jobs > 1 they can exceed wall time).
struct Timings {
  double pieces = 0, tessellate = 0, adjacency = 0, grids = 0, units = 0, polygons = 0;
  double verify = 0;  // the plan's self-check and repairs (wall time)
};

struct Options {
  Bounds bounds;
  uint64_t seed = 1;
  int jobs = 0;                 // communities in parallel; 0 = hardware threads
  const Plan* base = nullptr;   // --base: keep its grids that still meet the bounds, and locked ones
  // Progress in [0,1] with a stage name ("tessellate", "grids", "units", "polygons"); may be empty.
  // Called from one thread at a time (possibly a worker thread).
  std::function<void(double, const std::string&)> progress;
  const std::atomic<bool>* cancel = nullptr;  // throws gp::Cancelled when set
  // Compound (小区) outlines also cut the tessellation, so grid boundaries follow compound walls;
  // crossing them is not counted as a barrier crossing (compounds are soft: graph groups).
  bool compound_walls = true;
  // --split-entrances auto (true): where whole entrances cannot be grouped into units within the bounds,
  // the fewest entrances are divided by floors; never (false): entrances stay whole (the reasons say why).
  bool split_entrances = true;
  // The self-check looks at this many pieces' communities at a time (VerifyBatches.hpp), so its GEOS copies of
  // the plan's polygons never cover a whole city; 0 = the whole plan at once. Same findings either way.
  size_t check_batch_pieces = 20000;
  std::string created;          // plan_meta `created`; empty = now (UTC, ISO 8601)
  Timings* timings = nullptr;   // when set, filled with stage times
  // Shown every graph before it is partitioned (a community's grid level, a grid's units) with its config and
  // the code of what it divides; `partition --dump-graphs DIR` writes them, to replay a partition alone. May be
  // empty; called from several threads at once.
  std::function<void(const partition::Graph&, const partition::Config&, const std::string&)> partition_input;
};

// Builds a complete plan. Every household of `in` ends in exactly one piece with a grid and a unit,
// or in a problem report. Deterministic for the same inputs and seed, whatever `jobs`.
//
// Choices made here (see also DESIGN §4):
// - A building outside every community (empty or unknown community_id) is kept as pieces with no grid
//   and reported as an error problem naming it and its households: it is never silently dropped, nor
//   forced into a community whose area does not contain it (that would break the coverage invariants).
// - A grid within the bounds is `ok`, even when it shares a building split by entrances with another
//   grid (the building's grid_id is then NULL, and an info problem names the grids). Status `split` is
//   for a grid outside the bounds because a large building had to be divided between grids.
// - A dedicated building (专属网格) forms a grid of its own; outside the bounds it is an `exception`.
// - With a base plan, a new grid made of exactly the pieces of an old grid takes the old code and
//   attributes, so re-running on an unchanged plan moves nothing and renames nothing.
Plan buildPlan(Inputs in, const Options& opt);

// Re-partitions the unlocked grids of one community (their pieces only) and renumbers new grids with
// codes never used before in the plan; locked grids stay exactly. Recomputes polygons and statuses.
void repartitionCommunity(Plan& plan, int community, const Options& opt);

// Re-partitions the units of one grid.
void repartitionUnits(Plan& plan, int grid, const Options& opt);

}  // namespace gp::pipeline
