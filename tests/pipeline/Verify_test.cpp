#include "geo/pipeline/Verify.hpp"

#include <gtest/gtest.h>

#include "geo/pipeline/Report.hpp"
#include "geo/plan/Check.hpp"
#include "geo/plan/Edits.hpp"

namespace gp {
namespace {

MultiPolygon rect(double x0, double y0, double x1, double y1) {
  return {Polygon{{Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}};
}

// Three cells in a row, 0-10, 10-20, 20-30 (one building each), in one community; grids and units as given.
Plan row(const std::vector<int>& gridOf, const std::vector<int>& unitOf, int grids, int units) {
  Plan plan;
  plan.bounds = {1, 1000, 500, 1, 1000};
  Community c;
  c.community_id = "310101001001";
  c.area = rect(0, 0, 30, 10);
  plan.in.communities.push_back(c);
  for (int i = 0; i < 3; ++i) {
    Building b;
    b.bld_id = "B" + std::to_string(i);
    b.footprint = rect(10 * i + 3, 3, 10 * i + 7, 7);
    b.households = 10;
    b.floors = 1;
    b.community_id = c.community_id;
    plan.in.buildings.push_back(b);
    Piece p;
    p.piece_id = b.bld_id;
    p.building = i;
    p.households = 10;
    p.grid = gridOf[i];
    p.unit = unitOf[i];
    p.cell = rect(10 * i, 0, 10 * i + 10, 10);
    plan.pieces.push_back(p);
  }
  for (int g = 0; g < grids; ++g) {
    Grid gr;
    gr.grid_id = "310101001001" + std::string("00") + std::to_string(g + 1);
    gr.community = 0;
    plan.grids.push_back(gr);
  }
  for (int u = 0; u < units; ++u) {
    Unit un;
    int g = -1;
    for (int i = 0; i < 3; ++i)
      if (unitOf[i] == u) g = gridOf[i];
    un.grid = g;
    un.unit_id = plan.grids[g].grid_id + "0" + std::to_string(u + 1);
    plan.units.push_back(un);
  }
  plan::Touched all;
  for (int g = 0; g < grids; ++g) all.addGrid(g);
  for (int u = 0; u < units; ++u) all.addUnit(u);
  plan::refresh(plan, all);
  return plan;
}

// Grid 1 holds the two ends of the row, grid 2 the middle: grid 1 is two polygons. The cut-off end joins the
// grid it shares most boundary with, and the plan then passes check.
TEST(Verify, ACutOffPartOfAGridJoinsTheNeighbourItSharesMostBoundaryWith) {
  Plan plan = row({0, 1, 0}, {0, 1, 2}, 2, 3);
  ASSERT_GT(plan::countViolations(plan::check(plan)), 0u);  // grid 1 is in two parts
  pipeline::Options opt;
  pipeline::VerifyReport r = pipeline::verifyPlan(plan, opt);
  EXPECT_EQ(r.violations, 0u);
  EXPECT_GE(r.parts_moved, 1);
  auto found = plan::check(plan);
  EXPECT_EQ(plan::countViolations(found), 0u) << (found.empty() ? "" : found.front().message);
  // Every household is still in exactly one grid and unit.
  int hh = 0;
  for (const Piece& p : plan.pieces) {
    EXPECT_GE(p.grid, 0);
    EXPECT_GE(p.unit, 0);
    hh += p.households;
  }
  EXPECT_EQ(hh, 30);
  EXPECT_EQ(pipeline::summarize(plan).errors, 0);
}

// A piece left with no grid (here the middle one) joins the grid around it.
TEST(Verify, APieceWithoutAGridJoinsTheGridAroundIt) {
  Plan plan = row({0, 0, 0}, {0, 0, 0}, 1, 1);
  plan.pieces[1].grid = -1;
  plan.pieces[1].unit = -1;
  plan::Touched all;
  all.addGrid(0);
  all.addUnit(0);
  plan::refresh(plan, all);
  pipeline::VerifyReport r = pipeline::verifyPlan(plan, pipeline::Options{});
  EXPECT_EQ(r.pieces_placed, 1);
  EXPECT_EQ(plan.pieces[1].grid, 0);
  EXPECT_EQ(plan.pieces[1].unit, 0);
  EXPECT_EQ(plan.grids[0].households, 30);
  EXPECT_EQ(r.violations, 0u);
}

// What cannot be repaired is an error problem, so `partition` exits 1: here a piece whose own cell is two
// separate squares makes its grid two polygons whatever the assignment.
TEST(Verify, WhatCannotBeRepairedIsAnErrorProblem) {
  Plan plan = row({0, 0, 0}, {0, 0, 0}, 1, 1);
  plan.pieces[2].cell.push_back(rect(40, 0, 50, 10)[0]);
  plan.in.communities[0].area.push_back(rect(40, 0, 50, 10)[0]);  // a community drawn in two parts
  plan::Touched all;
  all.addGrid(0);
  all.addUnit(0);
  plan::refresh(plan, all);
  plan.grids[0].status = Status::Ok;  // and not marked as spanning community parts by the planner
  // The community is in two parts, so this grid may span them: it becomes an exception, and check accepts it.
  pipeline::VerifyReport r = pipeline::verifyPlan(plan, pipeline::Options{});
  EXPECT_EQ(r.violations, 0u);
  EXPECT_EQ(plan.grids[0].status, Status::Exception);
  EXPECT_NE(plan.grids[0].reason.find("separate parts"), std::string::npos) << plan.grids[0].reason;

  // The same two polygons inside a community of one part cannot be accepted nor repaired.
  Plan bad = row({0, 0, 0}, {0, 0, 0}, 1, 1);
  bad.in.communities[0].area = rect(0, 0, 50, 10);
  bad.pieces[2].cell.push_back(rect(40, 0, 50, 10)[0]);
  Piece filler = bad.pieces[0];  // the ground between, a building of another grid
  filler.piece_id = "B3";
  filler.building = 3;
  filler.cell = rect(30, 0, 40, 10);
  Building b3 = bad.in.buildings[0];
  b3.bld_id = "B3";
  b3.footprint = rect(33, 3, 37, 7);
  bad.in.buildings.push_back(b3);
  Grid g2 = bad.grids[0];
  g2.grid_id = "310101001001002";
  bad.grids.push_back(g2);
  Unit u2 = bad.units[0];
  u2.grid = 1;
  u2.unit_id = "31010100100100201";
  bad.units.push_back(u2);
  filler.grid = 1;
  filler.unit = 1;
  bad.pieces.push_back(filler);
  plan::Touched both;
  both.addGrid(0);
  both.addGrid(1);
  both.addUnit(0);
  both.addUnit(1);
  plan::refresh(bad, both);
  pipeline::VerifyReport rb = pipeline::verifyPlan(bad, pipeline::Options{});
  EXPECT_GT(rb.violations, 0u);
  EXPECT_GT(pipeline::summarize(bad).errors, 0);
  EXPECT_GT(bad.problems.countKind("grid_disconnected"), 0u);
}

}  // namespace
}  // namespace gp

namespace gp {
namespace {

// Statuses, reasons and problems, in order: what finishPlan decides.
std::vector<std::string> finished(const Plan& plan) {
  std::vector<std::string> out;
  for (const Grid& g : plan.grids) out.push_back(g.grid_id + " " + statusLabel(g.status) + " " + g.reason);
  for (const Unit& u : plan.units) out.push_back(u.unit_id + " " + statusLabel(u.status) + " " + u.reason);
  for (const Problem& p : plan.problems.items()) out.push_back(p.kind + " " + p.feature + " " + p.message);
  return out;
}

// A plan the pipeline has finished is judged as it is: the same plan and findings as finishing it again.
TEST(Verify, AFinishedPlanIsJudgedAsItIs) {
  Plan plan = row({0, 1, 1}, {0, 1, 1}, 2, 2);
  plan.bounds = {15, 1000, 500, 1, 1000};  // grid 1 (10 households) is under
  pipeline::finishPlan(plan);
  Plan again = plan;
  pipeline::VerifyReport a = pipeline::verifyPlan(plan, pipeline::Options{}, /*finished=*/true);
  pipeline::VerifyReport b = pipeline::verifyPlan(again, pipeline::Options{});
  EXPECT_EQ(a.violations, b.violations);
  EXPECT_EQ(finished(plan), finished(again));
}

// A repair before the check (a piece placed) still finishes the plan: its grid's status follows its new count.
TEST(Verify, AFinishedPlanRepairedBeforeTheCheckIsFinishedAgain) {
  Plan plan = row({0, 0, 1}, {0, 0, 1}, 2, 2);
  plan.bounds = {25, 1000, 500, 1, 1000};
  plan.pieces[1].grid = -1;
  plan.pieces[1].unit = -1;
  plan::Touched all;
  all.addGrid(0), all.addGrid(1), all.addUnit(0), all.addUnit(1);
  plan::refresh(plan, all);
  pipeline::finishPlan(plan);
  ASSERT_NE(plan.grids[0].status, Status::Ok);  // 10 households, under 25
  Plan again = plan;
  pipeline::VerifyReport a = pipeline::verifyPlan(plan, pipeline::Options{}, /*finished=*/true);
  pipeline::VerifyReport b = pipeline::verifyPlan(again, pipeline::Options{});
  EXPECT_EQ(a.pieces_placed, 1);
  EXPECT_EQ(b.pieces_placed, 1);
  EXPECT_EQ(finished(plan), finished(again));
}

}  // namespace
}  // namespace gp
