// Issue 13: the input reader's errors and problems speak the planner's language. Each bad input is run under
// LANG=zh_CN.UTF-8 and under LANG=C: the Chinese message holds the expected term and, once the data it quotes
// (paths, field names, options, codes, GDAL's own text) is taken out, no English word; the English one reads as
// it always has.
#include <gtest/gtest.h>

#include <cstdlib>
#include <regex>
#include <set>
#include <sstream>

#include "tests/badinput/BadInputSupport.hpp"

using namespace gp::badinput;
using gp::test::q;

namespace {

// The case's command with only the given locale variables (the test's own environment may set LANGUAGE or LC_ALL).
gp::test::RunResult runIn(const Case& c, const std::string& locale, const std::string& args) {
  const char* other = std::getenv("GRIDPLAN_UNDER_TEST");
  std::string bin = other && *other ? other : GRIDPLAN_BINARY;
  return gp::test::runShell("cd " + q(c.dir().string()) + " && env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=" +
                            locale + " " + q(bin) + " " + args);
}

// The message of the first line holding `after` (a problem kind, or "gridplan:" for an error that stops the run):
// the text behind the first `lead` (the feature and its colon) on that line or a later one.
std::string messageOf(const std::string& out, const std::string& after, const std::string& lead) {
  std::istringstream in(out);
  std::string line;
  bool seen = false;
  while (std::getline(in, line)) {
    if (!seen && line.find(after) == std::string::npos) continue;
    seen = true;
    auto p = line.find(lead);
    if (p != std::string::npos) return line.substr(p + lead.size());
  }
  return "";
}

// English words left in `msg` once the quoted data is removed: every string of `data`, the text between `from` and
// `to` (GDAL's own message), options (--x), and tokens holding a path, code or number (/ . : = _ < > or a digit).
// Names of formats, programs and coordinate systems are words of both languages.
std::vector<std::string> englishWords(std::string msg, const std::vector<std::string>& data,
                                      const std::string& from = "", const std::string& to = "") {
  if (!from.empty()) {
    auto a = msg.find(from);
    auto b = a == std::string::npos ? a : msg.find(to, a + from.size());
    if (b != std::string::npos) msg.erase(a + from.size(), b - a - from.size());
  }
  for (const auto& d : data)
    for (auto p = msg.find(d); !d.empty() && p != std::string::npos; p = msg.find(d)) {
      msg.erase(p, d.size());
      msg.insert(p, 1, ' ');
    }
  static const std::set<std::string> both = {
      "GDAL", "GEOS", "QGIS", "CRS", "EPSG", "WGS", "UTM", "CGCS", "PROJ", "OGR", "SQL", "GBK", "UTF", "OSM", "PBF", "PG",
      "Shapefile", "GeoPackage", "GeoJSON", "FlatGeobuf", "gridplan", "prj", "dbf", "shp", "shx", "cpg", "fid", "id"};
  std::vector<std::string> left;
  static const std::regex token(R"([!-~]+)");  // a run of printable ASCII
  for (auto it = std::sregex_iterator(msg.begin(), msg.end(), token); it != std::sregex_iterator(); ++it) {
    std::string t = it->str();
    if (t.rfind("--", 0) == 0 || t.find_first_of("/.:=_<>0123456789") != std::string::npos) continue;
    static const std::regex word("[A-Za-z]{2,}");
    for (auto w = std::sregex_iterator(t.begin(), t.end(), word); w != std::sregex_iterator(); ++w)
      if (!both.count(w->str())) left.push_back(w->str());
  }
  return left;
}

bool hasChinese(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0xE4 && c <= 0xE9) return true;
  return false;
}

std::string partitionArgs(const Case& c, const std::string& extra) {
  return "partition -q -o " + q(c.out("plan.gpkg").string()) + " --buildings in/b.gpkg " + extra;
}

}  // namespace

TEST(ChineseMessages, MissingCrs) {
  Case c("zh-nocrs");
  Town t = town(12, 30);
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", 0, wkbPolygon, t.fields, t.feats);
  c.snapshot();
  auto zh = runIn(c, "zh_CN.UTF-8", "inspect --buildings in/b.gpkg");
  ASSERT_EQ(zh.exit_code, 0) << zh.out;
  std::string m = messageOf(zh.out, "missing_crs", "b.gpkg: ");
  EXPECT_NE(m.find("没有坐标系"), std::string::npos) << zh.out;
  EXPECT_NE(m.find("--crs EPSG:N"), std::string::npos) << m;
  EXPECT_EQ(englishWords(m, {}), std::vector<std::string>{}) << m;
  EXPECT_NE(zh.out.find("[buildings]  无  "), std::string::npos) << "the layer's CRS in the layer list\n" << zh.out;

  auto en = runIn(c, "C", "inspect --buildings in/b.gpkg");
  ASSERT_EQ(en.exit_code, 0) << en.out;
  EXPECT_NE(en.out.find("[buildings]  none  "), std::string::npos) << en.out;
  m = messageOf(en.out, "missing_crs", "b.gpkg: ");
  EXPECT_EQ(m.rfind("The layer has no CRS (a Shapefile without .prj?) and its coordinates (x 500000 … ", 0), 0u) << m;
  EXPECT_NE(m.find(") are neither degrees nor zone-prefixed eastings; they are taken to be metres in the CRS gridplan "
                   "works in. Pass --crs EPSG:N naming their CRS, or add the .prj."),
            std::string::npos)
      << m;
  EXPECT_FALSE(hasChinese(m)) << m;
  c.expectInputsUnchanged();
}

TEST(ChineseMessages, NegativeHouseholds) {
  Case c("zh-negative");
  Town t = town(12, 30, OFTInteger);
  t.feats[5].values[1] = "-5";
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  c.snapshot();
  const std::string feature = "b.gpkg:fid=6 (bld_id=B6): ";
  auto zh = runIn(c, "zh_CN.UTF-8", partitionArgs(c, ""));
  EXPECT_EQ(zh.exit_code, 1) << zh.out;
  std::string m = messageOf(zh.out, "negative_count", feature);
  EXPECT_NE(m.find("户数“-5”为负数"), std::string::npos) << zh.out;
  EXPECT_NE(m.find("households"), std::string::npos) << "the field is named: " << m;
  EXPECT_EQ(englishWords(m, {"households"}), std::vector<std::string>{}) << m;
  // The summary problem of the buildings left out, and the kind, which stays an English key.
  std::string left = messageOf(zh.out, "buildings_left_out", "b.gpkg: ");
  EXPECT_NE(left.find("不计入方案"), std::string::npos) << zh.out;
  EXPECT_EQ(englishWords(left, {}), std::vector<std::string>{}) << left;

  fs::remove(c.out("plan.gpkg"));
  auto en = runIn(c, "C", partitionArgs(c, ""));
  EXPECT_EQ(en.exit_code, 1) << en.out;
  EXPECT_EQ(messageOf(en.out, "negative_count", feature),
            "Households \"-5\" in field households is negative; the building is left out of the plan. Correct the value.");
  EXPECT_EQ(messageOf(en.out, "buildings_left_out", "b.gpkg: "),
            "1 building is left out of the plan because a count in it is not usable (listed above by feature). Correct "
            "the values and run again.");
  c.expectInputsUnchanged();
}

TEST(ChineseMessages, DamagedFile) {
  Case c("zh-damaged");
  Town t = town(2000, 30);
  t.fields.push_back({"note", OFTString});
  for (auto& f : t.feats) f.values.push_back(std::string(200, 'x'));
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  overwrite(c.in("b.gpkg"), (fs::file_size(c.in("b.gpkg")) / 2) / 4096 * 4096, 4096, 0xff);
  c.snapshot();
  auto zh = runIn(c, "zh_CN.UTF-8", partitionArgs(c, ""));
  EXPECT_EQ(zh.exit_code, 2) << zh.out;
  std::string m = messageOf(zh.out, "gridplan:", "gridplan: ");
  EXPECT_NE(m.find("--buildings in/b.gpkg，图层 buildings：读取失败"), std::string::npos) << zh.out;
  EXPECT_NE(m.find("文件已损坏"), std::string::npos) << m;
  EXPECT_EQ(englishWords(m, {"buildings"}, "GDAL 报告：", "。文件已损坏"), std::vector<std::string>{}) << m;
  EXPECT_FALSE(fs::exists(c.out("plan.gpkg")));

  auto en = runIn(c, "C", partitionArgs(c, ""));
  EXPECT_EQ(en.exit_code, 2) << en.out;
  m = messageOf(en.out, "gridplan:", "gridplan: ");
  EXPECT_EQ(m.rfind("--buildings in/b.gpkg, layer buildings: reading failed ", 0), 0u) << m;
  EXPECT_NE(m.find("fid="), std::string::npos) << m;
  EXPECT_NE(m.find(". The file is damaged (truncated, or copied incompletely); nothing was written. Copy it again from "
                   "its source, or open it in QGIS and save a copy to see what is lost."),
            std::string::npos)
      << m;
  EXPECT_FALSE(hasChinese(m)) << m;
  c.expectInputsUnchanged();
}

TEST(ChineseMessages, PointLayerAsBarriers) {
  Case c("zh-point-barriers");
  Town t = town(12, 30);
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  writeLayer(c.in("p.gpkg"), "GPKG", "pois", kEpsg, wkbPoint, {{"name", OFTString}}, {{"POINT (500010 3450030)", {"x"}}});
  c.snapshot();
  auto zh = runIn(c, "zh_CN.UTF-8", partitionArgs(c, "--barriers in/p.gpkg"));
  EXPECT_EQ(zh.exit_code, 2) << zh.out;
  std::string m = messageOf(zh.out, "gridplan:", "gridplan: ");
  EXPECT_NE(m.find("--barriers in/p.gpkg，图层 pois：该图层是点图层"), std::string::npos) << zh.out;
  EXPECT_NE(m.find("阻隔"), std::string::npos) << m;
  EXPECT_EQ(englishWords(m, {"pois"}), std::vector<std::string>{}) << m;

  auto en = runIn(c, "C", partitionArgs(c, "--barriers in/p.gpkg"));
  EXPECT_EQ(en.exit_code, 2) << en.out;
  EXPECT_EQ(messageOf(en.out, "gridplan:", "gridplan: "),
            "--barriers in/p.gpkg, layer pois: the layer holds points, but a barrier is a line (a road, railway or "
            "river) or an area. Give the line layer.");
  c.expectInputsUnchanged();
}

TEST(ChineseMessages, MissingFileAndUnknownField) {
  Case c("zh-paths");
  Town t = town(12, 30);
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  c.snapshot();
  auto zh = runIn(c, "zh_CN.UTF-8", "inspect --buildings in/nosuch.gpkg");
  EXPECT_EQ(zh.exit_code, 2) << zh.out;
  std::string m = messageOf(zh.out, "gridplan:", "gridplan: ");
  EXPECT_NE(m.find("文件不存在"), std::string::npos) << zh.out;
  EXPECT_EQ(englishWords(m, {}), std::vector<std::string>{}) << m;

  zh = runIn(c, "zh_CN.UTF-8", "inspect --buildings in/b.gpkg --households-field houshold");
  EXPECT_EQ(zh.exit_code, 2) << zh.out;
  m = messageOf(zh.out, "gridplan:", "gridplan: ");
  EXPECT_NE(m.find("没有该名称的字段"), std::string::npos) << zh.out;
  EXPECT_NE(m.find("households"), std::string::npos) << "the closest field is named: " << m;
  EXPECT_EQ(englishWords(m, {"--households-field", "houshold", "households", "buildings", "bld_id", "floors"}), std::vector<std::string>{})
      << m;

  auto en = runIn(c, "C", "inspect --buildings in/b.gpkg --households-field houshold");
  EXPECT_EQ(en.exit_code, 2) << en.out;
  EXPECT_EQ(messageOf(en.out, "gridplan:", "gridplan: "),
            "--households-field houshold: layer buildings of in/b.gpkg has no field of that name. Did you mean "
            "households? Its fields are: bld_id, households, floors");
  c.expectInputsUnchanged();
}

TEST(ChineseMessages, RepairedPolygon) {
  // A bow tie: GEOS repairs it, and the message names the layer's kind of polygon in a whole sentence.
  Case c("zh-bowtie");
  Town t = town(12, 30);
  t.feats[0].wkt = "POLYGON ((500000 3450000,500020 3450012,500020 3450000,500000 3450012,500000 3450000))";
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  c.snapshot();
  const std::string feature = "b.gpkg:fid=1 (bld_id=B1): ";
  auto zh = runIn(c, "zh_CN.UTF-8", "inspect --buildings in/b.gpkg");
  ASSERT_EQ(zh.exit_code, 0) << zh.out;
  std::string m = messageOf(zh.out, "invalid_geometry", feature);
  EXPECT_EQ(m.rfind("该楼栋多边形无效（", 0), 0u) << zh.out;
  EXPECT_NE(m.find("已用 GEOS MakeValid 修复"), std::string::npos) << m;
  // GEOS's reason is quoted as GEOS gives it; QGIS's menu path is given in Chinese and, in brackets, in English.
  EXPECT_EQ(englishWords(m, {"MakeValid", "Vector › Geometry Tools › Check Validity"}, "无效（", "），"),
            std::vector<std::string>{})
      << m;

  auto en = runIn(c, "C", "inspect --buildings in/b.gpkg");
  ASSERT_EQ(en.exit_code, 0) << en.out;
  m = messageOf(en.out, "invalid_geometry", feature);
  EXPECT_EQ(m.rfind("The building polygon was invalid (", 0), 0u) << en.out;
  EXPECT_NE(m.find(") and was repaired with GEOS MakeValid. Check its shape in QGIS (Vector › Geometry Tools › Check "
                   "Validity)."),
            std::string::npos)
      << m;
  c.expectInputsUnchanged();
}
