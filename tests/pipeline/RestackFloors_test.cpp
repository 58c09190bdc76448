// Stacked floor ranges given out to units from the bottom up (geo/pipeline/RestackFloors.cpp).
#include "geo/pipeline/RestackFloors.hpp"

#include <gtest/gtest.h>

#include "geo/pipeline/Pipeline.hpp"
#include "tests/pipeline/Fixtures.hpp"

namespace gp {
namespace {

// A one-entrance tower of 23 floors × 8 (184 households) and a walk-up of 20 make one grid of 204. Units of
// three floors (24) leave two floors over, which the walk-up cannot take whole (36), so the tower's ranges
// were divided by floors; on one cell they were all adjacent, and the partitioner gave one unit floors 1, 4
// and 7 and another 2, 19 and 22 (as in the demo town). Each unit now holds floors one above the other.
TEST(RestackFloors, AUnitHoldsOneContiguousRangeOfAnEntrancesFloors) {
  const Plan plan = pipeline::buildPlan(
      test::oneCommunity(test::rect(0, 0, 200, 200), {test::building("tower", test::rect(80, 80, 120, 110), 184, 23),
                                                      test::building("walkup", test::rect(20, 20, 60, 34), 20, 5)}),
      test::oneJob());
  ASSERT_EQ(plan.grids.size(), 1u);
  test::expectUnitsOk(plan);
  test::expectFloorsTogether(plan);
  test::expectCleanCheck(plan);
}

}  // namespace
}  // namespace gp
