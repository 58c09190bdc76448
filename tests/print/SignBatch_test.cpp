// Batch printing: a file per grid, the atlas in code order, --grid limits, parallel threads, and
// the privacy guarantee on whole files.
#include "geo/print/SignBatch.hpp"

#include "geo/core/Error.hpp"

#include <gtest/gtest.h>

#include <cairo.h>

#include <algorithm>
#include <random>

#include "tests/print/SignFixture.hpp"
#include "tests/support/TestSupport.hpp"

using namespace gp;
using namespace gp::print;
namespace fs = std::filesystem;

namespace {

int pdfPages(const fs::path& pdf) {
  auto r = test::runShell("pdfinfo " + test::q(pdf.string()) + " | sed -n 's/^Pages: *//p'");
  return std::atoi(r.out.c_str());
}

std::string text(const fs::path& pdf) { return test::runShell("pdftotext " + test::q(pdf.string()) + " -").out; }

}  // namespace

TEST(SignBatch, OneFilePerGridAndAnAtlasInCodeOrder) {
  Plan plan = test::tiledPlan(7);
  // Shuffle the grids so code order differs from storage order.
  std::reverse(plan.grids.begin(), plan.grids.end());
  for (auto& u : plan.units) u.grid = 6 - u.grid;
  for (auto& p : plan.pieces) p.grid = 6 - p.grid;
  auto dir = test::tempDir("batch");
  BatchOptions o;
  o.out_dir = (dir / "signs").string();
  o.atlas = (dir / "atlas.pdf").string();
  o.jobs = 3;
  o.print_date = "2026-11-23";
  BatchResult r = printSigns(plan, SignTemplate{}, o);
  EXPECT_EQ(r.signs, 7);
  EXPECT_EQ(r.problems.size(), 0u);
  for (int g = 1; g <= 7; ++g) {
    char id[32];
    std::snprintf(id, sizeof id, "320508019045%03d", g);
    fs::path f = dir / "signs" / (std::string(id) + ".pdf");
    ASSERT_TRUE(fs::exists(f)) << f;
    EXPECT_EQ(pdfPages(f), 1);
    EXPECT_NE(text(f).find(id), std::string::npos);
  }
  EXPECT_EQ(pdfPages(dir / "atlas.pdf"), 7);
  // Page k of the atlas is grid k in code order.
  for (int page : {1, 4, 7}) {
    auto t = test::runShell("pdftotext -f " + std::to_string(page) + " -l " + std::to_string(page) + " " +
                            test::q((dir / "atlas.pdf").string()) + " -")
                 .out;
    char id[32];
    std::snprintf(id, sizeof id, "320508019045%03d", page);
    EXPECT_NE(t.find(std::string("网格编码：") + id), std::string::npos) << "page " << page;
  }
  // No temp files left behind.
  for (auto& e : fs::directory_iterator(dir / "signs")) EXPECT_NE(e.path().filename().string()[0], '.') << e.path();
}

TEST(SignBatch, GridListLimitsAndPngFormat) {
  Plan plan = test::tiledPlan(4);
  auto dir = test::tempDir("limit");
  BatchOptions o;
  o.out_dir = dir.string();
  o.pdf = false;
  o.png = true;
  o.dpi = 100;
  o.grids = {2};
  BatchResult r = printSigns(plan, SignTemplate{}, o);
  EXPECT_EQ(r.signs, 1);
  ASSERT_EQ(r.files.size(), 1u);
  EXPECT_EQ(fs::path(r.files[0]).filename(), "320508019045003.png");
  size_t n = 0;
  for (auto& e : fs::directory_iterator(dir)) (void)e, ++n;
  EXPECT_EQ(n, 1u);
  auto f = test::runShell("file " + test::q(r.files[0])).out;
  EXPECT_NE(f.find("1169 x 1654"), std::string::npos) << f;  // A3 at 100 dpi
  EXPECT_EQ(test::decodeQr(r.files[0]), "tel:13810000002\n");
}

TEST(SignBatch, PngHoldsExactlyThePixelsDrawn) {
  // The PNG writer converts cairo's native pixels to RGB rows itself; the file must decode to the
  // very pixels the sign was drawn with (channel order, every row, every column).
  Plan plan = test::signFixturePlan();
  SignTemplate t;
  SignRenderer r(t);
  SignIndex index(plan);
  SignData d = index.make(0, r.mapAspect());
  const double dpi = 60;
  auto dir = test::tempDir("pngexact");
  const std::string path = (dir / "a.png").string();
  writeSignPng(r, d, "2026-11-23", dpi, path);
  int w, h;
  pagePixels(t, dpi, w, h);
  cairo_surface_t* drawn = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  cairo_t* cr = cairo_create(drawn);
  cairo_scale(cr, double(w) / r.pageWidth(), double(h) / r.pageHeight());
  r.render(cr, d, "2026-11-23");
  cairo_destroy(cr);
  cairo_surface_flush(drawn);
  cairo_surface_t* read = cairo_image_surface_create_from_png(path.c_str());
  ASSERT_EQ(cairo_surface_status(read), CAIRO_STATUS_SUCCESS);
  ASSERT_EQ(cairo_image_surface_get_width(read), w);
  ASSERT_EQ(cairo_image_surface_get_height(read), h);
  size_t differ = 0, coloured = 0;
  for (int y = 0; y < h; ++y) {
    auto a = reinterpret_cast<const uint32_t*>(cairo_image_surface_get_data(drawn) + y * cairo_image_surface_get_stride(drawn));
    auto b = reinterpret_cast<const uint32_t*>(cairo_image_surface_get_data(read) + y * cairo_image_surface_get_stride(read));
    for (int x = 0; x < w; ++x) {
      differ += (a[x] & 0xFFFFFF) != (b[x] & 0xFFFFFF);
      uint32_t v = a[x];
      coloured += ((v >> 16) & 0xFF) != (v & 0xFF);  // red differs from blue: a swap would show
    }
  }
  EXPECT_EQ(differ, 0u);
  EXPECT_GT(coloured, 1000u);
  cairo_surface_destroy(read);
  cairo_surface_destroy(drawn);
}

TEST(SignBatch, NoResidentDataReachesAnySign) {
  Plan plan = test::signFixturePlan();
  // Resident-like values everywhere a loader might put them: household fields, building source
  // fields, and household ids.
  ASSERT_FALSE(plan.in.households.empty());
  auto dir = test::tempDir("privacy");
  BatchOptions o;
  o.out_dir = dir.string();
  o.atlas = (dir / "atlas.pdf").string();
  printSigns(plan, SignTemplate{}, o);
  std::string all;
  for (auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".pdf") all += text(e.path());
  ASSERT_NE(all.find("张伟"), std::string::npos) << "the text layer is readable";
  for (const char* secret : {test::kSecretName, test::kSecretPhone, test::kSecretId, test::kSecretOwner, "B1-H0"})
    EXPECT_EQ(all.find(secret), std::string::npos) << secret;
  // The raw bytes too (metadata, uncompressed strings).
  auto grep = test::runShell("grep -rl -e 13900001111 -e 320501198001011234 " + test::q(dir.string()));
  EXPECT_NE(grep.exit_code, 0) << grep.out;
}

TEST(SignBatch, UnwritableFolderIsAnInputError) {
  Plan plan = test::tiledPlan(1);
  BatchOptions o;
  o.out_dir = "/proc/gridplan-cannot-write-here";
  EXPECT_THROW(printSigns(plan, SignTemplate{}, o), InputError);
}

// A sign that cannot be drawn (here a QR text beyond a QR code's capacity) fails the batch with its message and
// leaves nothing behind: no half-written PDF or temporary file, and (under `make test-asan`) no Cairo surface;
// each failed sign used to leak its surfaces and keep its temporary PDF (issue 11).
TEST(SignBatch, ASignThatCannotBeDrawnLeavesNoFileAndNoSurface) {
  Plan plan = test::tiledPlan(2);
  SignTemplate t;
  t.qr_content = std::string(4000, 'x');
  for (bool atlas : {false, true}) {
    SCOPED_TRACE(atlas ? "with an atlas" : "without an atlas");
    auto dir = test::tempDir(atlas ? "undrawable-atlas" : "undrawable");
    BatchOptions o;
    o.out_dir = (dir / "signs").string();
    if (atlas) o.atlas = (dir / "atlas.pdf").string();
    o.jobs = 2;
    o.png = false;
    EXPECT_THROW(printSigns(plan, t, o), InputError);
    std::vector<std::string> left;
    for (const auto& e : fs::recursive_directory_iterator(dir))
      if (!e.is_directory()) left.push_back(e.path().filename().string());
    EXPECT_TRUE(left.empty()) << left.size() << " file(s) left, e.g. " << (left.empty() ? "" : left.front());
  }
}

TEST(SignBatch, FontSubsetsCoverEveryWordTheSignDrawsByItself) {
  // No grid names, workers or duties: the sign falls back to its own words (第N网格, default duties,
  // blank lines, 二维码), all of which must be in the batch's font subsets.
  Plan plan = test::tiledPlan(2);
  for (auto& g : plan.grids) g.name = g.worker_name = g.worker_phone = g.duties = "";
  auto dir = test::tempDir("words");
  BatchOptions o;
  o.out_dir = dir.string();
  BatchResult r = printSigns(plan, SignTemplate{}, o);
  for (const auto& p : r.problems.items()) ADD_FAILURE() << p.message;
  auto t = text(dir / "320508019045001.pdf");
  EXPECT_NE(t.find("第1网格"), std::string::npos) << t;
  EXPECT_NE(t.find("二维码"), std::string::npos);
}

TEST(SignBatch, TextBeyondTheCjkFontStillRenders) {
  // A name in a script Noto CJK lacks (Armenian, which DejaVu has): the batch uses every installed
  // font instead of its subsets. A character no font has (U+E000) is reported by grid.
  Plan plan = test::tiledPlan(2);
  plan.grids[0].name = "\xD5\x80\xD5\xA1\xD5\xB5";  // Հայ
  plan.grids[1].worker_name = "\xEE\x80\x80";
  auto dir = test::tempDir("beyond");
  BatchOptions o;
  o.out_dir = dir.string();
  BatchResult r = printSigns(plan, SignTemplate{}, o);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems.items()[0].kind, "missing_glyph");
  EXPECT_EQ(r.problems.items()[0].feature, "grid 320508019045002");
  auto fonts = test::runShell("pdffonts " + test::q((dir / "320508019045001.pdf").string())).out;
  EXPECT_NE(fonts.find("DejaVu"), std::string::npos) << fonts;
  EXPECT_NE(text(dir / "320508019045001.pdf").find("\xD5\x80\xD5\xA1\xD5\xB5"), std::string::npos);
}

TEST(SignBatch, AReusedPageImageKeepsNothingOfTheSignBefore) {
  Plan plan = test::signFixturePlan();
  SignIndex index(plan);
  SignTemplate t;
  auto dir = test::tempDir("reuse");
  SignRenderer used(t), fresh(t);
  // The first grid's sign fills the image; the second drawn over it must equal one drawn on a new image.
  writeSignPng(used, index.make(0, used.mapAspect()), "2026-11-23", 60, (dir / "a.png").string());
  writeSignPng(used, index.make(1, used.mapAspect()), "2026-11-23", 60, (dir / "b-reused.png").string());
  writeSignPng(fresh, index.make(1, fresh.mapAspect()), "2026-11-23", 60, (dir / "b-fresh.png").string());
  EXPECT_EQ(test::runShell("cmp " + test::q((dir / "b-reused.png").string()) + " " + test::q((dir / "b-fresh.png").string())).exit_code, 0);
  EXPECT_NE(test::runShell("cmp " + test::q((dir / "a.png").string()) + " " + test::q((dir / "b-fresh.png").string())).exit_code, 0);
}
