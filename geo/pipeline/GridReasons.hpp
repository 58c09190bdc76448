#pragma once
// Grid reasons once entrances were divided by floors between grids (issue 10, item 3): a grid the partitioner
// left in an exception with the hint "(splitting a piece … would fix it)" keeps that hint only while the tool
// has not tried it itself (`--split-entrances never`).
#include <vector>

#include "geo/pipeline/BalanceForUnits.hpp"

namespace gp::partition {
struct Result;
}

namespace gp::pipeline {

// After fillGridsByFloors and the stages after it: each grid still in an exception whose reason carries a fix
// hint gets, in its place, what was tried and what still prevents the bounds. When the single floors of its
// connected area (the grid-level nodes `level` in free parts of `r` connected to the grid, as the partitioner's
// reason counted them) cannot be grouped into sums within the grid bounds whatever their places, the reason
// lists them: one floor is the finest division allowed. Otherwise it says that dividing entrances by floors
// between grids was tried and did not bring the grid within the bounds.
void reasonsAfterFloors(const Plan& plan, const Cells& cells, const LevelNodes& level, const partition::Result& r,
                        std::vector<GridOut>& grids, const Bounds& b);

}  // namespace gp::pipeline
