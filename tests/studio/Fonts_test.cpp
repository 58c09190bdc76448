// The studio's fonts: every character its own interface writes, in every language of the catalog, has a glyph
// in the atlas (a missing one is drawn as '?', as the hover card's arrow was).
#include "app/studio/Fonts.hpp"

#include <gtest/gtest.h>
#include <imgui.h>

#include "geo/core/I18n.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace {

// Code points above ASCII inside the string literals of a C++ source (comments and characters skipped).
std::set<unsigned> literalCodePoints(const std::string& src) {
  std::set<unsigned> out;
  size_t i = 0;
  while (i < src.size()) {
    if (src.compare(i, 2, "//") == 0) {
      i = src.find('\n', i);
      if (i == std::string::npos) break;
    } else if (src.compare(i, 2, "/*") == 0) {
      i = src.find("*/", i + 2);
      if (i == std::string::npos) break;
      i += 2;
    } else if (src[i] == '\'') {
      i += src[i + 1] == '\\' ? 4 : 3;
    } else if (src[i] == '"') {
      for (++i; i < src.size() && src[i] != '"'; ++i) {
        if (src[i] == '\\') {
          ++i;
          continue;
        }
        auto c = static_cast<unsigned char>(src[i]);
        if (c < 0x80) continue;
        // UTF-8: the lead byte says how many continuation bytes follow.
        int n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
        unsigned cp = c & (0x3F >> n);
        for (int k = 0; k < n && i + 1 < src.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(src[++i]) & 0x3F);
        out.insert(cp);
      }
      ++i;
    } else {
      ++i;
    }
  }
  return out;
}

// The translations (msgstr and msgstr[n], with their continuation lines) of a .po file, as the quoted lines
// they are written in.
std::string poTranslations(const std::string& po) {
  std::istringstream in(po);
  std::string line, out;
  bool inMsgstr = false;
  while (std::getline(in, line)) {
    if (line.rfind("msgstr", 0) == 0) inMsgstr = true;
    else if (line.empty() || line[0] != '"') inMsgstr = false;
    if (inMsgstr) out += line.substr(line.find('"')) + "\n";
  }
  return out;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST(Fonts, LiteralScannerFindsCharactersOnlyInsideStrings) {
  auto cps = literalCodePoints("// 注释 →\nconst char* a = \"户 → \\\"网\";  /* 格 */ char c = 'x';");
  EXPECT_EQ(cps, (std::set<unsigned>{0x6237, 0x2192, 0x7F51}));
}

TEST(Fonts, EveryCharacterOfTheStudiosOwnTextHasAGlyph) {
  ImGui::CreateContext();
  gp::studio::Fonts f = gp::studio::loadFonts("");
  ImGui::GetIO().Fonts->Build();
  if (!f.cjk) {
    ImGui::DestroyContext();
    GTEST_SKIP() << "Noto Sans CJK is not installed (fonts-noto-cjk): the studio falls back to ImGui's font";
  }
  int checked = 0;
  for (const auto& e : fs::directory_iterator(fs::path(GRIDPLAN_SOURCE_DIR) / "app" / "studio")) {
    if (e.path().extension() != ".cpp") continue;
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    for (unsigned cp : literalCodePoints(ss.str())) {
      ++checked;
      EXPECT_NE(f.ui->FindGlyphNoFallback(ImWchar(cp)), nullptr)
          << e.path().filename().string() << ": U+" << std::hex << cp << " has no glyph in the interface font";
    }
  }
  EXPECT_GT(checked, 10);
  ImGui::DestroyContext();
}

TEST(Fonts, PoReaderTakesTranslationsNotMessagesOrComments) {
  const std::string po = "# 注释\nmsgid \"户\"\nmsgstr \"\"\n\"网\"\n\n#, c-format\nmsgid \"x\"\nmsgid_plural \"楼\"\nmsgstr[0] \"格\"\n";
  EXPECT_EQ(literalCodePoints(poTranslations(po)), (std::set<unsigned>{0x7F51, 0x683C}));
}

TEST(Fonts, TheCompiledCatalogIsReadForTheAtlas) {
  const std::string dir = gp::i18n::catalogDir();
  ASSERT_FALSE(dir.empty()) << "no compiled catalog beside the test binary (build the catalogs target)";
  const std::string text = gp::studio::catalogText(dir);
  // A translation and a message of the studio's own.
  EXPECT_NE(text.find("工具和图层"), std::string::npos);
  EXPECT_NE(text.find("Tools and layers"), std::string::npos);
  EXPECT_EQ(gp::studio::catalogText(""), "");
}

TEST(Fonts, EveryCharacterOfEveryTranslationHasAGlyph) {
  ImGui::CreateContext();
  gp::studio::Fonts f = gp::studio::loadFonts("");
  ImGui::GetIO().Fonts->Build();
  if (!f.cjk) {
    ImGui::DestroyContext();
    GTEST_SKIP() << "Noto Sans CJK is not installed (fonts-noto-cjk): the studio falls back to ImGui's font";
  }
  int checked = 0;
  for (const auto& e : fs::directory_iterator(fs::path(GRIDPLAN_SOURCE_DIR) / "po")) {
    if (e.path().extension() != ".po") continue;
    for (unsigned cp : literalCodePoints(poTranslations(slurp(e.path())))) {
      ++checked;
      EXPECT_NE(f.ui->FindGlyphNoFallback(ImWchar(cp)), nullptr)
          << e.path().filename().string() << ": U+" << std::hex << cp << " has no glyph in the interface font";
    }
  }
  EXPECT_GT(checked, 300) << "characters of the translations";
  ImGui::DestroyContext();
}
