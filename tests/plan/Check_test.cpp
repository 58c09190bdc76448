#include "geo/plan/Check.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include "geo/plan/Edits.hpp"
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

// The check formats a feature's words only when it reports it: the messages still name what they are about.
TEST(Check, MessagesNameWhatTheyAreAbout) {
  auto p = samplePlan();
  p.pieces[8].grid = -1;  // piece C1 of 6号楼
  p.bounds.grid_min = 60;  // grid ...045001 holds 55 (25 without C1) with status ok
  p.grids[0].status = gp::Status::Under;  // 70 households, within the bounds, and no reason
  p.grids[0].reason = " ";
  p.units[1].shape.clear();
  auto found = check(p);
  auto message = [&](const std::string& kind, const std::string& feature) {
    for (const Problem& x : found)
      if (x.kind == kind && x.feature == feature) return x.message;
    return std::string("(none)");
  };
  auto says = [&](const std::string& kind, const std::string& feature, const std::string& words) {
    const std::string m = message(kind, feature);
    return m.find(words) != std::string::npos ? ::testing::AssertionSuccess()
                                              : ::testing::AssertionFailure() << kind << " " << feature << ": " << m;
  };
  EXPECT_TRUE(says("piece_no_grid", "piece C1", "piece C1 of building C1 (6号楼)")) << dump(found);
  EXPECT_TRUE(says("status_bounds", "grid 320508019045001", "grid 320508019045001 has status ok")) << dump(found);
  EXPECT_TRUE(says("status_bounds", "grid 320508019045001", "outside 60–")) << dump(found);
  EXPECT_TRUE(says("status_bounds", "grid 320508019044001", "grid 320508019044001 has status under")) << dump(found);
  EXPECT_TRUE(says("status_no_reason", "grid 320508019044001", "grid 320508019044001 has status under with no reason"))
      << dump(found);
  EXPECT_TRUE(says("unit_no_shape", "unit 32050801904400102", "unit 32050801904400102 has")) << dump(found);
  EXPECT_FALSE(has(found, "status_bounds", "grid 320508019044002")) << dump(found);
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

// ---- invariant 7: nothing empty, communities with polygons ------------------------------------------

TEST(Check, FindsAnEmptyGridAndAnEmptyUnit) {
  auto p = samplePlan();
  gp::Grid g = p.grids[2];
  g.grid_id = "320508019045002";
  g.households = 0, g.units = 0, g.status = gp::Status::Under, g.reason = "no households";
  g.shape.clear();
  p.grids.push_back(g);
  gp::Unit u = p.units[5];
  u.unit_id = "32050801904400103";
  u.grid = 0, u.households = 0, u.status = gp::Status::Under, u.reason = "this unit has 36";
  u.shape.clear();
  p.units.push_back(u);
  p.grids[0].units = 3;
  auto found = check(p);
  EXPECT_TRUE(has(found, "grid_empty", "grid 320508019045002")) << dump(found);
  EXPECT_TRUE(has(found, "unit_empty", "unit 32050801904400103")) << dump(found);
  EXPECT_EQ(gp::plan::countViolations(found), 2u) << dump(found);
  for (const Problem& x : found)
    if (x.kind == "unit_empty") {
      EXPECT_NE(x.message.find("remove"), std::string::npos) << x.message;
    }
  // Found without the geometric work too.
  gp::plan::CheckOptions o;
  o.geometry = false;
  EXPECT_EQ(gp::plan::countViolations(check(p, o)), 2u);
}

TEST(Check, FindsACommunityWithGridsButNoPolygon) {
  auto p = samplePlan();
  p.in.communities[1].area.clear();
  auto found = check(p);
  ASSERT_TRUE(has(found, "community_no_shape", "community 320508019045")) << dump(found);
  for (const Problem& x : found)
    if (x.kind == "community_no_shape") {
      EXPECT_NE(x.message.find("320508019045001"), std::string::npos) << "names its grid: " << x.message;
      EXPECT_EQ(x.severity, gp::Severity::Error);
    }
}

// A community with no buildings gets no grid from the partitioner: nothing to serve, so no coverage gap.
TEST(Check, ACommunityWithNoBuildingsNeedsNoGrid) {
  auto p = samplePlan();
  p.in.communities.push_back(gp::Community{"320508019046", "空社区", rect(300, 0, 400, 100), 0});
  auto found = check(p);
  EXPECT_EQ(gp::plan::countViolations(found), 0u) << dump(found);
  ASSERT_TRUE(has(found, "community_no_buildings", "community 320508019046")) << dump(found);
  // An empty grid drawn over it is not the answer.
  gp::Grid g = p.grids[2];
  g.grid_id = "320508019046001";
  g.community = 2, g.households = 0, g.units = 0, g.status = gp::Status::Under, g.reason = "no buildings";
  g.shape = rect(300, 0, 400, 100);
  p.grids.push_back(g);
  found = check(p);
  EXPECT_TRUE(has(found, "grid_empty", "grid 320508019046001")) << dump(found);
  EXPECT_FALSE(has(found, "community_no_buildings", "community 320508019046")) << dump(found);
  // Nor is leaving out a community that has buildings.
  p = samplePlan();
  p.grids.pop_back();
  for (auto& u : p.units) u.grid = u.grid == 2 ? -1 : u.grid;
  found = check(p);
  EXPECT_TRUE(has(found, "coverage_gap", "community 320508019045")) << dump(found);
  EXPECT_FALSE(has(found, "community_no_buildings", "community 320508019045")) << dump(found);
}

// ---- communities in several parts ---------------------------------------------------------------

namespace {

struct Cell {
  double x0, x1;  // a 100 m tall strip of the plane, one building of 30 households
  int grid, unit;
};

// One community whose polygon is the given separate strips (x ranges, 100 m tall), cut into cells; grids and
// units as the cells say, counted and drawn by refresh. Bounds: grids 40–100, units 15–50.
gp::Plan stripsPlan(const std::vector<std::pair<double, double>>& parts, const std::vector<Cell>& cells) {
  gp::Plan p;
  p.in.epsg = 4549;
  p.bounds = gp::Bounds{40, 100, 70, 15, 50};
  gp::Community c{"320508019044", "沧浪社区", {}, 0};
  for (auto [x0, x1] : parts) c.area.push_back(rect(x0, 0, x1, 100)[0]);
  for (const Cell& k : cells) {
    gp::Building b;
    b.bld_id = "B" + std::to_string(p.in.buildings.size() + 1);
    b.footprint = rect(k.x0 + 2, 40, k.x1 - 2, 60);
    b.households = 30;
    b.community_id = c.community_id;
    p.in.buildings.push_back(b);
    gp::Piece pc;
    pc.piece_id = b.bld_id;
    pc.building = static_cast<int>(p.in.buildings.size()) - 1;
    pc.households = 30;
    pc.grid = k.grid, pc.unit = k.unit;
    pc.cell = rect(k.x0, 0, k.x1, 100);
    p.pieces.push_back(pc);
    c.households += 30;
    while (static_cast<int>(p.grids.size()) <= k.grid) {
      gp::Grid g;
      char seq[16];
      std::snprintf(seq, sizeof seq, "%03d", static_cast<int>(p.grids.size()) + 1);
      g.grid_id = c.community_id + seq;
      g.community = 0;
      p.grids.push_back(g);
    }
    while (static_cast<int>(p.units.size()) <= k.unit) p.units.push_back(gp::Unit{});
    gp::Unit& u = p.units[k.unit];
    if (u.unit_id.empty()) {
      char seq[16];
      std::snprintf(seq, sizeof seq, "%02d", k.unit % 100 + 1);
      u.unit_id = p.grids[k.grid].grid_id + seq;
      u.grid = k.grid;
    }
  }
  p.in.communities.push_back(c);
  gp::plan::Touched all;
  for (int g = 0; g < static_cast<int>(p.grids.size()); ++g) all.addGrid(g);
  for (int u = 0; u < static_cast<int>(p.units.size()); ++u) all.addUnit(u);
  gp::plan::refresh(p, all);
  return p;
}

void spanning(gp::Plan& p, int grid, int unit = -1) {
  const std::string why = "community 320508019044 is in separate parts; this grid serves both";
  p.grids[grid].status = gp::Status::Exception, p.grids[grid].reason = why;
  if (unit >= 0) p.units[unit].status = gp::Status::Exception, p.units[unit].reason = why;
}

}  // namespace

TEST(Check, AcceptsAGridSpanningSeparatePartsOfItsCommunity) {
  // West part 0–100 and east part 200–300; grid 001 has one unit in each, 60 households: within bounds.
  auto p = stripsPlan({{0, 100}, {200, 300}}, {{0, 100, 0, 0}, {200, 300, 0, 1}});
  ASSERT_EQ(p.grids[0].shape.size(), 2u);
  ASSERT_EQ(p.grids[0].status, gp::Status::Ok);
  spanning(p, 0);
  auto found = check(p);
  EXPECT_EQ(gp::plan::countViolations(found), 0u) << dump(found);
  EXPECT_TRUE(has(found, "grid_spans_community_parts", "grid 320508019044001")) << dump(found);
  // The same without the geometric work.
  gp::plan::CheckOptions o;
  o.geometry = false;
  EXPECT_EQ(gp::plan::countViolations(check(p, o)), 0u) << dump(check(p, o));
}

TEST(Check, ASpanningGridWithStatusOkIsAViolation) {
  auto p = stripsPlan({{0, 100}, {200, 300}}, {{0, 100, 0, 0}, {200, 300, 0, 1}});
  auto found = check(p);
  ASSERT_TRUE(has(found, "grid_disconnected", "grid 320508019044001")) << dump(found);
  for (const Problem& x : found)
    if (x.kind == "grid_disconnected") {
      EXPECT_NE(x.message.find("exception"), std::string::npos) << x.message;
    }
  // Exception with no reason is not enough either.
  spanning(p, 0);
  p.grids[0].reason = " ";
  found = check(p);
  EXPECT_TRUE(has(found, "grid_disconnected", "grid 320508019044001")) << dump(found);
  EXPECT_TRUE(has(found, "status_no_reason", "grid 320508019044001")) << dump(found);
}

TEST(Check, AGridInTwoPartsOfOneCommunityPartIsAViolationEvenAsException) {
  // West part 0–300 holds grid 001 at both ends with grid 002 between; east part 400–500 is grid 003.
  auto p = stripsPlan({{0, 300}, {400, 500}},
                      {{0, 100, 0, 0}, {100, 200, 1, 1}, {200, 300, 0, 2}, {400, 500, 2, 3}});
  spanning(p, 0);
  auto found = check(p);
  EXPECT_TRUE(has(found, "grid_disconnected", "grid 320508019044001")) << dump(found);
  EXPECT_TRUE(has(found, "status_bounds", "grid 320508019044001")) << "exception within bounds: " << dump(found);
  EXPECT_FALSE(has(found, "grid_spans_community_parts", "grid 320508019044001")) << dump(found);
  // Three parts, two of them in one community part: still a violation.
  p = stripsPlan({{0, 300}, {400, 500}}, {{0, 100, 0, 0}, {100, 200, 1, 1}, {200, 300, 0, 2}, {400, 500, 0, 3}});
  spanning(p, 0);
  found = check(p);
  EXPECT_TRUE(has(found, "grid_disconnected", "grid 320508019044001")) << dump(found);
}

TEST(Check, AcceptsAUnitSpanningSeparatePartsOfItsCommunity) {
  auto p = stripsPlan({{0, 100}, {200, 300}}, {{0, 100, 0, 0}, {200, 300, 0, 0}});
  p.bounds.unit_max = 70;  // its 60 households are within bounds: exception only for the parts
  spanning(p, 0, 0);
  auto found = check(p);
  EXPECT_EQ(gp::plan::countViolations(found), 0u) << dump(found);
  EXPECT_TRUE(has(found, "unit_spans_community_parts", "unit 32050801904400101")) << dump(found);
  p.units[0].status = gp::Status::Ok, p.units[0].reason.clear();
  found = check(p);
  EXPECT_TRUE(has(found, "unit_disconnected", "unit 32050801904400101")) << dump(found);
}

// On plans big enough for two threads, the units of the second thread's grids are judged the same way.
TEST(Check, SpanningUnitsAreAcceptedOnTwoThreads) {
  std::vector<Cell> cells;
  // 2,100 cells of 10 m in the west part, three to a grid, one to a unit; then a grid spanning into the east part.
  for (int i = 0; i < 2100; ++i) cells.push_back({10.0 * i, 10.0 * (i + 1), i / 3, i});
  cells.push_back({21000, 21010, 700, 2100});
  cells.push_back({21100, 21110, 700, 2100});
  auto p = stripsPlan({{0, 21010}, {21100, 21110}}, cells);
  p.bounds.unit_max = 70;  // the spanning unit's 60 households are within bounds
  spanning(p, 700, 2100);
  auto found = check(p);
  EXPECT_EQ(gp::plan::countViolations(found), 0u) << dump(found);
  EXPECT_TRUE(has(found, "unit_spans_community_parts", "unit 32050801904470101")) << dump(found);
}

namespace {

// Grid A (0–200 m) and grid B (200–300 m) of one community; a tower stands on cell S, its two floor pieces in
// units U1 and U2 of grid A. All polygons share their vertices exactly, as polygons read off one tessellation
// do. S spans 150–200 m, or 150–250 m when `wide` (then U1 reaches with it into grid B's ground).
gp::Plan stackedPlan(bool wide) {
  using gp::test::poly;
  gp::Plan p;
  p.bounds = gp::Bounds{1, 1000, 500, 1, 1000};
  p.in.communities = {gp::Community{"320508019044", "", rect(0, 0, 300, 100), 60}};
  auto bld = [&](const char* id, gp::MultiPolygon fp, int hh) {
    gp::Building b;
    b.bld_id = id;
    b.footprint = std::move(fp);
    b.households = hh;
    b.community_id = "320508019044";
    p.in.buildings.push_back(std::move(b));
  };
  bld("A", rect(40, 40, 60, 60), 20);
  bld("T", rect(170, 40, 180, 60), 20);
  bld("B", rect(240, 40, 260, 60), 20);
  const double e = wide ? 250 : 200;  // east edge of the tower's cell S
  gp::MultiPolygon s = poly({{150, 0}, {200, 0}, {e, 0}, {e, 100}, {200, 100}, {150, 100}});
  if (!wide) s = poly({{150, 0}, {200, 0}, {200, 100}, {150, 100}});
  p.pieces = {
      gp::Piece{"A", 0, -1, -1, -1, 20, 0, 0, poly({{0, 0}, {150, 0}, {150, 100}, {0, 100}})},
      gp::Piece{"T-E1-F1-9", 1, 1, 1, 9, 10, 0, 0, s},
      gp::Piece{"T-E1-F10-18", 1, 1, 10, 18, 10, 0, 1, s},
      gp::Piece{"B", 2, -1, -1, -1, 20, 1, 2, poly({{200, 0}, {300, 0}, {300, 100}, {200, 100}})},
  };
  auto grid = [&](const char* id, int hh, int units, gp::MultiPolygon shape) {
    gp::Grid g;
    g.grid_id = id;
    g.community = 0;
    g.households = hh;
    g.units = units;
    g.shape = std::move(shape);
    p.grids.push_back(std::move(g));
  };
  grid("320508019044001", 40, 2, poly({{0, 0}, {150, 0}, {200, 0}, {200, 100}, {150, 100}, {0, 100}}));
  grid("320508019044002", 20, 1, poly({{200, 0}, {300, 0}, {300, 100}, {200, 100}}));
  auto unit = [&](const char* id, int g, int hh, gp::MultiPolygon shape) {
    gp::Unit u;
    u.unit_id = id;
    u.grid = g;
    u.households = hh;
    u.shape = std::move(shape);
    p.units.push_back(std::move(u));
  };
  // U1 holds A and the lower floors: A's cell and S; U2 the upper floors: S within grid A.
  unit("32050801904400101", 0, 30,
       wide ? poly({{0, 0}, {150, 0}, {200, 0}, {250, 0}, {250, 100}, {200, 100}, {150, 100}, {0, 100}})
            : poly({{0, 0}, {150, 0}, {200, 0}, {200, 100}, {150, 100}, {0, 100}}));
  unit("32050801904400102", 0, 10, poly({{150, 0}, {200, 0}, {200, 100}, {150, 100}}));
  unit("32050801904400201", 1, 20, poly({{200, 0}, {300, 0}, {300, 100}, {200, 100}}));
  return p;
}

}  // namespace

// Units whose outlines add up exactly to their grid plus the stacked cell they share pass without a union.
TEST(Check, StackedUnitsWhoseOutlinesAddUpAreClean) {
  auto found = check(stackedPlan(false));
  EXPECT_TRUE(found.empty()) << dump(found);
}

// The outlines add up (U1 + U2 = grid + S) but S reaches 50 m beyond the grid, and U1 with it: the stacked
// cell is not taken on trust.
TEST(Check, FindsAUnitOutsideItsGridWhereTheOutlinesStillAddUp) {
  auto p = stackedPlan(true);
  auto found = check(p);
  EXPECT_TRUE(has(found, "unit_outside_grid", "unit 32050801904400101")) << dump(found);
}

// A corner of grid B's unit moved 10 m east: the outlines no longer cancel, so the union measures the gap
// (500 m²) that the move opened.
TEST(Check, AMovedVertexIsMeasuredNotTrusted) {
  auto p = stackedPlan(false);
  gp::Ring& r = p.units[2].shape[0].rings[0];
  r.front().x += 10;
  r.back() = r.front();
  auto found = check(p);
  EXPECT_TRUE(has(found, "unit_coverage_gap", "grid 320508019044002")) << dump(found);
}
