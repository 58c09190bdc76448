#include "geo/core/Geometry.hpp"

#include <cmath>

namespace gp {

BBox bbox(const Ring& r) {
  BBox b;
  for (const XY& p : r) b.add(p);
  return b;
}
BBox bbox(const Polygon& p) {
  BBox b;
  if (!p.rings.empty()) b = bbox(p.rings[0]);
  return b;
}
BBox bbox(const MultiPolygon& mp) {
  BBox b;
  for (const Polygon& p : mp) b.add(bbox(p));
  return b;
}

double signedArea(const Ring& r) {
  if (r.size() < 3) return 0;
  double s = 0;
  for (size_t i = 0, n = r.size(); i < n; ++i) {
    const XY& a = r[i];
    const XY& b = r[(i + 1) % n];
    s += a.x * b.y - b.x * a.y;
  }
  return s / 2;
}

double area(const Polygon& p) {
  double a = 0;
  for (size_t i = 0; i < p.rings.size(); ++i) {
    double ra = std::fabs(signedArea(p.rings[i]));
    a += i == 0 ? ra : -ra;
  }
  return a;
}

double area(const MultiPolygon& mp) {
  double a = 0;
  for (const Polygon& p : mp) a += area(p);
  return a;
}

double perimeter(const MultiPolygon& mp) {
  double len = 0;
  for (const Polygon& p : mp)
    for (const Ring& r : p.rings)
      for (size_t i = 1; i < r.size(); ++i) len += std::hypot(r[i].x - r[i - 1].x, r[i].y - r[i - 1].y);
  return len;
}

XY centroid(const MultiPolygon& mp) {
  double cx = 0, cy = 0, total = 0;
  for (const Polygon& p : mp) {
    for (size_t k = 0; k < p.rings.size(); ++k) {
      const Ring& r = p.rings[k];
      double a = signedArea(r);
      // Holes subtract: orient each ring's contribution by its role, not its winding.
      double sign = (k == 0) == (a >= 0) ? 1.0 : -1.0;
      for (size_t i = 0, n = r.size(); i + 1 < n; ++i) {
        double c = r[i].x * r[i + 1].y - r[i + 1].x * r[i].y;
        cx += sign * (r[i].x + r[i + 1].x) * c;
        cy += sign * (r[i].y + r[i + 1].y) * c;
      }
      total += sign * a;
    }
  }
  if (std::fabs(total) < 1e-12) return bbox(mp).center();
  return {cx / (6 * total), cy / (6 * total)};
}

double polsbyPopper(const MultiPolygon& mp) {
  double p = perimeter(mp);
  if (p <= 0) return 0;
  return 4 * M_PI * area(mp) / (p * p);
}

}  // namespace gp
