#pragma once
// Uniform-grid index of line segments, for asking whether a point or a segment lies along any indexed line.
// Internal to geo/geom (tessellation and adjacency use it for barriers).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "geo/core/Geometry.hpp"
#include "geo/geom/CellBuckets.hpp"

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
  uint64_t key(int64_t ix, int64_t iy) const { return static_cast<uint64_t>(ix * 73856093LL ^ iy * 19349663LL); }
  int64_t cellOf(double v) const;
  std::vector<Seg> segs_;
  double cell_ = 1;
  CellBuckets grid_;
};

// Calls fn(ix, iy) for every grid cell (of size cell) that segment ab, widened by pad, may touch;
// linear in the segment's length, not its bounding box.
// (A template, so that the callback is inlined: snap rounding and adjacency call it for every segment.)
template <typename Fn>
void cellsAlong(XY a, XY b, double pad, double cell, Fn&& fn) {
  if (a.x > b.x) std::swap(a, b);
  auto idx = [cell](double v) { return static_cast<int64_t>(std::floor(v / cell)); };
  int64_t x0 = idx(a.x - pad), x1 = idx(b.x + pad);
  double dx = b.x - a.x;
  for (int64_t ix = x0; ix <= x1; ++ix) {
    // The part of the segment within this column (widened by pad), as a y range.
    const double x = static_cast<double>(ix);  // |ix| is far below 2^53: the extent over the cell size
    double lo = std::max(a.x, x * cell - pad), hi = std::min(b.x, (x + 1) * cell + pad);
    double ylo, yhi;
    if (dx <= 0 || lo > hi) {
      ylo = std::min(a.y, b.y);
      yhi = std::max(a.y, b.y);
    } else {
      double y1 = a.y + (b.y - a.y) * (lo - a.x) / dx, y2 = a.y + (b.y - a.y) * (hi - a.x) / dx;
      ylo = std::min(y1, y2);
      yhi = std::max(y1, y2);
    }
    for (int64_t iy = idx(ylo - pad), iy1 = idx(yhi + pad); iy <= iy1; ++iy) fn(ix, iy);
  }
}

// Distance between segments ab and cd (0 when they cross).
double segmentDistance(XY a, XY b, XY c, XY d);

// Distance from p to segment ab.
double pointSegmentDistance(XY p, XY a, XY b);

}  // namespace gp::geom
