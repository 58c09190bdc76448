#include "geo/geom/SeedLocator.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace gp;
using geom::SeedSites;

TEST(PointGrid, NearestAndNearby) {
  std::vector<XY> pts{{0, 0}, {10, 0}, {0, 10}, {3, 4}};
  geom::PointGrid g(pts);
  EXPECT_EQ(g.nearest({2, 3}), 3);
  EXPECT_EQ(g.nearest({9, 1}), 1);
  EXPECT_EQ(g.nearest({100, 100}), 1);  // (10,0) and (0,10) tie: the lower index
  std::vector<int32_t> near;
  g.near({0, 0}, 5.5, near);
  EXPECT_NE(std::find(near.begin(), near.end(), 0), near.end());
  EXPECT_NE(std::find(near.begin(), near.end(), 3), near.end());
  std::vector<XY> none;
  EXPECT_EQ(geom::PointGrid(none).nearest({0, 0}), -1);
}

// A point nearer to seed 1's sample point but nearer to seed 0's outline belongs to seed 0 when the regions
// are the outlines', to seed 1 when they are the sample points'.
TEST(SeedLocator, ByOutlineOrBySamplePoint) {
  SeedSites sampled, outlines;
  sampled.points = {{0, 0}, {10, 0}, {5, 6.5}, {5, 7}};
  sampled.point_seed = {0, 0, 1, 1};
  outlines.segments = {{{0, 0}, {10, 0}}, {{5, 6.5}, {5, 7}}};
  outlines.segment_seed = {0, 1};
  geom::SeedLocator bySegments(sampled, outlines, true, 10);
  geom::SeedLocator byPoints(sampled, outlines, false, 10);
  EXPECT_EQ(bySegments.seedAt({5, 3}), 0);
  EXPECT_EQ(byPoints.seedAt({5, 3}), 1);
  EXPECT_EQ(bySegments.seedAt({5, 5}), 1);
  EXPECT_EQ(bySegments.seedAt({-3, 0}), 0);
}
