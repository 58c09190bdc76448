#pragma once
// Boxes for index tests: a box from two corners, and whether two boxes meet (touching counts) as a scan decides.
#include "geo/core/Geometry.hpp"

namespace gp::test {

inline BBox box(double x0, double y0, double x1, double y1) {
  BBox b;
  b.add(XY{x0, y0});
  b.add(XY{x1, y1});
  return b;
}

inline bool boxesMeet(const BBox& a, const BBox& b) {
  return !a.empty() && !b.empty() && a.minx <= b.maxx && b.minx <= a.maxx && a.miny <= b.maxy && b.miny <= a.maxy;
}

}  // namespace gp::test
