#pragma once
// The plan: communities, grids, units and the assignment of every piece, plus grid attributes.
// This is the model behind the plan GeoPackage (DESIGN §4), the studio and the signs. It is changed
// only through commands (geo/plan/Command.hpp) once it is open in the studio.
#include <string>
#include <utility>
#include <vector>

#include "geo/core/Geometry.hpp"
#include "geo/core/Bounds.hpp"
#include "geo/core/Inputs.hpp"
#include "geo/core/Piece.hpp"
#include "geo/core/Problem.hpp"
#include "geo/core/Status.hpp"

namespace gp {

struct Grid {
  std::string grid_id;     // community code + 3-digit sequence
  int community = -1;      // index into Plan::in.communities
  std::string name;
  int households = 0;
  int units = 0;
  Status status = Status::Ok;
  std::string reason;      // non-empty exactly when status != ok
  bool locked = false;
  int colour = -1;         // index into plan::gridPalette(), touching grids differ; -1 = not yet coloured
  std::string worker_name, worker_phone, duties;
  MultiPolygon shape;      // union of its pieces' cells
  // Report metrics, set by the pipeline (0 when unknown, e.g. a plan read from a file without them).
  int barrier_crossings = 0;  // adjacent piece pairs inside the grid whose shared edge is a barrier
  int compounds_split = 0;    // compounds with households both in this grid and in another
};

struct Unit {
  std::string unit_id;     // grid code + 2-digit sequence
  int grid = -1;           // index into Plan::grids
  int households = 0;
  Status status = Status::Ok;
  std::string reason;
  std::string leader_name;  // 楼栋长
  MultiPolygon shape;
};

// Households moved between grids by a re-plan against a base plan.
struct Transfer {
  std::string from_grid, to_grid;
  int households = 0;
};

struct Plan {
  Inputs in;  // buildings, households, communities, compounds, barriers, CRS, problems of loading
  Bounds bounds;
  std::vector<Piece> pieces;
  std::vector<Grid> grids;
  std::vector<Unit> units;
  std::vector<Transfer> transfers;
  std::vector<std::pair<std::string, std::string>> meta;  // plan_meta key/value, in order
  ProblemList problems;  // problems of the plan itself (bounds, contiguity), beside in.problems
};

}  // namespace gp
