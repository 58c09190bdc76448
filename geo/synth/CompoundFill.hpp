#pragma once
// Lays out the buildings of one walled compound (小区): rows of south-facing buildings with the spacing
// Chinese sunlight and fire rules lead to, an inner road in the first row gap, and optional street shops.
#include <string>
#include <vector>

#include "geo/core/Geometry.hpp"
#include "geo/synth/Random.hpp"
#include "geo/synth/Town.hpp"

namespace gp::synth {

// Buildings keep at least this far (metres, measured north-south) from the river's centre line.
constexpr double kRiverBuildingClear = 25.0;

// The river's north-south extent over the easting range [xa, xb] (the river is a function of x).
// False when the river does not reach that range.
bool riverSpan(const LineString& river, double xa, double xb, double& ymin, double& ymax);

struct FillRequest {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // the compound wall
  std::string style;                      // walkup, tower, mixed, villa
  long remaining = 0;                     // households the community still wants; the fill stops at 0
  bool shops_south = false, shops_north = false;
  const LineString* river = nullptr;      // when set, no building comes within kRiverBuildingClear of it
  bool giant_two_entrances = false;       // place a 33 x 2 x 8 = 528 tower first
  bool giant_one_entrance = false;        // place a 33 x 1 x 14 = 462 tower (giant_one_floors x per_floor)
  int giant_one_floors = 33, giant_one_per_floor = 14;
  // An awkward town's homes: walk-up entrances of 13-19 households (12 now and then), rows of 9-storey
  // blocks (midrise) of 27-36 an entrance. Only these draws differ; without it the fill is the classic one.
  bool awkward = false;
};

struct FillResult {
  std::vector<TownBuilding> buildings;  // ids, names and indices are left to the caller
  long households = 0;
  LineString inner_road;                // empty when the compound has a single row
  double top = 0;                       // northernmost building edge (0 when nothing was placed)
  bool placed_giant_two = false, placed_giant_one = false;
};

FillResult fillResidential(Rng& rng, const FillRequest& req);

// Sheds, garages or a village's outbuildings: rows of small buildings (3-6 m by 3-5 m, 1.5-3 m apart, a few
// missing) with no households, at most `max_count`, filling the box from the south.
FillResult fillSheds(Rng& rng, double x0, double y0, double x1, double y1, int max_count);

// A school, hospital or office compound: a few buildings with no households, open ground around them.
FillResult fillNonResidential(Rng& rng, double x0, double y0, double x1, double y1, BuildingKind kind);

}  // namespace gp::synth
