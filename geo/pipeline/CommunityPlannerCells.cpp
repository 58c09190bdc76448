// The cells of one community (its pieces' tessellation and adjacency), and what the grid and unit levels
// of planning it share about pieces: their shapes, floor ranges put into the plan, household points, seeds.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "geo/geom/Coverage.hpp"
#include "geo/geom/Tessellation.hpp"
#include "geo/pipeline/CellRepair.hpp"
#include "geo/pipeline/CommunityPlannerCommon.hpp"

namespace gp::pipeline {

using namespace detail;

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

}  // namespace gp::pipeline
