#include "geo/print/SignFonts.hpp"

#include <fontconfig/fontconfig.h>
#include <hb-subset.h>
#include <hb.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "geo/print/SignTemplate.hpp"

namespace gp::print {

const std::string& signFixedText() {
  static const std::string s =
      "照片二维码北米千户个基础治理单元编码包含楼栋层数长共本网格范围界线号其他相邻道路河流社区代码打印日期"
      "尚未划分另有标注第：（）、，。；“”‘’·…–—-～〇一二三四五六七八九十百零"
      "０１２３４５６７８９";
  return s;
}

namespace {

void addUtf8(hb_set_t* set, const std::string& s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned c = p[i], cp;
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    if (i + len > n) break;
    cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (p[i + k] & 0x3F);
    hb_set_add(set, cp);
    i += len;
  }
}

// The file and face index fontconfig picks for a family at a weight.
bool findFace(const std::string& family, bool bold, std::string& file, int& index) {
  FcPattern* pat = FcPatternCreate();
  FcPatternAddString(pat, FC_FAMILY, reinterpret_cast<const FcChar8*>(family.c_str()));
  FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
  FcPatternAddInteger(pat, FC_SLANT, FC_SLANT_ROMAN);
  FcConfigSubstitute(nullptr, pat, FcMatchPattern);
  FcDefaultSubstitute(pat);
  FcResult res;
  FcPattern* m = FcFontMatch(nullptr, pat, &res);
  FcPatternDestroy(pat);
  if (!m) return false;
  FcChar8* f = nullptr;
  bool ok = FcPatternGetString(m, FC_FILE, 0, &f) == FcResultMatch &&
            FcPatternGetInteger(m, FC_INDEX, 0, &index) == FcResultMatch;
  if (ok) file = reinterpret_cast<const char*>(f);
  FcPatternDestroy(m);
  return ok;
}

bool subsetFace(const std::string& file, int index, hb_set_t* unicodes, const std::string& out, std::string& why) {
  hb_blob_t* blob = hb_blob_create_from_file_or_fail(file.c_str());
  if (!blob) {
    why = "cannot read " + file;
    return false;
  }
  hb_face_t* face = hb_face_create(blob, unsigned(index));
  hb_blob_destroy(blob);
  hb_subset_input_t* in = hb_subset_input_create_or_fail();
  if (!in) {
    hb_face_destroy(face);
    why = "out of memory";
    return false;
  }
  hb_set_union(hb_subset_input_set(in, HB_SUBSET_SETS_UNICODE), unicodes);
  // Keep every name record: fontconfig finds the face by its typographic family (name id 16).
  hb_set_t* names = hb_subset_input_set(in, HB_SUBSET_SETS_NAME_ID);
  hb_set_add_range(names, 0, 0x7FFF);
  hb_set_t* langs = hb_subset_input_set(in, HB_SUBSET_SETS_NAME_LANG_ID);
  hb_set_add_range(langs, 0, 0xFFFF);
  hb_face_t* sub = hb_subset_or_fail(face, in);
  hb_subset_input_destroy(in);
  hb_face_destroy(face);
  if (!sub) {
    why = "HarfBuzz could not subset " + file;
    return false;
  }
  hb_blob_t* data = hb_face_reference_blob(sub);
  unsigned len = 0;
  const char* bytes = hb_blob_get_data(data, &len);
  FILE* f = std::fopen(out.c_str(), "wb");
  bool ok = f && len > 0 && std::fwrite(bytes, 1, len, f) == len;
  if (f && std::fclose(f) != 0) ok = false;
  hb_blob_destroy(data);
  hb_face_destroy(sub);
  if (!ok) why = "cannot write " + out;
  return ok;
}

}  // namespace

SignFonts::SignFonts(const SignTemplate& t, const std::string& text) {
  hb_set_t* cps = hb_set_create();
  for (unsigned c = 0x20; c < 0x7F; ++c) hb_set_add(cps, c);
  addUtf8(cps, text);
  addUtf8(cps, signFixedText());
  for (const std::string* s : {&t.title, &t.publicity_title, &t.worker_label, &t.phone_label, &t.duties_label,
                               &t.qr_caption, &t.units_title, &t.map_title, &t.grid_code_label, &t.footer_note,
                               &t.default_duties})
    addUtf8(cps, *s);

  std::string tmpl = (std::filesystem::temp_directory_path() / "gridplan-fonts-XXXXXX").string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) {
    note_ = "cannot make a temporary folder for fonts";
    hb_set_destroy(cps);
    return;
  }
  dir_ = buf.data();
  struct Want {
    std::string family;
    bool bold;
  };
  std::vector<Want> wants = {{t.body_font, false}, {t.body_font, true}, {t.title_font, true}};
  // Characters the body font lacks need fontconfig's fallback to other installed fonts, which a
  // private configuration of subsets cannot give: then use the system's fonts for the batch.
  {
    std::string file;
    int index = 0;
    if (findFace(t.body_font, false, file, index)) {
      hb_blob_t* blob = hb_blob_create_from_file_or_fail(file.c_str());
      hb_face_t* face = blob ? hb_face_create(blob, unsigned(index)) : nullptr;
      hb_set_t* have = hb_set_create();
      if (face) hb_face_collect_unicodes(face, have);
      hb_set_t* lacking = hb_set_copy(cps);
      hb_set_subtract(lacking, have);
      unsigned n = hb_set_get_population(lacking);
      hb_set_destroy(lacking);
      hb_set_destroy(have);
      if (face) hb_face_destroy(face);
      if (blob) hb_blob_destroy(blob);
      if (n > 0) {
        note_ = std::to_string(n) + " character(s) are not in " + t.body_font + ": using every installed font";
        hb_set_destroy(cps);
        return;
      }
    }
  }
  FcConfig* cfg = FcConfigCreate();
  bool ok = cfg != nullptr;
  std::vector<std::string> done;
  for (size_t i = 0; ok && i < wants.size(); ++i) {
    std::string file;
    int index = 0;
    if (!findFace(wants[i].family, wants[i].bold, file, index)) {
      note_ = "no font found for " + wants[i].family;
      ok = false;
      break;
    }
    std::string key = file + "#" + std::to_string(index);
    bool seen = false;
    for (auto& d : done) seen = seen || d == key;
    if (seen) continue;
    done.push_back(key);
    std::string out = dir_ + "/face" + std::to_string(i) + ".otf";
    if (!subsetFace(file, index, cps, out, note_) ||
        !FcConfigAppFontAddFile(cfg, reinterpret_cast<const FcChar8*>(out.c_str()))) {
      if (note_.empty()) note_ = "fontconfig cannot use " + out;
      ok = false;
    }
  }
  hb_set_destroy(cps);
  if (ok) {
    config_ = cfg;
  } else if (cfg) {
    FcConfigDestroy(cfg);
  }
}

SignFonts::~SignFonts() {
  if (config_) FcConfigDestroy(config_);
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

}  // namespace gp::print
