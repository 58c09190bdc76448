// Grids that trade floors so that their units can meet the bounds (geo/pipeline/BalanceForUnits.cpp).
#include "geo/pipeline/BalanceForUnits.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "geo/pipeline/Pipeline.hpp"
#include "geo/plan/Check.hpp"

namespace gp {
namespace {

MultiPolygon rect(double x0, double y0, double x1, double y1) {
  return {Polygon{{Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}};
}

Building tower(const std::string& id, const MultiPolygon& footprint, int floors, int perFloor) {
  Building b;
  b.bld_id = id;
  b.footprint = footprint;
  b.households = floors * perFloor;
  b.floors = floors;
  b.entrances = 1;
  b.entrances_estimated = false;
  b.community_id = "310101001001";
  return b;
}

pipeline::Options options() {
  pipeline::Options o;
  o.jobs = 1;
  o.created = "2026-01-01T00:00:00Z";
  return o;
}

void expectAllInBounds(const Plan& plan) {
  for (const Grid& g : plan.grids) EXPECT_EQ(g.status, Status::Ok) << g.grid_id << " " << g.households << " " << g.reason;
  for (const Unit& u : plan.units) EXPECT_EQ(u.status, Status::Ok) << u.unit_id << " " << u.households << " " << u.reason;
  auto found = plan::check(plan);
  EXPECT_EQ(plan::countViolations(found), 0u) << (found.empty() ? "" : found.front().message);
  std::map<int, long> perBuilding;
  for (const Piece& p : plan.pieces) perBuilding[p.building] += p.households;
  for (size_t i = 0; i < plan.in.buildings.size(); ++i)
    EXPECT_EQ(perBuilding[static_cast<int>(i)], plan.in.buildings[i].households) << plan.in.buildings[i].bld_id;
}

// Two one-entrance towers side by side, 8 households a floor: 28 floors (224) and 26 floors (208), 432
// households, so two grids, one tower each. Floors of 8 make units of three floors (24) only, and neither 28
// nor 26 floors is a multiple of three: as whole towers, each grid has one unit off (32 or 16). One floor of
// the first tower in the second's grid makes 27 and 27 floors, every unit 24; the grid level gives it, and
// the two grids overlap by that tower's cell (stacked floors, as DESIGN allows).
TEST(BalanceForUnits, TowersOfEightAFloorTradeAFloorSoEveryUnitIsWithinTheBounds) {
  Inputs in;
  Community c;
  c.community_id = "310101001001";
  c.area = rect(0, 0, 200, 100);
  c.households = 432;
  in.communities.push_back(c);
  in.buildings.push_back(tower("a", rect(30, 30, 70, 70), 28, 8));
  in.buildings.push_back(tower("b", rect(130, 30, 170, 70), 26, 8));
  Plan plan = pipeline::buildPlan(in, options());
  ASSERT_EQ(plan.grids.size(), 2u);
  expectAllInBounds(plan);
  std::set<int> gridsOfA;
  for (const Piece& p : plan.pieces)
    if (p.building == 0) gridsOfA.insert(p.grid);
  EXPECT_EQ(gridsOfA.size(), 2u) << "one floor of tower a goes to the other grid";
}

// The same with 14 households a floor beside 8: a tower of 27 floors × 14 (378) and one of 26 × 8 (208).
// Floors of 14 pair up (28); an odd count leaves one floor that only a floor or two of 8 can complete (22,
// 30). One floor of 14 moved into the other grid: 364 (13 units of 28) and 222 (14 + 8, 14 + 8 + 8, …).
TEST(BalanceForUnits, AnOddFloorOfFourteenJoinsTheNeighbouringGrid) {
  Inputs in;
  Community c;
  c.community_id = "310101001001";
  c.area = rect(0, 0, 200, 100);
  c.households = 378 + 208;
  in.communities.push_back(c);
  in.buildings.push_back(tower("a", rect(30, 30, 70, 70), 27, 14));
  in.buildings.push_back(tower("b", rect(130, 30, 170, 70), 26, 8));
  Plan plan = pipeline::buildPlan(in, options());
  ASSERT_EQ(plan.grids.size(), 2u);
  expectAllInBounds(plan);
}

// A building of two entrances of 295 households (65 floors) beside a tower of 197, as in the Shanghai tilezen
// layer: grid-level nodes of 295, 295 and 197 cannot be grouped into connected grids of 200–400, and the
// tower's grid stayed an exception whose reason said the pieces were too coarse. A few floors of the
// neighbouring entrance bring it to 200, every grid within the bounds.
TEST(BalanceForUnits, AGridBelowTheMinimumTakesFloorsOfANeighbouringEntrance) {
  Inputs in;
  Community c;
  c.community_id = "310101001001";
  c.area = rect(0, 0, 300, 100);
  c.households = 590 + 197;
  in.communities.push_back(c);
  Building slab = tower("slab", rect(20, 30, 180, 60), 65, 1);
  slab.households = 590;
  slab.entrances = 2;
  in.buildings.push_back(slab);
  Building t = tower("tower", rect(220, 30, 260, 70), 65, 1);
  t.households = 197;
  in.buildings.push_back(t);
  Plan plan = pipeline::buildPlan(in, options());
  for (const Grid& g : plan.grids) EXPECT_EQ(g.status, Status::Ok) << g.grid_id << " " << g.households << " " << g.reason;
  auto found = plan::check(plan);
  EXPECT_EQ(plan::countViolations(found), 0u) << (found.empty() ? "" : found.front().message);
  long hh = 0;
  for (const Piece& p : plan.pieces) hh += p.households;
  EXPECT_EQ(hh, 590 + 197);
}

}  // namespace
}  // namespace gp
