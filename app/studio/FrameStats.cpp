#include "app/studio/FrameStats.hpp"

#include <algorithm>
#include <cstdio>

namespace gp::studio {

void FrameStats::start(const View& view, const BBox& bounds) {
  fullRedraws = 0;
  panelPixels = 0;
  start_ = view;
  // Pan across the map at four times the fitted zoom, so only part of the town is in view.
  start_.scale *= 4;
  span_ = bounds.width() * 0.75;
}

void FrameStats::moveCamera(View& view, const BBox& bounds) const {
  double t = double(frameMs_.size()) / std::max(1, frames_ - 1);
  view = start_;
  view.cx = bounds.minx + bounds.width() * 0.125 + span_ * t;
}

bool FrameStats::frameDone(double ms, long long vertices) {
  frameMs_.push_back(ms);
  vertices_ += vertices;
  if (--left_ != 0) return false;
  report();
  return true;
}

void FrameStats::report() {
  std::vector<double> s = frameMs_;
  std::sort(s.begin(), s.end());
  auto pct = [&](double q) { return s[std::min(s.size() - 1, size_t(q * double(s.size() - 1) + 0.5))]; };
  std::printf("frames %zu  frame time p50 %.2f ms  p95 %.2f ms  max %.2f ms  (%.0f map vertices a frame, %d drawn "
              "whole; %.0f panel pixels drawn a frame)\n",
              s.size(), pct(0.5), pct(0.95), s.back(), double(vertices_) / double(s.size()), fullRedraws,
              double(panelPixels) / double(s.size()));
  if (timings_) {
    static const char* names[kStages] = {"UI build", "map", "ImGui drawing", "swap"};
    for (int i = 0; i < kStages; ++i) {
      std::vector<double>& v = stageMs_[i];
      if (v.empty()) continue;
      std::sort(v.begin(), v.end());
      std::printf("timing: frame stage %-13s p50 %.2f ms  p95 %.2f ms\n", names[i], v[v.size() / 2],
                  v[std::min(v.size() - 1, size_t(0.95 * double(v.size() - 1) + 0.5))]);
    }
  }
  std::fflush(stdout);
}

}  // namespace gp::studio
