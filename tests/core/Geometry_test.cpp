#include "geo/core/Geometry.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace gp;

namespace {
Polygon square(double x0, double y0, double s) {
  return Polygon{{Ring{{x0, y0}, {x0 + s, y0}, {x0 + s, y0 + s}, {x0, y0 + s}, {x0, y0}}}};
}
}  // namespace

TEST(Geometry, AreaSubtractsHoles) {
  Polygon p = square(0, 0, 10);
  Ring hole{{2, 2}, {2, 4}, {4, 4}, {4, 2}, {2, 2}};
  p.rings.push_back(hole);
  EXPECT_DOUBLE_EQ(area(p), 96.0);
}

TEST(Geometry, CentroidOfTwoSquares) {
  MultiPolygon mp{square(0, 0, 2), square(10, 0, 2)};
  XY c = centroid(mp);
  EXPECT_NEAR(c.x, 6.0, 1e-9);
  EXPECT_NEAR(c.y, 1.0, 1e-9);
}

TEST(Geometry, PolsbyPopperSquareIsPiOverFour) {
  EXPECT_NEAR(polsbyPopper({square(0, 0, 5)}), M_PI / 4, 1e-9);
  EXPECT_EQ(polsbyPopper({}), 0.0);
}

TEST(Geometry, BBoxGrowsAndStaysEmptyWhenEmpty) {
  BBox b;
  EXPECT_TRUE(b.empty());
  b = bbox(MultiPolygon{square(1, 2, 3)});
  EXPECT_DOUBLE_EQ(b.minx, 1);
  EXPECT_DOUBLE_EQ(b.maxy, 5);
  EXPECT_DOUBLE_EQ(b.width(), 3);
}
