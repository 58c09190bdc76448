#include "geo/print/SignMap.hpp"

#include <algorithm>
#include <cmath>
#include <map>

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
  std::stable_sort(cands.begin(), cands.end(), [](const Cand& a, const Cand& b) { return a.score > b.score; });
  for (auto& c : cands) out.push_back(c.at);
  return out;
}

namespace {

Ring clipRing(const Ring& in, const BBox& b) {
  auto clipEdge = [](const std::vector<XY>& pts, auto inside, auto cross) {
    std::vector<XY> out;
    if (pts.empty()) return out;
    for (size_t i = 0; i < pts.size(); ++i) {
      XY cur = pts[i], prev = pts[(i + pts.size() - 1) % pts.size()];
      bool ci = inside(cur), pi = inside(prev);
      if (ci) {
        if (!pi) out.push_back(cross(prev, cur));
        out.push_back(cur);
      } else if (pi) {
        out.push_back(cross(prev, cur));
      }
    }
    return out;
  };
  std::vector<XY> pts(in.begin(), in.end());
  if (pts.size() > 1 && pts.front().x == pts.back().x && pts.front().y == pts.back().y) pts.pop_back();
  auto atX = [](XY a, XY c, double x) { return XY{x, a.y + (x - a.x) / (c.x - a.x) * (c.y - a.y)}; };
  auto atY = [](XY a, XY c, double y) { return XY{a.x + (y - a.y) / (c.y - a.y) * (c.x - a.x), y}; };
  pts = clipEdge(pts, [&](XY p) { return p.x >= b.minx; }, [&](XY a, XY c) { return atX(a, c, b.minx); });
  pts = clipEdge(pts, [&](XY p) { return p.x <= b.maxx; }, [&](XY a, XY c) { return atX(a, c, b.maxx); });
  pts = clipEdge(pts, [&](XY p) { return p.y >= b.miny; }, [&](XY a, XY c) { return atY(a, c, b.miny); });
  pts = clipEdge(pts, [&](XY p) { return p.y <= b.maxy; }, [&](XY a, XY c) { return atY(a, c, b.maxy); });
  if (pts.size() >= 3) pts.push_back(pts.front());
  else pts.clear();
  return pts;
}

}  // namespace

MultiPolygon clipToBox(const MultiPolygon& mp, const BBox& box) {
  MultiPolygon out;
  for (const auto& p : mp) {
    Polygon q;
    for (size_t i = 0; i < p.rings.size(); ++i) {
      Ring r = clipRing(p.rings[i], box);
      if (r.empty()) {
        if (i == 0) break;
        continue;
      }
      q.rings.push_back(std::move(r));
    }
    if (!q.rings.empty()) out.push_back(std::move(q));
  }
  return out;
}

namespace {

struct View {
  Box box;
  BBox world;
  double s = 1;  // page units per metre
  double px(double x) const { return box.x + (x - world.minx) * s; }
  double py(double y) const { return box.y + (world.maxy - y) * s; }
};

struct Rect {
  double x0, y0, x1, y1;
  double overlap(const Rect& o) const {
    double w = std::min(x1, o.x1) - std::max(x0, o.x0), h = std::min(y1, o.y1) - std::max(y0, o.y0);
    return w > 0 && h > 0 ? w * h : 0;
  }
};

void pathRing(cairo_t* cr, const View& v, const Ring& r) {
  if (r.size() < 2) return;
  cairo_move_to(cr, v.px(r[0].x), v.py(r[0].y));
  for (size_t i = 1; i < r.size(); ++i) cairo_line_to(cr, v.px(r[i].x), v.py(r[i].y));
  cairo_close_path(cr);
}

void pathPolys(cairo_t* cr, const View& v, const MultiPolygon& mp) {
  for (const auto& p : mp)
    for (const auto& r : p.rings) pathRing(cr, v, r);
}

void pathLine(cairo_t* cr, const View& v, const LineString& l) {
  if (l.size() < 2) return;
  cairo_move_to(cr, v.px(l[0].x), v.py(l[0].y));
  for (size_t i = 1; i < l.size(); ++i) cairo_line_to(cr, v.px(l[i].x), v.py(l[i].y));
}

// Liang–Barsky: clips segment a–b to the box; false when nothing is left.
bool clipSegment(XY& a, XY& b, const BBox& box) {
  double t0 = 0, t1 = 1, dx = b.x - a.x, dy = b.y - a.y;
  double p[4] = {-dx, dx, -dy, dy};
  double q[4] = {a.x - box.minx, box.maxx - a.x, a.y - box.miny, box.maxy - a.y};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;
      continue;
    }
    double t = q[i] / p[i];
    if (p[i] < 0) t0 = std::max(t0, t);
    else t1 = std::min(t1, t);
    if (t0 > t1) return false;
  }
  XY a2{a.x + t0 * dx, a.y + t0 * dy}, b2{a.x + t1 * dx, a.y + t1 * dy};
  a = a2, b = b2;
  return true;
}

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

}  // namespace

void drawMap(cairo_t* cr, Typesetter& ts, const SignData& d, const SignTemplate& t, const Box& box) {
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

  // Labels, most important first; later ones avoid earlier ones and the map furniture.
  const double arrow_cx = box.right() - 34, arrow_top = box.y + 12, arrow_size = 48;
  std::vector<Rect> placed = {{arrow_cx - 32, box.y, box.right(), arrow_top + arrow_size + 14},
                              {box.x, box.bottom() - 52, box.x + box.w * 0.3 + 40, box.bottom()}};
  // Shifts a label's rectangle (and its centre) to lie inside the map frame.
  auto keepInside = [&](Rect& r, double& x, double& y) {
    double dx = 0, dy = 0;
    const double m = 6;
    if (r.x0 < box.x + m) dx = box.x + m - r.x0;
    if (r.x1 > box.right() - m) dx = box.right() - m - r.x1;
    if (r.y0 < box.y + m) dy = box.y + m - r.y0;
    if (r.y1 > box.bottom() - m) dy = box.bottom() - m - r.y1;
    r.x0 += dx, r.x1 += dx, r.y0 += dy, r.y1 += dy, x += dx, y += dy;
  };
  auto collides = [&](const Rect& r) {
    double o = 0;
    for (const auto& p : placed) o += p.overlap(r);
    return o;
  };
  TextStyle bst;
  bst.family = t.body_font;
  bst.bold = true;
  bst.size = 11;
  bst.color = t.text;
  for (const auto& b : d.buildings) {
    if (!b.own || b.label.empty()) continue;
    auto c = labelCandidates(b.footprint);
    if (c.empty()) continue;
    double x = v.px(c[0].x), y = v.py(c[0].y);
    TextFit f = ts.label(cr, b.label, bst, x, y, 0, 2.2);
    placed.push_back({x - f.width / 2, y - f.height / 2, x + f.width / 2, y + f.height / 2});
  }

  // Unit numbers in round badges, at the spot of their unit that least covers building names.
  const double r = 11;
  TextStyle ust = bst;
  ust.size = 11;
  ust.color = 0xFFFFFF;
  // Building names weigh more than other badges: a badge may touch a badge, never hide a name.
  const size_t names_end = placed.size();
  auto penalty = [&](double x, double y) {
    Rect rr{x - r - 2, y - r - 2, x + r + 2, y + r + 2};
    double o = 0;
    for (size_t i = 0; i < placed.size(); ++i) o += placed[i].overlap(rr) * (i < names_end ? 8 : 1);
    if (rr.x0 < box.x || rr.y0 < box.y || rr.x1 > box.right() || rr.y1 > box.bottom()) o += 1e6;
    return o;
  };
  for (const auto& u : d.units) {
    auto cands = labelCandidates(u.shape);
    if (cands.empty()) continue;
    double best = 1e300;
    XY at{};
    for (size_t i = 0; i < cands.size(); ++i) {
      double x = v.px(cands[i].x), y = v.py(cands[i].y);
      double pen = penalty(x, y) + double(i) * 4;
      if (pen < best) best = pen, at = {x, y};
    }
    // Units stacked by floors share one cell: spiral out from the best point until a free spot.
    if (best > 0) {
      XY c = at;
      for (int ring = 1; ring <= 4 && best > 0; ++ring)
        for (int k = 0; k < 8 * ring; ++k) {
          double a = 2 * M_PI * k / (8 * ring);
          double x = c.x + ring * 2.3 * r * std::cos(a), y = c.y + ring * 2.3 * r * std::sin(a);
          double pen = penalty(x, y) + ring * 30;
          if (pen < best) best = pen, at = {x, y};
        }
    }
    cairo_arc(cr, at.x, at.y, r, 0, 2 * M_PI);
    setColor(cr, t.unit_line);
    cairo_fill_preserve(cr);
    setColor(cr, 0xFFFFFF);
    cairo_set_line_width(cr, 1.5);
    cairo_stroke(cr);
    TextStyle s = ust;
    double w = ts.lineSize(u.label, s).width;
    if (w > 2 * r - 4) s.size = std::max(6.0, s.size * (2 * r - 4) / w);
    ts.label(cr, u.label, s, at.x, at.y);
    placed.push_back({at.x - r, at.y - r, at.x + r, at.y + r});
  }

  // Neighbouring grid codes, grey, where they fit.
  TextStyle nst;
  nst.family = t.body_font;
  nst.size = 11;
  nst.color = t.neighbour_text;
  BBox inner;
  inner.add(XY{v.world.minx + 12 / v.s, v.world.miny + 12 / v.s});
  inner.add(XY{v.world.maxx - 12 / v.s, v.world.maxy - 12 / v.s});
  for (const auto& n : d.neighbours) {
    MultiPolygon vis = clipToBox(n.shape, inner);
    auto c = labelCandidates(vis);
    if (c.empty()) continue;
    std::string text = "相邻网格\n" + n.label;
    TextFit sz = ts.lineSize(text, nst);
    for (const auto& p : c) {
      double x = v.px(p.x), y = v.py(p.y);
      Rect rr{x - sz.width / 2, y - sz.height / 2, x + sz.width / 2, y + sz.height / 2};
      keepInside(rr, x, y);
      if (collides(rr) > 0) continue;
      TextStyle s = nst;
      s.align = Align::Center;
      ts.label(cr, text, s, x, y, 0, 2, t.map_outside);
      placed.push_back(rr);
      break;
    }
  }

  // Road and river names along their longest visible segment, once per name.
  struct Seg {
    XY a, b;
    double len = 0;
    bool river = false;
  };
  std::map<std::string, Seg> longest;
  for (const auto& b : d.barriers) {
    if (b.name.empty()) continue;
    for (size_t i = 0; i + 1 < b.line.size(); ++i) {
      XY a = b.line[i], c = b.line[i + 1];
      if (!clipSegment(a, c, inner)) continue;
      double len = std::hypot(c.x - a.x, c.y - a.y);
      auto& s = longest[b.name];
      if (len > s.len) s = {a, c, len, b.kind == "river" || b.kind == "water" || b.kind == "canal"};
    }
  }
  for (const auto& [name, s] : longest) {
    TextStyle st;
    st.family = t.body_font;
    st.size = 11;
    st.bold = s.river;
    st.color = s.river ? t.river_text : 0x4A4A4A;
    double ax = v.px(s.a.x), ay = v.py(s.a.y), bx = v.px(s.b.x), by = v.py(s.b.y);
    double ang = std::atan2(by - ay, bx - ax);
    if (ang > M_PI / 2) ang -= M_PI;
    if (ang < -M_PI / 2) ang += M_PI;
    double w = ts.lineSize(name, st).width;
    double seg_len = std::hypot(bx - ax, by - ay);
    if (seg_len < w * 0.8) ang = 0;  // too short to run along: write it level
    double x = (ax + bx) / 2, y = (ay + by) / 2;
    double hw = std::abs(std::cos(ang)) * w / 2 + 6, hh = std::abs(std::sin(ang)) * w / 2 + 6;
    Rect rr{x - hw, y - hh, x + hw, y + hh};
    keepInside(rr, x, y);
    if (collides(rr) > hw * hh) continue;
    ts.label(cr, name, st, x, y, ang, 2.2, s.river ? t.river : 0xFFFFFF);
    placed.push_back(rr);
  }

  drawNorthArrow(cr, ts, t, arrow_cx, arrow_top, arrow_size);
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
