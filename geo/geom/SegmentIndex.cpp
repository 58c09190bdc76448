#include "geo/geom/SegmentIndex.hpp"

#include <algorithm>
#include <cmath>

namespace gp::geom {

double pointSegmentDistance(XY p, XY a, XY b) {
  double dx = b.x - a.x, dy = b.y - a.y;
  double l2 = dx * dx + dy * dy;
  double t = l2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2 : 0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

double segmentDistance(XY a, XY b, XY c, XY d) {
  auto orient = [](XY p, XY q, XY r) { return (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x); };
  double o1 = orient(a, b, c), o2 = orient(a, b, d), o3 = orient(c, d, a), o4 = orient(c, d, b);
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) return 0;
  return std::min({pointSegmentDistance(a, c, d), pointSegmentDistance(b, c, d), pointSegmentDistance(c, a, b),
                   pointSegmentDistance(d, a, b)});
}

SegmentIndex::SegmentIndex(const std::vector<LineString>& lines, double cell) {
  BBox box;
  for (const LineString& l : lines)
    for (size_t i = 1; i < l.size(); ++i) {
      segs_.push_back({l[i - 1], l[i]});
      box.add(l[i - 1]);
      box.add(l[i]);
    }
  if (segs_.empty()) return;
  if (cell <= 0) cell = std::max({1.0, box.width() / 256, box.height() / 256});
  cell_ = cell;
  std::vector<std::pair<uint64_t, int32_t>> cells;
  cells.reserve(segs_.size() * 2);
  for (size_t s = 0; s < segs_.size(); ++s) {
    cellsAlong(segs_[s].a, segs_[s].b, 0, cell_,
               [&](int64_t ix, int64_t iy) { cells.push_back({key(ix, iy), static_cast<int32_t>(s)}); });
  }
  grid_ = CellBuckets(std::move(cells));
}

int64_t SegmentIndex::cellOf(double v) const { return static_cast<int64_t>(std::floor(v / cell_)); }

bool SegmentIndex::near(XY p, double tol) const {
  if (segs_.empty()) return false;
  int64_t x0 = cellOf(p.x - tol), x1 = cellOf(p.x + tol), y0 = cellOf(p.y - tol), y1 = cellOf(p.y + tol);
  for (int64_t ix = x0; ix <= x1; ++ix)
    for (int64_t iy = y0; iy <= y1; ++iy) {
      for (int32_t s : grid_.find(key(ix, iy)))
        if (pointSegmentDistance(p, segs_[static_cast<size_t>(s)].a, segs_[static_cast<size_t>(s)].b) <= tol)
          return true;
    }
  return false;
}

bool SegmentIndex::nearSegment(XY a, XY b, double tol) const {
  if (segs_.empty()) return false;
  bool hit = false;
  cellsAlong(a, b, tol, cell_, [&](int64_t ix, int64_t iy) {
    if (hit) return;
    for (int32_t s : grid_.find(key(ix, iy)))
      if (segmentDistance(a, b, segs_[static_cast<size_t>(s)].a, segs_[static_cast<size_t>(s)].b) <= tol) {
        hit = true;
        return;
      }
  });
  return hit;
}

bool SegmentIndex::along(XY a, XY b, double tol) const {
  return near(a, tol) && near(b, tol) && near({(a.x + b.x) / 2, (a.y + b.y) / 2}, tol);
}

}  // namespace gp::geom
