#pragma once
// What the studio remembers between runs: the language chosen in its Language menu. One file,
// $XDG_CONFIG_HOME/gridplan/studio.conf (~/.config/gridplan/studio.conf when XDG_CONFIG_HOME is not set), of
// "key = value" lines, written atomically (geo/core/AtomicFile) so a crash never leaves half of it. Keys this
// version does not know are kept as they are.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "geo/core/I18n.hpp"

namespace gp::studio {

class Config {
 public:
  // The file's path by the XDG base directory rules; empty when neither XDG_CONFIG_HOME (absolute) nor HOME
  // is set (nothing is then remembered).
  static std::string defaultPath();
  // Reads `path`. A missing file is an empty configuration; an unreadable one too, after a warning on stderr
  // (the studio must start whatever its configuration).
  static Config load(const std::string& path);
  // Writes the configuration to `path`, creating its folder. Throws gp::InputError naming the path.
  void save(const std::string& path) const;

  std::string get(const std::string& key) const;  // empty when not set
  void set(const std::string& key, const std::string& value);

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

// The language the studio starts in, or nothing to keep the one the command line chose. Precedence:
// --lang (langGiven) > the language remembered from the menu > the locale (LANGUAGE, LC_ALL, LC_MESSAGES,
// LANG, which gridplan's main has already applied).
std::optional<i18n::Lang> startLanguage(bool langGiven, const Config& config);

}  // namespace gp::studio
