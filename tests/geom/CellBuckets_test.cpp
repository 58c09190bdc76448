#include "geo/geom/CellBuckets.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <vector>

using gp::geom::CellBuckets;

namespace {
std::vector<int32_t> values(CellBuckets::Run r) { return {r.begin(), r.end()}; }
}  // namespace

TEST(CellBuckets, EachKeyGivesItsValuesInAscendingOrder) {
  CellBuckets b({{7, 3}, {1, 9}, {7, 1}, {~0ULL, 4}, {7, 2}});
  EXPECT_EQ(values(b.find(7)), (std::vector<int32_t>{1, 2, 3}));
  EXPECT_EQ(values(b.find(1)), (std::vector<int32_t>{9}));
  EXPECT_EQ(values(b.find(~0ULL)), (std::vector<int32_t>{4}));
  EXPECT_TRUE(b.find(2).empty());
  EXPECT_EQ(b.keyCount(), 3u);
}

TEST(CellBuckets, AnEmptyIndexFindsNothing) {
  CellBuckets none;
  EXPECT_TRUE(none.find(0).empty());
  CellBuckets fromNothing(std::vector<std::pair<uint64_t, int32_t>>{});
  EXPECT_TRUE(fromNothing.find(5).empty());
}

TEST(CellBuckets, AgreesWithAMapOnManyKeys) {
  std::mt19937_64 rng(3);
  std::vector<std::pair<uint64_t, int32_t>> pairs;
  std::map<uint64_t, std::vector<int32_t>> expected;
  for (int32_t v = 0; v < 5000; ++v) {
    uint64_t k = rng() % 1500 * 0x100000001ULL;  // keys that differ only in high and low words
    pairs.push_back({k, v});
    expected[k].push_back(v);
  }
  CellBuckets b(pairs);
  EXPECT_EQ(b.keyCount(), expected.size());
  for (const auto& [k, vs] : expected) EXPECT_EQ(values(b.find(k)), vs);
  for (uint64_t k = 1500 * 0x100000001ULL; k < 1600 * 0x100000001ULL; k += 0x100000001ULL) EXPECT_TRUE(b.find(k).empty());
}
