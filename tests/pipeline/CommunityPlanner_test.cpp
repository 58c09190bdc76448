#include "geo/pipeline/CommunityPlanner.hpp"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <set>
#include <string>

#include "geo/partition/Partition.hpp"
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

}  // namespace
}  // namespace gp
