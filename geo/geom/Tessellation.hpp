#pragma once
#include <vector>

#include "geo/core/Geometry.hpp"
#include "geo/core/Problem.hpp"

namespace gp::geom {

struct TessellationOptions {
  double sample_spacing = 2.0;  // metres between points sampled along seed edges (momepy-style)
  double snap = 0.01;           // metres: coordinates are snapped to this grid so cells share exact edges
};

// Morphological tessellation of `area`: one cell per seed, the part of the area closer to that seed than
// to any other, cut by barrier lines (the part of a cut cell across a barrier goes to the neighbouring cell
// on that side). Promises: cells are valid polygons, pairwise interior-disjoint, and their union equals
// `area` (seamless); a seed outside `area` gets an empty cell and a problem. Identical seeds (stacked
// floor pieces) must be passed once by the caller.
std::vector<MultiPolygon> tessellate(const MultiPolygon& area, const std::vector<MultiPolygon>& seeds,
                                     const std::vector<LineString>& barriers, const TessellationOptions& opt,
                                     ProblemList& problems);

}  // namespace gp::geom
