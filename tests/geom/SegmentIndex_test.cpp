#include "geo/geom/SegmentIndex.hpp"

#include <gtest/gtest.h>

#include <set>
#include <utility>

using namespace gp;
using gp::geom::SegmentIndex;

TEST(SegmentIndex, NearAPointOnlyWithinTheTolerance) {
  // A road along y = 0 from x = 0 to 100, and one along x = 50 crossing it.
  SegmentIndex idx({LineString{{0, 0}, {100, 0}}, LineString{{50, -20}, {50, 20}}}, 5.0);
  EXPECT_FALSE(idx.empty());
  EXPECT_TRUE(idx.near({30, 0.5}, 1.0));
  EXPECT_FALSE(idx.near({30, 1.5}, 1.0));
  EXPECT_TRUE(idx.near({50.9, 15}, 1.0));
  EXPECT_FALSE(idx.near({120, 0}, 1.0));  // beyond the road's end
  EXPECT_TRUE(idx.near({101, 0}, 1.0));
}

TEST(SegmentIndex, SegmentsNearAndAlongTheLines) {
  SegmentIndex idx({LineString{{0, 0}, {100, 0}}}, 0);
  EXPECT_TRUE(idx.nearSegment({10, 5}, {10, -5}, 0.01));   // crosses the road
  EXPECT_FALSE(idx.nearSegment({10, 5}, {20, 5}, 1.0));     // parallel, 5 m off
  EXPECT_TRUE(idx.along({10, 0.05}, {40, -0.05}, 0.1));     // runs on the road
  EXPECT_FALSE(idx.along({10, 0}, {10, 30}, 0.1));          // touches it at one end only
}

TEST(SegmentIndex, AnEmptyIndexFindsNothing) {
  SegmentIndex idx({}, 0);
  EXPECT_TRUE(idx.empty());
  EXPECT_FALSE(idx.near({0, 0}, 1e9));
  EXPECT_FALSE(idx.nearSegment({0, 0}, {1, 1}, 1e9));
}

TEST(SegmentIndex, CellsAlongADiagonalAreFewNotItsBoundingBox) {
  std::set<std::pair<int64_t, int64_t>> cells;
  geom::cellsAlong({0.5, 0.5}, {99.5, 99.5}, 0.0, 1.0, [&](int64_t x, int64_t y) { cells.insert({x, y}); });
  EXPECT_TRUE(cells.count({0, 0}));
  EXPECT_TRUE(cells.count({99, 99}));
  EXPECT_TRUE(cells.count({50, 50}));
  EXPECT_LT(cells.size(), 400u);  // linear in the length (~100–300 cells), not the 10,000 of its box
}

TEST(SegmentIndex, Distances) {
  EXPECT_DOUBLE_EQ(geom::pointSegmentDistance({5, 3}, {0, 0}, {10, 0}), 3.0);
  EXPECT_DOUBLE_EQ(geom::pointSegmentDistance({13, 4}, {0, 0}, {10, 0}), 5.0);  // past the end: to the end
  EXPECT_DOUBLE_EQ(geom::segmentDistance({0, 0}, {10, 10}, {0, 10}, {10, 0}), 0.0);  // they cross
  EXPECT_DOUBLE_EQ(geom::segmentDistance({0, 0}, {10, 0}, {0, 2}, {10, 2}), 2.0);
}
