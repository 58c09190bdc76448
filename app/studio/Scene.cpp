#include "app/studio/Scene.hpp"

#include "geo/geom/BoxIndex.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

namespace gp::studio {

Scene::Scene() = default;
Scene::~Scene() = default;

namespace {

constexpr uint32_t rgba(int r, int g, int b, int a = 255) {
  return (uint32_t(a) << 24) | (uint32_t(b) << 16) | (uint32_t(g) << 8) | uint32_t(r);
}
uint32_t scaleRgb(uint32_t c, double f) {
  auto ch = [&](int shift) { return std::min(255, int(((c >> shift) & 0xFF) * f)); };
  return rgba(ch(0), ch(8), ch(16), int(c >> 24));
}

uint32_t statusColour(Status s) {
  switch (s) {
    case Status::Ok: return rgba(166, 217, 106);
    case Status::Under: return rgba(254, 224, 139);
    case Status::Over: return rgba(244, 109, 67);
    case Status::Split: return rgba(171, 217, 233);
    case Status::Exception: return rgba(194, 165, 207);
  }
  return rgba(200, 200, 200);
}

Vec2f rel(const XY& p, const XY& o) { return {float(p.x - o.x), float(p.y - o.y)}; }

// Douglas-Peucker keep-flags for r[a..b] (both kept).
void simplify(const Ring& r, size_t a, size_t b, double tol2, std::vector<char>& keep) {
  if (b <= a + 1) return;
  double dx = r[b].x - r[a].x, dy = r[b].y - r[a].y, len2 = dx * dx + dy * dy;
  double worst = -1;
  size_t at = a;
  for (size_t i = a + 1; i < b; ++i) {
    double px = r[i].x - r[a].x, py = r[i].y - r[a].y;
    double d2 = len2 > 0 ? (px * dy - py * dx) * (px * dy - py * dx) / len2 : px * px + py * py;
    if (d2 > worst) worst = d2, at = i;
  }
  if (worst <= tol2) return;
  keep[at] = 1;
  simplify(r, a, at, tol2, keep);
  simplify(r, at, b, tol2, keep);
}

// Outline segments of a polygon's rings. Tessellation cells carry a vertex every couple of metres along
// curved Voronoi edges; dropping those within `tolerance` metres of the line (invisible below ~5 px/m)
// cuts the segments the GPU draws several times over.
void ringSegments(const MultiPolygon& mp, XY o, int fid, std::vector<Segment>& out, double tolerance = 0) {
  std::vector<char> keep;
  for (const Polygon& p : mp)
    for (const Ring& r : p.rings) {
      if (r.size() < 2) continue;
      keep.assign(r.size(), tolerance > 0 ? 0 : 1);
      if (tolerance > 0) {
        keep.front() = keep.back() = 1;
        size_t mid = r.size() / 2;
        keep[mid] = 1;
        simplify(r, 0, mid, tolerance * tolerance, keep);
        simplify(r, mid, r.size() - 1, tolerance * tolerance, keep);
      }
      size_t prev = 0;
      for (size_t i = 1; i < r.size(); ++i) {
        if (!keep[i]) continue;
        Vec2f a = rel(r[prev], o), b = rel(r[i], o);
        out.push_back({a.x, a.y, b.x, b.y, fid});
        prev = i;
      }
    }
}

constexpr double kOutlineTolerance = 0.4;  // metres

// Tolerance of each level of detail of the grid layer (metres); level 0 is the outline tolerance.
constexpr double kGridLod[] = {kOutlineTolerance, 1.0, 2.5, 8.0};
constexpr int kLevels = sizeof(kGridLod) / sizeof(kGridLod[0]);
static_assert(kLevels == Scene::kGridLevels, "one tolerance per level");

// The coarsest level whose tolerance is at most a pixel at `scale` (pixels per metre): the 1.6-pixel grid
// outline drawn over the fill hides the difference.
int gridLevel(double scale) {
  int level = 0;
  for (int k = 1; k < kLevels; ++k)
    if (kGridLod[k] * scale <= 1.0) level = k;
  return level;
}

// `mp` with each ring simplified as ringSegments does (so a level's fill and outline agree). A shell that
// would collapse keeps its vertices; a hole that would collapse is dropped. Self-intersections this may
// create are resolved by the tessellator's odd winding rule.
MultiPolygon simplifiedShape(const MultiPolygon& mp, double tolerance) {
  MultiPolygon out;
  std::vector<char> keep;
  for (const Polygon& p : mp) {
    Polygon q;
    for (size_t k = 0; k < p.rings.size(); ++k) {
      const Ring& r = p.rings[k];
      if (r.size() < 4) {
        if (k == 0) q.rings.push_back(r);
        continue;
      }
      keep.assign(r.size(), 0);
      keep.front() = keep.back() = 1;
      size_t mid = r.size() / 2;
      keep[mid] = 1;
      simplify(r, 0, mid, tolerance * tolerance, keep);
      simplify(r, mid, r.size() - 1, tolerance * tolerance, keep);
      Ring s;
      for (size_t i = 0; i < r.size(); ++i)
        if (keep[i]) s.push_back(r[i]);
      if (s.size() >= 4) q.rings.push_back(std::move(s));
      else if (k == 0) q.rings.push_back(r);
    }
    if (!q.rings.empty()) out.push_back(std::move(q));
  }
  return out;
}

BBox relBox(const BBox& b, XY o) {
  BBox r;
  if (b.empty()) return r;
  r.add(XY{b.minx - o.x, b.miny - o.y});
  r.add(XY{b.maxx - o.x, b.maxy - o.y});
  return r;
}

bool pointInRing(const Ring& r, double x, double y) {
  bool in = false;
  for (size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
    if (((r[i].y > y) != (r[j].y > y)) && (x < (r[j].x - r[i].x) * (y - r[i].y) / (r[j].y - r[i].y) + r[i].x))
      in = !in;
  }
  return in;
}
bool pointIn(const MultiPolygon& mp, XY p) {
  for (const Polygon& poly : mp) {
    if (poly.rings.empty() || !pointInRing(poly.rings[0], p.x, p.y)) continue;
    bool hole = false;
    for (size_t k = 1; k < poly.rings.size() && !hole; ++k) hole = pointInRing(poly.rings[k], p.x, p.y);
    if (!hole) return true;
  }
  return false;
}

XY labelPoint(const MultiPolygon& mp) {
  const Polygon* best = nullptr;
  double ba = -1;
  for (const Polygon& p : mp) {
    double a = area(p);
    if (a > ba) ba = a, best = &p;
  }
  if (!best) return {};
  MultiPolygon one{*best};
  XY c = centroid(one);
  if (pointIn(one, c)) return c;
  // A concave part: the middle of the longest horizontal chord through the centroid's height.
  std::vector<double> xs;
  for (const Ring& r : best->rings)
    for (size_t i = 0; i + 1 < r.size(); ++i) {
      const XY &a = r[i], &b = r[i + 1];
      if ((a.y > c.y) != (b.y > c.y)) xs.push_back(a.x + (c.y - a.y) * (b.x - a.x) / (b.y - a.y));
    }
  std::sort(xs.begin(), xs.end());
  double bw = -1;
  XY out = c;
  for (size_t i = 0; i + 1 < xs.size(); i += 2)
    if (xs[i + 1] - xs[i] > bw) bw = xs[i + 1] - xs[i], out = {(xs[i] + xs[i + 1]) / 2, c.y};
  return out;
}

}  // namespace

bool Selection::hasGrid(int g) const { return std::find(grids.begin(), grids.end(), g) != grids.end(); }
bool Selection::hasBuilding(int b) const {
  return std::find(buildings.begin(), buildings.end(), b) != buildings.end();
}

void Scene::build(const Plan& plan) {
  ++generation_;
  BBox all;
  for (const Community& c : plan.in.communities) all.add(bbox(c.area));
  for (const Building& b : plan.in.buildings) all.add(bbox(b.footprint));
  for (const Piece& p : plan.pieces) all.add(bbox(p.cell));
  origin_ = all.empty() ? XY{} : all.center();
  bounds_ = relBox(all, origin_);

  buildingPieces_.assign(plan.in.buildings.size(), {});
  for (int i = 0; i < int(plan.pieces.size()); ++i) {
    int b = plan.pieces[i].building;
    if (b >= 0 && b < int(buildingPieces_.size())) buildingPieces_[b].push_back(i);
  }
  buildingBox_.clear();
  for (const Building& b : plan.in.buildings) buildingBox_.push_back(relBox(bbox(b.footprint), origin_));
  buildingIndex_ = std::make_unique<geom::BoxIndex>(buildingBox_);
  std::vector<BBox> cellBoxes;
  for (const Piece& p : plan.pieces) cellBoxes.push_back(relBox(bbox(p.cell), origin_));
  cellIndex_ = std::make_unique<geom::BoxIndex>(cellBoxes);

  std::vector<int> allPieces(plan.pieces.size());
  for (int i = 0; i < int(allPieces.size()); ++i) allPieces[i] = i;
  auto adj = plan::pieceAdjacency(plan, allPieces);
  padjStart_.assign(1, 0);
  padj_.clear();
  for (auto& a : adj) {
    padj_.insert(padj_.end(), a.begin(), a.end());
    padjStart_.push_back(int(padj_.size()));
  }

  std::vector<Vec2f> tris;
  std::vector<FillVertex> fv;
  std::vector<Segment> segs;
  for (int c = 0; c < int(plan.in.communities.size()); ++c) {
    tris.clear();
    triangulate(plan.in.communities[c].area, origin_, tris);
    for (const Vec2f& v : tris) fv.push_back({v.x, v.y, c});
    ringSegments(plan.in.communities[c].area, origin_, c, segs, kOutlineTolerance);
  }
  communityFill_.upload(fv);
  communityAnchor_.assign(plan.in.communities.size(), {});
  for (size_t c = 0; c < plan.in.communities.size(); ++c) {
    XY a = labelPoint(plan.in.communities[c].area);
    communityAnchor_[c] = {a.x - origin_.x, a.y - origin_.y};
  }
  communityLines_.upload(segs);

  fv.clear();
  segs.clear();
  for (int b = 0; b < int(plan.in.buildings.size()); ++b) {
    tris.clear();
    triangulate(plan.in.buildings[b].footprint, origin_, tris);
    for (const Vec2f& v : tris) fv.push_back({v.x, v.y, b});
    ringSegments(plan.in.buildings[b].footprint, origin_, b, segs);
  }
  buildingFill_.upload(fv);
  buildingLines_.upload(segs);

  segs.clear();
  for (int i = 0; i < int(plan.in.barriers.size()); ++i) {
    const LineString& l = plan.in.barriers[i].line;
    for (size_t k = 0; k + 1 < l.size(); ++k) {
      Vec2f a = rel(l[k], origin_), b = rel(l[k + 1], origin_);
      segs.push_back({a.x, a.y, b.x, b.y, i});
    }
  }
  barrierLines_.upload(segs);

  for (auto& t : gridTris_) t.clear();
  meshGrids(plan, {}, true);
  meshUnits(plan, {}, true);
  validate(plan);
  colourGrids(plan);
}

void Scene::meshGrids(const Plan& plan, const std::vector<int>& grids, bool all, bool relayout) {
  auto t0 = std::chrono::steady_clock::now();
  const int n = int(plan.grids.size());
  if (all) {
    gridSegs_.assign(n, {});
    for (auto& l : gridSegsLod_) l.assign(n, {});
    gridAnchor_.assign(n, {});
    gridBox_.assign(n, {});
  }
  std::vector<int> todo = grids;
  if (all) {
    todo.clear();
    for (int g = 0; g < n; ++g) todo.push_back(g);
  }
  for (int g : todo) {
    if (g < 0 || g >= n) continue;
    const Grid& gr = plan.grids[g];
    gridSegs_[g].clear();
    ringSegments(gr.shape, origin_, g, gridSegs_[g], kOutlineTolerance);
    gridBox_[g] = relBox(bbox(gr.shape), origin_);
    for (int k = 1; k < kGridLevels; ++k) {
      gridSegsLod_[k][g].clear();
      ringSegments(gr.shape, origin_, g, gridSegsLod_[k][g], kGridLod[k]);
    }
    XY a = labelPoint(gr.shape);
    gridAnchor_[g] = {a.x - origin_.x, a.y - origin_.y};
    for (int k = 0; k < kGridLevels; ++k) {
      if (gridTris_[k].count(gr.grid_id)) continue;
      std::vector<Vec2f> t;
      triangulate(k == 0 ? gr.shape : simplifiedShape(gr.shape, kGridLod[k]), origin_, t);
      gridTris_[k].emplace(gr.grid_id, std::move(t));
    }
  }
  gridIds_.resize(n);
  for (int g = 0; g < n; ++g) gridIds_[g] = plan.grids[g].grid_id;
  if (all) {
    // The side of a typical grid (median over grids), to tell an overview from a working zoom.
    std::vector<double> side;
    for (const BBox& b : gridBox_)
      if (!b.empty()) side.push_back(std::sqrt(b.width() * b.height()));
    if (!side.empty()) {
      std::nth_element(side.begin(), side.begin() + side.size() / 2, side.end());
      typicalGridSize_ = side[side.size() / 2];
    }
  }
  uploadGrids(todo, all || relayout);
  meshMs_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

void Scene::uploadGrids(const std::vector<int>& touched, bool all) {
  // Levels are uploaded when drawn (prepare): an edit then costs one level, not all of them.
  for (int k = 0; k < kGridLevels; ++k) {
    if (all) {
      gridLevelBuilt_[k] = false;
      gridPending_[k].clear();
    } else {
      gridPending_[k].insert(gridPending_[k].end(), touched.begin(), touched.end());
    }
  }
  prepare(lastScale_);
}

void Scene::prepare(double scale) {
  lastScale_ = scale;
  const int k = gridLevel(scale);
  if (gridLevelBuilt_[k] && gridPending_[k].empty()) return;
  ++generation_;
  // fid = grid index, for the colour tables.
  const auto& segsOf = k == 0 ? gridSegs_ : gridSegsLod_[k];
  auto fill = [&](int g, std::vector<FillVertex>& out) {
    auto it = gridTris_[k].find(gridIds_[g]);
    if (it != gridTris_[k].end())
      for (const Vec2f& v : it->second) out.push_back({v.x, v.y, g});
  };
  auto lines = [&](int g, std::vector<Segment>& out) { out.insert(out.end(), segsOf[g].begin(), segsOf[g].end()); };
  if (!gridLevelBuilt_[k]) {
    gridFill_[k].build(gridBox_, fill);
    gridLines_[k].build(gridBox_, lines);
    gridLevelBuilt_[k] = true;
  } else {
    gridFill_[k].refresh(gridPending_[k], gridBox_, fill);
    gridLines_[k].refresh(gridPending_[k], gridBox_, lines);
  }
  gridPending_[k].clear();
}

void Scene::meshUnits(const Plan& plan, const std::vector<int>& units, bool all, bool relayout) {
  const int n = int(plan.units.size());
  if (all) {
    unitSegs_.assign(n, {});
    unitAnchor_.assign(n, {});
    unitBox_.assign(n, {});
  }
  std::vector<int> todo = units;
  if (all) {
    todo.clear();
    for (int u = 0; u < n; ++u) todo.push_back(u);
  }
  for (int u : todo) {
    if (u < 0 || u >= n) continue;
    unitSegs_[u].clear();
    ringSegments(plan.units[u].shape, origin_, u, unitSegs_[u], kOutlineTolerance);
    unitBox_[u] = relBox(bbox(plan.units[u].shape), origin_);
    XY a = labelPoint(plan.units[u].shape);
    unitAnchor_[u] = {a.x - origin_.x, a.y - origin_.y};
  }
  auto lines = [&](int u, std::vector<Segment>& out) { out.insert(out.end(), unitSegs_[u].begin(), unitSegs_[u].end()); };
  if (all || relayout || unitLines_.features() != n)
    unitLines_.build(unitBox_, lines);
  else
    unitLines_.refresh(todo, unitBox_, lines);
}

void Scene::update(const Plan& plan, const plan::Touched& t) {
  if (t.attributes_only) return;
  ++generation_;
  // Grids and units taken out or put back: shift what is kept per index and re-mesh only the touched ones.
  // GRIDPLAN_SCENE_SHIFTS=0 rebuilds instead (to compare the two).
  static const bool shiftsOn = [] {
    const char* e = std::getenv("GRIDPLAN_SCENE_SHIFTS");
    return !e || std::string(e) != "0";
  }();
  const bool shifted = !t.structure && !t.shifts.empty() && shiftsOn && replay(t.shifts);
  const bool rebuild = t.structure || (!t.shifts.empty() && !shifted);
  for (int g : t.grids)
    if (g >= 0 && g < int(plan.grids.size()))
      for (auto& tris : gridTris_) tris.erase(plan.grids[g].grid_id);
  if (rebuild || gridSegs_.size() != plan.grids.size()) {
    meshGrids(plan, {}, true);
  } else {
    meshGrids(plan, t.grids, false, shifted);
  }
  if (rebuild || unitSegs_.size() != plan.units.size())
    meshUnits(plan, {}, true);
  else
    meshUnits(plan, t.units, false, shifted);
  if (rebuild || bad_.size() != plan.grids.size() || unitBad_.size() != plan.units.size())
    validate(plan);
  else
    validate(plan, t.grids, t.units);
  if (rebuild || gridPalette_.size() != plan.grids.size())
    colourGrids(plan);
  else
    recolourTouched(plan, t.grids);
}

void Scene::validate(const Plan& plan) {
  bad_.assign(plan.grids.size(), 0);
  unitBad_.assign(plan.units.size(), 0);
  violations_ = 0;
  outOfBounds_ = 0;
  std::vector<int> all(std::max(plan.grids.size(), plan.units.size()));
  for (size_t i = 0; i < all.size(); ++i) all[i] = int(i);
  validate(plan, all, all);
}

void Scene::validate(const Plan& plan, const std::vector<int>& grids, const std::vector<int>& units) {
  // Only what an edit touched: a city has hundreds of thousands of units, scattered in memory.
  const Bounds& b = plan.bounds;
  for (int g : grids) {
    if (g < 0 || g >= int(plan.grids.size()) || g >= int(bad_.size())) continue;
    countGrid(bad_[g], -1);
    bad_[g] = 0;
    const Grid& gr = plan.grids[g];
    // An explained exception (a dedicated grid, a tower above the maximum) is not something to fix.
    bool explained = (gr.status == Status::Exception || gr.status == Status::Split) && !gr.reason.empty();
    if ((gr.households < b.grid_min || gr.households > b.grid_max) && !explained) bad_[g] |= 1;
    if (gr.shape.size() > 1) bad_[g] |= 2;
    countGrid(bad_[g], +1);
  }
  for (int u : units) {
    if (u < 0 || u >= int(plan.units.size()) || u >= int(unitBad_.size())) continue;
    violations_ -= unitBad_[u];
    unitBad_[u] = plan.units[u].shape.size() > 1;
    violations_ += unitBad_[u];
  }
}

void Scene::recolor(const Plan& plan, const Selection& sel, const Layers& layers) {
  ++generation_;
  const int ng = int(plan.grids.size());
  std::vector<uint32_t> c;

  c.assign(std::max<size_t>(1, plan.in.communities.size()), rgba(250, 248, 243));
  communityColours_.upload(c);
  c.assign(std::max<size_t>(1, plan.in.communities.size()), rgba(70, 78, 92));
  communityLineColours_.upload(c);

  c.assign(std::max(1, ng), 0);
  for (int g = 0; g < ng; ++g)
    c[g] = layers.colourByStatus ? statusColour(plan.grids[g].status) : gridColour(g);
  gridFillColours_.upload(c);
  for (int g = 0; g < ng; ++g) c[g] = plan.grids[g].locked ? rgba(40, 40, 40) : rgba(60, 66, 80);
  gridLineColours_.upload(c);
  // Highlights draw only the outlines they colour: small meshes instead of a second pass over the city.
  std::vector<Segment> segs;
  for (int g = 0; g < ng; ++g) {
    c[g] = gridDisconnected(g) ? rgba(200, 30, 160) : gridOutOfBounds(g) ? rgba(220, 40, 40) : 0;
    if (c[g] && g < int(gridSegs_.size())) segs.insert(segs.end(), gridSegs_[g].begin(), gridSegs_[g].end());
  }
  gridBadColours_.upload(c);
  gridBadLines_.upload(segs);
  segs.clear();
  for (int g = 0; g < ng; ++g) c[g] = 0;
  for (size_t k = 0; k < sel.grids.size(); ++k) {
    int g = sel.grids[k];
    if (g < 0 || g >= ng) continue;
    c[g] = k == 0 ? rgba(255, 120, 0) : rgba(0, 140, 255);
    if (g < int(gridSegs_.size())) segs.insert(segs.end(), gridSegs_[g].begin(), gridSegs_[g].end());
  }
  gridSelColours_.upload(c);
  gridSelLines_.upload(segs);

  c.assign(std::max<size_t>(1, plan.units.size()), rgba(90, 96, 110, 150));
  for (int u = 0; u < int(plan.units.size()); ++u) {
    if (unitDisconnected(u)) c[u] = rgba(220, 40, 40, 230);
    if (u == sel.unit) c[u] = rgba(0, 140, 255, 255);
  }
  unitColours_.upload(c);

  const int nb = int(plan.in.buildings.size());
  c.assign(std::max(1, nb), rgba(150, 150, 150));
  std::vector<uint32_t> lines(std::max(1, nb), rgba(60, 60, 60, 110));
  for (int b = 0; b < nb; ++b) {
    const auto& ps = buildingPieces_[b];
    int g0 = ps.empty() ? -1 : plan.pieces[ps[0]].grid;
    bool split = false;
    for (int p : ps) split = split || plan.pieces[p].grid != g0;
    if (g0 >= 0 && g0 < ng) c[b] = scaleRgb(layers.colourByStatus ? statusColour(plan.grids[g0].status) : gridColour(g0), 0.62);
    if (split) {
      c[b] = rgba(120, 40, 150);  // stacked pieces in different grids
      lines[b] = rgba(255, 255, 255, 255);
    }
    if (plan.in.buildings[b].households == 0 && g0 >= 0) c[b] = scaleRgb(c[b], 1.25);
  }
  // Selected buildings take the selection colour in the one building pass (a second pass over every
  // building just for the few selected ones cost the software rasteriser a tenth of a frame).
  for (int b : sel.buildings)
    if (b >= 0 && b < nb) c[b] = rgba(255, 120, 0);
  buildingColours_.upload(c);
  buildingLineColours_.upload(lines);

  c.assign(std::max<size_t>(1, plan.in.barriers.size()), rgba(150, 156, 166));
  for (int i = 0; i < int(plan.in.barriers.size()); ++i) {
    const std::string& k = plan.in.barriers[i].kind;
    if (k == "river" || k == "water" || k == "canal") c[i] = rgba(74, 144, 217);
    else if (k == "railway" || k == "rail") c[i] = rgba(80, 80, 80);
  }
  barrierColours_.upload(c);
}

void Scene::draw(const Renderer& r, const View& v, const Layers& layers, const BBox* cull) const {
  // Chunks out of view are skipped whole (the renderer culls by tile within a chunk).
  BBox vis = cull ? *cull : v.visible();
  r.setCull(cull);
  const double margin = 8.0 / std::max(v.scale, 1e-9);
  vis.minx -= margin;
  vis.miny -= margin;
  vis.maxx += margin;
  vis.maxy += margin;
  if (layers.communities) r.fill(communityFill_, communityColours_, 1.0f);
  if (layers.grids) {
    // Fills are drawn per grid from the cache: one upload when grids change.
    gridFill_[gridLevel(v.scale)].draw(vis, [&](const FillMesh& m) { r.fill(m, gridFillColours_, 0.55f); });
  }
  if (layers.buildings) {
    r.fill(buildingFill_, buildingColours_, 0.95f);
    if (v.scale > 1.2) r.lines(buildingLines_, buildingLineColours_, 1.0f);
  }
  if (layers.barriers) r.lines(barrierLines_, barrierColours_, v.scale > 0.5 ? 3.0f : 2.0f, 0.9f);
  // Units (20–30 households, a few buildings) only mean something once buildings are large on screen.
  if (layers.units && v.scale > 0.6) {
    const float alpha = float(std::min(1.0, (v.scale - 0.6) * 2));
    unitLines_.draw(vis, [&](const LineMesh& m) { r.lines(m, unitColours_, 1.0f, alpha); });
  }
  if (layers.grids) {
    // Zoomed out until grids are a few dozen pixels across, full-strength outlines would turn the city into a
    // dark mesh: they fade, and the communities' outlines carry the map.
    const float gridPx = float(typicalGridSize_ * v.scale);
    const float lineAlpha = std::clamp((gridPx - 12.0f) / 48.0f, 0.25f, 1.0f);
    gridLines_[gridLevel(v.scale)].draw(vis, [&](const LineMesh& m) { r.lines(m, gridLineColours_, 1.6f, lineAlpha); });
    r.lines(gridBadLines_, gridBadColours_, 3.5f, 0.9f);
  }
  if (layers.communities) r.lines(communityLines_, communityLineColours_, 3.0f);
  r.lines(gridSelLines_, gridSelColours_, 4.0f);
}

std::string Scene::stats() const {
  size_t tris[kGridLevels] = {}, segs[kGridLevels] = {};
  for (int k = 0; k < kGridLevels; ++k) {
    for (const auto& [id, t] : gridTris_[k]) tris[k] += t.size() / 3;
    for (const auto& s : k == 0 ? gridSegs_ : gridSegsLod_[k]) segs[k] += s.size();
  }
  char buf[320];
  std::snprintf(buf, sizeof buf,
                "triangles: communities %d, grids %zu (coarser levels %zu, %zu, %zu), buildings %d; segments: grids %zu "
                "(coarser levels %zu, %zu, %zu), units %d, buildings %d, communities %d",
                communityFill_.count() / 3, tris[0], tris[1], tris[2], tris[3], buildingFill_.count() / 3, segs[0],
                segs[1], segs[2], segs[3], int(unitLines_.primitives()), buildingLines_.count(), communityLines_.count());
  return buf;
}

BBox Scene::gridBounds(const Plan& plan, int g) const {
  if (g < 0 || g >= int(plan.grids.size())) return {};
  return relBox(bbox(plan.grids[g].shape), origin_);
}

int Scene::buildingAt(const Plan& plan, XY m) const {
  int found = -1;
  XY w{m.x + origin_.x, m.y + origin_.y};
  BBox q;
  q.add(m);
  if (buildingIndex_)
    for (int i : buildingIndex_->overlapping(q))
      if (pointIn(plan.in.buildings[i].footprint, w)) return i;
  return found;
}

int Scene::pieceAt(const Plan& plan, XY m) const {
  int found = -1;
  XY w{m.x + origin_.x, m.y + origin_.y};
  BBox q;
  q.add(m);
  if (cellIndex_)
    for (int i : cellIndex_->overlapping(q))
      if (pointIn(plan.pieces[i].cell, w)) return i;
  return found;
}

std::vector<int> Scene::buildingsNear(const Plan& plan, XY m, double radius) const {
  (void)plan;
  std::vector<int> out;
  BBox q;
  q.add(XY{m.x - radius, m.y - radius});
  q.add(XY{m.x + radius, m.y + radius});
  if (!buildingIndex_) return out;
  for (int i : buildingIndex_->overlapping(q)) {
    const BBox& b = buildingBox_[i];
    double dx = std::max({b.minx - m.x, 0.0, m.x - b.maxx});
    double dy = std::max({b.miny - m.y, 0.0, m.y - b.maxy});
    if (dx * dx + dy * dy <= radius * radius) out.push_back(i);
  }
  return out;
}

std::vector<int> Scene::buildingsIn(const Plan& plan, const BBox& box) const {
  (void)plan;
  std::vector<int> out;
  if (!buildingIndex_) return out;
  for (int i : buildingIndex_->overlapping(box)) {
    XY c = buildingBox_[i].center();
    if (c.x >= box.minx && c.x <= box.maxx && c.y >= box.miny && c.y <= box.maxy) out.push_back(i);
  }
  return out;
}

}  // namespace gp::studio
