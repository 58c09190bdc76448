#include "geo/plan/Check_Internal.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <tuple>

#include "geo/plan/PointInArea.hpp"

namespace gp::plan::check_detail {

// The geometric invariants on one share of the plan (see Share), stage by stage; the order of the stages is the
// order of the problems they report.
void Checker::geometry(const Share& s, const Allowances* shared) {
  share = &s;
  gridLevel = s.gridLevel;
  prepareShapes();
  piecesOnMap();
  connectivity();
  Allowances own;
  if (!shared) own = stackedAllowances();
  const Allowances& allow = shared ? *shared : own;
  if (allow.cellsMissing && gridLevel)
    add("cells_missing", "plan",
        tr("the plan has no cells for stacked floor pieces, so overlaps between the units holding them are not verified"),
        std::nullopt, Severity::Info);
  coverageOfAll(allow.grid, allow.unit);
}

// The GEOS polygons of the communities (grid level), the grids and the units this share looks at.
void Checker::prepareShapes() {
  const int nc = static_cast<int>(plan.in.communities.size());
  const int ng = static_cast<int>(plan.grids.size()), nu = static_cast<int>(plan.units.size());
  gridPieces.assign(ng, 0), unitPieces.assign(nu, 0);
  for (const Piece& p : plan.pieces) {
    if (validGrid(p.grid)) gridPieces[p.grid]++;
    if (validUnit(p.unit)) unitPieces[p.unit]++;
  }
  gridGeom.clear(), gridGeom.resize(ng), unitGeom.clear(), unitGeom.resize(nu);
  gridGiven.assign(ng, 0), unitGiven.assign(nu, 0), commGiven.assign(nc, 0);
  comm.clear(), comm.resize(nc), commReady.assign(nc, 0), commParts.assign(nc, {});
  if (gridLevel)
    for (int c = 0; c < nc; ++c) community(c);
  for (int g = 0; g < ng; ++g)
    if (gridLevel || unitsOfGrid(g)) gridGeom[g] = prepare(plan.grids[g].shape, gridF(g), gridLevel, &gridGiven[g]);
  for (int u = 0; u < nu; ++u)
    if (ownsUnit(u)) unitGeom[u] = prepare(plan.units[u].shape, unitF(u), true, &unitGiven[u]);
}

// 2 on the map: each piece lies in its grid's and its unit's polygon (a boundary redrawn in QGIS without
// moving the pieces breaks this). Tested at a point inside the piece's cell, or inside its building when the
// building is whole and the cell unknown. A polygon valid as given is tested on its coordinates (locate, the
// answer of GEOS without building an index of its segments for one or two points); one GEOS merged or made
// valid, through GEOS.
void Checker::piecesOnMap() {
  std::vector<geos::PreparedPtr> gprep(plan.grids.size()), uprep(plan.units.size());
  auto prepOf = [&](std::vector<geos::PreparedPtr>& cache, const std::vector<GeomPtr>& geoms, int i) {
    if (!cache[i] && geoms[i]) cache[i] = geos::prepare(ctx, geoms[i].get());
    return cache[i].get();
  };
  GeomPtr pt;  // the GEOS point of `at`, made only where a polygon is tested through GEOS
  XY at;
  auto outside = [&](std::vector<geos::PreparedPtr>& cache, const std::vector<GeomPtr>& geoms,
                     const std::vector<char>& asGiven, const MultiPolygon& shape, int i) {
    if (asGiven[i]) return locate(at, shape) == Where::Exterior;
    auto* prep = prepOf(cache, geoms, i);
    if (!prep) return false;
    if (!pt) pt = geos::toGeos(ctx, at);
    return GEOSPreparedIntersects_r(ctx, prep, pt.get()) != 1;
  };
  for (const Piece& p : plan.pieces) {
    const MultiPolygon* where = !p.cell.empty() ? &p.cell : nullptr;
    if (!where && p.entrance < 0 && validBuilding(p.building) && !plan.in.buildings[p.building].footprint.empty())
      where = &plan.in.buildings[p.building].footprint;
    bool testGrid = gridLevel && validGrid(p.grid), testUnit = validUnit(p.unit) && ownsUnit(p.unit);
    if (!where || (!testGrid && !testUnit)) continue;
    pt.reset();
    if (!interiorPoint(*where, at)) {
      GeomPtr g = geos::toGeos(ctx, *where);
      pt = geos::own(ctx, GEOSPointOnSurface_r(ctx, g.get()));
      if (!pt || GEOSisEmpty_r(ctx, pt.get()) == 1) continue;
      GEOSGeomGetX_r(ctx, pt.get(), &at.x);
      GEOSGeomGetY_r(ctx, pt.get(), &at.y);
    }
    if (testGrid)
      if (outside(gprep, gridGeom, gridGiven, plan.grids[p.grid].shape, p.grid))
        add("piece_outside_grid", "piece " + p.piece_id,
            fmt(tr("piece %1$s is assigned to grid %2$s but lies outside its polygon: move the piece to the grid it "
                   "lies in, or redraw the grid"),
                p.piece_id.c_str(), plan.grids[p.grid].grid_id.c_str()),
            at);
    if (testUnit)
      if (outside(uprep, unitGeom, unitGiven, plan.units[p.unit].shape, p.unit))
        add("piece_outside_unit", "piece " + p.piece_id,
            fmt(tr("piece %1$s is assigned to unit %2$s but lies outside its polygon: move the piece to the unit it "
                   "lies in, or redraw the unit"),
                p.piece_id.c_str(), plan.units[p.unit].unit_id.c_str()),
            at);
  }
}

// 5 and 7: one connected polygon each, unless its community's polygon is itself in separate parts and it
// must span them: then each of its parts lies in a different part of the community, and it is `exception`
// with that reason. Returns whether it is such a spanning one.
bool Checker::connected(const GeomPtr& g, int pieces, const std::string& id, int c, Status st,
                        const std::string& reason, bool isGrid) {
  // Its feature key and words, formatted only for a message (not for each of a big plan's grids and units).
  auto feature = [&] { return std::string(isGrid ? "grid " : "unit ") + id; };
  auto what = [&] { return isGrid ? gridW(id) : unitW(id); };
  if (!g || GEOSisEmpty_r(ctx, g.get()) == 1) {
    if (pieces > 0)
      add(isGrid ? "grid_no_shape" : "unit_no_shape", feature(),
          fmt(trn("%1$s has %2$d piece but no polygon: redraw it as the union of its pieces' cells",
                  "%1$s has %2$d pieces but no polygon: redraw it as the union of its pieces' cells", pieces),
              what().c_str(), pieces));
    return false;
  }
  auto parts = significantParts(g.get());
  if (parts.size() <= 1) return false;
  // Each part in a different part of the community?
  bool apart = false;
  size_t communityParts = validCommunity(c) ? this->communityParts(c).size() : 0;
  if (communityParts > 1) {
    std::vector<XY> at;
    for (const Part& part : parts) at.push_back(part.at);
    std::vector<int> in = partsHolding(c, at);
    std::sort(in.begin(), in.end());
    apart = in.front() >= 0 && std::adjacent_find(in.begin(), in.end()) == in.end();
  }
  const std::string commName = validCommunity(c) ? plan.in.communities[c].community_id : "";
  if (apart && st == Status::Exception && !trim(reason).empty()) {
    add(isGrid ? "grid_spans_community_parts" : "unit_spans_community_parts", feature(),
        fmt(tr("%1$s spans %2$d of the %3$d separate parts of community %4$s (status exception: %5$s)"), what().c_str(),
            static_cast<int>(parts.size()), static_cast<int>(communityParts), commName.c_str(), trim(reason).c_str()),
        parts[1].at, Severity::Info);
    return true;
  }
  std::string sizes;
  for (size_t i = 1; i < parts.size() && i < 4; ++i) sizes += (i > 1 ? tr(", ") : "") + num(parts[i].area);
  std::string todo =
      apart ? fmt(isGrid ? tr("community %1$s is itself in %2$d separate parts and each part of this grid lies in a "
                              "different one: if the grid must span them, set its status to exception with that "
                              "reason; else give each cut-off part to the grid around it")
                         : tr("community %1$s is itself in %2$d separate parts and each part of this unit lies in a "
                              "different one: if the unit must span them, set its status to exception with that "
                              "reason; else give each cut-off part to the unit around it"),
                  commName.c_str(), static_cast<int>(communityParts))
            : std::string(isGrid ? tr("give the cut-off part to the grid around it")
                                 : tr("give the cut-off part to the unit around it"));
  add(isGrid ? "grid_disconnected" : "unit_disconnected", feature(),
      fmt(tr("%1$s is in %2$d separate parts (largest %3$s m², others %4$s m²): %5$s"), what().c_str(),
          static_cast<int>(parts.size()), num(parts[0].area).c_str(), sizes.c_str(), todo.c_str()),
      parts[1].at);
  return false;
}

void Checker::connectivity() {
  for (int g = 0; g < static_cast<int>(plan.grids.size()) && gridLevel; ++g) {
    const Grid& x = plan.grids[g];
    spanningGrid[g] = connected(gridGeom[g], gridPieces[g], x.grid_id, x.community, x.status, x.reason, true);
  }
  for (int u = 0; u < static_cast<int>(plan.units.size()); ++u)
    if (ownsUnit(u)) {
      const Unit& x = plan.units[u];
      int c = validGrid(x.grid) ? plan.grids[x.grid].community : -1;
      spanningUnit[u] = connected(unitGeom[u], unitPieces[u], x.unit_id, c, x.status, x.reason, false);
    }
}

// For 3 and 4 (inside the parent, and covering it): stacked floor pieces of one entrance share a cell, so the
// grids (units) holding them may overlap by exactly that cell; this measures the allowance per pair.
// Pieces stacked on one cell: the floors of an entrance, and buildings standing within another's footprint (a
// tower on its podium, a duplicate footprint), whose cells are the host's. Grouped by the cell itself (its
// vertices to the millimetre); without cells, by building and entrance for floor pieces.
// Computed once per check (both threads read it): it only reads the plan, and says without a note whether
// stacked pieces lack cells (the grid level notes it, in its place among its findings).
Checker::Allowances Checker::stackedAllowances() const {
  Allowances result;
  Allowance &gridAllow = result.grid, &unitAllow = result.unit;
  // Per parent, the stacked cells held by several of its children and how many: what the children's polygons
  // add up to beyond the parent (see Check_Coverage.cpp, sameCover).
  auto addStacked = [&](Allowance& al, const std::vector<int>& members, const MultiPolygon* cell, auto childOf,
                        auto parentOf) {
    std::map<int, std::vector<int>> byParent;
    for (int i : members)
      if (int k = childOf(plan.pieces[i]); k >= 0) {
        std::vector<int>& ks = byParent[parentOf(k)];
        if (std::find(ks.begin(), ks.end(), k) == ks.end()) ks.push_back(k);
      }
    for (auto& [parent, ks] : byParent)
      if (ks.size() >= 2) al.stacked[parent].push_back({cell, static_cast<int>(ks.size()) - 1});
  };
  // Pieces by their cell's key (hash, vertices) then index: the groups in the order of the keys, each group's
  // pieces in plan order (a sort, not a map of vectors: one allocation instead of one per piece).
  struct Keyed {
    uint64_t h, n;
    int i;
    bool operator<(const Keyed& o) const { return std::tie(h, n, i) < std::tie(o.h, o.n, o.i); }
  };
  std::vector<Keyed> keyed;
  keyed.reserve(plan.pieces.size());
  for (size_t i = 0; i < plan.pieces.size(); ++i) {
    const Piece& p = plan.pieces[i];
    if (!p.cell.empty()) {
      uint64_t h = 1469598103934665603ull, n = 0;
      for (const Polygon& poly : p.cell)
        for (const Ring& r : poly.rings)
          for (const XY& v : r) {
            for (double c : {v.x, v.y}) {
              h ^= static_cast<uint64_t>(std::llround(c * 1000.0));
              h *= 1099511628211ull;
            }
            ++n;
          }
      keyed.push_back({h, n, static_cast<int>(i)});
    } else if (p.floor_from > 0 && validBuilding(p.building)) {
      keyed.push_back({~uint64_t(0), (uint64_t(uint32_t(p.building)) << 32) | uint32_t(p.entrance + 1), static_cast<int>(i)});
    }
  }
  std::sort(keyed.begin(), keyed.end());
  bool& cellsMissing = result.cellsMissing;
  std::vector<int> members;
  for (size_t from = 0, to = 0; from < keyed.size(); from = to) {
    for (to = from + 1; to < keyed.size() && keyed[to].h == keyed[from].h && keyed[to].n == keyed[from].n;) ++to;
    if (to - from < 2) continue;
    members.clear();
    for (size_t k = from; k < to; ++k) members.push_back(keyed[k].i);
    double a = -1;
    for (int i : members)
      if (!plan.pieces[i].cell.empty()) {
        a = gp::area(plan.pieces[i].cell);
        break;
      }
    if (a < 0) cellsMissing = true;
    auto addPairs = [&](Allowance& al, auto of) {
      std::vector<int> ids;
      for (int i : members) {
        int v = of(plan.pieces[i]);
        if (v >= 0 && std::find(ids.begin(), ids.end(), v) == ids.end()) ids.push_back(v);
      }
      for (size_t x = 0; x < ids.size(); ++x)
        for (size_t y = x + 1; y < ids.size(); ++y) {
          std::pair<int, int> k{std::min(ids[x], ids[y]), std::max(ids[x], ids[y])};
          if (a < 0)
            al.unknown[k] = true;
          else
            al.pair[k] += a;
        }
    };
    addPairs(gridAllow, [&](const Piece& p) { return validGrid(p.grid) ? p.grid : -1; });
    addPairs(unitAllow, [&](const Piece& p) { return validUnit(p.unit) ? p.unit : -1; });
    if (a >= 0) {
      const MultiPolygon* cell = nullptr;
      for (int i : members)
        if (!plan.pieces[i].cell.empty()) cell = &plan.pieces[i].cell;
      addStacked(gridAllow, members, cell, [&](const Piece& p) { return validGrid(p.grid) ? p.grid : -1; },
                 [&](int g) { return plan.grids[g].community; });
      addStacked(unitAllow, members, cell, [&](const Piece& p) { return validUnit(p.unit) ? p.unit : -1; },
                 [&](int u) { return plan.units[u].grid; });
    }
  }
  return result;
}

// 3 and 4 for both levels: grids in their communities (grid level), units in their grids.
void Checker::coverageOfAll(const Allowance& gridAllow, const Allowance& unitAllow) {
  const int ng = static_cast<int>(plan.grids.size()), nu = static_cast<int>(plan.units.size());
  std::vector<int> gridParent(ng), unitParent(nu);
  std::vector<BBox> gridBox(ng), unitBox(nu);
  for (int g = 0; g < ng; ++g) gridParent[g] = plan.grids[g].community, gridBox[g] = bbox(plan.grids[g].shape);
  for (int u = 0; u < nu; ++u) unitParent[u] = plan.units[u].grid, unitBox[u] = bbox(plan.units[u].shape);
  auto raw = [](const std::vector<GeomPtr>& v, auto keep) {
    std::vector<const GEOSGeometry*> ptrs(v.size(), nullptr);
    for (size_t i = 0; i < v.size(); ++i)
      if (keep(static_cast<int>(i))) ptrs[i] = v[i].get();
    return ptrs;
  };
  auto all = [](int) { return true; };
  auto given = [](const std::vector<char>& asGiven, auto shapeOf) {
    std::vector<const MultiPolygon*> shapes(asGiven.size(), nullptr);
    for (size_t i = 0; i < asGiven.size(); ++i)
      if (asGiven[i]) shapes[i] = &shapeOf(static_cast<int>(i));
    return shapes;
  };
  auto gridShape = [&](int g) -> const MultiPolygon& { return plan.grids[g].shape; };
  Given units{given(gridGiven, gridShape), given(unitGiven, [&](int u) -> const MultiPolygon& { return plan.units[u].shape; })};
  if (gridLevel) {
    Given grids{given(commGiven, [&](int c) -> const MultiPolygon& { return plan.in.communities[c].area; }),
                given(gridGiven, gridShape)};
    coverage(raw(comm, all), raw(gridGeom, all), gridParent, gridBox, gridAllow, grids, false);
  }
  coverage(raw(gridGeom, [&](int g) { return unitsOfGrid(g); }), raw(unitGeom, all), unitParent, unitBox, unitAllow,
           units, true);
}

}  // namespace gp::plan::check_detail
