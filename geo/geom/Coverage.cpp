#include "geo/geom/Coverage.hpp"

#include <cmath>

#include "geo/geom/Adjacency.hpp"
#include "geo/geom/Geos.hpp"

namespace gp::geom {

namespace {

// Parts and holes this small are slivers left by cells whose shared edges do not match exactly; only the
// fallback (full overlay) union can leave them.
constexpr double kSliverArea = 0.01;  // m²
// Grid (m) of the fallback union: fine enough to keep any surveyed shape, coarse enough to close gaps
// left by coordinates that differ in the last digits.
constexpr double kFallbackGrid = 0.001;

MultiPolygon dropSlivers(MultiPolygon mp) {
  MultiPolygon out;
  for (Polygon& p : mp) {
    if (p.rings.empty() || std::fabs(signedArea(p.rings[0])) < kSliverArea) continue;
    Polygon q;
    q.rings.push_back(std::move(p.rings[0]));
    for (size_t i = 1; i < p.rings.size(); ++i)
      if (std::fabs(signedArea(p.rings[i])) >= kSliverArea) q.rings.push_back(std::move(p.rings[i]));
    out.push_back(std::move(q));
  }
  return out;
}

}  // namespace

MultiPolygon unionCells(const std::vector<const MultiPolygon*>& cells) {
  geos::Context c;
  std::vector<GEOSGeometry*> polys;
  for (const MultiPolygon* mp : cells) {
    if (!mp) continue;
    for (const Polygon& p : *mp) {
      geos::GeomPtr g = geos::toGeos(c, p);
      if (g && GEOSisEmpty_r(c, g.get()) != 1) polys.push_back(g.release());
    }
  }
  if (polys.empty()) return {};
  if (polys.size() == 1) {
    geos::GeomPtr one = geos::own(c, polys[0]);
    return geos::toMultiPolygon(c, one.get());
  }
  geos::GeomPtr coll = geos::own(c, GEOSGeom_createCollection_r(c, GEOS_MULTIPOLYGON, polys.data(),
                                                                 static_cast<unsigned>(polys.size())));
  geos::GeomPtr u = geos::own(c, GEOSCoverageUnion_r(c, coll.get()));
  if (u && GEOSisValid_r(c, u.get()) == 1) {
    // Coverage union trusts that neighbours share identical edges; where they do not, parts that should
    // have merged come out side by side, touching along a line. Accept only when no two parts do.
    MultiPolygon mp = geos::toMultiPolygon(c, u.get());
    if (mp.size() == 1) return mp;
    std::vector<MultiPolygon> parts;
    for (Polygon& p : mp) parts.push_back({p});
    if (sharedBoundaries(parts, {}, kFallbackGrid).empty()) return mp;
  }
  // Not an exact coverage: a full overlay union on a fine grid, which closes gaps narrower than the grid.
  u = geos::own(c, GEOSUnaryUnionPrec_r(c, coll.get(), kFallbackGrid));
  if (!u) u = geos::own(c, GEOSUnaryUnion_r(c, coll.get()));
  if (!u) {
    geos::GeomPtr fixed = geos::own(c, GEOSMakeValid_r(c, coll.get()));
    if (fixed) u = geos::own(c, GEOSUnaryUnion_r(c, fixed.get()));
  }
  if (!u) return {};
  return dropSlivers(geos::toMultiPolygon(c, u.get()));
}

}  // namespace gp::geom
