#include "geo/geom/Tessellation.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "geo/core/I18n.hpp"
#include "geo/geom/Adjacency.hpp"
#include "geo/geom/ConvexShrink.hpp"
#include "geo/geom/Coverage.hpp"
#include "geo/geom/Geos.hpp"
#include "geo/geom/PlanarFaces.hpp"
#include "geo/geom/SeedBoundaries.hpp"
#include "geo/geom/SeedLocator.hpp"
#include "geo/geom/SegmentIndex.hpp"

namespace gp::geom {

namespace {

using geos::GeomPtr;

// Seeds are shrunk by this much before sampling (as momepy does), so that touching seeds — buildings
// sharing a wall, entrance slices of one building — are split along their common edge instead of
// producing coincident sample points.
constexpr double kShrink = 0.4;

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

// Repaired geometries can come back as collections with stray lines; keep their polygonal parts.
GeomPtr repaired(const geos::Context& c, GeomPtr g) {
  if (!g || GEOSisValid_r(c, g.get()) == 1) return g;
  GeomPtr fixed = geos::own(c, GEOSMakeValid_r(c, g.get()));
  return fixed ? geos::toGeos(c, geos::toMultiPolygon(c, fixed.get())) : GeomPtr{};
}

// 1. Each seed clipped to the area (null when it has no area there, with a problem saying so), shrunk, and
// sampled along its rings into `sampled` (points); the segments of those rings go to `outlines`.
std::vector<GeomPtr> clipAndSampleSeeds(const geos::Context& c, const GEOSGeometry* A,
                                        const GEOSPreparedGeometry* prepA, const std::vector<MultiPolygon>& seeds,
                                        const TessellationOptions& opt, double spacing, ProblemList& problems,
                                        SeedSites& sampled, SeedSites& outlines) {
  const size_t n = seeds.size();
  std::vector<GeomPtr> clipped(n);
  for (size_t i = 0; i < n; ++i) {
    GeomPtr given = seeds[i].empty() ? GeomPtr{} : geos::toGeos(c, seeds[i]);
    const GEOSGeometry* before = given.get();
    // A simple convex footprint (most are rectangles) is valid: no GEOS validity test for it.
    GeomPtr g = !given ? GeomPtr{} : isSimpleConvex(seeds[i]) ? std::move(given) : repaired(c, std::move(given));
    bool asGiven = g && g.get() == before;  // neither repaired nor clipped
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
      asGiven = false;
    }
    // Shrink as momepy does; a seed too thin to survive is sampled as it is.
    // A convex footprint as given (most are rectangles) is shrunk without GEOS, the same way.
    MultiPolygon sample;
    if (!asGiven || !shrinkConvex(seeds[i], kShrink, sample)) {
      GeomPtr shrunk = geos::own(c, GEOSBufferWithStyle_r(c, g.get(), -kShrink, 2, GEOSBUF_CAP_FLAT, GEOSBUF_JOIN_MITRE, 2.0));
      if (shrunk && geomArea(c, shrunk.get()) > 0) sample = geos::toMultiPolygon(c, shrunk.get());
      if (sample.empty()) sample = geos::toMultiPolygon(c, g.get());
    }
    sampleRings(sample, spacing, static_cast<int32_t>(i), sampled.points, sampled.point_seed);
    for (const Polygon& p : sample)
      for (const Ring& r : p.rings)
        for (size_t k = 1; k < r.size(); ++k) {
          outlines.segments.push_back({r[k - 1], r[k]});
          outlines.segment_seed.push_back(static_cast<int32_t>(i));
        }
    clipped[i] = std::move(g);
  }
  return clipped;
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

// What the faces are built from: the area, the Voronoi boundaries between seeds, the barriers near the area
// and an index of the fixed lines (area boundary and barriers).
struct FaceInput {
  const GEOSGeometry* area;
  const GEOSPreparedGeometry* prepared;
  double areaA;
  double coverTol;  // how far the faces' total area may stray from the area's
  const std::vector<LineString>& chains;
  const std::vector<LineString>& barriers;
  const MultiPolygon& areaParts;  // the area as plain polygons
  double snap;
};

struct Faces {
  std::vector<MultiPolygon> faces;
  std::vector<double> area;
  std::vector<int32_t> owner;
};

// 3. The faces of the noded, snapped linework inside the area, each with the seed whose region holds it.
// Snap rounding is costly per line, and the Voronoi boundaries are already noded among themselves (they
// meet only at shared Voronoi vertices). So only boundaries near the area's edge or a barrier go through
// the snap-rounding noder; the others are rounded vertex by vertex to the same grid, which maps shared
// junctions to the same point. False when that left an invalid face or faces not covering the area exactly
// (boundaries crossing or collapsing after simplification and rounding: overlapping seeds); the caller then
// nodes everything (nodeAll).
bool geosFaces(const geos::Context& c, const FaceInput& in, SeedLocator& locate, bool nodeAll, Faces& out) {
  out.faces.clear();
  out.area.clear();
  out.owner.clear();
  const double snap = in.snap;
  const double scale = snap > 0 ? 1.0 / snap : 0;
  std::vector<GEOSGeometry*> toNode{GEOSBoundary_r(c, in.area)};
  for (const LineString& l : in.barriers) toNode.push_back(geos::toGeos(c, l).release());
  std::vector<GeomPtr> rounded;
  double pad = 2 * snap + 1e-9;
  std::vector<LineString> fixedLines = in.barriers;  // near these, chains are snap-rounded
  for (const Polygon& p : in.areaParts)
    for (const Ring& r : p.rings) fixedLines.push_back(r);
  const SegmentIndex fixed(fixedLines);
  for (const LineString& l : in.chains) {
    bool near = nodeAll || scale <= 0;
    for (size_t k = 1; k < l.size() && !near; ++k) near = fixed.nearSegment(l[k - 1], l[k], pad);
    if (near) {
      toNode.push_back(geos::toGeos(c, l).release());
      continue;
    }
    LineString r;
    for (const XY& p : l) {
      XY q{gridRound(p.x, scale) / scale, gridRound(p.y, scale) / scale};
      if (r.empty() || q.x != r.back().x || q.y != r.back().y) r.push_back(q);
    }
    if (r.size() >= 2) rounded.push_back(geos::toGeos(c, r));
  }
  GeomPtr lines = geos::own(c, GEOSGeom_createCollection_r(c, GEOS_GEOMETRYCOLLECTION, toNode.data(), static_cast<unsigned>(toNode.size())));
  GeomPtr noded = geos::own(c, snap > 0 ? GEOSUnaryUnionPrec_r(c, lines.get(), snap) : GEOSUnaryUnion_r(c, lines.get()));
  if (!noded) throw std::runtime_error(fmt(tr("tessellation: noding the cell edges failed (GEOS: %s)"), c.lastError().c_str()));
  std::vector<const GEOSGeometry*> parts{noded.get()};
  for (const GeomPtr& g : rounded) parts.push_back(g.get());
  GeomPtr all = geos::own(c, GEOSPolygonize_r(c, parts.data(), static_cast<unsigned>(parts.size())));
  if (!all) throw std::runtime_error(fmt(tr("tessellation: forming the cells from their edges failed (GEOS: %s)"), c.lastError().c_str()));
  double covered = 0;
  int nf = GEOSGetNumGeometries_r(c, all.get());
  for (int k = 0; k < nf; ++k) {
    const GEOSGeometry* f = GEOSGetGeometryN_r(c, all.get(), k);
    double fa = geomArea(c, f);
    if (fa <= 0) continue;
    GeomPtr ip = geos::own(c, GEOSPointOnSurface_r(c, f));
    if (!ip || GEOSPreparedIntersects_r(c, in.prepared, ip.get()) != 1) continue;
    double x = 0, y = 0;
    GEOSGeomGetX_r(c, ip.get(), &x);
    GEOSGeomGetY_r(c, ip.get(), &y);
    int32_t seed = locate.seedAt({x, y});
    if (seed < 0) continue;
    if (!nodeAll && GEOSisValid_r(c, f) != 1) return false;
    out.faces.push_back(geos::toMultiPolygon(c, f));
    out.area.push_back(fa);
    out.owner.push_back(seed);
    covered += fa;
  }
  return std::fabs(covered - in.areaA) <= in.coverTol;
}

// 3. The same from our own snap rounding of all the linework and a walk of its planar faces: no GEOS
// geometry per face, no validity test (the noded graph's faces are valid by construction). False when the
// faces inside the area do not cover it (the caller then takes GEOS's way, everything noded).
bool gridFaces(const FaceInput& in, SeedLocator& locate, Faces& out) {
  const MultiPolygon& areaParts = in.areaParts;
  out.faces.clear();
  out.area.clear();
  out.owner.clear();
  const double scale = 1.0 / in.snap;
  std::vector<LineString> lines;
  lines.reserve(in.chains.size() + in.barriers.size() + areaParts.size());
  for (const Polygon& p : areaParts)
    for (const Ring& r : p.rings) lines.push_back(r);
  lines.insert(lines.end(), in.barriers.begin(), in.barriers.end());
  lines.insert(lines.end(), in.chains.begin(), in.chains.end());
  std::vector<PlanarFace> faces = planarFaces(snapRound(lines, scale), scale);
  double covered = 0;
  for (PlanarFace& f : faces) {
    if (f.area <= 0 || !inside(areaParts, f.inner)) continue;
    int32_t seed = locate.seedAt(f.inner);
    if (seed < 0) continue;
    covered += f.area;
    out.faces.push_back(std::move(f.shape));
    out.area.push_back(f.area);
    out.owner.push_back(seed);
  }
  return std::fabs(covered - in.areaA) <= in.coverTol;
}

// Overlapping seeds are bad data: reported; their cells still tile the area. Candidates are the pairs
// whose boxes overlap with some area (seeds whose boxes only touch along a line, like entrance slices or
// terraced houses, cannot overlap), found by a sweep over the boxes; GEOS relates only those.
void reportOverlappingSeeds(const geos::Context& c, const std::vector<GeomPtr>& clipped,
                            const std::vector<MultiPolygon>& seeds, const TessellationOptions& opt,
                            ProblemList& problems) {
  const size_t n = clipped.size();
  std::vector<BBox> boxes(n);
  std::vector<size_t> byMinX;
  for (size_t i = 0; i < n; ++i)
    if (clipped[i]) {
      double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
      GEOSGeom_getXMin_r(c, clipped[i].get(), &x0);
      GEOSGeom_getYMin_r(c, clipped[i].get(), &y0);
      GEOSGeom_getXMax_r(c, clipped[i].get(), &x1);
      GEOSGeom_getYMax_r(c, clipped[i].get(), &y1);
      boxes[i].add(XY{x0, y0});
      boxes[i].add(XY{x1, y1});
      byMinX.push_back(i);
    }
  std::sort(byMinX.begin(), byMinX.end(), [&](size_t a, size_t b) { return boxes[a].minx < boxes[b].minx; });
  std::vector<std::pair<size_t, size_t>> pairs;
  for (size_t k = 0; k < byMinX.size(); ++k) {
    const BBox& bi = boxes[byMinX[k]];
    for (size_t m = k + 1; m < byMinX.size() && boxes[byMinX[m]].minx < bi.maxx; ++m) {
      const BBox& bj = boxes[byMinX[m]];
      if (std::min(bi.maxx, bj.maxx) <= std::max(bi.minx, bj.minx) || std::min(bi.maxy, bj.maxy) <= std::max(bi.miny, bj.miny))
        continue;
      pairs.push_back(std::minmax(byMinX[k], byMinX[m]));
    }
  }
  std::sort(pairs.begin(), pairs.end());
  for (auto [i, j] : pairs) {
    // Two convex footprints split by an edge line cannot overlap by 0.01 m²: no relate for them.
    if (isSimpleConvex(seeds[i]) && isSimpleConvex(seeds[j]) && separatedConvex(seeds[i], seeds[j])) continue;
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

// 4. Barriers cut cells: a connected part of a cell that holds none of its seed goes to the neighbouring
// cell on its side of the barrier with which it shares the longest boundary. The same holds for parts
// cut off by a concave area edge or by overlapping seeds, so that cells stay connected. Changes faceOwner.
void reassignCutParts(const std::vector<MultiPolygon>& faces, const std::vector<double>& faceArea,
                      std::vector<int32_t>& faceOwner, const std::vector<GeomPtr>& clipped,
                      const std::vector<XY>& pts, const std::vector<int32_t>& owners,
                      const std::vector<LineString>& localBarriers, double snap) {
  const size_t n = clipped.size();
  std::vector<int32_t> facesPerOwner(n, 0);
  for (int32_t o : faceOwner) ++facesPerOwner[static_cast<size_t>(o)];
  bool anySplit = false;
  for (int32_t k : facesPerOwner) anySplit = anySplit || k > 1;
  if (anySplit) {
    const std::vector<MultiPolygon>& plain = faces;
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
      double fa = faceArea[f];
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
std::vector<MultiPolygon> cellsFromFaces(const std::vector<MultiPolygon>& faces,
                                         const std::vector<int32_t>& faceOwner, const std::vector<GeomPtr>& clipped,
                                         const std::vector<MultiPolygon>& seeds, const TessellationOptions& opt,
                                         ProblemList& problems) {
  const size_t n = seeds.size();
  std::vector<MultiPolygon> cells(n);
  std::vector<std::vector<const MultiPolygon*>> byOwner(n);
  for (size_t f = 0; f < faces.size(); ++f) byOwner[static_cast<size_t>(faceOwner[f])].push_back(&faces[f]);
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
      cells[o] = *fs[0];
      continue;
    }
    cells[o] = unionCells(fs);
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
  SeedSites sampled, outlines;
  std::vector<GeomPtr> clipped = clipAndSampleSeeds(c, A.get(), prepA, seeds, opt, spacing, problems, sampled, outlines);
  const std::vector<XY>& pts = sampled.points;
  const std::vector<int32_t>& owners = sampled.point_seed;

  reportOverlappingSeeds(c, clipped, seeds, opt, problems);

  // 2. Linework: edges between seeds' Voronoi regions, the area boundary and the barriers, noded and snapped.
  // The regions are those of the shrunk outlines' segments (exact, and a few sites a seed); where those cross
  // (overlapping seeds) or touch, of the sample points along them.
  std::vector<LineString> chains;
  bool bySegments = false;
  {
    bool several = false;
    for (size_t k = 1; k < owners.size() && !several; ++k) several = owners[k] != owners[0];
    if (several) {
      std::optional<std::vector<LineString>> exact = seedBoundaries(outlines, box, opt.simplify);
      bySegments = exact.has_value();
      chains = exact ? std::move(*exact) : *seedBoundaries(sampled, box, opt.simplify);
    }
  }
  std::vector<LineString> localBarriers;
  for (const LineString& l : barriers) {
    if (l.size() < 2) continue;
    BBox lb = bbox(l);
    if (lb.maxx < box.minx || lb.minx > box.maxx || lb.maxy < box.miny || lb.miny > box.maxy) continue;
    localBarriers.push_back(l);
  }
  MultiPolygon areaParts = geos::toMultiPolygon(c, A.get());

  // 3. Faces, each owned by the seed whose region holds it.
  SeedLocator locate(sampled, outlines, bySegments, spacing);
  FaceInput in{A.get(), prepA, geomArea(c, A.get()), 0, chains, localBarriers, areaParts, snap};
  in.coverTol = perimeter(areaParts) * std::max(snap, 1e-9) + 1e-9 * in.areaA + 1e-6;
  Faces fc;
  if (snap > 0 ? !gridFaces(in, locate, fc) : !geosFaces(c, in, locate, false, fc)) geosFaces(c, in, locate, true, fc);
  std::vector<int32_t>& faceOwner = fc.owner;

  // 4. Barriers cut cells (see reassignCutParts).
  reassignCutParts(fc.faces, fc.area, faceOwner, clipped, pts, owners, localBarriers, snap);

  // 5. Each cell is the union of its faces.
  return cellsFromFaces(fc.faces, faceOwner, clipped, seeds, opt, problems);
}

}  // namespace gp::geom
