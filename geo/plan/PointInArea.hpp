#pragma once
// Where a point lies in a polygonal area, on plain coordinates: the answer GEOS gives for the GEOS polygon of the
// same MultiPolygon (geos::toGeos: a polygon whose shell has fewer than 4 points is empty, shorter holes are left
// out, rings are closed), by the same ray-crossing rule over every ring, with an exact orientation test. For
// `check`, which tests one point per piece against its grid's and its unit's polygon: a GEOS prepared polygon
// builds an index of its segments first, most of the cost when a unit holds one or two pieces.
#include "geo/core/Geometry.hpp"

namespace gp::plan {

enum class Where { Exterior, Boundary, Interior };

// The sign of the turn a → b → c: 1 counter-clockwise (c left of a→b), -1 clockwise, 0 collinear; exact.
int orientation(XY a, XY b, XY c);

Where locate(XY p, const MultiPolygon& area);

}  // namespace gp::plan
