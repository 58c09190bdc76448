#include "geo/print/SignMap.hpp"

#include "geo/print/SignMap_Internal.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace gp::print {

double roundScaleLength(double max_m) {
  if (!(max_m > 0)) return 0;
  double p = std::pow(10.0, std::floor(std::log10(max_m)));
  for (double f : {5.0, 2.0, 1.0})
    if (f * p <= max_m * (1 + 1e-9)) return f * p;
  return p;
}

std::vector<XY> labelCandidates(const MultiPolygon& mp) {
  std::vector<XY> out;
  const Polygon* best = nullptr;
  double best_area = -1;
  for (const auto& p : mp) {
    double a = area(p);
    if (a > best_area) best_area = a, best = &p;
  }
  if (!best || best->rings.empty() || best->rings[0].size() < 3) return out;
  BBox b = bbox(*best);
  struct Cand {
    XY at;
    double score;
  };
  std::vector<Cand> cands;
  for (double f : {0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8}) {
    double y = b.miny + b.height() * f;
    std::vector<double> xs;
    for (const auto& r : best->rings)
      for (size_t i = 0; i + 1 < r.size(); ++i) {
        XY a = r[i], c = r[i + 1];
        if ((a.y <= y && c.y > y) || (c.y <= y && a.y > y)) xs.push_back(a.x + (y - a.y) / (c.y - a.y) * (c.x - a.x));
      }
    std::sort(xs.begin(), xs.end());
    double bw = 0, bx = 0;
    for (size_t i = 0; i + 1 < xs.size(); i += 2)
      if (xs[i + 1] - xs[i] > bw) bw = xs[i + 1] - xs[i], bx = (xs[i] + xs[i + 1]) / 2;
    // Prefer wide spans near the middle height.
    if (bw > 0) cands.push_back({{bx, y}, bw * (1.0 - 0.6 * std::abs(f - 0.5))});
  }
  std::stable_sort(cands.begin(), cands.end(), [](const Cand& p, const Cand& q) { return p.score > q.score; });
  for (auto& c : cands) out.push_back(c.at);
  return out;
}
namespace {

using signmap::View;

void drawNorthArrow(cairo_t* cr, Typesetter& ts, const SignTemplate& t, double cx, double top, double size) {
  cairo_save(cr);
  double w = size * 0.42, h = size;
  // A plate so the arrow reads over any map.
  setColor(cr, 0xFFFFFF, 0.85);
  cairo_arc(cr, cx, top + h * 0.62, size * 0.62, 0, 2 * M_PI);
  cairo_fill(cr);
  double tipy = top + h * 0.22, basey = top + h * 1.02, midy = top + h * 0.8;
  cairo_move_to(cr, cx, tipy);
  cairo_line_to(cr, cx + w / 2, basey);
  cairo_line_to(cr, cx, midy);
  cairo_close_path(cr);
  setColor(cr, t.text);
  cairo_fill(cr);
  cairo_move_to(cr, cx, tipy);
  cairo_line_to(cr, cx - w / 2, basey);
  cairo_line_to(cr, cx, midy);
  cairo_close_path(cr);
  setColor(cr, 0xFFFFFF);
  cairo_fill_preserve(cr);
  setColor(cr, t.text);
  cairo_set_line_width(cr, 1.0);
  cairo_stroke(cr);
  TextStyle st;
  st.family = t.body_font;
  st.bold = true;
  st.size = size * 0.28;
  st.color = t.text;
  ts.label(cr, "北", st, cx, top + h * 0.08, 0, 0);
  cairo_restore(cr);
}

void drawScaleBar(cairo_t* cr, Typesetter& ts, const SignTemplate& t, const View& v, double x, double bottom) {
  double len_m = roundScaleLength(v.box.w * 0.22 / v.s);
  if (len_m <= 0) return;
  double len = len_m * v.s, bar_h = 6, seg = len / 4;
  TextStyle st;
  st.family = t.body_font;
  st.size = 10;
  st.color = t.text;
  auto fmt = [](double m) {
    char buf[32];
    if (m >= 1000) std::snprintf(buf, sizeof buf, "%g 千米", m / 1000);
    else std::snprintf(buf, sizeof buf, "%g", m);
    return std::string(buf);
  };
  std::string end = len_m >= 1000 ? fmt(len_m) : fmt(len_m) + " 米";
  double end_w = ts.lineSize(end, st).width;
  cairo_save(cr);
  setColor(cr, 0xFFFFFF, 0.85);
  cairo_rectangle(cr, x - 8, bottom - 34, len + end_w / 2 + 22, 40);
  cairo_fill(cr);
  double y = bottom - bar_h - 4;
  for (int i = 0; i < 4; ++i) {
    cairo_rectangle(cr, x + i * seg, y, seg, bar_h);
    setColor(cr, i % 2 ? 0xFFFFFF : t.text);
    cairo_fill_preserve(cr);
    setColor(cr, t.text);
    cairo_set_line_width(cr, 0.8);
    cairo_stroke(cr);
  }
  ts.label(cr, "0", st, x, y - 9);
  ts.label(cr, fmt(len_m / 2), st, x + len / 2, y - 9);
  ts.label(cr, end, st, x + len + end_w / 2 - ts.lineSize(fmt(len_m), st).width / 2, y - 9);
  cairo_restore(cr);
}


// The map's layers, bottom to top: this grid, neighbouring grids, water, roads, community boundaries,
// buildings, unit boundaries, the grid outline.
void drawLayers(cairo_t* cr, const SignData& d, const SignTemplate& t, const View& v) {
  using signmap::pathLine;
  using signmap::pathPolys;
  // This grid, white on the grey land around it.
  pathPolys(cr, v, d.grid_shape);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
  setColor(cr, t.map_inside);
  cairo_fill(cr);

  // Neighbouring grids: thin grey boundaries.
  for (const auto& n : d.neighbours) pathPolys(cr, v, n.shape);
  setColor(cr, 0xBDBDBD);
  cairo_set_line_width(cr, 1.2);
  cairo_stroke(cr);

  // Rivers under roads; widths follow the ground where the scale allows, with a legible minimum.
  for (const auto& b : d.barriers)
    if (b.kind == "river" || b.kind == "water" || b.kind == "canal") pathLine(cr, v, b.line);
  setColor(cr, t.river);
  cairo_set_line_width(cr, std::max(7.0, 18 * v.s));
  cairo_stroke(cr);
  double road_w = std::max(5.0, 9 * v.s);
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& b : d.barriers)
      if (b.kind == "road" || b.kind == "railway") pathLine(cr, v, b.line);
    setColor(cr, pass == 0 ? t.road_casing : t.road);
    cairo_set_line_width(cr, pass == 0 ? road_w + 2 : road_w);
    cairo_stroke(cr);
  }

  // Community boundaries: a dash-dot line.
  for (const auto& c : d.communities) pathPolys(cr, v, c);
  setColor(cr, 0x5A5A5A);
  cairo_set_line_width(cr, 1.4);
  double dash[] = {9, 3, 2, 3};
  cairo_set_dash(cr, dash, 4, 0);
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0);

  // Buildings: others in grey, this grid's in colour.
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
  for (const auto& b : d.buildings)
    if (!b.own) pathPolys(cr, v, b.footprint);
  setColor(cr, t.other_building);
  cairo_fill(cr);
  for (const auto& b : d.buildings)
    if (b.own) pathPolys(cr, v, b.footprint);
  setColor(cr, t.building);
  cairo_fill_preserve(cr);
  setColor(cr, t.building_line);
  cairo_set_line_width(cr, 0.8);
  cairo_stroke(cr);

  // Unit boundaries: thin solid lines (neighbouring units share edges, and two dashed strokes of one
  // edge with different phases would read as solid anyway).
  for (const auto& u : d.units) pathPolys(cr, v, u.shape);
  setColor(cr, t.unit_line);
  cairo_set_line_width(cr, 1.3);
  cairo_stroke(cr);

  // The grid outline on top: a soft wide band under a solid line, the way hand-drawn grid maps look.
  pathPolys(cr, v, d.grid_shape);
  setColor(cr, t.accent, 0.18);
  cairo_set_line_width(cr, 10);
  cairo_stroke_preserve(cr);
  setColor(cr, t.accent);
  cairo_set_line_width(cr, 3);
  cairo_stroke(cr);
}

}  // namespace

bool overlap(const LabelBox& a, const LabelBox& b) {
  return std::min(a.x1, b.x1) > std::max(a.x0, b.x0) && std::min(a.y1, b.y1) > std::max(a.y0, b.y0);
}

void drawMap(cairo_t* cr, Typesetter& ts, const SignData& d, const SignTemplate& t, const Box& box, MapLabels* out) {
  if (out) *out = {};
  View v;
  v.box = box;
  v.world = d.view;
  v.s = d.view.width() > 0 ? box.w / d.view.width() : 1;

  cairo_save(cr);
  cairo_rectangle(cr, box.x, box.y, box.w, box.h);
  cairo_clip(cr);
  setColor(cr, t.map_outside);
  cairo_paint(cr);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  drawLayers(cr, d, t, v);

  // Labels. Nothing is drawn over another label: unit badges first (the table refers to them), then
  // building names in or beside their footprint, largest building first. A building whose name fits
  // nowhere near it gets a number, and a key panel ("楼栋编号") lists number and name; the panel is
  // placed where it hides least of this grid, and names are placed again around it. Then neighbouring
  // grid codes and road and river names where they fit.
  signmap::MapLabeler labels(cr, ts, d, t, v, out);
  labels.placeBadgesAndNames();
  labels.placeNumbers();
  labels.drawBadgesAndNames();
  labels.drawNumbers();
  labels.drawKey();
  labels.recordArrowAndScale();
  labels.labelNeighbours();
  labels.labelRoads();
  drawNorthArrow(cr, ts, t, labels.arrow_cx, labels.arrow_top, labels.arrow_size);
  drawScaleBar(cr, ts, t, v, box.x + 18, box.bottom() - 12);
  cairo_restore(cr);

  cairo_save(cr);
  cairo_rectangle(cr, box.x, box.y, box.w, box.h);
  setColor(cr, t.text);
  cairo_set_line_width(cr, 1.2);
  cairo_stroke(cr);
  cairo_restore(cr);
}

}  // namespace gp::print
