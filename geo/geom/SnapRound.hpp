#pragma once
// Snap rounding of lines to a fixed grid, so that lines from different sources share exact nodes.
// Internal to geo/geom (the tessellation's linework).
#include <cstdint>
#include <vector>

#include "geo/core/Geometry.hpp"

namespace gp::geom {

// A grid point: integer multiples of the grid step.
struct GridPoint {
  int64_t x, y;
  bool operator==(const GridPoint& o) const { return x == o.x && y == o.y; }
  bool operator<(const GridPoint& o) const { return x < o.x || (x == o.x && y < o.y); }
};
struct GridEdge {
  GridPoint a, b;
};

// v × scale rounded as GEOS's fixed precision model rounds it (Java's Math.round: halves up), so that a
// vertex rounded here lands where GEOS's snap rounding puts it.
double gridRound(double v, double scale);
inline int64_t gridIndex(double v, double scale) { return static_cast<int64_t>(gridRound(v, scale)); }

// Snap rounding (Hobby's) of the lines to the grid of step 1 / scale: every vertex and every crossing of
// two segments makes a hot pixel (the grid cell around a grid point), and each segment is routed through
// the centres of the hot pixels it passes through. The edges returned are noded: they meet only at their
// end points (two may coincide); none has length zero.
std::vector<GridEdge> snapRound(const std::vector<LineString>& lines, double scale);

}  // namespace gp::geom
