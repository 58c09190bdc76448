#include "geo/geom/SeedLocator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "geo/geom/SegmentIndex.hpp"

namespace gp::geom {

PointGrid::PointGrid(const std::vector<XY>& pts) : pts_(pts) {
  for (const XY& p : pts) box_.add(p);
  double a = std::max(box_.width() * box_.height(), 1.0);
  cell_ = std::max(0.5, std::sqrt(a / static_cast<double>(std::max<size_t>(pts.size(), 1))) * 2);
  nx_ = static_cast<int64_t>(box_.width() / cell_) + 1;
  ny_ = static_cast<int64_t>(box_.height() / cell_) + 1;
  start_.assign(static_cast<size_t>(nx_ * ny_ + 1), 0);
  std::vector<int64_t> cellOf(pts.size());
  for (size_t i = 0; i < pts.size(); ++i) {
    cellOf[i] = ix(pts[i].x) + iy(pts[i].y) * nx_;
    ++start_[static_cast<size_t>(cellOf[i]) + 1];
  }
  for (size_t c = 1; c < start_.size(); ++c) start_[c] += start_[c - 1];
  items_.resize(pts.size());
  std::vector<int32_t> fill(start_.begin(), start_.end() - 1);
  for (size_t i = 0; i < pts.size(); ++i) items_[static_cast<size_t>(fill[static_cast<size_t>(cellOf[i])]++)] = static_cast<int32_t>(i);
}

int64_t PointGrid::ix(double x) const {
  return std::clamp<int64_t>(static_cast<int64_t>(std::floor((x - box_.minx) / cell_)), 0, nx_ - 1);
}
int64_t PointGrid::iy(double y) const {
  return std::clamp<int64_t>(static_cast<int64_t>(std::floor((y - box_.miny) / cell_)), 0, ny_ - 1);
}

int32_t PointGrid::nearest(XY q) const {
  if (pts_.empty()) return -1;
  int64_t cx = ix(q.x), cy = iy(q.y);
  int32_t best = -1;
  double bestD = std::numeric_limits<double>::infinity();
  int64_t maxRing = std::max(nx_, ny_) + std::max<int64_t>(std::abs(cx), std::abs(cy)) + 1;
  for (int64_t r = 0; r <= maxRing; ++r) {
    // Every point in ring r is at least (r - 1) * cell away from q.
    if (best >= 0 && static_cast<double>(r - 1) * cell_ > std::sqrt(bestD)) break;
    auto visit = [&](int64_t x, int64_t y) {
      if (x < 0 || y < 0 || x >= nx_ || y >= ny_) return;
      size_t c = static_cast<size_t>(x + y * nx_);
      for (int32_t k = start_[c]; k < start_[c + 1]; ++k) {
        int32_t i = items_[static_cast<size_t>(k)];
        const XY& p = pts_[static_cast<size_t>(i)];
        double d = (p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y);
        if (d < bestD || (d == bestD && i < best)) {
          bestD = d;
          best = i;
        }
      }
    };
    // The cells of ring r only: its top and bottom rows, then its left and right columns.
    for (int64_t x = cx - r; x <= cx + r; ++x) {
      visit(x, cy - r);
      if (r > 0) visit(x, cy + r);
    }
    for (int64_t y = cy - r + 1; y <= cy + r - 1; ++y) {
      visit(cx - r, y);
      visit(cx + r, y);
    }
  }
  return best;
}

void PointGrid::near(XY q, double r, std::vector<int32_t>& out) const {
  if (pts_.empty()) return;
  for (int64_t y = iy(q.y - r); y <= iy(q.y + r); ++y)
    for (int64_t x = ix(q.x - r); x <= ix(q.x + r); ++x) {
      size_t c = static_cast<size_t>(x + y * nx_);
      for (int32_t k = start_[c]; k < start_[c + 1]; ++k) out.push_back(items_[static_cast<size_t>(k)]);
    }
}

SeedLocator::SeedLocator(const SeedSites& sampled, const SeedSites& outlines, bool bySegments, double spacing)
    : sampled_(sampled), outlines_(outlines), bySegments_(bySegments), spacing_(spacing), grid_(sampled.points) {
  size_t n = 0;
  for (int32_t s : sampled.point_seed) n = std::max(n, static_cast<size_t>(s) + 1);
  for (int32_t s : outlines.segment_seed) n = std::max(n, static_cast<size_t>(s) + 1);
  firstSegment_.assign(n + 1, outlines.segments.size());
  for (size_t k = outlines.segment_seed.size(); k-- > 0;) firstSegment_[static_cast<size_t>(outlines.segment_seed[k])] = k;
  for (size_t o = n; o-- > 0;) firstSegment_[o] = std::min(firstSegment_[o], firstSegment_[o + 1]);
}

// A point of an outline edge is at most half the spacing from a sample point, so only seeds with a sample
// point within sqrt(d² + (spacing / 2)²) of q (d: the distance to the nearest sample point) can hold the
// nearest outline.
int32_t SeedLocator::seedAt(XY q) {
  int32_t site = grid_.nearest(q);
  if (site < 0) return -1;
  int32_t best = sampled_.point_seed[static_cast<size_t>(site)];
  if (!bySegments_) return best;
  const XY p = sampled_.points[static_cast<size_t>(site)];
  const double d = std::hypot(p.x - q.x, p.y - q.y);
  const double r = std::sqrt(d * d + spacing_ * spacing_ / 4) + 1e-6;
  near_.clear();
  grid_.near(q, r, near_);
  candidates_.clear();
  for (int32_t i : near_) candidates_.push_back(sampled_.point_seed[static_cast<size_t>(i)]);
  std::sort(candidates_.begin(), candidates_.end());
  candidates_.erase(std::unique(candidates_.begin(), candidates_.end()), candidates_.end());
  double bestD = std::numeric_limits<double>::infinity();
  for (int32_t o : candidates_) {
    double od = std::numeric_limits<double>::infinity();
    for (size_t k = firstSegment_[static_cast<size_t>(o)]; k < firstSegment_[static_cast<size_t>(o) + 1]; ++k)
      od = std::min(od, pointSegmentDistance(q, outlines_.segments[k].a, outlines_.segments[k].b));
    if (od < bestD) {  // candidates ascend, so ties go to the lowest seed
      bestD = od;
      best = o;
    }
  }
  return best;
}

}  // namespace gp::geom
