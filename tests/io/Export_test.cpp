#include "geo/io/Export.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "geo/core/Error.hpp"
#include "tests/plan/SamplePlan.hpp"
#include "tests/support/TestSupport.hpp"

namespace fs = std::filesystem;
using gp::Plan;

namespace {

Plan sample() {
  GDALAllRegister();
  Plan p = gp::test::samplePlan();
  p.grids[1].reason = "";
  p.grids[0].duties = "巡查走访, \"矛盾\"调解";  // a comma and quotes for the CSV
  return p;
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string l;
  while (std::getline(in, l)) out.push_back(l);
  return out;
}

GDALDatasetUniquePtr open(const fs::path& p) {
  return GDALDatasetUniquePtr(GDALDataset::Open(p.c_str(), GDAL_OF_VECTOR));
}

std::set<std::string> names(const fs::path& dir) {
  std::set<std::string> out;
  for (auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

}  // namespace

TEST(Export, ParsesFormats) {
  EXPECT_EQ(gp::io::parseExportFormat("csv"), gp::io::ExportFormat::Csv);
  EXPECT_EQ(gp::io::parseExportFormat("geojson"), gp::io::ExportFormat::GeoJson);
  EXPECT_EQ(gp::io::parseExportFormat("shp"), gp::io::ExportFormat::Shapefile);
  EXPECT_EQ(gp::io::parseExportFormat("metis"), gp::io::ExportFormat::Metis);
  EXPECT_FALSE(gp::io::parseExportFormat("kml").has_value());
}

TEST(Export, CsvHasBomHeaderAndOneRowPerPiece) {
  auto dir = gp::test::tempDir("csv");
  auto path = dir / "assignment.csv";
  gp::io::exportCsv(sample(), path.string());
  std::string text = slurp(path);
  ASSERT_EQ(text.substr(0, 3), "\xEF\xBB\xBF");
  auto ls = lines(text.substr(3));
  ASSERT_EQ(ls.size(), 11u);
  EXPECT_EQ(ls[0], "piece_id,bld_id,building_name,entrance,floor_from,floor_to,households,grid_id,unit_id\r");
  EXPECT_EQ(ls[1], "B1-E1,B1,1号楼,1,,,20,320508019044001,32050801904400101\r");
  EXPECT_EQ(ls[6], "T-E1-F10-18,T,3号楼,1,10,18,25,320508019044002,32050801904400202\r");
  EXPECT_EQ(names(dir), std::set<std::string>{"assignment.csv"});

  // GDAL's CSV reader sees the same rows and columns.
  auto ds = open(path);
  ASSERT_TRUE(ds);
  OGRLayer* l = ds->GetLayer(0);
  EXPECT_EQ(l->GetFeatureCount(), 10);
  EXPECT_EQ(l->GetLayerDefn()->GetFieldIndex("piece_id"), 0) << "the BOM must not end up in the first column's name";
  OGRFeatureUniquePtr f(l->GetNextFeature());
  EXPECT_STREQ(f->GetFieldAsString("building_name"), "1号楼");
}

TEST(Export, CsvQuotesFieldsThatNeedIt) {
  auto dir = gp::test::tempDir("csvq");
  Plan p = sample();
  p.in.buildings[0].name = "1号楼, \"东\"";
  gp::io::exportCsv(p, (dir / "a.csv").string());
  auto ls = lines(slurp(dir / "a.csv").substr(3));
  EXPECT_EQ(ls[1], "B1-E1,B1,\"1号楼, \"\"东\"\"\",1,,,20,320508019044001,32050801904400101\r");
}

TEST(Export, GeoJsonInLongitudeLatitude) {
  auto dir = gp::test::tempDir("gj");
  auto out = dir / "town";
  auto files = gp::io::exportGeoJson(sample(), out.string());
  EXPECT_EQ(files.size(), 2u);
  EXPECT_EQ(names(out), (std::set<std::string>{"grids.geojson", "units.geojson"}));
  EXPECT_EQ(names(dir), std::set<std::string>{"town"}) << "no staging folder left behind";
  auto g = open(out / "grids.geojson");
  ASSERT_TRUE(g);
  OGRLayer* l = g->GetLayer(0);
  EXPECT_EQ(l->GetFeatureCount(), 3);
  OGRFeatureUniquePtr f(l->GetNextFeature());
  EXPECT_STREQ(f->GetFieldAsString("name"), "沧浪一网格");
  EXPECT_STREQ(f->GetFieldAsString("worker_name"), "张三");
  OGREnvelope e;
  f->GetGeometryRef()->getEnvelope(&e);
  // EPSG:4549 has its central meridian at 120°E; y = 3,500 km is about 31.6°N.
  EXPECT_NEAR(e.MinX, 120.0, 0.01);
  EXPECT_NEAR(e.MinY, 31.6, 0.1);
  EXPECT_EQ(slurp(out / "grids.geojson").find("\"crs\""), std::string::npos) << "RFC 7946 has no crs member";
  auto u = open(out / "units.geojson");
  EXPECT_EQ(u->GetLayer(0)->GetFeatureCount(), 6);
}

TEST(Export, GeoJsonNeedsACrs) {
  auto dir = gp::test::tempDir("gjnocrs");
  Plan p = sample();
  p.in.epsg = 0;
  EXPECT_THROW(gp::io::exportGeoJson(p, (dir / "x").string()), gp::InputError);
  EXPECT_TRUE(names(dir).empty());
}

TEST(Export, ShapefilesWithUtf8AndShortFieldNames) {
  auto dir = gp::test::tempDir("shp");
  auto out = dir / "shp";
  gp::io::exportShapefile(sample(), out.string());
  auto have = names(out);
  for (const char* f : {"grids.shp", "grids.shx", "grids.dbf", "grids.prj", "grids.cpg", "units.shp", "units.dbf", "units.cpg"})
    EXPECT_TRUE(have.count(f)) << f;
  EXPECT_NE(slurp(out / "grids.cpg").find("UTF-8"), std::string::npos);
  auto ds = open(out / "grids.shp");
  ASSERT_TRUE(ds);
  OGRLayer* l = ds->GetLayer(0);
  EXPECT_EQ(l->GetFeatureCount(), 3);
  for (int i = 0; i < l->GetLayerDefn()->GetFieldCount(); ++i)
    EXPECT_LE(std::strlen(l->GetLayerDefn()->GetFieldDefn(i)->GetNameRef()), 10u);
  EXPECT_GE(l->GetLayerDefn()->GetFieldIndex("worker"), 0);
  OGRFeatureUniquePtr f(l->GetNextFeature());
  EXPECT_STREQ(f->GetFieldAsString("name"), "沧浪一网格");
  EXPECT_STREQ(f->GetFieldAsString("comm_id"), "320508019044");
  ASSERT_NE(l->GetSpatialRef(), nullptr);
  auto u = open(out / "units.shp");
  EXPECT_EQ(u->GetLayer(0)->GetFeatureCount(), 6);
}

TEST(Export, MetisGraphOfPiecesWithHouseholdWeights) {
  auto dir = gp::test::tempDir("metis");
  auto path = dir / "town.graph";
  auto files = gp::io::exportMetis(sample(), path.string());
  ASSERT_EQ(files.size(), 3u);
  auto g = lines(slurp(path));
  // Pieces: 0 B1-E1, 1 B1-E2, 2 B2, 3 B0, 4/5 the tower's stacked floors, 6 S1, 7 S2, 8 C1, 9 C2.
  ASSERT_EQ(g.size(), 11u);
  EXPECT_EQ(g[0], "10 15 010");
  EXPECT_EQ(g[1], "20 2 4");
  EXPECT_EQ(g[4], "0 1 3") << "a building without households weighs 0";
  EXPECT_EQ(g[5], "25 6 7 8") << "stacked floors are adjacent to each other and to their cell's neighbours";
  EXPECT_EQ(g[6], "25 5 7 8");
  EXPECT_EQ(g[10], "25 9");
  auto xy = lines(slurp(dir / "town.graph.xy"));
  ASSERT_EQ(xy.size(), 10u);
  EXPECT_EQ(xy[4], xy[5]);
  auto ids = lines(slurp(dir / "town.graph.ids"));
  ASSERT_EQ(ids.size(), 10u);
  EXPECT_EQ(ids[4], "T-E1-F1-9");

  // Symmetric CSR.
  auto pg = gp::io::pieceGraph(sample());
  for (size_t v = 0; v + 1 < pg.xadj.size(); ++v)
    for (int e = pg.xadj[v]; e < pg.xadj[v + 1]; ++e) {
      int w = pg.adjncy[e];
      bool back = false;
      for (int k = pg.xadj[w]; k < pg.xadj[w + 1]; ++k) back |= pg.adjncy[k] == static_cast<int>(v);
      EXPECT_TRUE(back) << v << "→" << w;
    }
}
