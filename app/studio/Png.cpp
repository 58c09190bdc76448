#include "app/studio/Png.hpp"

#include <png.h>

#include <cstdio>
#include <filesystem>

#include "geo/core/AtomicFile.hpp"
#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"

namespace gp::studio {

void writePng(const std::string& path, int width, int height, const std::vector<uint8_t>& rgba) {
  AtomicFile file(path, tr("screenshot"));
  std::string tmp = file.temp().string();
  FILE* fp = std::fopen(tmp.c_str(), "wb");
  if (!fp) throw InputError(fmt(tr("cannot write screenshot %s: check that the folder exists and is writable"), path.c_str()));
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!png || !info || setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    std::fclose(fp);
    std::remove(tmp.c_str());
    throw InputError(fmt(tr("cannot write screenshot %s"), path.c_str()));
  }
  png_init_io(png, fp);
  png_set_IHDR(png, info, png_uint_32(width), png_uint_32(height), 8, PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_compression_level(png, 3);
  png_write_info(png, info);
  for (int y = 0; y < height; ++y) png_write_row(png, const_cast<png_bytep>(&rgba[size_t(y) * width * 4]));
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  std::fclose(fp);
  file.commit();
}

}  // namespace gp::studio
