#include "geo/geom/ConvexShrink.hpp"

#include <gtest/gtest.h>

#include "tests/geom/GeomTestUtil.hpp"

using namespace gp;
using gp::test::box;

namespace {

// GEOS's negative mitred buffer, as the tessellation used it before.
MultiPolygon geosShrink(const MultiPolygon& mp, double d) {
  geos::Context c;
  auto g = geos::toGeos(c, mp);
  auto s = geos::own(c, GEOSBufferWithStyle_r(c, g.get(), -d, 2, GEOSBUF_CAP_FLAT, GEOSBUF_JOIN_MITRE, 2.0));
  return geos::toMultiPolygon(c, s.get());
}

}  // namespace

TEST(ConvexShrink, RectanglesAndConvexShapesAsGeosShrinksThem) {
  std::vector<MultiPolygon> shapes{
      box(40500000, 3500000, 40500060, 3500012),
      gp::test::mpFromWkt("POLYGON((0 0, 10 -2, 14 5, 6 12, -1 7, 0 0))"),
      gp::test::mpFromWkt("POLYGON((0 0, 0 10, 10 10, 10 0, 0 0))"),  // clockwise
  };
  for (const MultiPolygon& mp : shapes) {
    MultiPolygon mine;
    ASSERT_TRUE(geom::shrinkConvex(mp, 0.4, mine));
    MultiPolygon ref = geosShrink(mp, 0.4);
    EXPECT_TRUE(gp::test::isValid(mine));
    EXPECT_NEAR(area(mine), area(ref), 1e-6 * area(ref));
    EXPECT_LT(gp::test::symDiffArea(mine, ref), 1e-6 * area(ref));
  }
}

TEST(ConvexShrink, LeavesWhatItCannotDoToGeos) {
  MultiPolygon out;
  EXPECT_FALSE(geom::shrinkConvex(gp::test::mpFromWkt("POLYGON((0 0, 10 0, 10 10, 5 5, 0 10, 0 0))"), 0.4, out));  // concave
  EXPECT_FALSE(geom::shrinkConvex(box(0, 0, 10, 0.6), 0.4, out));  // thinner than twice the distance
  EXPECT_FALSE(geom::shrinkConvex(gp::test::mpFromWkt("POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (4 4, 6 4, 6 6, 4 6, 4 4))"), 0.4, out));
  EXPECT_FALSE(geom::shrinkConvex(gp::test::mpFromWkt("POLYGON((0 0, 10 0, 10 0, 10 10, 0 10, 0 0))"), 0.4, out));  // repeated vertex
  EXPECT_TRUE(out.empty());
}

TEST(ConvexShrink, SimpleConvexOnlyWhenCertainlyValid) {
  EXPECT_TRUE(geom::isSimpleConvex(box(40500000, 3500000, 40500060, 3500012)));
  EXPECT_TRUE(geom::isSimpleConvex(gp::test::mpFromWkt("POLYGON((0 0, 10 -2, 14 5, 6 12, -1 7, 0 0))")));
  EXPECT_TRUE(geom::isSimpleConvex(gp::test::mpFromWkt("POLYGON((0 0, 0 10, 10 10, 10 0, 0 0))")));  // clockwise
  EXPECT_FALSE(geom::isSimpleConvex(gp::test::mpFromWkt("POLYGON((0 0, 10 0, 10 10, 5 5, 0 10, 0 0))")));  // concave
  // A pentagram turns one way at every vertex but goes round twice (and crosses itself).
  EXPECT_FALSE(geom::isSimpleConvex(gp::test::mpFromWkt("POLYGON((0 10, 6 -8, -9.5 3, 9.5 3, -6 -8, 0 10))")));
  EXPECT_FALSE(geom::isSimpleConvex(gp::test::mpFromWkt("POLYGON((0 0, 10 0, 10 0, 10 10, 0 10, 0 0))")));  // repeated vertex
  EXPECT_FALSE(geom::isSimpleConvex(gp::test::mpFromWkt("POLYGON((0 0, 5 0, 10 0, 10 10, 0 10, 0 0))")));  // collinear vertex
  EXPECT_FALSE(geom::isSimpleConvex(gp::test::mpFromWkt("POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (4 4, 6 4, 6 6, 4 6, 4 4))")));
  EXPECT_FALSE(geom::isSimpleConvex(gp::test::mpFromWkt("MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))")));
}

TEST(ConvexShrink, SeparatedConvexFindsASplittingEdgeLine) {
  const MultiPolygon a = box(0, 0, 10, 10);
  EXPECT_TRUE(geom::separatedConvex(a, box(10, 0, 20, 10)));   // sharing a side
  EXPECT_TRUE(geom::separatedConvex(a, box(12, 3, 20, 20)));   // apart
  EXPECT_FALSE(geom::separatedConvex(a, box(9, 9, 20, 20)));   // overlapping corners
  // Turned squares whose boxes overlap but which do not: separated by an edge of the diamond.
  const MultiPolygon diamond = gp::test::mpFromWkt("POLYGON((20 14, 26 20, 20 26, 14 20, 20 14))");
  EXPECT_TRUE(geom::separatedConvex(box(0, 0, 16.9, 16.9), diamond));
  EXPECT_FALSE(geom::separatedConvex(box(0, 0, 17.1, 17.1), diamond));
}
