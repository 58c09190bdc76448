#include "geo/io/PolygonIndex.hpp"

#include <gtest/gtest.h>

using namespace gp;

TEST(PolygonIndex, FindsTheCoveringPolygon) {
  geos::Context c;
  io::PolygonIndex idx(c);
  for (int i = 0; i < 100; ++i) {
    double x = (i % 10) * 10, y = (i / 10) * 10;
    idx.add(geos::fromWkt(c, "POLYGON((" + std::to_string(x) + " " + std::to_string(y) + "," + std::to_string(x + 8) +
                                 " " + std::to_string(y) + "," + std::to_string(x + 8) + " " + std::to_string(y + 8) +
                                 "," + std::to_string(x) + " " + std::to_string(y + 8) + "," + std::to_string(x) +
                                 " " + std::to_string(y) + "))"));
  }
  idx.build();
  EXPECT_EQ(idx.find({1, 1}), 0);
  EXPECT_EQ(idx.find({55, 73}), 75);
  EXPECT_EQ(idx.find({8, 4}), 0);   // on the boundary: covered
  EXPECT_EQ(idx.find({9, 4}), -1);  // in the gap
  EXPECT_EQ(idx.find({-5, -5}), -1);
}
