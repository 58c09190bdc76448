#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <fstream>

#include "geo/io/PlanFile.hpp"
#include "tests/plan/SamplePlan.hpp"
#include "tests/support/TestSupport.hpp"

using gp::test::q;
using gp::test::runGridplan;
namespace fs = std::filesystem;

namespace {

std::string writeSample(const fs::path& dir) {
  auto path = (dir / "plan.gpkg").string();
  gp::io::writePlan(gp::test::samplePlan(), path);
  return path;
}

long long features(const fs::path& p) {
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open(p.c_str(), GDAL_OF_VECTOR));
  return ds ? ds->GetLayer(0)->GetFeatureCount() : -1;
}

}  // namespace

TEST(CliExport, EveryFormatReadsBack) {
  auto dir = gp::test::tempDir("all");
  auto plan = writeSample(dir);

  auto r = runGridplan("export " + q(plan) + " --format csv -o " + q((dir / "a.csv").string()));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("a.csv"), std::string::npos) << r.out;
  EXPECT_EQ(features(dir / "a.csv"), 10);

  r = runGridplan("export " + q(plan) + " --format xlsx -o " + q((dir / "plan.xlsx").string()));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(features(dir / "plan.xlsx"), 3) << "the first sheet, 网格台账, has a row per grid";

  r = runGridplan("export " + q(plan) + " --format geojson -o " + q((dir / "gj").string()));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(features(dir / "gj" / "grids.geojson"), 3);
  EXPECT_EQ(features(dir / "gj" / "units.geojson"), 6);

  r = runGridplan("export " + q(plan) + " --format shp -o " + q((dir / "shp").string()));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(features(dir / "shp" / "grids.shp"), 3);
  EXPECT_EQ(features(dir / "shp" / "units.shp"), 6);

  r = runGridplan("export " + q(plan) + " --format metis -o " + q((dir / "town.graph").string()));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::ifstream g(dir / "town.graph");
  std::string header;
  std::getline(g, header);
  EXPECT_EQ(header, "10 15 010");
  EXPECT_TRUE(fs::exists(dir / "town.graph.xy"));
}

TEST(CliExport, BadArgumentsAndInputsExitTwo) {
  auto dir = gp::test::tempDir("bad");
  auto plan = writeSample(dir);
  auto r = runGridplan("export " + q(plan) + " --format kml -o " + q((dir / "x.kml").string()));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  r = runGridplan("export " + q((dir / "none.gpkg").string()) + " --format csv -o " + q((dir / "x.csv").string()));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("none.gpkg"), std::string::npos) << r.out;
  r = runGridplan("export " + q(plan) + " --format csv -o " + q((dir / "no" / "such" / "x.csv").string()));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("does not exist"), std::string::npos) << r.out;
}
