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

// Issue 14: `export -o PG:…` wrote a local file named after the connection string, password and all. Every
// output is a file: a connection string is refused with exit 2 (as `partition -o`, `inspect --out` and
// `signs -o/--atlas` refuse it) and its password never shows.
TEST(CliExport, DatabaseOutputIsRefused) {
  auto dir = gp::test::tempDir("pg");
  auto plan = writeSample(dir);
  for (const char* f : {"csv", "xlsx", "shp", "metis"}) {
    auto r = gp::test::runShell("cd " + q(dir.string()) + " && " + q(GRIDPLAN_BINARY) + " export " + q(plan) +
                                " --format " + f + " -o 'PG:dbname=town user=gis password=s3cret'");
    EXPECT_EQ(r.exit_code, 2) << f << "\n" << r.out;
    EXPECT_NE(r.out.find("-o PG:dbname=town user=gis password=***"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("ogr2ogr"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("s3cret"), std::string::npos) << r.out;
  }
  auto s = gp::test::runShell("cd " + q(dir.string()) + " && " + q(GRIDPLAN_BINARY) + " signs " + q(plan) +
                              " --atlas 'PG:dbname=town password=s3cret'");
  EXPECT_EQ(s.exit_code, 2) << s.out;
  EXPECT_EQ(s.out.find("s3cret"), std::string::npos) << s.out;
  for (auto& e : fs::directory_iterator(dir))
    EXPECT_NE(e.path().filename().string().rfind("PG:", 0), 0u) << "wrote a local file " << e.path();
}

// Issue 14, point 7: `--encoding GBK` gives a GBK .dbf for older tools, and the export says what it renamed;
// an encoding for a format without a code page to choose is an argument error.
TEST(CliExport, ShapefileInGbkSaysWhatItRenamed) {
  auto dir = gp::test::tempDir("gbk");
  auto plan = writeSample(dir);
  auto r = runGridplan("export " + q(plan) + " --format shp --encoding GBK -o " + q((dir / "shp").string()));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("field_renamed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("worker_name → worker"), std::string::npos) << r.out;
  std::ifstream cpg(dir / "shp" / "grids.cpg");
  std::string cp;
  std::getline(cpg, cp);
  EXPECT_EQ(cp, "CP936");
  GDALAllRegister();
  const char* openOpts[] = {"ENCODING=CP936", nullptr};
  GDALDatasetUniquePtr ds(
      GDALDataset::Open((dir / "shp" / "grids.shp").c_str(), GDAL_OF_VECTOR, nullptr, openOpts));
  ASSERT_TRUE(ds);
  OGRFeatureUniquePtr f(ds->GetLayer(0)->GetNextFeature());
  EXPECT_STREQ(f->GetFieldAsString("name"), "沧浪一网格");
  EXPECT_STREQ(f->GetFieldAsString("worker"), "张三");

  r = runGridplan("export " + q(plan) + " --format csv --encoding GBK -o " + q((dir / "a.csv").string()));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--format shp"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir / "a.csv"));
  r = runGridplan("export " + q(plan) + " --format shp --encoding latin9 -o " + q((dir / "x").string()));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_FALSE(fs::exists(dir / "x"));
}
