#pragma once
// Lays out and draws one sign on a cairo surface: title band, map, 一牌四公开 block, unit table and
// footer, as the template says. One renderer per thread (it owns a Typesetter).
#include <cairo.h>

#include <string>

#include "geo/print/SignData.hpp"
#include "geo/print/SignTemplate.hpp"
#include "geo/print/Typesetter.hpp"

namespace gp::print {

class SignRenderer {
 public:
  // `fonts`: where to find fonts (SignFonts::config()); null = the system's fontconfig.
  explicit SignRenderer(const SignTemplate& t, FcConfig* fonts = nullptr);
  ~SignRenderer();
  SignRenderer(const SignRenderer&) = delete;
  SignRenderer& operator=(const SignRenderer&) = delete;

  const SignTemplate& tmpl() const { return t_; }
  // Page size in points.
  double pageWidth() const { return t_.pageWidthPt(); }
  double pageHeight() const { return t_.pageHeightPt(); }
  // Where the map goes on the page (points); its width/height is the aspect SignIndex::make needs.
  const Box& mapBox() const { return map_; }
  double mapAspect() const { return map_.h > 0 ? map_.w / map_.h : 1; }

  // Draws the sign with the page's top-left at the user-space origin, in points.
  // `print_date` is shown in the footer (e.g. "2026-11-23").
  void render(cairo_t* cr, const SignData& d, const std::string& print_date);

  Typesetter& typesetter() { return ts_; }

  // A w×h RGB page image, kept for this renderer's next sign: a fresh 17 MB image per sign cost as much
  // in page faults and clearing as drawing the map. Its content is whatever was drawn last.
  cairo_surface_t* image(int w, int h);

 private:
  void header(cairo_t* cr, const SignData& d, const Box& b);
  void publicity(cairo_t* cr, const SignData& d, const Box& b);
  // The unit table (SignRenderer_Units.cpp).
  struct UnitLayout;
  void units(cairo_t* cr, const SignData& d, const Box& b);
  UnitLayout unitLayout(const SignData& d, const Box& area, double colgap, double k);
  bool unitColumn(cairo_t* cr, const SignData& d, const UnitLayout& L, const Box& area, int c, size_t per,
                  double colgap, double k);
  void footer(cairo_t* cr, const SignData& d, const Box& b, const std::string& date);
  void legend(cairo_t* cr, const SignData& d, const Box& b);
  static void hline(cairo_t* cr, double x0, double x1, double y, double w, Rgb c);

  SignTemplate t_;
  Typesetter ts_;
  Box header_, map_title_, map_, legend_, bottom_, footer_;
  cairo_surface_t* image_ = nullptr;
};

}  // namespace gp::print
