#pragma once
// The plan file's layers as data (DESIGN §4). One table per layer names each column in file order, its type,
// how the writer gets its value from the plan and how the reader puts it back; PlanFile_Write.cpp and
// PlanFile_Read.cpp both walk these tables, so a column is added, renamed or retyped in one place.
// Internal to geo/io: the contract is the file, not these types.
#include <ogr_core.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "geo/io/PlanFileStyles.hpp"
#include "geo/plan/Plan.hpp"

class GDALDataset;
class OGRFeature;
class OGRGeometry;
class OGRSpatialReference;

namespace gp::io::schema {

enum class Type { Text, Int, Int64, Real, Bool, DateTime };
OGRFieldType ogrType(Type t);
OGRFieldSubType ogrSubType(Type t);

// One value to write: NULL, an integer, a real or text. Text is a view into the plan (alive while the row is
// inserted) or into `owned`.
struct Value {
  enum Kind { Null, Integer, Real, Text } kind = Null;
  long long i = 0;
  double d = 0;
  std::string_view s;
  std::string owned;

  void null() { kind = Null; }
  void integer(long long v) { kind = Integer, i = v; }
  void real(double v) { kind = Real, d = v; }
  void text(std::string_view v) { kind = Text, s = v; }
  void textOrNull(std::string_view v) { v.empty() ? null() : text(v); }  // DESIGN §4: NULL where not assigned
  void own(std::string v) {
    owned = std::move(v);
    text(owned);
  }
};

// One value read: field `index` of a feature, -1 where the layer lacks the field (then it reads as NULL).
class Field {
 public:
  Field(OGRFeature& f, int index) : f_(f), i_(index) {}
  bool present() const;  // the layer has it and it is set and not NULL
  std::string str() const;  // "" when absent
  int integer(int dflt = 0) const;
  long long int64(long long dflt) const;

 private:
  OGRFeature& f_;
  int i_;
};

// plan_meta keys the file format owns: written from the Plan's fields, read back into them, never Plan::meta.
inline constexpr const char* kGridMin = "grid_min";
inline constexpr const char* kGridMax = "grid_max";
inline constexpr const char* kGridTarget = "grid_target";
inline constexpr const char* kUnitMin = "unit_min";
inline constexpr const char* kUnitMax = "unit_max";
inline constexpr const char* kEpsg = "crs_epsg";
inline constexpr const char* kBuildingFields = "building_fields";
inline constexpr const char* kHouseholdFields = "household_fields";
inline constexpr const char* kInputLayers = "input_layers";
inline constexpr const char* kFormat = "plan_format";
bool reservedMeta(const std::string& key);

// The report's last row: totals over the grids.
struct ReportTotals {
  long long households = 0;
  int units = 0, compoundsSplit = 0, crossings = 0;  // compoundsSplit: grids holding part of a split compound
  double meanPolsbyPopper = 0;
  std::string statuses;  // "ok 12, under 1"
};

// What the writer derives from the plan before writing rows (each vector indexed like the rows it serves). With
// `jobs` other than 1 the grids' colours (a graph of touching grids, GEOS work) are found on a second thread
// meanwhile.
struct WriteContext {
  explicit WriteContext(const Plan& p, int jobs = 1);
  const Plan& plan;
  std::vector<int> gridsPer;                        // communities: grids in each
  std::vector<std::pair<int, int>> assignment;      // buildings: their one grid and unit, -1 where split
  std::vector<int> colours;                         // grids: colour index, touching grids differ
  std::vector<int> pieceOf;                         // households: their piece, -1 where not settled
  std::vector<std::pair<Problem, const char*>> problems;  // with their origin, "input" then "plan"
  std::vector<double> polsbyPopper;                 // report: per grid
  std::vector<int> entrancesSplit;                  // report: per grid, then the totals row
  ReportTotals totals;
  std::vector<std::pair<std::string, std::string>> meta;  // plan_meta rows
  std::vector<LayerStyle> styles;                   // layer_styles rows
  std::vector<std::string> buildingColumns, householdColumns;  // source fields' column names
};

// What the reader keeps while it reads: ids seen so far, and the problems it finds.
struct ReadContext {
  Plan& plan;
  std::string path;
  std::unordered_map<std::string, int> community, building, grid, unit, piece;
  std::map<std::string, long long> textsRepaired;  // "layer.field" → texts that were not UTF-8
  std::vector<Problem> repairs;                     // the invalid_text warnings, also in plan.problems
  void problem(const std::string& kind, const std::string& feature, const std::string& message);
};

// The geometry of a row to write: at most one of these; none is a NULL geometry.
struct Shape {
  const MultiPolygon* polygons = nullptr;  // NULL when empty
  const LineString* line = nullptr;        // NULL below 2 points
  std::optional<XY> point;
};

template <class Row>
struct Column {
  const char* name;
  Type type;
  void (*get)(const WriteContext&, size_t row, Value&);
  void (*set)(ReadContext&, Row&, const Field&);  // nullptr: derived on writing, not read back
  bool required = false;                          // reading fails, naming it, when the layer lacks it
};

template <class Row>
struct Layer {
  const char* name;
  OGRwkbGeometryType geometry;  // wkbNone for a table
  bool required;                // reading fails, naming it, when the file lacks it
  std::vector<Column<Row>> columns;
  size_t (*rows)(const WriteContext&);
  Shape (*shape)(const WriteContext&, size_t row) = nullptr;
  void (*setShape)(Row&, const OGRGeometry*) = nullptr;
  const char* fid = nullptr;    // the FID column when it is not GDAL's "fid"
  bool (*keep)(const WriteContext&, size_t row) = nullptr;  // nullptr: every row is written
};

// Rows of layers that have no model type of their own.
struct CellRow {
  std::string piece_id;
  MultiPolygon cell;
};
struct ProblemRow {
  Problem problem;
  std::string origin;  // "input" or "plan"
};
struct ReportRow {
  std::string grid_id;
  int compounds_split = 0, barrier_crossings = 0;
};
struct MetaRow {
  std::string key, value;
};

const Layer<Community>& communities();
const Layer<Grid>& grids();
const Layer<Unit>& units();
const Layer<Building>& buildings();  // then the source's fields (WriteContext::buildingColumns)
const Layer<Piece>& pieces();
const Layer<CellRow>& cells();
const Layer<HouseholdPoint>& households();  // then the source's fields (WriteContext::householdColumns)
const Layer<ProblemRow>& problems();
const Layer<Compound>& compounds();
const Layer<Barrier>& barriers();
const Layer<Transfer>& transfers();
const Layer<ReportRow>& report();
const Layer<MetaRow>& planMeta();
const Layer<LayerStyle>& layerStyles();

// Our own columns of the buildings and households layers (lower case, with the FID and geometry): a source
// field of one of these names (SQLite compares names without case) is written as src_<name>.
const std::set<std::string>& ownBuildingColumns();
const std::set<std::string>& ownHouseholdColumns();
// The column each source field is written to, renamed where it would clash with ours or an earlier one.
std::vector<std::string> sourceColumns(const std::vector<SourceField>& fields, const std::set<std::string>& ours);
OGRFieldType sourceType(int type);  // a source field's OGR type as written (lists and binary as text)

}  // namespace gp::io::schema

namespace gp::io {
// The layers of a plan file, into a GPKG dataset GDAL has just created (PlanFile_Write.cpp) or out of one
// (PlanFile_Read.cpp); PlanFile.cpp opens, closes and renames the file around them.
void writeLayers(const Plan& plan, GDALDataset* ds, OGRSpatialReference* srs, const std::string& path, int jobs);
// Returns the texts that were not UTF-8 and were replaced (kind invalid_text; also in plan.problems).
std::vector<Problem> readLayers(GDALDataset* ds, const std::string& path, Plan& plan);
}  // namespace gp::io
