#include "geo/pipeline/Base.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/plan/SamplePlan.hpp"

using namespace gp;

namespace {
std::string meta(const Plan& p, const std::string& key) {
  for (const auto& [k, v] : p.meta)
    if (k == key) return v;
  return "(absent)";
}
}  // namespace

TEST(Base, UnchangedPlanMatchesItsBaseOnePieceToOneGridAndUnit) {
  Plan base = test::samplePlan(), plan = test::samplePlan();
  pipeline::BaseRef ref = pipeline::matchBase(plan, base);
  ASSERT_EQ(ref.grid.size(), plan.pieces.size());
  for (size_t i = 0; i < plan.pieces.size(); ++i) {
    EXPECT_EQ(ref.grid[i], base.pieces[i].grid) << plan.pieces[i].piece_id;
    EXPECT_EQ(ref.unit[i], base.pieces[i].unit) << plan.pieces[i].piece_id;
  }
  EXPECT_TRUE(std::all_of(ref.gridIntact.begin(), ref.gridIntact.end(), [](char c) { return c != 0; }));
  EXPECT_TRUE(pipeline::transfers(plan, base, ref).empty());
}

TEST(Base, AMovedPieceIsAHouseholdTransferBetweenGrids) {
  Plan base = test::samplePlan(), plan = test::samplePlan();
  plan.pieces[2].grid = 1;  // 2号楼 (30 households) from the first grid of 沧浪社区 to the second
  pipeline::BaseRef ref = pipeline::matchBase(plan, base);
  auto t = pipeline::transfers(plan, base, ref);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].from_grid, "320508019044001");
  EXPECT_EQ(t[0].to_grid, "320508019044002");
  EXPECT_EQ(t[0].households, 30);
}

TEST(Base, CodesOnceUsedAreNeverGivenOutAgain) {
  Plan base = test::samplePlan();
  std::set<std::string> used = pipeline::allUsedCodes(base);
  EXPECT_TRUE(used.count("320508019044001"));
  EXPECT_TRUE(used.count(pipeline::usedUnitCodeKey("32050801904400101")));
  EXPECT_FALSE(used.count("32050801904400101"));  // a unit code never reads as a grid code

  Plan next = test::samplePlan();
  next.grids.pop_back();  // 金阊一网格 is gone in the new plan
  pipeline::setRetiredCodes(next, used);
  // The sample plan had already retired …44003; …45001 joins it.
  EXPECT_EQ(meta(next, "retired_grid_codes"), "320508019044003,320508019045001");
  // … and stays retired through the next re-plan.
  std::set<std::string> again = pipeline::allUsedCodes(next);
  EXPECT_TRUE(again.count("320508019045001"));
}
