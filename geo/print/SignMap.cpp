#include "geo/print/SignMap.hpp"

#include <algorithm>
#include <cmath>
#include <map>
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
  double s = 1;      // page units per metre
  double tol = 0.1;  // page units (a fifth of a pixel at 150 dpi): outlines are drawn simplified within it
  double px(double x) const { return box.x + (x - world.minx) * s; }
  double py(double y) const { return box.y + (world.maxy - y) * s; }
};

struct Rect {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  double overlap(const Rect& o) const {
    double w = std::min(x1, o.x1) - std::max(x0, o.x0), h = std::min(y1, o.y1) - std::max(y0, o.y0);
    return w > 0 && h > 0 ? w * h : 0;
  }
};

// The labels placed so far, by cells of the map frame: a grid of hundreds of buildings tries thousands of
// spots against hundreds of labels, which a list made quadratic.
class Placed {
 public:
  explicit Placed(const Box& frame) : frame_(frame) {
    nx_ = std::max(1, int(frame.w / kCell) + 1), ny_ = std::max(1, int(frame.h / kCell) + 1);
    cells_.resize(size_t(nx_) * size_t(ny_));
  }
  void add(const Rect& r) {
    rects_.push_back(r);
    int x0, x1, y0, y1;
    span(r, x0, x1, y0, y1);
    for (int y = y0; y <= y1; ++y)
      for (int x = x0; x <= x1; ++x) cells_[size_t(y) * size_t(nx_) + size_t(x)].push_back(int(rects_.size()) - 1);
  }
  bool hits(const Rect& r) const {
    int x0, x1, y0, y1;
    span(r, x0, x1, y0, y1);
    for (int y = y0; y <= y1; ++y)
      for (int x = x0; x <= x1; ++x)
        for (int i : cells_[size_t(y) * size_t(nx_) + size_t(x)])
          if (rects_[size_t(i)].overlap(r) > 0) return true;
    return false;
  }

 private:
  static constexpr double kCell = 40;  // page units
  void span(const Rect& r, int& x0, int& x1, int& y0, int& y1) const {
    x0 = std::clamp(int(std::floor((r.x0 - frame_.x) / kCell)), 0, nx_ - 1);
    x1 = std::clamp(int(std::floor((r.x1 - frame_.x) / kCell)), 0, nx_ - 1);
    y0 = std::clamp(int(std::floor((r.y0 - frame_.y) / kCell)), 0, ny_ - 1);
    y1 = std::clamp(int(std::floor((r.y1 - frame_.y) / kCell)), 0, ny_ - 1);
  }
  Box frame_;
  int nx_ = 1, ny_ = 1;
  std::vector<std::vector<int>> cells_;
  std::vector<Rect> rects_;
};

// The points of a ring or line on the page, simplified within `tol` page units (Douglas–Peucker, first
// and last point kept). Tessellated grid and unit outlines carry a vertex every metre or two; at the scale
// of a sign most lie within a hair of the line through their neighbours, and every vertex costs cairo a
// number written into the PDF and a step of the rasteriser.
void pagePoints(const View& v, const std::vector<XY>& in, std::vector<XY>& out) {
  out.clear();
  const size_t n = in.size();
  if (n == 0) return;
  std::vector<XY> pts(n);
  for (size_t i = 0; i < n; ++i) pts[i] = {v.px(in[i].x), v.py(in[i].y)};
  if (n <= 2 || v.tol <= 0) {
    out = std::move(pts);
    return;
  }
  std::vector<char> keep(n, 0);
  keep[0] = keep[n - 1] = 1;
  std::vector<std::pair<size_t, size_t>> stack{{0, n - 1}};
  const double tol2 = v.tol * v.tol;
  while (!stack.empty()) {
    auto [a, b] = stack.back();
    stack.pop_back();
    if (b <= a + 1) continue;
    const XY pa = pts[a], pb = pts[b];
    const double dx = pb.x - pa.x, dy = pb.y - pa.y, len2 = dx * dx + dy * dy;
    double worst = -1;
    size_t at = a;
    for (size_t i = a + 1; i < b; ++i) {
      double ex = pts[i].x - pa.x, ey = pts[i].y - pa.y, d2;
      if (len2 > 0) {
        double cross = ex * dy - ey * dx;
        d2 = cross * cross / len2;
      } else {
        d2 = ex * ex + ey * ey;  // a closed ring's first and last point coincide
      }
      if (d2 > worst) worst = d2, at = i;
    }
    if (worst > tol2) {
      keep[at] = 1;
      stack.push_back({a, at});
      stack.push_back({at, b});
    }
  }
  for (size_t i = 0; i < n; ++i)
    if (keep[i]) out.push_back(pts[i]);
}

void pathRing(cairo_t* cr, const View& v, const Ring& r) {
  if (r.size() < 2) return;
  thread_local std::vector<XY> p;
  pagePoints(v, r, p);
  cairo_move_to(cr, p[0].x, p[0].y);
  for (size_t i = 1; i < p.size(); ++i) cairo_line_to(cr, p[i].x, p[i].y);
  cairo_close_path(cr);
}

void pathPolys(cairo_t* cr, const View& v, const MultiPolygon& mp) {
  for (const auto& p : mp)
    for (const auto& r : p.rings) pathRing(cr, v, r);
}

void pathLine(cairo_t* cr, const View& v, const LineString& l) {
  if (l.size() < 2) return;
  thread_local std::vector<XY> p;
  pagePoints(v, l, p);
  cairo_move_to(cr, p[0].x, p[0].y);
  for (size_t i = 1; i < p.size(); ++i) cairo_line_to(cr, p[i].x, p[i].y);
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

}  // namespace

std::vector<LineString> clipLine(const LineString& line, const BBox& box) {
  std::vector<LineString> out;
  bool open = false;  // the last run reaches the end of the previous segment
  for (size_t i = 0; i + 1 < line.size(); ++i) {
    XY a = line[i], b = line[i + 1];
    if (!clipSegment(a, b, box)) {
      open = false;
      continue;
    }
    if (!open || out.empty()) out.push_back({a});
    out.back().push_back(b);
    // The run continues only where the segment's end itself lies inside.
    open = b.x == line[i + 1].x && b.y == line[i + 1].y;
  }
  return out;
}

namespace {

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

  // Labels. Nothing is drawn over another label: unit badges first (the table refers to them), then
  // building names in or beside their footprint, largest building first. A building whose name fits
  // nowhere near it gets a number, and a key panel ("楼栋编号") lists number and name; the panel is
  // placed where it hides least of this grid, and names are placed again around it. Then neighbouring
  // grid codes and road and river names where they fit.
  const double arrow_cx = box.right() - 34, arrow_top = box.y + 12, arrow_size = 48;
  const Rect arrow_rect{arrow_cx - 32, box.y, box.right(), arrow_top + arrow_size + 14};
  const Rect scale_rect{box.x, box.bottom() - 52, box.x + box.w * 0.3 + 40, box.bottom()};
  const double fm = 4;  // labels keep this far inside the frame
  auto inFrame = [&](const Rect& r) {
    return r.x0 >= box.x + fm && r.y0 >= box.y + fm && r.x1 <= box.right() - fm && r.y1 <= box.bottom() - fm;
  };
  auto isFree = [&](const Placed& placed, const Rect& r) { return inFrame(r) && !placed.hits(r); };
  auto around = [](XY c, double hw, double hh) { return Rect{c.x - hw, c.y - hh, c.x + hw, c.y + hh}; };
  auto toPage = [&](const std::vector<XY>& w) {
    std::vector<XY> out;
    for (const auto& p : w) out.push_back({v.px(p.x), v.py(p.y)});
    return out;
  };

  // Unit badges.
  const double r = 11, badge_half = r + 1;
  std::vector<std::vector<XY>> unit_cands;
  for (const auto& u : d.units) unit_cands.push_back(toPage(labelCandidates(u.shape)));

  // This grid's buildings with a name: where the name can go, largest footprint first.
  TextStyle bst;
  bst.family = t.body_font;
  bst.bold = true;
  bst.size = 11;
  bst.color = t.text;
  const double name_halo = 2.2;
  TextStyle numst = bst;
  numst.size = 9;
  const double num_halo = 1.6;
  struct Named {
    const MapBuilding* b;
    double area;
    Rect page;             // footprint's box on the page
    std::vector<XY> cands; // inside the footprint
    double hw, hh;         // half size of the name plate
  };
  std::vector<Named> own;
  for (const auto& b : d.buildings) {
    if (!b.own || b.label.empty()) continue;
    Named n{&b, area(b.footprint), {}, toPage(labelCandidates(b.footprint)), 0, 0};
    BBox wb = bbox(b.footprint);
    if (wb.empty()) continue;
    n.page = {v.px(wb.minx), v.py(wb.maxy), v.px(wb.maxx), v.py(wb.miny)};
    if (n.cands.empty()) n.cands.push_back({(n.page.x0 + n.page.x1) / 2, (n.page.y0 + n.page.y1) / 2});
    TextFit f = ts.lineSize(b.label, bst);
    n.hw = f.width / 2 + name_halo, n.hh = (f.height + name_halo) / 2;
    own.push_back(std::move(n));
  }
  std::stable_sort(own.begin(), own.end(), [](const Named& a, const Named& b) {
    if (a.area != b.area) return a.area > b.area;
    return naturalLess(a.b->label, b.b->label);
  });
  // Spots for a plate of half size hw×hh: the given points inside the footprint, then just outside its
  // four sides, then its four corners.
  auto spots = [&](const Named& n, double hw, double hh, std::vector<XY>& out) {
    out = n.cands;
    double cx = (n.page.x0 + n.page.x1) / 2, cy = (n.page.y0 + n.page.y1) / 2, g = 1;
    out.push_back({cx, n.page.y0 - hh - g});
    out.push_back({cx, n.page.y1 + hh + g});
    out.push_back({n.page.x1 + hw + g, cy});
    out.push_back({n.page.x0 - hw - g, cy});
    out.push_back({n.page.x1 + hw + g, n.page.y0 - hh - g});
    out.push_back({n.page.x0 - hw - g, n.page.y0 - hh - g});
    out.push_back({n.page.x1 + hw + g, n.page.y1 + hh + g});
    out.push_back({n.page.x0 - hw - g, n.page.y1 + hh + g});
  };

  struct Pass {
    Placed placed;
    std::vector<XY> badge;          // per unit
    std::vector<XY> name_at;        // per own building; NaN when not named in place
    std::vector<size_t> unfit;      // own buildings without a name in place
  };
  auto runPass = [&](const Rect* key) {
    Pass p{Placed(box), {}, {}, {}};
    p.placed.add(arrow_rect);
    p.placed.add(scale_rect);
    if (key) p.placed.add(*key);
    for (const auto& cands : unit_cands) {
      XY at{NAN, NAN};
      for (const auto& c : cands)
        if (isFree(p.placed, around(c, badge_half, badge_half))) {
          at = c;
          break;
        }
      // Units stacked by floors share one cell: spiral out from the best point until a free spot.
      for (int ring = 1; ring <= 8 && std::isnan(at.x) && !cands.empty(); ++ring)
        for (int k = 0; k < 8 * ring; ++k) {
          double a = 2 * M_PI * k / (8 * ring);
          XY c{cands[0].x + ring * 2.3 * r * std::cos(a), cands[0].y + ring * 2.3 * r * std::sin(a)};
          if (isFree(p.placed, around(c, badge_half, badge_half))) {
            at = c;
            break;
          }
        }
      if (std::isnan(at.x) && !cands.empty()) at = cands[0];  // nowhere free: drawn where it belongs
      p.badge.push_back(at);
      if (!std::isnan(at.x)) p.placed.add(around(at, badge_half, badge_half));
    }
    std::vector<XY> sp;
    for (size_t i = 0; i < own.size(); ++i) {
      spots(own[i], own[i].hw, own[i].hh, sp);
      XY at{NAN, NAN};
      for (const auto& c : sp)
        if (isFree(p.placed, around(c, own[i].hw, own[i].hh))) {
          at = c;
          break;
        }
      p.name_at.push_back(at);
      if (std::isnan(at.x)) p.unfit.push_back(i);
      else p.placed.add(around(at, own[i].hw, own[i].hh));
    }
    return p;
  };

  // The key panel for n buildings: columns of "number  name", at most 70% of the map high and 30% wide, and
  // a line at the foot for the buildings it has no room for ("另有 N 栋未标注"; the unit table names them
  // where it has room).
  TextStyle kst;
  kst.family = t.body_font;
  kst.size = 8.5;
  kst.color = t.text;
  TextStyle ktitle = kst;
  ktitle.bold = true;
  ktitle.size = 9.5;
  const std::string key_title = "楼栋编号";
  const std::string key_more = "另有 000 栋未标注";
  double key_name_w = 0;
  for (const auto& n : own) key_name_w = std::max(key_name_w, ts.lineSize(n.b->label, kst).width);
  const double key_line = ts.lineSize("0楼", kst).height, key_pad = 5;
  const double key_num_w = ts.lineSize("000", numst).width + 4, key_title_h = ts.lineSize(key_title, ktitle).height + 2;
  const double key_col_w = key_num_w + key_name_w + 10;
  struct Key {
    Rect rect;
    int cols = 0, rows = 0;
    size_t capacity() const { return size_t(cols) * size_t(rows); }
  };
  auto keyFor = [&](size_t n, Key& k) {
    int rows_max = std::max(1, int((box.h * 0.7 - key_title_h - 2 * key_pad) / key_line) - 1);
    int cols_max = std::max(1, int((box.w * 0.3 - 2 * key_pad) / key_col_w));
    n = std::max<size_t>(n, 1);
    k.cols = std::min(cols_max, int((n + size_t(rows_max) - 1) / size_t(rows_max)));
    k.rows = std::min(rows_max, int((n + size_t(k.cols) - 1) / size_t(k.cols)));
    double w = std::max({k.cols * key_col_w, ts.lineSize(key_title, ktitle).width, ts.lineSize(key_more, kst).width}) +
               2 * key_pad;
    double h = key_title_h + (k.rows + 1) * key_line + 2 * key_pad;
    // Where it hides least of this grid: a corner clear of the north arrow and the scale bar.
    std::vector<Rect> where = {{box.x + fm, box.y + fm, box.x + fm + w, box.y + fm + h},
                               {box.right() - fm - w, arrow_rect.y1 + 2, box.right() - fm, arrow_rect.y1 + 2 + h},
                               {box.right() - fm - w, box.bottom() - fm - h, box.right() - fm, box.bottom() - fm},
                               {box.x + fm, scale_rect.y0 - 2 - h, box.x + fm + w, scale_rect.y0 - 2}};
    double best = 1e300;
    for (const auto& rr : where) {
      if (!inFrame(rr)) continue;
      BBox wb;
      wb.add(XY{v.world.minx + (rr.x0 - box.x) / v.s, v.world.maxy - (rr.y1 - box.y) / v.s});
      wb.add(XY{v.world.minx + (rr.x1 - box.x) / v.s, v.world.maxy - (rr.y0 - box.y) / v.s});
      double cost = area(clipToBox(d.grid_shape, wb)) * v.s * v.s;
      for (const auto& n : own) cost += 10 * n.page.overlap(rr);
      if (cost < best) best = cost, k.rect = rr;
    }
    return best < 1e300;
  };

  Pass pass = runPass(nullptr);
  Key key;
  bool has_key = false;
  for (int round = 0; round < 4 && !pass.unfit.empty(); ++round) {
    Key k;
    if (!keyFor(pass.unfit.size() + (round == 0 ? 2 : 0), k)) break;  // a little room for what the panel displaces
    Pass next = runPass(&k.rect);
    key = k, has_key = true;
    Key bigger;
    bool fits = next.unfit.size() <= k.capacity() || (keyFor(next.unfit.size(), bigger) && bigger.capacity() <= k.capacity());
    pass = std::move(next);
    if (fits) break;
  }
  Placed placed = std::move(pass.placed);

  // Numbers near the buildings in the key, in the order of their names.
  std::vector<size_t> keyed = pass.unfit;
  std::sort(keyed.begin(), keyed.end(), [&](size_t a, size_t b) { return naturalLess(own[a].b->label, own[b].b->label); });
  std::vector<std::string> key_num(keyed.size());  // empty: not on the map (too crowded, or the key is full)
  std::vector<XY> num_at(keyed.size(), XY{NAN, NAN});
  {
    std::vector<XY> sp;
    size_t numbered = 0;
    for (size_t j = 0; j < keyed.size() && has_key && numbered < key.capacity(); ++j) {
      const Named& n = own[keyed[j]];
      std::string num = std::to_string(numbered + 1);
      TextFit f = ts.lineSize(num, numst);
      double hw = f.width / 2 + num_halo, hh = (f.height + num_halo) / 2;
      spots(n, hw, hh, sp);
      // Then rings a little further out; such a number gets a leader line to its building.
      XY c0{(n.page.x0 + n.page.x1) / 2, (n.page.y0 + n.page.y1) / 2};
      double r0 = std::max(n.page.x1 - n.page.x0, n.page.y1 - n.page.y0) / 2;
      for (int ring = 1; ring <= 5; ++ring)
        for (int k = 0; k < 6 + 4 * ring; ++k) {
          double a = 2 * M_PI * k / (6 + 4 * ring), rad = r0 + ring * 7;
          sp.push_back({c0.x + rad * std::cos(a), c0.y + rad * std::sin(a)});
        }
      for (const auto& c : sp)
        if (isFree(placed, around(c, hw, hh))) {
          num_at[j] = c;
          placed.add(around(c, hw, hh));
          key_num[j] = num;
          ++numbered;
          break;
        }
    }
  }

  // Draw the badges, names, numbers and key.
  TextStyle ust = bst;
  ust.color = 0xFFFFFF;
  for (size_t i = 0; i < d.units.size(); ++i) {
    XY at = pass.badge[i];
    if (std::isnan(at.x)) continue;
    cairo_arc(cr, at.x, at.y, r, 0, 2 * M_PI);
    setColor(cr, t.unit_line);
    cairo_fill_preserve(cr);
    setColor(cr, 0xFFFFFF);
    cairo_set_line_width(cr, 1.5);
    cairo_stroke(cr);
    TextStyle s = ust;
    double w = ts.lineSize(d.units[i].label, s).width;
    if (w > 2 * r - 4) s.size = std::max(6.0, s.size * (2 * r - 4) / w);
    ts.label(cr, d.units[i].label, s, at.x, at.y);
    if (out) out->boxes.push_back({at.x - badge_half, at.y - badge_half, at.x + badge_half, at.y + badge_half, d.units[i].label});
  }
  for (size_t i = 0; i < own.size(); ++i) {
    XY at = pass.name_at[i];
    if (std::isnan(at.x)) continue;
    ts.label(cr, own[i].b->label, bst, at.x, at.y, 0, name_halo);
    if (out) {
      out->boxes.push_back({at.x - own[i].hw, at.y - own[i].hh, at.x + own[i].hw, at.y + own[i].hh, own[i].b->label});
      out->named.push_back(own[i].b->label);
    }
  }
  for (size_t j = 0; j < keyed.size(); ++j) {
    if (out) (key_num[j].empty() ? out->in_table : out->keyed).push_back(own[keyed[j]].b->label);
    if (key_num[j].empty()) continue;
    const Rect& pb = own[keyed[j]].page;
    XY at = num_at[j];
    if (at.x < pb.x0 - 12 || at.x > pb.x1 + 12 || at.y < pb.y0 - 10 || at.y > pb.y1 + 10) {
      // Away from its building: a thin leader from the number to the building's nearest edge.
      double tx = std::clamp(at.x, pb.x0, pb.x1), ty = std::clamp(at.y, pb.y0, pb.y1);
      if (!own[keyed[j]].cands.empty()) {
        XY in = own[keyed[j]].cands[0];
        tx = (tx + in.x) / 2, ty = (ty + in.y) / 2;
      }
      cairo_move_to(cr, at.x, at.y);
      cairo_line_to(cr, tx, ty);
      setColor(cr, t.text, 0.7);
      cairo_set_line_width(cr, 0.6);
      cairo_stroke(cr);
    }
    TextFit f = ts.label(cr, key_num[j], numst, num_at[j].x, num_at[j].y, 0, num_halo);
    if (out)
      out->boxes.push_back({num_at[j].x - f.width / 2 - num_halo, num_at[j].y - (f.height + num_halo) / 2,
                            num_at[j].x + f.width / 2 + num_halo, num_at[j].y + (f.height + num_halo) / 2, key_num[j]});
  }
  if (has_key && !keyed.empty()) {
    const Rect& kr = key.rect;
    cairo_rectangle(cr, kr.x0, kr.y0, kr.x1 - kr.x0, kr.y1 - kr.y0);
    setColor(cr, 0xFFFFFF, 0.93);
    cairo_fill_preserve(cr);
    setColor(cr, t.text);
    cairo_set_line_width(cr, 0.8);
    cairo_stroke(cr);
    TextStyle s = ktitle;
    s.wrap = false;
    ts.draw(cr, key_title, s, {kr.x0 + key_pad, kr.y0 + key_pad, kr.x1 - kr.x0 - 2 * key_pad, key_title_h});
    TextStyle ns = numst;
    ns.size = kst.size;
    ns.wrap = false;
    ns.align = Align::Right;
    TextStyle nm = kst;
    nm.wrap = false;
    int e = 0, more = 0;
    for (size_t j = 0; j < keyed.size(); ++j) {
      if (key_num[j].empty()) {
        ++more;
        continue;
      }
      int col = e / key.rows, row = e % key.rows;
      ++e;
      double x = kr.x0 + key_pad + col * key_col_w, y = kr.y0 + key_pad + key_title_h + row * key_line;
      ts.draw(cr, key_num[j], ns, {x, y, key_num_w - 4, key_line});
      ts.draw(cr, own[keyed[j]].b->label, nm, {x + key_num_w, y, key_name_w + 4, key_line});
    }
    if (more > 0) {
      // Buildings with no room on the map even for a number: the unit table below names every building.
      ts.draw(cr, "另有 " + std::to_string(more) + " 栋未标注", nm,
              {kr.x0 + key_pad, kr.y1 - key_pad - key_line, kr.x1 - kr.x0 - 2 * key_pad, key_line});
    }
    if (out) out->boxes.push_back({kr.x0, kr.y0, kr.x1, kr.y1, key_title});
  }
  if (out) {
    out->boxes.push_back({arrow_rect.x0, arrow_rect.y0, arrow_rect.x1, arrow_rect.y1, "北"});
    out->boxes.push_back({scale_rect.x0, scale_rect.y0, scale_rect.x1, scale_rect.y1, "scale"});
  }

  // Shifts a label's rectangle (and its centre) to lie inside the map frame.
  auto keepInside = [&](Rect& rr, double& x, double& y) {
    double dx = 0, dy = 0;
    const double m = 6;
    if (rr.x0 < box.x + m) dx = box.x + m - rr.x0;
    if (rr.x1 > box.right() - m) dx = box.right() - m - rr.x1;
    if (rr.y0 < box.y + m) dy = box.y + m - rr.y0;
    if (rr.y1 > box.bottom() - m) dy = box.bottom() - m - rr.y1;
    rr.x0 += dx, rr.x1 += dx, rr.y0 += dy, rr.y1 += dy, x += dx, y += dy;
  };

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
    const double halo = 2;
    for (const auto& p : c) {
      double x = v.px(p.x), y = v.py(p.y);
      Rect rr = around({x, y}, sz.width / 2 + halo, (sz.height + halo) / 2);
      keepInside(rr, x, y);
      if (!isFree(placed, rr)) continue;
      TextStyle s = nst;
      s.align = Align::Center;
      ts.label(cr, text, s, x, y, 0, halo, t.map_outside);
      placed.add(rr);
      if (out) out->boxes.push_back({rr.x0, rr.y0, rr.x1, rr.y1, n.label});
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
    TextFit sz = ts.lineSize(name, st);
    double seg_len = std::hypot(bx - ax, by - ay);
    if (seg_len < sz.width * 0.8) ang = 0;  // too short to run along: write it level
    double x = (ax + bx) / 2, y = (ay + by) / 2;
    const double halo = 2.2;
    double pw = sz.width + 2 * halo, ph = sz.height + halo;
    double hw = (std::abs(std::cos(ang)) * pw + std::abs(std::sin(ang)) * ph) / 2;
    double hh = (std::abs(std::sin(ang)) * pw + std::abs(std::cos(ang)) * ph) / 2;
    Rect rr = around({x, y}, hw, hh);
    keepInside(rr, x, y);
    if (!isFree(placed, rr)) continue;
    ts.label(cr, name, st, x, y, ang, halo, s.river ? t.river : 0xFFFFFF);
    placed.add(rr);
    if (out) out->boxes.push_back({rr.x0, rr.y0, rr.x1, rr.y1, name});
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
