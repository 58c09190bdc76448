#include "app/studio/Config.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "geo/core/AtomicFile.hpp"
#include "geo/core/Error.hpp"

namespace gp::studio {

namespace {

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r"), b = s.find_last_not_of(" \t\r");
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

}  // namespace

std::string Config::defaultPath() {
  namespace fs = std::filesystem;
  // XDG: a relative XDG_CONFIG_HOME is invalid and is ignored.
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg && *xdg && fs::path(xdg).is_absolute()) return (fs::path(xdg) / "gridplan" / "studio.conf").string();
  const char* home = std::getenv("HOME");
  if (home && *home) return (fs::path(home) / ".config" / "gridplan" / "studio.conf").string();
  return {};
}

Config Config::load(const std::string& path) {
  Config c;
  if (path.empty()) return c;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return c;
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "%s\n", fmt(tr("studio: cannot read %s; starting with the default settings"), path.c_str()).c_str());
    return c;
  }
  std::string line;
  while (std::getline(in, line)) {
    std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    size_t eq = t.find('=');
    if (eq == std::string::npos) continue;
    c.set(trim(t.substr(0, eq)), trim(t.substr(eq + 1)));
  }
  return c;
}

void Config::save(const std::string& path) const {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  if (ec)
    throw InputError(fmt(tr("cannot create the folder of %s: %s"), path.c_str(), ec.message().c_str()));
  std::ostringstream out;
  out << "# gridplan studio: what it remembers between runs (written by the studio)\n";
  for (const auto& [k, v] : entries_) out << k << " = " << v << "\n";
  writeFileAtomically(path, out.str(), tr("studio settings"));
}

std::string Config::get(const std::string& key) const {
  for (const auto& [k, v] : entries_)
    if (k == key) return v;
  return {};
}

void Config::set(const std::string& key, const std::string& value) {
  for (auto& [k, v] : entries_)
    if (k == key) {
      v = value;
      return;
    }
  entries_.emplace_back(key, value);
}

std::optional<i18n::Lang> startLanguage(bool langGiven, const Config& config) {
  if (langGiven) return std::nullopt;
  std::string remembered = config.get("language");
  if (remembered.empty()) return std::nullopt;
  try {
    return i18n::choose(remembered);
  } catch (const std::invalid_argument&) {
    return std::nullopt;  // a value this version does not know: the locale decides
  }
}

}  // namespace gp::studio
