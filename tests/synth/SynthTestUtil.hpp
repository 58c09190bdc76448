#pragma once
// GEOS helpers the synthetic-town tests share: areas of GEOS geometries and a layer's polygons as one collection.
#include <vector>

#include "geo/geom/Geos.hpp"

namespace gp::test {

inline double area(const geos::Context& c, const GEOSGeometry* g) {
  double a = 0;
  GEOSArea_r(c, g, &a);
  return a;
}

// All polygons (Polygon or MultiPolygon) of a layer as one GEOS collection, for union and area checks.
template <class Polys>
geos::GeomPtr collection(const geos::Context& c, const Polys& polys) {
  std::vector<GEOSGeometry*> parts;
  for (const auto& p : polys) parts.push_back(geos::toGeos(c, p).release());
  return geos::own(c, GEOSGeom_createCollection_r(c, GEOS_GEOMETRYCOLLECTION, parts.data(),
                                                  static_cast<unsigned>(parts.size())));
}

}  // namespace gp::test
