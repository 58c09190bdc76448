#include "geo/plan/Check_Internal.hpp"

#include <algorithm>
#include <cmath>

#include "geo/core/ProblemText.hpp"

namespace gp::plan::check_detail {

std::string num(double v) { return thousands(std::llround(v)); }

std::string geosReason(const std::string& why) {
  static const char* const known[] = {N_("Self-intersection"),       N_("Ring Self-intersection"),
                                      N_("Too few points in geometry component"), N_("Interior is disconnected"),
                                      N_("Hole lies outside shell"), N_("Nested holes"),
                                      N_("Nested shells"),           N_("Duplicate Rings"),
                                      N_("Invalid Coordinate"),      N_("Ring is not closed")};
  for (const char* k : known) {
    std::string key = k;
    if (why.rfind(key, 0) == 0) return tr(k) + why.substr(key.size());  // the coordinates in brackets stay
  }
  return why;
}

namespace {

bool inRing(const Ring& r, XY p) {
  bool in = false;
  for (size_t i = 0, j = r.size() - 1; i < r.size(); j = i++)
    if ((r[i].y > p.y) != (r[j].y > p.y) && p.x < (r[j].x - r[i].x) * (p.y - r[i].y) / (r[j].y - r[i].y) + r[i].x)
      in = !in;
  return in;
}

}  // namespace

// A point strictly inside `mp` without GEOS: the centroid of its largest part, when that lies inside it (as it
// does for the convex cells of a tessellation) and not within 1 mm of its outline. False when it does not;
// the caller then asks GEOS for a point on the surface. Most of a big plan's pieces take this path, which
// spares a GEOS copy of every cell.
bool interiorPoint(const MultiPolygon& mp, XY& out) {
  const Polygon* best = nullptr;
  double bestA = 0;
  for (const Polygon& p : mp) {
    double a = area(p);
    if (!p.rings.empty() && p.rings[0].size() >= 4 && a > bestA) best = &p, bestA = a;
  }
  if (!best) return false;
  double cx = 0, cy = 0, a2 = 0;
  for (const Ring& r : best->rings) {
    XY o = r[0];  // relative to the first vertex, for precision far from the origin
    for (size_t i = 0; i + 1 < r.size(); ++i) {
      double x0 = r[i].x - o.x, y0 = r[i].y - o.y, x1 = r[i + 1].x - o.x, y1 = r[i + 1].y - o.y;
      double c = x0 * y1 - x1 * y0;
      a2 += c;
      cx += (x0 + x1) * c + 3 * o.x * c;
      cy += (y0 + y1) * c + 3 * o.y * c;
    }
  }
  if (std::abs(a2) < 1e-9) return false;
  XY c{cx / (3 * a2), cy / (3 * a2)};
  if (!inRing(best->rings[0], c)) return false;
  for (size_t h = 1; h < best->rings.size(); ++h)
    if (inRing(best->rings[h], c)) return false;
  // Not on the outline: a point on an edge shared with a neighbour would prove nothing.
  for (const Ring& r : best->rings)
    for (size_t i = 0; i + 1 < r.size(); ++i) {
      double dx = r[i + 1].x - r[i].x, dy = r[i + 1].y - r[i].y, len2 = dx * dx + dy * dy;
      double t = len2 > 0 ? std::clamp(((c.x - r[i].x) * dx + (c.y - r[i].y) * dy) / len2, 0.0, 1.0) : 0;
      double ex = r[i].x + t * dx - c.x, ey = r[i].y + t * dy - c.y;
      if (ex * ex + ey * ey < 1e-6) return false;
    }
  out = c;
  return true;
}

GeomPtr Checker::prepare(const MultiPolygon& mp, const std::string& feature, bool report, char* asGiven) {
  if (asGiven) *asGiven = 0;
  if (mp.empty()) return nullptr;
  GeomPtr g = geos::toGeos(ctx, mp);
  if (GEOSisValid_r(ctx, g.get()) == 1) {
    if (asGiven) *asGiven = 1;
  } else {
    char* why = GEOSisValidReason_r(ctx, g.get());
    std::string reason = geosReason(why ? why : "invalid");
    if (why) GEOSFree_r(ctx, why);
    // A multipolygon whose parts share an edge is invalid but means one connected area (QGIS edits make
    // these); only report what stays wrong after merging the parts.
    GeomPtr merged = geos::own(ctx, GEOSUnaryUnion_r(ctx, g.get()));
    if (merged && GEOSisValid_r(ctx, merged.get()) == 1 && std::abs(areaOf(merged.get()) - areaOf(g.get())) < opt.min_area)
      return merged;
    if (report)
      add("invalid_geometry", feature,
          fmt(tr("%1$s has an invalid polygon (%2$s): repair it in QGIS (Fix Geometries)"), featureLabel(feature).c_str(),
              reason.c_str()),
          pointOn(g.get()));
    GeomPtr fixed = geos::own(ctx, GEOSMakeValid_r(ctx, g.get()));
    if (fixed) return fixed;
  }
  return g;
}

void Checker::collectParts(const GEOSGeometry* g, std::vector<Part>& parts) const {
  if (!g || GEOSisEmpty_r(ctx, g) == 1) return;
  int t = GEOSGeomTypeId_r(ctx, g);
  if (t == GEOS_POLYGON) {
    double a = 0, len = 0;
    GEOSArea_r(ctx, g, &a);
    GEOSLength_r(ctx, g, &len);
    if (a >= opt.min_area && len > 0 && 2 * a / len >= opt.sliver_width) parts.push_back({a, pointOn(g)});
  } else if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
    int n = GEOSGetNumGeometries_r(ctx, g);
    for (int i = 0; i < n; ++i) collectParts(GEOSGetGeometryN_r(ctx, g, i), parts);
  }
}

std::vector<Checker::Part> Checker::significantParts(const GEOSGeometry* g) const {
  std::vector<Part> parts;
  collectParts(g, parts);
  std::sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) { return a.area > b.area; });
  return parts;
}

XY Checker::pointOn(const GEOSGeometry* g) const {
  XY p;
  GeomPtr pt = geos::own(ctx, GEOSPointOnSurface_r(ctx, g));
  if (pt && GEOSisEmpty_r(ctx, pt.get()) != 1) {
    GEOSGeomGetX_r(ctx, pt.get(), &p.x);
    GEOSGeomGetY_r(ctx, pt.get(), &p.y);
  }
  return p;
}

const GEOSGeometry* Checker::community(int c) {
  if (!commReady[c]) {
    // Only the grid level reports a community's invalid polygon: the other share reads it too, for its units.
    comm[c] = prepare(plan.in.communities[c].area, commF(c), gridLevel, &commGiven[c]);
    commReady[c] = 1;
  }
  return comm[c].get();
}

const std::vector<const GEOSGeometry*>& Checker::communityParts(int c) {
  std::vector<const GEOSGeometry*>& parts = commParts[c];
  const GEOSGeometry* whole = community(c);
  if (!parts.empty() || !whole) return parts;
  // Parts sharing an edge were merged when the polygon was prepared: those left are separate areas.
  std::vector<const GEOSGeometry*> stack{whole};
  while (!stack.empty()) {
    const GEOSGeometry* g = stack.back();
    stack.pop_back();
    int t = GEOSGeomTypeId_r(ctx, g);
    if (t == GEOS_POLYGON) {
      if (areaOf(g) >= opt.min_area) parts.push_back(g);
    } else if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
      for (int i = GEOSGetNumGeometries_r(ctx, g) - 1; i >= 0; --i) stack.push_back(GEOSGetGeometryN_r(ctx, g, i));
    }
  }
  return parts;
}

std::vector<int> Checker::partsHolding(int c, const std::vector<XY>& at) {
  const auto& parts = communityParts(c);
  std::vector<int> partOf(at.size(), -1);
  for (size_t k = 0; k < at.size(); ++k) {
    GeomPtr pt = geos::toGeos(ctx, at[k]);
    for (size_t i = 0; i < parts.size() && partOf[k] < 0; ++i)
      if (GEOSIntersects_r(ctx, parts[i], pt.get()) == 1) partOf[k] = static_cast<int>(i);
  }
  return partOf;
}

}  // namespace gp::plan::check_detail
