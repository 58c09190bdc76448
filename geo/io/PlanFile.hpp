#pragma once
// The plan GeoPackage (DESIGN §4): a contract with QGIS, scripts and `gridplan check`.
// Layers written: communities, grids, units, buildings, pieces, households (when given), problems,
// plan_meta (DESIGN §4), plus compounds, barriers, cells (Polygon, piece_id: each piece's tessellation
// cell), transfers, report, and QGIS styles in layer_styles.
// The layers' columns are data in PlanSchema.hpp; PlanFile_Write.cpp and PlanFile_Read.cpp walk them, and
// PlanFile_Gpkg.hpp holds the GeoPackage blobs and the R-tree bulk load under the writer.
#include <string>
#include <vector>

#include "geo/plan/Plan.hpp"

namespace gp::io {

// Writes atomically (a temp file beside `path`, then rename). Throws gp::InputError when the path
// cannot be written, naming it. With `jobs` other than 1 the rows are encoded on a second thread while SQLite
// inserts them on this one (0 = when the machine has two cores); the file is the same.
void writePlan(const Plan& plan, const std::string& path, int jobs = 0);

// Reads a plan written by writePlan, or edited in QGIS. Throws gp::InputError when the file is missing,
// not a GeoPackage, or lacks a required layer or field (naming it). Inconsistencies that do not stop
// reading (a piece naming an unknown grid…) go to Plan::problems. Text that is not UTF-8 is read with U+FFFD
// in place of the bad bytes, with an invalid_text warning in Plan::problems naming layer, feature and field;
// `textRepairs` gets those warnings alone, for a command to show (Plan::problems also holds stored ones).
Plan readPlan(const std::string& path, std::vector<Problem>* textRepairs = nullptr);

}  // namespace gp::io
