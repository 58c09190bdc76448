#pragma once
// GDAL's own `--config KEY VALUE` on every command, as GDAL's utilities (ogr2ogr, gdalinfo) take it: each pair
// goes to CPLSetConfigOption while the command line is parsed, before any file or connection is opened, so
// settings such as PG_USE_COPY, GDAL_CACHEMAX or SHAPE_ENCODING apply to everything the command reads and
// writes. Until issue 14 `partition --config FILE` named the options file, now `--options FILE`; the old form
// is refused with a message saying so.
#include <string>
#include <utility>
#include <vector>

namespace CLI {
class App;
}

namespace gp::app {

// Adds the repeatable `--config KEY VALUE` to `app`; its values go to CPLSetConfigOption as they are parsed.
void addGdalConfigOption(CLI::App& app);

// The arguments with every `--config KEY=VALUE` and `--config=KEY …` written as `--config KEY VALUE` (newer GDAL
// utilities accept KEY=VALUE too). Throws gp::InputError (exit 2) for a `--config` that is not GDAL's KEY VALUE:
// the old `--config FILE` (pointing at --options FILE), a KEY that is not an option name, a missing VALUE.
std::vector<std::string> normaliseConfigArguments(int argc, const char* const* argv);

// A GDAL configuration option name: letters, digits and underscores, not starting with a digit
// (GDAL_CACHEMAX, PG_USE_COPY, CPL_DEBUG).
bool isGdalConfigKey(const std::string& key);

// `KEY VALUE` or `KEY=VALUE` (an options file's `config = …` line) → {KEY, VALUE}; throws gp::InputError
// naming `where` when it is neither.
std::pair<std::string, std::string> splitGdalConfig(const std::string& text, const std::string& where);

// Sets one GDAL configuration option for the rest of the run.
void setGdalConfig(const std::string& key, const std::string& value);
// The same unless the command line (--config) or the environment already set `key`: an options file's
// `config = KEY VALUE` is a default.
void setGdalConfigDefault(const std::string& key, const std::string& value);

}  // namespace gp::app
