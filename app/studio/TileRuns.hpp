#pragma once
// Culling for the map's meshes. Primitives (triangles, segments) are bucketed by a uniform grid of tiles
// over their extent and stored tile by tile, so the part of a layer in view is a few contiguous ranges of
// its buffer: software OpenGL shades every vertex it is given, on or off screen.
#include <cstddef>
#include <utility>
#include <vector>

#include "geo/core/Geometry.hpp"

namespace gp::studio {

class TileRuns {
 public:
  // boxes[i] is the bounding box of primitive i. Returns the order to store the primitives in (a
  // permutation of 0..n-1, grouped by tile, tiles in row-major order, input order kept within a tile).
  std::vector<int> build(const std::vector<BBox>& boxes);
  // The same with the boxes computed on demand (boxOf(i) -> BBox, called twice per primitive): no array
  // of boxes for the hundreds of thousands of segments re-uploaded after an edit.
  template <class BoxOf>
  std::vector<int> build(int n, BoxOf&& boxOf);
  // The same over features that are runs of primitives (a grid's triangles, a unit's segments): returns
  // the order to store the features in; ranges count primitives (primitives[f] for feature f). Cheaper
  // to redo after an edit than sorting every primitive, and as tight for features a few tiles across.
  std::vector<int> buildFeatures(const std::vector<BBox>& featureBoxes, const std::vector<int>& primitives);

  // Appends to `out` the ranges [first, first + count) of stored primitives that may meet `visible`:
  // every primitive meeting it is in one of them. Adjacent ranges are merged, so a view is at most a
  // few dozen ranges. With no tiles built, nothing is appended.
  void visibleRuns(const BBox& visible, std::vector<std::pair<int, int>>& out) const;

  int tiles() const { return nx_ * ny_; }

 private:
  void layout(int n);  // tile counts and sizes for n primitives over extent_
  int tileOf(const BBox& b) const;
  BBox extent_;
  int nx_ = 0, ny_ = 0;
  double cw_ = 1, ch_ = 1;
  std::vector<int> start_;  // nx*ny + 1 offsets into the stored order
  std::vector<BBox> box_;   // per tile: the union of its primitives' boxes (they may stick out of the tile)
};

template <class BoxOf>
std::vector<int> TileRuns::build(int n, BoxOf&& boxOf) {
  extent_ = BBox{};
  for (int i = 0; i < n; ++i) extent_.add(boxOf(i));
  layout(n);
  std::vector<int> tile(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    BBox b = boxOf(i);
    tile[i] = tileOf(b);
    ++start_[tile[i] + 1];
    box_[tile[i]].add(b);
  }
  for (std::size_t t = 1; t < start_.size(); ++t) start_[t] += start_[t - 1];
  std::vector<int> order(static_cast<std::size_t>(n));
  std::vector<int> next(start_.begin(), start_.end() - 1);
  for (int i = 0; i < n; ++i) order[next[tile[i]]++] = i;
  return order;
}

}  // namespace gp::studio
