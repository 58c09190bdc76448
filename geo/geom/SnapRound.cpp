#include "geo/geom/SnapRound.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "geo/geom/CellBuckets.hpp"
#include "geo/geom/SegmentIndex.hpp"

namespace gp::geom {

double gridRound(double v, double scale) {
  double x = v * scale;
  double n;
  double f = std::fabs(std::modf(x, &n));
  if (x >= 0) return f < 0.5 ? std::floor(x) : (f > 0.5 ? std::ceil(x) : n + 1.0);
  return f < 0.5 ? std::ceil(x) : (f > 0.5 ? std::floor(x) : n);
}

namespace {

// A segment in pixel units from a local origin (pixel centres at integers), with its end points' pixels.
struct Seg {
  XY a, b;
  GridPoint pa, pb;
};

uint64_t cellKey(int64_t ix, int64_t iy) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(ix)) << 32) | static_cast<uint32_t>(iy);
}

double javaRound(double x) {
  double n;
  double f = std::fabs(std::modf(x, &n));
  if (x >= 0) return f < 0.5 ? std::floor(x) : (f > 0.5 ? std::ceil(x) : n + 1.0);
  return f < 0.5 ? std::ceil(x) : (f > 0.5 ? std::floor(x) : n);
}

double cross(XY o, XY a, XY b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }

// Whether the boxes of s and t are apart (no point in common): then the segments cannot meet.
bool boxesApart(const Seg& s, const Seg& t) {
  return std::max(s.a.x, s.b.x) < std::min(t.a.x, t.b.x) || std::max(t.a.x, t.b.x) < std::min(s.a.x, s.b.x) ||
         std::max(s.a.y, s.b.y) < std::min(t.a.y, t.b.y) || std::max(t.a.y, t.b.y) < std::min(s.a.y, s.b.y);
}

// The pixel of the point where s and t cross, if they do (touching included).
bool crossing(const Seg& s, const Seg& t, GridPoint& at) {
  if (boxesApart(s, t)) return false;  // most pairs sharing a grid cell: no cross products for them
  double d1 = cross(s.a, s.b, t.a), d2 = cross(s.a, s.b, t.b);
  double d3 = cross(t.a, t.b, s.a), d4 = cross(t.a, t.b, s.b);
  if ((d1 > 0 && d2 > 0) || (d1 < 0 && d2 < 0) || (d3 > 0 && d4 > 0) || (d3 < 0 && d4 < 0)) return false;
  if (d1 == d2) return false;  // collinear or degenerate: their end points are hot pixels already
  double k = d1 / (d1 - d2);
  XY p{t.a.x + (t.b.x - t.a.x) * k, t.a.y + (t.b.y - t.a.y) * k};
  // Nearly parallel segments give an imprecise point: keep it within both segments' boxes.
  p.x = std::clamp(p.x, std::max(std::min(s.a.x, s.b.x), std::min(t.a.x, t.b.x)),
                   std::min(std::max(s.a.x, s.b.x), std::max(t.a.x, t.b.x)));
  p.y = std::clamp(p.y, std::max(std::min(s.a.y, s.b.y), std::min(t.a.y, t.b.y)),
                   std::min(std::max(s.a.y, s.b.y), std::max(t.a.y, t.b.y)));
  at = {static_cast<int64_t>(javaRound(p.x)), static_cast<int64_t>(javaRound(p.y))};
  return true;
}

// Whether segment s passes through the pixel around c: the points that round to c, [c - 0.5, c + 0.5) on
// each axis (rounding halves up, its top and right sides are not part of it, as in GEOS's HotPixel); t:
// where c projects onto s, for ordering. A segment that only touches a pixel's top or right side does not
// pass through it: routed through it, it would double back over its own first or last edge.
bool hits(const Seg& s, GridPoint c, double& t) {
  const double h = 0.5;
  const double cx = static_cast<double>(c.x), cy = static_cast<double>(c.y);
  const double dx = s.b.x - s.a.x, dy = s.b.y - s.a.y;
  double t0 = 0, t1 = 1;
  auto clip = [&](double p, double q) {  // keeps the part where p * t <= q
    if (p == 0) return q >= 0;
    double r = q / p;
    if (p < 0) {
      if (r > t1) return false;
      t0 = std::max(t0, r);
    } else {
      if (r < t0) return false;
      t1 = std::min(t1, r);
    }
    return true;
  };
  if (!clip(-dx, s.a.x - (cx - h)) || !clip(dx, cx + h - s.a.x) || !clip(-dy, s.a.y - (cy - h)) ||
      !clip(dy, cy + h - s.a.y))
    return false;
  // In the closed pixel from t0 to t1: outside the half-open one only where all of that lies on its top or
  // right side.
  if (t1 > t0) {
    if ((dx == 0 && s.a.x == cx + h) || (dy == 0 && s.a.y == cy + h)) return false;
  } else {
    const double px = s.a.x + dx * t0, py = s.a.y + dy * t0;
    if (px >= cx + h || py >= cy + h) return false;
  }
  t = ((cx - s.a.x) * dx + (cy - s.a.y) * dy) / (dx * dx + dy * dy);
  return true;
}

// Every segment's cells of a uniform grid (cell in pixels), as (cell key, segment) sorted by key.
std::vector<std::pair<uint64_t, uint32_t>> segmentCells(const std::vector<Seg>& segs, double cell) {
  std::vector<std::pair<uint64_t, uint32_t>> keyed;
  keyed.reserve(segs.size() * 3);
  for (size_t k = 0; k < segs.size(); ++k)
    cellsAlong(segs[k].a, segs[k].b, 1.0, cell,
               [&](int64_t ix, int64_t iy) { keyed.push_back({cellKey(ix, iy), static_cast<uint32_t>(k)}); });
  std::sort(keyed.begin(), keyed.end());
  return keyed;
}

}  // namespace

std::vector<GridEdge> snapRound(const std::vector<LineString>& lines, double scale) {
  std::vector<GridEdge> out;
  BBox box;
  for (const LineString& l : lines)
    for (const XY& p : l) box.add(p);
  if (box.empty()) return out;
  const GridPoint origin{gridIndex(box.minx, scale), gridIndex(box.miny, scale)};
  std::vector<Seg> segs;
  std::vector<GridPoint> hot;
  double total = 0;
  for (const LineString& l : lines)
    for (size_t k = 1; k < l.size(); ++k) {
      Seg s;
      s.a = {l[k - 1].x * scale - static_cast<double>(origin.x), l[k - 1].y * scale - static_cast<double>(origin.y)};
      s.b = {l[k].x * scale - static_cast<double>(origin.x), l[k].y * scale - static_cast<double>(origin.y)};
      s.pa = {gridIndex(l[k - 1].x, scale) - origin.x, gridIndex(l[k - 1].y, scale) - origin.y};
      s.pb = {gridIndex(l[k].x, scale) - origin.x, gridIndex(l[k].y, scale) - origin.y};
      hot.push_back(s.pa);
      hot.push_back(s.pb);
      if (s.pa == s.pb && s.a.x == s.b.x && s.a.y == s.b.y) continue;
      total += std::hypot(s.b.x - s.a.x, s.b.y - s.a.y);
      segs.push_back(s);
    }
  const double cell = std::max(64.0, 2 * total / static_cast<double>(std::max<size_t>(segs.size(), 1)));
  // Crossings: pairs of segments sharing a cell.
  std::vector<std::pair<uint64_t, uint32_t>> keyed = segmentCells(segs, cell);
  for (size_t i = 0; i < keyed.size();) {
    size_t j = i;
    while (j < keyed.size() && keyed[j].first == keyed[i].first) ++j;
    GridPoint at{};
    for (size_t a = i; a < j; ++a)
      for (size_t b = a + 1; b < j; ++b)
        if (crossing(segs[keyed[a].second], segs[keyed[b].second], at)) hot.push_back(at);
    i = j;
  }
  std::sort(hot.begin(), hot.end());
  hot.erase(std::unique(hot.begin(), hot.end()), hot.end());
  // Hot pixels by cell, then each segment through the hot pixels it passes, in order along it.
  // Finer cells than for the crossings: a segment then meets few hot pixels that it does not pass through.
  const double hotCell = std::max(16.0, cell / 8);
  auto cellOf = [hotCell](double v) { return static_cast<int64_t>(std::floor(v / hotCell)); };
  std::vector<std::pair<uint64_t, int32_t>> hotCells(hot.size());
  for (size_t k = 0; k < hot.size(); ++k)
    hotCells[k] = {cellKey(cellOf(static_cast<double>(hot[k].x)), cellOf(static_cast<double>(hot[k].y))), static_cast<int32_t>(k)};
  const CellBuckets hotByCell(std::move(hotCells));
  std::vector<std::pair<double, uint32_t>> along;
  for (const Seg& s : segs) {
    along.clear();
    cellsAlong(s.a, s.b, 1.0, hotCell, [&](int64_t ix, int64_t iy) {
      double t = 0;
      for (int32_t hk : hotByCell.find(cellKey(ix, iy))) {
        const uint32_t h = static_cast<uint32_t>(hk);
        if (!(hot[h] == s.pa) && !(hot[h] == s.pb) && hits(s, hot[h], t)) along.push_back({t, h});
      }
    });
    std::sort(along.begin(), along.end());
    GridPoint prev = s.pa;  // from the start's pixel, through the others in order, to the end's
    for (const auto& [t, h] : along) {
      const GridPoint& p = hot[h];
      if (p == prev) continue;
      out.push_back({{prev.x + origin.x, prev.y + origin.y}, {p.x + origin.x, p.y + origin.y}});
      prev = p;
    }
    if (!(prev == s.pb)) out.push_back({{prev.x + origin.x, prev.y + origin.y}, {s.pb.x + origin.x, s.pb.y + origin.y}});
  }
  return out;
}

}  // namespace gp::geom
