#include "geo/io/Estimates.hpp"

#include <algorithm>
#include <cmath>

namespace gp::io {

long long estimateHouseholds(int floors, double footprintArea, double floorAreaFactor, double areaPerHousehold) {
  if (floors <= 0 || !(footprintArea > 0) || !(areaPerHousehold > 0)) return 0;
  double v = floors * footprintArea * floorAreaFactor / areaPerHousehold;
  // A footprint in the wrong units can be astronomically large: clamp before rounding (lround of a value beyond
  // long long is undefined), so the caller's cap sees a huge number, not a wrapped one.
  if (!std::isfinite(v) || v > 1e15) return 1000000000000000LL;
  return std::llround(std::max(0.0, v));
}

namespace {
double cross(XY o, XY a, XY b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }

std::vector<XY> convexHull(std::vector<XY> p) {
  std::sort(p.begin(), p.end(), [](XY a, XY b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
  if (p.size() < 3) return p;
  std::vector<XY> h(2 * p.size());
  size_t k = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    while (k >= 2 && cross(h[k - 2], h[k - 1], p[i]) <= 0) --k;
    h[k++] = p[i];
  }
  for (size_t i = p.size() - 1, t = k + 1; i > 0; --i) {
    while (k >= t && cross(h[k - 2], h[k - 1], p[i - 1]) <= 0) --k;
    h[k++] = p[i - 1];
  }
  h.resize(k - 1);
  return h;
}
}  // namespace

OrientedSize orientedSize(const MultiPolygon& mp) {
  std::vector<XY> pts;
  for (const auto& poly : mp)
    if (!poly.rings.empty()) pts.insert(pts.end(), poly.rings[0].begin(), poly.rings[0].end());
  auto h = convexHull(std::move(pts));
  OrientedSize best;
  if (h.size() < 3) return best;
  double bestArea = INFINITY;
  // The minimum-area rectangle has a side on a hull edge; hulls of footprints are small, so O(h²) is fine.
  for (size_t i = 0; i < h.size(); ++i) {
    XY a = h[i], b = h[(i + 1) % h.size()];
    double len = std::hypot(b.x - a.x, b.y - a.y);
    if (len <= 0) continue;
    double ux = (b.x - a.x) / len, uy = (b.y - a.y) / len;
    double minU = INFINITY, maxU = -INFINITY, minV = INFINITY, maxV = -INFINITY;
    for (XY p : h) {
      double u = (p.x - a.x) * ux + (p.y - a.y) * uy, v = -(p.x - a.x) * uy + (p.y - a.y) * ux;
      minU = std::min(minU, u), maxU = std::max(maxU, u), minV = std::min(minV, v), maxV = std::max(maxV, v);
    }
    double w = maxU - minU, d = maxV - minV;
    if (w * d < bestArea) {
      bestArea = w * d;
      best = {std::max(w, d), std::min(w, d)};
    }
  }
  return best;
}

int estimateEntrances(const MultiPolygon& footprint, double metresPerEntrance, int households, int floors) {
  OrientedSize s = orientedSize(footprint);
  if (s.length < 30.0 || s.length < 1.8 * s.width) {
    if (households > 0 && floors > 0) {
      int perFloor = (households + floors - 1) / floors;
      return std::max(1, (perFloor + 7) / 8);
    }
    return 1;
  }
  return std::max(1, static_cast<int>(std::lround(s.length / metresPerEntrance)));
}

}  // namespace gp::io
