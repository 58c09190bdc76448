// Entrances and towers divided by floors where the bounds need it (--split-entrances auto), through the whole
// pipeline on small inline towns.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "geo/pipeline/Pipeline.hpp"
#include "geo/pipeline/Report.hpp"
#include "geo/plan/Check.hpp"
#include "tests/pipeline/PipelineTestSupport.hpp"

namespace gp {
namespace {

using namespace pipelinetest;

// Fifteen walk-ups of one entrance, 17 households each (walkups17): whole, most units are off; with entrances
// divided by floors where the units need it, every unit is within 20-30, and the plan passes check.
TEST(Pipeline, EntrancesOfSeventeenAreDividedByFloorsSoUnitsMeetTheBounds) {
  auto never = options();
  never.split_entrances = false;
  Plan whole = pipeline::buildPlan(walkups17(), never);
  int off = 0;
  for (const Unit& u : whole.units) off += u.status != Status::Ok;
  EXPECT_GT(off, 0) << "entrances of 17 kept whole cannot all form units of 20-30";

  Plan plan = pipeline::buildPlan(walkups17(), options());
  ASSERT_EQ(plan.grids.size(), 1u);
  for (const Unit& u : plan.units) EXPECT_EQ(u.status, Status::Ok) << u.unit_id << " " << u.households << " " << u.reason;
  auto found = plan::check(plan);
  EXPECT_EQ(plan::countViolations(found), 0u) << (found.empty() ? "" : found.front().message);
  // Only what the units need is divided: 255 households in units of 20-30 need at least a few splits,
  // never all fifteen entrances; a divided entrance's ranges are floors of it, named as such.
  pipeline::EntranceSplits es = pipeline::entranceSplits(plan);
  EXPECT_EQ(es.entrances, 15);
  EXPECT_GE(es.split, 1);
  EXPECT_LE(es.split, 8);
  long hh = 0;
  for (const Piece& p : plan.pieces) {
    hh += p.households;
    if (p.floor_from > 0) {
      EXPECT_TRUE(std::regex_match(p.piece_id, std::regex("w[0-9]+-E1-F[0-9]+-[0-9]+"))) << p.piece_id;
    }
  }
  EXPECT_EQ(hh, 15 * 17);
  bool counted = false;
  for (const auto& [k, v] : plan.meta) counted = counted || (k == "entrances_split_by_floors" && v == std::to_string(es.split));
  EXPECT_TRUE(counted);
  EXPECT_NE(pipeline::summaryText(plan).find("entrances split by floors: " + std::to_string(es.split) + " of 15"),
            std::string::npos);
}

// A one-entrance tower of 462 households (33 floors x 14) is more than one grid may hold: its floors are
// divided between two grids, each within 200-400, which overlap by exactly the tower's cell.
TEST(Pipeline, AOneEntranceTowerAboveTheGridMaximumIsDividedByFloorsBetweenGrids) {
  Inputs in;
  Community c;
  c.community_id = "310101001001";
  c.area = rect(0, 0, 200, 200);
  in.communities.push_back(c);
  Building t = building("tower", rect(80, 80, 120, 110), 462, 1);
  t.floors = 33;
  in.buildings.push_back(t);
  in.communities[0].households = 462;
  Plan plan = pipeline::buildPlan(in, options());
  ASSERT_EQ(plan.grids.size(), 2u);
  for (const Grid& g : plan.grids) EXPECT_EQ(g.status, Status::Ok) << g.grid_id << " " << g.households << " " << g.reason;
  auto found = plan::check(plan);
  EXPECT_EQ(plan::countViolations(found), 0u) << (found.empty() ? "" : found.front().message);

  auto never = options();
  never.split_entrances = false;
  Plan whole = pipeline::buildPlan(in, never);
  ASSERT_EQ(whole.grids.size(), 1u);
  EXPECT_EQ(whole.grids[0].status, Status::Over);
}

// A one-entrance tower of 240 households mapped twice (two identical footprints, as in the Shanghai tilezen
// data): both stand on one cell, 480 households above the grid maximum. Their floors divide between grids as
// one tower's would; before, the stacked floors of two buildings stayed one node, one grid `over`.
TEST(Pipeline, ATowerMappedTwiceAboveTheGridMaximumIsDividedByFloorsBetweenGrids) {
  Inputs in;
  Community c;
  c.community_id = "310101001001";
  c.area = rect(0, 0, 200, 200);
  in.communities.push_back(c);
  for (const char* id : {"tower", "tower-copy"}) {
    Building t = building(id, rect(80, 80, 120, 110), 240, 1);
    t.floors = 30;
    in.buildings.push_back(t);
  }
  in.communities[0].households = 480;
  Plan plan = pipeline::buildPlan(in, options());
  ASSERT_EQ(plan.grids.size(), 2u);
  for (const Grid& g : plan.grids) EXPECT_EQ(g.status, Status::Ok) << g.grid_id << " " << g.households << " " << g.reason;
  for (const Unit& u : plan.units) EXPECT_EQ(u.status, Status::Ok) << u.unit_id << " " << u.households << " " << u.reason;
  auto found = plan::check(plan);
  EXPECT_EQ(plan::countViolations(found), 0u) << (found.empty() ? "" : found.front().message);
}

// A one-entrance tower of 224 households, 8 a floor, in a compound of its own beside a compound of 25 walk-ups
// of 12: two grids, and compounds kept whole make the tower one grid alone. It makes units of 24 only (three
// floors) and 224 is no multiple of 24; with one walk-up (236 = 9 x 24 + 8 + 12) every unit of both grids is
// within 20-30. The grid level trades that walk-up, so no unit is off.
TEST(Pipeline, AGridOfTowerFloorsThatCannotMakeUnitsTakesANeighboursEntrance) {
  Inputs in;
  Community c;
  c.community_id = "310101001001";
  c.area = rect(0, 0, 420, 200);
  in.communities.push_back(c);
  Building t = building("tower", rect(20, 80, 60, 120), 224, 1);
  t.floors = 28;
  t.compound_id = "c1";
  in.buildings.push_back(t);
  for (int i = 0; i < 25; ++i) {
    double x = 90 + 64 * (i % 5), y = 20 + 36 * (i / 5);
    Building w = building(std::string("w").append(std::to_string(i)), rect(x, y, x + 40, y + 14), 12, 1);
    w.compound_id = "c2";
    in.buildings.push_back(w);
  }
  in.communities[0].households = 224 + 25 * 12;
  Plan plan = pipeline::buildPlan(in, options());
  ASSERT_EQ(plan.grids.size(), 2u);
  for (const Grid& g : plan.grids) EXPECT_EQ(g.status, Status::Ok) << g.grid_id << " " << g.households << " " << g.reason;
  for (const Unit& u : plan.units) EXPECT_EQ(u.status, Status::Ok) << u.unit_id << " " << u.households << " " << u.reason;
  auto found = plan::check(plan);
  EXPECT_EQ(plan::countViolations(found), 0u) << (found.empty() ? "" : found.front().message);
  long hh = 0;
  for (const Piece& p : plan.pieces) hh += p.households;
  EXPECT_EQ(hh, 224 + 25 * 12);
}

}  // namespace
}  // namespace gp
