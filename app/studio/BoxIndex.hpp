#pragma once
#include <algorithm>
#include <vector>

#include "geo/core/Geometry.hpp"

namespace gp::studio {

// Uniform bucket grid over bounding boxes, for point and box queries (the Scene finds the buildings and
// cells under the pointer with it).
class BoxIndex {
 public:
  void build(const std::vector<BBox>& boxes, const BBox& extent);
  template <class F>
  void query(const BBox& q, F&& f) const;  // f(index) for every box that may intersect q (may repeat)

 private:
  BBox extent_;
  int nx_ = 0, ny_ = 0;
  double cw_ = 1, ch_ = 1;
  std::vector<std::vector<int>> cells_;
  std::vector<BBox> boxes_;
};

template <class F>
void BoxIndex::query(const BBox& q, F&& f) const {
  if (nx_ == 0 || q.empty()) return;
  int x0 = std::clamp(int((q.minx - extent_.minx) / cw_), 0, nx_ - 1);
  int x1 = std::clamp(int((q.maxx - extent_.minx) / cw_), 0, nx_ - 1);
  int y0 = std::clamp(int((q.miny - extent_.miny) / ch_), 0, ny_ - 1);
  int y1 = std::clamp(int((q.maxy - extent_.miny) / ch_), 0, ny_ - 1);
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x)
      for (int i : cells_[size_t(y) * nx_ + x]) {
        const BBox& b = boxes_[i];
        if (b.maxx >= q.minx && b.minx <= q.maxx && b.maxy >= q.miny && b.miny <= q.maxy) f(i);
      }
}

}  // namespace gp::studio
