#include "geo/io/BuildingId.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace gp::io {

namespace {

// A stable 64-bit hash (the same on every machine and build, unlike std::hash): splitmix64's finaliser over
// each word, chained.
uint64_t mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}
struct Hash {
  uint64_t h = 0x243f6a8885a308d3ull;
  void add(uint64_t v) { h = mix(h ^ mix(v + 0x9e3779b97f4a7c15ull)); }
  void add(const std::string& s) {
    add(s.size());
    for (unsigned char c : s) add(c);
  }
};

std::string base32(uint64_t v, int chars) {
  static const char kDigits[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  // Crockford: no I, L, O, U
  std::string s(size_t(chars), '0');
  for (int i = chars - 1; i >= 0; --i, v >>= 5) s[size_t(i)] = kDigits[v & 31];
  return s;
}

using Pt = std::pair<int64_t, int64_t>;  // centimetres
using CRing = std::vector<Pt>;

// A ring rounded to the centimetre, without its closing point or repeated points, counter-clockwise for a
// shell and clockwise for a hole, starting at its smallest point; empty when less than a triangle is left.
CRing canonical(const Ring& r, bool shell) {
  CRing c;
  for (const XY& p : r) {
    Pt q{std::llround(p.x * 100), std::llround(p.y * 100)};
    if (c.empty() || c.back() != q) c.push_back(q);
  }
  while (c.size() > 1 && c.front() == c.back()) c.pop_back();
  if (c.size() < 3) return {};
  // Twice the signed area, in exact integer arithmetic.
  __int128 a = 0;
  for (size_t i = 0; i < c.size(); ++i) {
    const Pt& p = c[i];
    const Pt& q = c[(i + 1) % c.size()];
    a += __int128(p.first) * q.second - __int128(q.first) * p.second;
  }
  if ((a > 0) != shell) std::reverse(c.begin(), c.end());
  std::rotate(c.begin(), std::min_element(c.begin(), c.end()), c.end());
  return c;
}

}  // namespace

std::string footprintId(const MultiPolygon& footprint) {
  std::vector<std::vector<CRing>> parts;
  for (const Polygon& p : footprint) {
    if (p.rings.empty()) continue;
    std::vector<CRing> rings;
    CRing shell = canonical(p.rings[0], true);
    if (shell.empty()) continue;
    rings.push_back(std::move(shell));
    for (size_t k = 1; k < p.rings.size(); ++k)
      if (CRing h = canonical(p.rings[k], false); !h.empty()) rings.push_back(std::move(h));
    std::sort(rings.begin() + 1, rings.end());
    parts.push_back(std::move(rings));
  }
  std::sort(parts.begin(), parts.end());
  Hash h;
  h.add(parts.size());
  for (const auto& rings : parts) {
    h.add(rings.size());
    for (const CRing& r : rings) {
      h.add(r.size());
      for (const Pt& p : r) h.add(uint64_t(p.first)), h.add(uint64_t(p.second));
    }
  }
  // Appended, not "B" + base32(): gcc 12 -O3 warns falsely (-Wrestrict) on that operator+.
  std::string id = "B";
  id += base32(h.h >> 14, 10);
  return id;
}

std::string BuildingIds::issue(const MultiPolygon& footprint, const std::vector<std::string>& attributes) {
  std::string id = footprintId(footprint);
  if (used_.insert(id).second) return id;
  Hash h;
  for (const std::string& a : attributes) h.add(a);
  std::string twin = id + "-" + base32(h.h >> 44, 4);
  if (used_.insert(twin).second) return twin;
  for (int n = 2;; ++n) {
    std::string numbered = twin + "-" + std::to_string(n);
    if (used_.insert(numbered).second) return numbered;
  }
}

}  // namespace gp::io
