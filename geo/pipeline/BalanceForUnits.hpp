#pragma once
// A stage of planCommunity, after the units of every grid are made: grids whose households cannot be
// grouped into units within the bounds (a tower of 224 households with 8 a floor makes units of 24 only)
// trade one grid-level node with a neighbouring grid, so both can.
#include <vector>

#include "geo/pipeline/CommunityPlanner.hpp"

namespace gp::partition {
struct Graph;
}

namespace gp::pipeline {

// The grid-level graph as the grids were cut from it.
struct LevelNodes {
  const partition::Graph* graph = nullptr;  // over the nodes below
  std::vector<std::vector<int>> pieces;     // per node: its plan pieces
};

// A grid as the grid level made it, before planUnits divided any piece for its units: plan pieces, and
// after tradeFloors also floor ranges (an index -2 - k names added[k]; a plan piece may be narrowed to some
// of its floors in `replaced`), as GridOut holds them.
struct GridShare : FloorRanges {
  std::vector<int> pieces;
};

// Moves single nodes between neighbouring grids where that brings the units of both nearer the unit bounds
// (households outside them, summed, then the number of units outside): both grids stay within the grid
// bounds and connected, and keep status ok. Grids continuing a base grid, locked, dedicated or without
// households are left alone. `shares` holds each grid's pieces as the grid level made them (plan pieces
// only); moved grids get their shape, households and units again. Returns how many nodes moved.
int balanceForUnits(const Plan& plan, const Cells& cells, const LevelNodes& level, std::vector<GridOut>& grids,
                    std::vector<GridShare>& shares, const Options& opt, const BaseRef* base, Timings* t);

// After balanceForUnits, for grids whose units are still off: moves the top or bottom floors of a floor
// piece (a tower's entrance or a range of one) to a neighbouring grid on the same cell or a touching one,
// not across a barrier, where whole nodes could not do it (a grid of 28 floors of 8 households makes units of
// 24 only; one floor to its neighbour makes 27). The grids then overlap by that cell, as stacked floors may.
// Moves are first screened by arithmetic (can each grid's floors be grouped into sums within the unit
// bounds?), the entrances already divided between the two grids first, then the fewest households; a move is
// kept when planUnits brings the units of both nearer the bounds, both grids staying within theirs.
// Returns how many moves were kept.
int tradeFloors(const Plan& plan, const Cells& cells, std::vector<GridOut>& grids, std::vector<GridShare>& shares,
                const Options& opt, const BaseRef* base, Timings* t);

// Before balanceForUnits: a grid the grid level could not bring to the grid minimum (status exception, pieces
// too coarse: a tower of 197 households beside two entrances of 295) takes the fewest floors of one floor
// piece of a neighbouring grid on the same or a touching cell that bring both within the grid bounds, and
// becomes ok. Dedicated, locked and base grids are left alone. Returns how many grids were filled.
int fillGridsByFloors(const Plan& plan, const Cells& cells, std::vector<GridOut>& grids,
                      std::vector<GridShare>& shares, const Options& opt, const BaseRef* base, Timings* t);

// A grid made again from its share: the grid level's fields of `from` kept, its households and units made
// anew (its shape left to the caller: shapeOfShare, once the grid is kept).
GridOut remadeGrid(const Plan& plan, const Cells& cells, const GridOut& from, const GridShare& share,
                   const Options& opt, const BaseRef* base, Timings* t);
MultiPolygon shapeOfShare(const Cells& cells, const GridShare& share);

// Households of a grid's units outside [lo, hi], summed, and how many units are outside.
std::pair<long, int> unitsOffBounds(const GridOut& g, int lo, int hi);

// Grids `from` and `to` made again on trial shares (remadeGrid) and kept, shapes, shares and all, when their
// units come nearer the unit bounds: the households outside them, summed over both grids, then the number
// of units outside, lower than before (with `orAsNear`, the households outside no higher). Returns whether
// they were kept; the grids and shares are untouched otherwise.
bool keepIfUnitsNearer(const Plan& plan, const Cells& cells, std::vector<GridOut>& grids,
                       std::vector<GridShare>& shares, int from, int to, GridShare fromShare, GridShare toShare,
                       const Options& opt, const BaseRef* base, Timings* t, bool orAsNear = false);

}  // namespace gp::pipeline
