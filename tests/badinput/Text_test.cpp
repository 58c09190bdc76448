// Issue 11, class 4: text never causes an internal error. Bytes that are not UTF-8 (a wrong --encoding, a damaged
// field) are replaced by U+FFFD with a warning naming the feature and field; never exit 3.
#include <gtest/gtest.h>

#include <fstream>

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
  expectOutcome(c, r, 0, {"invalid_text", "grids.name"}, -1, {});
  EXPECT_EQ(r.out.find("missing_glyph"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(c.out("atlas.pdf")));
  int pdfs = 0;
  for (auto& e : fs::directory_iterator(c.out("signs"))) pdfs += e.path().extension() == ".pdf";
  EXPECT_GT(pdfs, 0);
}
