#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "geo/io/PlanFile.hpp"
#include "tests/plan/SamplePlan.hpp"
#include "tests/support/TestSupport.hpp"

using gp::test::q;
using gp::test::runGridplan;

namespace {

std::string writeSample(const std::filesystem::path& dir, void (*edit)(gp::Plan&) = nullptr) {
  gp::Plan p = gp::test::samplePlan();
  if (edit) edit(p);
  auto path = (dir / "plan.gpkg").string();
  gp::io::writePlan(p, path);
  return path;
}

}  // namespace

TEST(CliCheck, CleanPlanExitsZero) {
  auto path = writeSample(gp::test::tempDir("clean"));
  auto r = runGridplan("check " + q(path));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("no violations"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 grids, 6 units"), std::string::npos) << r.out;
}

TEST(CliCheck, ViolationsExitOneAndNameTheirFeature) {
  auto path = writeSample(gp::test::tempDir("bad"), [](gp::Plan& p) {
    p.grids[1].shape = gp::test::rect(100, 0, 190, 100);  // a gap
    p.grids[0].households = 71;                          // a wrong sum
  });
  auto r = runGridplan("check " + q(path));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("coverage_gap  community 320508019044"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("grid_households  grid 320508019044001"), std::string::npos) << r.out;
}

TEST(CliCheck, JsonListsViolationsAndCounts) {
  auto path = writeSample(gp::test::tempDir("json"), [](gp::Plan& p) {
    auto shape = gp::test::rect(200, 0, 240, 100);
    shape.push_back(gp::test::rect(260, 0, 300, 100)[0]);
    p.grids[2].shape = shape;  // disconnected, and leaves a gap
  });
  auto r = runGridplan("check " + q(path) + " --json 2>/dev/null");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j["violations"].is_array());
  bool disconnected = false;
  for (auto& v : j["violations"]) {
    for (const char* k : {"kind", "severity", "feature", "message"}) EXPECT_TRUE(v.contains(k)) << k;
    if (v["kind"] == "grid_disconnected" && v["feature"] == "grid 320508019045001") disconnected = true;
  }
  EXPECT_TRUE(disconnected) << r.out;
  EXPECT_EQ(j["counts"]["violations"].get<size_t>(), j["violations"].size());
  EXPECT_EQ(j["counts"]["grids"], 3);
  EXPECT_EQ(j["counts"]["by_kind"]["grid_disconnected"], 1);

  auto clean = runGridplan("check " + q(writeSample(gp::test::tempDir("jsonclean"))) + " --json");
  EXPECT_EQ(clean.exit_code, 0) << clean.out;
  EXPECT_EQ(nlohmann::json::parse(clean.out)["counts"]["violations"], 0);
}

TEST(CliCheck, UnreadablePlansExitTwoNamingTheProblem) {
  auto dir = gp::test::tempDir("unreadable");
  auto r = runGridplan("check " + q((dir / "missing.gpkg").string()));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("missing.gpkg"), std::string::npos) << r.out;

  { std::ofstream(dir / "notes.gpkg") << "just text"; }
  r = runGridplan("check " + q((dir / "notes.gpkg").string()));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("not a GeoPackage"), std::string::npos) << r.out;

  auto path = writeSample(dir);
  {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    for (int i = 0; i < ds->GetLayerCount(); ++i)
      if (std::string(ds->GetLayer(i)->GetName()) == "grids") ds->DeleteLayer(i);
  }
  r = runGridplan("check " + q(path));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("'grids'"), std::string::npos) << r.out;

  r = runGridplan("check");
  EXPECT_EQ(r.exit_code, 2) << r.out;
}
