#pragma once
// QR codes through libqrencode, drawn as vector squares so they stay sharp at any print size.
#include <cairo.h>

#include <string>
#include <vector>

namespace gp::print {

struct QrMatrix {
  int size = 0;                // modules per side, without the quiet zone
  std::vector<uint8_t> dark;   // size*size, row-major, 1 = dark
  bool at(int x, int y) const { return dark[size_t(y) * size_t(size) + size_t(x)] != 0; }
};

// Encodes UTF-8 text (error correction level M). Throws std::runtime_error when libqrencode fails
// (text too long for any QR version).
QrMatrix encodeQr(const std::string& text);

// Draws the code with its 4-module quiet zone (white) filling the square (x, y, side).
void drawQr(cairo_t* cr, const QrMatrix& m, double x, double y, double side);

}  // namespace gp::print
