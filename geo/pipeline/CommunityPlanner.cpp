#include "geo/pipeline/CommunityPlanner.hpp"

#include "geo/core/I18n.hpp"
#include "geo/pipeline/BalanceForUnits.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "geo/core/Error.hpp"
#include "geo/geom/Coverage.hpp"
#include "geo/geom/Pieces.hpp"
#include "geo/geom/Tessellation.hpp"
#include "geo/partition/Partition.hpp"
#include "geo/pipeline/Base.hpp"
#include "geo/pipeline/CellRepair.hpp"
#include "geo/pipeline/Codes.hpp"
#include "geo/pipeline/LevelGraph.hpp"
#include "geo/pipeline/Names.hpp"

namespace gp::pipeline {

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

bool within(int hh, int lo, int hi) { return hh >= lo && hh <= hi; }

// Area-weighted centroid of several cells; the mean of their centroids when all are degenerate.
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
  return groups.empty() ? XY{} : XY{x / groups.size(), y / groups.size()};
}

}  // namespace

MultiPolygon shapeOfPieces(const Cells& cells, const std::vector<int>& planPieces) {
  std::vector<int> groups;
  for (int p : planPieces) groups.push_back(cells.groupOf[cells.local(p)]);
  std::sort(groups.begin(), groups.end());
  groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
  std::vector<const MultiPolygon*> parts;
  for (int g : groups)
    if (cells.cell[g] && !cells.cell[g]->empty()) parts.push_back(cells.cell[g]);
  if (parts.empty()) return {};
  if (parts.size() == 1) return *parts[0];
  return geom::unionCells(parts);
}

namespace {

std::string hh(int n) { return fmt(trn("%d household", "%d households", static_cast<unsigned long>(n)), n); }
std::string belowMin(int lo) { return fmt(tr("below the minimum of %d"), lo); }
std::string aboveMax(int hi) { return fmt(tr("above the maximum of %d"), hi); }
// "<what>: <why>", or what alone when there is no why.
std::string because(const std::string& what, const std::string& why) {
  return why.empty() ? what : fmt(tr("%1$s: %2$s"), what.c_str(), why.c_str());
}

// Debugging aid: GP_DUMP_GRAPH=DIR writes each partitioner input as text, to reproduce a partition alone.
void dumpGraph(const partition::Graph& graph, const partition::Config& cfg, const std::string& name) {
  const char* dump = std::getenv("GP_DUMP_GRAPH");
  if (!dump) return;
  static std::atomic<int> serial{0};
  FILE* f = std::fopen((std::string(dump) + "/" + std::to_string(serial++) + "-" + name + ".txt").c_str(), "w");
  if (!f) return;
  const int A = graph.size();
  std::fprintf(f, "%d %d %d %llu\n", A, cfg.min, cfg.max, static_cast<unsigned long long>(cfg.seed));
  for (int a = 0; a < A; ++a) {
    std::fprintf(f, "%d %.3f %.3f %d %d", graph.weight[a], graph.x[a], graph.y[a], graph.group.empty() ? -1 : graph.group[a],
                 graph.fixed.empty() ? -1 : graph.fixed[a]);
    for (int e = graph.xadj[a]; e < graph.xadj[a + 1]; ++e)
      std::fprintf(f, " %d:%d:%.2f", graph.adjncy[e], graph.barrier[e], graph.shared[e]);
    std::fprintf(f, "\n");
  }
  std::fclose(f);
}

// Households in parts the partitioner could not bring within the bounds although they are not alone
// below the minimum or above the maximum by nature (status exception).
long exceptionHouseholds(const partition::Result& r) {
  long n = 0;
  for (const partition::PartInfo& p : r.parts)
    if (p.status == Status::Exception) n += p.households;
  return n;
}

// The partitioner is a heuristic: where it leaves an exception, other targets inside the bounds sometimes
// find a grouping that fits. Tries a few, deterministically, and keeps the first best.
partition::Result bestPartition(const partition::Graph& g, const partition::Config& cfg, int retries) {
  partition::Result best = partition::partition(g, cfg);
  long bestBad = exceptionHouseholds(best);
  if (bestBad == 0) return best;
  const int span = cfg.max - cfg.min;
  for (int target : {cfg.min + span / 4, cfg.max - span / 4, (cfg.min + cfg.max) / 2, cfg.min + span / 8}) {
    if (target == cfg.target) continue;
    if (retries-- <= 0) break;
    partition::Config c = cfg;
    c.target = target;
    partition::Result r = partition::partition(g, c);
    long bad = exceptionHouseholds(r);
    if (bad < bestBad) {
      best = std::move(r);
      bestBad = bad;
      if (bad == 0) break;
    }
  }
  return best;
}

}  // namespace

uint64_t mixSeed(uint64_t seed, const std::string& name) {
  uint64_t h = 1469598103934665603ull ^ seed;
  for (unsigned char c : name) {
    h ^= c;
    h *= 1099511628211ull;
  }
  h ^= h >> 29;
  return h ? h : 1;
}

std::vector<std::vector<const HouseholdPoint*>> pointsByBuilding(const Plan& plan) {
  std::vector<std::vector<const HouseholdPoint*>> out(plan.in.buildings.size());
  if (plan.in.households.empty()) return out;
  std::unordered_map<std::string, int> index;
  for (size_t i = 0; i < plan.in.buildings.size(); ++i) index.emplace(plan.in.buildings[i].bld_id, static_cast<int>(i));
  for (const HouseholdPoint& h : plan.in.households) {
    auto it = index.find(h.bld_id);
    if (it != index.end()) out[static_cast<size_t>(it->second)].push_back(&h);
  }
  return out;
}

void resolveRanges(Plan& plan, GridOut& g, std::vector<int>* origins) {
  if (g.replaced.empty() && g.added.empty()) return;
  for (auto& [p, piece] : g.replaced) {
    Piece& dst = plan.pieces[static_cast<size_t>(p)];
    MultiPolygon cell = std::move(dst.cell);
    dst = piece;
    dst.cell = std::move(cell);
  }
  std::vector<int> index(g.added.size());
  for (size_t k = 0; k < g.added.size(); ++k) {
    Piece piece = g.added[k];
    piece.cell = plan.pieces[static_cast<size_t>(g.addedOrigin[k])].cell;
    index[k] = static_cast<int>(plan.pieces.size());
    plan.pieces.push_back(std::move(piece));
    if (origins) origins->push_back(g.addedOrigin[k]);
  }
  auto fix = [&](int& p) {
    if (p < 0) p = index[static_cast<size_t>(-p - 2)];
  };
  for (int& p : g.pieces) fix(p);
  for (auto& up : g.unitPieces)
    for (int& p : up) fix(p);
  std::sort(g.pieces.begin(), g.pieces.end());
  for (auto& up : g.unitPieces) std::sort(up.begin(), up.end());
  g.replaced.clear();
  g.added.clear();
  g.addedOrigin.clear();
}

int Cells::local(int planPiece) const {
  auto it = std::lower_bound(pieces.begin(), pieces.end(), planPiece);
  return it != pieces.end() && *it == planPiece ? static_cast<int>(it - pieces.begin()) : -1;
}

Cells makeCells(Plan& plan, const CommunityInput& ci, ProblemList& problems, Timings& t) {
  Cells cells;
  cells.pieces = ci.pieces;
  cells.points = ci.points;
  const int n = static_cast<int>(ci.pieces.size());
  cells.groupOf.assign(n, -1);
  // Floor-range pieces of one entrance stand on one footprint: one seed, one cell.
  std::map<std::pair<int, int>, int> stacked;
  for (int i = 0; i < n; ++i) {
    const Piece& p = plan.pieces[ci.pieces[i]];
    int g;
    if (p.floor_from > 0) {
      auto [it, fresh] = stacked.try_emplace({p.building, p.entrance}, static_cast<int>(cells.groupPieces.size()));
      g = it->second;
      if (fresh) cells.groupPieces.emplace_back();
    } else {
      g = static_cast<int>(cells.groupPieces.size());
      cells.groupPieces.emplace_back();
    }
    cells.groupOf[i] = g;
    cells.groupPieces[g].push_back(i);
  }
  int G = static_cast<int>(cells.groupPieces.size());

  if (ci.footprints) {
    auto t0 = Clock::now();
    std::vector<MultiPolygon> seeds(G);
    for (int g = 0; g < G; ++g) seeds[g] = (*ci.footprints)[ci.pieces[cells.groupPieces[g][0]]];
    std::vector<LineString> cuts = ci.barriers;
    cuts.insert(cuts.end(), ci.walls.begin(), ci.walls.end());
    geom::TessellationOptions topt;
    for (int g = 0; g < G; ++g) {
      const Piece& p = plan.pieces[ci.pieces[cells.groupPieces[g][0]]];
      topt.seed_names.push_back("buildings:bld_id=" + plan.in.buildings[p.building].bld_id);
    }
    std::vector<MultiPolygon> out =
        G ? geom::tessellate(ci.area ? *ci.area : plan.in.communities[ci.community].area, seeds, cuts, topt, problems)
          : std::vector<MultiPolygon>{};
    out.resize(G);
    mergeDetachedParts(out, cuts);
    // A gap given to a cell, or a part merged into one, can leave that cell in two parts where the edges met
    // only within the snapping tolerance: hand such parts over once more.
    if (fillGaps(ci.area ? *ci.area : plan.in.communities[ci.community].area, out, cuts) > 0) mergeDetachedParts(out, cuts);
    // A seed left without a cell (covered by other footprints) rides on the cell its footprint lies in:
    // its pieces join that cell's group, as stacked floors do.
    std::vector<int> hostOf(G, -1);
    for (int g = 0; g < G; ++g)
      if (out[g].empty()) hostOf[g] = hostCell(out, centroid(seeds[g]));
    bool anyGuest = false;
    for (int g = 0; g < G; ++g) anyGuest = anyGuest || hostOf[g] >= 0;
    if (anyGuest) {
      std::vector<std::vector<int>> groups;
      std::vector<int> newIndex(G, -1);
      std::vector<MultiPolygon> kept;
      for (int g = 0; g < G; ++g)
        if (hostOf[g] < 0) {
          newIndex[g] = static_cast<int>(groups.size());
          groups.push_back(cells.groupPieces[g]);
          kept.push_back(std::move(out[g]));
        }
      for (int g = 0; g < G; ++g)
        if (hostOf[g] >= 0) {
          int h = newIndex[hostOf[g]];
          for (int i : cells.groupPieces[g]) groups[h].push_back(i);
        }
      for (auto& grp : groups) std::sort(grp.begin(), grp.end());
      cells.groupPieces = std::move(groups);
      for (size_t g = 0; g < cells.groupPieces.size(); ++g)
        for (int i : cells.groupPieces[g]) cells.groupOf[i] = static_cast<int>(g);
      out = std::move(kept);
      G = static_cast<int>(cells.groupPieces.size());
    }
    for (int g = 0; g < G; ++g)
      for (int i : cells.groupPieces[g]) plan.pieces[ci.pieces[i]].cell = out[g];
    t.tessellate += since(t0);
  }

  auto t1 = Clock::now();
  cells.cell.resize(G);
  cells.area.resize(G);
  cells.perimeter.resize(G);
  cells.centroid.resize(G);
  std::vector<MultiPolygon> plain(G);
  for (int g = 0; g < G; ++g) {
    const MultiPolygon& c = plan.pieces[ci.pieces[cells.groupPieces[g][0]]].cell;
    cells.cell[g] = &c;
    cells.area[g] = area(c);
    cells.perimeter[g] = perimeter(c);
    cells.centroid[g] = c.empty() ? XY{} : centroid(c);
    plain[g] = c;
  }
  cells.graph = G ? geom::adjacency(plain, ci.barriers) : geom::CellGraph{{0}, {}, {}, {}};
  t.adjacency += since(t1);
  return cells;
}

namespace {

// Everything planCommunity knows about one grid-level node.
struct Node {
  int building = -1;
  int entrance = -1;   // > 0 when the node is one entrance of a building above the grid maximum
  int baseGrid = -1;
  std::vector<int> groups;
  std::vector<int> local;  // local pieces
  int households = 0;
};

std::string gridReason(const Plan& plan, const Community& com, int communityHH, const partition::PartInfo& info,
                       int partHH, bool wholeComponent, const std::vector<Node>& nodes,
                       const std::vector<int>& activeNodes, const Bounds& b) {
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

std::string unitReason(const Plan& plan, const FloorRanges& fr, const Grid& grid, const partition::PartInfo& info,
                       int partHH, int gridHH, const std::vector<std::vector<int>>& nodePieces, const Bounds& b,
                       bool splitTried) {
  // With entrances divided by floors where that helps, the partitioner's "splitting a piece would fix it"
  // is no longer a fix left to the planner: say what was done instead.
  std::string why = info.reason;
  if (splitTried)
    for (const char* english : {N_("(splitting a piece, e.g. an entrance by floors, would fix it)"),
                                N_("(splitting a piece, e.g. an entrance by floors, would help)")}) {
      // The partitioner's reason reads in the run's language (or in English, where not yet translated).
      std::string hint = tr(english);
      size_t at = why.find(hint);
      if (at == std::string::npos) at = why.find(hint = english);
      if (at != std::string::npos)
        why.replace(at, hint.size(),
                    tr("(dividing entrances here by floors, tried, did not bring every unit within the bounds: "
                       "see the households per floor of its pieces)"));
    }
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
                     why);
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
// of them: the piece is whole again), so only the divisions the units need remain.
void joinRangesInOneUnit(const Plan& plan, UnitWork& w, partition::Result& r) {
  if (w.replaced.empty()) return;
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
      if (pieces.size() == 1) {
        out.nodePiece.push_back(origin);  // whole again
      } else {
        m.piece_id = geom::pieceId(b.bld_id, m.entrance, m.floor_from, m.floor_to);
        if (i == 0) {
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
  long total = 0;
  for (int32_t x : graph.weight) total += x;
  // No number of units fits the total (35 with bounds 20..30): no division by floors can help.
  if (total < cfg.min || (total + cfg.max - 1) / cfg.max > total / cfg.min) return;
  auto score = offBounds(r, cfg.min, cfg.max);
  if (score.first == 0) return;
  static const std::vector<const HouseholdPoint*> kNone;
  for (int round = 0; round < 3 && score.first > 0; ++round) {
    const int nn = static_cast<int>(w.nodePiece.size());
    std::vector<char> cand(nn, 0);
    for (int v = 0; v < nn; ++v) {
      if (within(r.parts[r.part[v]].households, cfg.min, cfg.max)) continue;
      cand[v] = 1;
      for (int e = graph.xadj[v]; e < graph.xadj[v + 1]; ++e) cand[graph.adjncy[e]] = 1;
    }
    UnitWork x = w;
    int splits = 0;
    for (int v = 0; v < nn; ++v) {
      if (!cand[v] || (!w.fixed.empty() && w.fixed[v] >= 0)) continue;
      const Piece& p = w.piece(plan, w.nodePiece[v]);
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
    if (!(sx < score)) break;
    w = std::move(x);
    graph = std::move(gx);
    r = std::move(rx);
    score = sx;
  }
  joinRangesInOneUnit(plan, w, r);
  graph = build(w);
}

// Status ok exactly where the bounds hold (DESIGN §4, invariant 6), whatever the partitioner said.
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

// A community drawn in several separate parts may have a part with no households (a patch of land, a few
// sheds): it is no grid of its own but joins the nearest grid with households, which then spans separate
// parts of its community (verifyPlan gives it status exception with that reason, and check accepts it).
// Grids kept from a base plan stay as they are.
void joinEmptyParts(const Cells& cells, const Community& com, int communityHH, std::vector<GridOut>& grids) {
  int parts = 0;
  for (const Polygon& p : com.area) parts += area(p) >= 0.5;
  if (communityHH == 0 || parts < 2) return;
  auto groupsOf = [&](const GridOut& g) {
    std::vector<int> groups;
    for (int p : g.pieces) groups.push_back(cells.groupOf[cells.local(p)]);
    return groups;
  };
  std::vector<XY> at(grids.size());
  for (size_t i = 0; i < grids.size(); ++i) at[i] = centroidOf(cells, groupsOf(grids[i]));
  std::vector<char> gone(grids.size(), 0);
  for (size_t z = 0; z < grids.size(); ++z) {
    if (grids[z].grid.households != 0 || grids[z].baseGrid >= 0) continue;
    int target = -1;
    double best = 0;
    for (size_t t = 0; t < grids.size(); ++t) {
      if (t == z || gone[t] || grids[t].grid.households == 0 || grids[t].baseGrid >= 0) continue;
      double d = std::hypot(at[t].x - at[z].x, at[t].y - at[z].y);
      if (target < 0 || d < best) target = static_cast<int>(t), best = d;
    }
    if (target < 0) continue;
    GridOut& t = grids[static_cast<size_t>(target)];
    t.pieces.insert(t.pieces.end(), grids[z].pieces.begin(), grids[z].pieces.end());
    std::sort(t.pieces.begin(), t.pieces.end());
    gone[z] = 1;
  }
  std::vector<GridOut> kept;
  for (size_t i = 0; i < grids.size(); ++i)
    if (!gone[i]) kept.push_back(std::move(grids[i]));
  grids = std::move(kept);
}

}  // namespace

void planUnits(const Plan& plan, const Cells& cells, GridOut& g, const Options& opt, const BaseRef* base,
               Timings* t) {
  const Bounds& b = opt.bounds;
  // Unit-level nodes are pieces. Pieces on one cell (floors of an entrance, or a building standing within
  // another's footprint, which rides on its host's cell) are adjacent and may go to different units, which
  // then overlap by exactly that cell, as DESIGN allows for stacked pieces (the check measures it per cell).
  // A node is a plan piece (index >= 0, perhaps narrowed to a floor range in g.replaced) or a floor range
  // made here (index -2 - k: g.added[k]).
  UnitWork w;
  w.nodePiece = g.pieces;
  int gridHH = 0;
  partition::Graph graph;
  auto build = [&](const UnitWork& x) {
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
    return gr;
  };
  graph = build(w);
  const int n = static_cast<int>(w.nodePiece.size());
  std::vector<std::vector<int>> nodePieces(n);
  for (int v = 0; v < n; ++v) nodePieces[v] = {w.nodePiece[v]};

  // Base units of the base grid this one continues, kept where they still meet the bounds.
  std::vector<int> keptUnits;  // fixed label → base unit index
  if (base && base->base && g.baseGrid >= 0) {
    const Plan& bp = *base->base;
    std::map<int, std::vector<int>> byUnit;
    for (int v = 0; v < n; ++v) {
      int u = base->unit[nodePieces[v][0]];
      if (u >= 0 && bp.units[u].grid == g.baseGrid) byUnit[u].push_back(v);
    }
    auto piecesOf = [&](const std::vector<int>& vs) {
      int k = 0;
      for (int v : vs) k += static_cast<int>(nodePieces[v].size());
      return k;
    };
    graph.fixed.assign(n, -1);
    // Nothing changed in this grid (same pieces, households and bounds): every unit stays as it was.
    bool unchanged = base->sameBounds;
    for (int v = 0; v < n && unchanged; ++v) {
      int u = base->unit[nodePieces[v][0]];
      unchanged = u >= 0 && bp.units[u].grid == g.baseGrid;
    }
    for (auto& [u, vs] : byUnit) {
      int sum = 0;
      for (int v : vs) sum += graph.weight[v];
      unchanged = unchanged && base->unitIntact[u] && base->unitPieces[u] == piecesOf(vs) &&
                  sum == bp.units[u].households;
    }
    for (auto& [u, vs] : byUnit) {
      // Every piece the base unit had must be here.
      if (!base->unitIntact[u] || base->unitPieces[u] != piecesOf(vs)) continue;
      int sum = 0;
      for (int v : vs) sum += graph.weight[v];
      if (!(unchanged || g.grid.locked || (within(sum, b.unit_min, b.unit_max) && connectedSubset(graph, vs))))
        continue;
      for (int v : vs) graph.fixed[v] = static_cast<int>(keptUnits.size());
      keptUnits.push_back(u);
    }
    if (keptUnits.empty()) graph.fixed.clear();
    w.fixed = graph.fixed;
  }

  partition::Result r;
  if (n == 0) {
    g.units.clear();
    g.unitPieces.clear();
    return;
  }
  if (gridHH == 0) {
    r.part.assign(n, 0);
    r.parts.resize(1);
    r.parts[0].status = Status::Under;
    // The one unit of a grid without households continues the base's, when it was exactly that.
    bool same = keptUnits.size() == 1;
    for (int v = 0; v < n && same; ++v) same = graph.fixed[v] == 0;
    if (same) r.parts[0].fixed_label = 0;
  } else {
    partition::Config cfg;
    cfg.min = b.unit_min;
    cfg.max = b.unit_max;
    cfg.target = (b.unit_min + b.unit_max) / 2;
    cfg.seed = mixSeed(opt.seed, g.grid.grid_id);
    cfg.noun = "unit";
    dumpGraph(graph, cfg, g.grid.grid_id);
    // One retry only: units are many and small, and the exact solver makes a stuck unit graph costly.
    r = bestPartition(graph, cfg, 1);
    if (opt.split_entrances) splitForUnits(plan, cells, cfg, w, graph, r, build);
  }
  g.replaced = std::move(w.replaced);
  g.added = std::move(w.added);
  g.addedOrigin = std::move(w.addedOrigin);
  // Splitting may have added nodes and joining ranges again renumbers them all.
  const int nAll = static_cast<int>(w.nodePiece.size());
  nodePieces.assign(nAll, {});
  for (int v = 0; v < nAll; ++v) nodePieces[v] = {w.nodePiece[v]};
  g.pieces = w.nodePiece;
  auto pieceAt = [&](int p) -> const Piece& { return g.piece(plan, p); };

  const int P = static_cast<int>(r.parts.size());
  std::vector<std::vector<int>> partPieces(P);
  for (int v = 0; v < nAll; ++v)
    for (int p : nodePieces[v]) partPieces[r.part[v]].push_back(p);
  for (auto& pp : partPieces) std::sort(pp.begin(), pp.end());

  std::vector<Unit> units;
  std::vector<std::vector<int>> unitPieces;
  std::vector<XY> at;
  std::vector<int> keptOf;
  double totalArea = 0;
  for (int k = 0; k < P; ++k) {
    if (partPieces[k].empty()) continue;
    Unit u;
    u.grid = -1;
    int sum = 0;
    for (int p : partPieces[k]) sum += pieceAt(p).households;
    u.households = sum;
    u.status = r.parts[k].status;
    // reason_node indexes the grid's nodes; map it to the piece.
    partition::PartInfo info = r.parts[k];
    if (u.status == Status::Under && gridHH == 0)
      u.reason = fmt(tr("grid %s has no households: one unit of its buildings"), g.grid.grid_id.c_str());
    else if (u.status != Status::Ok)
      u.reason = unitReason(plan, g, g.grid, info, sum, gridHH, nodePieces, b, opt.split_entrances);
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
    totalArea += area(u.shape);
    at.push_back(u.shape.empty() ? XY{} : centroid(u.shape));
    keptOf.push_back(kept);
    units.push_back(std::move(u));
    unitPieces.push_back(partPieces[k]);
  }

  // Codes: kept units keep theirs; new ones take free 2-digit numbers in reading order, never a code the
  // base used or retired under this grid's code (a unit it dropped, merged or renumbered elsewhere).
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
  for (const XY& p : at) box.add(p);
  std::vector<int> order = readingOrder(at, box.maxy, readingBand(totalArea, static_cast<int>(units.size())));
  int seq = 0;
  for (int i : order) {
    if (keptOf[i] >= 0) {
      const Unit& bu = base->base->units[keptOf[i]];
      // The grid kept its code, so the unit's code still extends it.
      if (bu.unit_id.rfind(g.grid.grid_id, 0) == 0) {
        units[i].unit_id = bu.unit_id;
        continue;
      }
    }
    units[i].unit_id = nextFreeCode(g.grid.grid_id, 2, seq, used);
    used.insert(units[i].unit_id);
  }
  // Units in code order, so the plan reads naturally.
  std::vector<int> byCode(units.size());
  for (size_t i = 0; i < byCode.size(); ++i) byCode[i] = static_cast<int>(i);
  std::sort(byCode.begin(), byCode.end(), [&](int a, int c) { return units[a].unit_id < units[c].unit_id; });
  g.units.clear();
  g.unitPieces.clear();
  for (int i : byCode) {
    g.units.push_back(std::move(units[i]));
    g.unitPieces.push_back(std::move(unitPieces[i]));
  }
  g.grid.units = static_cast<int>(g.units.size());
}

CommunityOut planCommunity(Plan& plan, const CommunityInput& ci, const Options& opt, const BaseRef* base,
                           const std::function<void(const char*)>& stageDone) {
  CommunityOut out;
  const Bounds& b = opt.bounds;
  const Community& com = plan.in.communities[ci.community];
  auto check = [&] {
    if (opt.cancel && opt.cancel->load()) throw Cancelled();
  };

  Cells cells = makeCells(plan, ci, out.problems, out.t);
  if (stageDone) stageDone("tessellate");
  check();

  auto t0 = Clock::now();
  // Grid-level nodes: whole buildings, or entrances of buildings above the grid maximum; pieces that a
  // kept base grid holds stay apart so that grid can be kept exactly.
  std::vector<int> bldHH(plan.in.buildings.size(), -1);
  for (int p : ci.pieces) {
    int bi = plan.pieces[p].building;
    if (bldHH[bi] < 0) bldHH[bi] = 0;
    bldHH[bi] += plan.pieces[p].households;
  }
  // A building's cells need not touch one another: another building's footprint overlapping it takes the
  // ground between its entrances, so its cells come out as separate islands. A node standing on cells
  // that do not touch would make a grid of separate polygons while the graph calls it connected, so each
  // connected set of a building's cells is a node of its own.
  std::vector<int> island(cells.groupPieces.size());
  {
    const int G = static_cast<int>(cells.groupPieces.size());
    for (int g = 0; g < G; ++g) island[g] = g;
    auto root = [&](int g) {
      while (island[g] != g) g = island[g] = island[island[g]];
      return g;
    };
    auto bldOf = [&](int g) { return plan.pieces[ci.pieces[cells.groupPieces[g][0]]].building; };
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
  }
  // A connected area whose whole buildings cannot be grouped within the bounds is tried once more with
  // its multi-entrance buildings as entrances: finer pieces, at the price of buildings divided by entrance.
  std::set<int> splitBuildings;
  std::vector<Node> nodes;
  std::vector<int> active;
  std::vector<std::vector<int>> dedicated;  // nodes of each dedicated grid
  partition::Graph graph;
  std::vector<int> keptGrids;  // fixed label → base grid
  std::vector<char> keptBase;
  partition::Result r;
  int communityHH = 0, A = 0;
  struct Attempt {
    std::vector<Node> nodes;
    std::vector<int> active;
    std::vector<std::vector<int>> dedicated;
    partition::Graph graph;
    std::vector<int> keptGrids;
    std::vector<char> keptBase;
    partition::Result r;
    int communityHH = 0, A = 0;
  } first;
  for (int attempt = 0;; ++attempt) {
    nodes.clear();
    active.clear();
    dedicated.clear();
    keptGrids.clear();
    keptBase.clear();
    r = partition::Result{};
    communityHH = 0;
    std::map<std::tuple<int, int, int, int, int>, int> nodeOfKey;
    std::vector<int> nodeOfGroup(cells.groupPieces.size(), -1);
    auto addTo = [&](const std::tuple<int, int, int, int, int>& key, const Piece& p, int entrance, int bg, int grp,
                     const std::vector<int>& local) {
      auto [it, fresh] = nodeOfKey.try_emplace(key, static_cast<int>(nodes.size()));
      if (fresh) {
        Node nd;
        nd.building = p.building;
        nd.entrance = entrance;
        nd.baseGrid = bg;
        nodes.push_back(nd);
      }
      Node& nd = nodes[it->second];
      nodeOfGroup[grp] = it->second;
      if (nd.groups.empty() || nd.groups.back() != grp) nd.groups.push_back(grp);
      for (int i : local) {
        nd.local.push_back(i);
        nd.households += plan.pieces[ci.pieces[i]].households;
      }
    };
    for (size_t grp = 0; grp < cells.groupPieces.size(); ++grp) {
      const std::vector<int>& members = cells.groupPieces[grp];
      int rep = ci.pieces[members[0]];
      const Piece& p = plan.pieces[rep];
      int entrance = bldHH[p.building] > b.grid_max || splitBuildings.count(p.building) ? std::max(p.entrance, 0) : -1;
      // An entrance above the grid maximum (a one-entrance tower of 462 households) cannot be one grid's:
      // its floor ranges are nodes of their own, stacked on its cell, so grids divide it by floors and can
      // meet the bounds. They overlap by exactly that cell, as DESIGN allows for stacked floors.
      int groupHH = 0;
      bool floorsOfOne = opt.split_entrances;
      for (int i : members) {
        const Piece& q = plan.pieces[ci.pieces[i]];
        groupHH += q.households;
        floorsOfOne = floorsOfOne && q.floor_from > 0 && q.building == p.building && q.entrance == p.entrance;
      }
      if (floorsOfOne && groupHH > b.grid_max && members.size() > 1) {
        for (int i : members) {
          int piece = ci.pieces[i];
          int bg = base ? base->grid[piece] : -1;
          addTo({p.building, std::max(p.entrance, 0), bg, island[grp], plan.pieces[piece].floor_from}, p,
                std::max(p.entrance, 0), bg, static_cast<int>(grp), {i});
        }
        continue;
      }
      int bg = base ? base->grid[rep] : -1;
      addTo({p.building, entrance, bg, island[grp], -1}, p, entrance, bg, static_cast<int>(grp), members);
    }

    // Dedicated buildings (专属网格) form grids of their own; everything else is partitioned.
    // A dedicated compound (a hospital campus) is one grid where its buildings' cells are connected.
    {
      std::map<std::string, std::vector<int>> byKey;
      for (size_t v = 0; v < nodes.size(); ++v) {
        const Building& bld = plan.in.buildings[nodes[v].building];
        if (bld.dedicated)
          byKey[bld.compound_id.empty() ? "B" + bld.bld_id : "C" + bld.compound_id].push_back(static_cast<int>(v));
        else
          active.push_back(static_cast<int>(v));
      }
      if (!byKey.empty()) {
        std::vector<std::vector<int>> allGroups(nodes.size());
        std::vector<std::vector<int>> allNodes(cells.groupPieces.size());
        for (size_t v = 0; v < nodes.size(); ++v) {
          allGroups[v] = nodes[v].groups;
          for (int grp : nodes[v].groups) allNodes[grp].push_back(static_cast<int>(v));
        }
        partition::Graph full = buildLevelGraph(allGroups, allNodes, cells.graph, cells.perimeter);
        std::vector<char> isDedicated(nodes.size(), 0);
        for (auto& [k, vs] : byKey)
          for (int v : vs) isDedicated[v] = 1;
        std::vector<int> seen(nodes.size(), 0);
        for (auto& [k, vs] : byKey) {
          std::vector<char> in(nodes.size(), 0);
          for (int v : vs) in[v] = 1;
          for (int s : vs) {
            if (seen[s]) continue;
            std::vector<int> part{s}, stack{s};
            seen[s] = 1;
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
            dedicated.push_back(std::move(part));
          }
        }
      }
    }
    A = static_cast<int>(active.size());
    std::vector<std::vector<int>> nodeGroups(A);
    std::vector<std::vector<int>> groupNodes(cells.groupPieces.size());
    for (int a = 0; a < A; ++a) {
      nodeGroups[a] = nodes[active[a]].groups;
      for (int grp : nodeGroups[a]) groupNodes[grp].push_back(a);
    }
    graph = buildLevelGraph(nodeGroups, groupNodes, cells.graph, cells.perimeter);
    std::map<std::string, int> compoundIndex;
    graph.group.assign(A, -1);
    for (int a = 0; a < A; ++a) {
      const Node& nd = nodes[active[a]];
      graph.weight[a] = nd.households;
      communityHH += nd.households;
      XY c = centroidOf(cells, nd.groups);
      graph.x[a] = c.x;
      graph.y[a] = c.y;
      const std::string& cid = plan.in.buildings[nd.building].compound_id;
      if (!cid.empty())
        graph.group[a] = compoundIndex.try_emplace(cid, static_cast<int>(compoundIndex.size())).first->second;
    }

    // Base grids kept: locked ones exactly; others when still whole, connected and within the bounds.
    if (base && base->base) {
      const Plan& bp = *base->base;
      keptBase.assign(bp.grids.size(), 0);
      std::map<int, std::vector<int>> byGrid;
      for (int a = 0; a < A; ++a)
        if (nodes[active[a]].baseGrid >= 0) byGrid[nodes[active[a]].baseGrid].push_back(a);
      graph.fixed.assign(A, -1);
      // Nothing changed in this community (same pieces, households and bounds): every grid stays.
      bool unchanged = base->sameBounds && base->keepUnlocked;
      for (int a = 0; a < A && unchanged; ++a) unchanged = nodes[active[a]].baseGrid >= 0;
      for (auto& [bgi, vs] : byGrid) {
        int pieces = 0, sum = 0;
        for (int a : vs) {
          pieces += static_cast<int>(nodes[active[a]].local.size());
          sum += graph.weight[a];
        }
        unchanged = unchanged && base->gridIntact[bgi] && pieces == base->gridPieces[bgi] &&
                    sum == bp.grids[bgi].households;
      }
      for (auto& [bgi, vs] : byGrid) {
        const Grid& bgr = bp.grids[bgi];
        if (!base->gridIntact[bgi]) continue;
        int pieces = 0, sum = 0;
        for (int a : vs) {
          pieces += static_cast<int>(nodes[active[a]].local.size());
          sum += graph.weight[a];
        }
        if (pieces != base->gridPieces[bgi]) continue;  // some of its pieces went to another community
        bool keep = bgr.locked || unchanged ||
                    (base->keepUnlocked && within(sum, b.grid_min, b.grid_max) && connectedSubset(graph, vs));
        if (!keep) continue;
        for (int a : vs) graph.fixed[a] = static_cast<int>(keptGrids.size());
        keptBase[bgi] = 1;
        keptGrids.push_back(bgi);
      }
      if (keptGrids.empty()) graph.fixed.clear();
    }

    if (A > 0) {
      if (communityHH == 0) {
        r.part.assign(A, 0);
        r.parts.resize(1);
        r.parts[0].status = Status::Under;
        r.parts[0].reason = tr("no households");
      } else {
        partition::Config cfg;
        cfg.min = b.grid_min;
        cfg.max = b.grid_max;
        cfg.target = b.grid_target;
        cfg.seed = mixSeed(opt.seed, com.community_id);
        cfg.noun = "grid";
        dumpGraph(graph, cfg, com.community_id);
        r = bestPartition(graph, cfg, 4);
      }
    }
    if (attempt > 0) {
      // Keep the finer attempt only when it leaves fewer households in exceptions.
      if (exceptionHouseholds(r) >= exceptionHouseholds(first.r)) {
        nodes = std::move(first.nodes);
        active = std::move(first.active);
        dedicated = std::move(first.dedicated);
        graph = std::move(first.graph);
        keptGrids = std::move(first.keptGrids);
        keptBase = std::move(first.keptBase);
        r = std::move(first.r);
        communityHH = first.communityHH;
        A = first.A;
      }
      break;
    }
    first = {nodes, active, dedicated, graph, keptGrids, keptBase, r, communityHH, A};
    const size_t before = splitBuildings.size();
    // The buildings of such areas and their neighbours: a small leftover often fits only with part of
    // the big building next door.
    auto trySplit = [&](int a) {
      const Node& nd = nodes[active[a]];
      if (nd.entrance < 0 && nd.baseGrid < 0 && plan.in.buildings[nd.building].entrances > 1)
        splitBuildings.insert(nd.building);
    };
    for (int a = 0; a < A; ++a) {
      if (r.parts[r.part[a]].status != Status::Exception) continue;
      trySplit(a);
      for (int e = graph.xadj[a]; e < graph.xadj[a + 1]; ++e) trySplit(graph.adjncy[e]);
    }
    if (splitBuildings.size() == before) break;
  }
  out.t.grids += since(t0);
  if (stageDone) stageDone("grids");
  check();

  // Grid outputs.
  int ncomp = 0;
  std::vector<int> comp = components(graph, &ncomp);
  std::vector<int> compSize(ncomp, 0);
  for (int a = 0; a < A; ++a) ++compSize[comp[a]];
  auto t1 = Clock::now();
  std::vector<GridOut> grids;
  std::vector<std::vector<int>> partNodes(r.parts.size());
  for (int a = 0; a < A; ++a) partNodes[r.part[a]].push_back(a);
  for (size_t k = 0; k < r.parts.size(); ++k) {
    if (partNodes[k].empty()) continue;
    GridOut g;
    g.grid.community = ci.community;
    for (int a : partNodes[k])
      for (int i : nodes[active[a]].local) g.pieces.push_back(ci.pieces[i]);
    std::sort(g.pieces.begin(), g.pieces.end());
    int sum = 0;
    for (int p : g.pieces) sum += plan.pieces[p].households;
    g.grid.households = sum;
    const partition::PartInfo& info = r.parts[k];
    g.grid.status = info.status;
    g.grid.barrier_crossings = info.barrier_crossings;
    bool whole = compSize[comp[partNodes[k][0]]] == static_cast<int>(partNodes[k].size());
    if (communityHH == 0)
      g.grid.reason = fmt(tr("%s has no households: one grid of its buildings"), communityLabel(com).c_str());
    else if (info.status != Status::Ok)
      g.grid.reason = gridReason(plan, com, communityHH, info, sum, whole, nodes, active, b);
    if (info.fixed_label >= 0 && info.fixed_label < static_cast<int>(keptGrids.size())) {
      g.baseGrid = keptGrids[info.fixed_label];
    } else if (base && base->base) {
      // Exactly the pieces of a base grid (not kept, e.g. under the minimum then and now): continue it.
      int bg = nodes[active[partNodes[k][0]]].baseGrid;
      bool same = bg >= 0 && base->gridIntact[bg] && !keptBase[bg];
      for (int a : partNodes[k]) same = same && nodes[active[a]].baseGrid == bg;
      if (same && static_cast<int>(g.pieces.size()) == base->gridPieces[bg]) g.baseGrid = bg;
    }
    grids.push_back(std::move(g));
  }
  joinEmptyParts(cells, com, communityHH, grids);
  for (const std::vector<int>& vs : dedicated) {
    const int bi = nodes[vs[0]].building;
    GridOut g;
    g.grid.community = ci.community;
    for (int v : vs)
      for (int i : nodes[v].local) g.pieces.push_back(ci.pieces[i]);
    std::sort(g.pieces.begin(), g.pieces.end());
    for (int p : g.pieces) g.grid.households += plan.pieces[p].households;
    g.grid.status = Status::Exception;
    const Building& bld = plan.in.buildings[bi];
    std::string what = buildingLabel(bld);
    if (!bld.compound_id.empty()) {
      for (const Compound& c : plan.in.compounds)
        if (c.compound_id == bld.compound_id)
          what = c.name.empty() ? fmt(tr("compound %s"), c.compound_id.c_str())
                                : fmt(tr("compound %1$s (%2$s)"), c.name.c_str(), c.compound_id.c_str());
    }
    g.grid.reason = fmt(tr("dedicated grid (专属网格) of %s"), what.c_str());
    if (base && base->base) {
      int bg = nodes[vs[0]].baseGrid;
      bool same = bg >= 0 && base->gridIntact[bg];
      for (int v : vs) same = same && nodes[v].baseGrid == bg;
      if (same && static_cast<int>(g.pieces.size()) == base->gridPieces[bg]) g.baseGrid = bg;
    }
    grids.push_back(std::move(g));
  }
  // A community with no buildings gets no grid: a grid is never empty (DESIGN §4, invariant 7), and
  // `check` notes such a community instead of a coverage gap.

  // Polygons and codes.
  double totalArea = 0;
  std::vector<XY> at;
  for (GridOut& g : grids) {
    if (!g.pieces.empty()) g.grid.shape = shapeOfPieces(cells, g.pieces);
    double a = area(g.grid.shape);
    totalArea += a;
    at.push_back(g.grid.shape.empty() ? XY{} : centroid(g.grid.shape));
  }
  out.t.polygons += since(t1);
  std::set<std::string> used = base ? base->usedCodes : std::set<std::string>{};
  std::vector<int> order = readingOrder(at, bbox(com.area).maxy, readingBand(totalArea, static_cast<int>(grids.size())));
  int seq = 0;
  for (int i : order) {
    GridOut& g = grids[i];
    if (g.baseGrid >= 0) {
      const Grid& bgr = base->base->grids[g.baseGrid];
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
    g.grid.grid_id = nextFreeCode(com.community_id, 3, seq, used);
    used.insert(g.grid.grid_id);
    // A default name a planner can replace: "桂花社区第3网格".
    if (!com.name.empty()) g.grid.name = com.name + "第" + std::to_string(seq) + "网格";
  }
  for (GridOut& g : grids) settle(g.grid.status, g.grid.reason, g.grid.households, b.grid_min, b.grid_max);

  // Units per grid.
  auto t2 = Clock::now();
  const double polygonsBefore = out.t.polygons;
  std::vector<std::vector<int>> gridPieces;
  for (GridOut& g : grids) {
    check();
    gridPieces.push_back(g.pieces);
    planUnits(plan, cells, g, opt, base, &out.t);
  }
  // Grids whose households cannot be grouped into units within the bounds trade a node with a neighbour.
  if (opt.split_entrances && A > 0) {
    LevelNodes level;
    level.graph = &graph;
    for (int a = 0; a < A; ++a) {
      std::vector<int> ps;
      for (int i : nodes[active[a]].local) ps.push_back(ci.pieces[i]);
      level.pieces.push_back(std::move(ps));
    }
    check();
    balanceForUnits(plan, cells, level, grids, gridPieces, opt, base, &out.t);
  }
  out.t.units += since(t2) - (out.t.polygons - polygonsBefore);
  if (stageDone) stageDone("units");
  if (stageDone) stageDone("polygons");

  std::sort(grids.begin(), grids.end(), [](const GridOut& a, const GridOut& c) { return a.grid.grid_id < c.grid.grid_id; });
  out.grids = std::move(grids);
  return out;
}

}  // namespace gp::pipeline
