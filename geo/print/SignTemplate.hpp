#pragma once
// The look of a sign: page size, margins, colours, fonts, titles, which blocks show and what the QR
// code holds. Defaults are an A3 portrait sign (assets/sign-a3.json spells them out); a template file
// overrides any subset of them.
#include <cstdint>
#include <string>

namespace gp::print {

// 0xRRGGBB.
using Rgb = uint32_t;

struct SignTemplate {
  // Page, in millimetres.
  double page_width_mm = 297, page_height_mm = 420;
  double margin_mm = 12;

  // Fontconfig family names; bold is asked for by weight, so one family serves both.
  std::string title_font = "Noto Serif CJK SC";
  std::string body_font = "Noto Sans CJK SC";

  Rgb accent = 0xB71C1C;         // header band, grid outline, table header
  Rgb header_text = 0xFFFFFF;
  Rgb header_sub = 0xFFE082;     // the grid code line under the title
  Rgb text = 0x1A1A1A;
  Rgb muted = 0x6B6B6B;
  Rgb panel = 0xFBF3E4;          // background of the 一牌四公开 block
  Rgb map_outside = 0xEDEDED;    // land outside this grid
  Rgb map_inside = 0xFFFFFF;
  Rgb neighbour_text = 0x8A8A8A;
  Rgb building = 0xF2C18D;       // buildings of this grid
  Rgb building_line = 0x8D5524;
  Rgb other_building = 0xD4D4D4;
  Rgb unit_line = 0x1565C0;
  Rgb road = 0xFFFFFF;
  Rgb road_casing = 0xA0A0A0;
  Rgb river = 0x9CC9EE;
  Rgb river_text = 0x2A6FA8;

  // Titles and captions.
  std::string title = "网格服务公示牌";
  std::string publicity_title = "一牌四公开";
  std::string worker_label = "网格员";
  std::string phone_label = "联系电话";
  std::string duties_label = "服务职责";
  std::string qr_caption = "扫码拨打电话";
  std::string units_title = "基础治理单元";
  std::string map_title = "网格范围图";
  std::string grid_code_label = "网格编码";
  std::string footer_note = "";  // extra text in the footer, e.g. a supervision hotline
  // Printed where a grid has no duties of its own.
  std::string default_duties =
      "信息采集、政策宣传、矛盾纠纷排查化解、安全隐患巡查、为民代办服务、关爱特殊人群、"
      "收集社情民意，做到“人在格中走，事在网中办”。";

  // Blocks that show.
  bool show_map = true;
  bool show_publicity = true;
  bool show_qr = true;
  bool show_photo = true;  // a box for the worker's photo, pasted by hand
  bool show_units = true;
  bool show_footer = true;
  bool show_legend = true;

  // QR content: {phone}, {grid_id}, {grid_name}, {community_id} are replaced.
  std::string qr_content = "tel:{phone}";

  double pageWidthPt() const { return page_width_mm * 72.0 / 25.4; }
  double pageHeightPt() const { return page_height_mm * 72.0 / 25.4; }
  double marginPt() const { return margin_mm * 72.0 / 25.4; }
};

// Reads a JSON template; keys that are absent keep their defaults. Throws gp::InputError naming the
// file and key on unreadable files, bad JSON, unknown keys, wrong types or unusable values.
SignTemplate loadTemplate(const std::string& path);

// Parses "#RRGGBB" (or "RRGGBB"); false when malformed.
bool parseRgb(const std::string& s, Rgb& out);

// Expands the QR content template for one grid; an empty result means there is nothing to encode
// (a {phone} template for a grid with no phone).
std::string expandQr(const std::string& tmpl, const std::string& phone, const std::string& grid_id,
                     const std::string& grid_name, const std::string& community_id);

}  // namespace gp::print
