#pragma once
// The unit of assignment shared by geometry, partitioning and the plan; in core so that geo/geom does not
// include the plan (a lower layer including a higher one, issue 12 step 6).
#include <string>

#include "geo/core/Geometry.hpp"

namespace gp {

// The smallest thing the partitioner assigns: a whole building, an entrance of one, or a floor range
// of an entrance. Every household of every building is in exactly one piece.
struct Piece {
  std::string piece_id;    // stable: "<bld_id>", "<bld_id>-E<k>", "<bld_id>-E<k>-F<a>-<b>" or, for floors of a
                           // building of several entrances taken whole, "<bld_id>-F<a>-<b>"
  int building = -1;       // index into Plan::in.buildings
  int entrance = -1;       // 1-based entrance, -1 = whole building
  int floor_from = -1;     // 1-based inclusive floor range, -1 = all floors
  int floor_to = -1;
  int households = 0;
  int grid = -1;           // index into Plan::grids
  int unit = -1;           // index into Plan::units
  MultiPolygon cell;       // tessellation cell; stacked floor pieces share their entrance's cell
};

}  // namespace gp
