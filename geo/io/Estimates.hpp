#pragma once
// Estimates for buildings whose source gives no count: households from floor area, entrances (单元)
// from the footprint's shape. Pure functions on plain geometry, so they are easy to test and to explain.
#include "geo/core/Geometry.hpp"

namespace gp::io {

// floors × footprint area × floor_area_factor / area_per_household, rounded; 0 for no floors or area; at most
// 1e15 (an absurd footprint gives an absurd but finite count, for the caller's cap to refuse).
long long estimateHouseholds(int floors, double footprintArea, double floorAreaFactor, double areaPerHousehold);

// Length and width of the minimum-area oriented rectangle around the footprint (long side first).
struct OrientedSize {
  double length = 0, width = 0;
};
OrientedSize orientedSize(const MultiPolygon& mp);

// Entrances of a residential building from its footprint: a compact footprint (a tower: long side under
// 30 m or under 1.8 × its width) has 1 — or, when households and floors are known and a floor would hold more
// than 8 households, one per 8 households a floor (a big block has several stair cores); a slab block has one
// per `metresPerEntrance` of its long side.
int estimateEntrances(const MultiPolygon& footprint, double metresPerEntrance = 15.0, int households = 0,
                      int floors = 0);

}  // namespace gp::io
