#pragma once
// `gridplan synth`: deterministic synthetic Chinese-style towns, for the demo, the tests and benchmarks.
//
// A town of about `households` households (within one building of it, and always within a few per cent)
// in EPSG:4549 (CGCS2000 / 3-degree Gauss-Kruger CM 120E), centred near easting 510,000, northing
// 3,460,000 and growing outward with N. Communities (社区, ~1,500-6,000 households each, 12-digit codes
// 320508SSSCCC) are the blocks between main roads and tile the town with no gap or overlap; each holds walled
// compounds (小区) separated by secondary roads; compounds hold 6-storey walk-ups (2-6 entrances, 2
// households a floor per entrance), 18-33-storey towers (1-2 entrances, 4-8 households a floor), villas,
// street shops, and non-residential compounds (schools, hospitals, offices; hospitals and some schools are
// `dedicated`). A river (LineString) crosses the town; compounds stay clear of it and of roads.
//
// Deliberately awkward cases, always present when households >= 3,000 (see Town::awkward):
//  - one community below 200 households (its block is mostly a hospital / school / office campus);
//  - one walk-up compound cut by the river: the river line crosses its wall, its buildings stand on
//    both banks and none touches the water;
//  - one tower too large for a single grid: 33 floors x 2 entrances x 8 a floor = 528 households;
//  - one tower whose single entrance exceeds a grid: 33 floors x 1 entrance x 14 a floor = 462 households.
// Below 3,000 households only the river compound is attempted (the town may be a single community).
//
// Same households and seed → the same town, bit for bit, on any platform (see Random.hpp).
#include <cstdint>
#include <string>

#include "geo/core/Inputs.hpp"

namespace gp::synth {

constexpr long kMinHouseholds = 50;
constexpr long kMaxHouseholds = 50'000'000;
constexpr int kEpsg = 4549;

struct SynthOptions {
  long households = 1500;
  uint64_t seed = 1;
  bool household_points = false;  // also write / fill one point per household
};

struct SynthSummary {
  std::string path;
  long households = 0;      // sum of building households
  long buildings = 0;
  long residential_buildings = 0;
  long communities = 0;
  long compounds = 0;
  long roads = 0;
  long household_points = 0;  // 0 unless asked for
  std::string smallest_community;  // "320508001003 平江社区 (164 households)"
  double seconds = 0;
};

// Writes the town as a GeoPackage: layers communities, compounds, buildings, roads, river and, with
// household_points, households (fields: see TownWriter.cpp / DESIGN and the README). Atomic: the file
// appears complete or not at all. Throws gp::InputError for out-of-range options or an unwritable path.
SynthSummary writeTown(const std::string& path, const SynthOptions& opt);

// The same town as normalised Inputs, without files: buildings (hh_source Field, entrances not
// estimated, building_fields = the buildings layer's fields), communities with summed households,
// compounds, barriers (every road as kind "road", the river as "river"), households when asked for,
// crs_wkt of EPSG:4549 and epsg 4549. Throws gp::InputError for out-of-range options.
gp::Inputs makeTownInputs(const SynthOptions& opt);

// Throws gp::InputError naming the option when it is out of range.
void validate(const SynthOptions& opt);

}  // namespace gp::synth
