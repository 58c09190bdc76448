// Issue 11, class 8: cells that start with = + - @ are written so a spreadsheet shows them as text (OWASP's
// CSV-injection advice), in every CSV export. Names come from the planners' own data, so a building named
// "=HYPERLINK(...)" must not become a live formula in the assignment table.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/badinput/BadInputSupport.hpp"

using namespace gp::badinput;
using gp::test::q;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

}  // namespace

class CsvInjection : public ::testing::TestWithParam<std::string> {};

TEST_P(CsvInjection, FormulaLikeNamesAndIdsAreWrittenAsText) {
  Case c("csv");
  Town t = town(12, 30);
  t.fields.push_back({"name", OFTString});
  for (auto& f : t.feats) f.values.push_back(std::string("楼"));
  t.feats[2].values.back() = GetParam();            // a name
  t.feats[3].values[0] = GetParam() + "id";         // an id
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  c.snapshot();
  auto r = c.run("partition -q -o out/plan.gpkg --buildings in/b.gpkg");
  expectOutcome(c, r, 0, {}, t.households, c.out("plan.gpkg"));
  auto e = c.run("export out/plan.gpkg --format csv -o out/a.csv");
  ASSERT_EQ(e.exit_code, 0) << e.out;
  std::string csv = slurp(c.out("a.csv"));
  // Every cell holding the text starts with an apostrophe inside quotes; no cell starts with the bare character.
  EXPECT_NE(csv.find("\"'" + GetParam().substr(0, 2)), std::string::npos) << csv;
  EXPECT_EQ(csv.find("," + GetParam()), std::string::npos) << csv;
  EXPECT_EQ(csv.find("\n" + GetParam()), std::string::npos) << csv;
}

INSTANTIATE_TEST_SUITE_P(Issue11, CsvInjection,
                         ::testing::Values("=HYPERLINK(\"http://x\")", "+1+2", "-2+3", "@SUM(A1)", "=1+1",
                                           "=cmd|' /C calc'!A0"));

TEST(Csv, OrdinaryTextIsUnchanged) {
  Case c("csv-plain");
  Town t = town(12, 30);
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  c.snapshot();
  auto r = c.run("partition -q -o out/plan.gpkg --buildings in/b.gpkg");
  expectOutcome(c, r, 0, {}, t.households, c.out("plan.gpkg"));
  auto e = c.run("export out/plan.gpkg --format csv -o out/a.csv");
  ASSERT_EQ(e.exit_code, 0) << e.out;
  std::string csv = slurp(c.out("a.csv"));
  EXPECT_EQ(csv.find('\''), std::string::npos) << csv;
  EXPECT_NE(csv.find(",B1,"), std::string::npos) << csv;
}
