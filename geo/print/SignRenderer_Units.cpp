// The unit table of a sign: its title, the largest font at which every row fits, and the table in columns.
#include <algorithm>
#include <cmath>
#include <vector>

#include "geo/print/SignRenderer.hpp"

namespace gp::print {

struct SignRenderer::UnitLayout {
  int cols = 1;
  double f = 12, head_h = 0;
  std::vector<double> row_h;
  double cw = 0, c_code = 0, c_hh = 0, c_lead = 0, c_cov = 0;
};

void SignRenderer::units(cairo_t* cr, const SignData& d, const Box& b) {
  const double k = header_.h / 150;
  TextStyle ts;
  ts.family = t_.title_font;
  ts.bold = true;
  ts.size = 22 * k;
  ts.color = t_.accent;
  ts.wrap = false;
  ts.valign = VAlign::Middle;
  ts_.draw(cr, t_.units_title + "（" + std::to_string(d.rows.size()) + " 个）", ts, {b.x, b.y, b.w * 0.7, 36 * k});
  TextStyle tot;
  tot.family = t_.body_font;
  tot.size = 13 * k;
  tot.color = t_.muted;
  tot.align = Align::Right;
  tot.valign = VAlign::Middle;
  tot.wrap = false;
  ts_.draw(cr, "共 " + std::to_string(d.households) + " 户", tot, {b.x + b.w * 0.7, b.y, b.w * 0.3, 36 * k});
  hline(cr, b.x, b.right(), b.y + 38 * k, 1.2 * k, t_.accent);
  Box area{b.x, b.y + 46 * k, b.w, b.h - 46 * k};
  if (d.rows.empty()) {
    TextStyle e = tot;
    e.align = Align::Center;
    ts_.draw(cr, "本网格尚未划分基础治理单元", e, {area.x, area.y, area.w, 40 * k});
    return;
  }
  const double colgap = 10 * k;
  UnitLayout L = unitLayout(d, area, colgap, k);
  size_t per = (d.rows.size() + size_t(L.cols) - 1) / size_t(L.cols);
  for (int c = 0; c < L.cols; ++c)
    if (!unitColumn(cr, d, L, area, c, per, colgap, k)) break;
}

SignRenderer::UnitLayout SignRenderer::unitLayout(const SignData& d, const Box& area, double colgap, double k) {
  // Find the largest font, with as few columns as possible, at which every row fits whole: first
  // down to a comfortable size in one to four columns, then down to the smallest. A row starts with
  // the unit's number in a badge as on the map, then its full code.
  auto plan = [&](int cols, double f) {
    UnitLayout L;
    L.cols = cols;
    L.f = f;
    L.cw = (area.w - colgap * (cols - 1)) / cols;
    TextStyle code;
    code.family = t_.body_font;
    code.size = f * 0.75;
    double code_w = 0;
    for (const auto& r : d.rows) code_w = std::max(code_w, ts_.lineSize(r.code, code).width);
    L.c_code = f * 2.25 + code_w + f * 0.5;
    L.c_hh = f * 3.0;
    L.c_lead = f * 4.4;
    L.c_cov = L.cw - L.c_code - L.c_hh - L.c_lead;
    L.head_h = f * 2.0;
    TextStyle cov;
    cov.family = t_.body_font;
    cov.size = f;
    cov.min_size = f;
    for (const auto& r : d.rows) {
      double h = f * 1.6;
      if (L.c_cov > 0) {
        h = std::max(h, ts_.measure(r.covers, cov, L.c_cov - f * 0.8, 1e6).height);
        h = std::max(h, ts_.measure(r.leader, cov, L.c_lead - f * 0.6, 1e6).height);
      }
      L.row_h.push_back(h + f * 0.6);
    }
    return L;
  };
  auto fits = [&](const UnitLayout& L) {
    if (L.c_cov < L.f * 5) return false;
    size_t per = (d.rows.size() + size_t(L.cols) - 1) / size_t(L.cols);
    for (size_t c = 0; c * per < d.rows.size(); ++c) {
      double h = L.head_h;
      for (size_t i = c * per; i < std::min(d.rows.size(), (c + 1) * per); ++i) h += L.row_h[i];
      if (h > area.h) return false;
    }
    return true;
  };
  // Sizes run from 15k down in steps of 0.5k. A table that fits at a size fits at the smaller ones, so the
  // largest size that fits is found by bisection: a grid of hundreds of buildings has long rows, and laying
  // each row out at every size took most of the time of its sign.
  UnitLayout L;
  bool found = false;
  auto sizeAt = [&](int i) { return 15 * k - 0.5 * k * i; };
  int first = 0;
  for (double floor_f : {10 * k, 6 * k}) {
    int last = int(std::floor((15 * k - floor_f) / (0.5 * k) + 1e-9));
    for (int cols = 1; cols <= 4 && !found; ++cols) {
      if (first > last) continue;
      UnitLayout lo = plan(cols, sizeAt(last));
      if (!fits(lo)) continue;
      UnitLayout hi = plan(cols, sizeAt(first));
      if (fits(hi)) {
        L = std::move(hi);
      } else {
        int a = first, b = last;  // a does not fit, b fits
        L = std::move(lo);
        while (b - a > 1) {
          int m = (a + b) / 2;
          UnitLayout mid = plan(cols, sizeAt(m));
          if (fits(mid)) b = m, L = std::move(mid);
          else a = m;
        }
      }
      found = true;
    }
    first = last + 1;  // the second round tries only the sizes below the first's floor
  }
  if (!found) {
    // Still too many: four columns at the smallest size, rows squeezed to fit (text shrinks in its cell).
    L = plan(4, 6 * k);
    size_t per = (d.rows.size() + 3) / 4;
    double avail = (area.h - L.head_h) / double(per);
    for (auto& h : L.row_h) h = std::min(h, avail);
  }
  return L;
}

// Column c of the table (rows c*per ..); false when no rows are left for it.
bool SignRenderer::unitColumn(cairo_t* cr, const SignData& d, const UnitLayout& L, const Box& area, int c, size_t per,
                              double colgap, double k) {
  const double f = L.f;
  size_t r0 = size_t(c) * per, r1 = std::min(d.rows.size(), r0 + per);
  if (r0 >= r1) return false;
  double x = area.x + c * (L.cw + colgap), y = area.y;
  double xs[5] = {x, x + L.c_code, x + L.c_code + L.c_cov, x + L.c_code + L.c_cov + L.c_hh, x + L.cw};
  // Header row.
  cairo_save(cr);
  cairo_rectangle(cr, x, y, L.cw, L.head_h);
  setColor(cr, t_.accent);
  cairo_fill(cr);
  cairo_restore(cr);
  TextStyle hs;
  hs.family = t_.body_font;
  hs.bold = true;
  hs.size = f;
  hs.min_size = f * 0.5;
  hs.color = 0xFFFFFF;
  hs.align = Align::Center;
  hs.valign = VAlign::Middle;
  hs.wrap = false;
  const char* heads[4] = {"单元编码", L.cols > 1 ? "包含楼栋" : "包含楼栋（单元、楼层）", "户数", "楼栋长"};
  for (int i = 0; i < 4; ++i) ts_.draw(cr, heads[i], hs, {xs[i] + 2, y, xs[i + 1] - xs[i] - 4, L.head_h});
  y += L.head_h;
  for (size_t r = r0; r < r1; ++r) {
    const UnitRow& row = d.rows[r];
    double h = L.row_h[r];
    if ((r - r0) % 2 == 1) {
      cairo_save(cr);
      cairo_rectangle(cr, x, y, L.cw, h);
      setColor(cr, t_.panel);
      cairo_fill(cr);
      cairo_restore(cr);
    }
    double pad = f * 0.3;
    // The number in a badge as on the map, then the full code.
    double br = std::min(f * 0.8, h / 2 - 1), bx = xs[0] + f * 0.45 + br, by = y + h / 2;
    cairo_save(cr);
    cairo_new_path(cr);
    cairo_arc(cr, bx, by, br, 0, 2 * M_PI);
    setColor(cr, t_.unit_line);
    cairo_fill(cr);
    cairo_restore(cr);
    TextStyle num;
    num.family = t_.body_font;
    num.bold = true;
    num.size = f * 0.85;
    num.min_size = f * 0.4;
    num.color = 0xFFFFFF;
    num.align = Align::Center;
    num.valign = VAlign::Middle;
    num.wrap = false;
    ts_.draw(cr, row.number, num, {bx - br, by - br, 2 * br, 2 * br});
    TextStyle code;
    code.family = t_.body_font;
    code.size = f * 0.75;
    code.min_size = f * 0.4;
    code.color = t_.muted;
    code.valign = VAlign::Middle;
    code.wrap = false;
    ts_.draw(cr, row.code, code, {xs[0] + f * 2.25, y + pad, xs[1] - xs[0] - f * 2.4, h - 2 * pad});
    TextStyle cv;
    cv.family = t_.body_font;
    cv.size = f;
    cv.min_size = f * 0.6;
    cv.color = t_.text;
    cv.valign = VAlign::Middle;
    ts_.draw(cr, row.covers, cv, {xs[1] + f * 0.4, y + pad, xs[2] - xs[1] - f * 0.8, h - 2 * pad});
    TextStyle cc = cv;
    cc.align = Align::Center;
    cc.wrap = false;
    ts_.draw(cr, std::to_string(row.households), cc, {xs[2] + 2, y + pad, xs[3] - xs[2] - 4, h - 2 * pad});
    cc.wrap = true;
    ts_.draw(cr, row.leader, cc, {xs[3] + f * 0.3, y + pad, xs[4] - xs[3] - f * 0.6, h - 2 * pad});
    y += h;
    hline(cr, x, x + L.cw, y, 0.5 * k, 0xCFCFCF);
  }
  // Frame and column rules.
  cairo_save(cr);
  setColor(cr, t_.accent);
  cairo_set_line_width(cr, 1.0 * k);
  cairo_rectangle(cr, x, area.y, L.cw, y - area.y);
  cairo_stroke(cr);
  setColor(cr, 0xCFCFCF);
  cairo_set_line_width(cr, 0.5 * k);
  for (int i = 1; i < 4; ++i) {
    cairo_move_to(cr, xs[i], area.y + L.head_h);
    cairo_line_to(cr, xs[i], y);
  }
  cairo_stroke(cr);
  cairo_restore(cr);
  return true;
}

}  // namespace gp::print
