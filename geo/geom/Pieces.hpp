#pragma once
#include <vector>

#include "geo/core/Inputs.hpp"
#include "geo/plan/Plan.hpp"

namespace gp::geom {

struct PieceLayout {
  std::vector<Piece> pieces;  // grid/unit unset; cell empty
  // Per piece: the footprint part it stands on (its entrance's slice, or the whole footprint).
  // Floor-range pieces of one entrance share the same shape (and get the same cell).
  std::vector<MultiPolygon> footprint;
};

// Splits buildings into pieces at unit granularity: a building with at most b.unit_max households is
// one piece; a larger one splits along its entrances; an entrance above b.unit_max splits into floor
// ranges of about b.unit_max households or fewer. Buildings with no households are one piece each
// (they belong to the grid around them). Every household is in exactly one piece; piece ids are stable
// ("<bld_id>", "<bld_id>-E<k>", "<bld_id>-E<k>-F<a>-<b>").
PieceLayout makePieces(const Inputs& in, const Bounds& b, ProblemList& problems);

// The k-th (1-based) of n slices of a footprint cut across its long axis (minimum-area rectangle):
// how an entrance's share of a building is drawn.
MultiPolygon entranceSlice(const MultiPolygon& footprint, int n, int k);

}  // namespace gp::geom
