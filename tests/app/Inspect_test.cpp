// `gridplan inspect` run as a planner would: totals, CRS, problems, exit codes, --out.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <fstream>

#include "tests/support/TestSupport.hpp"

using gp::test::q;
using gp::test::runGridplan;
using gp::test::sharedData;

namespace {
bool has(const std::string& out, const std::string& what) { return out.find(what) != std::string::npos; }
}  // namespace

TEST(Inspect, GbkShapefileTotalsAndOut) {
  GP_REQUIRE_SHARED_DATA();
  auto dir = gp::test::tempDir("gbk");
  auto out = dir / "in.gpkg";
  auto r = runGridplan("inspect --buildings " + q((sharedData() / "shanghai_gbk/buildings_gbk.shp").string()) +
                       " --out " + q(out.string()));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(has(r.out, "total households: 139,847")) << r.out;
  EXPECT_TRUE(has(r.out, "Buildings: 696")) << r.out;
  // The layer has no bld_id field: inspect says the ids come from the footprints (issue 14, point 4).
  EXPECT_TRUE(has(r.out, "ids: made from each footprint")) << r.out;
  EXPECT_TRUE(has(r.out, "Metric CRS: EPSG:4549")) << r.out;
  EXPECT_TRUE(has(r.out, "EPSG:4490  696 features")) << r.out;
  EXPECT_TRUE(has(r.out, "non-residential buildings (0 households): 39")) << r.out;

  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open(out.string().c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  OGRLayer* b = ds->GetLayerByName("buildings");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->GetFeatureCount(), 696);
  OGRFeatureDefn* d = b->GetLayerDefn();
  for (const char* f : {"bld_id", "households", "hh_source", "floors", "entrances", "community_id", "compound_id", "楼号",
                        "户数"})
    EXPECT_GE(d->GetFieldIndex(f), 0) << f;
  long long sum = 0;
  for (auto& f : *b) sum += f->GetFieldAsInteger("households");
  EXPECT_EQ(sum, 139847);
  EXPECT_NE(ds->GetLayerByName("communities"), nullptr);
  EXPECT_NE(ds->GetLayerByName("problems"), nullptr);
  EXPECT_FALSE(std::filesystem::exists(out.string() + ".tmp"));
}

TEST(Inspect, EveryRealDatasetLoads) {
  GP_REQUIRE_SHARED_DATA();
  auto d = sharedData();
  auto cad = runGridplan("inspect --buildings " + q((d / "catastro_tenerife/cons.shp").string()));
  EXPECT_EQ(cad.exit_code, 0) << cad.out;
  EXPECT_TRUE(has(cad.out, "total households: 298")) << cad.out;
  EXPECT_TRUE(has(cad.out, "Metric CRS: EPSG:32628")) << cad.out;
  auto spb = runGridplan("inspect --buildings " + q((d / "spb_vasileostrovsky.gpkg").string()));
  EXPECT_EQ(spb.exit_code, 0) << spb.out;
  EXPECT_TRUE(has(spb.out, "Buildings: 4,101")) << spb.out;
  EXPECT_TRUE(has(spb.out, "estimate     4,101 buildings")) << spb.out;
  auto hel = runGridplan("inspect --buildings " + q((d / "helsinki.osm.pbf").string()) + " --barriers " +
                         q((d / "helsinki.osm.pbf").string()));
  EXPECT_EQ(hel.exit_code, 0) << hel.out;
  EXPECT_TRUE(has(hel.out, "Metric CRS: EPSG:32635")) << hel.out;
  EXPECT_TRUE(has(hel.out, "494 features")) << hel.out;
  EXPECT_TRUE(has(hel.out, "invalid_geometry")) << hel.out;
  auto sh = runGridplan("inspect --buildings " + q((d / "shanghai_tilezen.gpkg").string()));
  EXPECT_EQ(sh.exit_code, 0) << sh.out;
  EXPECT_TRUE(has(sh.out, "not_polygon ×409")) << sh.out;
  EXPECT_TRUE(has(sh.out, "… and 406 more")) << sh.out;
}

TEST(Inspect, UnusableInputExitsTwoNamingTheThing) {
  auto r = runGridplan("inspect --buildings /no/such/buildings.shp");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(has(r.out, "/no/such/buildings.shp: the file does not exist")) << r.out;

  GP_REQUIRE_SHARED_DATA();
  auto spb = q((sharedData() / "spb_vasileostrovsky.gpkg").string());
  r = runGridplan("inspect --buildings " + spb + " --buildings-layer bildings");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(has(r.out, "Its layers are: buildings, blocks_aggr")) << r.out;
  EXPECT_TRUE(has(r.out, "Did you mean buildings?")) << r.out;

  r = runGridplan("inspect --buildings " + q((sharedData() / "shanghai_gbk/buildings_gbk.shp").string()) +
                  " --households-field " + q("户 数"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(has(r.out, "Did you mean 户数?")) << r.out;
  EXPECT_TRUE(has(r.out, "osm_id, 楼号, 层数, 户数")) << r.out;

  r = runGridplan("inspect --buildings " + spb + " --where " + q("storeys_count > 1000"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(has(r.out, "no usable building polygon")) << r.out;

  r = runGridplan("inspect --buildings " + spb + " --crs EPSG:4326");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(has(r.out, "not a projected CRS in metres")) << r.out;
}

TEST(Inspect, ErrorsInTheDataExitOne) {
  auto dir = gp::test::tempDir("bad");
  auto p = dir / "b.geojson";
  std::ofstream(p) << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32651"}},
    "features":[{"type":"Feature","properties":{"households":-4},"geometry":{"type":"Polygon","coordinates":[[[0,0],[20,0],[20,20],[0,20],[0,0]]]}},
                {"type":"Feature","properties":{"households":30},"geometry":{"type":"Polygon","coordinates":[[[40,0],[60,0],[60,20],[40,20],[40,0]]]}}]})";
  auto r = runGridplan("inspect --buildings " + q(p.string()));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(has(r.out, "[error] negative_count")) << r.out;
  EXPECT_TRUE(has(r.out, "b.geojson:fid=0")) << r.out;
}

TEST(Inspect, SyntheticTownWithEveryLayer) {
  auto dir = gp::test::tempDir("town");
  auto town = (dir / "town.gpkg").string();
  auto s = runGridplan("synth -o " + q(town) + " --households 3000 --seed 7 --household-points");
  ASSERT_EQ(s.exit_code, 0) << s.out;
  auto r = runGridplan("inspect --buildings " + q(town) + " --communities " + q(town) + " --compounds " + q(town) +
                       " --barriers " + q(town) + " --barriers-layer roads --barriers-layer river --household-points " +
                       q(town) + " --out " + q((dir / "in.gpkg").string()));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(has(r.out, "Metric CRS: EPSG:4549")) << r.out;
  EXPECT_TRUE(has(r.out, "barriers         " + town + " [river]")) << r.out;
  EXPECT_TRUE(has(r.out, "household points:")) << r.out;
  EXPECT_FALSE(has(r.out, "default_community")) << r.out;
}

TEST(Inspect, ArgumentErrorsExitTwo) {
  auto r = runGridplan("inspect");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(has(r.out, "--buildings is required")) << r.out;
  auto dir = gp::test::tempDir("args");
  auto town = (dir / "t.gpkg").string();
  ASSERT_EQ(runGridplan("synth -o " + q(town) + " --households 1500 --seed 3").exit_code, 0);
  r = runGridplan("inspect --buildings " + q(town) + " --barriers " + q(town) + " --barriers " + q(town) +
                  " --barriers-layer roads --barriers-layer river --barriers-layer roads");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(has(r.out, "more --barriers-layer than --barriers")) << r.out;
  // Pairs in order: the first path with the first layer, the second with the second.
  r = runGridplan("inspect --buildings " + q(town) + " --barriers " + q(town) + " --barriers-layer river --barriers " +
                  q(town) + " --barriers-layer roads");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(has(r.out, "[river]")) << r.out;
  EXPECT_TRUE(has(r.out, "[roads]")) << r.out;
}

// Issue 14: the normalised inputs are a file; a connection string as --out is refused as such (it used to be
// told to end in .gpkg), its password masked, before anything is read.
TEST(Inspect, DatabaseOutIsRefused) {
  auto dir = gp::test::tempDir("pg");
  auto r = gp::test::runShell("cd " + q(dir.string()) + " && " + q(GRIDPLAN_BINARY) +
                              " inspect --buildings nothing.gpkg --out 'PG:dbname=town password=s3cret'");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_TRUE(has(r.out, "--out PG:dbname=town password=***")) << r.out;
  EXPECT_TRUE(has(r.out, "ogr2ogr")) << r.out;
  EXPECT_FALSE(has(r.out, "s3cret")) << r.out;
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

TEST(Inspect, SaysWhichFieldTheBuildingIdsComeFrom) {
  GP_REQUIRE_SHARED_DATA();
  auto r = runGridplan("inspect --buildings " + q((sharedData() / "shanghai_gbk/buildings_gbk.shp").string()) +
                       " --id-field osm_id");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(has(r.out, "ids: from field osm_id")) << r.out;
}
