#pragma once
// GEOS operations the input reader needs, on plain geometry (issue 12 step 5: no raw GEOS calls in geo/io).
#include <string>
#include <vector>

#include "geo/core/Geometry.hpp"
#include "geo/geom/Geos.hpp"

namespace gp::geos {

struct Repaired {
  bool was_valid = true;
  std::string reason;      // GEOS's reason when it was not valid ("Self-intersection[3 4]")
  MultiPolygon polygons;   // when not valid: GEOS MakeValid's polygonal parts (maybe empty)
};

// Whether `mp` is a valid MultiPolygon, and if not, it repaired (the valid input is not copied). Rings of fewer than 4 points must be dropped first: they make GEOS throw.
Repaired makeValid(const Context& c, const MultiPolygon& mp);

// A point inside `mp` (GEOS PointOnSurface); its centroid when GEOS gives none.
XY pointOnSurface(const Context& c, const MultiPolygon& mp);

// The convex hull of the outer rings of every shape, grown by `distance` (buffer with `quadSegs` segments a
// quarter circle). Empty when the shapes have no vertex.
MultiPolygon hullAround(const Context& c, const std::vector<const MultiPolygon*>& shapes, double distance,
                        int quadSegs);

struct Overlap {
  double area = 0;
  XY at;  // the centroid of the overlap, when asked for and area > 0
};

// The area two geometries share, and where.
Overlap overlap(const Context& c, const GEOSGeometry* a, const GEOSGeometry* b, bool wantPoint = false);

}  // namespace gp::geos
