#pragma once
// The incremental bookkeeping behind plan edits: after a command moves pieces, only the grids and units
// it touched are recounted, re-statused and re-outlined (DESIGN §4 invariants 2, 5, 6), so an edit in a
// town of a million households stays within a frame. Also the lookups and numbering that commands share.
#include <string>
#include <utility>
#include <vector>

#include "geo/plan/Plan.hpp"

namespace gp::plan {

// One grid or unit put in at `index` (those at or after it move up by one) or taken out of it (those after it
// move down by one).
struct Shift {
  bool unit = false;  // else a grid
  bool inserted = false;  // else removed
  int index = 0;
};

// What an edit touched, so statistics and views refresh only that. Indices are valid for the plan as it
// is after the apply/undo that reported them. `structure` is set when grids or units were added, removed
// or reordered in ways not listed: holders of per-index caches must then rebuild them. Without it, `shifts`
// lists every insertion and removal the edit made, in order: replaying them on a per-index cache (then
// refreshing the touched entries, the inserted ones among them) gives what a rebuild would. (An assign that
// empties a unit removes it; rebuilding a city's outlines for that took a tenth of a second.)
struct Touched {
  std::vector<int> grids;
  std::vector<int> units;
  std::vector<int> pieces;
  std::vector<Shift> shifts;
  bool structure = false;
  bool attributes_only = false;  // only names/worker/lock changed: no counts or outlines
  // Per-index caches must change: rebuilt (structure) or shifted (shifts).
  bool renumbered() const { return structure || !shifts.empty(); }
  void addGrid(int g);
  void addUnit(int u);
  void merge(const Touched& o);
};

// Grids and units an edit left with no pieces, taken out of the plan (DESIGN §4 invariant 7: no grid or unit is
// empty), each with its index at the time it was removed and its attributes as they were, so undo can put it
// back exactly. Indices ascending.
struct Removed {
  std::vector<std::pair<int, Grid>> grids;
  std::vector<std::pair<int, Unit>> units;
  bool empty() const { return grids.empty() && units.empty(); }
};

// Removes the grids and units listed in `t` that no piece names, and with a removed grid the units of it that
// hold no pieces (a grid that still has a unit with pieces stays). Their codes are retired while they are
// out, so no new grid or unit is given them. Rewrites `t` to the indices after removal (the removed ones
// dropped, the grids that lost a unit added) and appends a removal to t.shifts for each. Call it after an
// edit has moved its pieces and before refresh(): the removed ones are kept as the edit found them.
// Cost: one pass over pieces and units.
Removed removeEmpty(Plan& plan, Touched& t);
// Undoes removeEmpty exactly: puts each grid and unit back at its index with its code and attributes, frees
// their codes again, and rewrites `t` to the indices as they were before the removal, the restored ones
// included, with t.shifts the insertions alone (the apply's shifts dropped). The plan must be as removeEmpty
// left it.
void restoreRemoved(Plan& plan, const Removed& r, Touched& t);

// Recounts households (and units per grid), sets status/reason and rebuilds the outlines of exactly the
// given grids and units from the current assignment of pieces. Grids or units indices out of range are
// ignored. Cost: one pass over the pieces plus the union of the touched members' cells.
void refresh(Plan& plan, const Touched& t);

// Union of the member cells of a grid or unit (stacked floor pieces counted once), one polygon per
// connected part. Empty for a grid or unit without pieces.
MultiPolygon gridOutline(const Plan& plan, int grid);
MultiPolygon unitOutline(const Plan& plan, int unit);
MultiPolygon outlineOfPieces(const Plan& plan, const std::vector<int>& pieces);

// Pieces (indices) of a grid / unit / building, in index order.
std::vector<int> piecesOfGrid(const Plan& plan, int grid);
std::vector<int> piecesOfUnit(const Plan& plan, int unit);
std::vector<int> piecesOfBuilding(const Plan& plan, int building);
std::vector<int> unitsOfGrid(const Plan& plan, int grid);

// Adjacency among a subset of pieces: two pieces are adjacent when their cells share a boundary of positive
// length, when they are floors stacked on one cell, or when one of them has no cell and both are in one
// building (a plan without its cells layer). Two entrances of one building whose cells another building
// keeps apart are not adjacent, as the grid drawn from them would be in two parts. Returned per position
// in `pieces`, as positions in `pieces`.
std::vector<std::vector<int>> pieceAdjacency(const Plan& plan, const std::vector<int>& pieces);

// Number of connected parts of the given pieces under pieceAdjacency (0 for none).
int components(const Plan& plan, const std::vector<int>& pieces);

// Lookups by stable id; -1 when absent.
int findGrid(const Plan& plan, const std::string& grid_id);
int findUnit(const Plan& plan, const std::string& unit_id);
int findPiece(const Plan& plan, const std::string& piece_id);
int findBuilding(const Plan& plan, const std::string& bld_id);
int findCommunity(const Plan& plan, const std::string& community_id);

// A grid code for a new grid of `community`: the community code plus the next 3-digit sequence above
// every code in use or retired (plan_meta key "retired_grid_codes", comma-separated), so codes are never
// reused (DESIGN §1).
std::string nextGridCode(const Plan& plan, int community);
// A unit code for a new unit of `grid`: the grid code plus the next 2-digit sequence above its units' codes and
// the retired unit codes (plan_meta "retired_unit_codes") under it, so a removed or renumbered unit's code is
// not reused. `taken` lists further codes to avoid (units being renumbered in the same edit). When the
// sequence has reached 99, the lowest 2-digit number none of those holds.
std::string nextUnitCode(const Plan& plan, int grid, const std::vector<std::string>& taken = {});

// Adds `code` to plan_meta "retired_grid_codes" (a merged grid's code is never given out again).
void retireGridCode(Plan& plan, const std::string& code);
// Removes it again (undo of a merge).
void unretireGridCode(Plan& plan, const std::string& code);
// The same for unit codes (plan_meta "retired_unit_codes"): a removed unit's code, or the one a unit carried
// before it was renumbered under another grid, is never given out again. Appends `code` to the list and
// returns true, or returns false when it was retired already (or empty): an undo frees only what its apply
// retired, so plan_meta comes back exactly.
bool retireUnitCode(Plan& plan, const std::string& code);
void unretireUnitCode(Plan& plan, const std::string& code);

}  // namespace gp::plan
