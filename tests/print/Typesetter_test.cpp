#include "geo/print/Typesetter.hpp"

#include <gtest/gtest.h>

#include <cairo.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>

using namespace gp::print;

namespace {

// An ARGB image surface, transparent, with its cairo context and the typesetter begun on it.
struct Canvas {
  cairo_surface_t* s;
  cairo_t* cr;
  Canvas(int w, int h)
      : s(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h)), cr(cairo_create(s)) {}
  ~Canvas() {
    cairo_destroy(cr);
    cairo_surface_destroy(s);
  }
  // True when any pixel at (x, y) with x outside [x0, x1) or y outside [y0, y1) has ink.
  bool inkOutside(int x0, int y0, int x1, int y1) {
    cairo_surface_flush(s);
    const int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    const int stride = cairo_image_surface_get_stride(s);
    const unsigned char* data = cairo_image_surface_get_data(s);
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        if (x >= x0 && x < x1 && y >= y0 && y < y1) continue;
        uint32_t px;
        std::memcpy(&px, data + y * stride + x * 4, 4);
        if (px >> 24) return true;
      }
    return false;
  }
  bool anyInk() { return inkOutside(0, 0, 0, 0); }
};

TextStyle body(double size) {
  TextStyle st;
  st.size = size;
  return st;
}

const std::string kLong =
    "信息采集、矛盾调解、安全巡查、便民服务、政策宣传、重点人群关爱、环境整治、应急处置，网格员每周走访每户一次";

}  // namespace

TEST(Typesetter, ShortTextFitsAtItsOwnSize) {
  Typesetter ts;
  TextFit f = ts.measure("幸福社区", body(12), 400, 100);
  EXPECT_DOUBLE_EQ(f.size, 12);
  EXPECT_FALSE(f.cut);
  EXPECT_GT(f.width, 0);
  EXPECT_LE(f.width, 400);
  EXPECT_LE(f.height, 100);
  // The same line as lineSize measures it.
  TextFit line = ts.lineSize("幸福社区", body(12));
  EXPECT_NEAR(f.width, line.width, 0.01);
}

TEST(Typesetter, LongTextWrapsAndShrinksIntoItsBoxWithoutCutting) {
  Typesetter ts;
  TextStyle st = body(14);
  st.min_size = 6;
  const double w = 120, h = 80;
  EXPECT_GT(ts.lineSize(kLong, st).width, w);  // one line would not fit
  TextFit f = ts.measure(kLong, st, w, h);
  EXPECT_LE(f.width, w + 0.01);
  EXPECT_LE(f.height, h + 0.01);
  EXPECT_LE(f.size, 14);
  EXPECT_GE(f.size, 6);
  EXPECT_FALSE(f.cut);
  // Wrapped: taller than one line at the size used.
  EXPECT_GT(f.height, 1.5 * ts.lineSize("信", body(f.size)).height);
}

TEST(Typesetter, TextThatCannotFitEvenAtTheSmallestSizeIsCut) {
  Typesetter ts;
  TextStyle st = body(12);
  st.min_size = 10;
  st.wrap = false;
  TextFit f = ts.measure(kLong, st, 60, 20);
  EXPECT_TRUE(f.cut);
  EXPECT_DOUBLE_EQ(f.size, 10);
  EXPECT_LE(f.width, 60 + 0.01);
}

TEST(Typesetter, OneLineShrinksToTheWidthBeforeCutting) {
  Typesetter ts;
  TextStyle st = body(20);
  st.wrap = false;
  st.min_size = 4;
  const double full = ts.lineSize("第一网格", st).width;
  TextFit f = ts.measure("第一网格", st, full * 0.6, 40);
  EXPECT_FALSE(f.cut);
  EXPECT_LT(f.size, 20);
  EXPECT_LE(f.width, full * 0.6 + 0.01);
}

TEST(Typesetter, DrawnTextNeverLeavesItsBox) {
  Canvas c(300, 200);
  Typesetter ts;
  ts.begin(c.cr);
  TextStyle st = body(16);
  st.min_size = 8;
  const Box box{50, 40, 100, 60};
  ts.draw(c.cr, kLong + kLong, st, box);
  EXPECT_TRUE(c.anyInk());
  EXPECT_FALSE(c.inkOutside(50, 40, 150, 100));
}

TEST(Typesetter, AlignmentPlacesTheLineInItsBox) {
  Typesetter ts;
  auto inkSpan = [&](Align a, int& left, int& right) {
    Canvas c(400, 40);
    ts.begin(c.cr);
    TextStyle st = body(14);
    st.align = a;
    st.wrap = false;
    ts.draw(c.cr, "网格", st, {0, 0, 400, 40});
    cairo_surface_flush(c.s);
    const int stride = cairo_image_surface_get_stride(c.s);
    const unsigned char* data = cairo_image_surface_get_data(c.s);
    left = 400, right = -1;
    for (int y = 0; y < 40; ++y)
      for (int x = 0; x < 400; ++x) {
        uint32_t px;
        std::memcpy(&px, data + y * stride + x * 4, 4);
        if (px >> 24) left = std::min(left, x), right = std::max(right, x);
      }
  };
  int l0, r0, l1, r1, l2, r2;
  inkSpan(Align::Left, l0, r0);
  inkSpan(Align::Center, l1, r1);
  inkSpan(Align::Right, l2, r2);
  ASSERT_GE(r0, 0);
  EXPECT_LT(l0, 10);
  EXPECT_NEAR((l1 + r1) / 2.0, 200, 6);
  EXPECT_GT(r2, 390);
}

TEST(Typesetter, LabelIsCentredOnItsPointAndReturnsItsLineSize) {
  Canvas c(200, 100);
  Typesetter ts;
  ts.begin(c.cr);
  TextStyle st = body(12);
  TextFit f = ts.label(c.cr, "1号楼", st, 100, 50, 0, 2);
  TextFit line = ts.lineSize("1号楼", st);
  EXPECT_NEAR(f.width, line.width, 0.01);
  EXPECT_NEAR(f.height, line.height, 0.01);
  // Text and its halo lie around (100, 50), within the line's half size plus the halo.
  const int hw = int(f.width / 2 + 2 + 2), hh = int(f.height / 2 + 2 + 2);
  EXPECT_TRUE(c.anyInk());
  EXPECT_FALSE(c.inkOutside(100 - hw, 50 - hh, 100 + hw, 50 + hh));
}

TEST(Typesetter, CountsGlyphsNoFontHas) {
  Canvas c(200, 60);
  Typesetter ts;
  ts.begin(c.cr);
  ts.draw(c.cr, "幸福社区", body(12), {0, 0, 200, 30});
  EXPECT_EQ(ts.unknownGlyphs(), 0);
  EXPECT_TRUE(ts.textsWithUnknownGlyphs().empty());
  // U+E000 is a private-use code point: no installed font draws it.
  const std::string odd = "网格\xEE\x80\x80";
  ts.draw(c.cr, odd, body(12), {0, 30, 200, 30});
  EXPECT_EQ(ts.unknownGlyphs(), 1);
  ASSERT_EQ(ts.textsWithUnknownGlyphs().size(), 1u);
  EXPECT_EQ(ts.textsWithUnknownGlyphs().back(), odd);
}
