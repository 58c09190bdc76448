#include "geo/print/Typesetter.hpp"

#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include <algorithm>
#include <cmath>

namespace gp::print {

void setColor(cairo_t* cr, Rgb c, double alpha) {
  cairo_set_source_rgba(cr, ((c >> 16) & 0xFF) / 255.0, ((c >> 8) & 0xFF) / 255.0, (c & 0xFF) / 255.0, alpha);
}

Typesetter::Typesetter(FcConfig* fonts) {
  // A font map of our own per thread: Pango's objects are not shared across threads.
  map_ = pango_cairo_font_map_new();
  if (fonts && PANGO_IS_FC_FONT_MAP(map_)) pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map_), fonts);
  ctx_ = pango_font_map_create_context(map_);
  cairo_font_options_t* fo = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options(ctx_, fo);
  cairo_font_options_destroy(fo);
  pango_context_set_round_glyph_positions(ctx_, FALSE);
  pango_context_set_language(ctx_, pango_language_from_string("zh-cn"));
}

Typesetter::~Typesetter() {
  if (ctx_) g_object_unref(ctx_);
  if (map_) g_object_unref(map_);
}

void Typesetter::begin(cairo_t* cr) { pango_cairo_update_context(cr, ctx_); }

PangoLayout* Typesetter::layout(const std::string& text, const TextStyle& st, double size, double w, double h, bool cut) {
  PangoLayout* l = pango_layout_new(ctx_);
  PangoFontDescription* fd = pango_font_description_new();
  pango_font_description_set_family(fd, st.family.c_str());
  pango_font_description_set_weight(fd, st.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
  pango_layout_set_font_description(l, fd);
  pango_font_description_free(fd);
  if (st.letter_spacing != 0) {
    PangoAttrList* al = pango_attr_list_new();
    pango_attr_list_insert(al, pango_attr_letter_spacing_new(int(st.letter_spacing * size * PANGO_SCALE)));
    pango_layout_set_attributes(l, al);
    pango_attr_list_unref(al);
  }
  if (st.line_spacing > 0) pango_layout_set_line_spacing(l, float(st.line_spacing));
  pango_layout_set_alignment(l, st.align == Align::Left     ? PANGO_ALIGN_LEFT
                                : st.align == Align::Center ? PANGO_ALIGN_CENTER
                                                            : PANGO_ALIGN_RIGHT);
  if (w > 0) {
    pango_layout_set_width(l, int(w * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
  }
  if (!st.wrap) {
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);  // one line per paragraph
  } else if (cut) {
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    pango_layout_set_height(l, int(h * PANGO_SCALE));
  }
  pango_layout_set_text(l, text.c_str(), int(text.size()));
  return l;
}

PangoLayout* Typesetter::fitLayout(const std::string& text, const TextStyle& st, double w, double h, TextFit& fit) {
  double min_size = st.min_size > 0 ? std::min(st.min_size, st.size) : st.size * 0.6;
  double size = st.size;
  for (;;) {
    PangoLayout* l = layout(text, st, size, w, h, false);
    PangoRectangle ink, log;
    pango_layout_get_extents(l, &ink, &log);
    double lw = double(log.width) / PANGO_SCALE, lh = double(log.height) / PANGO_SCALE;
    bool fits = lh <= h + 1e-6 && (w <= 0 || lw <= w + 1e-6) && !pango_layout_is_ellipsized(l);
    if (fits || size <= min_size + 1e-9) {
      if (!fits) {
        g_object_unref(l);
        l = layout(text, st, size, w, h, true);
        pango_layout_get_extents(l, &ink, &log);
        lw = double(log.width) / PANGO_SCALE, lh = double(log.height) / PANGO_SCALE;
        fit.cut = true;
        // Even one line at min_size may be taller than the box: then draw nothing rather than overflow.
        if (lh > h + 1e-6) {
          g_object_unref(l);
          l = layout("", st, size, w, h, false);
          lw = lh = 0;
        }
      }
      fit.width = lw, fit.height = lh, fit.size = size;
      return l;
    }
    g_object_unref(l);
    size = std::max(min_size, size * 0.93);
  }
}

void Typesetter::count(PangoLayout* l, const std::string& text) {
  int n = pango_layout_get_unknown_glyphs_count(l);
  if (n > 0) {
    unknown_ += n;
    if (unknown_texts_.size() < 50) unknown_texts_.push_back(text);
  }
}

TextFit Typesetter::measure(const std::string& text, const TextStyle& st, double w, double h) {
  TextFit fit;
  PangoLayout* l = fitLayout(text, st, w, h, fit);
  g_object_unref(l);
  return fit;
}

namespace {

// The size of a laid-out line at `size` points, and its logical rectangle (in Pango units) for placing it.
TextFit lineExtents(PangoLayout* l, double size, PangoRectangle& log) {
  pango_layout_get_extents(l, nullptr, &log);
  TextFit fit;
  fit.width = double(log.width) / PANGO_SCALE;
  fit.height = double(log.height) / PANGO_SCALE;
  fit.size = size;
  return fit;
}

}  // namespace

TextFit Typesetter::lineSize(const std::string& text, const TextStyle& st) {
  TextStyle s = st;
  s.wrap = true;
  PangoLayout* l = layout(text, s, st.size, 0, 0, false);
  PangoRectangle log;
  TextFit fit = lineExtents(l, st.size, log);
  g_object_unref(l);
  return fit;
}

TextFit Typesetter::draw(cairo_t* cr, const std::string& text, const TextStyle& st, const Box& box) {
  TextFit fit;
  if (box.w <= 0 || box.h <= 0) return fit;
  PangoLayout* l = fitLayout(text, st, box.w, box.h, fit);
  count(l, text);
  double y = box.y;
  if (st.valign == VAlign::Middle) y += (box.h - fit.height) / 2;
  else if (st.valign == VAlign::Bottom) y += box.h - fit.height;
  // Letter spacing also follows the last character: centred text moves right by half of it.
  double x = box.x;
  if (st.letter_spacing != 0 && st.align == Align::Center) x += st.letter_spacing * fit.size / 2;
  cairo_save(cr);
  setColor(cr, st.color);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, l);
  cairo_new_path(cr);  // leave no current point for the caller's next path
  cairo_restore(cr);
  g_object_unref(l);
  return fit;
}

TextFit Typesetter::label(cairo_t* cr, const std::string& text, const TextStyle& st, double x, double y, double angle,
                          double halo, Rgb halo_color) {
  TextStyle s = st;
  s.wrap = true;
  PangoLayout* l = layout(text, s, st.size, 0, 0, false);
  count(l, text);
  PangoRectangle log;
  TextFit fit = lineExtents(l, st.size, log);
  cairo_save(cr);
  cairo_translate(cr, x, y);
  if (angle != 0) cairo_rotate(cr, angle);
  const double x0 = -fit.width / 2 - double(log.x) / PANGO_SCALE, y0 = -fit.height / 2 - double(log.y) / PANGO_SCALE;
  if (halo > 0) {
    // A rounded plate under the text keeps it legible over lines and fills. (Stroking the glyph
    // outlines as a halo made every label a long path and tripled the time cairo takes to write a
    // page; drawing the text again around itself would repeat it in the PDF's text.)
    double w = fit.width + 2 * halo, h = fit.height + halo, r = std::min(halo * 1.5, h / 2);
    double px = -w / 2, py = -h / 2;
    cairo_new_sub_path(cr);
    cairo_arc(cr, px + w - r, py + r, r, -M_PI / 2, 0);
    cairo_arc(cr, px + w - r, py + h - r, r, 0, M_PI / 2);
    cairo_arc(cr, px + r, py + h - r, r, M_PI / 2, M_PI);
    cairo_arc(cr, px + r, py + r, r, M_PI, 3 * M_PI / 2);
    cairo_close_path(cr);
    setColor(cr, halo_color, 0.88);
    cairo_fill(cr);
  }
  cairo_move_to(cr, x0, y0);
  setColor(cr, st.color);
  pango_cairo_show_layout(cr, l);
  cairo_new_path(cr);
  cairo_restore(cr);
  g_object_unref(l);
  return fit;
}

}  // namespace gp::print
