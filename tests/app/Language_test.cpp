// The language of a run (issue 13): LANG=zh_CN.UTF-8 gives Chinese output and Chinese reasons in the plan,
// --lang overrides the environment, and plan_meta records the language; kinds and statuses stay English keys.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <utility>

#include "geo/io/PlanFile.hpp"
#include "tests/plan/SamplePlan.hpp"
#include "tests/support/TestSupport.hpp"

using gp::test::q;
using gp::test::runShell;

namespace {

// gridplan with only the given locale variables (the test's own environment may set LANGUAGE or LC_ALL).
gp::test::RunResult inLocale(const std::string& locale, const std::string& args) {
  return runShell("env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=" + locale + " " + q(GRIDPLAN_BINARY) + " " + args);
}

std::string meta(const gp::Plan& p, const std::string& key) {
  for (const auto& [k, v] : p.meta)
    if (k == key) return v;
  return "";
}

bool hasChinese(const std::string& s) {
  for (size_t i = 0; i + 2 < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) >= 0xE4 && static_cast<unsigned char>(s[i]) <= 0xE9) return true;
  return false;
}

// The English words left in `out` once what may stay English is taken away: the strings in `remove` (paths
// and values of the test), what GDAL itself says (after "GDAL："), quoted data (“…”, […], {…}, `…`), options
// (--x) and codes (words with a digit, `_`, `.`, `-` or `/`: kinds, ids, file names), and the names of
// formats, programs, units, placeholders and the stable keys of DESIGN §4.
std::vector<std::string> englishWords(std::string out, const std::vector<std::string>& remove = {}) {
  for (const std::string& r : remove)
    for (size_t at; !r.empty() && (at = out.find(r)) != std::string::npos;) out.erase(at, r.size());
  for (const auto& [open, close] : {std::pair<std::string, std::string>{"`", "`"}, {"“", "”"}, {"[", "]"}, {"{", "}"}})
    for (size_t at; (at = out.find(open)) != std::string::npos;) {
      size_t end = out.find(close, at + open.size());
      out.erase(at, end == std::string::npos ? std::string::npos : end + close.size() - at);
    }
  for (size_t at; (at = out.find("GDAL：")) != std::string::npos;) {
    size_t end = out.find("）", at);
    out.erase(at, end == std::string::npos ? std::string::npos : end - at);
  }
  static const std::set<std::string> allowed = {
      "gridplan", "GeoPackage", "GDAL", "QGIS", "GPKG", "EPSG", "CRS", "m", "km", "PDF", "PNG", "CSV", "JSON",
      "xlsx", "csv", "pdf", "png", "shp", "geojson", "metis", "METIS", "GeoJSON", "Shapefile", "FlatGeobuf", "OSM",
      "PBF", "PostGIS", "PG", "OGR", "SQL", "UTF", "GBK", "BOM", "Excel", "ok", "under", "over", "split",
      "exception", "status", "reason", "zh", "en", "auto", "never", "LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES",
      "WGS84", "CGCS2000", "MULTIPOLYGON", "POLYGON", "ImGui", "TEXT", "INT", "FLOAT", "UINT", "FILE", "DIR",
      "PATH", "N", "Cairo", "Pango", "QR", "OUT", "Unicode", "PostgreSQL", "UTM", "synth", "inspect", "partition",
      "check", "signs", "studio", "export", "KEY", "VALUE", "YES", "shapefile", "plan", "Windows"};
  std::vector<std::string> left;
  std::regex word("[A-Za-z][A-Za-z0-9_./²:-]*");
  for (auto it = std::sregex_iterator(out.begin(), out.end(), word); it != std::sregex_iterator(); ++it) {
    std::string w = it->str();
    while (!w.empty() && (w.back() == '.' || w.back() == ':')) w.pop_back();
    size_t pos = static_cast<size_t>(it->position());
    if (pos > 0 && (out[pos - 1] == '-' || out[pos - 1] == '<' || out[pos - 1] == '.' || out[pos - 1] == '$'))
      continue;  // an option, a placeholder or a file extension
    if (w.find_first_of("0123456789_./:-") != std::string::npos || w == "m²" || allowed.count(w)) continue;
    left.push_back(w);
  }
  return left;
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& w : v) s += w + " ";
  return s;
}

// Each test makes its own town: ctest runs every test in a process of its own, in parallel, so a town shared
// through SetUpTestSuite would be made again (and its folder emptied) under a running neighbour.
class Language : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = gp::test::tempDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    town_ = (dir_ / "town.gpkg").string();
    auto r = inLocale("C.UTF-8", "synth -o " + q(town_) + " --households 3000 --seed 4");
    ASSERT_EQ(r.exit_code, 0) << r.out;
  }
  std::string partition(const std::string& locale, const std::string& extra, const std::string& plan, int* rc) {
    auto r = inLocale(locale, "partition --buildings " + q(town_) + " --communities " + q(town_) + " --compounds " +
                                  q(town_) + " -o " + q(plan) + " " + extra);
    *rc = r.exit_code;
    return r.out;
  }
  std::filesystem::path dir_;
  std::string town_;
};

TEST_F(Language, ChineseLocaleGivesAChineseSummaryAndChineseReasons) {
  int rc = -1;
  std::string plan = (dir_ / "zh.gpkg").string();
  std::string out = partition("zh_CN.UTF-8", "", plan, &rc);
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("户数在 20–30 之间的基础治理单元"), std::string::npos) << out;
  EXPECT_NE(out.find("按楼层拆分的单元"), std::string::npos) << out;
  EXPECT_EQ(out.find("units within"), std::string::npos) << out;
  EXPECT_EQ(out.find("entrances split by floors"), std::string::npos) << out;

  gp::Plan p = gp::io::readPlan(plan);
  EXPECT_EQ(meta(p, "language"), "zh_CN");
  int reasons = 0;
  for (const gp::Grid& g : p.grids)
    if (!g.reason.empty()) {
      ++reasons;
      EXPECT_TRUE(hasChinese(g.reason)) << g.grid_id << ": " << g.reason;
    }
  for (const gp::Unit& u : p.units)
    if (!u.reason.empty()) {
      ++reasons;
      EXPECT_TRUE(hasChinese(u.reason)) << u.unit_id << ": " << u.reason;
    }
  EXPECT_GT(reasons, 0) << "the town should have some grid or unit outside the bounds to explain";
  // Keys other tools read stay English.
  for (const gp::Grid& g : p.grids) EXPECT_TRUE(g.status == gp::Status::Ok || !g.reason.empty());
  for (const gp::Problem& pr : p.problems.items()) EXPECT_FALSE(hasChinese(pr.kind)) << pr.kind;
}

TEST_F(Language, LangOptionOverridesTheLocaleAndEnglishStaysAsItWas) {
  int rc = -1;
  std::string plan = (dir_ / "en.gpkg").string();
  std::string out = partition("zh_CN.UTF-8", "--lang en", plan, &rc);
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("units within 20–30 households"), std::string::npos) << out;
  EXPECT_EQ(out.find("基础治理单元"), std::string::npos) << out;
  EXPECT_EQ(meta(gp::io::readPlan(plan), "language"), "en");

  std::string plan2 = (dir_ / "c.gpkg").string();
  out = partition("C", "", plan2, &rc);
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("units within 20–30 households"), std::string::npos) << out;
  EXPECT_EQ(meta(gp::io::readPlan(plan2), "language"), "en");

  out = partition("C", "--lang zh", (dir_ / "zh2.gpkg").string(), &rc);
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("基础治理单元"), std::string::npos) << out;

  out = partition("C", "--lang fr", (dir_ / "fr.gpkg").string(), &rc);
  EXPECT_EQ(rc, 2) << out;
  EXPECT_NE(out.find("zh or en"), std::string::npos) << out;
}

TEST_F(Language, CheckSpeaksTheReadersLanguageWhateverThePlans) {
  // A plan written in English with violations of every family: a gap, a wrong sum, a status without a reason,
  // a grid in two parts.
  gp::Plan p = gp::test::samplePlan();
  p.grids[1].shape = gp::test::rect(100, 0, 190, 100);
  p.grids[0].households = 71;
  p.units[0].status = gp::Status::Over;
  p.units[0].reason.clear();
  auto shape = gp::test::rect(200, 0, 240, 100);
  shape.push_back(gp::test::rect(260, 0, 300, 100)[0]);
  p.grids[2].shape = shape;
  std::string plan = (dir_ / "bad.gpkg").string();
  gp::io::writePlan(p, plan);

  auto zh = inLocale("zh_CN.UTF-8", "check " + q(plan));
  EXPECT_EQ(zh.exit_code, 1) << zh.out;
  EXPECT_NE(zh.out.find("错误  coverage_gap  社区 320508019044: "), std::string::npos) << zh.out;
  EXPECT_NE(zh.out.find("网格 320508019044001 记为 71 户"), std::string::npos) << zh.out;
  EXPECT_NE(zh.out.find("请在 QGIS 或工作台中修正"), std::string::npos) << zh.out;
  EXPECT_EQ(joined(englishWords(zh.out, {plan})), "") << zh.out;

  auto en = inLocale("C", "check " + q(plan));
  EXPECT_EQ(en.exit_code, 1) << en.out;
  EXPECT_NE(en.out.find("error  coverage_gap  community 320508019044: "), std::string::npos) << en.out;
  EXPECT_NE(en.out.find("fix them in QGIS or the studio"), std::string::npos) << en.out;
  EXPECT_FALSE(hasChinese(en.out.substr(0, en.out.find('\n')))) << en.out;

  // A clean plan made in Chinese, checked by an English reader.
  int rc = -1;
  std::string zhPlan = (dir_ / "zh.gpkg").string();
  partition("zh_CN.UTF-8", "", zhPlan, &rc);
  ASSERT_EQ(rc, 0);
  auto clean = inLocale("C", "check " + q(zhPlan));
  EXPECT_EQ(clean.exit_code, 0) << clean.out;
  EXPECT_NE(clean.out.find("no violations"), std::string::npos) << clean.out;
  clean = inLocale("zh_CN.UTF-8", "check " + q(zhPlan) + " --lang zh");
  EXPECT_NE(clean.out.find("没有违规"), std::string::npos) << clean.out;
  EXPECT_EQ(joined(englishWords(clean.out, {zhPlan})), "") << clean.out;
}

TEST_F(Language, CheckErrorsAreChinese) {
  std::string missing = (dir_ / "nope.gpkg").string();
  auto r = inLocale("zh_CN.UTF-8", "check " + q(missing));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("不存在"), std::string::npos) << r.out;
  EXPECT_EQ(joined(englishWords(r.out, {missing})), "") << r.out;

  // Not a GeoPackage at all, and a GeoPackage without the plan's layers (the town).
  std::string text = (dir_ / "text.gpkg").string();
  { std::ofstream(text) << "not a plan\n"; }
  r = inLocale("zh_CN.UTF-8", "check " + q(text));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(joined(englishWords(r.out, {text})), "") << r.out;
  r = inLocale("zh_CN.UTF-8", "check " + q(town_));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("没有图层"), std::string::npos) << r.out;
  EXPECT_EQ(joined(englishWords(r.out, {town_})), "") << r.out;
}

// Every command a planner runs, under a Chinese locale: nothing English is left once names, codes, paths and
// the words of formats and units are taken away (issue 13).
TEST_F(Language, EveryCommandSpeaksChinese) {
  const std::string d = dir_.string();
  auto zh = [&](const std::string& args, int rc) {
    auto r = inLocale("zh_CN.UTF-8", args);
    EXPECT_EQ(r.exit_code, rc) << args << "\n" << r.out;
    EXPECT_TRUE(hasChinese(r.out)) << args << "\n" << r.out;
    EXPECT_EQ(joined(englishWords(r.out, {d})), "") << args << "\n" << r.out;
    return r.out;
  };
  std::string out = zh("synth -o " + q(d + "/zh-town.gpkg") + " --households 3000 --seed 4 --awkward", 0);
  EXPECT_NE(out.find("刻意设置的难点"), std::string::npos) << out;
  const std::string inputs =
      "--buildings " + q(town_) + " --communities " + q(town_) + " --compounds " + q(town_);
  // Without --communities: the problem about the whole input names it in Chinese (社区), not "communities".
  auto r = inLocale("zh_CN.UTF-8", "inspect --buildings " + q(town_));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("    社区: "), std::string::npos) << r.out;
  EXPECT_EQ(joined(englishWords(r.out, {d, "town"})), "") << r.out;  // "town": the community named after the file
  out = zh("inspect " + inputs + " --out " + q(d + "/inputs.gpkg"), 0);
  EXPECT_NE(out.find("米制坐标系：EPSG:4549"), std::string::npos) << out;
  EXPECT_NE(out.find("已写入"), std::string::npos) << out;
  const std::string plan = d + "/plan.gpkg";
  out = zh("partition " + inputs + " -o " + q(plan), 0);
  EXPECT_NE(out.find("方案已写入"), std::string::npos) << out;
  out = zh("check " + q(plan), 0);
  out = zh("export " + q(plan) + " --format csv -o " + q(d + "/plan.csv"), 0);
  EXPECT_NE(out.find("已写入"), std::string::npos) << out;
  zh("export " + q(plan) + " --format geojson -o " + q(d + "/geojson"), 0);
  zh("export " + q(plan) + " --format xlsx -o " + q(d + "/ledger.xlsx"), 0);
  gp::Plan p = gp::io::readPlan(plan);
  ASSERT_GE(p.grids.size(), 2u);
  // Without a roster every printed grid lacks its worker: problems, in Chinese; with the town's roster none.
  out = zh("signs " + q(plan) + " -o " + q(d + "/signs") + " --grid " + p.grids[0].grid_id + " --grid " +
               p.grids[1].grid_id,
           1);
  EXPECT_NE(out.find("没有网格员姓名和电话"), std::string::npos) << out;
  out = zh("signs " + q(plan) + " -o " + q(d + "/signs") + " --format pdf,png --dpi 50 --grid " +
               p.grids[0].grid_id + " --roster " + q(d + "/town-roster.csv"),
           0);
  EXPECT_NE(out.find("公示牌：已输出 1 块"), std::string::npos) << out;
}

TEST_F(Language, ErrorsAndHelpAreChinese) {
  const std::string d = dir_.string();
  auto zh = [&](const std::string& args, int rc) {
    auto r = inLocale("zh_CN.UTF-8", args);
    EXPECT_EQ(r.exit_code, rc) << args << "\n" << r.out;
    EXPECT_TRUE(hasChinese(r.out)) << args << "\n" << r.out;
    EXPECT_EQ(joined(englishWords(r.out, {d, "abc"})), "") << args << "\n" << r.out;
    return r.out;
  };
  // Bad options, values and missing arguments (CLI11's errors); unexpected arguments in the order given.
  EXPECT_NE(zh("partition --bogus", 2).find("无法识别的参数：--bogus"), std::string::npos);
  EXPECT_NE(zh("partition --bogus abc", 2).find("无法识别的参数：--bogus abc"), std::string::npos);
  zh("inspect", 2);
  zh("synth --households 10 -o " + q(d + "/t.gpkg"), 2);
  zh("partition --buildings " + q(town_) + " -o " + q(d + "/p.gpkg") + " --grid-min abc", 2);
  zh("export " + q(town_) + " --format pdf -o " + q(d + "/x"), 2);
  zh("signs " + q(town_) + " --dpi 5 -o " + q(d + "/s"), 2);
  zh("", 2);
  // Our own errors: missing files, wrong names, inputs that would be overwritten, bounds.
  zh("synth -o " + q(d + "/t.shp"), 2);
  zh("partition --buildings " + q(d + "/none.gpkg") + " -o " + q(d + "/p.gpkg"), 2);
  zh("partition --buildings " + q(town_) + " -o " + q(d + "/p.shp"), 2);
  zh("partition --buildings " + q(town_) + " -o " + q(town_), 2);
  zh("partition --buildings " + q(town_) + " -o " + q(d + "/p.gpkg") + " --grid-min 500 --grid-max 400", 2);
  zh("signs " + q(d + "/none.gpkg") + " -o " + q(d + "/s"), 2);
  zh("signs " + q(town_), 2);
  zh("export " + q(d + "/none.gpkg") + " --format csv -o " + q(d + "/x.csv"), 2);
  // A sign template whose QR text no QR code holds: the reader's mistake (exit 2), not an internal error.
  {
    std::ofstream(d + "/long-qr.json") << R"({"qr": {"content": ")" << std::string(4000, 'x') << R"("}})";
  }
  int rc = -1;
  const std::string plan = d + "/plan.gpkg";
  partition("C.UTF-8", "-q", plan, &rc);
  ASSERT_EQ(rc, 0);
  std::string out = zh("signs " + q(plan) + " -o " + q(d + "/qr") + " --template " + q(d + "/long-qr.json") +
                           " --roster " + q(d + "/town-roster.csv") + " --grid " +
                           gp::io::readPlan(plan).grids[0].grid_id,
                       2);
  EXPECT_NE(out.find("二维码"), std::string::npos) << out;
  EXPECT_NE(out.find("qr.content"), std::string::npos) << out;
  // A language that is neither, in the language of the environment.
  EXPECT_NE(zh("--lang fr synth --help", 2).find("未知语言"), std::string::npos);
  // --help of gridplan and of every command, its headings with the Chinese colon.
  EXPECT_NE(zh("--help", 0).find("用法："), std::string::npos);
  for (const char* cmd : {"synth", "inspect", "partition", "check", "signs", "studio", "export"}) {
    std::string help = zh(std::string(cmd) + " --help", 0);
    EXPECT_NE(help.find("\n选项：\n"), std::string::npos) << cmd;
    EXPECT_EQ(help.find(":\n"), std::string::npos) << cmd << "\n" << help;
  }

  // In English the same errors read as they did.
  auto en = inLocale("C", "partition --bogus");
  EXPECT_NE(en.out.find("The following argument was not expected: --bogus"), std::string::npos) << en.out;
  EXPECT_NE(inLocale("C", "partition --help").out.find("OPTIONS"), std::string::npos);
}

}  // namespace

// A gridplan copied away from its catalogs cannot speak Chinese; it says so in both languages instead of
// falling back to English without a word. Beside its catalogs (the build) it says nothing of the kind.
TEST(LanguageCatalog, AMissingChineseCatalogIsSaidInBothLanguages) {
  auto dir = gp::test::tempDir("nocatalog");
  const auto copy = dir / "gridplan";
  std::filesystem::copy_file(GRIDPLAN_BINARY, copy);
  auto r = runShell("env -u GRIDPLAN_LOCALEDIR " + q(copy.string()) + " --lang zh synth --help");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("找不到中文消息目录"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("No Chinese message catalog found"), std::string::npos) << r.out;

  auto english = runShell("env -u GRIDPLAN_LOCALEDIR " + q(copy.string()) + " --lang en synth --help");
  EXPECT_EQ(english.out.find("No Chinese message catalog"), std::string::npos) << english.out;
  auto built = runShell("env -u GRIDPLAN_LOCALEDIR " + q(GRIDPLAN_BINARY) + " --lang zh synth --help");
  EXPECT_EQ(built.out.find("找不到中文消息目录"), std::string::npos) << built.out;
}
