#include "geo/print/SignTemplate.hpp"

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"

namespace gp::print {

bool parseRgb(const std::string& s, Rgb& out) {
  std::string h = (!s.empty() && s[0] == '#') ? s.substr(1) : s;
  if (h.size() != 6) return false;
  Rgb v = 0;
  for (char c : h) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return false;
    v = v * 16 + Rgb(d);
  }
  out = v;
  return true;
}

namespace {

using Json = nlohmann::json;

// One setter per key path ("colors.accent"), so unknown keys can be named in the error.
struct Keys {
  std::map<std::string, std::function<void(const Json&, const std::string&)>> set;
};

[[noreturn]] void bad(const std::string& path, const std::string& key, const std::string& what) {
  throw InputError(fmt(tr("template %1$s: key \"%2$s\" %3$s (see assets/sign-a3.json for every key and its default)"),
                       path.c_str(), key.c_str(), what.c_str()));
}

Keys keysFor(SignTemplate& t, const std::string& path) {
  Keys k;
  auto num = [&](const char* key, double& field, double lo, double hi) {
    k.set[key] = [&field, key, lo, hi, path](const Json& v, const std::string&) {
      if (!v.is_number()) bad(path, key, tr("must be a number"));
      double d = v.get<double>();
      if (d < lo || d > hi)
        bad(path, key, fmt(tr("must be between %1$g and %2$g"), lo, hi));
      field = d;
    };
  };
  auto str = [&](const char* key, std::string& field) {
    k.set[key] = [&field, key, path](const Json& v, const std::string&) {
      if (!v.is_string()) bad(path, key, tr("must be a string"));
      field = v.get<std::string>();
    };
  };
  auto flag = [&](const char* key, bool& field) {
    k.set[key] = [&field, key, path](const Json& v, const std::string&) {
      if (!v.is_boolean()) bad(path, key, tr("must be true or false"));
      field = v.get<bool>();
    };
  };
  auto col = [&](const char* key, Rgb& field) {
    k.set[key] = [&field, key, path](const Json& v, const std::string&) {
      if (!v.is_string() || !parseRgb(v.get<std::string>(), field))
        bad(path, key, tr("must be a colour written \"#RRGGBB\""));
    };
  };
  num("page.width_mm", t.page_width_mm, 50, 2000);
  num("page.height_mm", t.page_height_mm, 50, 2000);
  num("page.margin_mm", t.margin_mm, 0, 100);
  str("fonts.title", t.title_font);
  str("fonts.body", t.body_font);
  col("colors.accent", t.accent);
  col("colors.header_text", t.header_text);
  col("colors.header_sub", t.header_sub);
  col("colors.text", t.text);
  col("colors.muted", t.muted);
  col("colors.panel", t.panel);
  col("colors.map_outside", t.map_outside);
  col("colors.map_inside", t.map_inside);
  col("colors.neighbour_text", t.neighbour_text);
  col("colors.building", t.building);
  col("colors.building_line", t.building_line);
  col("colors.other_building", t.other_building);
  col("colors.unit_line", t.unit_line);
  col("colors.road", t.road);
  col("colors.road_casing", t.road_casing);
  col("colors.river", t.river);
  col("colors.river_text", t.river_text);
  str("titles.title", t.title);
  str("titles.publicity", t.publicity_title);
  str("titles.worker", t.worker_label);
  str("titles.phone", t.phone_label);
  str("titles.duties", t.duties_label);
  str("titles.qr_caption", t.qr_caption);
  str("titles.units", t.units_title);
  str("titles.map", t.map_title);
  str("titles.grid_code", t.grid_code_label);
  str("titles.footer_note", t.footer_note);
  str("titles.default_duties", t.default_duties);
  flag("blocks.map", t.show_map);
  flag("blocks.publicity", t.show_publicity);
  flag("blocks.qr", t.show_qr);
  flag("blocks.photo", t.show_photo);
  flag("blocks.units", t.show_units);
  flag("blocks.footer", t.show_footer);
  flag("blocks.legend", t.show_legend);
  str("qr.content", t.qr_content);
  return k;
}

void apply(const Json& obj, const std::string& prefix, Keys& keys, const std::string& path) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
    if (!it.key().empty() && it.key()[0] == '_') continue;  // "_comment" and the like
    if (it.value().is_object()) {
      apply(it.value(), key, keys, path);
      continue;
    }
    auto f = keys.set.find(key);
    if (f == keys.set.end()) bad(path, key, tr("is not a template key"));
    f->second(it.value(), key);
  }
}

}  // namespace

SignTemplate loadTemplate(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(fmt(tr("template %s: cannot be read; give an existing JSON file to --template"), path.c_str()));
  std::stringstream ss;
  ss << in.rdbuf();
  Json j;
  try {
    j = Json::parse(ss.str());
  } catch (const Json::exception& e) {
    // Not only parse_error: a number beyond a double ("7e665") is out_of_range, which once ended the run with an
    // internal error (found by fuzz_sign_template).
    throw InputError(fmt(tr("template %1$s: not valid JSON (%2$s)"), path.c_str(), e.what()));
  }
  if (!j.is_object()) throw InputError(fmt(tr("template %s: must be a JSON object"), path.c_str()));
  SignTemplate t;
  Keys keys = keysFor(t, path);
  apply(j, "", keys, path);
  if (t.margin_mm * 2 >= std::min(t.page_width_mm, t.page_height_mm) / 2)
    bad(path, "page.margin_mm", tr("leaves no room on the page"));
  if (t.qr_content.empty()) bad(path, "qr.content", tr("must not be empty (or set blocks.qr to false)"));
  return t;
}

std::string expandQr(const std::string& tmpl, const std::string& phone, const std::string& grid_id,
                     const std::string& grid_name, const std::string& community_id) {
  std::string out;
  for (size_t i = 0; i < tmpl.size();) {
    auto rep = [&](const char* name, const std::string& value) -> bool {
      size_t n = std::char_traits<char>::length(name);
      if (tmpl.compare(i, n, name) != 0) return false;
      out += value;
      i += n;
      return true;
    };
    if (tmpl[i] == '{') {
      if (rep("{phone}", phone) || rep("{grid_id}", grid_id) || rep("{grid_name}", grid_name) ||
          rep("{community_id}", community_id))
        continue;
    }
    out += tmpl[i++];
  }
  if (tmpl.find("{phone}") != std::string::npos && phone.empty()) return {};
  return out;
}

}  // namespace gp::print
