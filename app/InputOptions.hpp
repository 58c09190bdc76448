#pragma once
// The input options shared by `gridplan inspect` and `gridplan partition` (DESIGN §5).
#include <string>
#include <utility>
#include <vector>

namespace CLI {
class App;
}
namespace gp::io {
struct LoadOptions;
}

namespace gp::app {

// Adds --buildings, --buildings-layer, --households-field, … , --crs to `sub`, writing into `o`.
void addInputOptions(CLI::App& sub, gp::io::LoadOptions& o);

// Every input file of `o` as (option, path), for gp::refuseOverwritingInputs.
std::vector<std::pair<std::string, std::string>> inputPaths(const gp::io::LoadOptions& o);

// Throws gp::InputError unless `path` ends in .gpkg: a plan (or the normalised inputs) is a GeoPackage, and a
// GeoPackage written under another name (x.shp) would be taken for something else, or replace it.
void requireGeoPackageName(const std::string& option, const std::string& path, const std::string& what);

}  // namespace gp::app
