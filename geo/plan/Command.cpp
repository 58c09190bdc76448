#include "geo/plan/Command.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <queue>

#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
#include "geo/plan/Command_Internal.hpp"

namespace gp::plan {

// Commands recompute their decisions on every apply: a History replays them only on the exact state
// they were first applied to (undo restores it), so the same decisions come out, and undo needs only
// what the last apply changed.

using namespace command_detail;

// ---- AssignPieces -------------------------------------------------------------------------------

AssignPieces::AssignPieces(std::vector<int> pieces, int grid, int unit)
    : pieces_(std::move(pieces)), grid_(grid), unit_(unit) {
  std::sort(pieces_.begin(), pieces_.end());
  pieces_.erase(std::unique(pieces_.begin(), pieces_.end()), pieces_.end());
}

void AssignPieces::apply(Plan& plan) {
  if (pieces_.empty()) throw InputError(tr("nothing to assign: select or paint over buildings first"));
  for (int i : pieces_)
    if (i < 0 || i >= int(plan.pieces.size())) throw InputError(fmt(tr("no such piece (index %d)"), i));
  int target = grid_;
  if (unit_ >= 0) {
    checkUnit(plan, unit_);
    target = plan.units[unit_].grid;
  }
  checkGrid(plan, target);
  refuseLocked(plan, target);
  for (int i : pieces_)
    if (plan.pieces[i].grid != target) refuseLocked(plan, plan.pieces[i].grid);

  const std::string& code = plan.grids[target].grid_id;
  // The undo menu's words: "Assign piece B1 to grid …", "Assign 6 pieces to unit …".
  const std::string what = pieces_.size() == 1
                               ? fmt(tr("piece %s"), plan.pieces[pieces_[0]].piece_id.c_str())
                               : fmt(trn("%zu piece", "%zu pieces", pieces_.size()), pieces_.size());
  describe_ = unit_ >= 0 ? fmt(tr("Assign %1$s to unit %2$s"), what.c_str(), plan.units[unit_].unit_id.c_str())
                         : fmt(tr("Assign %1$s to grid %2$s"), what.c_str(), code.c_str());

  // Units of the target grid, with where they are, for pieces that need one.
  std::vector<int> candidates = unitsOfGrid(plan, target);
  std::vector<XY> at;
  for (int u : candidates) {
    const MultiPolygon& s = plan.units[u].shape;
    if (!s.empty()) {
      at.push_back(centroid(s));
    } else {
      auto ps = piecesOfUnit(plan, u);
      at.push_back(ps.empty() ? XY{1e300, 1e300} : piecePos(plan, plan.pieces[ps[0]]));
    }
  }
  // Which target-grid units touch each moved piece: joining a touching unit keeps units connected.
  std::vector<int> local = piecesOfGrid(plan, target);
  const size_t nTarget = local.size();
  local.insert(local.end(), pieces_.begin(), pieces_.end());
  std::vector<std::vector<int>> localAdj;
  if (unit_ < 0) localAdj = pieceAdjacency(plan, local);
  // Units for the moved pieces when none is given: a piece keeps its unit if that is in the target grid;
  // else it joins the smallest target unit it touches, directly or through other pieces moved with it (a
  // building's far entrance may touch only its near one); else the nearest unit. Joining through touch
  // keeps units in one part.
  const int unitCount = int(plan.units.size());
  std::vector<int> chosen(pieces_.size(), -1);
  if (unit_ < 0) {
    for (size_t m = 0; m < pieces_.size(); ++m) {
      const Piece& p = plan.pieces[pieces_[m]];
      if (p.unit >= 0 && p.unit < unitCount && plan.units[p.unit].grid == target) chosen[m] = p.unit;
    }
    for (bool progress = true; progress;) {
      progress = false;
      for (size_t m = 0; m < pieces_.size(); ++m) {
        if (chosen[m] >= 0) continue;
        int fewest = INT_MAX;
        for (int k : localAdj[nTarget + m]) {
          int cu = size_t(k) < nTarget ? plan.pieces[local[k]].unit : chosen[size_t(k) - nTarget];
          if (cu >= 0 && cu < unitCount && plan.units[cu].grid == target && plan.units[cu].households < fewest)
            fewest = plan.units[cu].households, chosen[m] = cu;
        }
        progress = progress || chosen[m] >= 0;
      }
    }
  }
  createdUnit_ = false;
  int newUnit = -1;
  touched_ = Touched{};
  before_.clear();
  for (const int& i : pieces_) {
    Piece& p = plan.pieces[i];
    before_.emplace_back(p.grid, p.unit);
    touched_.addGrid(p.grid);
    touched_.addUnit(p.unit);
    int u = unit_ >= 0 ? unit_ : chosen[size_t(&i - pieces_.data())];
    if (u < 0) {
      if (!candidates.empty()) {
        XY c = piecePos(plan, p);
        double best = INFINITY;
        for (size_t k = 0; k < candidates.size(); ++k) {
          double d = std::hypot(at[k].x - c.x, at[k].y - c.y);
          if (d < best) best = d, u = candidates[k];
        }
      } else {
        if (newUnit < 0) {
          Unit nu;
          nu.unit_id = nextUnitCode(plan, target);
          nu.grid = target;
          plan.units.push_back(nu);
          newUnit = int(plan.units.size()) - 1;
          createdUnit_ = true;
        }
        u = newUnit;
      }
    }
    p.grid = target;
    p.unit = u;
    touched_.pieces.push_back(i);
  }
  touched_.addGrid(target);
  for (int i : pieces_) touched_.addUnit(plan.pieces[i].unit);
  if (createdUnit_) touched_.shifts.push_back({true, true, newUnit});
  removed_ = removeEmpty(plan, touched_);
  refresh(plan, touched_);
}

void AssignPieces::undo(Plan& plan) {
  // Back to the indices of right after the move (before_ holds those), the emptied units and grids restored.
  restoreRemoved(plan, removed_, touched_);
  for (size_t k = 0; k < pieces_.size(); ++k) {
    Piece& p = plan.pieces[pieces_[k]];
    p.grid = before_[k].first;
    p.unit = before_[k].second;
  }
  if (createdUnit_) {
    plan.units.pop_back();
    touched_.units.erase(std::remove(touched_.units.begin(), touched_.units.end(), int(plan.units.size())),
                         touched_.units.end());
    touched_.shifts.push_back({true, false, int(plan.units.size())});
  }
  refreshUndone(plan, touched_, removed_);
}

// ---- MergeGrids ---------------------------------------------------------------------------------

void MergeGrids::apply(Plan& plan) {
  checkGrid(plan, a_);
  checkGrid(plan, b_);
  if (a_ == b_) throw InputError(fmt(tr("cannot merge grid %s with itself"), plan.grids[a_].grid_id.c_str()));
  refuseLocked(plan, a_);
  refuseLocked(plan, b_);
  if (plan.grids[a_].community != plan.grids[b_].community)
    throw InputError(fmt(tr("grids %1$s and %2$s are in different communities: a grid lies inside one community"),
                         plan.grids[a_].grid_id.c_str(), plan.grids[b_].grid_id.c_str()));
  describe_ = fmt(tr("Merge grid %1$s into %2$s"), plan.grids[b_].grid_id.c_str(), plan.grids[a_].grid_id.c_str());
  bPieces_ = piecesOfGrid(plan, b_);
  movedUnits_.clear();
  retiredUnitCodes_.clear();
  std::vector<std::string> taken;
  for (int u : unitsOfGrid(plan, b_)) {
    movedUnits_.emplace_back(u, plan.units[u].unit_id);
    std::string id = nextUnitCode(plan, a_, taken);
    taken.push_back(id);
    retireOldUnitCode(plan, plan.units[u].unit_id, retiredUnitCodes_);
    plan.units[u].unit_id = id;
    plan.units[u].grid = a_;
  }
  for (int i : bPieces_) plan.pieces[i].grid = a_;
  merged_ = plan.grids[b_];
  retireGridCode(plan, merged_.grid_id);
  eraseGrid(plan, b_);
  touched_ = Touched{};
  touched_.addGrid(a_ > b_ ? a_ - 1 : a_);
  for (auto& [u, id] : movedUnits_) touched_.addUnit(u);
  touched_.pieces = bPieces_;
  touched_.structure = true;
  // Only a merge of two grids without pieces leaves one empty.
  removed_ = removeEmpty(plan, touched_);
  refresh(plan, touched_);
}

void MergeGrids::undo(Plan& plan) {
  restoreRemoved(plan, removed_, touched_);
  insertGrid(plan, b_, merged_);
  unretireGridCode(plan, merged_.grid_id);
  unretireOldUnitCodes(plan, retiredUnitCodes_);
  for (int i : bPieces_) plan.pieces[i].grid = b_;
  for (auto& [u, id] : movedUnits_) {
    plan.units[u].grid = b_;
    plan.units[u].unit_id = id;
  }
  touched_ = Touched{};
  touched_.addGrid(a_);
  touched_.addGrid(b_);
  for (auto& [u, id] : movedUnits_) touched_.addUnit(u);
  touched_.pieces = bPieces_;
  touched_.structure = true;
  // Grid a (the only grid it could have removed) is in already; restored units keep their indices.
  addRestored(touched_, Removed{{}, removed_.units});
  refreshUndone(plan, touched_, Removed{{}, removed_.units});
}

// ---- NewGridFromSelection -----------------------------------------------------------------------

void NewGridFromSelection::apply(Plan& plan) {
  std::sort(pieces_.begin(), pieces_.end());
  pieces_.erase(std::unique(pieces_.begin(), pieces_.end()), pieces_.end());
  if (pieces_.empty()) throw InputError(tr("select buildings first: a new grid needs at least one piece"));
  for (int i : pieces_)
    if (i < 0 || i >= int(plan.pieces.size())) throw InputError(fmt(tr("no such piece (index %d)"), i));
  const int community = communityOfPiece(plan, plan.pieces[pieces_[0]]);
  for (int i : pieces_) {
    refuseLocked(plan, plan.pieces[i].grid);
    if (communityOfPiece(plan, plan.pieces[i]) != community)
      throw InputError(tr("the selection spans communities: a grid lies inside one community"));
  }
  Grid fresh = freshGrid(plan, community);
  describe_ = fmt(trn("New grid %1$s from %2$zu piece", "New grid %1$s from %2$zu pieces", pieces_.size()),
                  fresh.grid_id.c_str(), pieces_.size());
  plan.grids.push_back(fresh);
  newGrid_ = int(plan.grids.size()) - 1;

  touched_ = Touched{};
  touched_.structure = true;
  touched_.addGrid(newGrid_);
  before_.clear();
  for (int i : pieces_) {
    before_.emplace_back(plan.pieces[i].grid, plan.pieces[i].unit);
    touched_.addGrid(plan.pieces[i].grid);
    touched_.addUnit(plan.pieces[i].unit);
  }
  // Units whose every piece is selected move whole.
  std::vector<int> selectedIn(plan.units.size(), 0), totalIn(plan.units.size(), 0);
  for (const Piece& p : plan.pieces)
    if (p.unit >= 0 && p.unit < int(plan.units.size())) ++totalIn[p.unit];
  for (int i : pieces_) {
    int u = plan.pieces[i].unit;
    if (u >= 0 && u < int(plan.units.size())) ++selectedIn[u];
  }
  movedUnits_.clear();
  retiredUnitCodes_.clear();
  std::vector<std::string> taken;
  for (int u = 0; u < int(plan.units.size()); ++u) {
    if (selectedIn[u] == 0 || selectedIn[u] != totalIn[u]) continue;
    movedUnits_.push_back({u, plan.units[u].unit_id, plan.units[u].grid});
    std::string id = nextUnitCode(plan, newGrid_, taken);
    taken.push_back(id);
    retireOldUnitCode(plan, plan.units[u].unit_id, retiredUnitCodes_);
    plan.units[u].unit_id = id;
    plan.units[u].grid = newGrid_;
  }
  looseMade_ = false;
  int loose = -1;
  for (int i : pieces_) {
    Piece& p = plan.pieces[i];
    p.grid = newGrid_;
    bool wholeUnit = p.unit >= 0 && p.unit < int(plan.units.size()) && plan.units[p.unit].grid == newGrid_;
    if (!wholeUnit) {
      if (loose < 0) {
        Unit nu;
        nu.unit_id = nextUnitCode(plan, newGrid_, taken);
        nu.grid = newGrid_;
        plan.units.push_back(nu);
        loose = int(plan.units.size()) - 1;
        looseMade_ = true;
        touched_.addUnit(loose);
      }
      p.unit = loose;
    }
    touched_.pieces.push_back(i);
  }
  // A grid whose every unit moved whole is left empty.
  removed_ = removeEmpty(plan, touched_);
  newGrid_ = int(plan.grids.size()) - 1;
  refresh(plan, touched_);
}

void NewGridFromSelection::undo(Plan& plan) {
  restoreRemoved(plan, removed_, touched_);
  unretireOldUnitCodes(plan, retiredUnitCodes_);
  for (size_t k = 0; k < pieces_.size(); ++k) {
    plan.pieces[pieces_[k]].grid = before_[k].first;
    plan.pieces[pieces_[k]].unit = before_[k].second;
  }
  for (const MovedUnit& m : movedUnits_) {
    plan.units[m.unit].unit_id = m.id;
    plan.units[m.unit].grid = m.grid;
  }
  if (looseMade_) {
    int loose = int(plan.units.size()) - 1;
    touched_.units.erase(std::remove(touched_.units.begin(), touched_.units.end(), loose), touched_.units.end());
    plan.units.pop_back();
  }
  // The new grid is the last one again now that the removed grids are back.
  const int made = int(plan.grids.size()) - 1;
  touched_.grids.erase(std::remove(touched_.grids.begin(), touched_.grids.end(), made), touched_.grids.end());
  plan.grids.pop_back();
  refreshUndone(plan, touched_, removed_);
}

// ---- SetLocked / SetGridField -------------------------------------------------------------------

void SetLocked::apply(Plan& plan) {
  checkGrid(plan, grid_);
  code_ = plan.grids[grid_].grid_id;
  before_ = plan.grids[grid_].locked;
  plan.grids[grid_].locked = locked_;
  touched_ = Touched{};
  touched_.addGrid(grid_);
  touched_.attributes_only = true;
}
void SetLocked::undo(Plan& plan) { plan.grids[grid_].locked = before_; }
std::string SetLocked::describe() const {
  return fmt(locked_ ? tr("Lock grid %s") : tr("Unlock grid %s"), code_.c_str());
}

bool SetGridField::parseField(const std::string& s, Field& out) {
  if (s == "name") out = Field::Name;
  else if (s == "worker_name" || s == "worker") out = Field::WorkerName;
  else if (s == "worker_phone" || s == "phone") out = Field::WorkerPhone;
  else if (s == "duties") out = Field::Duties;
  else return false;
  return true;
}
const char* SetGridField::fieldName(Field f) {
  switch (f) {
    case Field::Name: return "name";
    case Field::WorkerName: return "worker_name";
    case Field::WorkerPhone: return "worker_phone";
    case Field::Duties: return "duties";
  }
  return "name";
}
std::string& SetGridField::ref(Plan& plan) const {
  Grid& g = plan.grids[grid_];
  switch (field_) {
    case Field::Name: return g.name;
    case Field::WorkerName: return g.worker_name;
    case Field::WorkerPhone: return g.worker_phone;
    case Field::Duties: return g.duties;
  }
  return g.name;
}
void SetGridField::apply(Plan& plan) {
  checkGrid(plan, grid_);
  describe_ = fmt(tr("Set %1$s of grid %2$s"), fieldName(field_), plan.grids[grid_].grid_id.c_str());
  std::string& r = ref(plan);
  before_ = r;
  r = value_;
  touched_ = Touched{};
  touched_.addGrid(grid_);
  touched_.attributes_only = true;
}
void SetGridField::undo(Plan& plan) { ref(plan) = before_; }

// ---- Repartition --------------------------------------------------------------------------------

Repartition::Snapshot Repartition::capture(const Plan& plan) {
  Snapshot s;
  s.assignment.reserve(plan.pieces.size());
  for (const Piece& p : plan.pieces) s.assignment.emplace_back(p.grid, p.unit);
  s.grids = plan.grids;
  s.units = plan.units;
  s.meta = plan.meta;
  return s;
}

Repartition::Repartition(const Plan& before, const Plan& after, std::string description)
    : before_(capture(before)), after_(capture(after)), describe_(std::move(description)) {
  if (before.pieces.size() != after.pieces.size())
    throw InputError(tr("the re-partitioned plan has different pieces from the open plan"));
}

void Repartition::restore(Plan& plan, const Snapshot& s) {
  if (s.assignment.size() != plan.pieces.size())
    throw InputError(tr("the plan's pieces changed since the re-partition was computed"));
  for (size_t i = 0; i < s.assignment.size(); ++i) {
    plan.pieces[i].grid = s.assignment[i].first;
    plan.pieces[i].unit = s.assignment[i].second;
  }
  plan.grids = s.grids;
  plan.units = s.units;
  plan.meta = s.meta;
  // The snapshot carries counts, statuses and outlines: nothing to refresh, but every view must rebuild.
  touched_ = Touched{};
  touched_.structure = true;
  for (int g = 0; g < int(plan.grids.size()); ++g) touched_.grids.push_back(g);
  for (int u = 0; u < int(plan.units.size()); ++u) touched_.units.push_back(u);
}

void Repartition::apply(Plan& plan) { restore(plan, after_); }
void Repartition::undo(Plan& plan) { restore(plan, before_); }

// ---- History ------------------------------------------------------------------------------------

Touched History::execute(Plan& plan, std::unique_ptr<Command> cmd) {
  cmd->apply(plan);
  if (saved_ > pos_) saved_ = SIZE_MAX;  // the saved state was in the branch being dropped
  entries_.resize(pos_);
  entries_.push_back(std::move(cmd));
  ++pos_;
  return entries_.back()->touched();
}

bool History::undo(Plan& plan, Touched* touched) {
  if (!canUndo()) return false;
  Command& c = *entries_[pos_ - 1];
  c.undo(plan);
  --pos_;
  if (touched) *touched = c.touched();
  return true;
}

bool History::redo(Plan& plan, Touched* touched) {
  if (!canRedo()) return false;
  Command& c = *entries_[pos_];
  c.apply(plan);
  ++pos_;
  if (touched) *touched = c.touched();
  return true;
}

std::string History::undoLabel() const { return canUndo() ? entries_[pos_ - 1]->describe() : ""; }
std::string History::redoLabel() const { return canRedo() ? entries_[pos_]->describe() : ""; }

}  // namespace gp::plan
