#pragma once
// What one grid's sign shows, taken from a plan. This is the privacy boundary of the printer: only
// public grid attributes (code, name, worker, phone, duties), unit codes, counts and 楼栋长 names,
// building names, geometry and barrier names are copied here; household records and source
// attribute columns never are, so the renderer cannot print them.
#include <string>
#include <vector>

#include "geo/core/Geometry.hpp"
#include "geo/plan/Plan.hpp"

namespace gp::print {

struct MapBuilding {
  MultiPolygon footprint;
  std::string label;  // building name (e.g. 12号楼); only for buildings of this grid
  bool own = false;   // has households in this grid
};

struct MapArea {
  MultiPolygon shape;
  std::string label;  // unit number ("03") or neighbouring grid code
};

struct MapLine {
  LineString line;
  std::string kind;  // "road", "river", "railway", ...
  std::string name;
};

struct UnitRow {
  std::string code;    // full unit code
  std::string number;  // its sequence inside the grid, as on the map ("03")
  std::string covers;  // e.g. "3号楼2单元 1–7层、5号楼"
  int households = 0;
  std::string leader;  // 楼栋长, empty when unknown
};

struct SignData {
  std::string grid_id, grid_name, community_id, community_name;
  int households = 0;
  std::string worker_name, worker_phone, duties;

  BBox view;  // the part of the plane the map shows (metres), with the aspect asked for
  MultiPolygon grid_shape;
  std::vector<MultiPolygon> communities;  // community boundaries within view
  std::vector<MapBuilding> buildings;     // within view
  std::vector<MapArea> units;             // of this grid
  std::vector<MapArea> neighbours;        // other grids within view
  std::vector<MapLine> barriers;          // within view
  std::vector<UnitRow> rows;              // the unit table, in code order
};

// Per-plan lookups shared by all signs (built once, read by every rendering thread).
class SignIndex {
 public:
  explicit SignIndex(const Plan& plan);
  const Plan& plan() const { return plan_; }
  // Grid indices sorted by grid code: the order of the atlas.
  const std::vector<int>& gridsInCodeOrder() const { return order_; }
  // Index of the grid with this code, -1 when none.
  int findGrid(const std::string& grid_id) const;

  // The content of grid `g`'s sign; the map view has width/height = `aspect` and at least
  // `min_extent_m` metres on its shorter side. Neighbouring grids and barrier lines come clipped to the
  // view and a margin (the map clips to its frame anyway), so a grid beside a long river or a large
  // neighbour draws only what can show.
  SignData make(int g, double aspect, double min_extent_m = 120) const;

 private:
  const Plan& plan_;
  std::vector<int> order_;
  std::vector<std::vector<int>> grid_buildings_, grid_units_, unit_pieces_;
  std::vector<BBox> building_box_, grid_box_, barrier_box_, community_box_;
  // Buildings by square cells of cell_ metres from origin_: a sign looks up only the cells its view touches.
  double cell_ = 100;
  XY origin_{0, 0};
  int nx_ = 0, ny_ = 0;
  std::vector<std::vector<int>> cells_;
  std::vector<int> buildingsIn(const BBox& view) const;
};

// Describes what a set of pieces covers, e.g. "3号楼2单元 1–7层、5号楼1–2单元、7号楼".
// `pieces` index into plan.pieces.
std::string describePieces(const Plan& plan, const std::vector<int>& pieces);

// "12号楼" < "9号楼" compares numbers by value, so tables read 1, 2, …, 10.
bool naturalLess(const std::string& a, const std::string& b);

}  // namespace gp::print
