#include "geo/print/SignRenderer.hpp"

#include <algorithm>
#include <cmath>

#include "geo/print/QrCode.hpp"
#include "geo/print/SignMap.hpp"

namespace gp::print {

namespace {

void roundedRect(cairo_t* cr, const Box& b, double r) {
  r = std::min({r, b.w / 2, b.h / 2});
  cairo_new_sub_path(cr);
  cairo_arc(cr, b.right() - r, b.y + r, r, -M_PI / 2, 0);
  cairo_arc(cr, b.right() - r, b.bottom() - r, r, 0, M_PI / 2);
  cairo_arc(cr, b.x + r, b.bottom() - r, r, M_PI / 2, M_PI);
  cairo_arc(cr, b.x + r, b.y + r, r, M_PI, 3 * M_PI / 2);
  cairo_close_path(cr);
}

// A white box with a dashed outline: where something is pasted by hand (a photo, a QR sticker).
void pasteBox(cairo_t* cr, double x, double y, double w, double h, double k, Rgb outline) {
  cairo_save(cr);
  cairo_rectangle(cr, x, y, w, h);
  setColor(cr, 0xFFFFFF);
  cairo_fill_preserve(cr);
  double dash[] = {4 * k, 3 * k};
  cairo_set_dash(cr, dash, 2, 0);
  setColor(cr, outline);
  cairo_set_line_width(cr, 1 * k);
  cairo_stroke(cr);
  cairo_restore(cr);
}

}  // namespace

void SignRenderer::hline(cairo_t* cr, double x0, double x1, double y, double w, Rgb c) {
  cairo_save(cr);
  cairo_move_to(cr, x0, y);
  cairo_line_to(cr, x1, y);
  cairo_set_line_width(cr, w);
  setColor(cr, c);
  cairo_stroke(cr);
  cairo_restore(cr);
}

SignRenderer::SignRenderer(const SignTemplate& t, FcConfig* fonts) : t_(t), ts_(fonts) {
  const double W = t_.pageWidthPt(), H = t_.pageHeightPt(), m = t_.marginPt();
  const double k = std::min(W / 841.89, H / 1190.55);
  const double cw = W - 2 * m, ch = H - 2 * m, gap = 12 * k;
  double y = m;
  header_ = {m, y, cw, 150 * k};
  y += header_.h + gap;
  double footer_h = t_.show_footer ? 30 * k : 0;
  footer_ = {m, H - m - footer_h, cw, footer_h};
  double bottom_end = footer_.y - (footer_h > 0 ? gap * 0.5 : 0);
  bool bottom = t_.show_publicity || t_.show_units;
  double bottom_h = 0;
  if (bottom) bottom_h = t_.show_map ? ch * 0.36 : bottom_end - y;
  bottom_ = {m, bottom_end - bottom_h, cw, bottom_h};
  if (t_.show_map) {
    double map_end = bottom ? bottom_.y - gap : bottom_end;
    map_title_ = {m, y, cw, 26 * k};
    y += map_title_.h;
    double legend_h = t_.show_legend ? 24 * k : 0;
    legend_ = {m, map_end - legend_h, cw, legend_h};
    map_ = {m, y, cw, std::max(10.0, legend_.y - y)};
  }
}

SignRenderer::~SignRenderer() {
  if (image_) cairo_surface_destroy(image_);
}

cairo_surface_t* SignRenderer::image(int w, int h) {
  if (image_ && (cairo_image_surface_get_width(image_) != w || cairo_image_surface_get_height(image_) != h)) {
    cairo_surface_destroy(image_);
    image_ = nullptr;
  }
  if (!image_) image_ = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  return image_;
}

void SignRenderer::render(cairo_t* cr, const SignData& d, const std::string& print_date) {
  ts_.begin(cr);
  cairo_save(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, 0, 0, pageWidth(), pageHeight());
  cairo_fill(cr);
  header(cr, d, header_);
  if (t_.show_map) {
    const double k = header_.h / 150;
    TextStyle st;
    st.family = t_.body_font;
    st.bold = true;
    st.size = 16 * k;
    st.color = t_.accent;
    st.wrap = false;
    st.valign = VAlign::Middle;
    Box tb = map_title_;
    tb.h -= 4 * k;
    ts_.draw(cr, t_.map_title, st, {tb.x, tb.y, tb.w * 0.5, tb.h});
    st.bold = false;
    st.size = 12 * k;
    st.color = t_.muted;
    st.align = Align::Right;
    std::string info = std::to_string(d.households) + " 户 · " + std::to_string(d.units.size()) + " 个基础治理单元";
    ts_.draw(cr, info, st, {tb.x + tb.w * 0.5, tb.y, tb.w * 0.5, tb.h});
    drawMap(cr, ts_, d, t_, map_);
    if (t_.show_legend) legend(cr, d, legend_);
  }
  if (bottom_.h > 0) {
    const double k = header_.h / 150, gap = 14 * k;
    if (t_.show_publicity && t_.show_units) {
      double lw = bottom_.w * 0.42;
      publicity(cr, d, {bottom_.x, bottom_.y, lw, bottom_.h});
      units(cr, d, {bottom_.x + lw + gap, bottom_.y, bottom_.w - lw - gap, bottom_.h});
    } else if (t_.show_publicity) {
      publicity(cr, d, bottom_);
    } else {
      units(cr, d, bottom_);
    }
  }
  if (t_.show_footer) footer(cr, d, footer_, print_date);
  cairo_restore(cr);
}

void SignRenderer::header(cairo_t* cr, const SignData& d, const Box& b) {
  const double k = b.h / 150;
  cairo_save(cr);
  roundedRect(cr, b, 10 * k);
  setColor(cr, t_.accent);
  cairo_fill(cr);
  // A thin inner rule in the title colour, as on enamel notice boards.
  roundedRect(cr, {b.x + 6 * k, b.y + 6 * k, b.w - 12 * k, b.h - 12 * k}, 7 * k);
  setColor(cr, t_.header_sub, 0.7);
  cairo_set_line_width(cr, 1.2 * k);
  cairo_stroke(cr);
  cairo_restore(cr);

  const double pad = 24 * k;
  TextStyle st;
  st.family = t_.title_font;
  st.bold = true;
  st.size = 58 * k;
  st.color = t_.header_text;
  st.align = Align::Center;
  st.valign = VAlign::Middle;
  st.wrap = false;
  st.letter_spacing = 0.25;
  ts_.draw(cr, t_.title, st, {b.x + pad, b.y + 10 * k, b.w - 2 * pad, 78 * k});

  std::string sub = d.community_name, name = d.grid_name;
  // A grid without a name is called by its sequence in the community, as street offices do: 第5网格.
  if (name.empty() && d.grid_id.size() > d.community_id.size() && !d.community_id.empty() &&
      d.grid_id.compare(0, d.community_id.size(), d.community_id) == 0) {
    std::string seq = d.grid_id.substr(d.community_id.size());
    if (!seq.empty() && seq.size() <= 6 && seq.find_first_not_of("0123456789") == std::string::npos)
      name = "第" + std::to_string(std::stoi(seq)) + "网格";
  }
  if (!name.empty()) sub += (sub.empty() ? "" : "　") + name;
  TextStyle ss;
  ss.family = t_.body_font;
  ss.bold = true;
  ss.size = 24 * k;
  ss.color = t_.header_text;
  ss.align = Align::Center;
  ss.valign = VAlign::Middle;
  ss.wrap = false;
  ts_.draw(cr, sub, ss, {b.x + pad, b.y + 86 * k, b.w - 2 * pad, 32 * k});
  ss.bold = false;
  ss.size = 17 * k;
  ss.color = t_.header_sub;
  ss.letter_spacing = 0.04;
  ts_.draw(cr, t_.grid_code_label + "：" + d.grid_id, ss, {b.x + pad, b.y + 117 * k, b.w - 2 * pad, 25 * k});
}

void SignRenderer::legend(cairo_t* cr, const SignData& d, const Box& b) {
  const double k = header_.h / 150;
  TextStyle st;
  st.family = t_.body_font;
  st.size = 11 * k;
  st.color = t_.text;
  st.wrap = false;
  st.valign = VAlign::Middle;
  bool road = false, river = false;
  for (const auto& l : d.barriers) {
    if (l.kind == "road" || l.kind == "railway") road = true;
    if (l.kind == "river" || l.kind == "water" || l.kind == "canal") river = true;
  }
  enum Sw { Outline, UnitLine, Badge, Fill, Grey, Road, River, Community };
  std::vector<std::pair<Sw, std::string>> items = {{Outline, "本网格范围"}, {UnitLine, "单元界线"}, {Badge, "单元编号"},
                                                   {Fill, "本网格楼栋"}, {Grey, "其他楼栋"}};
  if (road) items.push_back({Road, "道路"});
  if (river) items.push_back({River, "河流"});
  if (!d.communities.empty()) items.push_back({Community, "社区界线"});
  double x = b.x + 4 * k, cy = b.y + b.h / 2 + 2 * k, sw = 22 * k;
  for (auto& [kind, text] : items) {
    cairo_save(cr);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    switch (kind) {
      case Outline:
        cairo_rectangle(cr, x, cy - 6 * k, sw, 12 * k);
        setColor(cr, t_.accent);
        cairo_set_line_width(cr, 2.5 * k);
        cairo_stroke(cr);
        break;
      case UnitLine:
        hline(cr, x, x + sw, cy, 1.3 * k, t_.unit_line);
        break;
      case Badge:
        cairo_arc(cr, x + sw / 2, cy, 7 * k, 0, 2 * M_PI);
        setColor(cr, t_.unit_line);
        cairo_fill(cr);
        break;
      case Fill:
      case Grey:
        cairo_rectangle(cr, x + 2 * k, cy - 6 * k, sw - 4 * k, 12 * k);
        setColor(cr, kind == Fill ? t_.building : t_.other_building);
        cairo_fill_preserve(cr);
        if (kind == Fill) {
          setColor(cr, t_.building_line);
          cairo_set_line_width(cr, 0.8 * k);
          cairo_stroke(cr);
        }
        cairo_new_path(cr);
        break;
      case Road:
        hline(cr, x, x + sw, cy, 8 * k, t_.road_casing);
        hline(cr, x, x + sw, cy, 6 * k, t_.road);
        break;
      case River:
        hline(cr, x, x + sw, cy, 8 * k, t_.river);
        break;
      case Community: {
        double dash[] = {7 * k, 2 * k, 2 * k, 2 * k};
        cairo_set_dash(cr, dash, 4, 0);
        cairo_move_to(cr, x, cy);
        cairo_line_to(cr, x + sw, cy);
        setColor(cr, 0x5A5A5A);
        cairo_set_line_width(cr, 1.4 * k);
        cairo_stroke(cr);
        break;
      }
    }
    cairo_restore(cr);
    double tw = ts_.lineSize(text, st).width;
    ts_.draw(cr, text, st, {x + sw + 5 * k, b.y, tw + 2, b.h + 4 * k});
    x += sw + 5 * k + tw + 16 * k;
    if (x > b.right()) break;
  }
}

void SignRenderer::publicity(cairo_t* cr, const SignData& d, const Box& b) {
  const double k = header_.h / 150, pad = 14 * k;
  cairo_save(cr);
  roundedRect(cr, b, 8 * k);
  setColor(cr, t_.panel);
  cairo_fill_preserve(cr);
  setColor(cr, t_.accent);
  cairo_set_line_width(cr, 1.8 * k);
  cairo_stroke(cr);
  cairo_restore(cr);

  const double x0 = b.x + pad, x1 = b.right() - pad;
  double y = b.y + pad * 0.7;
  TextStyle st;
  st.family = t_.title_font;
  st.bold = true;
  st.size = 26 * k;
  st.color = t_.accent;
  st.align = Align::Center;
  st.valign = VAlign::Middle;
  st.wrap = false;
  st.letter_spacing = 0.3;
  ts_.draw(cr, t_.publicity_title, st, {x0, y, x1 - x0, 36 * k});
  y += 38 * k;
  hline(cr, x0, x1, y, 1.2 * k, t_.accent);
  y += 12 * k;

  // Photo box (pasted by hand) and the worker's name and phone beside it.
  double photo_w = t_.show_photo ? 84 * k : 0, photo_h = 112 * k;
  if (t_.show_photo) {
    pasteBox(cr, x0, y, photo_w, photo_h, k, t_.muted);
    TextStyle ps;
    ps.family = t_.body_font;
    ps.size = 12 * k;
    ps.color = t_.muted;
    ps.align = Align::Center;
    ps.valign = VAlign::Middle;
    ts_.draw(cr, "照片", ps, {x0, y, photo_w, photo_h});
  }
  double nx = x0 + photo_w + (photo_w > 0 ? 14 * k : 0), nw = x1 - nx;
  TextStyle lab;
  lab.family = t_.body_font;
  lab.size = 13 * k;
  lab.color = t_.muted;
  lab.wrap = false;
  TextStyle val;
  val.family = t_.body_font;
  val.bold = true;
  val.size = 30 * k;
  val.min_size = 14 * k;
  val.color = t_.text;
  val.wrap = false;
  val.valign = VAlign::Middle;
  auto field = [&](const std::string& label, const std::string& value, double yy, Rgb color) {
    ts_.draw(cr, label, lab, {nx, yy, nw, 18 * k});
    Box vb{nx, yy + 18 * k, nw, 36 * k};
    if (value.empty()) {
      // No worker yet: a line to write on by hand.
      hline(cr, nx + 2 * k, x1 - 4 * k, vb.bottom() - 4 * k, 1.2 * k, t_.text);
    } else {
      TextStyle v = val;
      v.color = color;
      ts_.draw(cr, value, v, vb);
    }
  };
  field(t_.worker_label, d.worker_name, y, t_.text);
  field(t_.phone_label, d.worker_phone, y + 58 * k, t_.accent);
  y += photo_h + 14 * k;

  // Duties beside the QR code.
  std::string qr_text = t_.show_qr ? expandQr(t_.qr_content, d.worker_phone, d.grid_id, d.grid_name, d.community_id) : "";
  double qr_side = t_.show_qr ? std::min(122 * k, b.bottom() - pad - 18 * k - y) : 0;
  if (qr_side < 40 * k) qr_side = 0;
  double dx1 = qr_side > 0 ? x1 - qr_side - 12 * k : x1;
  TextStyle dl = lab;
  dl.bold = true;
  dl.size = 15 * k;
  dl.color = t_.accent;
  ts_.draw(cr, t_.duties_label, dl, {x0, y, dx1 - x0, 22 * k});
  TextStyle ds;
  ds.family = t_.body_font;
  ds.size = 13.5 * k;
  ds.min_size = 7 * k;
  ds.color = t_.text;
  ds.line_spacing = 1.25;
  const std::string& duties = d.duties.empty() ? t_.default_duties : d.duties;
  ts_.draw(cr, duties, ds, {x0, y + 24 * k, dx1 - x0, b.bottom() - pad * 0.8 - (y + 24 * k)});
  if (qr_side > 0) {
    double qx = x1 - qr_side, qy = y;
    if (!qr_text.empty()) {
      drawQr(cr, encodeQr(qr_text), qx, qy, qr_side);
    } else {
      // No phone yet: a box for a QR sticker.
      pasteBox(cr, qx, qy, qr_side, qr_side, k, t_.muted);
      TextStyle ps = lab;
      ps.align = Align::Center;
      ps.valign = VAlign::Middle;
      ts_.draw(cr, "二维码", ps, {qx, qy, qr_side, qr_side});
    }
    TextStyle cs = lab;
    cs.size = 12 * k;
    cs.align = Align::Center;
    cs.color = t_.text;
    ts_.draw(cr, t_.qr_caption, cs, {qx - 6 * k, qy + qr_side + 2 * k, qr_side + 12 * k, 18 * k});
  }
}

void SignRenderer::footer(cairo_t* cr, const SignData& d, const Box& b, const std::string& date) {
  const double k = header_.h / 150;
  hline(cr, b.x, b.right(), b.y + 2 * k, 1.0 * k, t_.accent);
  TextStyle st;
  st.family = t_.body_font;
  st.size = 12 * k;
  st.color = t_.muted;
  st.wrap = false;
  st.valign = VAlign::Middle;
  Box r{b.x, b.y + 4 * k, b.w, b.h - 4 * k};
  std::string left = d.community_name;
  if (!d.community_id.empty()) left += "（社区代码 " + d.community_id + "）";
  ts_.draw(cr, left, st, {r.x, r.y, r.w * 0.4, r.h});
  st.align = Align::Center;
  if (!t_.footer_note.empty()) ts_.draw(cr, t_.footer_note, st, {r.x + r.w * 0.4, r.y, r.w * 0.3, r.h});
  st.align = Align::Right;
  ts_.draw(cr, "打印日期：" + date, st, {r.x + r.w * 0.7, r.y, r.w * 0.3, r.h});
}

}  // namespace gp::print
