#include "geo/plan/PointInArea.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "geo/geom/Geos.hpp"

namespace gp {
namespace {

// What GEOS says of the same point and polygon: a prepared polygon's intersects (interior or boundary), and
// whether the point is on its boundary.
struct GeosSays {
  bool intersects, boundary;
};
GeosSays geosSays(const geos::Context& ctx, XY p, const MultiPolygon& mp) {
  geos::GeomPtr g = geos::toGeos(ctx, mp), pt = geos::toGeos(ctx, p);
  geos::PreparedPtr prep = geos::prepare(ctx, g.get());
  geos::GeomPtr b = geos::own(ctx, GEOSBoundary_r(ctx, g.get()));
  return {GEOSPreparedIntersects_r(ctx, prep.get(), pt.get()) == 1, b && GEOSIntersects_r(ctx, b.get(), pt.get()) == 1};
}

void expectAsGeos(const geos::Context& ctx, XY p, const MultiPolygon& mp, const std::string& what) {
  GeosSays g = geosSays(ctx, p, mp);
  plan::Where w = plan::locate(p, mp);
  EXPECT_EQ(w != plan::Where::Exterior, g.intersects) << what << " at " << p.x << "," << p.y;
  if (g.intersects) {
    EXPECT_EQ(w == plan::Where::Boundary, g.boundary) << what << " at " << p.x << "," << p.y;
  }
}

MultiPolygon rect(double x0, double y0, double x1, double y1) {
  return {Polygon{{Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}};
}

TEST(PointInArea, OrientationIsExactWhereTheDeterminantRoundsToZero) {
  EXPECT_EQ(plan::orientation({0, 0}, {1, 0}, {0.5, 1}), 1);
  EXPECT_EQ(plan::orientation({0, 0}, {1, 0}, {0.5, -1}), -1);
  EXPECT_EQ(plan::orientation({0, 0}, {1, 1}, {0.5, 0.5}), 0);
  // Far from the origin, nearly collinear: a point one unit in the last place off the line.
  const double x0 = 40500000.123, y0 = 3464330.5;
  XY a{x0, y0}, b{x0 + 3, y0 + 3};
  XY on{x0 + 1.5, y0 + 1.5};
  EXPECT_EQ(plan::orientation(a, b, on), 0);
  XY above{x0 + 1.5, std::nextafter(y0 + 1.5, 1e300)}, below{x0 + 1.5, std::nextafter(y0 + 1.5, 0.0)};
  EXPECT_EQ(plan::orientation(a, b, above), 1);
  EXPECT_EQ(plan::orientation(a, b, below), -1);
  EXPECT_EQ(plan::orientation(b, a, above), -1);
}

// Random points, the vertices and the middles of edges, against polygons with holes, several parts, unclosed
// and too short rings, far from the origin like Gauss-Krüger coordinates: always what GEOS says.
TEST(PointInArea, SaysWhatGeosSays) {
  geos::Context ctx;
  const double ox = 40500000, oy = 3460000;
  MultiPolygon holed = rect(ox, oy, ox + 100, oy + 80);
  holed[0].rings.push_back(Ring{{ox + 20, oy + 20}, {ox + 20, oy + 40}, {ox + 50, oy + 40}, {ox + 50, oy + 20}, {ox + 20, oy + 20}});
  MultiPolygon parts = rect(ox, oy, ox + 10, oy + 10);
  parts.push_back(rect(ox + 10, oy, ox + 20, oy + 10)[0]);  // sharing an edge (invalid, as GEOS reads it)
  parts.push_back(rect(ox + 30, oy + 30, ox + 40, oy + 45)[0]);
  MultiPolygon unclosed{Polygon{{Ring{{ox, oy}, {ox + 30, oy + 1}, {ox + 33.3, oy + 27.1}, {ox + 2.5, oy + 19.9}}}}};
  MultiPolygon shortRings{Polygon{{Ring{{ox, oy}, {ox + 5, oy}, {ox, oy}}}}};
  shortRings.push_back(rect(ox + 50, oy + 50, ox + 60, oy + 60)[0]);
  shortRings.back().rings.push_back(Ring{{ox + 52, oy + 52}, {ox + 53, oy + 52}, {ox + 52, oy + 52}});
  MultiPolygon slanted{Polygon{{Ring{{ox + 0.1, oy + 0.7}, {ox + 70.3, oy + 11.9}, {ox + 81.7, oy + 64.3},
                                     {ox + 40.1, oy + 30.3}, {ox + 5.9, oy + 71.1}, {ox + 0.1, oy + 0.7}}}}};
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> ux(ox - 5, ox + 105), uy(oy - 5, oy + 85);
  int n = 0;
  for (const auto& [name, mp] : std::vector<std::pair<std::string, MultiPolygon>>{
           {"holed", holed}, {"parts", parts}, {"unclosed", unclosed}, {"short rings", shortRings}, {"slanted", slanted}}) {
    for (int i = 0; i < 3000; ++i, ++n) expectAsGeos(ctx, {ux(rng), uy(rng)}, mp, name);
    for (const Polygon& p : mp)
      for (const Ring& r : p.rings)
        for (size_t i = 0; i < r.size(); ++i) {
          const XY& a = r[i];
          const XY& b = r[(i + 1) % r.size()];
          expectAsGeos(ctx, a, mp, name + " vertex");
          expectAsGeos(ctx, {(a.x + b.x) / 2, (a.y + b.y) / 2}, mp, name + " middle");
          expectAsGeos(ctx, {a.x, b.y}, mp, name + " corner");
          expectAsGeos(ctx, {std::nextafter(a.x, 1e300), a.y}, mp, name + " beside a vertex");
          n += 4;
        }
  }
  EXPECT_GT(n, 15000);
}

}  // namespace
}  // namespace gp
