#include "geo/print/SignTemplate.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "geo/core/Error.hpp"
#include "tests/support/TestSupport.hpp"

using namespace gp;
using namespace gp::print;

namespace {
std::string write(const std::string& name, const std::string& text) {
  auto p = gp::test::tempDir("tmpl") / name;
  std::ofstream(p) << text;
  return p.string();
}
}  // namespace

TEST(SignTemplate, ShippedA3FileSpellsOutTheDefaults) {
  SignTemplate shipped = loadTemplate(std::string(GRIDPLAN_SOURCE_DIR) + "/assets/sign-a3.json");
  SignTemplate d;
  EXPECT_EQ(shipped.page_width_mm, d.page_width_mm);
  EXPECT_EQ(shipped.page_height_mm, d.page_height_mm);
  EXPECT_EQ(shipped.accent, d.accent);
  EXPECT_EQ(shipped.river, d.river);
  EXPECT_EQ(shipped.title, d.title);
  EXPECT_EQ(shipped.default_duties, d.default_duties);
  EXPECT_EQ(shipped.qr_content, d.qr_content);
  EXPECT_EQ(shipped.show_photo, d.show_photo);
}

TEST(SignTemplate, PartialFileOverridesOnlyItsKeys) {
  auto t = loadTemplate(write("a4.json", R"({"page": {"width_mm": 210, "height_mm": 297},
    "colors": {"accent": "#004080"}, "titles": {"title": "网格公示牌"}, "blocks": {"qr": false},
    "qr": {"content": "https://wg.example.cn/{grid_id}"}})"));
  EXPECT_EQ(t.page_width_mm, 210);
  EXPECT_EQ(t.accent, 0x004080u);
  EXPECT_EQ(t.title, "网格公示牌");
  EXPECT_FALSE(t.show_qr);
  EXPECT_TRUE(t.show_map);
  EXPECT_EQ(t.margin_mm, 12);
  EXPECT_NEAR(t.pageWidthPt(), 595.28, 0.01);
}

TEST(SignTemplate, BadFilesNameTheKey) {
  try {
    loadTemplate(write("bad.json", R"({"colors": {"acent": "#FF0000"}})"));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("colors.acent"), std::string::npos) << e.what();
  }
  try {
    loadTemplate(write("bad2.json", R"({"colors": {"accent": "red"}})"));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("#RRGGBB"), std::string::npos) << e.what();
  }
  EXPECT_THROW(loadTemplate(write("bad3.json", "{ not json")), InputError);
  EXPECT_THROW(loadTemplate(write("bad4.json", R"({"page": {"width_mm": "wide"}})")), InputError);
  EXPECT_THROW(loadTemplate("/nonexistent/template.json"), InputError);
  // A number beyond a double is JSON's out_of_range, not a parse_error: an input error, never an internal one
  // (fuzz_sign_template's finding).
  EXPECT_THROW(loadTemplate(write("huge.json", R"({"page": {"width_mm": 7e665}})")), InputError);
}

TEST(SignTemplate, QrContentExpands) {
  EXPECT_EQ(expandQr("tel:{phone}", "13812345678", "320508019044001", "一网格", "320508019044"), "tel:13812345678");
  EXPECT_EQ(expandQr("https://x.cn/g/{grid_id}?c={community_id}", "", "320508019044001", "", "320508019044"),
            "https://x.cn/g/320508019044001?c=320508019044");
  EXPECT_EQ(expandQr("tel:{phone}", "", "320508019044001", "", ""), "") << "no phone: nothing to encode";
  Rgb c;
  EXPECT_TRUE(parseRgb("#b71c1c", c));
  EXPECT_EQ(c, 0xB71C1Cu);
  EXPECT_FALSE(parseRgb("#12345", c));
}
