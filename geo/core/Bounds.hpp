#pragma once
// The size bounds of grids and units in households (DESIGN §1): grids 200–400 aiming at 300, units 20–30.

namespace gp {

// The parameters a plan is made with.
struct Bounds {
  int grid_min = 200, grid_max = 400, grid_target = 300;
  int unit_min = 20, unit_max = 30;
};

}  // namespace gp
