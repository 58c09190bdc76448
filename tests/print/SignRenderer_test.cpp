// One sign drawn from the fixture plan: PDF text, PNG size, QR decoding, a non-empty map, no
// missing glyphs, text that never overflows, and the same pixels from several threads at once.
#include "geo/print/SignRenderer.hpp"

#include <gtest/gtest.h>
#include <pango/pangocairo.h>

#include <fstream>
#include <thread>

#include "geo/print/SignBatch.hpp"
#include "tests/print/SignFixture.hpp"
#include "tests/support/TestSupport.hpp"

using namespace gp;
using namespace gp::print;

namespace {

struct Fixture : ::testing::Test {
  Plan plan = test::signFixturePlan();
  SignTemplate tmpl;
};

std::string pdftotext(const std::filesystem::path& pdf) {
  auto r = test::runShell("pdftotext -layout " + test::q(pdf.string()) + " -");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  return r.out;
}

// Renders to an RGB24 image at `dpi`; the caller destroys it.
cairo_surface_t* renderImage(SignRenderer& r, const SignData& d, double dpi) {
  int w, h;
  pagePixels(r.tmpl(), dpi, w, h);
  cairo_surface_t* img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  cairo_t* cr = cairo_create(img);
  cairo_scale(cr, double(w) / r.pageWidth(), double(h) / r.pageHeight());
  r.render(cr, d, "2026-11-23");
  cairo_destroy(cr);
  cairo_surface_flush(img);
  return img;
}

}  // namespace

TEST_F(Fixture, PdfCarriesCodeWorkerPhoneDutiesAndUnitTable) {
  SignRenderer r(tmpl);
  SignIndex index(plan);
  auto dir = test::tempDir("pdf");
  SignData d = index.make(0, r.mapAspect());
  writeSignPdf(r, d, "2026-11-23", (dir / "a.pdf").string());
  std::string text = pdftotext(dir / "a.pdf");
  for (const char* s : {"网格服务公示牌", "320508019044001", "张伟", "13812345678", "负责本网格信息采集", "幸福社区",
                        "幸福一网格", "1号楼", "3号楼", "2026-11-23", "王建国", "一牌四公开"})
    EXPECT_NE(text.find(s), std::string::npos) << "missing \"" << s << "\" in:\n" << text;
  // Unit 04 holds 4号楼 and the upper floors of 3号楼's third entrance.
  EXPECT_NE(text.find("3号楼3单元 4–6层"), std::string::npos) << text;
  EXPECT_EQ(r.typesetter().unknownGlyphs(), 0);
  auto info = test::runShell("pdfinfo " + test::q((dir / "a.pdf").string()));
  EXPECT_NE(info.out.find("Pages:           1\n"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("841.89 x 1190.55 pts"), std::string::npos) << info.out;  // A3
}

TEST_F(Fixture, QrDecodesToTelOfTheWorker) {
  SignRenderer r(tmpl);
  SignIndex index(plan);
  auto dir = test::tempDir("qr");
  writeSignPng(r, index.make(1, r.mapAspect()), "2026-11-23", 150, (dir / "b.png").string());
  EXPECT_EQ(test::decodeQr((dir / "b.png").string()), "tel:0512-66881234\n");
}

TEST_F(Fixture, QrFollowsTheTemplateWithGridId) {
  tmpl.qr_content = "https://wg.example.cn/grid/{grid_id}";
  SignRenderer r(tmpl);
  SignIndex index(plan);
  auto dir = test::tempDir("qr2");
  writeSignPng(r, index.make(2, r.mapAspect()), "2026-11-23", 150, (dir / "c.png").string());
  EXPECT_EQ(test::decodeQr((dir / "c.png").string()), "https://wg.example.cn/grid/320508019044003\n");
}

TEST_F(Fixture, PngSizeMatchesDpi) {
  int w, h;
  pagePixels(tmpl, 300, w, h);
  EXPECT_EQ(w, 3508);
  EXPECT_EQ(h, 4961);
  SignRenderer r(tmpl);
  SignIndex index(plan);
  auto dir = test::tempDir("png");
  writeSignPng(r, index.make(0, r.mapAspect()), "2026-11-23", 72, (dir / "a.png").string());
  auto f = test::runShell("file " + test::q((dir / "a.png").string()));
  EXPECT_NE(f.out.find("842 x 1191"), std::string::npos) << f.out;
}

TEST_F(Fixture, MapAreaIsDrawnAndHoldsTheGridsBuildings) {
  SignRenderer r(tmpl);
  SignIndex index(plan);
  const double dpi = 50;
  cairo_surface_t* img = renderImage(r, index.make(0, r.mapAspect()), dpi);
  const double s = dpi / 72;
  const Box& m = r.mapBox();
  int stride = cairo_image_surface_get_stride(img);
  auto* data = cairo_image_surface_get_data(img);
  int building_px = 0, other = 0, total = 0;
  for (int y = int(m.y * s) + 2; y < int(m.bottom() * s) - 2; ++y)
    for (int x = int(m.x * s) + 2; x < int(m.right() * s) - 2; ++x) {
      uint32_t v = reinterpret_cast<uint32_t*>(data + y * stride)[x] & 0xFFFFFF;
      ++total;
      if (v == tmpl.building) ++building_px;
      else if (v != 0xFFFFFF) ++other;
    }
  cairo_surface_destroy(img);
  EXPECT_GT(building_px, total / 300) << "buildings of the grid fill part of the map";
  EXPECT_GT(other, total / 10) << "surroundings, roads and lines are drawn";
}

TEST_F(Fixture, SignWithNoWorkerStillPrintsWithBlankLines) {
  SignRenderer r(tmpl);
  SignIndex index(plan);
  auto dir = test::tempDir("noworker");
  SignData d = index.make(2, r.mapAspect());
  ASSERT_TRUE(d.worker_name.empty());
  writeSignPdf(r, d, "2026-11-23", (dir / "c.pdf").string());
  std::string text = pdftotext(dir / "c.pdf");
  EXPECT_NE(text.find("320508019044003"), std::string::npos);
  EXPECT_NE(text.find("网格员"), std::string::npos);
  EXPECT_NE(text.find("二维码"), std::string::npos) << "a box for the QR sticker instead of a code";
  // Default duties from the template.
  EXPECT_NE(text.find("信息采集"), std::string::npos);
}

TEST_F(Fixture, LongNamesShrinkOrWrapAndNeverOverflow) {
  Typesetter ts;
  cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10);
  cairo_t* cr = cairo_create(s);
  ts.begin(cr);
  TextStyle one;
  one.size = 30;
  one.wrap = false;
  std::string longname = "幸福街道幸福社区第一居民小组东方明珠花园北区全科网格服务站";
  TextFit f = ts.measure(longname, one, 200, 40);
  EXPECT_LE(f.width, 200.0);
  EXPECT_LE(f.height, 40.0);
  EXPECT_LT(f.size, 30.0);
  TextStyle para;
  para.size = 14;
  std::string duties;
  for (int i = 0; i < 40; ++i) duties += "负责信息采集、矛盾调解、安全巡查、政策宣传和便民服务。";
  f = ts.measure(duties, para, 150, 100);
  EXPECT_LE(f.width, 150.0);
  EXPECT_LE(f.height, 100.0);
  EXPECT_TRUE(f.cut) << "far too long for the box: ends in an ellipsis rather than spilling";
  f = ts.measure("3号楼2单元 1–7层", para, 400, 40);
  EXPECT_FALSE(f.cut);
  EXPECT_DOUBLE_EQ(f.size, 14.0);
  cairo_destroy(cr);
  cairo_surface_destroy(s);
}

TEST_F(Fixture, ChineseTextHasNoMissingGlyphs) {
  Typesetter ts;
  cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 600, 200);
  cairo_t* cr = cairo_create(s);
  ts.begin(cr);
  TextStyle st;
  ts.draw(cr, "网格服务公示牌 一牌四公开 楼栋长 鑫淼犇骉 3号楼2单元 1–7层 ０５１２－１２３４", st, {0, 0, 600, 200});
  EXPECT_EQ(ts.unknownGlyphs(), 0);
  // A private-use code point no font has is counted, so the check can fail.
  ts.draw(cr, "\xEE\x80\x80", st, {0, 0, 600, 200});
  EXPECT_GT(ts.unknownGlyphs(), 0);
  cairo_destroy(cr);
  cairo_surface_destroy(s);
}

TEST_F(Fixture, ThreadsRenderTheSamePixelsAsOne) {
  SignIndex index(plan);
  auto render = [&](int g) {
    SignRenderer r(tmpl);
    cairo_surface_t* img = renderImage(r, index.make(g, r.mapAspect()), 40);
    int n = cairo_image_surface_get_stride(img) * cairo_image_surface_get_height(img);
    std::string bytes(reinterpret_cast<char*>(cairo_image_surface_get_data(img)), size_t(n));
    cairo_surface_destroy(img);
    return bytes;
  };
  std::vector<std::string> single;
  for (int g = 0; g < 3; ++g) single.push_back(render(g));
  std::vector<std::string> multi(12);
  std::vector<std::thread> th;
  for (int i = 0; i < 12; ++i) th.emplace_back([&, i] { multi[size_t(i)] = render(i % 3); });
  for (auto& t : th) t.join();
  for (int i = 0; i < 12; ++i) EXPECT_TRUE(multi[size_t(i)] == single[size_t(i % 3)]) << "thread " << i;
}

TEST_F(Fixture, ManyUnitsFitTheTableInColumns) {
  // 60 units in one grid: the table continues in columns at a smaller size and stays in its box.
  Plan p = plan;
  for (int i = 0; i < 57; ++i) {
    Unit u = p.units[0];
    char seq[16];
    std::snprintf(seq, sizeof seq, "%02d", 10 + i);
    u.unit_id = p.grids[0].grid_id + seq;
    u.leader_name = "";
    p.units.push_back(u);
  }
  SignRenderer r(tmpl);
  SignIndex index(p);
  SignData d = index.make(0, r.mapAspect());
  EXPECT_EQ(d.rows.size(), 63u);
  auto dir = test::tempDir("many");
  writeSignPdf(r, d, "2026-11-23", (dir / "many.pdf").string());
  std::string text = pdftotext(dir / "many.pdf");
  EXPECT_NE(text.find("32050801904400166"), std::string::npos) << "the last unit is printed";
  // Nothing below the footer line: the footer is the last text on the page.
  auto footer = text.rfind("打印日期");
  ASSERT_NE(footer, std::string::npos);
  EXPECT_EQ(text.find("3205080190440016", footer), std::string::npos);
}

TEST_F(Fixture, TemplateSetsPageTitlesAndBlocks) {
  tmpl.page_width_mm = 210;
  tmpl.page_height_mm = 297;
  tmpl.title = "网格员公示牌";
  tmpl.show_units = false;
  tmpl.show_qr = false;
  SignRenderer r(tmpl);
  SignIndex index(plan);
  auto dir = test::tempDir("a4");
  writeSignPdf(r, index.make(0, r.mapAspect()), "2026-11-23", (dir / "a4.pdf").string());
  auto info = test::runShell("pdfinfo " + test::q((dir / "a4.pdf").string())).out;
  EXPECT_NE(info.find("595.276 x 841.89 pts (A4)"), std::string::npos) << info;
  std::string text = pdftotext(dir / "a4.pdf");
  EXPECT_NE(text.find("网格员公示牌"), std::string::npos);
  EXPECT_NE(text.find("张伟"), std::string::npos);
  EXPECT_EQ(text.find("基础治理单元（"), std::string::npos) << "the unit table is switched off";
  EXPECT_EQ(text.find("扫码拨打电话"), std::string::npos) << "the QR block is switched off";
  writeSignPng(r, index.make(0, r.mapAspect()), "2026-11-23", 150, (dir / "a4.png").string());
  EXPECT_EQ(test::decodeQr((dir / "a4.png").string()), "");
}
