#pragma once
// Small helpers shared by the geom tests: WKT in, GEOS measures out.
#include <string>

#include "geo/geom/Geos.hpp"

namespace gp::test {

inline MultiPolygon mpFromWkt(const std::string& wkt) {
  geos::Context c;
  return geos::toMultiPolygon(c, geos::fromWkt(c, wkt).get());
}

inline MultiPolygon box(double x0, double y0, double x1, double y1) {
  return {Polygon{{Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}};
}

inline double geosArea(const geos::Context& c, const GEOSGeometry* g) {
  double a = 0;
  GEOSArea_r(c, g, &a);
  return a;
}

// Area of the intersection of two polygonal geometries.
inline double overlapArea(const MultiPolygon& a, const MultiPolygon& b) {
  geos::Context c;
  auto ga = geos::toGeos(c, a), gb = geos::toGeos(c, b);
  auto i = geos::own(c, GEOSIntersection_r(c, ga.get(), gb.get()));
  return i ? geosArea(c, i.get()) : -1;
}

// Area of the symmetric difference.
inline double symDiffArea(const MultiPolygon& a, const MultiPolygon& b) {
  geos::Context c;
  auto ga = geos::toGeos(c, a), gb = geos::toGeos(c, b);
  auto d = geos::own(c, GEOSSymDifference_r(c, ga.get(), gb.get()));
  return d ? geosArea(c, d.get()) : -1;
}

inline bool isValid(const MultiPolygon& a) {
  geos::Context c;
  auto g = geos::toGeos(c, a);
  return GEOSisValid_r(c, g.get()) == 1;
}

}  // namespace gp::test
