#include "geo/plan/PointInArea.hpp"

#include <cmath>

namespace gp::plan {

namespace {

// x + y = a + b exactly (Knuth's two-sum).
inline void twoSum(double a, double b, double& x, double& y) {
  x = a + b;
  double bv = x - a, av = x - bv;
  y = (a - av) + (b - bv);
}

// An exact sum of doubles as a non-overlapping expansion, components by increasing magnitude (Shewchuk's
// grow-expansion); its sign is that of its largest non-zero component.
struct Expansion {
  double e[40];
  int n = 0;
  void add(double b) {
    double q = b;
    for (int i = 0; i < n; ++i) twoSum(q, e[i], q, e[i]);
    e[n++] = q;
  }
  void addProduct(double a, double b) {  // a·b exactly, as two doubles
    double p = a * b;
    add(std::fma(a, b, -p));
    add(p);
  }
  int sign() const {
    for (int i = n - 1; i >= 0; --i)
      if (e[i] != 0) return e[i] > 0 ? 1 : -1;
    return 0;
  }
};

}  // namespace

int orientation(XY a, XY b, XY c) {
  // det = (a - c) × (b - c). The filter is GEOS's (CGAlgorithmsDD::orientationIndexFilter): where it decides,
  // the sign is exact; else the determinant is summed exactly from the differences, each split in two doubles.
  const double left = (a.x - c.x) * (b.y - c.y), right = (a.y - c.y) * (b.x - c.x), det = left - right;
  double sum;
  if (left > 0) {
    if (right <= 0) return det > 0 ? 1 : det < 0 ? -1 : 0;
    sum = left + right;
  } else if (left < 0) {
    if (right >= 0) return det > 0 ? 1 : det < 0 ? -1 : 0;
    sum = -left - right;
  } else {
    return det > 0 ? 1 : det < 0 ? -1 : 0;
  }
  const double bound = 1e-15 * sum;
  if (det >= bound || -det >= bound) return det > 0 ? 1 : -1;
  double ax, axe, ay, aye, bx, bxe, by, bye;
  twoSum(a.x, -c.x, ax, axe);
  twoSum(a.y, -c.y, ay, aye);
  twoSum(b.x, -c.x, bx, bxe);
  twoSum(b.y, -c.y, by, bye);
  Expansion s;
  for (double u : {ax, axe})
    for (double v : {by, bye}) s.addProduct(u, v);
  for (double u : {ay, aye})
    for (double v : {bx, bxe}) s.addProduct(-u, v);
  return s.sign();
}

Where locate(XY p, const MultiPolygon& area) {
  int crossings = 0;
  // GEOS's RayCrossingCounter::countSegment: a horizontal ray from p towards +x; a segment counts when it
  // crosses it, an upward one with its start and a downward one with its end; p on a segment is the boundary.
  auto segment = [&](XY p1, XY p2) {
    if (p1.x < p.x && p2.x < p.x) return false;
    if (p.x == p2.x && p.y == p2.y) return true;
    if (p1.y == p.y && p2.y == p.y) {
      double lo = p1.x, hi = p2.x;
      if (lo > hi) lo = p2.x, hi = p1.x;
      return p.x >= lo && p.x <= hi;
    }
    if ((p1.y > p.y && p2.y <= p.y) || (p2.y > p.y && p1.y <= p.y)) {
      int o = orientation(p1, p2, p);
      if (o == 0) return true;
      if (p2.y < p1.y) o = -o;
      if (o > 0) ++crossings;
    }
    return false;
  };
  for (const Polygon& poly : area) {
    if (poly.rings.empty() || poly.rings[0].size() < 4) continue;
    for (const Ring& r : poly.rings) {
      if (r.size() < 4) continue;
      for (size_t i = 0; i + 1 < r.size(); ++i)
        if (segment(r[i], r[i + 1])) return Where::Boundary;
      if ((r.front().x != r.back().x || r.front().y != r.back().y) && segment(r.back(), r.front()))
        return Where::Boundary;
    }
  }
  return crossings % 2 == 1 ? Where::Interior : Where::Exterior;
}

}  // namespace gp::plan
