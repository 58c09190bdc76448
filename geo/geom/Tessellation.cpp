#include "geo/geom/Tessellation.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include <boost/polygon/voronoi.hpp>

#include "geo/core/I18n.hpp"
#include "geo/geom/Adjacency.hpp"
#include "geo/geom/Coverage.hpp"
#include "geo/geom/Geos.hpp"
#include "geo/geom/SegmentIndex.hpp"

namespace gp::geom::detail {
struct IPoint {
  int32_t x, y;
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

namespace gp::geom {

namespace {

using detail::IPoint;

using geos::GeomPtr;

// Seeds are shrunk by this much before sampling (as momepy does), so that touching seeds — buildings
// sharing a wall, entrance slices of one building — are split along their common edge instead of
// producing coincident sample points.
constexpr double kShrink = 0.4;

// Nearest-point search over the sample points through a uniform grid.
class PointGrid {
 public:
  explicit PointGrid(const std::vector<XY>& pts) : pts_(pts) {
    for (const XY& p : pts) box_.add(p);
    double a = std::max(box_.width() * box_.height(), 1.0);
    cell_ = std::max(0.5, std::sqrt(a / static_cast<double>(std::max<size_t>(pts.size(), 1))) * 2);
    nx_ = static_cast<int64_t>(box_.width() / cell_) + 1;
    ny_ = static_cast<int64_t>(box_.height() / cell_) + 1;
    start_.assign(static_cast<size_t>(nx_ * ny_ + 1), 0);
    std::vector<int64_t> cellOf(pts.size());
    for (size_t i = 0; i < pts.size(); ++i) {
      cellOf[i] = ix(pts[i].x) + iy(pts[i].y) * nx_;
      ++start_[static_cast<size_t>(cellOf[i]) + 1];
    }
    for (size_t c = 1; c < start_.size(); ++c) start_[c] += start_[c - 1];
    items_.resize(pts.size());
    std::vector<int32_t> fill(start_.begin(), start_.end() - 1);
    for (size_t i = 0; i < pts.size(); ++i) items_[static_cast<size_t>(fill[static_cast<size_t>(cellOf[i])]++)] = static_cast<int32_t>(i);
  }

  // Index of the sample point nearest to q (-1 when there are none). Ties go to the lowest index.
  int32_t nearest(XY q) const {
    if (pts_.empty()) return -1;
    int64_t cx = ix(q.x), cy = iy(q.y);
    int32_t best = -1;
    double bestD = std::numeric_limits<double>::infinity();
    int64_t maxRing = std::max(nx_, ny_) + std::max<int64_t>(std::abs(cx), std::abs(cy)) + 1;
    for (int64_t r = 0; r <= maxRing; ++r) {
      // Every point in ring r is at least (r - 1) * cell away from q.
      if (best >= 0 && static_cast<double>(r - 1) * cell_ > std::sqrt(bestD)) break;
      auto visit = [&](int64_t x, int64_t y) {
        if (x < 0 || y < 0 || x >= nx_ || y >= ny_) return;
        size_t c = static_cast<size_t>(x + y * nx_);
        for (int32_t k = start_[c]; k < start_[c + 1]; ++k) {
          int32_t i = items_[static_cast<size_t>(k)];
          const XY& p = pts_[static_cast<size_t>(i)];
          double d = (p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y);
          if (d < bestD || (d == bestD && i < best)) {
            bestD = d;
            best = i;
          }
        }
      };
      // The cells of ring r only: its top and bottom rows, then its left and right columns.
      for (int64_t x = cx - r; x <= cx + r; ++x) {
        visit(x, cy - r);
        if (r > 0) visit(x, cy + r);
      }
      for (int64_t y = cy - r + 1; y <= cy + r - 1; ++y) {
        visit(cx - r, y);
        visit(cx + r, y);
      }
    }
    return best;
  }

 private:
  int64_t ix(double x) const { return std::clamp<int64_t>(static_cast<int64_t>(std::floor((x - box_.minx) / cell_)), 0, nx_ - 1); }
  int64_t iy(double y) const { return std::clamp<int64_t>(static_cast<int64_t>(std::floor((y - box_.miny) / cell_)), 0, ny_ - 1); }
  const std::vector<XY>& pts_;
  BBox box_;
  double cell_ = 1;
  int64_t nx_ = 1, ny_ = 1;
  std::vector<int32_t> start_, items_;
};

// Points along every ring of a polygonal geometry: each edge's end points and evenly spaced points at most
// `spacing` apart between them. Spacing per edge (not along the whole ring) keeps the points on the two
// sides of a shared wall mirror images, so the cells of touching seeds meet exactly along that wall.
void sampleRings(const MultiPolygon& mp, double spacing, int32_t owner, std::vector<XY>& pts,
                 std::vector<int32_t>& owners) {
  for (const Polygon& p : mp)
    for (const Ring& r : p.rings)
      for (size_t i = 1; i < r.size(); ++i) {
        XY a = r[i - 1], b = r[i];
        double len = std::hypot(b.x - a.x, b.y - a.y);
        int k = std::max(1, static_cast<int>(std::ceil(len / spacing)));
        for (int j = 0; j < k; ++j) {
          double t = static_cast<double>(j) / k;
          pts.push_back({a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t});
          owners.push_back(owner);
        }
      }
}

double geomArea(GEOSContextHandle_t h, const GEOSGeometry* g) {
  double a = 0;
  if (g) GEOSArea_r(h, g, &a);
  return a;
}

std::string seedName(const TessellationOptions& opt, size_t i) {
  if (i < opt.seed_names.size() && !opt.seed_names[i].empty()) return opt.seed_names[i];
  return "seed " + std::to_string(i);
}

// The grid rounding GEOS's fixed precision model applies (Java's Math.round: halves round up), so that
// vertices rounded here land exactly where GEOS's snap rounding puts the same vertices.
double roundToGrid(double v, double scale) {
  double x = v * scale;
  double n;
  double f = std::fabs(std::modf(x, &n));
  double r;
  if (x >= 0)
    r = f < 0.5 ? std::floor(x) : (f > 0.5 ? std::ceil(x) : n + 1.0);
  else
    r = f < 0.5 ? std::ceil(x) : (f > 0.5 ? std::floor(x) : n);
  return r / scale;
}

// Douglas-Peucker on an open polyline; end points are kept.
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

LineString simplify(const std::vector<XY>& pts, double tol) {
  if (pts.size() <= 2 || tol <= 0) return pts;
  std::vector<uint8_t> keep(pts.size(), 0);
  keep.front() = keep.back() = 1;
  simplifyInto(pts, 0, pts.size() - 1, tol, keep);
  LineString out;
  for (size_t k = 0; k < pts.size(); ++k)
    if (keep[k]) out.push_back(pts[k]);
  return out;
}

// The boundaries between seeds' Voronoi regions (the Voronoi diagram of the sample points, dissolved by
// seed), as polylines between junctions, simplified within `tol` and limited to those near `box`.
// Boost.Polygon's sweep builds the diagram of the points exactly (integer input, robust predicates), and
// the boundaries are its edges between cells of points of different seeds. Input is in millimetres from a
// local origin; far-away dummy points make every edge between real points finite.
std::vector<LineString> seedBoundaries(const std::vector<XY>& pts, const std::vector<int32_t>& owners, const BBox& box,
                                       double tol) {
  BBox all = box;
  for (const XY& p : pts) all.add(p);
  // A point of the box is at most 0.71 × size from the middle and its nearest sample point at most 1.42 × size
  // away, while the dummies are more than 4.9 × size away: their regions stay far outside the box.
  const double far = 4 * (std::max(all.width(), all.height()) + 100);
  const XY mid{std::round(all.center().x), std::round(all.center().y)};
  // Millimetres where the community fits in int32 (up to ~500 km across); coarser for larger extents.
  constexpr double kLimit = 2.0e9;
  const double scale = std::min(1000.0, kLimit / (far * 1.5));
  if (scale < 10)
    throw std::runtime_error(fmt(tr("tessellation: a community and its buildings span %1$lld km, too large for one "
                                    "Voronoi diagram at 0.1 m precision (at most about 50,000 km); check the "
                                    "community polygon and its coordinate system"),
                                 static_cast<long long>(std::max(all.width(), all.height()) / 1000)));
  std::vector<IPoint> ip;
  ip.reserve(pts.size() + 4);
  std::vector<int32_t> ownerOf;  // per diagram site; the first seed to sample a point owns it
  ownerOf.reserve(pts.size() + 4);
  {
    std::unordered_map<uint64_t, int32_t> seen;
    seen.reserve(pts.size() * 2);
    for (size_t i = 0; i < pts.size(); ++i) {
      IPoint q{static_cast<int32_t>(std::llround((pts[i].x - mid.x) * scale)),
               static_cast<int32_t>(std::llround((pts[i].y - mid.y) * scale))};
      uint64_t key = (static_cast<uint64_t>(static_cast<uint32_t>(q.x)) << 32) | static_cast<uint32_t>(q.y);
      if (!seen.try_emplace(key, 0).second) continue;
      ip.push_back(q);
      ownerOf.push_back(owners[i]);
    }
  }
  const int32_t F = static_cast<int32_t>(std::llround(far * scale));
  for (IPoint d : {IPoint{-F, -F}, IPoint{F, -F}, IPoint{F, F}, IPoint{-F, F}}) {
    ip.push_back(d);
    ownerOf.push_back(-1);
  }
  boost::polygon::voronoi_diagram<double> vd;
  boost::polygon::construct_voronoi(ip.begin(), ip.end(), &vd);

  // Boundary edges (each once), as pairs of diagram vertices, and per vertex the boundary edges at it.
  const auto& verts = vd.vertices();
  auto vid = [&](const boost::polygon::voronoi_vertex<double>* v) { return static_cast<int32_t>(v - verts.data()); };
  std::vector<std::array<int32_t, 2>> edges;
  std::vector<int32_t> degree(verts.size(), 0);
  const auto& es = vd.edges();
  for (size_t k = 0; k < es.size(); k += 2) {  // an edge and its twin are stored side by side
    const auto& e = es[k];
    int32_t oa = ownerOf[e.cell()->source_index()], ob = ownerOf[e.twin()->cell()->source_index()];
    if (oa == ob || oa < 0 || ob < 0 || !e.is_finite()) continue;
    int32_t u = vid(e.vertex0()), v = vid(e.vertex1());
    edges.push_back({u, v});
    ++degree[static_cast<size_t>(u)];
    ++degree[static_cast<size_t>(v)];
  }
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
    return XY{mid.x + q.x() / scale, mid.y + q.y() / scale};
  };

  // Walk chains between junctions (degree != 2), then the remaining closed loops.
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
    out.push_back(simplify(line, tol));
  };
  for (int pass = 0; pass < 2; ++pass)
    for (size_t v = 0; v < verts.size(); ++v) {
      if (pass == 0 && degree[v] == 2) continue;
      for (int32_t k = start[v]; k < start[v + 1]; ++k)
        if (!used[static_cast<size_t>(at[static_cast<size_t>(k)])]) walk(static_cast<int32_t>(v), at[static_cast<size_t>(k)]);
    }
  return out;
}
// Repaired geometries can come back as collections with stray lines; keep their polygonal parts.
GeomPtr repaired(const geos::Context& c, GeomPtr g) {
  if (!g || GEOSisValid_r(c, g.get()) == 1) return g;
  GeomPtr fixed = geos::own(c, GEOSMakeValid_r(c, g.get()));
  return fixed ? geos::toGeos(c, geos::toMultiPolygon(c, fixed.get())) : GeomPtr{};
}

// 1. Each seed clipped to the area (null when it has no area there, with a problem saying so), shrunk, and
// sampled along its rings into pts, each point's seed in owners.
std::vector<GeomPtr> clipAndSampleSeeds(const geos::Context& c, const GEOSGeometry* A,
                                        const GEOSPreparedGeometry* prepA, const std::vector<MultiPolygon>& seeds,
                                        const TessellationOptions& opt, double spacing, ProblemList& problems,
                                        std::vector<XY>& pts, std::vector<int32_t>& owners) {
  const size_t n = seeds.size();
  std::vector<GeomPtr> clipped(n);
  for (size_t i = 0; i < n; ++i) {
    GeomPtr g = seeds[i].empty() ? GeomPtr{} : repaired(c, geos::toGeos(c, seeds[i]));
    if (!g || geomArea(c, g.get()) <= 0) {
      problems.add("empty_seed", Severity::Warning, seedName(opt, i),
                   tr("has no footprint area: it gets no tessellation cell; check its geometry"));
      continue;
    }
    if (GEOSPreparedIntersects_r(c, prepA, g.get()) != 1) {
      problems.add("seed_outside_area", Severity::Warning, seedName(opt, i),
                   tr("lies outside its community: it gets no tessellation cell; check the community boundary"),
                   centroid(seeds[i]));
      continue;
    }
    if (GEOSPreparedContains_r(c, prepA, g.get()) != 1) {
      GeomPtr in = geos::own(c, GEOSIntersection_r(c, g.get(), A));
      if (!in || geomArea(c, in.get()) <= 1e-6) {
        problems.add("seed_outside_area", Severity::Warning, seedName(opt, i),
                     tr("lies outside its community: it gets no tessellation cell; check the community boundary"),
                     centroid(seeds[i]));
        continue;
      }
      g = std::move(in);
    }
    // Shrink as momepy does; a seed too thin to survive is sampled as it is.
    MultiPolygon sample;
    GeomPtr shrunk = geos::own(c, GEOSBufferWithStyle_r(c, g.get(), -kShrink, 2, GEOSBUF_CAP_FLAT, GEOSBUF_JOIN_MITRE, 2.0));
    if (shrunk && geomArea(c, shrunk.get()) > 0) sample = geos::toMultiPolygon(c, shrunk.get());
    if (sample.empty()) sample = geos::toMultiPolygon(c, g.get());
    sampleRings(sample, spacing, static_cast<int32_t>(i), pts, owners);
    clipped[i] = std::move(g);
  }
  return clipped;
}

// Overlapping seeds are bad data: reported; their cells still tile the area.
void reportOverlappingSeeds(const geos::Context& c, const std::vector<GeomPtr>& clipped,
                            const std::vector<MultiPolygon>& seeds, const TessellationOptions& opt,
                            ProblemList& problems) {
  const size_t n = clipped.size();
  // Owned, so that a GEOS exception in the loop below does not leak the tree.
  auto destroy = [h = static_cast<GEOSContextHandle_t>(c)](GEOSSTRtree* t) { GEOSSTRtree_destroy_r(h, t); };
  std::unique_ptr<GEOSSTRtree, decltype(destroy)> owned(GEOSSTRtree_create_r(c, 10), destroy);
  GEOSSTRtree* tree = owned.get();
  std::vector<GeomPtr> envs(n);
  std::vector<BBox> boxes(n);
  for (size_t i = 0; i < n; ++i)
    if (clipped[i]) {
      double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
      GEOSGeom_getXMin_r(c, clipped[i].get(), &x0);
      GEOSGeom_getYMin_r(c, clipped[i].get(), &y0);
      GEOSGeom_getXMax_r(c, clipped[i].get(), &x1);
      GEOSGeom_getYMax_r(c, clipped[i].get(), &y1);
      boxes[i].add(XY{x0, y0});
      boxes[i].add(XY{x1, y1});
      envs[i] = geos::own(c, GEOSEnvelope_r(c, clipped[i].get()));
      GEOSSTRtree_insert_r(c, tree, envs[i].get(), reinterpret_cast<void*>(i));
    }
  struct Q {
    std::vector<size_t> hits;
  } q;
  for (size_t i = 0; i < n; ++i) {
    if (!clipped[i]) continue;
    q.hits.clear();
    GEOSSTRtree_query_r(
        c, tree, envs[i].get(), [](void* item, void* ud) { static_cast<Q*>(ud)->hits.push_back(reinterpret_cast<size_t>(item)); },
        &q);
    std::sort(q.hits.begin(), q.hits.end());
    for (size_t j : q.hits) {
      if (j <= i) continue;
      // Seeds whose boxes meet only along a line (touching entrance slices, terraced houses on a grid)
      // cannot overlap: skip the costly relate for them.
      if (std::min(boxes[i].maxx, boxes[j].maxx) <= std::max(boxes[i].minx, boxes[j].minx) ||
          std::min(boxes[i].maxy, boxes[j].maxy) <= std::max(boxes[i].miny, boxes[j].miny))
        continue;
      if (GEOSRelatePattern_r(c, clipped[i].get(), clipped[j].get(), "2********") != 1) continue;
      GeomPtr ov = geos::own(c, GEOSIntersection_r(c, clipped[i].get(), clipped[j].get()));
      double oa = geomArea(c, ov.get());
      if (oa < 0.01) continue;
      problems.add("overlapping_seeds", Severity::Warning, seedName(opt, i) + " / " + seedName(opt, j),
                   fmt(tr("footprints overlap by %lld m²: their cells split the overlap; check for duplicated "
                          "buildings"),
                       static_cast<long long>(std::lround(oa))),
                   centroid(seeds[i]));
    }
  }
}

// True when p lies inside mp (crossings counted over all its rings); a point on an edge may go either way.
bool inside(const MultiPolygon& mp, XY p) {
  bool in = false;
  for (const Polygon& poly : mp)
    for (const Ring& r : poly.rings)
      for (size_t i = 1; i < r.size(); ++i) {
        const XY& a = r[i - 1];
        const XY& b = r[i];
        if ((a.y > p.y) != (b.y > p.y) && p.x < a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y)) in = !in;
      }
  return in;
}

// 4. Barriers cut cells: a connected part of a cell that holds none of its seed goes to the neighbouring
// cell on its side of the barrier with which it shares the longest boundary. The same holds for parts
// cut off by a concave area edge or by overlapping seeds, so that cells stay connected. Changes faceOwner.
void reassignCutParts(const geos::Context& c, const std::vector<const GEOSGeometry*>& faces,
                      std::vector<int32_t>& faceOwner, const std::vector<GeomPtr>& clipped,
                      const std::vector<XY>& pts, const std::vector<int32_t>& owners,
                      const std::vector<LineString>& localBarriers, double snap) {
  const size_t n = clipped.size();
  std::vector<int32_t> facesPerOwner(n, 0);
  for (int32_t o : faceOwner) ++facesPerOwner[static_cast<size_t>(o)];
  bool anySplit = false;
  for (int32_t k : facesPerOwner) anySplit = anySplit || k > 1;
  if (anySplit) {
    std::vector<MultiPolygon> plain(faces.size());
    for (size_t f = 0; f < faces.size(); ++f) plain[f] = geos::toMultiPolygon(c, faces[f]);
    double tol = std::max(2 * snap, 1e-6);
    std::vector<SharedBoundary> shared = sharedBoundaries(plain, localBarriers, tol);
    // Faces of one owner joined across non-barrier edges form its parts.
    std::vector<int32_t> part(faces.size());
    for (size_t f = 0; f < faces.size(); ++f) part[f] = static_cast<int32_t>(f);
    auto find = [&](int32_t x) {
      while (part[static_cast<size_t>(x)] != x) x = part[static_cast<size_t>(x)] = part[static_cast<size_t>(part[static_cast<size_t>(x)])];
      return x;
    };
    for (const SharedBoundary& s : shared) {
      bool across = s.barrier_length >= 0.5 * s.length;
      if (!across && faceOwner[static_cast<size_t>(s.a)] == faceOwner[static_cast<size_t>(s.b)]) {
        int32_t ra = find(s.a), rb = find(s.b);
        if (ra != rb) part[static_cast<size_t>(std::max(ra, rb))] = std::min(ra, rb);
      }
    }
    // A part is anchored when it holds one of its seed's sample points (they lie 0.4 m inside the seed,
    // so this is "overlaps its seed" without a costly relate); an owner with no anchored part keeps its
    // largest. Points come seed by seed, so each seed's points are one run of `owners`.
    std::vector<size_t> firstPoint(n + 1, owners.size());
    for (size_t k = owners.size(); k-- > 0;) firstPoint[static_cast<size_t>(owners[k])] = k;
    for (size_t o = n; o-- > 0;) firstPoint[o] = std::min(firstPoint[o], firstPoint[o + 1]);
    std::vector<uint8_t> anchored(faces.size(), 0);
    std::vector<int32_t> largest(n, -1);
    std::vector<double> largestArea(n, -1);
    for (size_t f = 0; f < faces.size(); ++f) {
      size_t o = static_cast<size_t>(faceOwner[f]);
      if (facesPerOwner[o] == 1) {
        anchored[f] = 1;
        continue;
      }
      double fa = geomArea(c, faces[f]);
      if (fa > largestArea[o]) {
        largestArea[o] = fa;
        largest[o] = static_cast<int32_t>(f);
      }
      if (!clipped[o]) continue;
      const BBox fb = bbox(plain[f]);
      for (size_t k = firstPoint[o]; k < firstPoint[o + 1] && !anchored[f]; ++k)
        if (pts[k].x >= fb.minx && pts[k].x <= fb.maxx && pts[k].y >= fb.miny && pts[k].y <= fb.maxy &&
            inside(plain[f], pts[k]))
          anchored[f] = 1;
    }
    std::vector<uint8_t> ownerAnchored(n, 0);
    for (size_t f = 0; f < faces.size(); ++f)
      if (anchored[f]) ownerAnchored[static_cast<size_t>(faceOwner[f])] = 1;
    for (size_t o = 0; o < n; ++o)
      if (!ownerAnchored[o] && largest[o] >= 0) anchored[static_cast<size_t>(largest[o])] = 1;
    std::vector<uint8_t> settled(faces.size(), 0);
    for (size_t f = 0; f < faces.size(); ++f)
      if (anchored[f]) settled[static_cast<size_t>(find(static_cast<int32_t>(f)))] = 1;
    for (size_t f = 0; f < faces.size(); ++f)
      if (settled[static_cast<size_t>(find(static_cast<int32_t>(f)))]) settled[f] = 1;
    std::unordered_map<int32_t, std::vector<int32_t>> members;  // unsettled part root → its faces
    for (size_t f = 0; f < faces.size(); ++f)
      if (!settled[f]) members[find(static_cast<int32_t>(f))].push_back(static_cast<int32_t>(f));
    // Unsettled parts join settled neighbours, repeatedly, so chains of cut-off parts resolve. First only
    // across edges that are not barriers; when that stalls, a part closed in by barriers (a street strip
    // between two block outlines, a block without buildings) joins across a barrier: its own seed's cell if
    // they touch, else the neighbour with the longest shared boundary, so that cells stay connected.
    auto step = [&](bool acrossBarriers) {
      std::unordered_map<int32_t, std::unordered_map<int32_t, double>> offer;  // part root → owner → length
      for (const SharedBoundary& sb : shared) {
        if (!acrossBarriers && sb.barrier_length >= 0.5 * sb.length) continue;
        size_t a = static_cast<size_t>(sb.a), b = static_cast<size_t>(sb.b);
        if (settled[a] == settled[b]) continue;
        size_t from = settled[a] ? b : a, to = settled[a] ? a : b;
        offer[find(static_cast<int32_t>(from))][faceOwner[to]] += sb.length;
      }
      std::vector<std::pair<int32_t, int32_t>> moves;  // part root → new owner
      for (auto& [root, byOwner] : offer) {
        int32_t bestOwner = -1;
        double bestLen = -1;
        for (auto [o, len] : byOwner)
          if (len > bestLen || (len == bestLen && o < bestOwner)) {
            bestLen = len;
            bestOwner = o;
          }
        if (acrossBarriers && byOwner.count(faceOwner[static_cast<size_t>(root)])) bestOwner = faceOwner[static_cast<size_t>(root)];
        moves.push_back({root, bestOwner});
      }
      std::sort(moves.begin(), moves.end());
      for (auto [root, o] : moves)
        for (int32_t f : members[root]) {
          faceOwner[static_cast<size_t>(f)] = o;
          settled[static_cast<size_t>(f)] = 1;
        }
      return !moves.empty();
    };
    while (step(false) || step(true)) {
    }
  }
}

// 5. Each cell is the union of its faces; faces share exact edges, so a coverage union dissolves them.
std::vector<MultiPolygon> cellsFromFaces(const geos::Context& c, const std::vector<const GEOSGeometry*>& faces,
                                         const std::vector<int32_t>& faceOwner, const std::vector<GeomPtr>& clipped,
                                         const std::vector<MultiPolygon>& seeds, const TessellationOptions& opt,
                                         ProblemList& problems) {
  const size_t n = seeds.size();
  std::vector<MultiPolygon> cells(n);
  std::vector<std::vector<const GEOSGeometry*>> byOwner(n);
  for (size_t f = 0; f < faces.size(); ++f) byOwner[static_cast<size_t>(faceOwner[f])].push_back(faces[f]);
  for (size_t o = 0; o < n; ++o) {
    auto& fs = byOwner[o];
    if (fs.empty()) {
      if (clipped[o])
        problems.add("seed_without_cell", Severity::Warning, seedName(opt, o),
                     tr("is covered by other footprints and gets no tessellation cell; check for duplicated buildings"),
                     centroid(seeds[o]));
      continue;
    }
    if (fs.size() == 1) {
      cells[o] = geos::toMultiPolygon(c, fs[0]);
      continue;
    }
    std::vector<MultiPolygon> parts;
    parts.reserve(fs.size());
    for (const GEOSGeometry* f : fs) parts.push_back(geos::toMultiPolygon(c, f));
    std::vector<const MultiPolygon*> ptrs;
    for (const MultiPolygon& mp : parts) ptrs.push_back(&mp);
    cells[o] = unionCells(ptrs);
  }
  return cells;
}

}  // namespace

std::vector<MultiPolygon> tessellate(const MultiPolygon& area, const std::vector<MultiPolygon>& seeds,
                                     const std::vector<LineString>& barriers, const TessellationOptions& opt,
                                     ProblemList& problems) {
  const size_t n = seeds.size();
  std::vector<MultiPolygon> cells(n);
  if (n == 0 || area.empty()) return cells;
  geos::Context c;
  const double snap = opt.snap > 0 ? opt.snap : 0.0;
  const double spacing = opt.sample_spacing > 0 ? opt.sample_spacing : 2.0;

  GeomPtr A = geos::toGeos(c, area);
  A = repaired(c, std::move(A));
  if (!A || GEOSisEmpty_r(c, A.get()) == 1) return cells;
  geos::PreparedPtr prepared = geos::prepare(c, A.get());
  const GEOSPreparedGeometry* prepA = prepared.get();
  BBox box = bbox(area);

  // 1. Seeds clipped to the area, shrunk, and sampled along their rings.
  std::vector<XY> pts;
  std::vector<int32_t> owners;
  std::vector<GeomPtr> clipped = clipAndSampleSeeds(c, A.get(), prepA, seeds, opt, spacing, problems, pts, owners);

  reportOverlappingSeeds(c, clipped, seeds, opt, problems);

  // 2. Linework: edges between seeds' Voronoi regions, the area boundary and the barriers, noded and snapped.
  std::vector<LineString> chains;
  {
    bool several = false;
    for (size_t k = 1; k < owners.size() && !several; ++k) several = owners[k] != owners[0];
    if (several) chains = seedBoundaries(pts, owners, box, opt.simplify);
  }
  std::vector<LineString> localBarriers;
  for (const LineString& l : barriers) {
    if (l.size() < 2) continue;
    BBox lb = bbox(l);
    if (lb.maxx < box.minx || lb.minx > box.maxx || lb.maxy < box.miny || lb.miny > box.maxy) continue;
    localBarriers.push_back(l);
  }
  std::vector<LineString> fixedLines = localBarriers;
  MultiPolygon areaParts = geos::toMultiPolygon(c, A.get());
  for (const Polygon& p : areaParts)
    for (const Ring& r : p.rings) fixedLines.push_back(r);
  SegmentIndex fixedIndex(fixedLines);
  const double areaA = geomArea(c, A.get());
  const double coverTol = perimeter(areaParts) * std::max(snap, 1e-9) + 1e-9 * areaA + 1e-6;
  const double scale = snap > 0 ? 1.0 / snap : 0;

  // 3. Faces, each owned by the seed of its nearest sample point.
  PointGrid grid(pts);
  GeomPtr faceColl;
  std::vector<const GEOSGeometry*> faces;
  std::vector<int32_t> faceOwner;
  // Snap rounding is costly per line, and the Voronoi boundaries are already noded among themselves (they
  // meet only at shared circumcentres). So only boundaries near the area's edge or a barrier go through
  // the snap-rounding noder; the others are rounded vertex by vertex to the same grid, which maps shared
  // junctions to the same point. If that ever leaves an invalid face or faces not covering the area
  // exactly (boundaries crossing or collapsing after simplification and rounding: overlapping seeds),
  // everything is noded instead.
  auto buildFaces = [&](bool nodeAll) {
    faces.clear();
    faceOwner.clear();
    std::vector<GEOSGeometry*> toNode{GEOSBoundary_r(c, A.get())};
    for (const LineString& l : localBarriers) toNode.push_back(geos::toGeos(c, l).release());
    std::vector<GeomPtr> rounded;
    double pad = 2 * snap + 1e-9;
    for (const LineString& l : chains) {
      bool near = nodeAll || scale <= 0;
      for (size_t k = 1; k < l.size() && !near; ++k) near = fixedIndex.nearSegment(l[k - 1], l[k], pad);
      if (near) {
        toNode.push_back(geos::toGeos(c, l).release());
        continue;
      }
      LineString r;
      for (const XY& p : l) {
        XY q{roundToGrid(p.x, scale), roundToGrid(p.y, scale)};
        if (r.empty() || q.x != r.back().x || q.y != r.back().y) r.push_back(q);
      }
      if (r.size() >= 2) rounded.push_back(geos::toGeos(c, r));
    }
    GeomPtr all = geos::own(c, GEOSGeom_createCollection_r(c, GEOS_GEOMETRYCOLLECTION, toNode.data(), static_cast<unsigned>(toNode.size())));
    GeomPtr noded = geos::own(c, snap > 0 ? GEOSUnaryUnionPrec_r(c, all.get(), snap) : GEOSUnaryUnion_r(c, all.get()));
    if (!noded) throw std::runtime_error(fmt(tr("tessellation: noding the cell edges failed (GEOS: %s)"), c.lastError().c_str()));
    std::vector<const GEOSGeometry*> parts{noded.get()};
    for (const GeomPtr& g : rounded) parts.push_back(g.get());
    faceColl = geos::own(c, GEOSPolygonize_r(c, parts.data(), static_cast<unsigned>(parts.size())));
    if (!faceColl) throw std::runtime_error(fmt(tr("tessellation: forming the cells from their edges failed (GEOS: %s)"), c.lastError().c_str()));
    double covered = 0;
    int nf = GEOSGetNumGeometries_r(c, faceColl.get());
    for (int k = 0; k < nf; ++k) {
      const GEOSGeometry* f = GEOSGetGeometryN_r(c, faceColl.get(), k);
      double fa = geomArea(c, f);
      if (fa <= 0) continue;
      GeomPtr ip = geos::own(c, GEOSPointOnSurface_r(c, f));
      if (!ip || GEOSPreparedIntersects_r(c, prepA, ip.get()) != 1) continue;
      double x = 0, y = 0;
      GEOSGeomGetX_r(c, ip.get(), &x);
      GEOSGeomGetY_r(c, ip.get(), &y);
      int32_t site = grid.nearest({x, y});
      if (site < 0) continue;
      if (!nodeAll && GEOSisValid_r(c, f) != 1) return false;
      faces.push_back(f);
      faceOwner.push_back(owners[static_cast<size_t>(site)]);
      covered += fa;
    }
    return std::fabs(covered - areaA) <= coverTol;
  };
  if (!buildFaces(false)) buildFaces(true);

  // 4. Barriers cut cells (see reassignCutParts).
  reassignCutParts(c, faces, faceOwner, clipped, pts, owners, localBarriers, snap);

  // 5. Each cell is the union of its faces.
  return cellsFromFaces(c, faces, faceOwner, clipped, seeds, opt, problems);
}

}  // namespace gp::geom
