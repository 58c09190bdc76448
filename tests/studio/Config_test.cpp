// What the studio remembers between runs (the language of its menu): where the file is, that it survives a
// round trip with keys this version does not know, and which language wins at start.
#include "app/studio/Config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "geo/core/Error.hpp"
#include "tests/support/TestSupport.hpp"

using namespace gp;
using namespace gp::studio;
namespace fs = std::filesystem;

namespace {

// Sets (or unsets, for nullptr) an environment variable for one scope.
class EnvVar {
 public:
  EnvVar(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old, had_ = true;
    if (value) setenv(name, value, 1);
    else unsetenv(name);
  }
  ~EnvVar() {
    if (had_) setenv(name_, old_.c_str(), 1);
    else unsetenv(name_);
  }

 private:
  const char* name_;
  std::string old_;
  bool had_ = false;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST(Config, PathFollowsTheXdgRules) {
  {
    EnvVar xdg("XDG_CONFIG_HOME", "/srv/conf");
    EnvVar home("HOME", "/home/li");
    EXPECT_EQ(Config::defaultPath(), "/srv/conf/gridplan/studio.conf");
  }
  {
    // Unset, empty or relative: $HOME/.config.
    EnvVar home("HOME", "/home/li");
    for (const char* v : {static_cast<const char*>(nullptr), "", "rel/conf"}) {
      EnvVar xdg("XDG_CONFIG_HOME", v);
      EXPECT_EQ(Config::defaultPath(), "/home/li/.config/gridplan/studio.conf") << (v ? v : "(unset)");
    }
  }
  EnvVar xdg("XDG_CONFIG_HOME", nullptr);
  EnvVar home("HOME", nullptr);
  EXPECT_EQ(Config::defaultPath(), "") << "nowhere to remember anything";
}

TEST(Config, SavesIntoANewFolderAndReadsBackWhatItDoesNotKnow) {
  fs::path dir = gp::test::tempDir("config");
  fs::path path = dir / "a" / "gridplan" / "studio.conf";
  EXPECT_EQ(Config::load(path.string()).get("language"), "") << "a missing file is an empty configuration";
  {
    std::ofstream out(dir / "old.conf");
    out << "# an older or newer studio wrote this\n  window = 1600x1000  \nlanguage=en\nnot a setting\n";
  }
  Config c = Config::load((dir / "old.conf").string());
  EXPECT_EQ(c.get("window"), "1600x1000");
  EXPECT_EQ(c.get("language"), "en");
  c.set("language", "zh_CN");
  c.save(path.string());
  Config back = Config::load(path.string());
  EXPECT_EQ(back.get("language"), "zh_CN");
  EXPECT_EQ(back.get("window"), "1600x1000") << slurp(path);
  // Written atomically: no temporary file is left beside it.
  int files = 0;
  for (const auto& e : fs::directory_iterator(path.parent_path())) files += e.is_regular_file();
  EXPECT_EQ(files, 1);
}

TEST(Config, SavingWhereNoFolderCanBeMadeSaysWhere) {
  fs::path dir = gp::test::tempDir("config_blocked");
  std::ofstream(dir / "file") << "x";
  fs::path path = dir / "file" / "gridplan" / "studio.conf";  // a file where the folder should be
  try {
    Config c;
    c.set("language", "en");
    c.save(path.string());
    FAIL() << "saved under a file";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
  }
}

TEST(Config, CommandLineBeatsTheRememberedLanguageWhichBeatsTheLocale) {
  Config none, zh, en, odd;
  zh.set("language", "zh_CN");
  en.set("language", "en");
  odd.set("language", "klingon");
  // --lang given: the command line's choice stays (main applied it).
  EXPECT_EQ(startLanguage(true, zh), std::nullopt);
  // Remembered: it wins over the locale (which main applied before).
  EXPECT_EQ(startLanguage(false, zh), i18n::Lang::Zh);
  EXPECT_EQ(startLanguage(false, en), i18n::Lang::En);
  // Nothing, or nothing this version knows, remembered: the locale stays.
  EXPECT_EQ(startLanguage(false, none), std::nullopt);
  EXPECT_EQ(startLanguage(false, odd), std::nullopt);
}
