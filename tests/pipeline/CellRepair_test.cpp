#include "geo/pipeline/CellRepair.hpp"

#include <gtest/gtest.h>

namespace gp::pipeline {
namespace {

Polygon rect(double x0, double y0, double x1, double y1) {
  return Polygon{{Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}};
}

TEST(CellRepair, DetachedPartGoesToTheNeighbourItTouches) {
  // Cell 0 is [0,10]x[0,10] plus a sliver [20,21]x[0,10] that lies against cell 1 ([10,20]x[0,10]).
  std::vector<MultiPolygon> cells{{rect(0, 0, 10, 10), rect(20, 0, 21, 10)}, {rect(10, 0, 20, 10)}};
  EXPECT_EQ(mergeDetachedParts(cells, {}), 1);
  ASSERT_EQ(cells[0].size(), 1u);
  ASSERT_EQ(cells[1].size(), 1u);
  EXPECT_NEAR(area(cells[0]), 100, 1e-9);
  EXPECT_NEAR(area(cells[1]), 110, 1e-9);
}

TEST(CellRepair, GapsGoToANeighbour) {
  MultiPolygon region{rect(0, 0, 30, 10)};
  std::vector<MultiPolygon> cells{{rect(0, 0, 10, 10)}, {rect(12, 0, 30, 10)}};
  EXPECT_EQ(fillGaps(region, cells, {}), 1);
  EXPECT_NEAR(area(cells[0]) + area(cells[1]), 300, 1e-6);
  EXPECT_EQ(cells[0].size(), 1u);
  EXPECT_EQ(cells[1].size(), 1u);
}

TEST(CellRepair, HostCellContainsThePoint) {
  std::vector<MultiPolygon> cells{{rect(0, 0, 10, 10)}, {}, {rect(10, 0, 20, 10)}};
  EXPECT_EQ(hostCell(cells, {15, 5}), 2);
  EXPECT_EQ(hostCell(cells, {2, 5}), 0);
  EXPECT_EQ(hostCell(cells, {100, 5}), 2);  // outside all: the nearest
  EXPECT_EQ(hostCell({{}, {}}, {0, 0}), -1);
}

}  // namespace
}  // namespace gp::pipeline
