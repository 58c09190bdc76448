#pragma once
// `gridplan export`: the plan in the formats other tools read. Every file is written atomically (a temp file
// in the same folder, then rename), so a failed export never leaves a half-written file under the final name.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "geo/core/Problem.hpp"
#include "geo/plan/Plan.hpp"

namespace gp::io {

enum class ExportFormat { Csv, Xlsx, GeoJson, Shapefile, Metis };

// "csv", "xlsx", "geojson", "shp" (or "shapefile"), "metis"; nullopt for anything else.
std::optional<ExportFormat> parseExportFormat(const std::string& s);

struct ExportOptions {
  // The code page of a Shapefile's .dbf: empty or "UTF-8", or "GBK" (also "CP936", "936") for older tools that
  // read only the Chinese Windows code page. Only the Shapefile export takes one.
  std::string encoding;
  // What the export changed on the way: fields renamed, text cut to a .dbf column, characters the code page
  // lacks. May be null.
  ProblemList* problems = nullptr;
};

// Writes `plan` in `format` to `out` (see the functions below for what `out` names) and returns the paths
// written. Throws gp::InputError when `out` cannot be written, naming it, or for an encoding given to a format
// that has none to choose.
std::vector<std::string> exportPlan(const Plan& plan, ExportFormat format, const std::string& out,
                                    const ExportOptions& opt = {});

// The assignment, one row per piece: piece_id, bld_id, building_name, entrance, floor_from, floor_to,
// households, grid_id, unit_id (empty where unknown). UTF-8 with a byte-order mark and CRLF line ends, so
// Excel opens the Chinese text correctly.
std::string exportCsv(const Plan& plan, const std::string& path);

// The grid ledger workbook (geo/io/Ledger.hpp): sheets 网格台账 (one row per grid, with the worker, phone and
// duties to fill in), 基础治理单元 (units and their leader) and 楼栋 (a row per piece: buildings with the
// entrances and floors of split ones). Codes are text cells in text-formatted columns, the heading row is
// frozen and filtered, columns are sized to their text (CJK counted double).
std::string exportXlsx(const Plan& plan, const std::string& path);

// `dir`/grids.geojson and `dir`/units.geojson (the folder is created when missing), in EPSG:4326 longitude /
// latitude as RFC 7946 requires. Throws gp::InputError when the plan has no CRS to reproject from.
std::vector<std::string> exportGeoJson(const Plan& plan, const std::string& dir);

// `dir`/grids.shp and `dir`/units.shp with their .shx, .dbf, .prj and .cpg, in the plan's metric CRS. The .dbf
// is UTF-8 (.cpg "UTF-8"), or with opt.encoding GBK the Chinese Windows code page (.cpg "CP936" and the
// language driver byte 0x4D that tools older than .cpg read). Field names fit the 10-character limit: grids
// (grid_id, comm_id, name, households, units, status, reason, locked, worker, phone, duties), units (unit_id,
// grid_id, households, status, reason, leader); the renamed ones are noted in opt.problems (field_renamed).
// Text longer than its .dbf column (254 bytes at most) is cut at a character boundary, a warning per field with
// the count (text_cut); characters GBK lacks become "?", a warning per field (text_not_encodable).
std::vector<std::string> exportShapefile(const Plan& plan, const std::string& dir, const ExportOptions& opt = {});

// The piece adjacency graph for gpmetis: vertices are pieces in plan order, weighted by households (fmt 010);
// pieces are adjacent when their cells share an edge, and stacked floor pieces of one entrance (which share a
// cell) are adjacent to each other and to all of that cell's neighbours. Writes `path` (METIS graph format),
// `path`.xy (x y of each piece's cell centroid, or its building's, one line per vertex) and `path`.ids (the
// piece_id of each vertex), so a gpmetis partition `path`.part.K maps back to pieces.
std::vector<std::string> exportMetis(const Plan& plan, const std::string& path);

// The graph exportMetis writes, in CSR form (0-based), for tests and benchmarks.
struct PieceGraph {
  std::vector<int32_t> xadj, adjncy;
  std::vector<int32_t> weight;  // households per piece
  std::vector<XY> xy;
};
PieceGraph pieceGraph(const Plan& plan);

}  // namespace gp::io
