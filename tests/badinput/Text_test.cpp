// Issue 11, class 4: text never causes an internal error. Bytes that are not UTF-8 (a wrong --encoding, a damaged
// field) are replaced by U+FFFD with a warning naming the feature and field; never exit 3.
#include <gtest/gtest.h>

#include <cpl_vsi.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "geo/core/Text.hpp"
#include "tests/badinput/BadInputSupport.hpp"

using namespace gp::badinput;
using gp::test::q;

namespace {

const std::string kGbk = "\xC2\xA5\xBA\xC5";  // "楼号" in GBK: not UTF-8

Town townWithName() {
  Town t = town(12, 30);
  t.fields.push_back({"name", OFTString});
  for (auto& f : t.feats) f.values.push_back(std::string("1号楼"));
  return t;
}

}  // namespace

class BadText : public ::testing::TestWithParam<std::string> {};

TEST_P(BadText, PartitionCheckAndExportSurviveAndNameTheFeature) {
  Case c("text");
  Town t = townWithName();
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  sql(c.in("b.gpkg"), "UPDATE buildings SET name = " + sqlText(GetParam()) + " WHERE fid = 5");
  c.snapshot();
  auto r = c.run("partition -o out/plan.gpkg --buildings in/b.gpkg");
  expectOutcome(c, r, 0, {"invalid_text", "fid=5", "name"}, t.households, c.out("plan.gpkg"));
  auto k = c.run("check out/plan.gpkg --json");
  EXPECT_EQ(k.exit_code, 0) << k.out;
  auto e = c.run("export out/plan.gpkg --format csv -o out/a.csv");
  EXPECT_EQ(e.exit_code, 0) << e.out;
  auto i = c.run("inspect --buildings in/b.gpkg --out out/in.gpkg");
  EXPECT_EQ(i.exit_code, 0) << i.out;
  EXPECT_NE(i.out.find("\xEF\xBF\xBD"), std::string::npos) << i.out;
}

INSTANTIATE_TEST_SUITE_P(Issue11, BadText,
                         ::testing::Values(kGbk, std::string("\xFF\xFE"), std::string("abc\xC0\xAF"),  // overlong /
                                           std::string("\xED\xA0\x80"),                              // a surrogate
                                           std::string("truncated \xE6\xA5")));

TEST(Text, BadIdIsReplacedAndNamed) {
  Case c("text-id");
  Town t = town(12, 30);
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  sql(c.in("b.gpkg"), "UPDATE buildings SET bld_id = " + sqlText("B\xB9\xA4") + " WHERE fid = 8");
  c.snapshot();
  auto r = c.run("partition -o out/plan.gpkg --buildings in/b.gpkg");
  expectOutcome(c, r, 0, {"invalid_text", "fid=8", "bld_id"}, t.households, c.out("plan.gpkg"));
}

TEST(Text, BadCommunityNameIsReplaced) {
  Case c("text-community");
  Town t = town(12, 30);
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  writeLayer(c.in("c.gpkg"), "GPKG", "communities", kEpsg, wkbPolygon, {{"community_id", OFTString}, {"name", OFTString}},
             {{rect(kX0 - 100, kY0 - 100, 400, 400), {"320508019044", "x"}}});
  sql(c.in("c.gpkg"), "UPDATE communities SET name = " + sqlText(kGbk));
  c.snapshot();
  auto r = c.run("partition -o out/plan.gpkg --buildings in/b.gpkg --communities in/c.gpkg");
  expectOutcome(c, r, 0, {"invalid_text", "320508019044", "name"}, t.households, c.out("plan.gpkg"));
  auto k = c.run("check out/plan.gpkg --json");
  EXPECT_EQ(k.exit_code, 0) << k.out;
}

TEST(Text, WrongEncodingGivesReplacementNotInternalError) {
  // A UTF-8 Shapefile read with --encoding UTF-16 style nonsense: GDAL's recoding fails; never exit 3.
  Case c("text-encoding");
  Town t = townWithName();
  writeLayer(c.in("b.shp"), "ESRI Shapefile", "b", kEpsg, wkbPolygon, t.fields, t.feats, {"ENCODING=UTF-8"});
  c.snapshot();
  auto r = c.run("partition -o out/plan.gpkg --buildings in/b.shp --encoding ISO-8859-7");
  EXPECT_NE(r.exit_code, 3) << r.out;
  EXPECT_EQ(r.out.find("internal error"), std::string::npos) << r.out;
  c.expectInputsUnchanged();
}

TEST(Text, SignsOfAPlanWithBadTextNameTheGridAndField) {
  // A plan edited elsewhere with a grid name that is not UTF-8: cairo failed the page with "input string not valid
  // UTF-8" (exit 2, naming no text) and Pango blamed a missing font. Now the sign prints U+FFFD and says where.
  Case c("text-signs");
  Town t = town(12, 30);
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  auto p = c.run("partition -q -o in/plan.gpkg --buildings in/b.gpkg");
  ASSERT_EQ(p.exit_code, 0) << p.out;
  sql(c.in("plan.gpkg"), "UPDATE grids SET name = " + sqlText("\xE7\xBD\x91\xFF" + kGbk) + ", worker_name = '张三', "
                         "worker_phone = '13912345678' WHERE fid = 1");
  c.snapshot();
  auto r = c.run("signs in/plan.gpkg -o out/signs --format pdf,png --atlas out/atlas.pdf");
  // Named by the plan reader, which repairs the text before the signs see it (issue 11).
  expectOutcome(c, r, 0, {"invalid_text", "layer grids", "fid=1", "field name"}, -1, {});
  EXPECT_EQ(r.out.find("missing_glyph"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(c.out("atlas.pdf")));
  int pdfs = 0;
  for (auto& e : fs::directory_iterator(c.out("signs"))) pdfs += e.path().extension() == ".pdf";
  EXPECT_GT(pdfs, 0);
}

namespace {

// The whole of a file's bytes.
std::string bytesOf(const std::string& path) {
  VSILFILE* f = VSIFOpenL(path.c_str(), "rb");
  if (!f) return {};
  std::string out;
  char buf[65536];
  for (size_t n; (n = VSIFReadL(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
  VSIFCloseL(f);
  return out;
}

// Valid UTF-8 (what toValidUtf8 leaves alone), holding U+FFFD where the damaged bytes were.
void expectRepairedText(const std::string& what, const std::string& bytes) {
  std::string copy = bytes;
  EXPECT_FALSE(gp::toValidUtf8(copy)) << what << " holds bytes that are not UTF-8";
  EXPECT_NE(bytes.find("\xEF\xBF\xBD"), std::string::npos) << what << " should show U+FFFD for the damaged text";
}

// A plan partitioned from clean data, then damaged in SQLite as another tool would: names in a code page that is
// not UTF-8 (GBK), or bytes cut mid-character.
Case damagedPlan(const std::string& name) {
  Case c(name);
  Town t = townWithName();
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  auto p = c.run("partition -q -o in/plan.gpkg --buildings in/b.gpkg");
  EXPECT_EQ(p.exit_code, 0) << p.out;
  sql(c.in("plan.gpkg"), "UPDATE grids SET name = " + sqlText(kGbk) + ", worker_name = " + sqlText("\xD5\xC5\xC8\xFD") +
                             " WHERE fid = 1");
  sql(c.in("plan.gpkg"), "UPDATE buildings SET bld_name = " + sqlText("3\xBA\xC5\xC2\xA5") + " WHERE fid = 2");
  sql(c.in("plan.gpkg"), "UPDATE units SET leader_name = " + sqlText("truncated \xE6\xA5") + " WHERE fid = 1");
  c.snapshot();
  return c;
}

}  // namespace

// check --json gave exit 3 from the JSON writer (issue 11, class 4). Now the text is read as U+FFFD, and each
// damaged field is a finding of check (the plan's text must be UTF-8), naming the layer, feature and field.
TEST(Text, CheckOfAPlanWithDamagedTextNamesLayerFeatureAndField) {
  Case c = damagedPlan("text-plan-check");
  auto j = c.run("check in/plan.gpkg --json 2>/dev/null");
  EXPECT_EQ(j.exit_code, 1) << j.out;
  expectRepairedText("check --json", j.out);
  nlohmann::json out = nlohmann::json::parse(j.out, nullptr, false);
  ASSERT_FALSE(out.is_discarded()) << j.out;
  std::vector<std::string> messages;
  for (const auto& v : out["violations"])
    if (v["kind"] == "invalid_text") messages.push_back(v["message"].get<std::string>() + " @ " + v["feature"].get<std::string>());
  ASSERT_EQ(messages.size(), 4u) << j.out;
  auto has = [&](const std::vector<std::string>& words) {
    for (const auto& m : messages) {
      bool all = true;
      for (const auto& w : words) all = all && m.find(w) != std::string::npos;
      if (all) return true;
    }
    return false;
  };
  EXPECT_TRUE(has({"layer grids", "fid=1", "field name", "@ grid "})) << j.out;
  EXPECT_TRUE(has({"layer grids", "fid=1", "field worker_name"})) << j.out;
  EXPECT_TRUE(has({"layer buildings", "fid=2", "field bld_name", "@ building B2"})) << j.out;
  EXPECT_TRUE(has({"layer units", "fid=1", "field leader_name", "@ unit "})) << j.out;
  auto h = c.run("check in/plan.gpkg");
  EXPECT_EQ(h.exit_code, 1) << h.out;
  EXPECT_NE(h.out.find("invalid_text"), std::string::npos) << h.out;
  expectRepairedText("check", h.out);
  c.expectInputsUnchanged();
}

// The exports passed the bytes on: a CSV that is not UTF-8, GeoJSON that JSON readers refuse, an xlsx whose XML
// Excel will not open. Now each is valid UTF-8 with U+FFFD, exit 0, and the warnings name where.
TEST(Text, ExportsOfAPlanWithDamagedTextAreValidUtf8) {
  Case c = damagedPlan("text-plan-export");
  auto csv = c.run("export in/plan.gpkg --format csv -o out/a.csv");
  EXPECT_EQ(csv.exit_code, 0) << csv.out;
  for (const char* w : {"invalid_text", "layer buildings", "fid=2", "field bld_name"})
    EXPECT_NE(csv.out.find(w), std::string::npos) << w << "\n" << csv.out;
  expectRepairedText("the CSV", bytesOf(c.out("a.csv").string()));
  auto geojson = c.run("export in/plan.gpkg --format geojson -o out/gj");
  EXPECT_EQ(geojson.exit_code, 0) << geojson.out;
  expectRepairedText("grids.geojson", bytesOf(c.out("gj/grids.geojson").string()));
  expectRepairedText("units.geojson", bytesOf(c.out("gj/units.geojson").string()));
  auto xlsx = c.run("export in/plan.gpkg --format xlsx -o out/ledger.xlsx");
  EXPECT_EQ(xlsx.exit_code, 0) << xlsx.out;
  // libxlsxwriter keeps text in the shared strings table, or inline in the sheets.
  std::string xml;
  for (const char* part : {"xl/sharedStrings.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
                           "xl/worksheets/sheet3.xml"})
    xml += bytesOf("/vsizip/" + c.out("ledger.xlsx").string() + "/" + part);
  ASSERT_FALSE(xml.empty());
  expectRepairedText("the xlsx ledger", xml);
  c.expectInputsUnchanged();
}

// A households field whose name is neither UTF-8 nor GBK (bytes FF FF in the .dbf): the field was not found and
// every count silently became an estimate, exit 0 (issue 11's leftover). Now exit 2 naming the file, layer, the
// name's bytes and what was tried; named as the message shows it, the field is read and every household kept.
TEST(Text, AHouseholdsFieldNameThatIsNeitherUtf8NorGbkStopsTheRun) {
  Case c("text-field-name");
  Town t = town(12, 30);
  writeLayer(c.in("b.shp"), "ESRI Shapefile", "b", kEpsg, wkbPolygon, t.fields, t.feats);
  overwrite(c.in("b.dbf"), 32 + 32, 2, 0xFF);  // the second field descriptor's name: households → FF FF
  overwrite(c.in("b.dbf"), 32 + 34, 9, 0);
  overwrite(c.in("b.dbf"), 29, 1, 0);  // no code page byte (GDAL writes ISO-8859-1's, which reads any bytes)
  c.snapshot();
  auto r = c.run("partition -o out/plan.gpkg --buildings in/b.shp");
  expectOutcome(c, r, 2, {"b.shp", "layer b", "\\xFF\\xFF", "UTF-8", "GBK", "--encoding", ".cpg", "--households-field"},
                -1, c.out("plan.gpkg"));
  auto named = c.run("partition -o out/plan.gpkg --buildings in/b.shp --households-field '\\xFF\\xFF'");
  expectOutcome(c, named, 0, {}, t.households, c.out("plan.gpkg"));
}
