#pragma once
// The normalised inputs as a GeoPackage (`gridplan inspect --out`), for checking them in QGIS:
// buildings (source fields + bld_id, households, hh_source, floors, entrances, community_id, compound_id),
// communities, compounds, barriers, households (when given) and problems, all in the one metric CRS.
#include <string>

#include "geo/core/Inputs.hpp"

namespace gp::io {

// Writes atomically (a temp file beside `path`, then rename). Throws gp::InputError naming `path` when it
// cannot be written.
void writeInputs(const Inputs& in, const std::string& path);

}  // namespace gp::io
