#include "geo/geom/Adjacency.hpp"

#include <algorithm>
#include <cmath>

#include "geo/geom/CellBuckets.hpp"
#include "geo/geom/KeyIds.hpp"
#include "geo/geom/SegmentIndex.hpp"

namespace gp::geom {

namespace {

struct Segment {
  int32_t cell;
  XY a, b;  // a < b lexicographically, so an edge has one key whichever way its ring runs
};

bool lessXY(XY p, XY q) { return p.x < q.x || (p.x == q.x && p.y < q.y); }
bool sameXY(XY p, XY q) { return p.x == q.x && p.y == q.y; }

std::vector<Segment> segmentsOf(const std::vector<MultiPolygon>& cells) {
  std::vector<Segment> out;
  for (size_t c = 0; c < cells.size(); ++c)
    for (const Polygon& p : cells[c])
      for (const Ring& r : p.rings)
        for (size_t i = 1; i < r.size(); ++i) {
          XY a = r[i - 1], b = r[i];
          if (sameXY(a, b)) continue;
          if (lessXY(b, a)) std::swap(a, b);
          out.push_back({static_cast<int32_t>(c), a, b});
        }
  return out;
}

uint64_t pairKey(int32_t a, int32_t b) {
  if (a > b) std::swap(a, b);
  return (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) | static_cast<uint32_t>(b);
}

}  // namespace

std::vector<SharedBoundary> sharedBoundaries(const std::vector<MultiPolygon>& cells,
                                             const std::vector<LineString>& barriers, double tolerance) {
  std::vector<Segment> segs = segmentsOf(cells);
  SegmentIndex barrierIndex(barriers);
  KeyIds pairId(segs.size() / 4);
  std::vector<SharedBoundary> pairs;
  auto addShared = [&](int32_t ca, int32_t cb, XY a, XY b) {
    if (ca == cb) return;
    double len = std::hypot(b.x - a.x, b.y - a.y);
    size_t at = static_cast<size_t>(pairId.id(pairKey(ca, cb)));
    if (at == pairs.size()) pairs.push_back({std::min(ca, cb), std::max(ca, cb), 0, 0});
    SharedBoundary& s = pairs[at];
    s.length += len;
    if (!barrierIndex.empty() && barrierIndex.along(a, b, tolerance)) s.barrier_length += len;
  };

  // Exact matches: sort by end points, then every run of identical segments pairs up its cells. The
  // segments themselves are sorted (with their index), not indices into them: no indirection per comparison.
  struct Keyed {
    XY a, b;
    int32_t cell, index;
  };
  std::vector<Keyed> order(segs.size());
  for (size_t i = 0; i < segs.size(); ++i) order[i] = {segs[i].a, segs[i].b, segs[i].cell, static_cast<int32_t>(i)};
  std::sort(order.begin(), order.end(), [](const Keyed& s, const Keyed& t) {
    if (s.a.x != t.a.x) return s.a.x < t.a.x;
    if (s.a.y != t.a.y) return s.a.y < t.a.y;
    if (s.b.x != t.b.x) return s.b.x < t.b.x;
    if (s.b.y != t.b.y) return s.b.y < t.b.y;
    return s.cell < t.cell;
  });
  std::vector<uint8_t> matched(segs.size(), 0);
  for (size_t i = 0; i < order.size();) {
    size_t j = i + 1;
    const Keyed& s = order[i];
    while (j < order.size() && sameXY(order[j].a, s.a) && sameXY(order[j].b, s.b)) ++j;
    for (size_t x = i; x < j; ++x)
      for (size_t y = x + 1; y < j; ++y) {
        const Keyed& sx = order[x];
        const Keyed& sy = order[y];
        if (sx.cell == sy.cell) continue;
        addShared(sx.cell, sy.cell, s.a, s.b);
        matched[static_cast<size_t>(sx.index)] = matched[static_cast<size_t>(sy.index)] = 1;
      }
    i = j;
  }

  // The rest: collinear overlaps found through a uniform grid of the unmatched segments.
  std::vector<int32_t> rest;
  BBox box;
  for (size_t i = 0; i < segs.size(); ++i)
    if (!matched[i]) {
      rest.push_back(static_cast<int32_t>(i));
      box.add(segs[i].a);
      box.add(segs[i].b);
    }
  if (rest.size() > 1) {
    double cell = std::max(4 * tolerance, std::sqrt(std::max(box.width() * box.height(), 1.0) /
                                                    static_cast<double>(rest.size())) * 2);
    auto key = [](int64_t ix, int64_t iy) { return static_cast<uint64_t>(ix * 73856093LL ^ iy * 19349663LL); };
    std::vector<std::pair<uint64_t, int32_t>> cellsOfRest;
    cellsOfRest.reserve(rest.size() * 2);
    for (int32_t i : rest) {
      const Segment& s = segs[static_cast<size_t>(i)];
      cellsAlong(s.a, s.b, tolerance, cell, [&](int64_t ix, int64_t iy) { cellsOfRest.push_back({key(ix, iy), i}); });
    }
    const CellBuckets grid(std::move(cellsOfRest));
    std::vector<int32_t> seen(segs.size(), -1);
    for (int32_t i : rest) {
      const Segment& s = segs[static_cast<size_t>(i)];
      double len = std::hypot(s.b.x - s.a.x, s.b.y - s.a.y);
      XY u{(s.b.x - s.a.x) / len, (s.b.y - s.a.y) / len};
      cellsAlong(s.a, s.b, tolerance, cell, [&](int64_t ix, int64_t iy) {
        for (int32_t j : grid.find(key(ix, iy))) {
          if (j <= i || seen[static_cast<size_t>(j)] == i) continue;
          seen[static_cast<size_t>(j)] = i;
          const Segment& t = segs[static_cast<size_t>(j)];
          if (t.cell == s.cell) continue;
          double dc = (t.a.x - s.a.x) * u.y - (t.a.y - s.a.y) * u.x;
          double dd = (t.b.x - s.a.x) * u.y - (t.b.y - s.a.y) * u.x;
          if (std::fabs(dc) > tolerance || std::fabs(dd) > tolerance) continue;
          double tc = (t.a.x - s.a.x) * u.x + (t.a.y - s.a.y) * u.y;
          double td = (t.b.x - s.a.x) * u.x + (t.b.y - s.a.y) * u.y;
          double lo = std::max(0.0, std::min(tc, td)), hi = std::min(len, std::max(tc, td));
          if (hi - lo <= tolerance) continue;
          addShared(s.cell, t.cell, {s.a.x + u.x * lo, s.a.y + u.y * lo}, {s.a.x + u.x * hi, s.a.y + u.y * hi});
        }
      });
    }
  }

  std::vector<SharedBoundary> out;
  out.reserve(pairs.size());
  for (const SharedBoundary& s : pairs)
    if (s.length > 0) out.push_back(s);
  std::sort(out.begin(), out.end(),
            [](const SharedBoundary& x, const SharedBoundary& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
  return out;
}

CellGraph adjacency(const std::vector<MultiPolygon>& cells, const std::vector<LineString>& barriers,
                    double tolerance) {
  std::vector<SharedBoundary> shared = sharedBoundaries(cells, barriers, tolerance);
  size_t n = cells.size();
  CellGraph g;
  g.xadj.assign(n + 1, 0);
  for (const SharedBoundary& s : shared) {
    ++g.xadj[static_cast<size_t>(s.a) + 1];
    ++g.xadj[static_cast<size_t>(s.b) + 1];
  }
  for (size_t i = 0; i < n; ++i) g.xadj[i + 1] += g.xadj[i];
  size_t m = static_cast<size_t>(g.xadj[n]);
  g.adjncy.resize(m);
  g.shared.resize(m);
  g.barrier.resize(m);
  std::vector<int32_t> fill(g.xadj.begin(), g.xadj.end() - 1);
  // shared is sorted by (a, b), so each row comes out sorted by neighbour.
  auto put = [&](int32_t from, int32_t to, const SharedBoundary& s) {
    size_t at = static_cast<size_t>(fill[static_cast<size_t>(from)]++);
    g.adjncy[at] = to;
    g.shared[at] = static_cast<float>(s.length);
    g.barrier[at] = s.barrier_length >= 0.5 * s.length ? 1 : 0;
  };
  for (const SharedBoundary& s : shared) put(s.b, s.a, s);
  for (const SharedBoundary& s : shared) put(s.a, s.b, s);
  return g;
}

}  // namespace gp::geom
