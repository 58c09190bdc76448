#include "geo/synth/CompoundFill.hpp"

#include <gtest/gtest.h>

using namespace gp::synth;

namespace {

FillRequest box(double w, double h, const std::string& style, long remaining) {
  FillRequest r;
  r.x0 = 1000;
  r.y0 = 2000;
  r.x1 = 1000 + w;
  r.y1 = 2000 + h;
  r.style = style;
  r.remaining = remaining;
  return r;
}

bool overlapOrTooClose(const TownBuilding& a, const TownBuilding& b, double gap) {
  return a.x0 < b.x1 + gap && b.x0 < a.x1 + gap && a.y0 < b.y1 + gap && b.y0 < a.y1 + gap;
}

void expectInsideAndApart(const FillRequest& r, const FillResult& res, double gap) {
  for (size_t i = 0; i < res.buildings.size(); ++i) {
    const auto& b = res.buildings[i];
    EXPECT_GE(b.x0, r.x0 + 5.9);
    EXPECT_LE(b.x1, r.x1 - 5.9);
    EXPECT_GE(b.y0, r.y0 + 5.9);
    EXPECT_LE(b.y1, r.y1 - 5.9);
    for (size_t j = i + 1; j < res.buildings.size(); ++j)
      EXPECT_FALSE(overlapOrTooClose(b, res.buildings[j], gap)) << i << " and " << j << " are closer than " << gap;
  }
}

}  // namespace

TEST(CompoundFill, WalkupsHaveTwoHouseholdsAFloorPerEntrance) {
  Rng rng(1);
  const auto req = box(200, 180, "walkup", 100000);
  const auto res = fillResidential(rng, req);
  ASSERT_GT(res.buildings.size(), 6u);
  long sum = 0;
  for (const auto& b : res.buildings) {
    EXPECT_EQ(b.kind, BuildingKind::Walkup);
    EXPECT_EQ(b.floors, 6);
    EXPECT_GE(b.entrances, 2);
    EXPECT_LE(b.entrances, 6);
    EXPECT_EQ(b.households, 6 * 2 * b.entrances);
    EXPECT_NEAR(b.y1 - b.y0, 12.0, 0.01);                          // slab depth
    EXPECT_NEAR((b.x1 - b.x0) / b.entrances, 15.0, 1.01);          // ~15 m per entrance
    sum += b.households;
  }
  EXPECT_EQ(sum, res.households);
  expectInsideAndApart(req, res, 6.0);  // fire spacing at least
  EXPECT_EQ(res.inner_road.size(), 2u);
}

TEST(CompoundFill, StopsWithinOneBuildingOfWhatTheCommunityStillWants) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    Rng rng(seed);
    for (const char* style : {"walkup", "tower", "mixed", "villa"}) {
      const long want = std::string(style) == "villa" ? 40 : 300;  // villas hold one household each
      const auto res = fillResidential(rng, box(220, 220, style, want));
      EXPECT_GE(res.households, want) << style;
      EXPECT_LT(res.households, want + 33 * 2 * 8) << style;
    }
  }
}

TEST(CompoundFill, TowersHaveTheAskedShape) {
  Rng rng(3);
  const auto req = box(240, 240, "tower", 100000);
  const auto res = fillResidential(rng, req);
  ASSERT_FALSE(res.buildings.empty());
  for (const auto& b : res.buildings) {
    if (b.kind != BuildingKind::Tower) continue;
    EXPECT_GE(b.floors, 18);
    EXPECT_LE(b.floors, 33);
    EXPECT_GE(b.entrances, 1);
    EXPECT_LE(b.entrances, 2);
    EXPECT_GE(b.per_floor, 4);
    EXPECT_LE(b.per_floor, 8);
    EXPECT_EQ(b.households, b.floors * b.entrances * b.per_floor);
  }
  expectInsideAndApart(req, res, 12.0);
}

TEST(CompoundFill, PlacesTheTwoOversizedTowers) {
  Rng rng(4);
  auto req = box(230, 200, "tower", 2000);
  req.giant_two_entrances = req.giant_one_entrance = true;
  const auto res = fillResidential(rng, req);
  EXPECT_TRUE(res.placed_giant_two);
  EXPECT_TRUE(res.placed_giant_one);
  int big = 0, big_entrance = 0;
  for (const auto& b : res.buildings) {
    if (b.households == 528 && b.entrances == 2) ++big;
    if (b.households == 462 && b.entrances == 1) ++big_entrance;
  }
  EXPECT_EQ(big, 1);
  EXPECT_EQ(big_entrance, 1);
  expectInsideAndApart(req, res, 12.0);
}

TEST(CompoundFill, BuildingsKeepClearOfARiverThroughTheCompound) {
  Rng rng(5);
  auto req = box(200, 200, "walkup", 100000);
  const gp::LineString river = {{900, 2100}, {1100, 2104}, {1300, 2100}};
  req.river = &river;
  const auto res = fillResidential(rng, req);
  int north = 0, south = 0;
  for (const auto& b : res.buildings) {
    double lo, hi;
    ASSERT_TRUE(riverSpan(river, b.x0, b.x1, lo, hi));
    EXPECT_TRUE(b.y1 <= lo - kRiverBuildingClear || b.y0 >= hi + kRiverBuildingClear);
    north += b.y0 > hi;
    south += b.y1 < lo;
  }
  EXPECT_GT(north, 0);
  EXPECT_GT(south, 0);
}

TEST(CompoundFill, NonResidentialCompoundsHaveNoHouseholds) {
  Rng rng(6);
  for (auto kind : {BuildingKind::School, BuildingKind::Hospital, BuildingKind::Office}) {
    const auto res = fillNonResidential(rng, 0, 0, 180, 160, kind);
    ASSERT_FALSE(res.buildings.empty()) << toString(kind);
    for (const auto& b : res.buildings) {
      EXPECT_EQ(b.households, 0);
      EXPECT_EQ(b.kind, kind);
      EXPECT_GE(b.x0, 6.0);
      EXPECT_LE(b.x1, 174.0);
    }
  }
  EXPECT_TRUE(fillNonResidential(rng, 0, 0, 25, 25, BuildingKind::School).buildings.empty());
}

TEST(CompoundFill, RiverSpanFollowsTheLine) {
  const gp::LineString river = {{0, 0}, {100, 50}, {200, 0}};
  double lo, hi;
  ASSERT_TRUE(riverSpan(river, 50, 150, lo, hi));
  EXPECT_DOUBLE_EQ(lo, 25);
  EXPECT_DOUBLE_EQ(hi, 50);
  EXPECT_FALSE(riverSpan(river, 300, 400, lo, hi));
}

TEST(CompoundFill, AwkwardWalkupsAndNineStoreyBlocks) {
  int odd = 0, mid = 0;
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    Rng rng(seed);
    auto req = box(220, 200, seed % 2 ? "walkup" : "mixed", 100000);
    req.awkward = true;
    const auto res = fillResidential(rng, req);
    expectInsideAndApart(req, res, 6.0);
    for (const auto& b : res.buildings) {
      if (b.kind == BuildingKind::Tower) continue;
      ASSERT_TRUE(b.kind == BuildingKind::Walkup || b.kind == BuildingKind::Midrise);
      ASSERT_EQ(b.households % b.entrances, 0);
      const int per = b.households / b.entrances;
      EXPECT_LE(per, b.floors * b.per_floor);  // the rest are vacant flats
      if (b.kind == BuildingKind::Walkup) {
        EXPECT_TRUE(per == 12 || (per >= 13 && per <= 19)) << per;
        odd += per >= 13;
      } else {
        EXPECT_EQ(b.floors, 9);
        EXPECT_GE(per, 27);
        EXPECT_LE(per, 36);
        ++mid;
      }
    }
  }
  EXPECT_GT(odd, 20);
  EXPECT_GT(mid, 5);
}

TEST(CompoundFill, ShedsAreManySmallAndApart) {
  Rng rng(3);
  const auto res = fillSheds(rng, 1000, 2000, 1120, 2100, 400);
  EXPECT_GE(res.buildings.size(), 150u);
  EXPECT_LE(res.buildings.size(), 400u);
  FillRequest r = box(120, 100, "walkup", 0);
  expectInsideAndApart(r, res, 1.5);
  for (const auto& b : res.buildings) {
    EXPECT_EQ(b.kind, BuildingKind::Shed);
    EXPECT_EQ(b.households, 0);
    EXPECT_LE((b.x1 - b.x0) * (b.y1 - b.y0), 30.0);
  }
  Rng again(3);
  EXPECT_EQ(fillSheds(again, 1000, 2000, 1120, 2100, 100).buildings.size(), 100u);  // at most what is asked
}
