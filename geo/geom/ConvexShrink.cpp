#include "geo/geom/ConvexShrink.hpp"

#include <cmath>
#include <vector>

namespace gp::geom {

bool shrinkConvex(const MultiPolygon& mp, double d, MultiPolygon& out) {
  if (mp.size() != 1 || mp[0].rings.size() != 1 || d <= 0) return false;
  const Ring& r = mp[0].rings[0];
  if (r.size() < 4 || r.front().x != r.back().x || r.front().y != r.back().y) return false;
  const size_t n = r.size() - 1;
  const double orient = signedArea(r) > 0 ? 1.0 : -1.0;
  // Inward unit normals of the edges (left of a counter-clockwise ring), relative to the first vertex so
  // that projected coordinates keep their precision.
  const XY o = r[0];
  std::vector<XY> p(n), normal(n);
  for (size_t i = 0; i < n; ++i) p[i] = {r[i].x - o.x, r[i].y - o.y};
  for (size_t i = 0; i < n; ++i) {
    const XY a = p[i], b = p[(i + 1) % n];
    const double len = std::hypot(b.x - a.x, b.y - a.y);
    if (len <= 0) return false;
    normal[i] = {-(b.y - a.y) / len * orient, (b.x - a.x) / len * orient};
  }
  for (size_t i = 0; i < n; ++i) {  // convex: every turn the same way (straight allowed)
    const XY a = p[i], b = p[(i + 1) % n], c = p[(i + 2) % n];
    if (((b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x)) * orient < 0) return false;
  }
  std::vector<XY> q(n);
  for (size_t i = 0; i < n; ++i) {
    const XY n1 = normal[(i + n - 1) % n], n2 = normal[i];
    const double k = 1 + n1.x * n2.x + n1.y * n2.y;
    if (k < 1e-6) return false;  // an edge doubling back
    q[i] = {p[i].x + d * (n1.x + n2.x) / k, p[i].y + d * (n1.y + n2.y) / k};
  }
  // Every offset edge keeps its direction and some length: otherwise an edge vanished (too thin).
  for (size_t i = 0; i < n; ++i) {
    const XY a = p[i], b = p[(i + 1) % n], qa = q[i], qb = q[(i + 1) % n];
    const double len = std::hypot(b.x - a.x, b.y - a.y);
    if ((qb.x - qa.x) * (b.x - a.x) + (qb.y - qa.y) * (b.y - a.y) <= 1e-6 * len) return false;
  }
  Ring s(n + 1);
  for (size_t i = 0; i < n; ++i) s[i] = {q[i].x + o.x, q[i].y + o.y};
  s[n] = s[0];
  out = {Polygon{{std::move(s)}}};
  return true;
}

bool isSimpleConvex(const MultiPolygon& mp) {
  if (mp.size() != 1 || mp[0].rings.size() != 1) return false;
  const Ring& r = mp[0].rings[0];
  if (r.size() < 4 || r.front().x != r.back().x || r.front().y != r.back().y) return false;
  const size_t n = r.size() - 1;
  // Edge directions turn one way at every vertex; the ring goes round once when they pass from the lower
  // half-plane of directions to the upper one exactly once.
  auto lower = [](double dx, double dy) { return dy < 0 || (dy == 0 && dx < 0); };
  int sign = 0, wraps = 0;
  for (size_t i = 0; i < n; ++i) {
    const XY a = r[i], b = r[(i + 1) % n], c = r[(i + 2) % n];
    const double ux = b.x - a.x, uy = b.y - a.y, vx = c.x - b.x, vy = c.y - b.y;
    const double turn = ux * vy - uy * vx;
    // A clear turn: far above the rounding of the product (collinear or doubling-back vertices are left
    // to GEOS).
    if (std::fabs(turn) <= 1e-9 * std::hypot(ux, uy) * std::hypot(vx, vy)) return false;
    const int s = turn > 0 ? 1 : -1;
    if (sign != 0 && s != sign) return false;
    sign = s;
    if (lower(ux, uy) != lower(vx, vy) && (sign > 0 ? lower(ux, uy) : !lower(ux, uy))) ++wraps;
  }
  return wraps == 1;
}

bool separatedConvex(const MultiPolygon& a, const MultiPolygon& b) {
  const Ring& ra = a[0].rings[0];
  const Ring& rb = b[0].rings[0];
  auto separates = [&](const Ring& r) {
    for (size_t i = 1; i < r.size(); ++i) {
      const double nx = r[i].y - r[i - 1].y, ny = r[i - 1].x - r[i].x;  // a normal of edge i
      double loA = 0, hiA = 0, loB = 0, hiB = 0;
      for (size_t k = 0; k < ra.size(); ++k) {
        const double v = nx * (ra[k].x - r[0].x) + ny * (ra[k].y - r[0].y);
        loA = k ? std::min(loA, v) : v;
        hiA = k ? std::max(hiA, v) : v;
      }
      for (size_t k = 0; k < rb.size(); ++k) {
        const double v = nx * (rb[k].x - r[0].x) + ny * (rb[k].y - r[0].y);
        loB = k ? std::min(loB, v) : v;
        hiB = k ? std::max(hiB, v) : v;
      }
      if (hiA <= loB || hiB <= loA) return true;
    }
    return false;
  };
  return separates(ra) || separates(rb);
}

}  // namespace gp::geom
