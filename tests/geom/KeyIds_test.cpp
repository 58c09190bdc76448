#include "geo/geom/KeyIds.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

using gp::geom::KeyIds;

TEST(KeyIds, IdsInOrderOfFirstSight) {
  KeyIds ids;
  EXPECT_EQ(ids.id(42), 0);
  EXPECT_EQ(ids.id(7), 1);
  EXPECT_EQ(ids.id(42), 0);
  EXPECT_EQ(ids.id(0), 2);
  EXPECT_EQ(ids.find(7), 1);
  EXPECT_EQ(ids.find(8), -1);
  EXPECT_EQ(ids.size(), 3u);
}

TEST(KeyIds, GrowsPastItsExpectedSizeAndAgreesWithAMap) {
  std::mt19937_64 rng(5);
  KeyIds ids(4);
  std::map<uint64_t, int32_t> expected;
  for (int i = 0; i < 20000; ++i) {
    uint64_t k = (rng() % 3000) << 32 | (rng() % 7);
    auto [it, fresh] = expected.try_emplace(k, static_cast<int32_t>(expected.size()));
    EXPECT_EQ(ids.id(k), it->second);
  }
  EXPECT_EQ(ids.size(), expected.size());
  for (const auto& [k, v] : expected) EXPECT_EQ(ids.find(k), v);
}
