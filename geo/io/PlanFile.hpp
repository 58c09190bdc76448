#pragma once
// The plan GeoPackage (DESIGN §4): a contract with QGIS, scripts and `gridplan check`.
// Layers written: communities, grids, units, buildings, pieces, households (when given), problems,
// plan_meta (DESIGN §4), plus compounds, barriers, cells (Polygon, piece_id: each piece's tessellation
// cell), transfers, report, and QGIS styles in layer_styles.
// The layers' columns are data in PlanSchema.hpp; PlanFile_Write.cpp and PlanFile_Read.cpp walk them, and
// PlanFile_Gpkg.hpp holds the GeoPackage blobs and the R-tree bulk load under the writer.
#include <string>

#include "geo/plan/Plan.hpp"

namespace gp::io {

// Writes atomically (a temp file beside `path`, then rename). Throws gp::InputError when the path
// cannot be written, naming it.
void writePlan(const Plan& plan, const std::string& path);

// Reads a plan written by writePlan, or edited in QGIS. Throws gp::InputError when the file is missing,
// not a GeoPackage, or lacks a required layer or field (naming it). Inconsistencies that do not stop
// reading (a piece naming an unknown grid…) go to Plan::problems.
Plan readPlan(const std::string& path);

}  // namespace gp::io
