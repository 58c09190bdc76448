#include "geo/plan/Check_Internal.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <unordered_map>

namespace gp::plan::check_detail {

// 3 and 4 for one level: each parent (community or grid) is covered by its children (grids or units) without
// gaps, overlaps beyond stacked cells, or parts outside it.
void Checker::coverage(const std::vector<const GEOSGeometry*>& parents,
                       const std::vector<const GEOSGeometry*>& children, const std::vector<int>& parentOf,
                       const std::vector<BBox>& childBox, const Allowance& allow, const Given& given, bool units) {
  const char* gapKind = units ? "unit_coverage_gap" : "coverage_gap";
  auto parentF = [&](int p) { return parentFeature(p, units); };
  auto parentW = [&](int p) { return parentWords(p, units); };

  std::vector<std::vector<int>> kids(parents.size());
  for (size_t i = 0; i < children.size(); ++i)
    if (children[i] && parentOf[i] >= 0 && parentOf[i] < static_cast<int>(parents.size()))
      kids[parentOf[i]].push_back(static_cast<int>(i));

  // Overlap allowed per parent: the stacked cells shared by two of its children.
  std::vector<double> allowedOf(parents.size(), 0);
  std::vector<char> unknownOf(parents.size(), 0);
  auto parentIndex = [&](int child) {
    int p = child >= 0 && child < static_cast<int>(parentOf.size()) ? parentOf[child] : -1;
    return p >= 0 && p < static_cast<int>(parents.size()) ? p : -1;
  };
  for (auto& [key, a] : allow.pair)
    if (int p = parentIndex(key.first); p >= 0) allowedOf[p] += a;
  for (auto& [key, u] : allow.unknown)
    if (int p = parentIndex(key.first); p >= 0 && u) unknownOf[p] = 1;

  for (size_t p = 0; p < parents.size(); ++p) {
    const GEOSGeometry* parent = parents[p];
    if (!parent) continue;
    if (kids[p].empty()) {
      // No child polygon at all: a gap as large as the parent, where it has children (without shapes) or
      // households that some child should serve.
      // A community with no pieces at all needs no grid (it was said once, as community_no_buildings).
      bool expected = std::find(parentOf.begin(), parentOf.end(), static_cast<int>(p)) != parentOf.end() ||
                      (!units && piecesInCommunity(static_cast<int>(p)) > 0);
      double a = areaOf(parent);
      if (expected && a > opt.min_area)
        add(gapKind, parentF(static_cast<int>(p)),
            fmt(units ? tr("%1$s (%2$s m²) is covered by no unit polygon: draw its units")
                      : tr("%1$s (%2$s m²) is covered by no grid polygon: draw its grids"),
                parentW(static_cast<int>(p)).c_str(), num(a).c_str()),
            pointOn(parent));
      continue;
    }
    if (!unknownOf[p] && sameCover(static_cast<int>(p), parent, kids[p], allow, given)) continue;
    double sumA = 0, allowed = 0;
    bool unknown = false;
    std::vector<GEOSGeometry*> clones;
    for (int k : kids[p]) {
      sumA += areaOf(children[k]);
      clones.push_back(GEOSGeom_clone_r(ctx, children[k]));
    }
    allowed = allowedOf[p];
    unknown = unknownOf[p];
    GeomPtr uni = unionOf(clones, allowed == 0 && !unknown, sumA);
    if (!uni) continue;
    double unionA = areaOf(uni.get());

    // Overlaps: the children's areas add up to more than their union.
    if (sumA - unionA > allowed + opt.min_area || unknown) overlaps(kids[p], children, childBox, allow, units);

    // Outside: the union reaches beyond the parent; only then is each child measured on its own.
    double parentA = areaOf(parent);
    GeomPtr inside = geos::own(ctx, GEOSIntersection_r(ctx, uni.get(), parent));
    double coveredA = inside ? areaOf(inside.get()) : unionA;
    if (unionA - coveredA > opt.min_area)
      for (int k : kids[p]) outside(children[k], parent, k, static_cast<int>(p), units);

    // Gaps: the parent is not covered by the union of its children.
    if (parentA - coveredA > opt.min_area) gaps(parent, static_cast<int>(p), uni.get(), kids[p], children, units);
  }
}

namespace {

// A segment of a polygon's outline, its ends in lexicographic order; the sign of its count says which way.
struct Segment {
  double x0, y0, x1, y1;
  bool operator==(const Segment& o) const { return x0 == o.x0 && y0 == o.y0 && x1 == o.x1 && y1 == o.y1; }
};
struct SegmentHash {
  size_t operator()(const Segment& s) const {
    uint64_t h = 1469598103934665603ull;
    for (double d : {s.x0, s.y0, s.x1, s.y1}) {
      uint64_t b;
      std::memcpy(&b, &d, sizeof b);
      h = (h ^ b) * 1099511628211ull;
      h ^= h >> 29;
    }
    return static_cast<size_t>(h);
  }
};

// The outlines of polygons as a sum of directed segments, each polygon with a weight: shells counter-clockwise,
// holes clockwise, so that a valid polygon's outline is the boundary of its area (its winding number is 1
// inside, 0 outside). Rings are read as GEOS reads them (geos::toGeos): a polygon with no shell of 4 points is
// empty, shorter holes are left out, rings are closed.
class Outline {
 public:
  void add(const MultiPolygon& mp, int weight) {
    for (const Polygon& p : mp) {
      if (p.rings.empty() || p.rings[0].size() < 4) continue;
      for (size_t k = 0; k < p.rings.size(); ++k)
        if (p.rings[k].size() >= 4) addRing(p.rings[k], (signedArea(p.rings[k]) > 0) == (k == 0) ? weight : -weight);
    }
  }
  // Whether every segment cancels out: the weighted areas then add up to zero everywhere (a sum of areas whose
  // boundary is zero is zero).
  bool zero() const {
    for (const auto& [s, n] : net)
      if (n != 0) return false;
    return true;
  }

 private:
  std::unordered_map<Segment, int, SegmentHash> net;
  void addRing(const Ring& r, int weight) {
    for (size_t i = 0; i < r.size(); ++i) {
      const XY& a = r[i];
      const XY& b = r[(i + 1) % r.size()];
      if (a.x == b.x && a.y == b.y) continue;
      if (std::tie(a.x, a.y) < std::tie(b.x, b.y))
        net[{a.x, a.y, b.x, b.y}] += weight;
      else
        net[{b.x, b.y, a.x, a.y}] -= weight;
    }
  }
};

}  // namespace

// The children of parent p, each valid as given, add up to exactly the parent plus each stacked cell as many
// times beyond once as children share it, when their outlines, so weighted, cancel the parent's segment for
// segment (their vertices are shared exactly, as polygons read off one tessellation's cells are). Then they
// have no gap, no overlap beyond stacked cells and no part outside the parent, provided each stacked cell lies
// in the parent (tested): nothing the union below would find, at a fraction of its cost. Any other plan, a
// polygon redrawn in QGIS, a vertex moved by a millimetre, takes the union.
bool Checker::sameCover(int p, const GEOSGeometry* parent, const std::vector<int>& kids, const Allowance& allow,
                        const Given& given) {
  if (!given.parents[p]) return false;
  Outline sum;
  for (int k : kids) {
    if (!given.children[k]) return false;
    sum.add(*given.children[k], 1);
  }
  sum.add(*given.parents[p], -1);
  auto st = allow.stacked.find(p);
  if (st != allow.stacked.end())
    for (const auto& [cell, extra] : st->second) {
      if (!cell) return false;
      sum.add(*cell, -extra);
    }
  if (!sum.zero()) return false;
  if (st == allow.stacked.end()) return true;
  geos::PreparedPtr in = geos::prepare(ctx, parent);
  for (const auto& [cell, extra] : st->second) {
    GeomPtr c = geos::toGeos(ctx, *cell);
    if (!c || GEOSPreparedCovers_r(ctx, in.get(), c.get()) != 1) return false;
  }
  return true;
}

// The id of child i (a unit or a grid), the feature of parent p (a grid or a community), its words in a message.
std::string Checker::childId(int i, bool units) const { return units ? plan.units[i].unit_id : plan.grids[i].grid_id; }
std::string Checker::parentFeature(int p, bool units) const { return units ? gridF(p) : commF(p); }
std::string Checker::parentWords(int p, bool units) const {
  return units ? gridW(plan.grids[p].grid_id) : fmt(tr("community %s"), plan.in.communities[p].community_id.c_str());
}

// 4: pairs of children that overlap beyond their stacked cells. Children sorted by their boxes' west edge, so
// only pairs whose boxes meet are intersected.
void Checker::overlaps(const std::vector<int>& kids, const std::vector<const GEOSGeometry*>& children,
                       const std::vector<BBox>& childBox, const Allowance& allow, bool units) {
  const char* overlapKind = units ? "unit_coverage_overlap" : "coverage_overlap";
  auto childId = [&](int i) { return this->childId(i, units); };
  std::vector<int> order = kids;
  std::sort(order.begin(), order.end(), [&](int a, int b) { return childBox[a].minx < childBox[b].minx; });
  for (size_t i = 0; i < order.size(); ++i) {
    int a = order[i];
    for (size_t j = i + 1; j < order.size(); ++j) {
      int b = order[j];
      if (childBox[b].minx > childBox[a].maxx) break;
      if (childBox[b].miny > childBox[a].maxy || childBox[b].maxy < childBox[a].miny) continue;
      std::pair<int, int> key{std::min(a, b), std::max(a, b)};
      auto un = allow.unknown.find(key);
      if (un != allow.unknown.end() && un->second) continue;  // stacked pieces with no cell: cannot tell
      GeomPtr inter = geos::own(ctx, GEOSIntersection_r(ctx, children[a], children[b]));
      if (!inter) continue;
      auto parts = significantParts(inter.get());
      double ov = 0;
      for (auto& part : parts) ov += part.area;
      auto al = allow.pair.find(key);
      double ok = al == allow.pair.end() ? 0 : al->second;
      if (parts.empty() || ov <= ok + opt.min_area) continue;
      int first = std::min(a, b), second = std::max(a, b);
      const char* msg =
          units ? (ok > 0 ? tr("units %1$s and %2$s overlap by %3$s m² beyond their shared stacked floors: each "
                               "place belongs to one unit; redraw the shared edge")
                          : tr("units %1$s and %2$s overlap by %3$s m²: each place belongs to one unit; redraw the "
                               "shared edge"))
                : (ok > 0 ? tr("grids %1$s and %2$s overlap by %3$s m² beyond their shared stacked floors: each "
                               "place belongs to one grid; redraw the shared edge")
                          : tr("grids %1$s and %2$s overlap by %3$s m²: each place belongs to one grid; redraw the "
                               "shared edge"));
      add(overlapKind, std::string(units ? "unit " : "grid ") + childId(first),
          fmt(msg, childId(first).c_str(), childId(second).c_str(), num(ov - ok).c_str()),
          parts[0].at);
    }
  }
}

// 4: the parts of parent p (a grid or community) that the union of its children leaves uncovered.
void Checker::gaps(const GEOSGeometry* parent, int p, const GEOSGeometry* uni, const std::vector<int>& kids,
                   const std::vector<const GEOSGeometry*>& children, bool units) {
  const char* gapKind = units ? "unit_coverage_gap" : "coverage_gap";
  auto childId = [&](int i) { return this->childId(i, units); };
  GeomPtr gap = geos::own(ctx, GEOSDifference_r(ctx, parent, uni));
  for (const Part& part : significantParts(gap.get())) {
    // Name the children around the gap, so the planner knows which edge to move.
    GeomPtr pt = geos::toGeos(ctx, part.at);
    std::vector<std::pair<double, int>> near;
    for (int k : kids) {
      double d = 0;
      GEOSDistance_r(ctx, children[k], pt.get(), &d);
      near.push_back({d, k});
    }
    std::sort(near.begin(), near.end());
    std::string around;
    for (size_t i = 0; i < near.size() && i < 2; ++i) around += (i ? tr(", ") : "") + childId(near[i].second);
    const char* msg =
        units ? (around.empty() ? tr("a gap of %1$s m² in %2$s belongs to no unit: give it to a neighbouring unit")
                                : tr("a gap of %1$s m² in %2$s belongs to no unit (nearest: %3$s): give it to a "
                                     "neighbouring unit"))
              : (around.empty() ? tr("a gap of %1$s m² in %2$s belongs to no grid: give it to a neighbouring grid")
                                : tr("a gap of %1$s m² in %2$s belongs to no grid (nearest: %3$s): give it to a "
                                     "neighbouring grid"));
    add(gapKind, parentFeature(p, units),
        fmt(msg, num(part.area).c_str(), parentWords(p, units).c_str(), around.c_str()),
        part.at);
  }
}

void Checker::outside(const GEOSGeometry* child, const GEOSGeometry* parent, int k, int p, bool units) {
  GeomPtr diff = geos::own(ctx, GEOSDifference_r(ctx, child, parent));
  auto parts = significantParts(diff.get());
  if (parts.empty()) return;
  double a = 0;
  for (auto& part : parts) a += part.area;
  if (units)
    add("unit_outside_grid", unitF(k),
        fmt(tr("unit %1$s reaches %2$s m² outside its grid %3$s: a unit lies inside one grid; clip it to the grid or "
               "move it to the grid it lies in"),
            plan.units[k].unit_id.c_str(), num(a).c_str(), plan.grids[p].grid_id.c_str()),
        parts[0].at);
  else
    add("grid_outside_community", gridF(k),
        fmt(tr("grid %1$s reaches %2$s m² outside its community %3$s: a grid lies inside exactly one community; clip "
               "it to the boundary"),
            plan.grids[k].grid_id.c_str(), num(a).c_str(), plan.in.communities[p].community_id.c_str()),
        parts[0].at);
}

// Union of polygons that should form a coverage. GEOS coverage union only drops shared edges, far cheaper than
// a full overlay, but assumes what is being checked: its result is kept only when it is valid and loses no
// area (any overlap would), else the full union decides.
GeomPtr Checker::unionOf(std::vector<GEOSGeometry*>& parts, bool coverage, double sumA) {
  GeomPtr coll = geos::own(ctx, GEOSGeom_createCollection_r(ctx, GEOS_GEOMETRYCOLLECTION,
                                                            parts.data(),
                                                            static_cast<unsigned>(parts.size())));
  if (coverage) {
    GeomPtr fast = geos::own(ctx, GEOSCoverageUnion_r(ctx, coll.get()));
    if (fast && std::abs(areaOf(fast.get()) - sumA) <= opt.min_area && GEOSisValid_r(ctx, fast.get()) == 1) return fast;
  }
  return geos::own(ctx, GEOSUnaryUnion_r(ctx, coll.get()));
}

}  // namespace gp::plan::check_detail
