#pragma once
// What to read and how to map it (DESIGN §5, the input options of `inspect` and `partition`).
#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace gp::io {

struct LayerSource {
  std::string path;   // file path or a GDAL connection string ("PG:dbname=...")
  std::string layer;  // empty: the only layer, or the one named like the role
};

struct LoadOptions {
  LayerSource buildings;
  std::string households_field;  // empty: `households`, `户数`, `住户数`, `dwellings` when present (never a population)
  std::string floors_field;      // empty: `floors`, `层数`, `storeys_count`, `building:levels`, `lev_above`…
  std::string entrances_field;   // empty: `entrances`, `单元数` when present; else estimated
  std::string id_field;          // empty: `bld_id` when present, else ids made from the footprints
  std::string name_field;        // empty: `name`, `楼号`, `名称` when present
  std::string where;             // OGR attribute filter on buildings

  LayerSource household_points;  // optional
  std::string household_building_field;  // empty: point-in-polygon

  LayerSource communities;       // optional; without it one community covers all buildings
  std::string community_id_field;  // empty: `community_id`, `code`, `社区代码`…

  LayerSource compounds;         // optional
  std::vector<LayerSource> barriers;  // zero or more line layers

  std::string crs;               // "EPSG:N" to force the metric CRS; empty: chosen from the data

  // Household estimate for buildings with no count: floors × area × floor_area_factor / area_per_household.
  double floor_area_factor = 0.75;
  double area_per_household = 90.0;

  // Added by the loader (issue 2):
  std::string encoding;            // Shapefile code page (e.g. "CP936"); empty: the .cpg, else GBK if text is not UTF-8
  std::string population_field;    // optional: households = population / persons_per_household (an estimate)
  double persons_per_household = 2.5;
  int default_floors = 1;          // floors assumed for the estimate when neither floors nor height is known
  bool estimate_missing = false;   // a NULL in the households field: false → 0 (non-residential); true → estimate
  std::string community_name_field;  // empty: `name`, `社区名称`, `名称`
  std::string compound_id_field;     // empty: `compound_id`, `小区编号`, `code`…

  // Sane per-building caps (issue 11): a count above one is an error and the building is left out, since a value
  // such as 1e12 households is a typo or a mangled cell, never a building. Raise them for a genuinely huge building.
  long long max_households = 10000;  // households (also the cap of a population-based or area-based estimate)
  long long max_floors = 300;        // floors (Shanghai Tower's 632 m ÷ 3 m is 210)
  long long max_entrances = 100;     // stairwell entrances (单元)

  // Threads for the work done feature by feature (repairs, lookups by location); 0 = all cores. The inputs read are
  // the same on any number (same features, order and problems).
  int jobs = 0;

  // For the studio: called from the loading thread with a stage ("buildings", "household points", …) and the
  // fraction done in [0,1]; when *cancel becomes true the loader throws gp::Cancelled.
  std::function<void(const std::string& stage, double fraction)> progress;
  const std::atomic<bool>* cancel = nullptr;
};

}  // namespace gp::io
