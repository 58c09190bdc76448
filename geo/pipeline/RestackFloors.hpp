#pragma once
// A stage of planUnits, after the partition of a grid's units: a unit holds one contiguous run of an
// entrance's floors.
#include <cstdint>
#include <vector>

#include "geo/pipeline/CommunityPlanner.hpp"

namespace gp::pipeline {

// The floor ranges of one entrance standing on one cell (a stack) are alike to the partitioner, so it may give
// one unit floors 1, 4 and 7 and another 2, 5 and 8. Each run of contiguous floors of a stack shared by
// several units in such an order is given out again, from the bottom up, each unit taking the floors whose
// households come nearest those it held there: every unit then holds one contiguous range of the entrance's
// floors, on the same cell (so its shape is the same). A way of giving them out is kept only when every unit
// keeps its households, or stays within [lo, hi] where it was (floors of uneven households: 7, 6, 6, …). A
// range is divided where one unit's floors end (only with `divide`; the new range is a node of its own,
// appended). A run that cannot be given out so, or holding a kept base unit's range (`fixed` >= 0), stays
// as it was. `nodePiece` (per node: a plan piece, or -2 - k for fr.added[k]), `fixed` (empty, or per node)
// and `part` (per node: its unit) grow together. Returns how many runs were given out again; `left`, when
// given, receives how many stay out of floor order.
int restackFloors(const Plan& plan, const Cells& cells, FloorRanges& fr, std::vector<int>& nodePiece,
                  std::vector<int>& fixed, std::vector<int32_t>& part, bool divide, int lo, int hi,
                  int* left = nullptr);

}  // namespace gp::pipeline
