#pragma once
#include <vector>

#include "geo/core/Bounds.hpp"
#include "geo/core/Inputs.hpp"
#include "geo/core/Piece.hpp"

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
// Rules: households split across entrances as evenly as integers allow (the first entrances take the
// remainder), or as counted from household points when every point of the building names its entrance and
// their number equals the building's count. An entrance's floors split into the fewest contiguous ranges,
// of floor counts as even as possible (lower ranges take the extra floors), that keep each range at or
// below unit_max; households per floor are counted from points where every point of the entrance names its
// floor, else spread evenly over the building's floors. Floors unknown (0): 2 households per floor are
// assumed (at most 100 floors) and a `floors_unknown` problem says so. A single floor above unit_max stays
// one piece (`floor_over_unit_max`); fewer households than entrances gives empty entrance pieces
// (`entrances_without_households`).
// `jobs` threads cut the buildings (0 = all cores); the layout is the same for any number.
PieceLayout makePieces(const Inputs& in, const Bounds& b, ProblemList& problems, int jobs = 1);

// "<bld_id>", "<bld_id>-E<k>", "<bld_id>-E<k>-F<a>-<b>" or "<bld_id>-F<a>-<b>": entrance and floors < 1 are left out.
std::string pieceId(const std::string& bld_id, int entrance, int floor_from, int floor_to);

// Divides a piece into two floor ranges of households as equal as whole floors allow, so that a partition
// which cannot group whole entrances into units within the bounds gets a finer piece to work with. The
// piece is an entrance, a floor range of one, or a whole building; its floors are the building's (a floor
// count of 0 is taken as (households + 1) / 2 floors, as makePieces does) and households per floor are
// counted from `points` (the building's household points) where every point of the piece names its floor
// and their number is the piece's, else spread evenly. Ids follow makePieces ("<bld_id>-E<k>-F<a>-<b>",
// entrance 1 for a building of one entrance); a building of several entrances taken whole stands on one
// cell, so its ranges span all its entrances: "<bld_id>-F<a>-<b>" with no entrance. Empty when the piece
// cannot be divided: one floor, or fewer than two households (or floors holding them).
std::vector<Piece> splitByFloors(const Inputs& in, const Piece& p, const std::vector<const HouseholdPoint*>& points);

// The same division with the cut chosen by the caller: the lower range takes the piece's first `lowerFloors`
// floors. Empty when the piece cannot be divided there (either side without households).
std::vector<Piece> splitByFloorsAt(const Inputs& in, const Piece& p, const std::vector<const HouseholdPoint*>& points,
                                   int lowerFloors);

// Households on each floor of a piece, lowest first, as splitByFloors counts them; {households} for a piece
// that cannot be divided by floors.
std::vector<int> householdsPerFloor(const Inputs& in, const Piece& p, const std::vector<const HouseholdPoint*>& points);

// The k-th (1-based) of n slices of a footprint cut across its long axis (minimum-area rectangle):
// how an entrance's share of a building is drawn.
MultiPolygon entranceSlice(const MultiPolygon& footprint, int n, int k);

}  // namespace gp::geom
