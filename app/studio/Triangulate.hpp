#pragma once
// Polygons (with holes) to triangles for the GPU. Coordinates are shifted by `origin` and stored as
// floats, which keeps centimetre precision across a city.
#include <vector>

#include "geo/core/Geometry.hpp"

namespace gp::studio {

struct Vec2f {
  float x, y;
};

// Appends the triangles of `mp` (three vertices each, minus `origin`) to `out`. Convex rings without
// holes are fanned; anything else goes through GLU's tessellator (odd winding, so holes stay open).
void triangulate(const MultiPolygon& mp, XY origin, std::vector<Vec2f>& out);

}  // namespace gp::studio
