#pragma once
// Text on a sign through Pango and fontconfig: fitting text into a box by wrapping and shrinking,
// never overflowing it, and counting glyphs no installed font covers. One Typesetter per thread: it
// owns its own PangoFontMap and PangoContext, so threads share no Pango state.
#include <cairo.h>

#include <string>
#include <vector>

#include "geo/print/SignTemplate.hpp"

typedef struct _FcConfig FcConfig;
typedef struct _PangoContext PangoContext;
typedef struct _PangoFontMap PangoFontMap;
typedef struct _PangoLayout PangoLayout;

namespace gp::print {

struct Box {
  double x = 0, y = 0, w = 0, h = 0;
  double right() const { return x + w; }
  double bottom() const { return y + h; }
};

enum class Align { Left, Center, Right };
enum class VAlign { Top, Middle, Bottom };

struct TextStyle {
  std::string family = "Noto Sans CJK SC";
  double size = 12;      // user units (points on a PDF page)
  double min_size = 0;   // shrink down to this before cutting text with "…"; 0 = 60% of size
  bool bold = false;
  Rgb color = 0x000000;
  Align align = Align::Left;
  VAlign valign = VAlign::Top;
  bool wrap = true;          // false: one line, shrunk to fit the width
  double line_spacing = 0;   // factor (e.g. 1.3); 0 = the font's own
  double letter_spacing = 0; // in units of the font size (0.2 = a fifth of an em between glyphs)
};

struct TextFit {
  double width = 0, height = 0;  // of the laid-out text
  double size = 0;               // font size used
  bool cut = false;              // text did not fit even at min_size and ends in "…"
};

class Typesetter {
 public:
  // `fonts`: a fontconfig configuration to find fonts in (SignFonts); null = the system's.
  explicit Typesetter(FcConfig* fonts = nullptr);
  ~Typesetter();
  Typesetter(const Typesetter&) = delete;
  Typesetter& operator=(const Typesetter&) = delete;

  // Call once per cairo surface before drawing on it (fonts are metrics-hinting free, so a page lays
  // out the same in PDF and PNG).
  void begin(cairo_t* cr);

  // Lays `text` out to fit w×h: wrapping (if style.wrap), shrinking to min_size, then cutting with "…".
  TextFit measure(const std::string& text, const TextStyle& style, double w, double h);
  // Draws it inside `box`, aligned as the style says; the result never leaves the box.
  TextFit draw(cairo_t* cr, const std::string& text, const TextStyle& style, const Box& box);
  // Draws one line centred on (x, y), rotated by `angle` radians, with a halo of `halo` user units in
  // `halo_color` (0 = none). Returns its unrotated size.
  TextFit label(cairo_t* cr, const std::string& text, const TextStyle& style, double x, double y,
                double angle = 0, double halo = 0, Rgb halo_color = 0xFFFFFF);
  // Size of one unwrapped line at style.size.
  TextFit lineSize(const std::string& text, const TextStyle& style);

  // Glyphs drawn so far that no font covered (shown as boxes), and the texts that had them.
  int unknownGlyphs() const { return unknown_; }
  const std::vector<std::string>& textsWithUnknownGlyphs() const { return unknown_texts_; }

 private:
  PangoLayout* layout(const std::string& text, const TextStyle& style, double size, double w, double h, bool cut);
  PangoLayout* fitLayout(const std::string& text, const TextStyle& style, double w, double h, TextFit& fit);
  void count(PangoLayout* l, const std::string& text);

  PangoFontMap* map_ = nullptr;
  PangoContext* ctx_ = nullptr;
  int unknown_ = 0;
  std::vector<std::string> unknown_texts_;
};

void setColor(cairo_t* cr, Rgb c, double alpha = 1.0);

}  // namespace gp::print
