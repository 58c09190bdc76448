// The grid level of planning a community, phase by phase (planCommunity at the end); the cells are made in
// CommunityPlannerCells.cpp and the units of each grid in CommunityPlannerUnits.cpp.
#include "geo/pipeline/CommunityPlanner.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
#include "geo/partition/Partition.hpp"
#include "geo/pipeline/BalanceForUnits.hpp"
#include "geo/pipeline/GridReasons.hpp"
#include "geo/pipeline/Base.hpp"
#include "geo/pipeline/Codes.hpp"
#include "geo/pipeline/CommunityPlannerCommon.hpp"
#include "geo/pipeline/LevelGraph.hpp"
#include "geo/pipeline/Names.hpp"

namespace gp::pipeline {

namespace detail {

XY centroidOf(const Cells& cells, const std::vector<int>& groups) {
  double a = 0, x = 0, y = 0;
  for (int g : groups) {
    a += cells.area[g];
    x += cells.area[g] * cells.centroid[g].x;
    y += cells.area[g] * cells.centroid[g].y;
  }
  if (a > 0) return {x / a, y / a};
  x = y = 0;
  for (int g : groups) {
    x += cells.centroid[g].x;
    y += cells.centroid[g].y;
  }
  const double n = static_cast<double>(groups.size());
  return groups.empty() ? XY{} : XY{x / n, y / n};
}


long exceptionHouseholds(const partition::Result& r) {
  long n = 0;
  for (const partition::PartInfo& p : r.parts)
    if (p.status == Status::Exception) n += p.households;
  return n;
}

// Fewer households in exceptions is not enough for the floors' try: fillGridsByFloors later brings a grid
// of 174 to the minimum with a few floors of its neighbour, but not one of 138. Only fewer grids off the
// bounds at this level is sure to leave fewer in the plan.
int partsOffBounds(const partition::Result& r) {
  int n = 0;
  for (const partition::PartInfo& p : r.parts)
    if (p.status != Status::Ok) ++n;
  return n;
}

partition::Result bestPartition(const partition::Graph& g, const partition::Config& cfg, int retries) {
  // The retries search the same areas exhaustively whatever their target: each search runs once.
  partition::SearchMemo memo;
  partition::Result best = partition::partition(g, cfg, &memo);
  long bestBad = exceptionHouseholds(best);
  if (bestBad == 0) return best;
  const int span = cfg.max - cfg.min;
  for (int target : {cfg.min + span / 4, cfg.max - span / 4, (cfg.min + cfg.max) / 2, cfg.min + span / 8}) {
    if (target == cfg.target) continue;
    if (retries-- <= 0) break;
    partition::Config c = cfg;
    c.target = target;
    partition::Result r = partition::partition(g, c, &memo);
    long bad = exceptionHouseholds(r);
    if (bad < bestBad) {
      best = std::move(r);
      bestBad = bad;
      if (bad == 0) break;
    }
  }
  return best;
}


void settle(Status& st, std::string& reason, int households, int lo, int hi) {
  if (within(households, lo, hi)) {
    st = Status::Ok;
    reason.clear();
    return;
  }
  if (st == Status::Ok || reason.empty()) {
    st = households < lo ? Status::Under : Status::Over;
    reason = hh(households) + tr(", ") + (households < lo ? belowMin(lo) : aboveMax(hi));
  }
}


std::vector<int> keepBaseParts(partition::Graph& graph, const std::vector<BasePart>& parts, bool unchanged,
                               bool keepUnlocked, int lo, int hi) {
  auto households = [&](const BasePart& p) {
    int sum = 0;
    for (int v : p.nodes) sum += graph.weight[v];
    return sum;
  };
  for (const BasePart& p : parts)
    unchanged = unchanged && p.intact && p.pieces == p.basePieces && households(p) == p.baseHouseholds;
  graph.fixed.assign(graph.size(), -1);
  std::vector<int> kept;
  for (const BasePart& p : parts) {
    if (!p.intact || p.pieces != p.basePieces) continue;  // every piece the base part had must be here
    if (!(p.locked || unchanged ||
          (keepUnlocked && within(households(p), lo, hi) && connectedSubset(graph, p.nodes))))
      continue;
    for (int v : p.nodes) graph.fixed[v] = static_cast<int>(kept.size());
    kept.push_back(p.index);
  }
  if (kept.empty()) graph.fixed.clear();
  return kept;
}

partition::Result partitionLevel(const Options& opt, const partition::Graph& graph, const partition::Config& cfg,
                                 const std::string& name, int retries) {
  if (opt.partition_input) opt.partition_input(graph, cfg, name);
  return bestPartition(graph, cfg, retries);
}

}  // namespace detail

using namespace detail;

namespace {

// Everything planCommunity knows about one grid-level node.
struct Node {
  int building = -1;
  int entrance = -1;   // > 0 when the node is one entrance of a building above the grid maximum
  int baseGrid = -1;
  std::vector<int> groups;
  std::vector<int> local;  // local pieces
  int households = 0;
  bool stacked = false;    // one floor range of a cell above the grid maximum, a node of its own
};

std::string gridReason(const Plan& plan, const Community& com, int communityHH, const partition::PartInfo& info,
                       int partHH, bool wholeComponent, const std::vector<Node>& nodes,
                       const std::vector<int>& activeNodes, const std::vector<int>& pieces, const Bounds& b) {
  const std::string cl = communityLabel(com);
  if (communityHH < b.grid_min)
    return fmt(tr("%1$s has only %2$s: one grid below %3$d"), cl.c_str(), hh(communityHH).c_str(), b.grid_min);
  if (wholeComponent && partHH < b.grid_min)
    return fmt(tr("%1$s in a part of %2$s with no shared boundary to its other buildings (cut off by the "
                  "community's outline or a dedicated grid): below the minimum of %3$d"),
               hh(partHH).c_str(), cl.c_str(), b.grid_min);
  switch (info.status) {
    case Status::Under:
      return because(hh(partHH) + tr(", ") + belowMin(b.grid_min), info.reason);
    case Status::Over:
      if (info.reason_node >= 0 && info.reason_node < static_cast<int>(activeNodes.size())) {
        const Node& n = nodes[activeNodes[info.reason_node]];
        const Building& bld = plan.in.buildings[n.building];
        // One piece of one floor (a floor of a tower, or of a building of one storey): the finest division.
        if (n.local.size() == 1) {
          const Piece& q = plan.pieces[pieces[n.local[0]]];
          if (q.floor_from > 0 && q.floor_from == q.floor_to)
            return fmt(tr("%1$s alone holds %2$s: above the maximum of %3$d"), pieceLabel(plan.in, q).c_str(),
                       hh(q.households).c_str(), b.grid_max);
        }
        if (n.entrance > 0)
          return fmt(tr("%1$s alone holds %2$s in one entrance (entrance %3$d): above the maximum of %4$d"),
                     buildingLabel(bld).c_str(), hh(n.households).c_str(), n.entrance, b.grid_max);
        if (bld.entrances <= 1)
          return fmt(tr("%1$s alone holds %2$s in one entrance: above the maximum of %3$d"),
                     buildingLabel(bld).c_str(), hh(n.households).c_str(), b.grid_max);
        return fmt(tr("%1$s alone holds %2$s: above the maximum of %3$d"), buildingLabel(bld).c_str(),
                   hh(n.households).c_str(), b.grid_max);
      }
      return because(hh(partHH) + tr(", ") + aboveMax(b.grid_max), info.reason);
    default:
      return because(fmt(tr("%1$s here cannot be divided into connected grids of %2$d–%3$d"), hh(partHH).c_str(),
                         b.grid_min, b.grid_max),
                     info.reason);
  }
}

}  // namespace

namespace {

// What every phase of planning one community reads.
struct Scope {
  const Plan& plan;
  const CommunityInput& ci;
  const Options& opt;
  const BaseRef* base;  // null without a base plan
  const Cells& cells;
  const Community& com;
  const Bounds& b;

  bool hasBase() const { return base && base->base; }
};

// The grid level of one community: its nodes, the graph the partitioner divides and the parts it made.
// A retry with finer nodes builds a whole new one, and the better of the two is kept whole.
struct GridLevel {
  std::vector<Node> nodes;
  std::vector<int> active;                  // per graph node: its node (all nodes but dedicated ones)
  std::vector<std::vector<int>> dedicated;  // nodes of each dedicated grid
  partition::Graph graph;                   // over the active nodes
  std::vector<int> keptGrids;               // fixed label → base grid
  std::vector<char> keptBase;               // per base grid: kept
  partition::Result r;
  int communityHH = 0;

  int size() const { return static_cast<int>(active.size()); }
};

// Households per building of this community, by building index. A map of this community's buildings, not a
// vector over the city's: one such vector per community made the grid level grow with the city squared.
using BuildingHouseholds = std::unordered_map<int, int>;
BuildingHouseholds buildingHouseholds(const Scope& s) {
  BuildingHouseholds bldHH;
  for (int p : s.ci.pieces) bldHH[s.plan.pieces[p].building] += s.plan.pieces[p].households;
  return bldHH;
}

// A building's cells need not touch one another: another building's footprint overlapping it takes the
// ground between its entrances, so its cells come out as separate islands. A node standing on cells
// that do not touch would make a grid of separate polygons while the graph calls it connected, so each
// connected set of a building's cells is a node of its own. Returns the island (a cell group) per group.
std::vector<int> buildingIslands(const Scope& s) {
  const Cells& cells = s.cells;
  std::vector<int> island(cells.groupPieces.size());
  const int G = static_cast<int>(cells.groupPieces.size());
  for (int g = 0; g < G; ++g) island[g] = g;
  auto root = [&](int g) {
    while (island[g] != g) g = island[g] = island[island[g]];
    return g;
  };
  auto bldOf = [&](int g) { return s.plan.pieces[s.ci.pieces[cells.groupPieces[g][0]]].building; };
  for (int g = 0; g < G && g + 1 < static_cast<int>(cells.graph.xadj.size()); ++g)
    for (int k = cells.graph.xadj[g]; k < cells.graph.xadj[g + 1]; ++k) {
      int d = cells.graph.adjncy[k];
      if (d >= 0 && d < G && bldOf(d) == bldOf(g)) island[root(g)] = root(d);
    }
  // Without a cell there is no shape to split by: such a group stays with its building's first group.
  std::map<int, int> firstOf;
  for (int g = 0; g < G; ++g) {
    auto [it, fresh] = firstOf.try_emplace(bldOf(g), g);
    if (!fresh && (cells.cell.size() <= static_cast<size_t>(g) || !cells.cell[g] || cells.cell[g]->empty()))
      island[root(g)] = root(it->second);
  }
  for (int g = 0; g < G; ++g) island[g] = root(g);
  return island;
}

// What a second try at the grid level divides more finely than the first.
struct Finer {
  std::set<int> buildings;  // multi-entrance buildings divided into their entrances
  std::set<int> groups;     // cell groups whose floor ranges are nodes of their own, stacked on the cell
};

// Grid-level nodes: whole buildings, or entrances of buildings above the grid maximum or in
// `finer.buildings`; the floor ranges of cells above the grid maximum or in `finer.groups`; pieces that a
// kept base grid holds stay apart so that grid can be kept exactly.
void makeNodes(const Scope& s, const BuildingHouseholds& bldHH, const std::vector<int>& island, const Finer& finer,
               GridLevel& L) {
  const Plan& plan = s.plan;
  const CommunityInput& ci = s.ci;
  std::map<std::tuple<int, int, int, int, int>, int> nodeOfKey;
  auto addTo = [&](const std::tuple<int, int, int, int, int>& key, const Piece& p, int entrance, int bg, int grp,
                   const std::vector<int>& local) {
    auto [it, fresh] = nodeOfKey.try_emplace(key, static_cast<int>(L.nodes.size()));
    if (fresh) {
      Node nd;
      nd.building = p.building;
      nd.entrance = entrance;
      nd.baseGrid = bg;
      L.nodes.push_back(nd);
    }
    Node& nd = L.nodes[it->second];
    if (nd.groups.empty() || nd.groups.back() != grp) nd.groups.push_back(grp);
    for (int i : local) {
      nd.local.push_back(i);
      nd.households += plan.pieces[ci.pieces[i]].households;
    }
  };
  // A building's node holds the pieces of other buildings standing on its cells (a footprint mapped twice):
  // where together they are above the grid maximum, the building's cells are nodes of their own, as those
  // of a building above it are.
  std::map<int, int> onCells;
  for (const std::vector<int>& members : s.cells.groupPieces)
    for (int i : members) onCells[plan.pieces[ci.pieces[members[0]]].building] += plan.pieces[ci.pieces[i]].households;
  for (size_t grp = 0; grp < s.cells.groupPieces.size(); ++grp) {
    const std::vector<int>& members = s.cells.groupPieces[grp];
    int rep = ci.pieces[members[0]];
    const Piece& p = plan.pieces[rep];
    const auto hh = bldHH.find(p.building);
    const bool big = (hh != bldHH.end() && hh->second > s.b.grid_max) || onCells[p.building] > s.b.grid_max;
    int entrance = big || finer.buildings.count(p.building) ? std::max(p.entrance, 0) : -1;
    // Pieces stacked on one cell above the grid maximum cannot be one grid's: the floor ranges of an
    // entrance (a one-entrance tower of 462 households), or the pieces of buildings standing on one footprint
    // (a footprint mapped twice, a small building drawn within a tower's). Each is a node of its own, stacked
    // on the cell, so grids divide it by floors and can meet the bounds. They overlap by exactly that cell,
    // as DESIGN allows for stacked floors. A second try stacks smaller cells too (`finer.groups`): a tower
    // entrance of 348 households on one cell leaves no room beside it for the small entrance next door, but
    // its floors can go to two grids.
    int groupHH = 0;
    for (int i : members) groupHH += plan.pieces[ci.pieces[i]].households;
    if (s.opt.split_entrances && (groupHH > s.b.grid_max || finer.groups.count(static_cast<int>(grp))) &&
        members.size() > 1) {
      for (int i : members) {
        int piece = ci.pieces[i];
        const Piece& q = plan.pieces[piece];
        int bg = s.base ? s.base->grid[piece] : -1;
        const std::tuple<int, int, int, int, int> key{q.building, std::max(q.entrance, 0), bg, island[grp], q.floor_from};
        addTo(key, q, std::max(q.entrance, 0), bg, static_cast<int>(grp), {i});
        Node& nd = L.nodes[nodeOfKey[key]];
        nd.stacked = q.floor_from > 0 && nd.local.size() == 1;
      }
      continue;
    }
    // With a base plan, pieces of one cell in different base grids (floors moved between grids by
    // tradeFloors) are nodes of their own, so each base grid can be kept exactly.
    std::map<int, std::vector<int>> byBase;
    for (int i : members) byBase[s.base ? s.base->grid[ci.pieces[i]] : -1].push_back(i);
    for (auto& [bg, ms] : byBase)
      addTo({p.building, entrance, bg, island[grp], -1}, p, entrance, bg, static_cast<int>(grp), ms);
  }
}

// Dedicated buildings (专属网格) form grids of their own; everything else is partitioned (`active`).
// A dedicated compound (a hospital campus) is one grid where its buildings' cells are connected.
void separateDedicated(const Scope& s, GridLevel& L) {
  std::map<std::string, std::vector<int>> byKey;
  for (size_t v = 0; v < L.nodes.size(); ++v) {
    const Building& bld = s.plan.in.buildings[L.nodes[v].building];
    if (bld.dedicated)
      byKey[bld.compound_id.empty() ? "B" + bld.bld_id : "C" + bld.compound_id].push_back(static_cast<int>(v));
    else
      L.active.push_back(static_cast<int>(v));
  }
  if (byKey.empty()) return;
  std::vector<std::vector<int>> allGroups(L.nodes.size());
  std::vector<std::vector<int>> allNodes(s.cells.groupPieces.size());
  for (size_t v = 0; v < L.nodes.size(); ++v) {
    allGroups[v] = L.nodes[v].groups;
    for (int grp : L.nodes[v].groups) allNodes[grp].push_back(static_cast<int>(v));
  }
  partition::Graph full = buildLevelGraph(allGroups, allNodes, s.cells.graph, s.cells.perimeter);
  std::vector<int> seen(L.nodes.size(), 0);
  for (auto& [k, vs] : byKey) {
    std::vector<char> in(L.nodes.size(), 0);
    for (int v : vs) in[v] = 1;
    for (int start : vs) {
      if (seen[start]) continue;
      std::vector<int> part{start}, stack{start};
      seen[start] = 1;
      while (!stack.empty()) {
        int v = stack.back();
        stack.pop_back();
        for (int e = full.xadj[v]; e < full.xadj[v + 1]; ++e) {
          int w = full.adjncy[e];
          if (in[w] && !seen[w]) {
            seen[w] = 1;
            part.push_back(w);
            stack.push_back(w);
          }
        }
      }
      std::sort(part.begin(), part.end());
      L.dedicated.push_back(std::move(part));
    }
  }
}

// The graph over the active nodes: households, positions, compounds as soft groups.
void buildGridGraph(const Scope& s, GridLevel& L) {
  const int A = L.size();
  std::vector<std::vector<int>> nodeGroups(A);
  std::vector<std::vector<int>> groupNodes(s.cells.groupPieces.size());
  for (int a = 0; a < A; ++a) {
    nodeGroups[a] = L.nodes[L.active[a]].groups;
    for (int grp : nodeGroups[a]) groupNodes[grp].push_back(a);
  }
  partition::Graph& graph = L.graph;
  graph = buildLevelGraph(nodeGroups, groupNodes, s.cells.graph, s.cells.perimeter);
  std::map<std::string, int> compoundIndex;
  graph.group.assign(A, -1);
  for (int a = 0; a < A; ++a) {
    const Node& nd = L.nodes[L.active[a]];
    graph.weight[a] = nd.households;
    L.communityHH += nd.households;
    XY c = centroidOf(s.cells, nd.groups);
    graph.x[a] = c.x;
    graph.y[a] = c.y;
    const std::string& cid = s.plan.in.buildings[nd.building].compound_id;
    if (!cid.empty())
      graph.group[a] = compoundIndex.try_emplace(cid, static_cast<int>(compoundIndex.size())).first->second;
  }
  // A tower's floor ranges divide between grids as contiguous runs of floors, the lowest with its neighbours
  // (a base grid's floors of it, as tradeFloors left them, are a stack of their own, so it can be kept).
  std::vector<StackPlace> place(static_cast<size_t>(A));
  std::map<std::tuple<int, int, int, int>, int> stackOf;
  for (int a = 0; a < A; ++a) {
    const Node& nd = L.nodes[L.active[a]];
    if (!nd.stacked) continue;
    const Piece& q = s.plan.pieces[s.ci.pieces[nd.local[0]]];
    const std::tuple<int, int, int, int> key{nd.groups[0], q.building, q.entrance, nd.baseGrid};
    place[a] = {stackOf.try_emplace(key, static_cast<int>(stackOf.size())).first->second, q.floor_from, q.floor_to};
  }
  chainStacks(graph, place);
}

// Base grids kept (keepBaseParts): locked ones exactly; others when still whole, connected and within the
// bounds, or all of them when nothing in this community changed.
void keepBaseGrids(const Scope& s, GridLevel& L) {
  if (!s.hasBase()) return;
  const BaseRef& base = *s.base;
  const Plan& bp = *base.base;
  const int A = L.size();
  L.keptBase.assign(bp.grids.size(), 0);
  std::map<int, std::vector<int>> byGrid;
  for (int a = 0; a < A; ++a)
    if (L.nodes[L.active[a]].baseGrid >= 0) byGrid[L.nodes[L.active[a]].baseGrid].push_back(a);
  bool unchanged = base.sameBounds && base.keepUnlocked;
  for (int a = 0; a < A && unchanged; ++a) unchanged = L.nodes[L.active[a]].baseGrid >= 0;
  std::vector<BasePart> parts;
  for (auto& [bgi, vs] : byGrid) {
    BasePart part;
    part.index = bgi;
    part.nodes = vs;
    for (int a : vs) part.pieces += static_cast<int>(L.nodes[L.active[a]].local.size());
    part.intact = base.gridIntact[bgi];
    part.basePieces = base.gridPieces[bgi];  // fewer here: some of its pieces went to another community
    part.baseHouseholds = bp.grids[bgi].households;
    part.locked = bp.grids[bgi].locked;
    parts.push_back(std::move(part));
  }
  L.keptGrids = keepBaseParts(L.graph, parts, unchanged, base.keepUnlocked, s.b.grid_min, s.b.grid_max);
  for (int bgi : L.keptGrids) L.keptBase[bgi] = 1;
}

void partitionGrids(const Scope& s, GridLevel& L) {
  if (L.size() == 0) return;
  if (L.communityHH == 0) {
    L.r.part.assign(L.size(), 0);
    L.r.parts.resize(1);
    L.r.parts[0].status = Status::Under;
    L.r.parts[0].reason = tr("no households");
    return;
  }
  partition::Config cfg;
  cfg.min = s.b.grid_min;
  cfg.max = s.b.grid_max;
  cfg.target = s.b.grid_target;
  cfg.seed = mixSeed(s.opt.seed, s.com.community_id);
  cfg.noun = "grid";
  L.r = partitionLevel(s.opt, L.graph, cfg, s.com.community_id, 4);
}

// The whole grid level, with what `finer` names divided more finely.
GridLevel gridLevel(const Scope& s, const BuildingHouseholds& bldHH, const std::vector<int>& island,
                    const Finer& finer) {
  GridLevel L;
  makeNodes(s, bldHH, island, finer, L);
  separateDedicated(s, L);
  buildGridGraph(s, L);
  keepBaseGrids(s, L);
  partitionGrids(s, L);
  return L;
}

// Calls `visit` with every active node of the areas the grid level left in exceptions, and with their
// neighbours (some nodes more than once): a small leftover often fits only with part of what is next door.
template <typename Visit>
void aroundExceptions(const GridLevel& L, Visit visit) {
  for (int a = 0; a < L.size(); ++a) {
    if (L.r.parts[L.r.part[a]].status != Status::Exception) continue;
    visit(L.nodes[L.active[a]]);
    for (int e = L.graph.xadj[a]; e < L.graph.xadj[a + 1]; ++e) visit(L.nodes[L.active[L.graph.adjncy[e]]]);
  }
}

// The multi-entrance buildings around the exceptions, to divide into their entrances.
std::set<int> buildingsToSplit(const Scope& s, const GridLevel& L) {
  std::set<int> split;
  aroundExceptions(L, [&](const Node& nd) {
    if (nd.entrance < 0 && nd.baseGrid < 0 && s.plan.in.buildings[nd.building].entrances > 1)
      split.insert(nd.building);
  });
  return split;
}

// The cells around the exceptions that hold several floor ranges as one node: stacked, their floors can go to
// different grids (a small entrance between two tower entrances of 348 households fits with some floors of one).
std::set<int> groupsToStack(const Scope& s, const GridLevel& L) {
  std::set<int> stack;
  aroundExceptions(L, [&](const Node& nd) {
    if (nd.stacked || nd.baseGrid >= 0) return;
    for (int grp : nd.groups)
      if (s.cells.groupPieces[grp].size() > 1) stack.insert(grp);
  });
  return stack;
}

// With a base plan: the base grid that the nodes `vs` continue when they hold exactly its pieces (all
// from it, and as many), -1 otherwise; a grid already kept (`keptBase`, may be null) is not continued twice.
int continuedBaseGrid(const Scope& s, const std::vector<Node>& nodes, const std::vector<int>& vs, size_t pieces,
                      const std::vector<char>* keptBase) {
  if (!s.hasBase() || vs.empty()) return -1;
  int bg = nodes[vs[0]].baseGrid;
  bool same = bg >= 0 && s.base->gridIntact[bg] && !(keptBase && (*keptBase)[bg]);
  for (int v : vs) same = same && nodes[v].baseGrid == bg;
  return same && static_cast<int>(pieces) == s.base->gridPieces[bg] ? bg : -1;
}

// One grid per part of the partition, with its pieces, households, status and reason.
std::vector<GridOut> gridsOfParts(const Scope& s, const GridLevel& L) {
  const int A = L.size();
  int ncomp = 0;
  std::vector<int> comp = components(L.graph, &ncomp);
  std::vector<int> compSize(ncomp, 0);
  for (int a = 0; a < A; ++a) ++compSize[comp[a]];
  std::vector<GridOut> grids;
  std::vector<std::vector<int>> partNodes(L.r.parts.size());
  for (int a = 0; a < A; ++a) partNodes[L.r.part[a]].push_back(a);
  for (size_t k = 0; k < L.r.parts.size(); ++k) {
    if (partNodes[k].empty()) continue;
    GridOut g;
    g.grid.community = s.ci.community;
    std::vector<int> vs;
    for (int a : partNodes[k]) {
      vs.push_back(L.active[a]);
      for (int i : L.nodes[L.active[a]].local) g.pieces.push_back(s.ci.pieces[i]);
    }
    std::sort(g.pieces.begin(), g.pieces.end());
    int sum = 0;
    for (int p : g.pieces) sum += s.plan.pieces[p].households;
    g.grid.households = sum;
    const partition::PartInfo& info = L.r.parts[k];
    g.grid.status = info.status;
    g.grid.barrier_crossings = info.barrier_crossings;
    bool whole = compSize[comp[partNodes[k][0]]] == static_cast<int>(partNodes[k].size());
    if (L.communityHH == 0)
      g.grid.reason = fmt(tr("%s has no households: one grid of its buildings"), communityLabel(s.com).c_str());
    else if (info.status != Status::Ok)
      g.grid.reason = gridReason(s.plan, s.com, L.communityHH, info, sum, whole, L.nodes, L.active, s.ci.pieces, s.b);
    if (info.fixed_label >= 0 && info.fixed_label < static_cast<int>(L.keptGrids.size()))
      g.baseGrid = L.keptGrids[info.fixed_label];
    else  // exactly the pieces of a base grid (not kept, e.g. under the minimum then and now): continue it
      g.baseGrid = continuedBaseGrid(s, L.nodes, vs, g.pieces.size(), &L.keptBase);
    grids.push_back(std::move(g));
  }
  return grids;
}

// One grid per dedicated building or connected part of a dedicated compound, status exception.
void addDedicatedGrids(const Scope& s, const GridLevel& L, std::vector<GridOut>& grids) {
  for (const std::vector<int>& vs : L.dedicated) {
    const int bi = L.nodes[vs[0]].building;
    GridOut g;
    g.grid.community = s.ci.community;
    for (int v : vs)
      for (int i : L.nodes[v].local) g.pieces.push_back(s.ci.pieces[i]);
    std::sort(g.pieces.begin(), g.pieces.end());
    for (int p : g.pieces) g.grid.households += s.plan.pieces[p].households;
    g.grid.status = Status::Exception;
    const Building& bld = s.plan.in.buildings[bi];
    std::string what = buildingLabel(bld);
    if (!bld.compound_id.empty()) {
      for (const Compound& c : s.plan.in.compounds)
        if (c.compound_id == bld.compound_id)
          what = c.name.empty() ? fmt(tr("compound %s"), c.compound_id.c_str())
                                : fmt(tr("compound %1$s (%2$s)"), c.name.c_str(), c.compound_id.c_str());
    }
    g.grid.reason = fmt(tr("dedicated grid (专属网格) of %s"), what.c_str());
    g.baseGrid = continuedBaseGrid(s, L.nodes, vs, g.pieces.size(), nullptr);
    grids.push_back(std::move(g));
  }
}

// Codes in reading order: grids continuing a base grid keep its code, name, worker and lock; new ones
// take codes never used in the plan, and a default name. `at` and `totalArea` are the grids' shapes.
void codeGrids(const Scope& s, std::vector<GridOut>& grids, const std::vector<XY>& at, double totalArea) {
  const Bounds& b = s.b;
  std::set<std::string> used = s.base ? s.base->usedCodes : std::set<std::string>{};
  std::vector<int> order =
      readingOrder(at, bbox(s.com.area).maxy, readingBand(totalArea, static_cast<int>(grids.size())));
  int seq = 0;
  for (int i : order) {
    GridOut& g = grids[i];
    if (g.baseGrid >= 0) {
      const Grid& bgr = s.base->base->grids[g.baseGrid];
      g.grid.grid_id = bgr.grid_id;
      g.grid.name = bgr.name;
      g.grid.worker_name = bgr.worker_name;
      g.grid.worker_phone = bgr.worker_phone;
      g.grid.duties = bgr.duties;
      g.grid.locked = bgr.locked;
      if (bgr.locked && !bgr.reason.empty() && !within(g.grid.households, b.grid_min, b.grid_max) &&
          g.grid.status == Status::Ok) {
        g.grid.status = Status::Exception;
        g.grid.reason = fmt(tr("locked by the planner: %s"), bgr.reason.c_str());
      }
      if (g.grid.locked && g.grid.status == Status::Ok && !within(g.grid.households, b.grid_min, b.grid_max)) {
        g.grid.status = Status::Exception;
        g.grid.reason = fmt(tr("locked by the planner with %1$s, outside %2$d–%3$d"), hh(g.grid.households).c_str(),
                            b.grid_min, b.grid_max);
      }
    }
  }
  for (int i : order) {
    GridOut& g = grids[i];
    if (g.baseGrid >= 0) continue;
    g.grid.grid_id = nextFreeCode(s.com.community_id, 3, seq, used);
    used.insert(g.grid.grid_id);
    // A default name a planner can replace: "桂花社区第3网格".
    if (!s.com.name.empty()) g.grid.name = s.com.name + "第" + std::to_string(seq) + "网格";
  }
  for (GridOut& g : grids) settle(g.grid.status, g.grid.reason, g.grid.households, b.grid_min, b.grid_max);
}

// Units of every grid; then grids whose households cannot be grouped into units within the bounds trade a
// node with a neighbour, and where no node does, a few floors.
void planAllUnits(const Scope& s, const GridLevel& L, std::vector<GridOut>& grids, Timings& t,
                  const std::function<void()>& check) {
  std::vector<GridShare> shares;
  for (GridOut& g : grids) {
    check();
    shares.emplace_back();
    shares.back().pieces = g.pieces;
    planUnits(s.plan, s.cells, g, s.opt, s.base, &t);
  }
  if (s.opt.split_entrances && L.size() > 0) {
    LevelNodes level;
    level.graph = &L.graph;
    for (int a = 0; a < L.size(); ++a) {
      std::vector<int> ps;
      for (int i : L.nodes[L.active[a]].local) ps.push_back(s.ci.pieces[i]);
      level.pieces.push_back(std::move(ps));
    }
    check();
    fillGridsByFloors(s.plan, s.cells, grids, shares, s.opt, s.base, &t);
    balanceForUnits(s.plan, s.cells, level, grids, shares, s.opt, s.base, &t);
    check();
    tradeFloors(s.plan, s.cells, grids, shares, s.opt, s.base, &t);
    reasonsAfterFloors(s.plan, s.cells, level, L.r, grids, s.b);
  }
}

}  // namespace

CommunityOut planCommunity(Plan& plan, const CommunityInput& ci, const Options& opt, const BaseRef* base,
                           const std::function<void(const char*)>& stageDone) {
  CommunityOut out;
  const Community& com = plan.in.communities[ci.community];
  const std::function<void()> check = [&] {
    if (opt.cancel && opt.cancel->load()) throw Cancelled();
  };

  Cells cells = makeCells(plan, ci, out.problems, out.t);
  if (stageDone) stageDone(N_("tessellate"));
  check();
  const Scope s{plan, ci, opt, base, cells, com, opt.bounds};

  // Grids. A connected area whose whole buildings cannot be grouped within the bounds is tried once more
  // with its multi-entrance buildings as entrances (kept when it leaves fewer households in exceptions), and
  // where that still leaves exceptions, once more with its cells' floor ranges as nodes of their own (kept when
  // fewer grids are off the bounds): finer pieces, at the price of buildings divided by entrance or floors.
  auto t0 = Clock::now();
  const BuildingHouseholds bldHH = buildingHouseholds(s);
  const std::vector<int> island = buildingIslands(s);
  GridLevel L = gridLevel(s, bldHH, island, {});
  Finer finer;
  finer.buildings = buildingsToSplit(s, L);
  if (!finer.buildings.empty()) {
    GridLevel tried = gridLevel(s, bldHH, island, finer);
    if (exceptionHouseholds(tried.r) < exceptionHouseholds(L.r)) L = std::move(tried);
    else finer = {};
  }
  if (s.opt.split_entrances && exceptionHouseholds(L.r) > 0) {  // `never` keeps every entrance's floors together
    finer.groups = groupsToStack(s, L);
    if (!finer.groups.empty()) {
      GridLevel tried = gridLevel(s, bldHH, island, finer);
      if (partsOffBounds(tried.r) < partsOffBounds(L.r)) L = std::move(tried);
    }
  }
  out.t.grids += since(t0);
  if (stageDone) stageDone(N_("grids"));
  check();

  // Grid outputs, polygons and codes. A community with no buildings gets no grid: a grid is never empty
  // (DESIGN §4, invariant 7), and `check` notes such a community instead of a coverage gap.
  auto t1 = Clock::now();
  std::vector<GridOut> grids = gridsOfParts(s, L);
  joinEmptyParts(cells, com, L.communityHH, grids);
  addDedicatedGrids(s, L, grids);
  double totalArea = 0;
  std::vector<XY> at;
  for (GridOut& g : grids) {
    if (!g.pieces.empty()) g.grid.shape = shapeOfPieces(cells, g.pieces);
    totalArea += area(g.grid.shape);
    at.push_back(g.grid.shape.empty() ? XY{} : centroid(g.grid.shape));
  }
  out.t.polygons += since(t1);
  codeGrids(s, grids, at, totalArea);

  auto t2 = Clock::now();
  const double polygonsBefore = out.t.polygons;
  planAllUnits(s, L, grids, out.t, check);
  out.t.units += since(t2) - (out.t.polygons - polygonsBefore);
  if (stageDone) stageDone(N_("units"));
  if (stageDone) stageDone(N_("polygons"));

  std::sort(grids.begin(), grids.end(), [](const GridOut& a, const GridOut& c) { return a.grid.grid_id < c.grid.grid_id; });
  out.grids = std::move(grids);
  return out;
}

}  // namespace gp::pipeline
