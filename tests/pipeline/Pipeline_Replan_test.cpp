// Re-planning with the pipeline: a base plan (--base) kept where it still holds, locked grids, retired codes, and
// the studio's re-partition of one community or of one grid's units.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "geo/pipeline/Pipeline.hpp"
#include "geo/plan/Check.hpp"
#include "geo/plan/Command.hpp"
#include "tests/pipeline/PipelineTestSupport.hpp"

namespace gp {
namespace {

using namespace pipelinetest;

TEST(Pipeline, ReplanOnAnUnchangedPlanMovesNothing) {
  Inputs in = town(5000, 3);
  Plan a = pipeline::buildPlan(in, options());
  for (Grid& g : a.grids) {
    g.worker_name = "王" + g.grid_id.substr(g.grid_id.size() - 3);
    g.duties = "duties of " + g.grid_id;
  }
  auto o = options();
  o.base = &a;
  o.seed = 99;  // another seed: kept grids must not depend on it
  Plan b = pipeline::buildPlan(in, o);
  EXPECT_TRUE(b.transfers.empty());
  expectSameAssignment(a, b);
  ASSERT_EQ(a.grids.size(), b.grids.size());
  for (size_t g = 0; g < a.grids.size(); ++g) {
    EXPECT_EQ(a.grids[g].grid_id, b.grids[g].grid_id);
    EXPECT_EQ(a.grids[g].worker_name, b.grids[g].worker_name);
    EXPECT_EQ(a.grids[g].duties, b.grids[g].duties);
  }
  expectInvariants(b);
}

// A planner merged the highest-numbered unit of a grid into another one in the studio (its code is retired
// in plan_meta), then re-plans with a unit maximum of 31: the grid is kept, its over-full unit is divided
// again, and the new unit must not take the retired code (nextFreeCode used to fill that gap with it). The
// new plan still lists the code as retired, with the base units that were not kept.
TEST(Pipeline, ReplanNeverGivesARetiredUnitCodeToANewUnit) {
  Inputs in = town(5000, 3);
  Plan a = pipeline::buildPlan(in, options());
  int grid = -1;
  for (size_t g = 0; g < a.grids.size() && grid < 0; ++g)
    if (plan::unitsOfGrid(a, static_cast<int>(g)).size() >= 3) grid = static_cast<int>(g);
  ASSERT_GE(grid, 0);
  const std::string gridCode = a.grids[grid].grid_id;
  std::vector<int> units = plan::unitsOfGrid(a, grid);
  std::sort(units.begin(), units.end(), [&](int x, int y) { return a.units[x].unit_id < a.units[y].unit_id; });
  const std::string top = a.units[units.back()].unit_id, first = a.units[units.front()].unit_id;
  std::set<std::string> baseUnits;
  for (const Unit& u : a.units) baseUnits.insert(u.unit_id);
  plan::History h;
  h.execute(a, std::make_unique<plan::AssignUnit>(plan::piecesOfUnit(a, units.back()), units.front()));
  ASSERT_EQ(plan::findUnit(a, top), -1);
  auto listed = [](const Plan& p, const char* key) {
    std::set<std::string> out;
    for (const auto& [k, v] : p.meta)
      if (k == key) {
        std::stringstream ss(v);
        std::string c;
        while (std::getline(ss, c, ',')) out.insert(c);
      }
    return out;
  };
  ASSERT_EQ(listed(a, "retired_unit_codes"), std::set<std::string>{top});

  auto o = options();
  o.base = &a;
  o.bounds.unit_max = 31;
  Plan b = pipeline::buildPlan(in, o);
  expectInvariants(b);
  const int kept = plan::findGrid(b, gridCode);
  ASSERT_GE(kept, 0) << "the grid keeps its code";
  EXPECT_EQ(plan::findUnit(b, first), -1) << "the over-full unit was divided again";
  EXPECT_EQ(plan::findUnit(b, top), -1) << top << " is retired";
  const auto retired = listed(b, "retired_unit_codes");
  EXPECT_EQ(retired.count(top), 1u);
  // Every base code no unit carries now is retired, and no new unit took a code the base had used.
  std::set<std::string> now;
  for (const Unit& u : b.units) now.insert(u.unit_id);
  for (const std::string& c : baseUnits) {
    if (!now.count(c)) {
      EXPECT_EQ(retired.count(c), 1u) << c;
    }
  }
  for (const std::string& c : retired) EXPECT_EQ(now.count(c), 0u) << c;
  EXPECT_EQ(listed(b, "retired_grid_codes"), listed(a, "retired_grid_codes"));

  // Re-planned against itself, the plan keeps every unit code and its retired list.
  o.base = &b;
  Plan c = pipeline::buildPlan(in, o);
  std::set<std::string> again;
  for (const Unit& u : c.units) again.insert(u.unit_id);
  EXPECT_EQ(again, now);
  EXPECT_EQ(listed(c, "retired_unit_codes"), retired);
}

TEST(Pipeline, ReplanKeepsLockedGridsExactlyAndNeverReusesCodes) {
  Inputs in = town(5000, 3);
  Plan a = pipeline::buildPlan(in, options());
  // Lock the first grid, then tighten the bounds so most grids no longer fit.
  a.grids[0].locked = true;
  a.grids[0].worker_name = "李四";
  std::set<std::string> lockedPieces, oldCodes;
  for (const Piece& p : a.pieces)
    if (p.grid == 0) lockedPieces.insert(p.piece_id);
  for (const Grid& g : a.grids) oldCodes.insert(g.grid_id);
  auto o = options();
  o.base = &a;
  o.bounds.grid_min = 200;
  o.bounds.grid_max = 260;
  o.bounds.grid_target = 230;
  Plan b = pipeline::buildPlan(in, o);
  int locked = -1;
  for (size_t g = 0; g < b.grids.size(); ++g)
    if (b.grids[g].grid_id == a.grids[0].grid_id) locked = static_cast<int>(g);
  ASSERT_GE(locked, 0);
  EXPECT_TRUE(b.grids[locked].locked);
  EXPECT_EQ(b.grids[locked].worker_name, "李四");
  std::set<std::string> now;
  for (const Piece& p : b.pieces)
    if (p.grid == locked) now.insert(p.piece_id);
  EXPECT_EQ(now, lockedPieces);
  // Grids that still fit keep their codes; new grids take codes never used before.
  int kept = 0, fresh = 0;
  for (const Grid& g : b.grids) {
    if (oldCodes.count(g.grid_id)) {
      ++kept;
      continue;
    }
    ++fresh;
  }
  EXPECT_GT(fresh, 0);
  EXPECT_GT(kept, 1);
  EXPECT_FALSE(b.transfers.empty());
  long moved = 0;
  for (const Transfer& t : b.transfers) {
    EXPECT_NE(t.from_grid, t.to_grid);
    EXPECT_NE(t.from_grid, a.grids[0].grid_id);
    moved += t.households;
  }
  EXPECT_GT(moved, 0);
  // Re-planning the result again against itself moves nothing.
  o.base = &b;
  Plan c = pipeline::buildPlan(in, o);
  EXPECT_TRUE(c.transfers.empty());
  expectSameAssignment(b, c);
}

TEST(Pipeline, ReplanAfterABuildingIsGoneChangesOnlyItsCommunity) {
  Inputs in = town(6000, 8);
  Plan a = pipeline::buildPlan(in, options());
  // Demolish the largest residential building of the first community.
  const std::string cid = in.communities[0].community_id;
  int gone = -1;
  for (size_t b = 0; b < in.buildings.size(); ++b)
    if (in.buildings[b].community_id == cid && (gone < 0 || in.buildings[b].households > in.buildings[gone].households))
      gone = static_cast<int>(b);
  ASSERT_GE(gone, 0);
  Inputs changed = in;
  changed.buildings.erase(changed.buildings.begin() + gone);
  auto o = options();
  o.base = &a;
  Plan b = pipeline::buildPlan(changed, o);
  expectInvariants(b);
  std::map<std::string, std::set<std::string>> before, after;  // grid code → piece ids
  for (const Piece& p : a.pieces) before[a.grids[p.grid].grid_id].insert(p.piece_id);
  for (const Piece& p : b.pieces) after[b.grids[p.grid].grid_id].insert(p.piece_id);
  std::set<std::string> oldCodes;
  for (const Grid& g : a.grids) oldCodes.insert(g.grid_id);
  for (const Grid& g : b.grids) {
    const std::string& c = b.in.communities[g.community].community_id;
    if (c != cid) {
      // Other communities are untouched: the same grids, codes and pieces.
      EXPECT_EQ(after[g.grid_id], before[g.grid_id]) << g.grid_id;
    } else if (oldCodes.count(g.grid_id)) {
      // A grid that kept its code lost at most the demolished building's pieces.
      for (const std::string& pid : after[g.grid_id]) EXPECT_TRUE(before[g.grid_id].count(pid)) << g.grid_id << " " << pid;
    }
  }
  for (const Transfer& t : b.transfers) EXPECT_EQ(t.from_grid.substr(0, cid.size()), cid);
}

TEST(Pipeline, RepartitionCommunityKeepsLockedGridsAndRetiresCodes) {
  Plan plan = pipeline::buildPlan(town(4000, 1), options());
  int c = plan.grids[0].community;
  plan.grids[0].locked = true;
  std::vector<std::string> before;
  std::map<std::string, std::set<std::string>> oldPieces;  // code → piece ids
  for (const Piece& p : plan.pieces) {
    if (p.grid == 0) before.push_back(p.piece_id);
    oldPieces[plan.grids[p.grid].grid_id].insert(p.piece_id);
  }
  const std::string lockedCode = plan.grids[0].grid_id;
  auto o = options();
  o.seed = 42;
  pipeline::repartitionCommunity(plan, c, o);
  expectInvariants(plan);
  int locked = -1;
  for (size_t g = 0; g < plan.grids.size(); ++g)
    if (plan.grids[g].grid_id == lockedCode) locked = static_cast<int>(g);
  ASSERT_GE(locked, 0);
  std::vector<std::string> after;
  for (const Piece& p : plan.pieces)
    if (p.grid == locked) after.push_back(p.piece_id);
  EXPECT_EQ(before, after);
  // A grid keeps an old code only when it is exactly that old grid; any other takes a new code.
  std::map<std::string, std::set<std::string>> newPieces;
  for (const Piece& p : plan.pieces) newPieces[plan.grids[p.grid].grid_id].insert(p.piece_id);
  for (auto& [code, pieces] : newPieces) {
    auto old = oldPieces.find(code);
    if (old != oldPieces.end()) {
      EXPECT_EQ(old->second, pieces) << code;
    }
  }
}

TEST(Pipeline, RepartitionWithoutCellsTessellatesAgain) {
  Plan plan = pipeline::buildPlan(town(3000, 2), options());
  for (Piece& p : plan.pieces) p.cell.clear();  // a plan file without its cells layer
  int steps = 0;
  auto o = options();
  o.progress = [&](double, const std::string&) { ++steps; };
  for (size_t c = 0; c < plan.in.communities.size(); ++c) pipeline::repartitionCommunity(plan, static_cast<int>(c), o);
  EXPECT_GT(steps, 0);
  expectInvariants(plan);
  for (Piece& p : plan.pieces) p.cell.clear();
  pipeline::repartitionUnits(plan, 0, options());
  expectInvariants(plan);
}

TEST(Pipeline, RepartitionUnitsKeepsTheGrid) {
  Plan plan = pipeline::buildPlan(town(3000, 2), options());
  std::vector<int> before;
  for (const Piece& p : plan.pieces) before.push_back(p.grid);
  pipeline::repartitionUnits(plan, 1, options());
  std::vector<int> after;
  for (const Piece& p : plan.pieces) after.push_back(p.grid);
  EXPECT_EQ(before, after);
  expectInvariants(plan);
}

}  // namespace
}  // namespace gp
