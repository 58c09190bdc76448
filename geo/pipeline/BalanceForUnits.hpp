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

// Moves single nodes between neighbouring grids where that brings the units of both nearer the unit bounds
// (households outside them, summed, then the number of units outside): both grids stay within the grid
// bounds and connected, and keep status ok. Grids continuing a base grid, locked, dedicated or without
// households are left alone. `gridPieces` holds each grid's plan pieces as the grid level made them (before
// planUnits divided any by floors); moved grids get their shape, households and units again.
// Returns how many nodes moved.
int balanceForUnits(const Plan& plan, const Cells& cells, const LevelNodes& level, std::vector<GridOut>& grids,
                    std::vector<std::vector<int>>& gridPieces, const Options& opt, const BaseRef* base, Timings* t);

// Households of a grid's units outside [lo, hi], summed, and how many units are outside.
std::pair<long, int> unitsOffBounds(const GridOut& g, int lo, int hi);

}  // namespace gp::pipeline
