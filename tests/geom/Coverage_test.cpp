#include "geo/geom/Coverage.hpp"

#include <gtest/gtest.h>

#include "tests/geom/GeomTestUtil.hpp"

using namespace gp;
using gp::test::box;

TEST(Coverage, FourQuadrantsMakeOneSquare) {
  std::vector<MultiPolygon> q = {box(0, 0, 5, 5), box(5, 0, 10, 5), box(0, 5, 5, 10), box(5, 5, 10, 10)};
  MultiPolygon u = geom::unionCells({&q[0], &q[1], &q[2], &q[3]});
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].rings.size(), 1u);  // no hole, no sliver
  EXPECT_NEAR(area(u), 100, 1e-9);
  EXPECT_TRUE(gp::test::isValid(u));
  EXPECT_LT(gp::test::symDiffArea(u, box(0, 0, 10, 10)), 1e-9);
}

TEST(Coverage, DisjointPartsStaySeparate) {
  std::vector<MultiPolygon> q = {box(0, 0, 5, 5), box(5, 0, 10, 5), box(20, 0, 25, 5)};
  MultiPolygon u = geom::unionCells({&q[0], &q[1], &q[2]});
  EXPECT_EQ(u.size(), 2u);
  EXPECT_NEAR(area(u), 75, 1e-9);
}

TEST(Coverage, RingAroundAHoleKeepsTheHole) {
  std::vector<MultiPolygon> q = {box(0, 0, 30, 10), box(0, 20, 30, 30), box(0, 10, 10, 20), box(20, 10, 30, 20)};
  MultiPolygon u = geom::unionCells({&q[0], &q[1], &q[2], &q[3]});
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].rings.size(), 2u);
  EXPECT_NEAR(area(u), 800, 1e-9);
}

TEST(Coverage, NearlyMatchingEdgesFallBackWithoutSlivers) {
  // The shared edge has an extra vertex on one side and a 1e-9 wobble: not an exact coverage.
  std::vector<MultiPolygon> q = {box(0, 0, 5, 10),
                                 {Polygon{{Ring{{5, 0}, {10, 0}, {10, 10}, {5, 10}, {5.000000001, 5}, {5, 0}}}}}};
  MultiPolygon u = geom::unionCells({&q[0], &q[1]});
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].rings.size(), 1u);
  EXPECT_NEAR(area(u), 100, 1e-6);
}

TEST(Coverage, EmptyInputGivesEmptyOutput) {
  EXPECT_TRUE(geom::unionCells({}).empty());
  MultiPolygon none;
  EXPECT_TRUE(geom::unionCells({&none, nullptr}).empty());
}
