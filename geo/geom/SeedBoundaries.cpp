#include "geo/geom/SeedBoundaries.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <unordered_map>

#include <boost/polygon/voronoi.hpp>

#include "geo/core/I18n.hpp"
#include "geo/geom/SegmentIndex.hpp"

namespace gp::geom::detail {
struct IPoint {
  int32_t x, y;
};
struct ISegment {
  IPoint p0, p1;
};
}  // namespace gp::geom::detail

template <>
struct boost::polygon::geometry_concept<gp::geom::detail::IPoint> {
  using type = point_concept;
};
template <>
struct boost::polygon::point_traits<gp::geom::detail::IPoint> {
  using coordinate_type = int32_t;
  static coordinate_type get(const gp::geom::detail::IPoint& p, orientation_2d o) { return o == HORIZONTAL ? p.x : p.y; }
};
template <>
struct boost::polygon::geometry_concept<gp::geom::detail::ISegment> {
  using type = segment_concept;
};
template <>
struct boost::polygon::segment_traits<gp::geom::detail::ISegment> {
  using coordinate_type = int32_t;
  using point_type = gp::geom::detail::IPoint;
  static point_type get(const gp::geom::detail::ISegment& s, direction_1d d) { return d.to_int() ? s.p1 : s.p0; }
};

namespace gp::geom {

namespace {

using detail::IPoint;
using detail::ISegment;
using Diagram = boost::polygon::voronoi_diagram<double>;

__extension__ using Wide = __int128;  // exact orientation of integer coordinates up to 2^31

bool same(IPoint a, IPoint b) { return a.x == b.x && a.y == b.y; }

int orient(IPoint a, IPoint b, IPoint c) {
  Wide v = Wide{b.x - int64_t{a.x}} * (c.y - int64_t{a.y}) - Wide{b.y - int64_t{a.y}} * (c.x - int64_t{a.x});
  return (v > 0) - (v < 0);
}

// Whether two segments meet anywhere but at a shared end point (Boost's Voronoi of segments needs that).
bool conflict(const ISegment& s, const ISegment& t) {
  // Boxes apart (most pairs sharing a grid cell): no common point, no orientation tests.
  if (std::max(s.p0.x, s.p1.x) < std::min(t.p0.x, t.p1.x) || std::max(t.p0.x, t.p1.x) < std::min(s.p0.x, s.p1.x) ||
      std::max(s.p0.y, s.p1.y) < std::min(t.p0.y, t.p1.y) || std::max(t.p0.y, t.p1.y) < std::min(s.p0.y, s.p1.y))
    return false;
  if ((same(s.p0, t.p0) && same(s.p1, t.p1)) || (same(s.p0, t.p1) && same(s.p1, t.p0))) return true;
  int o1 = orient(s.p0, s.p1, t.p0), o2 = orient(s.p0, s.p1, t.p1);
  int o3 = orient(t.p0, t.p1, s.p0), o4 = orient(t.p0, t.p1, s.p1);
  if (o1 * o2 < 0 && o3 * o4 < 0) return true;
  // A collinear end point inside the other segment (not one of its ends): touching or overlapping.
  auto inside = [](IPoint p, const ISegment& g, int o) {
    return o == 0 && p.x >= std::min(g.p0.x, g.p1.x) && p.x <= std::max(g.p0.x, g.p1.x) &&
           p.y >= std::min(g.p0.y, g.p1.y) && p.y <= std::max(g.p0.y, g.p1.y) && !same(p, g.p0) && !same(p, g.p1);
  };
  return inside(t.p0, s, o1) || inside(t.p1, s, o2) || inside(s.p0, t, o3) || inside(s.p1, t, o4);
}

// Whether any two segments conflict: pairs sharing a cell of a uniform grid are compared.
bool anyConflict(const std::vector<ISegment>& segs) {
  if (segs.size() < 2) return false;
  double total = 0;
  for (const ISegment& s : segs) total += std::hypot(static_cast<double>(s.p1.x) - s.p0.x, static_cast<double>(s.p1.y) - s.p0.y);
  const int64_t cell = std::max<int64_t>(1000, static_cast<int64_t>(4 * total / static_cast<double>(segs.size())));
  auto floorDiv = [cell](int64_t v) { return v >= 0 ? v / cell : -((-v + cell - 1) / cell); };
  std::vector<std::pair<uint64_t, uint32_t>> keyed;
  keyed.reserve(segs.size() * 2);
  for (size_t k = 0; k < segs.size(); ++k) {
    const ISegment& s = segs[k];
    int64_t x0 = floorDiv(std::min(s.p0.x, s.p1.x)), x1 = floorDiv(std::max(s.p0.x, s.p1.x));
    int64_t y0 = floorDiv(std::min(s.p0.y, s.p1.y)), y1 = floorDiv(std::max(s.p0.y, s.p1.y));
    for (int64_t x = x0; x <= x1; ++x)
      for (int64_t y = y0; y <= y1; ++y)
        keyed.push_back({(static_cast<uint64_t>(static_cast<uint32_t>(x)) << 32) | static_cast<uint32_t>(y),
                         static_cast<uint32_t>(k)});
  }
  std::sort(keyed.begin(), keyed.end());
  for (size_t i = 0; i < keyed.size();) {
    size_t j = i;
    while (j < keyed.size() && keyed[j].first == keyed[i].first) ++j;
    for (size_t a = i; a < j; ++a)
      for (size_t b = a + 1; b < j; ++b)
        if (conflict(segs[keyed[a].second], segs[keyed[b].second])) return true;
    i = j;
  }
  return false;
}

void simplifyInto(const std::vector<XY>& pts, size_t i, size_t j, double tol, std::vector<uint8_t>& keep) {
  if (j <= i + 1) return;
  XY a = pts[i], b = pts[j];
  double best = -1;
  size_t at = i;
  for (size_t k = i + 1; k < j; ++k) {
    double d = pointSegmentDistance(pts[k], a, b);
    if (d > best) {
      best = d;
      at = k;
    }
  }
  if (best <= tol) return;
  keep[at] = 1;
  simplifyInto(pts, i, at, tol, keep);
  simplifyInto(pts, at, j, tol, keep);
}

// The sites in the diagram's integer frame: millimetres from a local origin, each with its seed (-1 for the
// four far-away dummies that make every edge between real sites finite).
struct Frame {
  XY mid;  // the world point at the frame's (0, 0)
  double scale = 1000;
  std::vector<IPoint> points;
  std::vector<int32_t> point_seed;
  std::vector<ISegment> segments;
  std::vector<int32_t> segment_seed;

  XY world(double x, double y) const { return {mid.x + x / scale, mid.y + y / scale}; }
  IPoint local(XY p) const {
    return {static_cast<int32_t>(std::llround((p.x - mid.x) * scale)), static_cast<int32_t>(std::llround((p.y - mid.y) * scale))};
  }
  // The seed of a diagram site (Boost numbers the points first, then the segments).
  int32_t seedOf(size_t site) const {
    return site < points.size() ? point_seed[site] : segment_seed[site - points.size()];
  }
};

Frame makeFrame(const SeedSites& sites, const BBox& box) {
  BBox all = box;
  for (const XY& p : sites.points) all.add(p);
  for (const SiteSegment& s : sites.segments) {
    all.add(s.a);
    all.add(s.b);
  }
  // A point of the box is at most 0.71 × size from the middle and its nearest site at most 1.42 × size
  // away, while the dummies are more than 4.9 × size away: their regions stay far outside the box.
  const double far = 4 * (std::max(all.width(), all.height()) + 100);
  Frame f;
  // Millimetres where the community fits in int32 (up to ~330 km across); coarser for larger extents.
  constexpr double kLimit = 2.0e9;
  f.scale = std::min(1000.0, kLimit / (far * 1.5));
  // The frame's origin lies below and left of the sites, about two `far` away (less where that would leave
  // int32): every site and nearly every circle event then has coordinates far from zero. Boost's lazy circle
  // predicates judge their error relative to the result, so a circle centre near an axis of the frame (half
  // of them when the origin was the middle) fell back to exact big-integer arithmetic.
  const XY centre{std::round(all.center().x), std::round(all.center().y)};
  const double offset = std::floor(std::min(2 * far, 2.1e9 / f.scale - 1.2 * far));
  f.mid = XY{centre.x - offset, centre.y - offset};
  if (f.scale < 10)
    throw std::runtime_error(fmt(tr("tessellation: a community and its buildings span %1$lld km, too large for one "
                                    "Voronoi diagram at 0.1 m precision (at most about 50,000 km); check the "
                                    "community polygon and its coordinate system"),
                                 static_cast<long long>(std::max(all.width(), all.height()) / 1000)));
  std::unordered_map<uint64_t, int32_t> seen;  // the first seed to give a point owns it
  seen.reserve(sites.points.size() * 2);
  for (size_t i = 0; i < sites.points.size(); ++i) {
    IPoint q = f.local(sites.points[i]);
    uint64_t key = (static_cast<uint64_t>(static_cast<uint32_t>(q.x)) << 32) | static_cast<uint32_t>(q.y);
    if (!seen.try_emplace(key, 0).second) continue;
    f.points.push_back(q);
    f.point_seed.push_back(sites.point_seed[i]);
  }
  for (size_t i = 0; i < sites.segments.size(); ++i) {
    ISegment s{f.local(sites.segments[i].a), f.local(sites.segments[i].b)};
    if (same(s.p0, s.p1)) continue;
    f.segments.push_back(s);
    f.segment_seed.push_back(sites.segment_seed[i]);
  }
  const IPoint c = f.local(centre);
  const int32_t F = static_cast<int32_t>(std::llround(far * f.scale));
  for (IPoint d : {IPoint{c.x - F, c.y - F}, IPoint{c.x + F, c.y - F}, IPoint{c.x + F, c.y + F}, IPoint{c.x - F, c.y + F}}) {
    f.points.push_back(d);
    f.point_seed.push_back(-1);
  }
  return f;
}

// The point of a cell that holds one (a point site, or an end point of a segment site).
IPoint cellPoint(const Frame& f, const Diagram::cell_type& c) {
  size_t i = c.source_index();
  if (c.source_category() == boost::polygon::SOURCE_CATEGORY_SINGLE_POINT) return f.points[i];
  const ISegment& s = f.segments[i - f.points.size()];
  return c.source_category() == boost::polygon::SOURCE_CATEGORY_SEGMENT_START_POINT ? s.p0 : s.p1;
}

// The inner points of a parabolic edge between a point and a segment, from vertex0 to vertex1, each chord
// within tol (frame units) of the arc: with the segment as x axis, the arc is y = ((x - px)² + py²) / (2 py)
// and a chord of length h strays h² / (8 |py|) from it.
void sampleArc(const Frame& f, const Diagram::edge_type& e, double tol, std::vector<XY>& out) {
  const Diagram::cell_type& pc = e.cell()->contains_point() ? *e.cell() : *e.twin()->cell();
  const Diagram::cell_type& sc = e.cell()->contains_point() ? *e.twin()->cell() : *e.cell();
  IPoint P = cellPoint(f, pc);
  const ISegment& S = f.segments[sc.source_index() - f.points.size()];
  const double ax = S.p0.x, ay = S.p0.y;
  double ux = S.p1.x - ax, uy = S.p1.y - ay;
  const double len = std::hypot(ux, uy);
  ux /= len;
  uy /= len;
  const double nx = -uy, ny = ux;
  const double px = (P.x - ax) * ux + (P.y - ay) * uy, py = (P.x - ax) * nx + (P.y - ay) * ny;
  if (std::fabs(py) < 1e-9) return;
  const double x0 = (e.vertex0()->x() - ax) * ux + (e.vertex0()->y() - ay) * uy;
  const double x1 = (e.vertex1()->x() - ax) * ux + (e.vertex1()->y() - ay) * uy;
  const double h = std::sqrt(8 * std::fabs(py) * tol);
  const int k = std::clamp(static_cast<int>(std::ceil(std::fabs(x1 - x0) / std::max(h, 1e-9))), 1, 256);
  for (int j = 1; j < k; ++j) {
    double x = x0 + (x1 - x0) * j / k;
    double y = ((x - px) * (x - px) + py * py) / (2 * py);
    out.push_back(f.world(ax + x * ux + y * nx, ay + x * uy + y * ny));
  }
}

// The diagram's edges between regions of different seeds, each once (vertex ids, and for an arc the range
// of its inner points in `arcs`).
struct BoundaryEdges {
  std::vector<std::array<int32_t, 2>> ends;
  std::vector<std::array<uint32_t, 2>> inner;  // [begin, end) in arcs
  std::vector<XY> arcs;
};

BoundaryEdges boundaryEdges(const Frame& f, const Diagram& vd, double tol) {
  BoundaryEdges b;
  const auto& verts = vd.vertices();
  auto vid = [&](const Diagram::vertex_type* v) { return static_cast<int32_t>(v - verts.data()); };
  const auto& es = vd.edges();
  for (size_t k = 0; k < es.size(); k += 2) {  // an edge and its twin are stored side by side
    const auto& e = es[k];
    int32_t oa = f.seedOf(e.cell()->source_index()), ob = f.seedOf(e.twin()->cell()->source_index());
    if (oa == ob || oa < 0 || ob < 0 || !e.is_finite()) continue;
    uint32_t from = static_cast<uint32_t>(b.arcs.size());
    if (e.is_curved()) sampleArc(f, e, tol / 4 * f.scale, b.arcs);
    b.ends.push_back({vid(e.vertex0()), vid(e.vertex1())});
    b.inner.push_back({from, static_cast<uint32_t>(b.arcs.size())});
  }
  return b;
}

// Chains of boundary edges between junctions (degree != 2), then the remaining closed loops; those near
// `box` are kept, simplified within tol.
std::vector<LineString> chains(const Frame& f, const Diagram& vd, const BoundaryEdges& b, const BBox& box, double tol) {
  const auto& verts = vd.vertices();
  const auto& edges = b.ends;
  std::vector<int32_t> degree(verts.size(), 0);
  for (const auto& e : edges)
    for (int32_t v : e) ++degree[static_cast<size_t>(v)];
  std::vector<int32_t> start(verts.size() + 1, 0);
  for (size_t v = 0; v < verts.size(); ++v) start[v + 1] = start[v] + degree[v];
  std::vector<int32_t> at(static_cast<size_t>(start.back()));
  {
    std::vector<int32_t> fill(start.begin(), start.end() - 1);
    for (size_t k = 0; k < edges.size(); ++k)
      for (int32_t v : edges[k]) at[static_cast<size_t>(fill[static_cast<size_t>(v)]++)] = static_cast<int32_t>(k);
  }
  auto pos = [&](int32_t v) {
    const auto& q = verts[static_cast<size_t>(v)];
    return f.world(q.x(), q.y());
  };
  std::vector<LineString> out;
  const double pad = 1.0;
  std::vector<XY> line;
  std::vector<uint8_t> used(edges.size(), 0);
  auto walk = [&](int32_t from, int32_t edge) {
    line.assign(1, pos(from));
    int32_t cur = from;
    while (true) {
      used[static_cast<size_t>(edge)] = 1;
      const auto& ed = edges[static_cast<size_t>(edge)];
      const auto& in = b.inner[static_cast<size_t>(edge)];
      if (ed[0] == cur)
        line.insert(line.end(), b.arcs.begin() + in[0], b.arcs.begin() + in[1]);
      else
        line.insert(line.end(), b.arcs.rbegin() + static_cast<std::ptrdiff_t>(b.arcs.size() - in[1]),
                    b.arcs.rbegin() + static_cast<std::ptrdiff_t>(b.arcs.size() - in[0]));
      cur = ed[0] == cur ? ed[1] : ed[0];
      line.push_back(pos(cur));
      if (degree[static_cast<size_t>(cur)] != 2 || cur == from) break;
      int32_t nx = -1;
      for (int32_t k = start[static_cast<size_t>(cur)]; k < start[static_cast<size_t>(cur) + 1]; ++k)
        if (!used[static_cast<size_t>(at[static_cast<size_t>(k)])]) nx = at[static_cast<size_t>(k)];
      if (nx < 0) break;
      edge = nx;
    }
    BBox lb;
    for (const XY& p : line) lb.add(p);
    if (lb.maxx < box.minx - pad || lb.minx > box.maxx + pad || lb.maxy < box.miny - pad || lb.miny > box.maxy + pad)
      return;
    out.push_back(simplifyLine(line, tol));
  };
  for (int pass = 0; pass < 2; ++pass)
    for (size_t v = 0; v < verts.size(); ++v) {
      if (pass == 0 && degree[v] == 2) continue;
      for (int32_t k = start[v]; k < start[v + 1]; ++k)
        if (!used[static_cast<size_t>(at[static_cast<size_t>(k)])]) walk(static_cast<int32_t>(v), at[static_cast<size_t>(k)]);
    }
  return out;
}

}  // namespace

LineString simplifyLine(const std::vector<XY>& pts, double tol) {
  if (pts.size() <= 2 || tol <= 0) return pts;
  std::vector<uint8_t> keep(pts.size(), 0);
  keep.front() = keep.back() = 1;
  simplifyInto(pts, 0, pts.size() - 1, tol, keep);
  LineString out;
  for (size_t k = 0; k < pts.size(); ++k)
    if (keep[k]) out.push_back(pts[k]);
  return out;
}

std::optional<std::vector<LineString>> seedBoundaries(const SeedSites& sites, const BBox& box, double tol) {
  Frame f = makeFrame(sites, box);
  if (anyConflict(f.segments)) return std::nullopt;
  Diagram vd;
  boost::polygon::construct_voronoi(f.points.begin(), f.points.end(), f.segments.begin(), f.segments.end(), &vd);
  BoundaryEdges b = boundaryEdges(f, vd, tol);
  return chains(f, vd, b, box, tol);
}

}  // namespace gp::geom
