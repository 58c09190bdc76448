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

MultiPolygon rect(double x0, double y0, double x1, double y1) {
  return {Polygon{{Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}};
}

// A one-entrance tower of 462 households (33 floors × 14) mapped a second time as a record of 10 households
// on the same footprint (as in the Shanghai tilezen layer): both stand on one cell of 472. The grid level
// made that cell one node, because the second record is no floor range, and so one grid `over` whose reason
// named the tower's "one entrance"; its pieces are nodes of their own now, divided between two grids.
TEST(CommunityPlanner, PiecesOfBuildingsOnOneCellAboveTheGridMaximumDivideBetweenGrids) {
  Inputs in;
  Community c;
  c.community_id = "310101001001";
  c.area = rect(0, 0, 200, 200);
  c.households = 472;
  in.communities.push_back(c);
  for (auto [id, fp, hh, floors] : {std::tuple{"tower", rect(80, 80, 120, 110), 462, 33},
                                    std::tuple{"tower-copy", rect(80, 80, 120, 110), 10, 1}}) {
    Building b;
    b.bld_id = id;
    b.footprint = fp;
    b.households = hh;
    b.floors = floors;
    b.entrances = 1;
    b.entrances_estimated = false;
    b.community_id = c.community_id;
    in.buildings.push_back(b);
  }
  pipeline::Options o;
  o.jobs = 1;
  Plan plan = pipeline::buildPlan(in, o);
  ASSERT_EQ(plan.grids.size(), 2u);
  for (const Grid& g : plan.grids) EXPECT_EQ(g.status, Status::Ok) << g.grid_id << " " << g.households << " " << g.reason;
  auto found = plan::check(plan);
  EXPECT_EQ(plan::countViolations(found), 0u) << (found.empty() ? "" : found.front().message);
}

// A single floor above the grid maximum (a one-storey record of 450 households) is `over`, and its reason
// names that floor, the finest division there is, not "one entrance".
TEST(CommunityPlanner, AGridOverTheMaximumByOneFloorNamesTheFloor) {
  Inputs in;
  Community c;
  c.community_id = "310101001001";
  c.area = rect(0, 0, 200, 200);
  c.households = 450;
  in.communities.push_back(c);
  Building b;
  b.bld_id = "hall";
  b.footprint = rect(80, 80, 120, 110);
  b.households = 450;
  b.floors = 1;
  b.entrances = 1;
  b.entrances_estimated = false;
  b.community_id = c.community_id;
  in.buildings.push_back(b);
  pipeline::Options o;
  o.jobs = 1;
  Plan plan = pipeline::buildPlan(in, o);
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
  Inputs in;
  Community c;
  c.community_id = "310101001001";
  c.area = rect(0, 0, 300, 200);
  c.households = 630;
  in.communities.push_back(c);
  for (const char* id : {"block", "block-copy"}) {
    Building b;
    b.bld_id = id;
    b.footprint = rect(40, 80, 260, 100);
    b.households = 315;
    b.floors = 31;
    b.entrances = 4;
    b.entrances_estimated = false;
    b.community_id = c.community_id;
    in.buildings.push_back(b);
  }
  pipeline::Options o;
  o.jobs = 1;
  Plan plan = pipeline::buildPlan(in, o);
  ASSERT_GE(plan.grids.size(), 2u);
  for (const Grid& g : plan.grids) EXPECT_EQ(g.status, Status::Ok) << g.grid_id << " " << g.households << " " << g.reason;
  auto found = plan::check(plan);
  EXPECT_EQ(plan::countViolations(found), 0u) << (found.empty() ? "" : found.front().message);
}

}  // namespace
}  // namespace gp
