#include <algorithm>
#include <cmath>
#include <map>

#include "geo/print/SignMap_Internal.hpp"

namespace gp::print::signmap {

MapLabeler::MapLabeler(cairo_t* cr_, Typesetter& ts_, const SignData& d_, const SignTemplate& t_, const View& v_,
                       MapLabels* out_)
    : cr(cr_),
      ts(ts_),
      d(d_),
      t(t_),
      v(v_),
      box(v_.box),
      out(out_),
      arrow_cx(box.right() - 34),
      arrow_top(box.y + 12),
      arrow_rect{arrow_cx - 32, box.y, box.right(), arrow_top + arrow_size + 14},
      scale_rect{box.x, box.bottom() - 52, box.x + box.w * 0.3 + 40, box.bottom()} {
  // Unit badges.
  for (const auto& u : d.units) unit_cands.push_back(toPage(labelCandidates(u.shape)));

  // This grid's buildings with a name: where the name can go, largest footprint first.
  bst.family = t.body_font;
  bst.bold = true;
  bst.size = 11;
  bst.color = t.text;
  numst = bst;
  numst.size = 9;
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

  // The key panel for n buildings: columns of "number  name", at most 70% of the map high and 30% wide, and
  // a line at the foot for the buildings it has no room for ("另有 N 栋未标注"; the unit table names them
  // where it has room).
  kst.family = t.body_font;
  kst.size = 8.5;
  kst.color = t.text;
  ktitle = kst;
  ktitle.bold = true;
  ktitle.size = 9.5;
  for (const auto& n : own) key_name_w = std::max(key_name_w, ts.lineSize(n.b->label, kst).width);
  key_line = ts.lineSize("0楼", kst).height;
  key_num_w = ts.lineSize("000", numst).width + 4, key_title_h = ts.lineSize(key_title, ktitle).height + 2;
  key_col_w = key_num_w + key_name_w + 10;
}

bool MapLabeler::inFrame(const Rect& rr) const {
  return rr.x0 >= box.x + fm && rr.y0 >= box.y + fm && rr.x1 <= box.right() - fm && rr.y1 <= box.bottom() - fm;
}

std::vector<XY> MapLabeler::toPage(const std::vector<XY>& w) const {
  std::vector<XY> pts;
  for (const auto& p : w) pts.push_back({v.px(p.x), v.py(p.y)});
  return pts;
}

void MapLabeler::spots(const Named& n, double hw, double hh, std::vector<XY>& spots_out) const {
  spots_out = n.cands;
  double cx = (n.page.x0 + n.page.x1) / 2, cy = (n.page.y0 + n.page.y1) / 2, g = 1;
  spots_out.push_back({cx, n.page.y0 - hh - g});
  spots_out.push_back({cx, n.page.y1 + hh + g});
  spots_out.push_back({n.page.x1 + hw + g, cy});
  spots_out.push_back({n.page.x0 - hw - g, cy});
  spots_out.push_back({n.page.x1 + hw + g, n.page.y0 - hh - g});
  spots_out.push_back({n.page.x0 - hw - g, n.page.y0 - hh - g});
  spots_out.push_back({n.page.x1 + hw + g, n.page.y1 + hh + g});
  spots_out.push_back({n.page.x0 - hw - g, n.page.y1 + hh + g});
}

MapLabeler::Pass MapLabeler::runPass(const Rect* key_rect) {
  Pass p{Placed(box), {}, {}, {}};
  p.placed.add(arrow_rect);
  p.placed.add(scale_rect);
  if (key_rect) p.placed.add(*key_rect);
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
}

bool MapLabeler::keyFor(size_t n, Key& k) {
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
    for (const auto& named : own) cost += 10 * named.page.overlap(rr);
    if (cost < best) best = cost, k.rect = rr;
  }
  return best < 1e300;
}

void MapLabeler::placeBadgesAndNames() {
  pass = runPass(nullptr);
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
  placed = std::move(pass.placed);
}

void MapLabeler::placeNumbers() {
  // Numbers near the buildings in the key, in the order of their names.
  keyed = pass.unfit;
  std::sort(keyed.begin(), keyed.end(), [&](size_t a, size_t b) { return naturalLess(own[a].b->label, own[b].b->label); });
  key_num.assign(keyed.size(), {});
  num_at.assign(keyed.size(), XY{NAN, NAN});
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
}

void MapLabeler::drawBadgesAndNames() {
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
}

void MapLabeler::drawNumbers() {
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
}

void MapLabeler::drawKey() {
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
}

void MapLabeler::recordArrowAndScale() {
  if (out) {
    out->boxes.push_back({arrow_rect.x0, arrow_rect.y0, arrow_rect.x1, arrow_rect.y1, "北"});
    out->boxes.push_back({scale_rect.x0, scale_rect.y0, scale_rect.x1, scale_rect.y1, "scale"});
  }
}

void MapLabeler::keepInside(Rect& rr, double& x, double& y) const {
  double dx = 0, dy = 0;
  const double m = 6;
  if (rr.x0 < box.x + m) dx = box.x + m - rr.x0;
  if (rr.x1 > box.right() - m) dx = box.right() - m - rr.x1;
  if (rr.y0 < box.y + m) dy = box.y + m - rr.y0;
  if (rr.y1 > box.bottom() - m) dy = box.bottom() - m - rr.y1;
  rr.x0 += dx, rr.x1 += dx, rr.y0 += dy, rr.y1 += dy, x += dx, y += dy;
}

void MapLabeler::labelNeighbours() {
  // Neighbouring grid codes, grey, where they fit.
  TextStyle nst;
  nst.family = t.body_font;
  nst.size = 11;
  nst.color = t.neighbour_text;
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
}

void MapLabeler::labelRoads() {
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
}

}  // namespace gp::print::signmap
