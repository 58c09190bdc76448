// Parts of a community in several pieces that hold no households join the nearest grid
// (geo/pipeline/JoinEmptyParts.cpp).
#include <gtest/gtest.h>

#include "geo/pipeline/Pipeline.hpp"
#include "geo/pipeline/Report.hpp"
#include "tests/pipeline/Fixtures.hpp"

namespace gp {
namespace {

using test::building;
using test::rect;

// A community drawn in two separate parts, the second with only sheds (0 households): that part is no grid of
// its own with 0 households "under" (as before) but joins the grid of the first part, which then spans both
// parts and says so as an exception, which check accepts.
TEST(JoinEmptyParts, AnEmptyPartOfACommunityInSeveralPartsJoinsTheNearestGrid) {
  MultiPolygon area = rect(0, 0, 200, 100);
  area.push_back(rect(300, 0, 360, 60)[0]);
  std::vector<Building> buildings;
  for (int i = 0; i < 4; ++i)
    buildings.push_back(building(std::string("w").append(std::to_string(i)), rect(10 + 45 * i, 40, 45 + 45 * i, 52), 60, 6, 2));
  for (int i = 0; i < 3; ++i)
    buildings.push_back(building(std::string("s").append(std::to_string(i)), rect(310 + 15 * i, 20, 320 + 15 * i, 30), 0, 1, 1));
  auto opt = test::oneJob();
  opt.jobs = 2;
  const Plan plan = pipeline::buildPlan(test::oneCommunity(area, buildings), opt);
  ASSERT_EQ(plan.grids.size(), 1u);
  const Grid& g = plan.grids[0];
  EXPECT_EQ(g.households, 240);
  EXPECT_EQ(g.status, Status::Exception);
  EXPECT_NE(g.reason.find("separate parts"), std::string::npos) << g.reason;
  for (const Grid& x : plan.grids) EXPECT_GT(x.households, 0) << x.grid_id;
  test::expectCleanCheck(plan);
  EXPECT_EQ(pipeline::summarize(plan).errors, 0);
}

}  // namespace
}  // namespace gp
