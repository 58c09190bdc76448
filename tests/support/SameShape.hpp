#pragma once
// Exact equality of two multipolygons, coordinate by coordinate (no tolerance): for tests that promise the same
// geometry whatever the number of threads or the path taken.
#include "geo/core/Geometry.hpp"

namespace gp::test {

inline bool sameShape(const MultiPolygon& a, const MultiPolygon& b) {
  if (a.size() != b.size()) return false;
  for (size_t p = 0; p < a.size(); ++p) {
    if (a[p].rings.size() != b[p].rings.size()) return false;
    for (size_t r = 0; r < a[p].rings.size(); ++r) {
      const Ring &x = a[p].rings[r], &y = b[p].rings[r];
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i)
        if (x[i].x != y[i].x || x[i].y != y[i].y) return false;
    }
  }
  return true;
}

}  // namespace gp::test
