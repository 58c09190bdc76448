// The unit level of planning a community: one grid's pieces divided into units, entrances divided by
// floors where whole ones cannot be grouped within the bounds, base units kept, codes.
#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <tuple>

#include "geo/core/I18n.hpp"
#include "geo/geom/Pieces.hpp"
#include "geo/partition/Hints.hpp"
#include "geo/pipeline/Base.hpp"
#include "geo/pipeline/Codes.hpp"
#include "geo/pipeline/CommunityPlannerCommon.hpp"
#include "geo/pipeline/LevelGraph.hpp"
#include "geo/pipeline/Names.hpp"
#include "geo/pipeline/RestackFloors.hpp"

namespace gp::pipeline {

using namespace detail;

std::string detail::afterSplitTried(std::string why, const std::string& floors) {
  for (const char* msgid : {partition::kHintFix, partition::kHintHelp}) {
    const std::string hint = tr(msgid);
    size_t at = why.find(hint);
    if (at == std::string::npos) continue;
    why.replace(at, hint.size(),
                floors.empty() || msgid != partition::kHintFix
                    ? tr("(dividing entrances here by floors, tried, did not bring every unit within the bounds: "
                         "see the households per floor of its pieces)")
                    : fmt(tr("(nor can its floors, of (count×households) %s, be grouped so: one floor is the finest "
                             "division allowed)"),
                          floors.c_str()));
  }
  return why;
}

namespace {

// The households per floor of a grid's pieces ("3×16, 7×15", most households first) when even its single
// floors cannot be grouped into units within the bounds (floors above the maximum, units of their own, left
// out); empty when they can or it is not decided.
std::string ungroupableFloors(const Plan& plan, const Cells& cells, const FloorRanges& fr,
                              const std::vector<std::vector<int>>& nodePieces, const Bounds& b) {
  static const std::vector<const HouseholdPoint*> kNone;
  std::map<int, int, std::greater<int>> count;
  for (const std::vector<int>& ps : nodePieces)
    for (int p : ps) {
      const Piece& q = fr.piece(plan, p);
      const auto& pts = cells.points && q.building >= 0 ? (*cells.points)[static_cast<size_t>(q.building)] : kNone;
      for (int h : geom::householdsPerFloor(plan.in, q, pts))
        if (h > 0 && h <= b.unit_max) ++count[h];
    }
  if (partition::sumsWithin({count.begin(), count.end()}, b.unit_min, b.unit_max) != 0) return "";
  std::string list;
  for (auto [h, n] : count) list += (list.empty() ? "" : ", ") + std::to_string(n) + "×" + std::to_string(h);
  return list;
}

// What provably keeps a unit of the grid out of the bounds, found on the grid's pieces divided into single
// floors (the finest division allowed), so that the reason names it: a piece that reaches too few households,
// one that no connected group with it brings within the bounds, or pieces that reach the rest of the grid
// only through one other. Empty when none is found (the partitioner's reason stands).
struct FloorNodes {
  partition::Graph graph;
  std::vector<int> node;   // per floor node: the grid's node
  std::vector<int> index;  // per floor node: its floor's index in the piece, -1 for a piece not divided
  std::vector<std::vector<int>> perFloor;  // per grid node: households per floor
};

FloorNodes floorNodes(const Plan& plan, const Cells& cells, const FloorRanges& fr, const std::vector<int>& nodePiece,
                      const partition::Graph& graph) {
  static const std::vector<const HouseholdPoint*> kNone;
  FloorNodes f;
  const int n = graph.size();
  std::vector<std::vector<int>> floorsOf(static_cast<size_t>(n));
  f.perFloor.resize(static_cast<size_t>(n));
  for (int v = 0; v < n; ++v) {
    const Piece& q = fr.piece(plan, nodePiece[static_cast<size_t>(v)]);
    const auto& pts = cells.points && q.building >= 0 ? (*cells.points)[static_cast<size_t>(q.building)] : kNone;
    f.perFloor[static_cast<size_t>(v)] = geom::householdsPerFloor(plan.in, q, pts);
    const std::vector<int>& hs = f.perFloor[static_cast<size_t>(v)];
    for (size_t k = 0; k < hs.size(); ++k) {
      floorsOf[static_cast<size_t>(v)].push_back(static_cast<int>(f.node.size()));
      f.node.push_back(v);
      f.index.push_back(hs.size() == 1 ? -1 : static_cast<int>(k));
      f.graph.weight.push_back(hs[k]);
    }
  }
  // A floor touches the other floors of its piece and every floor of the pieces its piece touches.
  f.graph.xadj.push_back(0);
  for (size_t a = 0; a < f.node.size(); ++a) {
    const int v = f.node[a];
    for (int b : floorsOf[static_cast<size_t>(v)])
      if (b != static_cast<int>(a)) f.graph.adjncy.push_back(b);
    for (int e = graph.xadj[static_cast<size_t>(v)]; e < graph.xadj[static_cast<size_t>(v) + 1]; ++e) {
      const int u = graph.adjncy[static_cast<size_t>(e)];
      if (u == v) continue;
      for (int b : floorsOf[static_cast<size_t>(u)]) f.graph.adjncy.push_back(b);
    }
    f.graph.xadj.push_back(static_cast<int32_t>(f.graph.adjncy.size()));
  }
  return f;
}

// "building X (16 households, not divisible by floors)" or "building X, entrance 2, floor 3 (8 households)".
std::string floorLabel(const Plan& plan, const FloorRanges& fr, const std::vector<int>& nodePiece, const FloorNodes& f,
                       int a) {
  const int v = f.node[static_cast<size_t>(a)];
  Piece q = fr.piece(plan, nodePiece[static_cast<size_t>(v)]);
  const int k = f.index[static_cast<size_t>(a)];
  if (k < 0 && q.floor_from > 0 && q.floor_from == q.floor_to)  // one floor already
    return fmt(tr("%1$s (%2$s)"), pieceLabel(plan.in, q).c_str(), hh(q.households).c_str());
  if (k < 0) return fmt(tr("%1$s (%2$s, not divisible by floors)"), pieceLabel(plan.in, q).c_str(), hh(q.households).c_str());
  const int from = q.floor_from > 0 ? q.floor_from : 1;
  if (q.entrance <= 0 && plan.in.buildings[static_cast<size_t>(q.building)].entrances <= 1) q.entrance = 1;
  q.floor_from = q.floor_to = from + k;
  return fmt(tr("%1$s (%2$s)"), pieceLabel(plan.in, q).c_str(), hh(f.graph.weight[static_cast<size_t>(a)]).c_str());
}

// The pieces the floor nodes `as` belong to, named, at most three and a count of the rest.
std::string pieceList(const Plan& plan, const FloorRanges& fr, const std::vector<int>& nodePiece, const FloorNodes& f,
                      const std::vector<int32_t>& as) {
  std::vector<int> nodes;
  for (int32_t a : as)
    if (std::find(nodes.begin(), nodes.end(), f.node[static_cast<size_t>(a)]) == nodes.end())
      nodes.push_back(f.node[static_cast<size_t>(a)]);
  std::string list;
  const size_t shown = std::min<size_t>(nodes.size(), 3);
  for (size_t i = 0; i < shown; ++i) {
    const Piece& q = fr.piece(plan, nodePiece[static_cast<size_t>(nodes[i])]);
    if (!list.empty()) list += tr(", ");
    list += fmt(tr("%1$s (%2$s)"), pieceLabel(plan.in, q).c_str(), hh(q.households).c_str());
  }
  if (nodes.size() > shown) {
    const int more = static_cast<int>(nodes.size() - shown);
    list += tr(", ") + fmt(trn("and %d more piece", "and %d more pieces", static_cast<unsigned long>(more)), more);
  }
  return list;
}

std::string obstacleReason(const Plan& plan, const Cells& cells, const FloorRanges& fr, const Grid& grid,
                           const std::vector<int>& nodePiece, const partition::Graph& graph,
                           const std::vector<int>& unitNodes, const Bounds& b) {
  if (graph.size() == 0 || graph.xadj.size() != static_cast<size_t>(graph.size()) + 1 ||
      nodePiece.size() != static_cast<size_t>(graph.size()))
    return "";
  const FloorNodes f = floorNodes(plan, cells, fr, nodePiece, graph);
  std::vector<char> inUnit(static_cast<size_t>(graph.size()), 0);
  for (int v : unitNodes) inUnit[static_cast<size_t>(v)] = 1;
  std::vector<int32_t> cand;
  for (size_t a = 0; a < f.node.size(); ++a)
    if (inUnit[static_cast<size_t>(f.node[a])]) cand.push_back(static_cast<int32_t>(a));
  const partition::Obstacle ob = partition::findObstacle(f.graph, b.unit_min, b.unit_max, cand);
  const char* gid = grid.grid_id.c_str();
  switch (ob.kind) {
    case partition::Obstacle::Kind::CutOff:
      return fmt(tr("%1$s reaches only %2$s within grid %3$s: below the minimum of %4$d, and one floor is the finest "
                    "division allowed"),
                 floorLabel(plan, fr, nodePiece, f, ob.node).c_str(), hh(static_cast<int>(ob.households)).c_str(), gid,
                 b.unit_min);
    case partition::Obstacle::Kind::Alone: {
      // Neighbours on other pieces only: the piece's own floors are in the label.
      std::vector<int32_t> others;
      for (int32_t a : ob.nodes)
        if (f.node[static_cast<size_t>(a)] != f.node[static_cast<size_t>(ob.node)]) others.push_back(a);
      return fmt(tr("%1$s touches in grid %2$s only %3$s: no connected group of single floors with it holds "
                    "%4$d–%5$d households"),
                 floorLabel(plan, fr, nodePiece, f, ob.node).c_str(), gid,
                 pieceList(plan, fr, nodePiece, f, others).c_str(), b.unit_min, b.unit_max);
    }
    case partition::Obstacle::Kind::Through:
      return fmt(tr("%1$s can reach the rest of grid %2$s only through %3$s and, without it, hold too few households "
                    "for a unit: together %4$s, above the maximum of %5$d"),
                 pieceList(plan, fr, nodePiece, f, ob.nodes).c_str(), gid,
                 floorLabel(plan, fr, nodePiece, f, ob.node).c_str(), hh(static_cast<int>(ob.households)).c_str(),
                 b.unit_max);
    default:
      return "";
  }
}

std::string unitReason(const Plan& plan, const Cells& cells, const FloorRanges& fr, const Grid& grid,
                       const partition::PartInfo& info, int partHH, int gridHH,
                       const std::vector<std::vector<int>>& nodePieces, const Bounds& b, bool splitTried,
                       const std::string& obstacle) {
  // With entrances divided by floors where that helps, the partitioner's "splitting a piece would fix it"
  // is no longer a fix left to the planner: say what was done instead, or that single floors cannot be
  // grouped either.
  const std::string floors = splitTried && info.reason.find(tr(partition::kHintFix)) != std::string::npos
                                 ? ungroupableFloors(plan, cells, fr, nodePieces, b)
                                 : "";
  const std::string why = splitTried ? afterSplitTried(info.reason, floors) : info.reason;
  switch (info.status) {
    case Status::Under:
      if (gridHH < b.unit_min)
        return fmt(tr("grid %1$s has only %2$s: one unit below %3$d"), grid.grid_id.c_str(), hh(gridHH).c_str(),
                   b.unit_min);
      return because(hh(partHH) + tr(", ") + belowMin(b.unit_min), why);
    case Status::Over:
      if (info.reason_node >= 0 && info.reason_node < static_cast<int>(nodePieces.size())) {
        // The piece the partitioner names, when it alone is above the maximum.
        const Piece& p = fr.piece(plan, nodePieces[info.reason_node].front());
        if (p.households > b.unit_max)
          return fmt(tr("%1$s alone holds %2$s: above the maximum of %3$d"), pieceLabel(plan.in, p).c_str(),
                     hh(p.households).c_str(), b.unit_max);
      }
      return because(hh(partHH) + tr(", ") + aboveMax(b.unit_max), why);
    default:
      return because(fmt(tr("%1$s here cannot be divided into connected units of %2$d–%3$d"), hh(partHH).c_str(),
                         b.unit_min, b.unit_max),
                     obstacle.empty() || !floors.empty() ? why : obstacle);  // the floors' arithmetic says more
  }
}

// One grid's unit-level work: its nodes (one piece each) and the floor ranges made so far.
struct UnitWork : FloorRanges {
  std::vector<int> nodePiece;  // per node: a plan piece (>= 0) or -2 - k for added[k]
  std::vector<int> fixed;      // per node: kept base unit label, -1 free; empty when none

  // Node v's piece becomes its first range; the second is a new node on the same cell.
  void split(int v, const std::vector<Piece>& ranges) {
    int p = nodePiece[static_cast<size_t>(v)];
    int from = origin(p);
    if (p >= 0)
      replaced[p] = ranges[0];
    else
      added[static_cast<size_t>(-p - 2)] = ranges[0];
    added.push_back(ranges[1]);
    addedOrigin.push_back(from);
    nodePiece.push_back(-2 - static_cast<int>(added.size() - 1));
    if (!fixed.empty()) fixed.push_back(-1);
  }
};

// How far the parts fall outside [lo, hi] (households summed), then how many do: lower is better.
std::pair<long, int> offBounds(const partition::Result& r, int lo, int hi) {
  std::pair<long, int> s{0, 0};
  for (const partition::PartInfo& p : r.parts) {
    if (within(p.households, lo, hi)) continue;
    s.first += p.households < lo ? lo - p.households : p.households - hi;
    ++s.second;
  }
  return s;
}

// Ranges of one plan piece that ended in one unit are joined again where their floors are contiguous (all
// of them: the piece is what the grid was given again), so only the divisions the units need remain. The
// grid level may have given the grid a plan piece narrowed to some of its floors (`start.replaced`) or only
// a range of one (`start.added`, the rest in a neighbouring grid): such a piece stays its grid's range.
void joinRangesInOneUnit(const Plan& plan, const FloorRanges& start, const std::set<int>& owned, UnitWork& w,
                         partition::Result& r) {
  if (w.replaced.empty() && w.added.empty()) return;
  const int nn = static_cast<int>(w.nodePiece.size());
  std::map<int, std::vector<int>> byOrigin;  // plan piece → its nodes
  for (int v = 0; v < nn; ++v) byOrigin[w.origin(w.nodePiece[v])].push_back(v);
  UnitWork out;
  std::vector<int> part, newOf(nn, -1);
  for (auto& [origin, nodes] : byOrigin) {
    if (nodes.size() == 1 && w.nodePiece[nodes[0]] >= 0 && !w.replaced.count(origin)) {
      newOf[nodes[0]] = static_cast<int>(out.nodePiece.size());
      out.nodePiece.push_back(origin);
      part.push_back(r.part[nodes[0]]);
      if (!w.fixed.empty()) out.fixed.push_back(w.fixed[nodes[0]]);
      continue;
    }
    // Per unit, the ranges in floor order, joined where contiguous.
    std::map<int, std::vector<int>> byPart;
    for (int v : nodes) byPart[r.part[v]].push_back(v);
    std::vector<std::pair<Piece, std::vector<int>>> pieces;  // merged piece, the old nodes it holds
    for (auto& [k, vs] : byPart) {
      std::sort(vs.begin(), vs.end(), [&](int a, int b) {
        return w.piece(plan, w.nodePiece[a]).floor_from < w.piece(plan, w.nodePiece[b]).floor_from;
      });
      for (int v : vs) {
        const Piece& q = w.piece(plan, w.nodePiece[v]);
        if (!pieces.empty() && r.part[pieces.back().second.front()] == k && pieces.back().first.floor_to + 1 == q.floor_from) {
          Piece& m = pieces.back().first;
          m.floor_to = q.floor_to;
          m.households += q.households;
          pieces.back().second.push_back(v);
        } else {
          pieces.push_back({q, {v}});
        }
      }
    }
    for (size_t i = 0; i < pieces.size(); ++i) {
      Piece& m = pieces[i].first;
      const Building& b = plan.in.buildings[static_cast<size_t>(m.building)];
      int node = static_cast<int>(out.nodePiece.size());
      const bool own = owned.count(origin) > 0;
      if (pieces.size() == 1 && own && !start.replaced.count(origin)) {
        out.nodePiece.push_back(origin);  // whole again
      } else {
        m.piece_id = geom::pieceId(b.bld_id, m.entrance, m.floor_from, m.floor_to);
        if (i == 0 && own) {
          out.replaced[origin] = m;
          out.nodePiece.push_back(origin);
        } else {
          out.added.push_back(m);
          out.addedOrigin.push_back(origin);
          out.nodePiece.push_back(-2 - static_cast<int>(out.added.size() - 1));
        }
      }
      part.push_back(r.part[pieces[i].second.front()]);
      if (!w.fixed.empty()) out.fixed.push_back(-1);
      for (int v : pieces[i].second) newOf[v] = node;
    }
  }
  for (partition::PartInfo& info : r.parts)
    if (info.reason_node >= 0 && info.reason_node < nn) info.reason_node = newOf[info.reason_node];
  r.part = std::move(part);
  w = std::move(out);
}

// Where whole pieces cannot be grouped into units within the bounds: the pieces of the units out of bounds
// and of their neighbours are divided into two floor ranges each and the grid is solved again (up to three
// times, each only kept when it brings the units nearer the bounds); then the ranges that ended in one unit
// are joined again, so the plan keeps the fewest divisions that its units need.
template <class Build>
void splitForUnits(const Plan& plan, const Cells& cells, const partition::Config& cfg, UnitWork& w,
                   partition::Graph& graph, partition::Result& r, Build& build) {
  const FloorRanges start = w;
  std::set<int> owned;
  for (int p : w.nodePiece)
    if (p >= 0) owned.insert(p);
  long total = 0;
  for (int32_t x : graph.weight) total += x;
  // No number of units fits the total (35 with bounds 20..30): no division by floors can help.
  if (total < cfg.min || (total + cfg.max - 1) / cfg.max > total / cfg.min) return;
  auto score = offBounds(r, cfg.min, cfg.max);
  if (score.first == 0) return;
  static const std::vector<const HouseholdPoint*> kNone;
  // Each round divides the pieces of the units still off and of their neighbours, starting from the last
  // round's pieces even when that round did not bring the units nearer the bounds: a grid whose floors need
  // mixing (one floor of 14 with one of 8) may need two divisions before a grouping exists. The best round
  // is kept.
  UnitWork cur = w;
  partition::Graph curGraph = graph;
  partition::Result curR = r;
  for (int round = 0; round < 3 && score.first > 0; ++round) {
    const int nn = static_cast<int>(cur.nodePiece.size());
    std::vector<char> cand(nn, 0);
    for (int v = 0; v < nn; ++v) {
      if (within(curR.parts[curR.part[v]].households, cfg.min, cfg.max)) continue;
      cand[v] = 1;
      for (int e = curGraph.xadj[v]; e < curGraph.xadj[v + 1]; ++e) cand[curGraph.adjncy[e]] = 1;
    }
    UnitWork x = cur;
    int splits = 0;
    for (int v = 0; v < nn; ++v) {
      if (!cand[v] || (!cur.fixed.empty() && cur.fixed[v] >= 0)) continue;
      const Piece& p = cur.piece(plan, cur.nodePiece[v]);
      const auto& pts = cells.points && p.building >= 0 ? (*cells.points)[static_cast<size_t>(p.building)] : kNone;
      std::vector<Piece> ranges = geom::splitByFloors(plan.in, p, pts);
      if (ranges.empty()) continue;
      x.split(v, ranges);
      ++splits;
    }
    if (splits == 0) break;
    partition::Graph gx = build(x);
    // One partition per try, with a tenth of the exhaustive search's usual budget: a grid that floors cannot
    // bring within the bounds (floors of 8 households allow only units of 24) would otherwise spend the full
    // budget on every try. Measured on the 1M town: 98.7% of units within the bounds either way, the
    // division by floors 5x cheaper (bench/RESULTS.md).
    partition::Config tryCfg = cfg;
    tryCfg.exact_budget = cfg.exact_budget / 10;
    partition::Result rx = bestPartition(gx, tryCfg, 0);
    auto sx = offBounds(rx, cfg.min, cfg.max);
    if (sx < score) {
      w = x;
      graph = gx;
      r = rx;
      score = sx;
    }
    cur = std::move(x);
    curGraph = std::move(gx);
    curR = std::move(rx);
  }
  joinRangesInOneUnit(plan, start, owned, w, r);
  graph = build(w);
}

// The unit-level graph of a grid as `x` holds its nodes. Unit-level nodes are pieces. Pieces on one cell
// (floors of an entrance, or a building standing within another's footprint, which rides on its host's cell)
// are adjacent and may go to different units, which then overlap by exactly that cell, as DESIGN allows for
// stacked pieces (the check measures it per cell). Also counts the grid's households.
struct UnitGraph {
  const Plan& plan;
  const Cells& cells;
  int& gridHH;
  bool chain = false;  // each entrance's stacked ranges a chain (chainStacks)

  // Floor ranges of one entrance on one cell are a stack, its ranges a chain (chainStacks).
  std::vector<StackPlace> stackPlaces(const UnitWork& x, const std::vector<std::vector<int>>& nodeGroups) const {
    std::vector<StackPlace> place(x.nodePiece.size());
    std::map<std::tuple<int, int, int>, int> stackOf;
    for (size_t v = 0; v < place.size(); ++v) {
      const Piece& p = x.piece(plan, x.nodePiece[v]);
      if (p.floor_from <= 0) continue;
      const std::tuple<int, int, int> key{nodeGroups[v][0], p.building, p.entrance};
      place[v] = {stackOf.try_emplace(key, static_cast<int>(stackOf.size())).first->second, p.floor_from, p.floor_to};
    }
    return place;
  }

  partition::Graph operator()(const UnitWork& x) const {
    const int nn = static_cast<int>(x.nodePiece.size());
    std::vector<std::vector<int>> nodeGroups(nn);
    std::vector<std::vector<int>> groupNodes(cells.groupPieces.size());
    for (int v = 0; v < nn; ++v) {
      int grp = cells.groupOf[cells.local(x.origin(x.nodePiece[v]))];
      nodeGroups[v] = {grp};
      groupNodes[grp].push_back(v);
    }
    partition::Graph gr = buildLevelGraph(nodeGroups, groupNodes, cells.graph, cells.perimeter);
    std::map<int, int> bldGroup;
    gr.group.assign(nn, -1);
    gridHH = 0;
    for (int v = 0; v < nn; ++v) {
      const Piece& p = x.piece(plan, x.nodePiece[v]);
      gr.weight[v] = p.households;
      gridHH += p.households;
      XY c = cells.centroid[nodeGroups[v][0]];
      gr.x[v] = c.x;
      gr.y[v] = c.y;
      // Units prefer whole buildings: a building is a soft group.
      gr.group[v] = bldGroup.try_emplace(p.building, static_cast<int>(bldGroup.size())).first->second;
    }
    if (!x.fixed.empty()) gr.fixed = x.fixed;
    if (chain) chainStacks(gr, stackPlaces(x, nodeGroups), true);
    return gr;
  }
};

// Base units of the base grid that g continues, kept where they still meet the bounds (keepBaseParts).
// Returns them by fixed label; graph.fixed labels their nodes (`nodePiece`: one plan piece per node).
std::vector<int> keepBaseUnits(const BaseRef* base, const Bounds& b, const GridOut& g,
                               const std::vector<int>& nodePiece, partition::Graph& graph) {
  if (!(base && base->base && g.baseGrid >= 0)) return {};
  const Plan& bp = *base->base;
  const int n = static_cast<int>(nodePiece.size());
  std::map<int, std::vector<int>> byUnit;
  // A range the grid level made (index < 0) is no base piece.
  auto unitOf = [&](int p) { return p >= 0 ? base->unit[p] : -1; };
  for (int v = 0; v < n; ++v) {
    int u = unitOf(nodePiece[v]);
    if (u >= 0 && bp.units[u].grid == g.baseGrid) byUnit[u].push_back(v);
  }
  bool unchanged = base->sameBounds;
  for (int v = 0; v < n && unchanged; ++v) {
    int u = unitOf(nodePiece[v]);
    unchanged = u >= 0 && bp.units[u].grid == g.baseGrid;
  }
  std::vector<BasePart> parts;
  for (auto& [u, vs] : byUnit) {
    BasePart part;
    part.index = u;
    part.nodes = vs;
    part.pieces = static_cast<int>(vs.size());  // one piece per node
    part.intact = base->unitIntact[u];
    part.basePieces = base->unitPieces[u];
    part.baseHouseholds = bp.units[u].households;
    part.locked = g.grid.locked;  // a locked grid keeps its units
    parts.push_back(std::move(part));
  }
  return keepBaseParts(graph, parts, unchanged, true, b.unit_min, b.unit_max);
}

// One division of a grid's units on `graph` (made by `build` from w): entrances divided by floors where
// needed (splitForUnits), stacked floors given out again from the bottom up (restackFloors) and ranges of one
// piece in one unit joined again. Returns how many runs of stacked floors units still hold apart.
template <class Build>
int unitsOnce(const Plan& plan, const Cells& cells, const GridOut& g, const Options& opt,
              const partition::Config& cfg, UnitWork& w, partition::Graph& graph, partition::Result& r,
              const Build& build) {
  // One retry only: units are many and small, and the exact solver makes a stuck unit graph costly.
  r = partitionLevel(opt, graph, cfg, g.grid.grid_id, 1);
  if (opt.split_entrances) splitForUnits(plan, cells, cfg, w, graph, r, build);
  int left = 0;
  if (restackFloors(plan, cells, w, w.nodePiece, w.fixed, r.part, opt.split_entrances, cfg.min, cfg.max, &left) > 0) {
    std::set<int> owned;
    for (int p : g.pieces)
      if (p >= 0) owned.insert(p);
    joinRangesInOneUnit(plan, g, owned, w, r);
  }
  return left;
}

// The partition of a grid's unit level (n > 0 nodes), with entrances divided by floors where needed.
partition::Result partitionUnits(const Plan& plan, const Cells& cells, const GridOut& g, const Options& opt,
                                 UnitWork& w, partition::Graph& graph, const UnitGraph& build,
                                 const std::vector<int>& keptUnits) {
  const Bounds& b = opt.bounds;
  const int n = graph.size();
  partition::Result r;
  if (build.gridHH == 0) {
    r.part.assign(n, 0);
    r.parts.resize(1);
    r.parts[0].status = Status::Under;
    // The one unit of a grid without households continues the base's, when it was exactly that.
    bool same = keptUnits.size() == 1;
    for (int v = 0; v < n && same; ++v) same = graph.fixed[v] == 0;
    if (same) r.parts[0].fixed_label = 0;
    return r;
  }
  partition::Config cfg;
  cfg.min = b.unit_min;
  cfg.max = b.unit_max;
  cfg.target = (b.unit_min + b.unit_max) / 2;
  cfg.seed = mixSeed(opt.seed, g.grid.grid_id);
  cfg.noun = "unit";
  const UnitWork start = w;
  int left = unitsOnce(plan, cells, g, opt, cfg, w, graph, r, build);
  if (left == 0) return r;
  // Some unit still holds floors of one entrance apart (their households do not allow them to be given out
  // again within the bounds): the grid is divided once more with each entrance's ranges a chain
  // (chainStacks), kept when it leaves fewer such floors and its units no further from the bounds.
  const UnitGraph chained{plan, cells, build.gridHH, true};
  UnitWork w2 = start;
  partition::Graph graph2 = chained(w2);
  partition::Result r2;
  const int left2 = unitsOnce(plan, cells, g, opt, cfg, w2, graph2, r2, chained);
  if (left2 < left && !(offBounds(r, cfg.min, cfg.max) < offBounds(r2, cfg.min, cfg.max))) {
    w = std::move(w2);
    graph = std::move(graph2);
    r = std::move(r2);
  }
  return r;
}

// The units the parts make, before they have codes.
struct UnitsMade {
  std::vector<Unit> units;
  std::vector<std::vector<int>> pieces;  // per unit
  std::vector<XY> at;                    // per unit: its centroid
  std::vector<int> kept;                 // per unit: the base unit it keeps, -1 new
  double totalArea = 0;
};

UnitsMade unitsOfParts(const Plan& plan, const Cells& cells, const GridOut& g, const Options& opt,
                       const BaseRef* base, const partition::Result& r, const partition::Graph& graph,
                       const std::vector<int>& keptUnits, int gridHH, Timings* t) {
  const Bounds& b = opt.bounds;
  const int nAll = static_cast<int>(g.pieces.size());
  std::vector<std::vector<int>> nodePieces(nAll);
  for (int v = 0; v < nAll; ++v) nodePieces[v] = {g.pieces[v]};
  const int P = static_cast<int>(r.parts.size());
  std::vector<std::vector<int>> partPieces(P);
  for (int v = 0; v < nAll; ++v)
    for (int p : nodePieces[v]) partPieces[r.part[v]].push_back(p);
  for (auto& pp : partPieces) std::sort(pp.begin(), pp.end());

  UnitsMade made;
  for (int k = 0; k < P; ++k) {
    if (partPieces[k].empty()) continue;
    Unit u;
    u.grid = -1;
    int sum = 0;
    for (int p : partPieces[k]) sum += g.piece(plan, p).households;
    u.households = sum;
    u.status = r.parts[k].status;
    // reason_node indexes the grid's nodes; map it to the piece.
    partition::PartInfo info = r.parts[k];
    if (u.status == Status::Under && gridHH == 0)
      u.reason = fmt(tr("grid %s has no households: one unit of its buildings"), g.grid.grid_id.c_str());
    else if (u.status != Status::Ok) {
      std::string obstacle;
      if (u.status == Status::Exception) {
        std::vector<int> unitNodes;
        for (int v = 0; v < nAll; ++v)
          if (r.part[v] == k) unitNodes.push_back(v);
        obstacle = obstacleReason(plan, cells, g, g.grid, g.pieces, graph, unitNodes, b);
      }
      u.reason = unitReason(plan, cells, g, g.grid, info, sum, gridHH, nodePieces, b, opt.split_entrances, obstacle);
    }
    settle(u.status, u.reason, sum, b.unit_min, b.unit_max);
    int kept = info.fixed_label >= 0 && info.fixed_label < static_cast<int>(keptUnits.size())
                   ? keptUnits[info.fixed_label]
                   : -1;
    if (kept >= 0) u.leader_name = base->base->units[kept].leader_name;
    auto ts = Clock::now();
    std::vector<int> origins;
    for (int p : partPieces[k]) origins.push_back(g.origin(p));
    u.shape = shapeOfPieces(cells, origins);
    if (t) t->polygons += since(ts);
    made.totalArea += area(u.shape);
    made.at.push_back(u.shape.empty() ? XY{} : centroid(u.shape));
    made.kept.push_back(kept);
    made.units.push_back(std::move(u));
    made.pieces.push_back(partPieces[k]);
  }
  return made;
}

// Codes: kept units keep theirs; new ones take free 2-digit numbers in reading order, never a code the
// base used or retired under this grid's code (a unit it dropped, merged or renumbered elsewhere). Then
// the units go into g in code order, so the plan reads naturally.
void codeUnits(const BaseRef* base, UnitsMade& made, GridOut& g) {
  std::vector<Unit>& units = made.units;
  std::set<std::string> used;
  if (base && base->base && g.baseGrid >= 0)
    for (const Unit& bu : base->base->units)
      if (bu.grid == g.baseGrid) used.insert(bu.unit_id);
  if (base && !g.grid.grid_id.empty()) {
    // Only the range under this grid's code: copying every base unit code per grid would be quadratic.
    const std::string from = usedUnitCodeKey(g.grid.grid_id);
    for (auto it = base->usedCodes.lower_bound(from);
         it != base->usedCodes.end() && it->compare(0, from.size(), from) == 0; ++it)
      used.insert(it->substr(usedUnitCodeKey("").size()));
  }
  BBox box;
  for (const XY& p : made.at) box.add(p);
  std::vector<int> order = readingOrder(made.at, box.maxy, readingBand(made.totalArea, static_cast<int>(units.size())));
  int seq = 0;
  for (int i : order) {
    if (made.kept[i] >= 0) {
      const Unit& bu = base->base->units[made.kept[i]];
      // The grid kept its code, so the unit's code still extends it.
      if (bu.unit_id.rfind(g.grid.grid_id, 0) == 0) {
        units[i].unit_id = bu.unit_id;
        continue;
      }
    }
    units[i].unit_id = nextFreeCode(g.grid.grid_id, 2, seq, used);
    used.insert(units[i].unit_id);
  }
  std::vector<int> byCode(units.size());
  for (size_t i = 0; i < byCode.size(); ++i) byCode[i] = static_cast<int>(i);
  std::sort(byCode.begin(), byCode.end(), [&](int a, int c) { return units[a].unit_id < units[c].unit_id; });
  g.units.clear();
  g.unitPieces.clear();
  for (int i : byCode) {
    g.units.push_back(std::move(units[i]));
    g.unitPieces.push_back(std::move(made.pieces[i]));
  }
  g.grid.units = static_cast<int>(g.units.size());
}

}  // namespace

void planUnits(const Plan& plan, const Cells& cells, GridOut& g, const Options& opt, const BaseRef* base,
               Timings* t) {
  // A node is a plan piece (index >= 0, perhaps narrowed to a floor range in g.replaced) or a floor range
  // made here (index -2 - k: g.added[k]).
  UnitWork w;
  static_cast<FloorRanges&>(w) = g;  // floor ranges the grid level gave this grid (BalanceForUnits_Floors)
  w.nodePiece = g.pieces;
  int gridHH = 0;
  const UnitGraph build{plan, cells, gridHH};
  partition::Graph graph = build(w);
  const std::vector<int> keptUnits = keepBaseUnits(base, opt.bounds, g, w.nodePiece, graph);
  w.fixed = graph.fixed;  // kept base units stay as they are through the divisions by floors
  if (w.nodePiece.empty()) {
    g.units.clear();
    g.unitPieces.clear();
    return;
  }
  partition::Result r = partitionUnits(plan, cells, g, opt, w, graph, build, keptUnits);
  // Restacking floors may have joined ranges again after the graph was made: the reasons of units in an
  // exception need the graph of the final nodes.
  if (std::any_of(r.parts.begin(), r.parts.end(), [](const partition::PartInfo& p) { return p.status == Status::Exception; }))
    graph = build(w);
  g.replaced = std::move(w.replaced);
  g.added = std::move(w.added);
  g.addedOrigin = std::move(w.addedOrigin);
  // Splitting may have added nodes and joining ranges again renumbers them all.
  g.pieces = w.nodePiece;
  UnitsMade made = unitsOfParts(plan, cells, g, opt, base, r, graph, keptUnits, gridHH, t);
  codeUnits(base, made, g);
}

}  // namespace gp::pipeline
