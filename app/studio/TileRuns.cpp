#include "app/studio/TileRuns.hpp"

#include <algorithm>
#include <cmath>

namespace gp::studio {

std::vector<int> TileRuns::build(const std::vector<BBox>& boxes) {
  return build(static_cast<int>(boxes.size()), [&](int i) { return boxes[i]; });
}

std::vector<int> TileRuns::buildFeatures(const std::vector<BBox>& boxes, const std::vector<int>& primitives) {
  const int n = static_cast<int>(boxes.size());
  extent_ = BBox{};
  for (int f = 0; f < n; ++f)
    if (primitives[f] > 0) extent_.add(boxes[f]);
  // Tiles sized for the features (a feature lies in one tile), not for their primitives.
  layout(n);
  std::vector<int> tile(static_cast<size_t>(n));
  std::vector<int> featuresIn(start_.size(), 0);
  for (int f = 0; f < n; ++f) {
    tile[f] = tileOf(boxes[f]);
    if (primitives[f] <= 0) continue;
    start_[tile[f] + 1] += primitives[f];
    ++featuresIn[tile[f] + 1];
    box_[tile[f]].add(boxes[f]);
  }
  for (size_t t = 1; t < start_.size(); ++t) {
    start_[t] += start_[t - 1];
    featuresIn[t] += featuresIn[t - 1];
  }
  std::vector<int> next(featuresIn.begin(), featuresIn.end() - 1);
  std::vector<int> order(static_cast<size_t>(featuresIn.back()), -1);
  for (int f = 0; f < n; ++f)
    if (primitives[f] > 0) order[next[tile[f]]++] = f;
  return order;
}

void TileRuns::layout(int n) {
  // About 16 primitives a tile, at most ~100×100 tiles: small enough to cull well when zoomed in, few
  // enough that walking them every frame costs nothing.
  int side = std::clamp(static_cast<int>(std::sqrt(n / 16.0)), 1, 100);
  double w = std::max(extent_.width(), 1e-6), h = std::max(extent_.height(), 1e-6);
  nx_ = std::clamp(static_cast<int>(std::lround(side * std::sqrt(w / h))), 1, 128);
  ny_ = std::clamp(static_cast<int>(std::lround(side * std::sqrt(h / w))), 1, 128);
  if (n == 0) nx_ = ny_ = 0;
  cw_ = w / std::max(nx_, 1);
  ch_ = h / std::max(ny_, 1);
  start_.assign(size_t(nx_) * ny_ + 1, 0);
  box_.assign(size_t(nx_) * ny_, BBox{});
}

int TileRuns::tileOf(const BBox& b) const {
  XY c = b.empty() ? XY{extent_.minx, extent_.miny} : b.center();
  int tx = std::clamp(static_cast<int>((c.x - extent_.minx) / cw_), 0, nx_ - 1);
  int ty = std::clamp(static_cast<int>((c.y - extent_.miny) / ch_), 0, ny_ - 1);
  return ty * nx_ + tx;
}

void TileRuns::visibleRuns(const BBox& v, std::vector<std::pair<int, int>>& out) const {
  if (nx_ == 0 || v.empty()) return;
  int runFirst = -1, runEnd = -1;
  auto flush = [&] {
    if (runFirst >= 0 && runEnd > runFirst) out.emplace_back(runFirst, runEnd - runFirst);
    runFirst = runEnd = -1;
  };
  for (int t = 0; t < nx_ * ny_; ++t) {
    const BBox& b = box_[t];
    bool seen = !b.empty() && b.maxx >= v.minx && b.minx <= v.maxx && b.maxy >= v.miny && b.miny <= v.maxy;
    if (start_[t] == start_[t + 1]) continue;  // an empty tile neither adds to nor breaks a run
    if (!seen) {
      flush();
      continue;
    }
    if (runFirst < 0) runFirst = start_[t];
    runEnd = start_[t + 1];
  }
  flush();
}

}  // namespace gp::studio
