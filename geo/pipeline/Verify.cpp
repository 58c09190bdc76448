#include "geo/pipeline/Verify.hpp"

#include "geo/core/I18n.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <unordered_map>

#include "geo/geom/Adjacency.hpp"
#include "geo/geom/Geos.hpp"
#include "geo/pipeline/Names.hpp"
#include "geo/pipeline/Report.hpp"
#include "geo/pipeline/VerifyBatches.hpp"
#include "geo/plan/Check.hpp"
#include "geo/plan/Edits.hpp"

namespace gp::pipeline {

namespace {

// Pieces adjacent through their cells, with the length of boundary they share. Stacked pieces (floors of
// an entrance, a building on its host's footprint) carry copies of one cell and so share all of it.
struct PieceGraph {
  std::vector<int> pieces;                             // plan indices
  std::vector<std::vector<std::pair<int, double>>> adj;  // per position: (position, shared length)
};

PieceGraph pieceGraph(const Plan& plan, std::vector<int> pieces) {
  PieceGraph g;
  g.pieces = std::move(pieces);
  g.adj.resize(g.pieces.size());
  std::vector<MultiPolygon> cells;
  std::vector<int> posOfCell;
  for (size_t k = 0; k < g.pieces.size(); ++k) {
    const MultiPolygon& c = plan.pieces[g.pieces[k]].cell;
    if (c.empty()) continue;
    cells.push_back(c);
    posOfCell.push_back(static_cast<int>(k));
  }
  if (!cells.empty())
    for (const geom::SharedBoundary& s : geom::sharedBoundaries(cells, {})) {
      int a = posOfCell[s.a], b = posOfCell[s.b];
      g.adj[a].push_back({b, s.length});
      g.adj[b].push_back({a, s.length});
    }
  return g;
}

// Connected sets of the positions `members` (a subset of g's), through edges inside the subset.
std::vector<std::vector<int>> components(const PieceGraph& g, const std::vector<int>& members) {
  std::unordered_map<int, int> in;
  for (int k : members) in.emplace(k, -1);
  std::vector<std::vector<int>> out;
  for (int s : members) {
    if (in[s] >= 0) continue;
    int c = static_cast<int>(out.size());
    out.push_back({s});
    in[s] = c;
    for (size_t i = 0; i < out[c].size(); ++i)
      for (auto [w, len] : g.adj[out[c][i]]) {
        auto it = in.find(w);
        if (it != in.end() && it->second < 0) {
          it->second = c;
          out[c].push_back(w);
        }
      }
  }
  return out;
}

int householdsOf(const Plan& plan, const PieceGraph& g, const std::vector<int>& positions) {
  int n = 0;
  for (int k : positions) n += plan.pieces[g.pieces[k]].households;
  return n;
}

// Removes grids and units without pieces, keeping the order of the rest; returns how many went.
int dropEmpty(Plan& plan) {
  std::vector<int> gridPieces(plan.grids.size(), 0), unitPieces(plan.units.size(), 0);
  for (const Piece& p : plan.pieces) {
    if (p.grid >= 0) gridPieces[p.grid]++;
    if (p.unit >= 0) unitPieces[p.unit]++;
  }
  std::vector<int> gmap(plan.grids.size(), -1), umap(plan.units.size(), -1);
  std::vector<Grid> grids;
  std::vector<Unit> units;
  int removed = 0;
  for (size_t g = 0; g < plan.grids.size(); ++g) {
    if (gridPieces[g] == 0) {
      ++removed;
      continue;
    }
    gmap[g] = static_cast<int>(grids.size());
    grids.push_back(std::move(plan.grids[g]));
  }
  for (size_t u = 0; u < plan.units.size(); ++u) {
    int g = plan.units[u].grid;
    if (unitPieces[u] == 0 || g < 0 || gmap[g] < 0) {
      ++removed;
      continue;
    }
    umap[u] = static_cast<int>(units.size());
    Unit x = std::move(plan.units[u]);
    x.grid = gmap[g];
    units.push_back(std::move(x));
  }
  if (removed == 0) {
    plan.grids = std::move(grids);
    plan.units = std::move(units);
    return 0;
  }
  for (Piece& p : plan.pieces) {
    if (p.grid >= 0) p.grid = gmap[p.grid];
    if (p.unit >= 0) p.unit = umap[p.unit];
  }
  plan.grids = std::move(grids);
  plan.units = std::move(units);
  for (Grid& g : plan.grids) g.units = 0;
  for (const Unit& u : plan.units) plan.grids[u.grid].units++;
  return removed;
}

class Repairer {
 public:
  Repairer(Plan& plan, const Options& opt, VerifyReport& rep) : plan_(plan), opt_(opt), rep_(rep) {}

  void placeOrphans();
  // Repairs the disconnected grids and units `found` names; true when anything moved.
  bool reconnect(const std::vector<Problem>& found);
  // Recounts and re-outlines what moved, removes what emptied, and divides the units of changed grids again.
  void settle();

 private:
  Plan& plan_;
  const Options& opt_;
  VerifyReport& rep_;
  geos::Context ctx_;
  plan::Touched touched_;
  std::set<int> regrid_;  // grids whose units are divided again

  std::vector<int> piecesOfCommunity(int c) const {
    std::vector<int> out;
    for (size_t i = 0; i < plan_.pieces.size(); ++i) {
      int g = plan_.pieces[i].grid;
      if (g >= 0 && plan_.grids[g].community == c) out.push_back(static_cast<int>(i));
    }
    return out;
  }
  XY pointOf(const Piece& p) const {
    const MultiPolygon& m = !p.cell.empty() ? p.cell : plan_.in.buildings[p.building].footprint;
    return m.empty() ? XY{} : centroid(m);
  }
  double distance(const MultiPolygon& shape, XY at) {
    if (shape.empty()) return 1e300;
    auto g = geos::toGeos(ctx_, shape);
    auto pt = geos::toGeos(ctx_, at);
    double d = 1e300;
    GEOSDistance_r(ctx_, g.get(), pt.get(), &d);
    return d;
  }
  double distance(const MultiPolygon& a, const MultiPolygon& b) {
    if (a.empty() || b.empty()) return 1e300;
    auto ga = geos::toGeos(ctx_, a), gb = geos::toGeos(ctx_, b);
    double d = 1e300;
    GEOSDistance_r(ctx_, ga.get(), gb.get(), &d);
    return d;
  }
  void move(int piece, int grid, int unit) {
    Piece& p = plan_.pieces[piece];
    touched_.addGrid(p.grid);
    touched_.addUnit(p.unit);
    p.grid = grid;
    p.unit = unit;
    touched_.addGrid(grid);
    touched_.addUnit(unit);
  }
  // The unit of `grid` nearest to a point (0 distance when inside); -1 when the grid has none.
  int nearestUnit(int grid, XY at) {
    int best = -1;
    double bestD = 1e300;
    for (int u : plan::unitsOfGrid(plan_, grid)) {
      double d = distance(plan_.units[u].shape, at);
      if (best < 0 || d < bestD) best = u, bestD = d;
    }
    return best;
  }
};

void Repairer::placeOrphans() {
  for (size_t i = 0; i < plan_.pieces.size(); ++i) {
    Piece& p = plan_.pieces[i];
    if (p.grid >= 0 && p.unit >= 0) continue;
    if (p.building < 0) continue;
    int c = p.grid >= 0 ? plan_.grids[p.grid].community
                        : plan::findCommunity(plan_, plan_.in.buildings[p.building].community_id);
    if (c < 0) continue;  // outside every community: reported as such by the pipeline
    XY at = pointOf(p);
    int grid = p.grid;
    if (grid < 0) {
      double bestD = 1e300;
      for (size_t g = 0; g < plan_.grids.size(); ++g) {
        if (plan_.grids[g].community != c) continue;
        double d = distance(plan_.grids[g].shape, at);
        if (grid < 0 || d < bestD) grid = static_cast<int>(g), bestD = d;
      }
    }
    if (grid < 0) continue;
    int unit = nearestUnit(grid, at);
    if (unit < 0) {
      Unit u;
      u.grid = grid;
      u.unit_id = plan::nextUnitCode(plan_, grid);
      unit = static_cast<int>(plan_.units.size());
      plan_.units.push_back(std::move(u));
      plan_.grids[grid].units++;
    }
    move(static_cast<int>(i), grid, unit);
    ++rep_.pieces_placed;
  }
}

bool Repairer::reconnect(const std::vector<Problem>& found) {
  std::set<int> badGrids, badUnits;
  for (const Problem& p : found) {
    if (p.kind == "grid_disconnected") {
      int g = plan::findGrid(plan_, p.feature.substr(5));
      if (g >= 0 && !plan_.grids[g].locked) badGrids.insert(g);
    } else if (p.kind == "unit_disconnected") {
      int u = plan::findUnit(plan_, p.feature.substr(5));
      if (u >= 0) badUnits.insert(u);
    }
  }
  if (badGrids.empty() && badUnits.empty()) return false;
  std::set<int> communities;
  for (int g : badGrids) communities.insert(plan_.grids[g].community);
  for (int u : badUnits) communities.insert(plan_.grids[plan_.units[u].grid].community);
  bool moved = false;
  for (int c : communities) {
    PieceGraph pg = pieceGraph(plan_, piecesOfCommunity(c));
    // The grid (or unit) a cut-off part `comp` shares most boundary with, among the neighbours `take` accepts
    // (mapping a neighbouring piece to a grid or unit, -1 to pass it by); -1 when it touches none.
    auto sharingMost = [&](const std::vector<int>& comp, auto take) {
      std::map<int, double> shared;
      for (int k : comp)
        for (auto [w, len] : pg.adj[k])
          if (int to = take(plan_.pieces[pg.pieces[w]]); to >= 0) shared[to] += len;
      int best = -1;
      double most = 0;
      for (auto [to, len] : shared)
        if (len > most) best = to, most = len;
      return best;
    };
    // Each set (grid or unit) of `bad`: its connected parts but the one with most households (then most pieces).
    auto cutOff = [&](const std::set<int>& bad, auto setOf) {
      std::map<int, std::vector<int>> members;
      for (size_t k = 0; k < pg.pieces.size(); ++k) {
        int x = setOf(plan_.pieces[pg.pieces[k]]);
        if (bad.count(x)) members[x].push_back(static_cast<int>(k));
      }
      std::vector<std::pair<int, std::vector<int>>> out;
      for (auto& [x, ms] : members) {
        auto comps = components(pg, ms);
        size_t main = 0;
        for (size_t i = 1; i < comps.size(); ++i) {
          int a = householdsOf(plan_, pg, comps[i]), b = householdsOf(plan_, pg, comps[main]);
          if (a > b || (a == b && comps[i].size() > comps[main].size())) main = i;
        }
        for (size_t i = 0; i < comps.size(); ++i)
          if (i != main) out.push_back({x, std::move(comps[i])});
      }
      return out;
    };
    // Grids first: a cut-off part joins the grid of its community it shares most boundary with, and there
    // the unit it shares most boundary with.
    for (auto& [g, comp] : cutOff(badGrids, [](const Piece& p) { return p.grid; })) {
      const int from = g;
      int target = sharingMost(comp, [&](const Piece& o) { return o.grid == from || plan_.grids[o.grid].locked ? -1 : o.grid; });
      if (target < 0) continue;  // isolated: a part of the community's area on its own
      int unit = sharingMost(comp, [&](const Piece& o) { return o.grid == target ? o.unit : -1; });
      if (unit < 0) continue;
      for (int k : comp) move(pg.pieces[k], target, unit);
      regrid_.insert(g);
      regrid_.insert(target);
      ++rep_.parts_moved;
      moved = true;
    }
    // Then units: a cut-off part joins the unit of the same grid it shares most boundary with.
    for (auto& [u, comp] : cutOff(badUnits, [](const Piece& p) { return p.unit; })) {
      const int from = u, grid = plan_.pieces[pg.pieces[comp[0]]].grid;
      int unit = sharingMost(comp, [&](const Piece& o) { return o.grid == grid && o.unit != from ? o.unit : -1; });
      if (unit < 0) continue;
      for (int k : comp) move(pg.pieces[k], grid, unit);
      ++rep_.parts_moved;
      moved = true;
    }
  }
  return moved;
}

void Repairer::settle() {
  if (touched_.grids.empty() && touched_.units.empty()) return;
  plan::refresh(plan_, touched_);
  touched_ = {};
  rep_.empty_removed += dropEmpty(plan_);
  // The units of grids that gained or lost a part are divided again, so their bounds are looked at again.
  std::vector<std::string> codes;
  for (int g : regrid_)
    if (g < static_cast<int>(plan_.grids.size())) codes.push_back(plan_.grids[g].grid_id);
  regrid_.clear();
  for (const std::string& code : codes) {
    int g = plan::findGrid(plan_, code);
    if (g >= 0) repartitionUnits(plan_, g, opt_);
  }
}

}  // namespace

VerifyReport verifyPlan(Plan& plan, const Options& opt, bool finished) {
  VerifyReport rep;
  Repairer r(plan, opt, rep);
  rep.empty_removed += dropEmpty(plan);
  r.placeOrphans();
  r.settle();
  // Nothing removed or placed: the plan is the one finishPlan made, and finishPlan again would give it back
  // unchanged (it is idempotent; 0.03 s of the serial self-check at 1M).
  bool upToDate = finished && rep.empty_removed == 0 && rep.pieces_placed == 0;
  std::vector<Problem> found;
  for (int round = 0;; ++round) {
    // Statuses are final before the check: what it judges is what is written.
    if (!upToDate) finishPlan(plan);
    upToDate = false;
    found = checkInBatches(plan, opt.check_batch_pieces, opt.jobs);
    if (round >= 3 || !r.reconnect(found)) break;
    r.settle();
  }
  for (const Problem& p : found) {
    if (p.severity != Severity::Error && p.severity != Severity::Warning) continue;
    ++rep.violations;
    plan.problems.add(p.kind, Severity::Error, p.feature,
                      fmt(tr("the plan breaks a rule of `gridplan check`: %s"), p.message.c_str()), p.at);
  }
  return rep;
}

}  // namespace gp::pipeline
