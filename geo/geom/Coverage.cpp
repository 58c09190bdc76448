#include "geo/geom/Coverage.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>

#include "geo/geom/Adjacency.hpp"
#include "geo/geom/Geos.hpp"
#include "geo/geom/KeyIds.hpp"

namespace gp::geom {

namespace {

// Parts and holes this small are slivers left by cells whose shared edges do not match exactly; only the
// fallback (full overlay) union can leave them.
constexpr double kSliverArea = 0.01;  // m²
// Grid (m) of the fallback union: fine enough to keep any surveyed shape, coarse enough to close gaps
// left by coordinates that differ in the last digits.
constexpr double kFallbackGrid = 0.001;

MultiPolygon dropSlivers(MultiPolygon mp) {
  MultiPolygon out;
  for (Polygon& p : mp) {
    if (p.rings.empty() || std::fabs(signedArea(p.rings[0])) < kSliverArea) continue;
    Polygon q;
    q.rings.push_back(std::move(p.rings[0]));
    for (size_t i = 1; i < p.rings.size(); ++i)
      if (std::fabs(signedArea(p.rings[i])) >= kSliverArea) q.rings.push_back(std::move(p.rings[i]));
    out.push_back(std::move(q));
  }
  return out;
}

uint64_t mix64(uint64_t h) {
  h ^= h >> 31;
  h *= 0xD6E8FEB86659FD93ULL;
  return h ^ (h >> 32);
}

uint64_t hashXY(XY p) {
  uint64_t a, b;
  std::memcpy(&a, &p.x, sizeof a);
  std::memcpy(&b, &p.y, sizeof b);
  return mix64(a * 0x9E3779B97F4A7C15ULL ^ (b + 0x632BE59BD9B4E019ULL + (a << 6) + (a >> 2)));
}

size_t tableSize(size_t n) {
  size_t cap = 16;
  while (cap < 2 * n) cap *= 2;
  return cap;
}

// Ids of distinct points in order of first sight, through an open-addressing table sized once for at most
// n points (no allocation per point, as a node-based map has).
class PointIds {
 public:
  explicit PointIds(size_t n) : slot_(tableSize(n), -1), mask_(slot_.size() - 1) { pts_.reserve(n); }
  int32_t id(XY p) {
    for (size_t s = hashXY(p) & mask_;; s = (s + 1) & mask_) {
      const int32_t k = slot_[s];
      if (k < 0) {
        slot_[s] = static_cast<int32_t>(pts_.size());
        pts_.push_back(p);
        return slot_[s];
      }
      const XY& q = pts_[static_cast<size_t>(k)];
      if (q.x == p.x && q.y == p.y) return k;
    }
  }
  const std::vector<XY>& points() const { return pts_; }

 private:
  std::vector<int32_t> slot_;
  size_t mask_;
  std::vector<XY> pts_;
};

bool inRing(const Ring& r, XY p) {
  bool in = false;
  for (size_t i = 0, j = r.size() - 1; i < r.size(); j = i++)
    if (((r[i].y > p.y) != (r[j].y > p.y)) && (p.x < (r[j].x - r[i].x) * (p.y - r[i].y) / (r[j].y - r[i].y) + r[i].x))
      in = !in;
  return in;
}

// The union of polygons that share identical edges, read off their edges: every directed edge (shells
// counter-clockwise, holes clockwise) whose reverse is also present lies between two of them and goes; the
// rest link into rings, at each vertex turning onto the first remaining edge clockwise from where it came
// (so parts touching at a point come out as separate rings). Returns false, leaving `out` unspecified,
// where the input is not such a coverage: an edge present twice in one direction (an overlap), a vertex
// with unequal ins and outs or a ring of sliver area (edges that meet only approximately).
bool unionByEdges(const std::vector<const MultiPolygon*>& cells, MultiPolygon& out) {
  size_t total = 0;
  for (const MultiPolygon* mp : cells)
    if (mp)
      for (const Polygon& p : *mp)
        for (const Ring& r : p.rings) total += r.size();
  PointIds ids(total);
  auto vid = [&](XY p) { return ids.id(p); };
  auto key = [](int32_t u, int32_t v) { return (static_cast<uint64_t>(static_cast<uint32_t>(u)) << 32) | static_cast<uint32_t>(v); };
  KeyIds edgeId(total);
  std::vector<uint8_t> count;
  count.reserve(total);
  std::vector<std::pair<int32_t, int32_t>> edges;
  edges.reserve(total);
  for (const MultiPolygon* mp : cells) {
    if (!mp) continue;
    for (const Polygon& p : *mp)
      for (size_t k = 0; k < p.rings.size(); ++k) {
        const Ring& r = p.rings[k];
        if (r.size() < 4) continue;
        const bool reverse = (signedArea(r) > 0) != (k == 0);
        int32_t first = -1, prev = -1;
        for (size_t i = 0; i < r.size(); ++i) {
          int32_t v = vid(reverse ? r[r.size() - 1 - i] : r[i]);
          if (first < 0) first = v;
          if (prev >= 0 && v != prev) {
            size_t e = static_cast<size_t>(edgeId.id(key(prev, v)));
            if (e == count.size()) count.push_back(0);
            if (++count[e] > 1) return false;
            edges.push_back({prev, v});
          }
          prev = v;
        }
        if (prev != first) return false;  // an open ring
      }
  }
  const std::vector<XY>& vs = ids.points();
  std::vector<std::pair<int32_t, int32_t>> rest;
  for (auto [u, v] : edges)
    if (edgeId.find(key(v, u)) < 0) rest.push_back({u, v});
  if (rest.empty()) return false;
  // Outgoing remaining edges per vertex.
  std::vector<int32_t> start(vs.size() + 1, 0), ins(vs.size(), 0);
  for (auto [u, v] : rest) {
    ++start[static_cast<size_t>(u) + 1];
    ++ins[static_cast<size_t>(v)];
  }
  for (size_t i = 0; i < vs.size(); ++i) {
    if (start[i + 1] != ins[i]) return false;
    start[i + 1] += start[i];
  }
  std::vector<int32_t> outs(rest.size());
  {
    std::vector<int32_t> fill(start.begin(), start.end() - 1);
    for (size_t e = 0; e < rest.size(); ++e) outs[static_cast<size_t>(fill[static_cast<size_t>(rest[e].first)]++)] = static_cast<int32_t>(e);
  }
  // next(e): at e's end, the first remaining edge clockwise from the direction back along e.
  std::vector<int32_t> next(rest.size(), -1);
  std::vector<uint8_t> taken(rest.size(), 0);
  constexpr double kTwoPi = 6.283185307179586;
  for (size_t e = 0; e < rest.size(); ++e) {
    auto [u, v] = rest[e];
    int32_t lo = start[static_cast<size_t>(v)], hi = start[static_cast<size_t>(v) + 1];
    int32_t best = outs[static_cast<size_t>(lo)];
    if (hi - lo > 1) {
      XY o = vs[static_cast<size_t>(v)], b = vs[static_cast<size_t>(u)];
      double back = std::atan2(b.y - o.y, b.x - o.x), bestTurn = kTwoPi + 1;
      for (int32_t k = lo; k < hi; ++k) {
        XY w = vs[static_cast<size_t>(rest[static_cast<size_t>(outs[static_cast<size_t>(k)])].second)];
        double turn = std::fmod(back - std::atan2(w.y - o.y, w.x - o.x) + 2 * kTwoPi, kTwoPi);
        if (turn <= 0) turn = kTwoPi;
        if (turn < bestTurn) {
          bestTurn = turn;
          best = outs[static_cast<size_t>(k)];
        }
      }
    }
    if (taken[static_cast<size_t>(best)]) return false;
    taken[static_cast<size_t>(best)] = 1;
    next[e] = best;
  }
  // Rings are the cycles of next.
  std::vector<uint8_t> used(rest.size(), 0);
  std::vector<Ring> shells, holes;
  std::vector<double> shellArea;
  for (size_t e0 = 0; e0 < rest.size(); ++e0) {
    if (used[e0]) continue;
    Ring r;
    for (size_t e = e0; !used[e]; e = static_cast<size_t>(next[e])) {
      used[e] = 1;
      r.push_back(vs[static_cast<size_t>(rest[e].first)]);
    }
    r.push_back(r.front());
    double a = signedArea(r);
    if (std::fabs(a) < kSliverArea) return false;
    if (a > 0) {
      shells.push_back(std::move(r));
      shellArea.push_back(a);
    } else {
      holes.push_back(std::move(r));
    }
  }
  out.assign(shells.size(), Polygon{});
  for (size_t i = 0; i < shells.size(); ++i) out[i].rings.push_back(shells[i]);
  for (Ring& h : holes) {
    size_t at = 0;
    if (shells.size() > 1) {
      // A hole's edge is no shell's edge, so the middle of its first edge is strictly inside its shell.
      XY m{(h[0].x + h[1].x) / 2, (h[0].y + h[1].y) / 2};
      double best = -1;
      for (size_t i = 0; i < shells.size(); ++i)
        if ((best < 0 || shellArea[i] < best) && inRing(shells[i], m)) {
          best = shellArea[i];
          at = i;
        }
      if (best < 0) return false;
    }
    out[at].rings.push_back(std::move(h));
  }
  return !out.empty();
}

}  // namespace

MultiPolygon unionCells(const std::vector<const MultiPolygon*>& cells) {
  const Polygon* only = nullptr;
  size_t count = 0;
  for (const MultiPolygon* mp : cells)
    if (mp)
      for (const Polygon& p : *mp)
        if (!p.rings.empty() && p.rings[0].size() >= 4) {
          only = &p;
          ++count;
        }
  if (count == 0) return {};
  geos::Context c;
  if (count == 1) {
    geos::GeomPtr one = geos::toGeos(c, *only);
    return geos::toMultiPolygon(c, one.get());
  }
  // Both coverage unions trust that neighbours share identical edges; where they do not, parts that should
  // have merged come out side by side, touching along a line. Accept only a valid result in which no two
  // parts do.
  auto acceptable = [&](const GEOSGeometry* g) -> std::optional<MultiPolygon> {
    if (!g || GEOSisValid_r(c, g) != 1) return std::nullopt;
    MultiPolygon mp = geos::toMultiPolygon(c, g);
    if (mp.size() == 1) return mp;
    std::vector<MultiPolygon> parts;
    for (Polygon& p : mp) parts.push_back({p});
    if (sharedBoundaries(parts, {}, kFallbackGrid).empty()) return mp;
    return std::nullopt;
  };
  MultiPolygon byEdges;
  if (unionByEdges(cells, byEdges)) {
    geos::GeomPtr g = geos::toGeos(c, byEdges);
    if (auto mp = acceptable(g.get())) return *mp;
  }
  std::vector<GEOSGeometry*> polys;
  for (const MultiPolygon* mp : cells) {
    if (!mp) continue;
    for (const Polygon& p : *mp) {
      geos::GeomPtr g = geos::toGeos(c, p);
      if (g && GEOSisEmpty_r(c, g.get()) != 1) polys.push_back(g.release());
    }
  }
  if (polys.empty()) return {};
  geos::GeomPtr coll = geos::own(c, GEOSGeom_createCollection_r(c, GEOS_MULTIPOLYGON, polys.data(),
                                                                 static_cast<unsigned>(polys.size())));
  geos::GeomPtr u = geos::own(c, GEOSCoverageUnion_r(c, coll.get()));
  if (auto mp = acceptable(u.get())) return *mp;
  // Not an exact coverage: a full overlay union on a fine grid, which closes gaps narrower than the grid.
  u = geos::own(c, GEOSUnaryUnionPrec_r(c, coll.get(), kFallbackGrid));
  if (!u) u = geos::own(c, GEOSUnaryUnion_r(c, coll.get()));
  if (!u) {
    geos::GeomPtr fixed = geos::own(c, GEOSMakeValid_r(c, coll.get()));
    if (fixed) u = geos::own(c, GEOSUnaryUnion_r(c, fixed.get()));
  }
  if (!u) return {};
  return dropSlivers(geos::toMultiPolygon(c, u.get()));
}

}  // namespace gp::geom
