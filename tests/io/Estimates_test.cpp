#include "geo/io/Estimates.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace gp;
using namespace gp::io;

namespace {
MultiPolygon rect(double w, double h, double angleDeg = 0) {
  double a = angleDeg * M_PI / 180, c = std::cos(a), s = std::sin(a);
  auto rot = [&](double x, double y) { return XY{x * c - y * s, x * s + y * c}; };
  return {Polygon{{{rot(0, 0), rot(w, 0), rot(w, h), rot(0, h), rot(0, 0)}}}};
}
}  // namespace

TEST(Estimates, HouseholdsFromFloorArea) {
  // 6 floors × 600 m² × 0.75 / 90 = 30
  EXPECT_EQ(estimateHouseholds(6, 600, 0.75, 90), 30);
  EXPECT_EQ(estimateHouseholds(0, 600, 0.75, 90), 0);
  EXPECT_EQ(estimateHouseholds(3, 10, 0.75, 90), 0);  // a shed
  EXPECT_EQ(estimateHouseholds(6, 600, 1.0, 60), 60);
}

TEST(Estimates, OrientedSizeFollowsRotation) {
  OrientedSize s = orientedSize(rect(60, 12, 33));
  EXPECT_NEAR(s.length, 60, 1e-6);
  EXPECT_NEAR(s.width, 12, 1e-6);
}

TEST(Estimates, TowersHaveOneEntranceSlabsOnePer15m) {
  EXPECT_EQ(estimateEntrances(rect(25, 25)), 1);       // tower
  EXPECT_EQ(estimateEntrances(rect(40, 30)), 1);       // compact block
  EXPECT_EQ(estimateEntrances(rect(60, 12)), 4);       // walk-up slab
  EXPECT_EQ(estimateEntrances(rect(90, 12, 45)), 6);   // rotated slab
  EXPECT_EQ(estimateEntrances({}), 1);
}

TEST(Estimates, BigCompactBlocksGetOneEntrancePerEightHouseholdsAFloor) {
  EXPECT_EQ(estimateEntrances(rect(25, 25), 15, 30 * 6, 30), 1);   // 6 a floor: one core
  EXPECT_EQ(estimateEntrances(rect(40, 40), 15, 30 * 20, 30), 3);  // 20 a floor: three cores
  EXPECT_EQ(estimateEntrances(rect(60, 12), 15, 1000, 5), 4);      // slabs still go by length
}
