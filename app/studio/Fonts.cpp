#include "app/studio/Fonts.hpp"

#include <fontconfig/fontconfig.h>
#include <imgui.h>

#include <cstdint>
#include <cstdio>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "geo/core/I18n.hpp"

namespace gp::studio {

FontFile findFont(const std::string& pattern) {
  FontFile out;
  if (!FcInit()) return out;
  FcPattern* pat = FcNameParse(reinterpret_cast<const FcChar8*>(pattern.c_str()));
  if (!pat) return out;
  FcConfigSubstitute(nullptr, pat, FcMatchPattern);
  FcDefaultSubstitute(pat);
  FcResult res;
  FcPattern* m = FcFontMatch(nullptr, pat, &res);
  if (m) {
    FcChar8* file = nullptr;
    FcChar8* family = nullptr;
    int index = 0;
    if (FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch &&
        FcPatternGetString(m, FC_FAMILY, 0, &family) == FcResultMatch) {
      // fontconfig always matches something; only accept a CJK face.
      std::string fam = reinterpret_cast<const char*>(family);
      if (fam.find("CJK") != std::string::npos || fam.find("Han") != std::string::npos) {
        out.path = reinterpret_cast<const char*>(file);
        if (FcPatternGetInteger(m, FC_INDEX, 0, &index) == FcResultMatch) out.index = index;
      }
    }
    FcPatternDestroy(m);
  }
  FcPatternDestroy(pat);
  return out;
}

FontFile findFontFor(unsigned cp) {
  FontFile out;
  if (!FcInit()) return out;
  FcPattern* pat = FcPatternCreate();
  FcCharSet* want = FcCharSetCreate();
  FcCharSetAddChar(want, cp);
  FcPatternAddCharSet(pat, FC_CHARSET, want);
  FcConfigSubstitute(nullptr, pat, FcMatchPattern);
  FcDefaultSubstitute(pat);
  FcResult res;
  if (FcPattern* m = FcFontMatch(nullptr, pat, &res)) {
    FcCharSet* has = nullptr;
    FcChar8* file = nullptr;
    int index = 0;
    if (FcPatternGetCharSet(m, FC_CHARSET, 0, &has) == FcResultMatch && FcCharSetHasChar(has, cp) &&
        FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch) {
      out.path = reinterpret_cast<const char*>(file);
      if (FcPatternGetInteger(m, FC_INDEX, 0, &index) == FcResultMatch) out.index = index;
    }
    FcPatternDestroy(m);
  }
  FcCharSetDestroy(want);
  FcPatternDestroy(pat);
  return out;
}

std::string catalogText(const std::string& dir) {
  namespace fs = std::filesystem;
  std::string out;
  std::error_code ec;
  if (dir.empty() || !fs::is_directory(dir, ec)) return out;
  for (const auto& lang : fs::directory_iterator(dir, ec)) {
    std::ifstream in(lang.path() / "LC_MESSAGES" / "gridplan.mo", std::ios::binary);
    if (!in) continue;
    std::string mo((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // The .mo layout (GNU gettext manual, "The Format of GNU MO Files"): a magic number that also gives the
    // byte order, the revision, N strings, the offset of the originals' table and of the translations' table,
    // each entry of a table being (length, offset).
    auto word = [&](size_t at, bool swap) -> uint32_t {
      if (at + 4 > mo.size()) return 0;
      uint32_t v;
      std::memcpy(&v, mo.data() + at, 4);
      return swap ? __builtin_bswap32(v) : v;
    };
    if (mo.size() < 28) continue;
    const bool swap = word(0, false) != 0x950412deu;
    if (word(0, swap) != 0x950412deu) continue;
    const uint32_t n = word(8, swap);
    // Originals too: English messages name Chinese terms ("full-service grids (全科网格)").
    for (uint32_t table : {word(12, swap), word(16, swap)})
      for (uint32_t i = 0; i < n; ++i) {
        const uint32_t len = word(table + 8 * size_t(i), swap), off = word(table + 8 * size_t(i) + 4, swap);
        if (size_t(off) + len > mo.size()) break;
        std::string t = mo.substr(off, len);
        for (char& c : t)
          if (c == '\0') c = ' ';  // plural forms are separated by NULs
        out += t;
      }
  }
  return out;
}

namespace {
// Chinese used by the studio's own interface (labels and legends).
const char* kUiText = "户网格单元社区楼栋已锁定未分配超出不足拆分例外层建筑障碍问题无";
}

Fonts loadFonts(const std::string& text, float uiSize, float labelSize) {
  ImGuiIO& io = ImGui::GetIO();
  Fonts f;
  // The ranges must outlive the atlas build: kept for the life of the process.
  static ImVector<ImWchar> ranges;  // the label font: ASCII, UI and plan text only
  ranges.clear();
  ImFontGlyphRangesBuilder b;
  b.AddRanges(io.Fonts->GetGlyphRangesDefault());
  b.AddText(kUiText);
  b.AddText("·—…“”‘’（）：，。、→");
  b.AddText(text.c_str());
  b.BuildRanges(&ranges);
  // The panels speak every language of the catalogs.
  const std::string catalog = catalogText(i18n::catalogDir());
  b.AddText(catalog.c_str());
  // The panels also get the 2,500 common characters, so names typed into the inspector show as typed.
  static ImVector<ImWchar> uiRanges;
  uiRanges.clear();
  b.AddRanges(io.Fonts->GetGlyphRangesChineseSimplifiedCommon());
  b.BuildRanges(&uiRanges);

  FontFile regular = findFont("Noto Sans CJK SC");
  FontFile bold = findFont("Noto Sans CJK SC:bold");
  std::error_code ec;
  if (!regular.path.empty() && std::filesystem::exists(regular.path, ec)) {
    ImFontConfig cfg;
    cfg.FontNo = regular.index;
    cfg.OversampleH = 1;
    cfg.OversampleV = 1;
    // Glyphs on whole pixels, each font at the size it is drawn: the atlas can then be sampled without
    // filtering, which halves the cost of text on a software renderer (see Studio's buildFonts).
    cfg.PixelSnapH = true;
    f.ui = io.Fonts->AddFontFromFileTTF(regular.path.c_str(), uiSize, &cfg, uiRanges.Data);
    // Noto Sans CJK has no U+FFFD, which stands for the bytes of a text that was not UTF-8 (problem messages
    // quote it): borrowed from a font that has it (DejaVu Sans), else ImGui draws '?'.
    static const ImWchar replacement[] = {0xFFFD, 0xFFFD, 0};
    FontFile rep = findFontFor(0xFFFD);
    if (f.ui && !rep.path.empty() && std::filesystem::exists(rep.path, ec)) {
      ImFontConfig merge = cfg;
      merge.FontNo = rep.index;
      merge.MergeMode = true;
      io.Fonts->AddFontFromFileTTF(rep.path.c_str(), uiSize, &merge, replacement);
    }
    if (bold.path.empty()) bold = regular;
    ImFontConfig cfg2 = cfg;
    cfg2.FontNo = bold.index;
    f.label = io.Fonts->AddFontFromFileTTF(bold.path.c_str(), labelSize, &cfg2, ranges.Data);
    f.labelSmall = io.Fonts->AddFontFromFileTTF(bold.path.c_str(), std::round(labelSize * 0.85f), &cfg2, ranges.Data);
    f.cjk = f.ui != nullptr;
  }
  if (!f.ui) {
    std::fprintf(stderr, "%s\n",
                 tr("studio: Noto Sans CJK not found through fontconfig (install fonts-noto-cjk); Chinese text will "
                    "not show"));
    f.ui = io.Fonts->AddFontDefault();
  }
  if (!f.label) f.label = f.ui;
  if (!f.labelSmall) f.labelSmall = f.label;
  io.FontDefault = f.ui;
  return f;
}

}  // namespace gp::studio
