#include "geo/print/QrCode.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <array>
#include <string>
#include <utility>

#include "geo/core/Error.hpp"

using namespace gp::print;

TEST(QrCode, EncodesChineseTextIntoASquareWithFinderPatterns) {
  QrMatrix m = encodeQr("网格 320508019044001 网格员 张三 13800000000");
  ASSERT_GE(m.size, 21);
  EXPECT_EQ((m.size - 17) % 4, 0);  // versions are 21, 25, 29 … modules
  ASSERT_EQ(m.dark.size(), static_cast<size_t>(m.size) * static_cast<size_t>(m.size));
  // The three finder patterns: a dark 7×7 ring with a dark 3×3 centre, in three corners.
  for (auto [x0, y0] : {std::pair{0, 0}, std::pair{m.size - 7, 0}, std::pair{0, m.size - 7}}) {
    for (int i = 0; i < 7; ++i) {
      EXPECT_TRUE(m.at(x0 + i, y0)) << x0 << "," << y0;
      EXPECT_TRUE(m.at(x0 + i, y0 + 6));
      EXPECT_TRUE(m.at(x0, y0 + i));
      EXPECT_TRUE(m.at(x0 + 6, y0 + i));
    }
    EXPECT_FALSE(m.at(x0 + 1, y0 + 1));
    EXPECT_TRUE(m.at(x0 + 3, y0 + 3));
  }
  EXPECT_FALSE(m.at(m.size - 4, m.size - 4) && m.at(m.size - 1, m.size - 1) && m.at(m.size - 7, m.size - 7) &&
               m.at(m.size - 1, m.size - 7));  // no fourth finder pattern
}

TEST(QrCode, LongerTextNeedsALargerCode) {
  EXPECT_LT(encodeQr("320508019044001").size, encodeQr(std::string(300, 'A')).size);
}

TEST(QrCode, TextTooLongForAnyVersionIsAnError) {
  EXPECT_THROW(encodeQr(std::string(5000, 'x')), gp::InputError);  // from the template's qr.content: exit 2
}

TEST(QrCode, DrawsDarkModulesInsideAWhiteQuietZone) {
  QrMatrix m = encodeQr("gridplan");
  const int px = 4 * (m.size + 8);  // 4 pixels a module, quiet zone of 4 modules each side
  cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, px, px);
  cairo_t* cr = cairo_create(s);
  cairo_set_source_rgb(cr, 1, 0, 0);  // red background: whatever drawQr does not paint stays red
  cairo_paint(cr);
  drawQr(cr, m, 0, 0, px);
  cairo_surface_flush(s);
  auto pixel = [&](int x, int y) {
    const unsigned char* d = cairo_image_surface_get_data(s) + y * cairo_image_surface_get_stride(s) + x * 4;
    return std::array<int, 3>{d[2], d[1], d[0]};
  };
  EXPECT_EQ(pixel(2, 2), (std::array<int, 3>{255, 255, 255}));                    // quiet zone
  EXPECT_EQ(pixel(4 * 4 + 2, 4 * 4 + 2), (std::array<int, 3>{0, 0, 0}));          // finder pattern corner
  EXPECT_EQ(pixel(4 * 5 + 2, 4 * 5 + 2), (std::array<int, 3>{255, 255, 255}));    // its white ring
  cairo_destroy(cr);
  cairo_surface_destroy(s);
}
