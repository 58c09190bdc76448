#pragma once
// What the grid level (CommunityPlanner.cpp) and the unit level (CommunityPlannerUnits.cpp) of planning a
// community share: timing, the partitioner call with its retries, statuses, and the base-keeping rule.
// Included only by geo/pipeline.
#include <chrono>
#include <string>
#include <vector>

#include "geo/core/I18n.hpp"
#include "geo/partition/Partition.hpp"
#include "geo/pipeline/CommunityPlanner.hpp"

namespace gp::pipeline::detail {

using Clock = std::chrono::steady_clock;
inline double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

inline bool within(int hh, int lo, int hi) { return hh >= lo && hh <= hi; }

inline std::string hh(int n) { return fmt(trn("%d household", "%d households", static_cast<unsigned long>(n)), n); }
inline std::string belowMin(int lo) { return fmt(tr("below the minimum of %d"), lo); }
inline std::string aboveMax(int hi) { return fmt(tr("above the maximum of %d"), hi); }
// "<what>: <why>", or what alone when there is no why.
inline std::string because(const std::string& what, const std::string& why) {
  return why.empty() ? what : fmt(tr("%1$s: %2$s"), what.c_str(), why.c_str());
}

// Area-weighted centroid of several cells; the mean of their centroids when all are degenerate.
XY centroidOf(const Cells& cells, const std::vector<int>& groups);

// Households in parts the partitioner could not bring within the bounds although they are not alone
// below the minimum or above the maximum by nature (status exception).
long exceptionHouseholds(const partition::Result& r);

// A unit's partitioner reason once entrances were divided by floors there: its fix hint (partition::kHintFix,
// kHintHelp, in the run's language) becomes what was tried, which is then no fix left to the planner.
// `floors`, when given, lists the households per floor of the area ("3×16, 7×15") where even single floors
// cannot be grouped within the bounds: the hint then says so, one floor being the finest division.
std::string afterSplitTried(std::string reason, const std::string& floors = "");

// The partitioner is a heuristic: where it leaves an exception, other targets inside the bounds sometimes
// find a grouping that fits. Tries a few, deterministically, and keeps the first best.
partition::Result bestPartition(const partition::Graph& g, const partition::Config& cfg, int retries);

// Status ok exactly where the bounds hold (DESIGN §4, invariant 6), whatever the partitioner said.
void settle(Status& st, std::string& reason, int households, int lo, int hi);

// One grid or unit of the base plan and the graph nodes that now hold its pieces.
struct BasePart {
  int index = -1;           // in the base plan's grids or units
  std::vector<int> nodes;   // graph nodes holding its pieces now
  int pieces = 0;           // plan pieces those nodes hold
  bool intact = false;      // every piece it had is still in the plan
  int basePieces = 0;       // plan pieces that point to it
  int baseHouseholds = 0;   // households it had
  bool locked = false;      // locked by the planner (a unit: its grid is)
};

// The base-keeping rule, one for grids and units: a base part all of whose pieces are here (`pieces ==
// basePieces`, intact) is kept exactly when it is locked, when nothing changed at its level (`unchanged`
// from the caller: same bounds, every node from a base part; and every part intact with the same pieces
// and households: the partitioner could do no better), or, where unlocked ones may be kept, when it is
// still within [lo, hi] and connected. Labels the nodes of kept parts in graph.fixed (cleared when none
// is kept) and returns their base indices, in label order.
std::vector<int> keepBaseParts(partition::Graph& graph, const std::vector<BasePart>& parts, bool unchanged,
                               bool keepUnlocked, int lo, int hi);

// A community drawn in several separate parts may have a part with no households (a patch of land, a few
// sheds): it is no grid of its own but joins the nearest grid with households, which then spans separate
// parts of its community (verifyPlan gives it status exception with that reason, and check accepts it).
// Grids kept from a base plan stay as they are.
void joinEmptyParts(const Cells& cells, const Community& com, int communityHH, std::vector<GridOut>& grids);

// The partitioner on one level's graph, after showing it to `opt.partition_input`.
partition::Result partitionLevel(const Options& opt, const partition::Graph& graph, const partition::Config& cfg,
                                 const std::string& name, int retries);

}  // namespace gp::pipeline::detail
