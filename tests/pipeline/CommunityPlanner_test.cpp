#include "geo/pipeline/CommunityPlanner.hpp"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <tuple>

#include "geo/partition/Partition.hpp"
#include "geo/plan/Check.hpp"
#include "geo/pipeline/Pipeline.hpp"
#include "geo/synth/Synth.hpp"
#include "tests/pipeline/Fixtures.hpp"

namespace gp {
namespace {

struct Seen {
  std::string noun;
  long households = 0;
  int nodes = 0;
};

// Options::partition_input is shown each community's grid-level graph (named by the community code) and each
// grid's unit-level graph (named by the grid code), and watching changes nothing in the plan.
TEST(CommunityPlanner, PartitionInputSeesEveryGridAndUnitGraph) {
  synth::SynthOptions so;
  so.households = 3000;
  so.seed = 4;
  pipeline::Options opt;
  opt.jobs = 2;
  opt.created = "2026-01-01T00:00:00Z";
  const Plan quiet = pipeline::buildPlan(synth::makeTownInputs(so), opt);

  std::mutex m;
  std::multimap<std::string, Seen> seen;
  opt.partition_input = [&](const partition::Graph& g, const partition::Config& cfg, const std::string& name) {
    Seen s{cfg.noun, 0, g.size()};
    for (int32_t w : g.weight) s.households += w;
    std::lock_guard<std::mutex> lock(m);
    seen.emplace(name, s);
  };
  const Plan watched = pipeline::buildPlan(synth::makeTownInputs(so), opt);

  ASSERT_EQ(watched.pieces.size(), quiet.pieces.size());
  for (size_t i = 0; i < quiet.pieces.size(); ++i) {
    EXPECT_EQ(watched.pieces[i].grid, quiet.pieces[i].grid) << quiet.pieces[i].piece_id;
    EXPECT_EQ(watched.pieces[i].unit, quiet.pieces[i].unit) << quiet.pieces[i].piece_id;
  }
  std::map<std::string, long> communityHH;
  for (const Building& b : watched.in.buildings)
    if (!b.dedicated) communityHH[b.community_id] += b.households;
  int gridGraphs = 0;
  for (const auto& [name, s] : seen) {
    ASSERT_TRUE(s.noun == "grid" || s.noun == "unit") << name << ": " << s.noun;
    EXPECT_GT(s.nodes, 0) << name;
    if (s.noun == "grid") {
      ++gridGraphs;
      ASSERT_TRUE(communityHH.count(name)) << name << " is not a community code";
      EXPECT_EQ(s.households, communityHH[name]) << name;
    }
  }
  EXPECT_GT(gridGraphs, 0);
  for (const Grid& g : watched.grids)
    if (g.households > 0) {
      auto it = seen.find(g.grid_id);
      ASSERT_NE(it, seen.end()) << "no unit graph shown for grid " << g.grid_id;
      EXPECT_EQ(it->second.noun, "unit") << g.grid_id;
    }
}

using test::building;
using test::rect;

// The grids holding each building's pieces, by building index.
std::map<int, std::set<int>> gridsOfBuildings(const Plan& plan) {
  std::map<int, std::set<int>> grids;
  for (const Piece& p : plan.pieces) grids[p.building].insert(p.grid);
  return grids;
}

// A one-entrance tower of 462 households (33 floors × 14) mapped a second time as a record of 10 households
// on the same footprint (as in the Shanghai tilezen layer): both stand on one cell of 472. The grid level
// made that cell one node, because the second record is no floor range, and so one grid `over` whose reason
// named the tower's "one entrance"; its pieces are nodes of their own now, divided between two grids.
TEST(CommunityPlanner, PiecesOfBuildingsOnOneCellAboveTheGridMaximumDivideBetweenGrids) {
  const Plan plan = pipeline::buildPlan(test::oneCommunity(rect(0, 0, 200, 200),
                                                           {building("tower", rect(80, 80, 120, 110), 462, 33),
                                                            building("tower-copy", rect(80, 80, 120, 110), 10, 1)}),
                                        test::oneJob());
  ASSERT_EQ(plan.grids.size(), 2u);
  test::expectGridsOk(plan);
  test::expectCleanCheck(plan);
}

// A single floor above the grid maximum (a one-storey record of 450 households) is `over`, and its reason
// names that floor, the finest division there is, not "one entrance".
TEST(CommunityPlanner, AGridOverTheMaximumByOneFloorNamesTheFloor) {
  const Plan plan = pipeline::buildPlan(
      test::oneCommunity(rect(0, 0, 200, 200), {building("hall", rect(80, 80, 120, 110), 450, 1)}), test::oneJob());
  ASSERT_EQ(plan.grids.size(), 1u);
  EXPECT_EQ(plan.grids[0].status, Status::Over);
  EXPECT_NE(plan.grids[0].reason.find("floor 1 alone holds 450 households"), std::string::npos) << plan.grids[0].reason;
  EXPECT_EQ(plan.grids[0].reason.find("entrance:"), std::string::npos) << plan.grids[0].reason;
}

// A walk-up of 4 entrances and 315 households mapped twice (two identical footprints, as in the Shanghai
// tilezen layer): each building is below the grid maximum, so the grid level kept each whole, and the copy's
// pieces, standing on the same cells, rode in the first building's node: one grid of 630 `over`, whose reason
// said that one building alone held them. Its cells are nodes of their own now (two entrances' cells a grid).
TEST(CommunityPlanner, ABuildingMappedTwiceBelowTheGridMaximumEachDividesByEntrances) {
  const Plan plan = pipeline::buildPlan(test::oneCommunity(rect(0, 0, 300, 200),
                                                           {building("block", rect(40, 80, 260, 100), 315, 31, 4),
                                                            building("block-copy", rect(40, 80, 260, 100), 315, 31, 4)}),
                                        test::oneJob());
  ASSERT_GE(plan.grids.size(), 2u);
  test::expectGridsOk(plan);
  test::expectCleanCheck(plan);
}

// A one-entrance tower of 462 households (33 floors × 14) among 12 walk-ups of 20: more than one grid may hold,
// so its floor ranges, stacked on its cell, are nodes of their own at the grid level. Every range was adjacent
// to every other and to the walk-ups, so a grid could take floors 1-2 and 17-18 and leave 3-16 to another, or
// spread the tower over three grids. The ranges are a chain now: each grid holds one contiguous run of the
// tower's floors, and the tower is in two grids.
TEST(CommunityPlanner, ATowerAboveTheGridMaximumDividesIntoContiguousRunsOfFloors) {
  std::vector<Building> buildings{building("tower", rect(130, 130, 170, 160), 462, 33)};
  for (int i = 0; i < 12; ++i) {
    const double x = 10 + 48 * (i % 6), y = i < 6 ? 20 : 260;
    buildings.push_back(building(std::string("w").append(std::to_string(i)), rect(x, y, x + 36, y + 14), 20, 5));
  }
  const Plan plan = pipeline::buildPlan(test::oneCommunity(rect(0, 0, 300, 300), buildings), test::oneJob());
  test::expectGridsOk(plan);
  test::expectFloorsTogether(plan);
  test::expectCleanCheck(plan);
  EXPECT_EQ(gridsOfBuildings(plan)[0].size(), 2u);
}

// Shanghai's 95号楼: an entrance of 71 households between two one-entrance towers of 348 (29 floors × 12), each
// below the grid maximum and so one node. The small entrance fitted with neither (419 is over), and was a grid
// of its own below the minimum, though its reason showed the fix: some of a tower's floors go with it. Where
// an area is left in exceptions, the grid level now tries once more with the floor ranges of its cells and of
// their neighbours as nodes of their own: one tower's lower floors join the small entrance.
Inputs smallEntranceBetweenTowers() {
  return test::oneCommunity(rect(0, 0, 300, 100), {building("tower-w", rect(20, 40, 90, 60), 348, 29),
                                                   building("small", rect(120, 40, 180, 60), 71, 6),
                                                   building("tower-e", rect(210, 40, 280, 60), 348, 29)});
}

TEST(CommunityPlanner, ASmallEntranceBetweenTwoTowersTakesSomeOfOneTowersFloors) {
  const Plan plan = pipeline::buildPlan(smallEntranceBetweenTowers(), test::oneJob());
  test::expectGridsOk(plan);
  test::expectFloorsTogether(plan);
  test::expectCleanCheck(plan);
  EXPECT_EQ(plan.grids.size(), 3u);
  EXPECT_EQ(gridsOfBuildings(plan)[1].size(), 1u);
}

// `--split-entrances never` keeps every entrance's floors in one grid, so that try is not made: the small
// entrance stays a grid of its own, off the bounds, and the plan still passes `check`.
TEST(CommunityPlanner, WithEntrancesKeptWholeTheTowersFloorsStayInOneGrid) {
  pipeline::Options opt = test::oneJob();
  opt.split_entrances = false;
  const Plan plan = pipeline::buildPlan(smallEntranceBetweenTowers(), opt);
  test::expectCleanCheck(plan);
  for (const auto& [building, grids] : gridsOfBuildings(plan)) EXPECT_EQ(grids.size(), 1u) << "building " << building;
  int off = 0;
  for (const Grid& g : plan.grids) off += g.status != Status::Ok;
  EXPECT_EQ(off, 1);
}

}  // namespace
}  // namespace gp
