#include "geo/plan/Check.hpp"

#include <gtest/gtest.h>

#include "tests/plan/SamplePlan.hpp"

using gp::Problem;
using gp::plan::check;
using gp::test::rect;
using gp::test::samplePlan;

namespace {

std::string dump(const std::vector<Problem>& ps) {
  std::string s;
  for (const Problem& p : ps) s += p.kind + " | " + p.feature + " | " + p.message + "\n";
  return s;
}

bool has(const std::vector<Problem>& ps, const std::string& kind, const std::string& feature) {
  for (const Problem& p : ps)
    if (p.kind == kind && p.feature == feature) return true;
  return false;
}

}  // namespace

TEST(Check, SamplePlanIsClean) {
  auto found = check(samplePlan());
  EXPECT_EQ(gp::plan::countViolations(found), 0u) << dump(found);
  EXPECT_TRUE(found.empty()) << dump(found);
}

TEST(Check, StackedUnitsMayOverlapByTheirCellOnly) {
  auto p = samplePlan();
  // Unit ...0202 already overlaps ...0201 by the tower's cell (400 m²); widen it by another 10 m strip.
  p.units[3].shape = gp::test::poly({{100, 50}, {140, 50}, {140, 30}, {160, 30}, {160, 50}, {200, 50}, {200, 100}, {100, 100}});
  auto found = check(p);
  EXPECT_TRUE(has(found, "unit_coverage_overlap", "unit 32050801904400201")) << dump(found);
}

TEST(Check, FindsAGapInACommunity) {
  auto p = samplePlan();
  p.grids[1].shape = rect(100, 0, 190, 100);
  auto found = check(p);
  ASSERT_TRUE(has(found, "coverage_gap", "community 320508019044")) << dump(found);
  for (const Problem& x : found)
    if (x.kind == "coverage_gap") {
      EXPECT_NE(x.message.find("1,000 m²"), std::string::npos) << x.message;
      EXPECT_NE(x.message.find("320508019044002"), std::string::npos) << "names the grid beside the gap: " << x.message;
      ASSERT_TRUE(x.at.has_value());
      EXPECT_GT(x.at->x, gp::test::kX0 + 190);
    }
}

TEST(Check, FindsAnOverlapBetweenGrids) {
  auto p = samplePlan();
  p.grids[0].shape = rect(0, 0, 120, 100);
  auto found = check(p);
  EXPECT_TRUE(has(found, "coverage_overlap", "grid 320508019044001")) << dump(found);
  EXPECT_FALSE(has(found, "coverage_gap", "community 320508019044")) << dump(found);
}

TEST(Check, FindsWrongSums) {
  auto p = samplePlan();
  p.grids[1].households = 91;
  p.units[4].households = 29;
  p.in.buildings[0].households = 41;
  auto found = check(p);
  EXPECT_TRUE(has(found, "grid_households", "grid 320508019044002")) << dump(found);
  EXPECT_TRUE(has(found, "unit_households", "unit 32050801904500101")) << dump(found);
  EXPECT_TRUE(has(found, "building_households", "building B1")) << dump(found);
}

TEST(Check, FindsADisconnectedGrid) {
  auto p = samplePlan();
  auto shape = rect(200, 0, 240, 100);
  shape.push_back(rect(260, 0, 300, 100)[0]);
  p.grids[2].shape = shape;
  auto found = check(p);
  EXPECT_TRUE(has(found, "grid_disconnected", "grid 320508019045001")) << dump(found);
  EXPECT_TRUE(has(found, "coverage_gap", "community 320508019045")) << dump(found);
}

TEST(Check, PartsSharingAnEdgeAreOneConnectedPolygon) {
  auto p = samplePlan();
  auto shape = rect(200, 0, 250, 100);
  shape.push_back(rect(250, 0, 300, 100)[0]);  // what a QGIS "merge" may leave: two parts sharing an edge
  p.grids[2].shape = shape;
  auto found = check(p);
  EXPECT_EQ(gp::plan::countViolations(found), 0u) << dump(found);
}

TEST(Check, FindsAUnitOutsideItsGrid) {
  auto p = samplePlan();
  p.units[4].shape = rect(150, 0, 250, 100);
  auto found = check(p);
  EXPECT_TRUE(has(found, "unit_outside_grid", "unit 32050801904500101")) << dump(found);
}

TEST(Check, FindsAGridOutsideItsCommunity) {
  auto p = samplePlan();
  p.grids[2].community = 0;
  auto found = check(p);
  EXPECT_TRUE(has(found, "grid_outside_community", "grid 320508019045001")) << dump(found);
}

TEST(Check, FindsAPieceWithNoUnitOrGrid) {
  auto p = samplePlan();
  p.pieces[2].unit = -1;
  p.pieces[8].grid = -1;
  auto found = check(p);
  EXPECT_TRUE(has(found, "piece_no_unit", "piece B2")) << dump(found);
  EXPECT_TRUE(has(found, "piece_no_grid", "piece C1")) << dump(found);
}

TEST(Check, FindsAUnitSpanningGrids) {
  auto p = samplePlan();
  p.pieces[6].unit = 0;  // S1 is in grid ...002 but unit ...00101 belongs to grid ...001
  auto found = check(p);
  EXPECT_TRUE(has(found, "unit_grid_mismatch", "piece S1")) << dump(found);
}

TEST(Check, FindsStatusOkOutOfBounds) {
  auto p = samplePlan();
  p.bounds.grid_min = 60;  // grid 320508019045001 holds 55
  auto found = check(p);
  EXPECT_TRUE(has(found, "status_bounds", "grid 320508019045001")) << dump(found);
  EXPECT_EQ(gp::plan::countViolations(found), 1u) << dump(found);
}

TEST(Check, FindsAStatusWithoutReason) {
  auto p = samplePlan();
  p.bounds.unit_min = 21;  // unit ...00101 holds 20, every other unit at least 25
  p.units[0].status = gp::Status::Under;
  p.units[0].reason = "  ";
  auto found = check(p);
  EXPECT_TRUE(has(found, "status_no_reason", "unit 32050801904400101")) << dump(found);
  EXPECT_FALSE(has(found, "status_bounds", "unit 32050801904400101")) << dump(found);
  p.units[0].reason = "1号楼 entrance 1 holds only 20 households";
  EXPECT_EQ(gp::plan::countViolations(check(p)), 0u);
}

TEST(Check, WithoutCellsStackedOverlapsAreNotedNotFlagged) {
  auto p = samplePlan();
  for (auto& piece : p.pieces) piece.cell.clear();
  auto found = check(p);
  EXPECT_EQ(gp::plan::countViolations(found), 0u) << dump(found);
  EXPECT_TRUE(has(found, "cells_missing", "plan")) << dump(found);
}

TEST(Check, AttributeOnlyModeSkipsGeometry) {
  auto p = samplePlan();
  p.grids[1].shape = rect(100, 0, 190, 100);
  gp::plan::CheckOptions o;
  o.geometry = false;
  EXPECT_TRUE(check(p, o).empty());
}

TEST(Check, FindsAGapBetweenUnitsOfAGrid) {
  auto p = samplePlan();
  p.units[5].shape = rect(260, 0, 300, 100);  // 10 m strip of grid 320508019045001 in no unit
  auto found = check(p);
  EXPECT_TRUE(has(found, "unit_coverage_gap", "grid 320508019045001")) << dump(found);
  EXPECT_FALSE(has(found, "coverage_gap", "community 320508019045")) << dump(found);
}

TEST(Check, FindsAGridWithPiecesButNoPolygon) {
  auto p = samplePlan();
  p.grids[2].shape.clear();
  auto found = check(p);
  EXPECT_TRUE(has(found, "grid_no_shape", "grid 320508019045001")) << dump(found);
  EXPECT_TRUE(has(found, "coverage_gap", "community 320508019045")) << dump(found);
}

TEST(Check, FindsDuplicateCodes) {
  auto p = samplePlan();
  p.units[5].unit_id = p.units[4].unit_id;
  auto found = check(p);
  EXPECT_TRUE(has(found, "duplicate_id", "unit 32050801904500101")) << dump(found);
}

TEST(Check, FindsAPieceOutsideItsGridAfterARedraw) {
  auto p = samplePlan();
  // The boundary between grids ...001 and ...002 moved west without moving B1-E2 and B2 (x 50–100).
  p.grids[0].shape = rect(0, 0, 50, 100);
  p.grids[1].shape = rect(50, 0, 200, 100);
  auto found = check(p);
  EXPECT_TRUE(has(found, "piece_outside_grid", "piece B1-E2")) << dump(found);
  EXPECT_TRUE(has(found, "piece_outside_grid", "piece B2")) << dump(found);
  EXPECT_FALSE(has(found, "piece_outside_grid", "piece B1-E1")) << dump(found);
}

namespace {

// `copies` samples side by side (each 300 m east of the last), with their own codes: big enough for check to
// split its geometric work between two threads.
gp::Plan manySamples(int copies) {
  gp::Plan all = samplePlan();
  all.in.communities.clear(), all.in.buildings.clear(), all.pieces.clear(), all.grids.clear(), all.units.clear();
  all.in.households.clear();
  auto shift = [](gp::MultiPolygon& mp, double dx) {
    for (auto& poly : mp)
      for (auto& ring : poly.rings)
        for (auto& pt : ring) pt.x += dx;
  };
  for (int k = 0; k < copies; ++k) {
    gp::Plan s = samplePlan();
    double dx = 300.0 * k;
    std::string tag = std::to_string(1000 + k);
    int c0 = static_cast<int>(all.in.communities.size()), b0 = static_cast<int>(all.in.buildings.size());
    int g0 = static_cast<int>(all.grids.size()), u0 = static_cast<int>(all.units.size());
    for (auto& c : s.in.communities) c.community_id += tag, shift(c.area, dx), all.in.communities.push_back(c);
    for (auto& b : s.in.buildings) b.bld_id += tag, shift(b.footprint, dx), all.in.buildings.push_back(b);
    for (auto& g : s.grids) g.grid_id += tag, g.community += c0, shift(g.shape, dx), all.grids.push_back(g);
    for (auto& u : s.units) u.unit_id += tag, u.grid += g0, shift(u.shape, dx), all.units.push_back(u);
    for (auto& p : s.pieces) {
      p.piece_id += tag, p.building += b0, p.grid += g0, p.unit += u0;
      shift(p.cell, dx);
      all.pieces.push_back(p);
    }
  }
  return all;
}

}  // namespace

TEST(Check, BigPlansGiveTheSameFindingsOnTwoThreads) {
  auto p = manySamples(400);  // 2,400 units
  EXPECT_EQ(gp::plan::countViolations(check(p)), 0u) << dump(check(p));
  p.grids[1].shape = rect(100, 0, 190, 100);                // copy 0: a gap in a community (grid level)
  p.units[6 * 399 + 5].shape = rect(300 * 399 + 260, 0, 300 * 399 + 300, 100);  // last copy: a gap among units
  p.units[6 * 200 + 4].households = 31;                     // a wrong sum in the middle
  auto found = check(p);
  EXPECT_TRUE(has(found, "coverage_gap", "community 3205080190441000")) << dump(found);
  EXPECT_TRUE(has(found, "unit_coverage_gap", "grid 3205080190450011399")) << dump(found);
  EXPECT_TRUE(has(found, "unit_households", "unit 320508019045001011200")) << dump(found);
  EXPECT_EQ(check(p).size(), found.size()) << "the same list every time";
}
