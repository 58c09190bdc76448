#include "geo/print/QrCode.hpp"

#include <qrencode.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"

namespace gp::print {

QrMatrix encodeQr(const std::string& text) {
  std::unique_ptr<QRcode, void (*)(QRcode*)> qr(QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M), QRcode_free);
  if (!qr) {  // the text comes from the template's qr.content: bad input, not a bug
    size_t cut = std::min<size_t>(text.size(), 60);
    while (cut < text.size() && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    throw InputError(fmt(tr("cannot encode a QR code for “%1$s” (%2$zu bytes): at most about 2,900 bytes fit in one; "
                            "shorten qr.content in the template"),
                         (text.substr(0, cut) + (cut < text.size() ? "…" : "")).c_str(), text.size()));
  }
  QrMatrix m;
  m.size = qr->width;
  m.dark.resize(size_t(m.size) * size_t(m.size));
  for (size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = qr->data[i] & 1;
  return m;
}

void drawQr(cairo_t* cr, const QrMatrix& m, double x, double y, double side) {
  const int quiet = 4;
  double mod = side / (m.size + 2 * quiet);
  cairo_save(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, x, y, side, side);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  // Runs of dark modules in a row become one rectangle: fewer path elements, and no hairline seams
  // between neighbouring squares when rasterised.
  for (int r = 0; r < m.size; ++r) {
    for (int c = 0; c < m.size;) {
      if (!m.at(c, r)) {
        ++c;
        continue;
      }
      int e = c;
      while (e < m.size && m.at(e, r)) ++e;
      cairo_rectangle(cr, x + (quiet + c) * mod, y + (quiet + r) * mod, (e - c) * mod, mod);
      c = e;
    }
  }
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
  cairo_fill(cr);
  cairo_restore(cr);
}

}  // namespace gp::print
