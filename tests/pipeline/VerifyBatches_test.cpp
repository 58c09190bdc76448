#include "geo/pipeline/VerifyBatches.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "geo/pipeline/Pipeline.hpp"
#include "geo/plan/Check.hpp"
#include "geo/synth/Synth.hpp"

namespace gp {
namespace {

// One plan for every test (a town of several communities), planned with the self-check over the whole plan.
const Plan& town() {
  static const Plan plan = [] {
    synth::SynthOptions so;
    so.households = 12000;
    so.seed = 3;
    pipeline::Options o;
    o.jobs = 2;
    o.created = "2026-01-01T00:00:00Z";
    o.check_batch_pieces = 0;
    return pipeline::buildPlan(synth::makeTownInputs(so), o);
  }();
  return plan;
}

// Findings as comparable lines, sorted: batches list them batch by batch.
std::vector<std::string> lines(const std::vector<Problem>& found) {
  std::vector<std::string> out;
  for (const Problem& p : found)
    out.push_back(p.kind + " | " + p.feature + " | " + p.message + " | " + toString(p.severity) +
                  (p.at ? " @" + std::to_string(p.at->x) + "," + std::to_string(p.at->y) : ""));
  std::sort(out.begin(), out.end());
  return out;
}

// What a plan is, index by index, so a check that moves things out and back can be seen to leave it as it was.
std::vector<std::string> fingerprint(const Plan& plan) {
  std::vector<std::string> out;
  for (const Grid& g : plan.grids)
    out.push_back(g.grid_id + " c" + std::to_string(g.community) + " " + std::to_string(area(g.shape)));
  for (const Unit& u : plan.units) out.push_back(u.unit_id + " g" + std::to_string(u.grid) + " " + std::to_string(area(u.shape)));
  for (const Piece& p : plan.pieces)
    out.push_back(p.piece_id + " b" + std::to_string(p.building) + " g" + std::to_string(p.grid) + " u" +
                  std::to_string(p.unit) + " " + std::to_string(area(p.cell)));
  for (const Building& b : plan.in.buildings)  // moved into a batch and back, source fields and all
    out.push_back(b.bld_id + " " + b.name + " " + b.community_id + " " + std::to_string(area(b.footprint)) + " " +
                  std::to_string(b.households) + " " + std::to_string(b.attrs.size()) + " " +
                  (b.attrs.empty() ? std::string() : b.attrs.front()));
  return out;
}

int communityOfPiece(const Plan& plan, const Piece& p) { return p.grid >= 0 ? plan.grids[p.grid].community : -1; }

TEST(VerifyBatches, TheTownHasSeveralCommunitiesToBatch) {
  EXPECT_GE(town().in.communities.size(), 3u);
  EXPECT_EQ(plan::countViolations(plan::check(town())), 0u);
}

// A clean plan: the same findings (notes included) whatever the batch size, and the plan as it was.
TEST(VerifyBatches, EveryBatchSizeFindsWhatTheWholeCheckFindsAndLeavesThePlanAsItWas) {
  Plan plan = town();
  const auto whole = lines(plan::check(plan));
  const auto before = fingerprint(plan);
  for (size_t batch : {size_t{0}, size_t{1}, size_t{100}, size_t{700}, plan.pieces.size()}) {
    SCOPED_TRACE("batch " + std::to_string(batch));
    EXPECT_EQ(lines(pipeline::checkInBatches(plan, batch)), whole);
    EXPECT_EQ(fingerprint(plan), before);
  }
}

// Violations planted in the first and the last community, attribute and geometric ones, are each found once.
TEST(VerifyBatches, ViolationsInSeveralBatchesAreFoundAsTheWholeCheckFindsThem) {
  Plan plan = town();
  const int last = static_cast<int>(plan.in.communities.size()) - 1;
  int first = -1, lastGrid = -1;
  for (size_t g = 0; g < plan.grids.size(); ++g) {
    if (plan.grids[g].community == 0 && first < 0) first = static_cast<int>(g);
    if (plan.grids[g].community == last) lastGrid = static_cast<int>(g);
  }
  ASSERT_GE(first, 0);
  ASSERT_GE(lastGrid, 0);
  plan.grids[first].households += 7;                                    // grid_households
  plan.grids[lastGrid].status = Status::Over;                           // status_bounds
  for (XY& q : plan.grids[lastGrid].shape.front().rings.front()) q.x += 40;  // outside, gaps and overlaps
  for (Unit& u : plan.units)
    if (u.grid == first) {
      u.shape.clear();  // unit_no_shape
      break;
    }
  const auto whole = lines(plan::check(plan));
  ASSERT_GE(whole.size(), 4u);
  EXPECT_EQ(lines(pipeline::checkInBatches(plan, 1)), whole);
  EXPECT_EQ(lines(pipeline::checkInBatches(plan, 500)), whole);
}

// Two grids of different communities (so different batches) with one code: named with their numbers in the
// whole plan, as the whole check names them.
TEST(VerifyBatches, AnIdSharedAcrossBatchesIsFoundWithItsNumbersInTheWholePlan) {
  Plan plan = town();
  plan.grids.back().grid_id = plan.grids.front().grid_id;
  plan.pieces.back().piece_id = plan.pieces.front().piece_id;
  const auto whole = lines(plan::check(plan));
  ASSERT_EQ(std::count_if(whole.begin(), whole.end(), [](const std::string& l) { return l.rfind("duplicate_id", 0) == 0; }),
            2);
  EXPECT_EQ(lines(pipeline::checkInBatches(plan, 1)), whole);
}

// The search for shared ids over the whole plan looks at each kind of id: a unit's, then a building's shared
// across batches is found as the whole check finds it.
TEST(VerifyBatches, AUnitOrBuildingIdSharedAcrossBatchesIsFound) {
  auto dupes = [](const std::vector<std::string>& ls) {
    return std::count_if(ls.begin(), ls.end(), [](const std::string& l) { return l.rfind("duplicate_id", 0) == 0; });
  };
  Plan units = town();
  units.units.back().unit_id = units.units.front().unit_id;
  const auto wholeUnits = lines(plan::check(units));
  ASSERT_EQ(dupes(wholeUnits), 1);
  EXPECT_EQ(lines(pipeline::checkInBatches(units, 1)), wholeUnits);
  Plan buildings = town();
  buildings.in.buildings.back().bld_id = buildings.in.buildings.front().bld_id;
  const auto wholeBuildings = lines(plan::check(buildings));
  ASSERT_EQ(dupes(wholeBuildings), 1);
  EXPECT_EQ(lines(pipeline::checkInBatches(buildings, 1)), wholeBuildings);
}

// A piece put in a unit of another community's grid: no batch holds both, so the whole plan is checked at once.
TEST(VerifyBatches, APieceInAnotherCommunitysUnitIsCheckedWithTheWholePlan) {
  Plan plan = town();
  Piece& p = plan.pieces.front();
  const int c = communityOfPiece(plan, p);
  for (size_t u = 0; u < plan.units.size(); ++u)
    if (plan.grids[plan.units[u].grid].community != c) {
      p.unit = static_cast<int>(u);
      break;
    }
  const auto whole = lines(plan::check(plan));
  ASSERT_TRUE(std::any_of(whole.begin(), whole.end(), [](const std::string& l) { return l.rfind("unit_grid_mismatch", 0) == 0; }));
  EXPECT_EQ(lines(pipeline::checkInBatches(plan, 1)), whole);
}

// Pieces of a building in no community (kept without a grid) and a grid naming no community are checked in a
// batch of their own.
TEST(VerifyBatches, PiecesAndGridsOfNoCommunityAreCheckedToo) {
  Plan plan = town();
  const int b = plan.pieces.front().building;
  plan.in.buildings[static_cast<size_t>(b)].community_id = "nowhere";
  for (Piece& p : plan.pieces)
    if (p.building == b) p.grid = -1, p.unit = -1;
  plan.grids.back().community = -1;
  const auto whole = lines(plan::check(plan));
  ASSERT_TRUE(std::any_of(whole.begin(), whole.end(), [](const std::string& l) { return l.rfind("piece_no_grid", 0) == 0; }));
  ASSERT_TRUE(std::any_of(whole.begin(), whole.end(), [](const std::string& l) { return l.rfind("grid_no_community", 0) == 0; }));
  EXPECT_EQ(lines(pipeline::checkInBatches(plan, 1)), whole);
}

// Two batches at a time on two threads: the same findings in the same order (not only the same set) as one
// thread checking batch after batch, violations in several batches included, and the plan left as it was.
TEST(VerifyBatches, TwoBatchesAtATimeFindTheSameInTheSameOrder) {
  Plan plan = town();
  const int last = static_cast<int>(plan.in.communities.size()) - 1;
  for (Grid& g : plan.grids)
    if (g.community == 0 || g.community == last) {
      g.households += 3;                                                // grid_households
      for (XY& q : g.shape.front().rings.front()) q.x += 25;            // outside, gaps and overlaps
    }
  for (Unit& u : plan.units) u.status = u.households % 2 ? Status::Over : u.status;  // status_bounds, everywhere
  const auto before = fingerprint(plan);
  for (size_t batch : {size_t{1}, size_t{500}, size_t{2000}}) {
    SCOPED_TRACE("batch " + std::to_string(batch));
    const std::vector<Problem> one = pipeline::checkInBatches(plan, batch, 1);
    ASSERT_GE(one.size(), 10u);
    for (int jobs : {2, 0}) {
      std::vector<std::string> a, b;
      for (const Problem& p : one) a.push_back(p.kind + " | " + p.feature + " | " + p.message);
      for (const Problem& p : pipeline::checkInBatches(plan, batch, jobs)) b.push_back(p.kind + " | " + p.feature + " | " + p.message);
      EXPECT_EQ(b, a) << jobs;  // unsorted: the order is the same
      EXPECT_EQ(fingerprint(plan), before) << jobs;
    }
  }
}

// The pipeline's self-check in batches of one community gives the plan the whole check gives.
TEST(VerifyBatches, APlanCheckedInBatchesIsThePlanCheckedWhole) {
  synth::SynthOptions so;
  so.households = 12000;
  so.seed = 3;
  so.awkward = true;
  pipeline::Options o;
  o.jobs = 2;
  o.created = "2026-01-01T00:00:00Z";
  o.check_batch_pieces = 0;
  const Plan whole = pipeline::buildPlan(synth::makeTownInputs(so), o);
  o.check_batch_pieces = 1;
  const Plan batched = pipeline::buildPlan(synth::makeTownInputs(so), o);
  EXPECT_EQ(fingerprint(batched), fingerprint(whole));
  EXPECT_EQ(lines(batched.problems.items()), lines(whole.problems.items()));
  EXPECT_EQ(batched.meta, whole.meta);
}

}  // namespace
}  // namespace gp
