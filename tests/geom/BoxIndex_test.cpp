#include "geo/geom/BoxIndex.hpp"

#include <gtest/gtest.h>

#include <random>

#include "tests/support/Boxes.hpp"

namespace gp::geom {
namespace {

using test::box;

TEST(BoxIndex, FindsWhatAScanFindsInIncreasingOrder) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> at(0, 1000), size(0, 60);
  std::vector<BBox> boxes;
  for (int i = 0; i < 3000; ++i) {
    double x = at(rng), y = at(rng);
    boxes.push_back(box(x, y, x + size(rng), y + size(rng)));
  }
  boxes[17] = BBox{};  // an empty box is never found
  BoxIndex index(boxes);
  for (int q = 0; q < 200; ++q) {
    double x = at(rng), y = at(rng);
    BBox query = box(x, y, x + 4 * size(rng), y + 4 * size(rng));
    std::vector<int> want;
    for (size_t i = 0; i < boxes.size(); ++i)
      if (test::boxesMeet(boxes[i], query)) want.push_back(static_cast<int>(i));
    EXPECT_EQ(index.overlapping(query), want) << "query " << q;
  }
}

TEST(BoxIndex, TouchingCountsAndEmptyQueriesFindNothing) {
  BoxIndex index({box(0, 0, 10, 10), box(20, 0, 30, 10), BBox{}});
  EXPECT_EQ(index.overlapping(box(10, 10, 20, 20)), (std::vector<int>{0, 1}));
  EXPECT_EQ(index.overlapping(box(11, 0, 19, 10)), std::vector<int>{});
  EXPECT_TRUE(index.overlapping(BBox{}).empty());
  BoxIndex none({});
  EXPECT_TRUE(none.overlapping(box(0, 0, 1, 1)).empty());
}

}  // namespace
}  // namespace gp::geom
