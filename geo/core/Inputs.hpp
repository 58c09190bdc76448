#pragma once
// The normalised inputs of a run: what geo/io produces from any GDAL source (or geo/synth generates),
// all in one metric CRS, and what geo/geom and the pipeline consume. No GDAL types here.
#include <string>
#include <vector>

#include "geo/core/Geometry.hpp"
#include "geo/core/Problem.hpp"

namespace gp {

enum class HhSource { Field, Points, Estimate };
const char* toString(HhSource s);  // "field", "points", "estimate"

// A source attribute column, carried through to the plan file unchanged.
// `type` is the OGRFieldType value (kept as int so this header needs no GDAL).
struct SourceField {
  std::string name;
  int type = 4;  // OFTString
};

struct Building {
  std::string bld_id;        // from --id-field, else made from the footprint (geo/io/BuildingId)
  std::string name;          // e.g. "12号楼"; may be empty
  MultiPolygon footprint;    // valid (repaired) polygon(s), metric CRS
  int households = 0;        // 0 = non-residential
  HhSource hh_source = HhSource::Field;
  int floors = 0;            // 0 = unknown
  bool floors_estimated = false;
  int entrances = 1;         // stairwell entrances (单元), >= 1
  bool entrances_estimated = true;
  std::string compound_id;   // 小区 the building lies in, empty if none
  std::string community_id;  // 社区 the building lies in, empty if none
  bool dedicated = false;    // 专属网格: a school, hospital or enterprise marked as its own grid
  long long source_fid = -1; // feature id in the source layer, for messages
  std::vector<std::string> attrs;  // source field values, indexed like Inputs::building_fields; "" = NULL
  std::vector<bool> attr_null;     // same length as attrs: true where the source value was NULL
};

struct HouseholdPoint {
  std::string hh_id;
  XY at;
  std::string bld_id;  // building it belongs to (by field or point-in-polygon); empty if none
  int entrance = -1;   // 1-based, -1 unknown
  int floor = -1;      // -1 unknown
  std::vector<std::string> attrs;  // private source fields: never printed on a sign
  std::vector<bool> attr_null;
};

struct Community {
  std::string community_id;  // 12-digit statistical division code where known
  std::string name;
  MultiPolygon area;
  int households = 0;        // sum over its buildings, filled by the loader
};

struct Compound {
  std::string compound_id;
  std::string name;
  MultiPolygon area;
};

struct Barrier {
  std::string kind;  // "road", "river", "railway", ...
  std::string name;
  LineString line;
};

// What was read from where, for `inspect` and plan_meta.
struct LayerInfo {
  std::string role;    // "buildings", "households", "communities", "compounds", "barriers"
  std::string source;  // path or connection string as given
  std::string layer;
  std::string crs;     // e.g. "EPSG:4490" or a short name
  long long features = 0;
  std::string checksum;  // of the source file(s), hex; empty for databases
};

struct Inputs {
  std::string crs_wkt;  // the one metric CRS of every geometry below
  int epsg = 0;         // its EPSG code, 0 if none
  std::vector<LayerInfo> layers;

  std::vector<SourceField> building_fields;
  std::vector<Building> buildings;
  // The buildings' field their bld_id came from; empty where the ids were made from the footprints
  // (geo/io/BuildingId), the same from every format.
  std::string building_id_field;
  std::vector<SourceField> household_fields;
  std::vector<HouseholdPoint> households;  // only when household points were given
  std::vector<Community> communities;      // if none were given, the loader makes one covering all
  std::vector<Compound> compounds;
  std::vector<Barrier> barriers;

  ProblemList problems;
  // Households of buildings (and household points) the loader left out, each reported as a problem of severity
  // error: households read = households in the buildings above + this (issue 11: nothing lost silently).
  long long households_left_out = 0;
};

}  // namespace gp
