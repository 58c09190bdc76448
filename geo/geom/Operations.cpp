#include "geo/geom/Operations.hpp"

namespace gp::geos {

Repaired makeValid(const Context& c, const MultiPolygon& mp) {
  Repaired r;
  GeomPtr g = toGeos(c, mp);
  if (!g) {
    r.was_valid = false;
    r.reason = "not a polygon";
    return r;
  }
  if (GEOSisValid_r(c, g.get()) == 1) return r;
  r.was_valid = false;
  char* reason = GEOSisValidReason_r(c, g.get());
  r.reason = reason ? reason : "invalid";
  if (reason) GEOSFree_r(c, reason);
  GeomPtr fixed = own(c, GEOSMakeValid_r(c, g.get()));
  if (fixed) r.polygons = toMultiPolygon(c, fixed.get());
  return r;
}

XY pointOnSurface(const Context& c, const MultiPolygon& mp) {
  GeomPtr g = toGeos(c, mp);
  GeomPtr p = own(c, g ? GEOSPointOnSurface_r(c, g.get()) : nullptr);
  XY out = centroid(mp);
  if (p && GEOSisEmpty_r(c, p.get()) == 0) {
    GEOSGeomGetX_r(c, p.get(), &out.x);
    GEOSGeomGetY_r(c, p.get(), &out.y);
  }
  return out;
}

MultiPolygon hullAround(const Context& c, const std::vector<const MultiPolygon*>& shapes, double distance,
                        int quadSegs) {
  std::vector<GEOSGeometry*> pts;
  for (const MultiPolygon* mp : shapes)
    for (const auto& p : *mp)
      if (!p.rings.empty())
        for (const XY& v : p.rings[0]) pts.push_back(toGeos(c, v).release());
  if (pts.empty()) return {};
  GeomPtr all = own(c, GEOSGeom_createCollection_r(c, GEOS_MULTIPOINT, pts.data(), static_cast<unsigned>(pts.size())));
  GeomPtr hull = own(c, all ? GEOSConvexHull_r(c, all.get()) : nullptr);
  GeomPtr grown = own(c, hull ? GEOSBuffer_r(c, hull.get(), distance, quadSegs) : nullptr);
  return grown ? toMultiPolygon(c, grown.get()) : MultiPolygon{};
}

Overlap overlap(const Context& c, const GEOSGeometry* a, const GEOSGeometry* b, bool wantPoint) {
  Overlap o;
  GeomPtr inter = own(c, GEOSIntersection_r(c, a, b));
  if (!inter) return o;
  GEOSArea_r(c, inter.get(), &o.area);
  if (wantPoint && o.area > 0) o.at = centroid(toMultiPolygon(c, inter.get()));
  return o;
}

}  // namespace gp::geos
