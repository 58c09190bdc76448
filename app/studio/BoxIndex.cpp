#include "app/studio/BoxIndex.hpp"

#include <cmath>

namespace gp::studio {

void BoxIndex::build(const std::vector<BBox>& boxes, const BBox& extent) {
  boxes_ = boxes;
  extent_ = extent;
  if (extent.empty() || boxes.empty()) {
    nx_ = ny_ = 0;
    return;
  }
  double side = std::sqrt(extent.width() * extent.height() / std::max<size_t>(1, boxes.size() / 2));
  side = std::max(side, 1.0);
  nx_ = std::clamp(int(extent.width() / side) + 1, 1, 2048);
  ny_ = std::clamp(int(extent.height() / side) + 1, 1, 2048);
  cw_ = std::max(extent.width() / nx_, 1e-6);
  ch_ = std::max(extent.height() / ny_, 1e-6);
  cells_.assign(size_t(nx_) * ny_, {});
  for (int i = 0; i < int(boxes.size()); ++i) {
    const BBox& b = boxes[i];
    if (b.empty()) continue;
    int x0 = std::clamp(int((b.minx - extent.minx) / cw_), 0, nx_ - 1);
    int x1 = std::clamp(int((b.maxx - extent.minx) / cw_), 0, nx_ - 1);
    int y0 = std::clamp(int((b.miny - extent.miny) / ch_), 0, ny_ - 1);
    int y1 = std::clamp(int((b.maxy - extent.miny) / ch_), 0, ny_ - 1);
    for (int y = y0; y <= y1; ++y)
      for (int x = x0; x <= x1; ++x) cells_[size_t(y) * nx_ + x].push_back(i);
  }
}

}  // namespace gp::studio
