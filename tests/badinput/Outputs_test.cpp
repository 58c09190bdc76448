// Issue 11, class 3: no output may destroy an input (same device and inode: links and ./ do not fool it; exit 2,
// nothing written). Class 7: temp names within 255 bytes, stale temp files of a killed run removed by the next run
// to the same path, a read-only output never replaced silently.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "geo/core/AtomicFile.hpp"
#include "tests/badinput/BadInputSupport.hpp"

using namespace gp::badinput;
using gp::test::q;

namespace {

Town writeTown(const Case& c, const std::string& file = "b.gpkg") {
  Town t = town(12, 30);
  writeLayer(c.in(file), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  return t;
}

// A plan under in/ for the commands that read one.
void writePlanInput(const Case& c) {
  writeTown(c, "src.gpkg");
  auto r = c.run("partition -q -o in/plan.gpkg --buildings in/src.gpkg");
  ASSERT_EQ(r.exit_code, 0) << r.out;
}

}  // namespace

TEST(Outputs, PartitionOverItsBuildingsIsRefused) {
  Case c("over-buildings");
  writeTown(c);
  c.snapshot();
  auto r = c.run("partition -o in/b.gpkg --buildings in/b.gpkg");
  expectOutcome(c, r, 2, {"-o in/b.gpkg", "--buildings", "destroy"}, -1, {});
}

TEST(Outputs, PartitionOverAHardLinkOfItsBuildingsIsRefused) {
  Case c("hardlink");
  writeTown(c);
  fs::create_hard_link(c.in("b.gpkg"), c.out("link.gpkg"));
  c.snapshot();
  auto r = c.run("partition -o out/link.gpkg --buildings in/b.gpkg");
  expectOutcome(c, r, 2, {"out/link.gpkg", "--buildings in/b.gpkg"}, -1, {});
}

TEST(Outputs, PartitionOverASymlinkOfItsBuildingsIsRefused) {
  Case c("symlink");
  writeTown(c);
  fs::create_symlink(c.in("b.gpkg"), c.out("link.gpkg"));
  c.snapshot();
  auto r = c.run("partition -o out/link.gpkg --buildings in/b.gpkg");
  expectOutcome(c, r, 2, {"out/link.gpkg", "--buildings"}, -1, {});
}

TEST(Outputs, PartitionOverADotDotPathOfItsBuildingsIsRefused) {
  Case c("dotdot");
  writeTown(c);
  c.snapshot();
  auto r = c.run("partition -o ./out/../in/./b.gpkg --buildings in/b.gpkg");
  expectOutcome(c, r, 2, {"--buildings"}, -1, {});
}

TEST(Outputs, PartitionOverItsCommunitiesIsRefused) {
  Case c("over-communities");
  writeTown(c);
  writeLayer(c.in("c.gpkg"), "GPKG", "c", kEpsg, wkbPolygon, {{"community_id", OFTString}},
             {{rect(kX0 - 100, kY0 - 100, 400, 400), {"320508019044"}}});
  c.snapshot();
  auto r = c.run("partition -o in/c.gpkg --buildings in/b.gpkg --communities in/c.gpkg");
  expectOutcome(c, r, 2, {"--communities in/c.gpkg"}, -1, {});
}

TEST(Outputs, PartitionOverItsBarriersIsRefused) {
  Case c("over-barriers");
  writeTown(c);
  writeLayer(c.in("r.gpkg"), "GPKG", "roads", kEpsg, wkbLineString, {{"name", OFTString}},
             {{"LINESTRING (499990 3449900,499990 3450200)", {"路"}}});
  c.snapshot();
  auto r = c.run("partition -o in/r.gpkg --buildings in/b.gpkg --barriers in/r.gpkg");
  expectOutcome(c, r, 2, {"--barriers in/r.gpkg"}, -1, {});
}

TEST(Outputs, PartitionOverItsBasePlanIsRefused) {
  Case c("over-base");
  writePlanInput(c);
  c.snapshot();
  auto r = c.run("partition -o in/plan.gpkg --buildings in/src.gpkg --base in/plan.gpkg");
  expectOutcome(c, r, 2, {"--base in/plan.gpkg"}, -1, {});
}

TEST(Outputs, PartitionOverItsHouseholdPointsIsRefused) {
  Case c("over-points");
  writeTown(c);
  writeLayer(c.in("h.gpkg"), "GPKG", "h", kEpsg, wkbPoint, {{"hh_id", OFTString}}, {{"POINT (500005 3450005)", {"H1"}}});
  c.snapshot();
  auto r = c.run("partition -o in/h.gpkg --buildings in/b.gpkg --household-points in/h.gpkg");
  expectOutcome(c, r, 2, {"--household-points in/h.gpkg"}, -1, {});
}

TEST(Outputs, PlanAsShapefileIsRefused) {
  Case c("plan-shp");
  writeTown(c);
  c.snapshot();
  auto r = c.run("partition -o out/plan.shp --buildings in/b.gpkg");
  expectOutcome(c, r, 2, {"out/plan.shp", ".gpkg", "export"}, -1, c.out("plan.shp"));
}

TEST(Outputs, PlanOverAnInputShapefilesDbfIsRefused) {
  Case c("plan-dbf");
  Town t = town(12, 30);
  writeLayer(c.in("b.shp"), "ESRI Shapefile", "b", kEpsg, wkbPolygon, t.fields, t.feats);
  c.snapshot();
  auto r = c.run("partition -o in/b.dbf --buildings in/b.shp");
  expectOutcome(c, r, 2, {"in/b.dbf"}, -1, {});
}

TEST(Outputs, InspectOutOverItsBuildingsIsRefused) {
  Case c("inspect-over");
  writeTown(c);
  c.snapshot();
  auto r = c.run("inspect --buildings in/b.gpkg --out ./in/b.gpkg");
  expectOutcome(c, r, 2, {"--out ./in/b.gpkg", "--buildings"}, -1, {});
}

TEST(Outputs, ExportOverThePlanIsRefused) {
  Case c("export-over");
  writePlanInput(c);
  c.snapshot();
  auto r = c.run("export in/plan.gpkg --format csv -o in/plan.gpkg");
  expectOutcome(c, r, 2, {"-o in/plan.gpkg", "plan"}, -1, {});
}

TEST(Outputs, MetisExportWhoseSidecarIsThePlanIsRefused) {
  Case c("export-metis");
  writePlanInput(c);
  fs::rename(c.in("plan.gpkg"), c.in("g.graph.xy"));
  c.snapshot();
  auto r = c.run("export in/g.graph.xy --format metis -o in/g.graph");
  expectOutcome(c, r, 2, {"in/g.graph.xy"}, -1, {});
  EXPECT_FALSE(fs::exists(c.in("g.graph")));
}

TEST(Outputs, SignsAtlasOverThePlanIsRefused) {
  Case c("signs-over");
  writePlanInput(c);
  c.snapshot();
  auto r = c.run("signs in/plan.gpkg --atlas in/plan.gpkg");
  expectOutcome(c, r, 2, {"--atlas in/plan.gpkg", "plan"}, -1, {});
}

TEST(Outputs, LongChineseFileNameIsWritten) {
  // 82 Chinese characters: 246 bytes + ".gpkg" fits in 255, but ".<name>.tmp-<pid>-<n>.gpkg" did not.
  Case c("long-name");
  Town t = writeTown(c);
  std::string name;
  for (int i = 0; i < 82; ++i) name += "网";
  name += ".gpkg";
  ASSERT_LE(name.size(), 255u);
  c.snapshot();
  auto r = c.run("partition -o " + q("out/" + name) + " --buildings in/b.gpkg");
  expectOutcome(c, r, 0, {}, t.households, c.out(name));
  EXPECT_TRUE(fs::exists(c.out(name)));
  auto e = c.run("export " + q("out/" + name) + " --format csv -o " + q("out/" + name.substr(0, 246) + ".csv"));
  EXPECT_EQ(e.exit_code, 0) << e.out;
}

TEST(Outputs, TempFilesOfAKilledRunAreRemovedByTheNextRun) {
  Case c("stale");
  Town t = writeTown(c);
  // A process that has ended: its pid names the temp files a killed run would have left.
  pid_t dead = fork();
  if (dead == 0) _exit(0);
  waitpid(dead, nullptr, 0);
  fs::path target = c.out("plan.gpkg");
  std::string mine = gp::tempPathFor(target, ".gpkg").filename().string();
  std::string prefix = mine.substr(0, mine.find(".tmp-") + 5);
  fs::path staleFile = c.out(prefix + std::to_string(dead) + "-0.gpkg");
  fs::path staleJournal = c.out(prefix + std::to_string(dead) + "-0.gpkg-journal");
  fs::path live = c.out(prefix + std::to_string(::getpid()) + "-99.gpkg");  // a run still going: kept
  for (const auto& p : {staleFile, staleJournal, live}) std::ofstream(p) << "half a plan";
  c.snapshot();
  auto r = c.run("partition -q -o out/plan.gpkg --buildings in/b.gpkg");
  expectOutcome(c, r, 0, {}, t.households, target);
  EXPECT_FALSE(fs::exists(staleFile));
  EXPECT_FALSE(fs::exists(staleJournal));
  EXPECT_TRUE(fs::exists(live));
}

TEST(Outputs, ReadOnlyPlanIsNotReplaced) {
  Case c("readonly");
  writeTown(c);
  std::ofstream(c.out("plan.gpkg")) << "an earlier plan, kept on purpose";
  fs::permissions(c.out("plan.gpkg"), fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  c.snapshot();
  auto r = c.run("partition -o out/plan.gpkg --buildings in/b.gpkg");
  expectOutcome(c, r, 2, {"out/plan.gpkg", "read-only"}, -1, {});
  std::ifstream f(c.out("plan.gpkg"));
  std::string kept((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  EXPECT_EQ(kept, "an earlier plan, kept on purpose");
}

TEST(Outputs, ReadOnlyCsvIsNotReplaced) {
  Case c("readonly-csv");
  writePlanInput(c);
  std::ofstream(c.out("a.csv")) << "kept";
  fs::permissions(c.out("a.csv"), fs::perms::owner_read);
  c.snapshot();
  auto r = c.run("export in/plan.gpkg --format csv -o out/a.csv");
  expectOutcome(c, r, 2, {"out/a.csv", "read-only"}, -1, {});
}

TEST(Outputs, SignFileOverAnInputIsRefused) {
  // -o DIR writes DIR/<grid_id>.png: here that is the roster of the same run (read as CSV whatever its name).
  Case c("sign-file-over");
  writePlanInput(c);
  std::string id;
  {
    GDALDatasetUniquePtr ds(GDALDataset::Open(c.in("plan.gpkg").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    OGRLayer* grids = ds->GetLayerByName("grids");
    ASSERT_TRUE(grids);
    OGRFeatureUniquePtr f(grids->GetNextFeature());
    ASSERT_TRUE(f);
    id = f->GetFieldAsString("grid_id");
  }
  fs::create_directories(c.in("signs"));
  std::string roster = "in/signs/" + id + ".png";
  {
    std::ofstream r(c.dir() / roster);
    r << "grid_id,worker_name,worker_phone\n" << id << ",张三,13912345678\n";
  }
  c.snapshot();
  auto r = c.run("signs in/plan.gpkg -o in/signs --format png --roster " + roster);
  expectOutcome(c, r, 2, {roster, "--roster"}, -1, {});
}
