#pragma once
// Uniform-grid index of line segments, for asking whether a point or a segment lies along any indexed line.
// Internal to geo/geom (tessellation and adjacency use it for barriers).
#include <cstdint>
#include <functional>
#include <unordered_map>
#include <vector>

#include "geo/core/Geometry.hpp"

namespace gp::geom {

class SegmentIndex {
 public:
  // cell: grid cell size in metres (0 = chosen from the lines' extent).
  explicit SegmentIndex(const std::vector<LineString>& lines, double cell = 0);
  bool empty() const { return segs_.empty(); }
  // Distance from p to the nearest indexed segment, when it is at most tol.
  bool near(XY p, double tol) const;
  // True when segment ab passes within tol of any indexed segment.
  bool nearSegment(XY a, XY b, double tol) const;
  // True when a, b and their midpoint all lie within tol of indexed segments.
  bool along(XY a, XY b, double tol) const;

 private:
  struct Seg {
    XY a, b;
  };
  int64_t key(int64_t ix, int64_t iy) const { return ix * 73856093LL ^ iy * 19349663LL; }
  int64_t cellOf(double v) const;
  std::vector<Seg> segs_;
  double cell_ = 1;
  std::unordered_map<int64_t, std::vector<int32_t>> grid_;
};

// Calls fn(ix, iy) for every grid cell (of size cell) that segment ab, widened by pad, may touch;
// linear in the segment's length, not its bounding box.
void cellsAlong(XY a, XY b, double pad, double cell, const std::function<void(int64_t, int64_t)>& fn);

// Distance between segments ab and cd (0 when they cross).
double segmentDistance(XY a, XY b, XY c, XY d);

// Distance from p to segment ab.
double pointSegmentDistance(XY p, XY a, XY b);

}  // namespace gp::geom
