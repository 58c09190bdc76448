#pragma once
#include <string>
#include <vector>

#include "geo/core/Geometry.hpp"
#include "geo/core/Problem.hpp"

namespace gp::geom {

struct TessellationOptions {
  double sample_spacing = 2.0;  // metres between points sampled along seed edges (momepy-style)
  double snap = 0.01;           // metres: coordinates are snapped to this grid so cells share exact edges
  double simplify = 0.1;        // metres: boundaries between cells are simplified within this (0 = exact)
  // Optional names of the seeds for problem messages (e.g. "buildings:bld_id=B12"); "seed <i>" otherwise.
  std::vector<std::string> seed_names;
};

// Morphological tessellation of `area`: one cell per seed, the part of the area closer to that seed than
// to any other, cut by barrier lines (the part of a cut cell across a barrier goes to the neighbouring cell
// on that side). Promises: cells are valid polygons, pairwise interior-disjoint, and their union equals
// `area` (seamless); a seed outside `area` gets an empty cell and a problem. Identical seeds (stacked
// floor pieces) must be passed once by the caller. Seeds that overlap are reported (overlapping_seeds) and
// split between them; a seed fully covered by others may get an empty cell (seed_without_cell). A part of
// a cell cut off from its seed (by a barrier or a concave area edge) joins the neighbouring cell it shares
// most boundary with (across non-barrier edges first), so cells are connected unless the seed or the area
// is itself in several parts, a barrier crosses the seed, or seeds overlap; a separate part of the area
// with no seed goes to the nearest seed. Cells are built from one noded, snapped linework (Voronoi edges between seeds' sample points, the area boundary, the barriers),
// so neighbouring cells share identical edges; the union equals `area` up to the snap.
// Thread-safe: each call uses its own GEOS context.
std::vector<MultiPolygon> tessellate(const MultiPolygon& area, const std::vector<MultiPolygon>& seeds,
                                     const std::vector<LineString>& barriers, const TessellationOptions& opt,
                                     ProblemList& problems);

}  // namespace gp::geom
