#include "app/GdalConfig.hpp"

#include <CLI/CLI.hpp>
#include <cpl_conv.h>

#include <cctype>
#include <filesystem>

#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"

namespace gp::app {

namespace {

// What the file of partition options was called before issue 14: a path, not an option name.
bool looksLikeFile(const std::string& s) {
  std::error_code ec;
  return s.find_first_of("/\\.") != std::string::npos || std::filesystem::is_regular_file(s, ec);
}

[[noreturn]] void refuseOldForm(const std::string& file) {
  throw InputError(fmt(tr("--config %1$s: the file of partition options is now given with --options FILE "
                          "(gridplan partition --options %1$s); --config takes GDAL's configuration options, "
                          "KEY VALUE (e.g. --config GDAL_CACHEMAX 512), as in ogr2ogr"),
                       file.c_str()));
}

}  // namespace

bool isGdalConfigKey(const std::string& key) {
  if (key.empty() || (key[0] >= '0' && key[0] <= '9')) return false;
  for (unsigned char c : key)
    if (!(std::isalnum(c) || c == '_')) return false;
  return true;
}

std::pair<std::string, std::string> splitGdalConfig(const std::string& text, const std::string& where) {
  const char* space = " \t";
  size_t cut = text.find_first_of(std::string("=") + space);
  std::string key = text.substr(0, cut);
  if (cut != std::string::npos && isGdalConfigKey(key)) {
    size_t v = text.find_first_not_of(space, cut);
    if (v != std::string::npos && text[v] == '=') v = text.find_first_not_of(space, v + 1);
    return {key, v == std::string::npos ? std::string() : text.substr(v)};
  }
  throw InputError(fmt(tr("%1$s: `%2$s` is not a GDAL configuration option: write KEY VALUE or KEY=VALUE, e.g. "
                          "GDAL_CACHEMAX 512"),
                       where.c_str(), text.c_str()));
}

void setGdalConfig(const std::string& key, const std::string& value) { CPLSetConfigOption(key.c_str(), value.c_str()); }

void setGdalConfigDefault(const std::string& key, const std::string& value) {
  if (!CPLGetConfigOption(key.c_str(), nullptr)) setGdalConfig(key, value);
}

void addGdalConfigOption(CLI::App& app) {
  app.add_option_function<std::vector<std::pair<std::string, std::string>>>(
         "--config",
         [](const std::vector<std::pair<std::string, std::string>>& pairs) {
           for (const auto& [k, v] : pairs) setGdalConfig(k, v);
         },
         tr("GDAL's configuration option KEY set to VALUE, as in ogr2ogr (e.g. --config PG_USE_COPY YES); "
            "repeatable"))
      ->type_name("KEY VALUE")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

std::vector<std::string> normaliseConfigArguments(int argc, const char* const* argv) {
  std::vector<std::string> out;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--") {  // the rest are values
      for (; i < argc; ++i) out.emplace_back(argv[i]);
      break;
    }
    std::string key;
    if (a == "--config") {
      if (i + 1 >= argc)
        throw InputError(tr("--config needs KEY VALUE, GDAL's configuration options as in ogr2ogr (e.g. --config "
                            "GDAL_CACHEMAX 512); the file of partition options is now given with --options FILE"));
      key = argv[++i];
    } else if (a.rfind("--config=", 0) == 0) {
      key = a.substr(9);
    } else {
      out.push_back(a);
      continue;
    }
    std::string value;
    bool haveValue = false;
    if (size_t eq = key.find('='); eq != std::string::npos && isGdalConfigKey(key.substr(0, eq))) {
      value = key.substr(eq + 1);
      key = key.substr(0, eq);
      haveValue = true;
    }
    if (!isGdalConfigKey(key)) {
      if (looksLikeFile(key)) refuseOldForm(key);
      throw InputError(fmt(tr("--config %1$s: not a GDAL configuration option name (letters, digits and _, e.g. "
                              "GDAL_CACHEMAX); write --config KEY VALUE"),
                           key.c_str()));
    }
    if (!haveValue) {
      // A value never starts with "--": that is the next option. Nor, after the name of an existing file, does it
      // start with "-" and a letter (`--config opts -o plan.gpkg`): the KEY was the old options file.
      const std::string next = i + 1 < argc ? argv[i + 1] : "";
      const bool option = next.size() > 1 && next[0] == '-' && std::isalpha(static_cast<unsigned char>(next[1]));
      if (i + 1 >= argc || next.rfind("--", 0) == 0 || (option && looksLikeFile(key))) {
        if (looksLikeFile(key)) refuseOldForm(key);
        throw InputError(fmt(tr("--config %1$s: give its value too: --config %1$s VALUE"), key.c_str()));
      }
      value = argv[++i];
    }
    out.push_back("--config");
    out.push_back(key);
    out.push_back(value);
  }
  return out;
}

}  // namespace gp::app
