#pragma once
// Chinese text in the studio: Noto Sans CJK found through fontconfig and loaded into ImGui's atlas with
// only the glyphs the plan and the UI use (the full CJK range would make a huge atlas and a slow start).
#include <string>

struct ImFont;

namespace gp::studio {

struct FontFile {
  std::string path;  // empty when fontconfig found nothing usable
  int index = 0;     // face in a .ttc collection
};

// The file fontconfig matches for a pattern such as "Noto Sans CJK SC" or "Noto Sans CJK SC:bold".
FontFile findFont(const std::string& pattern);
// A file fontconfig has with a glyph for `cp`, or an empty path.
FontFile findFontFor(unsigned cp);

struct Fonts {
  ImFont* ui = nullptr;     // panels
  ImFont* label = nullptr;  // map labels (bold)
  ImFont* labelSmall = nullptr;  // second line of map labels (bold, smaller)
  bool cjk = false;         // false: fell back to ImGui's built-in font (no Chinese)
};

// Every message and translation of the message catalogs under `dir` (<dir>/<lang>/LC_MESSAGES/gridplan.mo, as
// i18n::catalogDir() finds them), one after another: the characters the interface may show in any language.
std::string catalogText(const std::string& dir);

// Builds the atlas with glyphs for ASCII, common punctuation, the UI's own strings, every translation of the
// message catalogs (so a language switch needs no new atlas) and `text`.
Fonts loadFonts(const std::string& text, float uiSize = 16.0f, float labelSize = 15.0f);

}  // namespace gp::studio
