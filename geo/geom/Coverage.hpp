#pragma once
#include <vector>

#include "geo/core/Geometry.hpp"

namespace gp::geom {

// Union of cells that form a coverage (no overlaps, shared edges), as one polygon per connected part,
// without slivers along shared edges (GEOS coverage union). Used for grid and unit polygons.
MultiPolygon unionCells(const std::vector<const MultiPolygon*>& cells);

}  // namespace gp::geom
