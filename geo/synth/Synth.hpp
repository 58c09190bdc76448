#pragma once
// `gridplan synth`: deterministic synthetic Chinese-style towns, for the demo, the tests and benchmarks.
//
// A town of about `households` households (within about one building of it: 1.5% at worst from 1,500 up)
// in EPSG:4549 (CGCS2000 / 3-degree Gauss-Kruger CM 120E), centred near easting 510,000, northing
// 3,460,000 and growing outward with N. Communities (社区, ~1,500-6,000 households each, 12-digit codes
// 320508SSSCCC) are the blocks between main roads and tile the town with no gap or overlap; each holds walled
// compounds (小区) separated by secondary roads; compounds hold 6-storey walk-ups (2-6 entrances, 2
// households a floor per entrance), 18-33-storey towers (1-2 entrances, 4-8 households a floor), villas,
// street shops, and non-residential compounds (schools, hospitals, offices; hospitals and some schools are
// `dedicated`). A river (LineString) crosses the town; compounds stay clear of it and of roads.
//
// Deliberately awkward cases, always present when households >= 3,000 (see Town::awkward):
//  - one community below 200 households (one small walk-up compound; the rest of its block is schools,
//    offices, a hospital or open land);
//  - one walk-up compound cut by the river: the river line crosses its wall, its buildings stand on
//    both banks and none touches the water;
//  - one tower too large for a single grid: 33 floors x 2 entrances x 8 a floor = 528 households;
//  - one tower whose single entrance exceeds a grid: 33 floors x 1 entrance x 14 a floor = 462 households.
// Below 3,000 households only the river compound is attempted (the town may be a single community).
//
// With SynthOptions::awkward (`gridplan synth --awkward`), also the shapes real cities have, at any size
// (from ~1,500 households, six blocks or more):
//  - walk-ups whose entrances hold 13-19 households (6 floors x 3 flats, some vacant; 7 floors for 19),
//    12 now and then, varying per building; rows of 9-storey blocks (kind midrise) of 27-36 an entrance
//    (3-4 flats a floor);
//  - a tower of one entrance holding 400+ households (26-33 floors x 14-16 a floor), below 3,000 too;
//  - a cluster of 100-400 sheds (kind shed, 0 households, a few metres across, 1.5-3 m apart): in a
//    compound of kind sheds, or on open land (no compound; bld_id community_id-00-NNN);
//  - water areas as polygons (layer water): a lake across a main road, so in two communities, and a pond
//    in a park, sometimes with an island (a hole); and a railway (layer railways, LineString) crossing the
//    town north-south; compounds keep 30 m from the railway, buildings clear of the water. Both are meant
//    as --barriers (the loader uses a water polygon's outline as lines);
//  - a community in two parts (a MultiPolygon of two blocks that do not touch; half the time the second part
//    has no homes, and then half the time the sheds stand there) and one with a concave outline
//    (two blocks of neighbouring rows merged: an L, T or Z); communities still tile the town.
// Its blocks are given more room, but what the river, railway and water leave can still fall short: an
// awkward town holds at least ~2/3 of the households asked for (most are within 1%), and may overshoot by
// about one tower.
// The town without the flag is exactly the town of earlier versions (the flag only adds draws of its own).
//
// Same households and seed → the same town: the same attributes and geometry, run after run. Randomness
// comes only from std::mt19937_64 through our own helpers (Random.hpp), never the standard distributions
// that differ between standard libraries; coordinates are rounded to centimetres (roads, blocks and walls to
// whole metres), so last-bit differences of another platform's libm cannot show.
#include <cstdint>
#include <string>
#include <vector>

#include "geo/core/Inputs.hpp"

namespace gp::synth {

constexpr long kMinHouseholds = 50;
constexpr long kMaxHouseholds = 50'000'000;
constexpr int kEpsg = 4549;

struct SynthOptions {
  long households = 1500;
  uint64_t seed = 1;
  bool household_points = false;  // also write / fill one point per household
  bool awkward = false;           // also the shapes real cities have (see above)
  bool roster = false;            // also write the town's roster beside it (see writeTown)
  int villages = 0;               // village communities south of the town (2.4 x 1.8 km of scattered houses)
};

struct SynthSummary {
  std::string path;
  long households = 0;      // sum of building households
  long buildings = 0;
  long residential_buildings = 0;
  long communities = 0;
  long compounds = 0;
  long roads = 0;
  long water_areas = 0;       // 0 unless awkward
  long railways = 0;          // 0 unless awkward
  long household_points = 0;  // 0 unless asked for
  std::string smallest_community;  // "320508001003 平江社区 (164 households)"
  // The deliberately awkward cases, described for people; empty when the town has none (below 3,000,
  // without SynthOptions::awkward).
  std::vector<std::string> awkward;
  std::string roster;       // the roster written beside the town, empty unless asked for
  long roster_workers = 0;
  double seconds = 0;
};

// Writes the town as a GeoPackage (every layer EPSG:4549, with an R-tree index). Layers and fields:
//   communities (Polygon)   community_id, name, street, households (MultiPolygon when awkward: every feature)
//   compounds   (Polygon)   compound_id, name, kind (walkup/tower/mixed/villa/school/hospital/office/sheds),
//                           community_id, households
//   buildings   (Polygon)   bld_id, name ("12号楼"), kind (walkup/tower/villa/shop/school/hospital/office,
//                           and when awkward midrise/shed), households, floors, entrances, compound_id (empty
//                           on open land), community_id, dedicated (0/1)
//   roads       (LineString) name, kind (main/secondary/inner; inner roads lie inside one compound)
//   river       (LineString) name
//   water       (Polygon, only when awkward) name, kind (lake/pond)
//   railways    (LineString, only when awkward) name, kind ("rail")
//   households  (Point, only with household_points) hh_id, bld_id, entrance, floor, room ("301"),
//                           owner_name, phone ("100…", no real prefix), id_number ("999999…", no real region)
// With SynthOptions::roster, also the town's roster of grid workers beside it, townRosterPath(path): a CSV
// (UTF-8 with a BOM) of 社区编码, 社区名称, 网格员, 联系电话, 服务职责 with fictional people (personName; phones
// 0512-0…, a local number no exchange gives out), per community one more than it can have grids of the
// default 200 households or more. Rows name only their community, so `--roster` hands them to its grids in
// code order (geo/print/Roster.hpp). They draw from a random stream of their own: the town is the same
// byte for byte with or without the roster.
// Atomic: the file appears complete or not at all (temp file in the same folder, then rename).
// Throws gp::InputError for out-of-range options or an unusable path (not .gpkg, missing folder).
SynthSummary writeTown(const std::string& path, const SynthOptions& opt);

// "dir/town.gpkg" → "dir/town-roster.csv".
std::string townRosterPath(const std::string& town_path);

// The same town as normalised Inputs, without files: buildings (hh_source Field, entrances not
// estimated, building_fields = the buildings layer's fields), communities with summed households,
// compounds, barriers (every road as kind "road", the river as "river"; when awkward also every ring of a
// water area as "river" and the railway as "railway", as the loader reads them), households when asked for,
// crs_wkt of EPSG:4549 and epsg 4549. Throws gp::InputError for out-of-range options.
gp::Inputs makeTownInputs(const SynthOptions& opt);

// Throws gp::InputError naming the option when it is out of range.
void validate(const SynthOptions& opt);

}  // namespace gp::synth
