#include "geo/pipeline/Codes.hpp"

#include <gtest/gtest.h>

namespace gp::pipeline {
namespace {

TEST(Codes, ReadingOrderIsRowsNorthToSouthThenWestToEast) {
  // Two rows 100 m apart; within a row the y values jitter by a few metres.
  std::vector<XY> at{{300, 95}, {100, 0}, {100, 102}, {200, 98}, {300, 3}, {200, -4}};
  std::vector<int> order = readingOrder(at, 110, 50);
  EXPECT_EQ(order, (std::vector<int>{2, 3, 0, 1, 5, 4}));
}

TEST(Codes, BandIsTheSideOfATypicalShape) {
  EXPECT_DOUBLE_EQ(readingBand(400 * 100, 4), 100.0);
  EXPECT_DOUBLE_EQ(readingBand(0, 4), 1.0);
  EXPECT_DOUBLE_EQ(readingBand(100, 0), 1.0);
}

TEST(Codes, CodesArePaddedAndSkipUsedOnes) {
  EXPECT_EQ(makeCode("320508019044", 7, 3), "320508019044007");
  EXPECT_EQ(makeCode("32050801904400", 12, 2), "3205080190440012");
  std::set<std::string> used{"320508019044001", "320508019044003"};
  int seq = 0;
  EXPECT_EQ(nextFreeCode("320508019044", 3, seq, used), "320508019044002");
  EXPECT_EQ(nextFreeCode("320508019044", 3, seq, used), "320508019044004");
  EXPECT_EQ(seq, 4);
}

}  // namespace
}  // namespace gp::pipeline
