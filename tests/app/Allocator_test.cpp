// The batch commands keep freed pages in jemalloc (decay off); the studio and the rest keep its default.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/TestSupport.hpp"

using gp::test::q;

namespace {

// jemalloc's statistics at exit, printed by the allocator itself when MALLOC_CONF asks for them.
std::string allocatorStats(const std::string& args) {
  return gp::test::runShell("MALLOC_CONF=stats_print:true " + q(GRIDPLAN_BINARY) + " " + args).out;
}

}  // namespace

TEST(Allocator, PartitionKeepsFreedPagesAndOtherCommandsKeepTheDefault) {
  const std::string version = allocatorStats("--version");
  if (version.find("Run-time option settings") == std::string::npos)
    GTEST_SKIP() << "this gridplan is not built on jemalloc (GP_JEMALLOC=OFF or a sanitizer build)";
  EXPECT_NE(version.find("arenas.dirty_decay_ms: 10000"), std::string::npos) << version;

  auto dir = gp::test::tempDir("allocator");
  auto p = dir / "b.geojson";
  std::ofstream(p) << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32651"}},
    "features":[{"type":"Feature","properties":{"households":25},"geometry":{"type":"Polygon","coordinates":[[[0,0],[20,0],[20,20],[0,20],[0,0]]]}}]})";
  const std::string partition =
      allocatorStats("partition -o " + q((dir / "plan.gpkg").string()) + " --buildings " + q(p.string()));
  EXPECT_NE(partition.find("arenas.dirty_decay_ms: -1"), std::string::npos) << partition;
  EXPECT_NE(partition.find("arenas.muzzy_decay_ms: -1"), std::string::npos) << partition;
}
