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

TEST(Coverage, PartsTouchingAtAPointStayTwoValidParts) {
  // Two squares meeting at one corner, and a third sharing an edge with the first: the union is two
  // polygons touching at a point, never one ring that passes through the point twice.
  std::vector<MultiPolygon> q = {box(0, 0, 5, 5), box(5, 5, 10, 10), box(0, 5, 5, 10) /* shares (0..5, 5) */};
  MultiPolygon two = geom::unionCells({&q[0], &q[1]});
  EXPECT_EQ(two.size(), 2u);
  EXPECT_TRUE(gp::test::isValid(two));
  EXPECT_NEAR(area(two), 50, 1e-9);
  MultiPolygon three = geom::unionCells({&q[0], &q[1], &q[2]});
  EXPECT_TRUE(gp::test::isValid(three));
  EXPECT_NEAR(area(three), 75, 1e-9);
}

TEST(Coverage, AnIslandInAHoleIsItsOwnPart) {
  // A frame of four cells around a hole holding a separate island cell, and a second frame far away with
  // its own hole: each hole goes to the shell that holds it.
  std::vector<MultiPolygon> q = {box(0, 0, 30, 10),   box(0, 20, 30, 30),   box(0, 10, 10, 20),  box(20, 10, 30, 20),
                                 box(14, 14, 16, 16), box(100, 0, 130, 10), box(100, 20, 130, 30), box(100, 10, 110, 20),
                                 box(120, 10, 130, 20)};
  std::vector<const MultiPolygon*> ptrs;
  for (const MultiPolygon& m : q) ptrs.push_back(&m);
  MultiPolygon u = geom::unionCells(ptrs);
  EXPECT_TRUE(gp::test::isValid(u));
  ASSERT_EQ(u.size(), 3u);
  size_t holes = 0;
  for (const Polygon& p : u) holes += p.rings.size() - 1;
  EXPECT_EQ(holes, 2u);
  EXPECT_NEAR(area(u), 800 + 4 + 800, 1e-9);
  EXPECT_LT(gp::test::symDiffArea(u, gp::test::mpFromWkt("MULTIPOLYGON(((0 0,30 0,30 30,0 30,0 0),(10 10,10 20,20 20,20 10,10 10)),"
                                                          "((14 14,16 14,16 16,14 16,14 14)),"
                                                          "((100 0,130 0,130 30,100 30,100 0),(110 10,110 20,120 20,120 10,110 10)))")),
            1e-9);
}

TEST(Coverage, OverlappingCellsFallBackToAnOverlay) {
  // Not a coverage at all: two boxes overlapping by half. The union is still the right shape.
  std::vector<MultiPolygon> q = {box(0, 0, 10, 10), box(5, 0, 15, 10)};
  MultiPolygon u = geom::unionCells({&q[0], &q[1]});
  ASSERT_EQ(u.size(), 1u);
  EXPECT_NEAR(area(u), 150, 1e-6);
  // Identical cells (one edge present twice in one direction) likewise.
  MultiPolygon same = geom::unionCells({&q[0], &q[0]});
  ASSERT_EQ(same.size(), 1u);
  EXPECT_NEAR(area(same), 100, 1e-6);
}
