#include "geo/io/Export.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "geo/core/Error.hpp"
#include "geo/io/Ledger.hpp"
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
  EXPECT_EQ(gp::io::parseExportFormat("xlsx"), gp::io::ExportFormat::Xlsx);
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

TEST(Export, LedgerWidthsCountChineseDouble) {
  EXPECT_EQ(gp::io::displayWidth("320508019044001"), 15);
  EXPECT_EQ(gp::io::displayWidth("网格编码"), 8);
  EXPECT_EQ(gp::io::displayWidth("3号楼 2单元"), 11);
  EXPECT_EQ(gp::io::displayWidth("（ＡＢ）"), 8) << "full-width forms";
  EXPECT_EQ(gp::io::displayWidth("é"), 1);
}

TEST(Export, LedgerRowsPerSheet) {
  using gp::io::LedgerSheet;
  Plan p = sample();
  auto grids = gp::io::ledgerRows(p, LedgerSheet::Grids);
  ASSERT_EQ(grids.size(), 3u);
  const auto& gc = gp::io::ledgerColumns(LedgerSheet::Grids);
  ASSERT_EQ(gc.size(), grids[0].size());
  std::vector<std::string> keys;
  for (const auto& c : gc) keys.emplace_back(c.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"grid_id", "community_id", "community_name", "grid_name", "households",
                                             "units", "status", "reason", "worker_name", "worker_phone", "duties"}));
  EXPECT_EQ(grids[2][0].text, "320508019045001");
  EXPECT_EQ(grids[2][2].text, "金阊社区");
  EXPECT_EQ(grids[2][3].text, "金阊一网格");
  EXPECT_EQ(grids[2][4].number, 55.0);
  EXPECT_EQ(grids[0][8].text, "张三");

  auto units = gp::io::ledgerRows(p, LedgerSheet::Units);
  ASSERT_EQ(units.size(), 6u);
  EXPECT_EQ(units[0][0].text, "32050801904400101");
  EXPECT_EQ(units[0][6].text, "陈一");
  EXPECT_EQ(units[0][7].text, "1号楼 1单元、幼儿园");
  EXPECT_EQ(units[3][7].text, "3号楼 1单元 10-18层、5号楼");

  auto blds = gp::io::ledgerRows(p, LedgerSheet::Buildings);
  ASSERT_EQ(blds.size(), p.pieces.size()) << "a row per piece";
  EXPECT_EQ(blds[0][0].text, "B1");
  EXPECT_EQ(blds[1][0].text, "B1") << "a split building's pieces stay together";
  EXPECT_EQ(blds[1][3].number, 2.0);
  EXPECT_FALSE(blds[2][3].number.has_value()) << "a whole building has no entrance";
}

// The ledger speaks the plan's language (issue 13): a plan made in English has English sheet and column titles
// and names its pieces in English; one made in Chinese, or before plans said (no language), the Chinese ones.
TEST(Export, LedgerTitlesFollowThePlansLanguage) {
  using gp::io::LedgerLanguage;
  using gp::io::LedgerSheet;
  Plan p = sample();
  EXPECT_EQ(gp::io::ledgerLanguage(p), LedgerLanguage::Zh) << "no language recorded: the Chinese ledger, as before";
  p.meta.emplace_back("language", "zh_CN");
  EXPECT_EQ(gp::io::ledgerLanguage(p), LedgerLanguage::Zh);
  p.meta.back().second = "en";
  EXPECT_EQ(gp::io::ledgerLanguage(p), LedgerLanguage::En);
  EXPECT_EQ(gp::io::ledgerSheetTitle(LedgerSheet::Grids, LedgerLanguage::En), "Grid ledger");
  EXPECT_EQ(gp::io::ledgerColumns(LedgerSheet::Grids)[0].titleIn(LedgerLanguage::En), "Grid code");
  EXPECT_EQ(gp::io::ledgerColumns(LedgerSheet::Grids)[0].titleIn(LedgerLanguage::Zh), "网格编码");
  EXPECT_EQ(gp::io::ledgerRows(p, LedgerSheet::Units)[3][7].text, "3号楼 entrance 1 floors 10-18, 5号楼");

  auto dir = gp::test::tempDir("xlsx-en");
  auto path = dir / "plan.xlsx";
  gp::io::exportXlsx(p, path.string());
  auto ds = open(path);
  ASSERT_TRUE(ds);
  OGRLayer* grids = ds->GetLayerByName("Grid ledger");
  ASSERT_NE(grids, nullptr);
  EXPECT_NE(ds->GetLayerByName("Units"), nullptr);
  EXPECT_NE(ds->GetLayerByName("Buildings"), nullptr);
  EXPECT_GE(grids->GetLayerDefn()->GetFieldIndex("Grid worker"), 0);
  EXPECT_LT(grids->GetLayerDefn()->GetFieldIndex("网格员"), 0);
}

// The workbook read back by GDAL's XLSX driver (as QGIS and ogr2ogr read it) and by openpyxl (as Excel sees
// cells): codes are text cells, never numbers, headings frozen, columns wide enough.
TEST(Export, XlsxLedgerKeepsCodesAsText) {
  auto dir = gp::test::tempDir("xlsx");
  auto path = dir / "plan.xlsx";
  ASSERT_EQ(gp::io::exportXlsx(sample(), path.string()), path.string());
  EXPECT_EQ(names(dir), std::set<std::string>{"plan.xlsx"}) << "no temp file left behind";

  auto ds = open(path);
  ASSERT_TRUE(ds);
  EXPECT_STREQ(ds->GetDriver()->GetDescription(), "XLSX");
  ASSERT_EQ(ds->GetLayerCount(), 3);
  OGRLayer* grids = ds->GetLayerByName("网格台账");
  ASSERT_NE(grids, nullptr);
  ASSERT_NE(ds->GetLayerByName("基础治理单元"), nullptr);
  ASSERT_NE(ds->GetLayerByName("楼栋"), nullptr);
  EXPECT_EQ(grids->GetFeatureCount(), 3);
  OGRFeatureDefn* d = grids->GetLayerDefn();
  int code = d->GetFieldIndex("网格编码");
  ASSERT_GE(code, 0);
  EXPECT_EQ(d->GetFieldDefn(code)->GetType(), OFTString) << "GDAL types a column of numbers as Integer/Real";
  EXPECT_EQ(d->GetFieldDefn(d->GetFieldIndex("户数"))->GetType(), OFTInteger);
  std::vector<std::string> codes;
  for (auto& f : *grids) codes.emplace_back(f->GetFieldAsString(code));
  EXPECT_EQ(codes, (std::vector<std::string>{"320508019044001", "320508019044002", "320508019045001"}));

  OGRLayer* units = ds->GetLayerByName("基础治理单元");
  int ucode = units->GetLayerDefn()->GetFieldIndex("治理单元编码");
  ASSERT_GE(ucode, 0);
  EXPECT_EQ(units->GetLayerDefn()->GetFieldDefn(ucode)->GetType(), OFTString);
  std::set<std::string> ucodes;
  for (auto& f : *units) ucodes.insert(f->GetFieldAsString(ucode));
  EXPECT_EQ(ucodes.size(), 6u) << "17-digit unit codes stay distinct";
  EXPECT_TRUE(ucodes.count("32050801904400202"));
  ds.reset();

  // Debian's python3 (python3-openpyxl), even when another python3 comes first on PATH.
  std::string python;
  for (const char* p : {"/usr/bin/python3", "python3"})
    if (python.empty() && gp::test::runShell(std::string(p) + " -c 'import openpyxl'").exit_code == 0) python = p;
  if (python.empty())
    GTEST_SKIP() << "python3-openpyxl is not installed (scripts/install-deps.sh installs it): openpyxl check skipped";
  auto py = dir / "check.py";
  std::ofstream(py) << R"(import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(wb.sheetnames)
g = wb['网格台账']
print('freeze', g.freeze_panes)
print('A2', g['A2'].data_type, g['A2'].value, g['A2'].number_format)
print('E2', g['E2'].data_type, g['E2'].value)
print('widthA', g.column_dimensions['A'].width, 'widthD', g.column_dimensions['D'].width)
u = wb['基础治理单元']
print('unitA7', u['A7'].data_type, u['A7'].value)
print('filter', g.auto_filter.ref)
)";
  auto r = gp::test::runShell(python + " " + gp::test::q(py.string()) + " " + gp::test::q(path.string()));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("['网格台账', '基础治理单元', '楼栋']"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("freeze A2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("A2 s 320508019044001 @"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("E2 n 70"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("unitA7 s 32050801904500102"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("filter A1:K4"), std::string::npos) << r.out;
  // 15 digits + 2 and "沧浪一网格" (10) + 2, in Excel's column units (libxlsxwriter stores them with padding).
  double wa = 0, wd = 0;
  auto at = r.out.find("widthA ");
  ASSERT_NE(at, std::string::npos);
  std::sscanf(r.out.c_str() + at, "widthA %lf widthD %lf", &wa, &wd);
  EXPECT_GE(wa, 17.0);
  EXPECT_LT(wa, 20.0);
  EXPECT_GE(wd, 12.0);
  EXPECT_LT(wd, 15.0);
}

TEST(Export, XlsxIntoMissingFolderIsRefused) {
  auto dir = gp::test::tempDir("xlsxbad");
  EXPECT_THROW(gp::io::exportXlsx(sample(), (dir / "no" / "plan.xlsx").string()), gp::InputError);
  EXPECT_TRUE(names(dir).empty());
}

// Issue 14, point 7: the Shapefile export says which fields it renamed for the 10-character .dbf limit and
// warns, per field with a count, when it cuts text to a .dbf column; the cut falls between characters.
TEST(Export, ShapefileSaysWhatItRenamedAndCut) {
  auto dir = gp::test::tempDir("shp-cut");
  Plan p = sample();
  std::string longDuties;
  for (int i = 0; i < 100; ++i) longDuties += "巡";  // 300 bytes in UTF-8
  p.grids[0].duties = longDuties;
  p.grids[2].duties = longDuties + "查";
  gp::ProblemList problems;
  gp::io::ExportOptions opt;
  opt.problems = &problems;
  gp::io::exportShapefile(p, (dir / "shp").string(), opt);
  std::string renamed, cut;
  for (const auto& pr : problems.items()) {
    if (pr.kind == "field_renamed" && pr.feature == "grids.dbf") renamed = pr.message;
    if (pr.kind == "text_cut") cut += pr.message + "\n";
  }
  EXPECT_NE(renamed.find("community_id → comm_id"), std::string::npos) << renamed;
  EXPECT_NE(renamed.find("worker_phone → phone"), std::string::npos) << renamed;
  EXPECT_NE(cut.find("grids.dbf: 2 values of field duties cut to 254 bytes"), std::string::npos) << cut;
  EXPECT_NE(cut.find(p.grids[0].grid_id), std::string::npos) << cut;
  EXPECT_EQ(problems.count(gp::Severity::Warning), 1u);  // nothing else was cut

  auto ds = open(dir / "shp" / "grids.shp");
  ASSERT_TRUE(ds);
  OGRFeatureUniquePtr f(ds->GetLayer(0)->GetNextFeature());
  std::string duties = f->GetFieldAsString("duties");
  EXPECT_EQ(duties, longDuties.substr(0, 252)) << "84 whole characters, not 84⅔";
}

// `--encoding GBK` writes the .dbf in the Chinese Windows code page for older tools: the bytes are GBK, the
// .cpg says CP936, the language driver byte is 0x4D (code page 936); GDAL reads the Chinese names back, told the
// encoding (ENCODING open option) or from the .cpg.
TEST(Export, GbkShapefileKeepsTheChineseNames) {
  auto dir = gp::test::tempDir("shp-gbk");
  Plan p = sample();
  std::string longReason;
  for (int i = 0; i < 150; ++i) longReason += "网";  // 450 bytes in UTF-8, 300 in GBK
  p.grids[1].reason = longReason;
  p.units[0].leader_name = "王\xF0\x9F\x98\x80";  // an emoji GBK lacks
  gp::ProblemList problems;
  gp::io::ExportOptions opt;
  opt.encoding = "GBK";
  opt.problems = &problems;
  gp::io::exportShapefile(p, (dir / "shp").string(), opt);
  const fs::path shp = dir / "shp";
  EXPECT_EQ(slurp(shp / "grids.cpg"), "CP936");
  EXPECT_EQ(slurp(shp / "units.cpg"), "CP936");
  const std::string dbf = slurp(shp / "grids.dbf");
  ASSERT_GT(dbf.size(), 32u);
  EXPECT_EQ(static_cast<unsigned char>(dbf[29]), 0x4D);
  const std::string gbkName = "\xB2\xD7\xC0\xCB\xD2\xBB\xCD\xF8\xB8\xF1";  // 沧浪一网格 in GBK
  EXPECT_NE(dbf.find(gbkName), std::string::npos);
  EXPECT_EQ(dbf.find(p.grids[0].name), std::string::npos) << "UTF-8 bytes in a GBK .dbf";

  for (bool withOption : {true, false}) {
    const char* openOpts[] = {"ENCODING=CP936", nullptr};
    GDALDatasetUniquePtr ds(GDALDataset::Open((shp / "grids.shp").c_str(), GDAL_OF_VECTOR, nullptr,
                                              withOption ? openOpts : nullptr));
    ASSERT_TRUE(ds);
    OGRLayer* l = ds->GetLayer(0);
    std::vector<std::string> want, got;
    for (const auto& g : p.grids) want.push_back(g.name);
    std::string reason;
    for (auto& f : *l) {
      got.push_back(f->GetFieldAsString("name"));
      if (f->GetFieldAsString("grid_id") == p.grids[1].grid_id) reason = f->GetFieldAsString("reason");
    }
    EXPECT_EQ(got, want) << (withOption ? "ENCODING=CP936" : "from the .cpg");
    EXPECT_EQ(reason, longReason.substr(0, 3 * 127)) << "254 bytes of GBK are 127 characters";
  }
  std::string messages;
  for (const auto& pr : problems.items()) messages += pr.kind + ": " + pr.message + "\n";
  EXPECT_NE(messages.find("text_cut: grids.dbf: 1 value of field reason cut to 254 bytes"), std::string::npos)
      << messages;
  EXPECT_NE(messages.find("text_not_encodable: units.dbf: 1 value of field leader has characters GBK lacks"),
            std::string::npos)
      << messages;

  opt.encoding = "latin9";
  EXPECT_THROW(gp::io::exportShapefile(p, (dir / "other").string(), opt), gp::InputError);
  opt.encoding = "GBK";
  EXPECT_THROW(gp::io::exportPlan(p, gp::io::ExportFormat::Csv, (dir / "a.csv").string(), opt), gp::InputError);
}
