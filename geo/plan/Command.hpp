#pragma once
// Every change to an open plan is a command (DESIGN §3): the studio's tools, its scripts and its undo
// stack all go through these, so an edit made by a click and the same edit made by a script line are
// the same object. Commands hold plan indices; a History applies them strictly in order, so the indices a
// command captured stay valid for its undo and redo. After apply and undo, the touched grids and units are
// recounted, re-statused and re-outlined (geo/plan/Edits.hpp) before the call returns.
// A grid or unit that an apply leaves with no pieces is removed from the plan (no grid or unit is empty,
// DESIGN §4), its code kept out of use; undo puts it back at its index with its code and attributes, so the
// indices later commands captured hold again. touched().structure reports the removal.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "geo/plan/Edits.hpp"
#include "geo/plan/Plan.hpp"

namespace gp::plan {

class Command {
 public:
  virtual ~Command() = default;
  // Applies the edit. Throws gp::InputError (leaving the plan unchanged) when it cannot be done, e.g. a
  // locked grid or an empty selection, with a message for the planner.
  virtual void apply(Plan& plan) = 0;
  // Restores exactly the state before apply (assignment, grids, units, codes and attributes).
  virtual void undo(Plan& plan) = 0;
  // One line for menus and the history, e.g. "Assign 3 pieces to grid 320508019044003".
  virtual std::string describe() const = 0;
  // What the last apply or undo changed.
  const Touched& touched() const { return touched_; }

 protected:
  Touched touched_;
  Removed removed_;  // what the last apply removed (emptied grids and units), for its undo
  // Codes of units the last apply renumbered under another grid, which it retired (plan_meta
  // "retired_unit_codes") so no later unit of their old grid is given them; undo frees exactly these.
  std::vector<std::string> retiredUnitCodes_;
};

// Pieces → grid (and unit). Without a unit, each piece keeps its unit when that unit is already in the
// target grid, else joins the target grid's unit nearest to it (a new unit when the grid has none).
// A paint stroke is one AssignPieces. Pieces of locked grids, and moves into a locked grid, are refused.
class AssignPieces : public Command {
 public:
  AssignPieces(std::vector<int> pieces, int grid, int unit = -1);
  void apply(Plan& plan) override;
  void undo(Plan& plan) override;
  std::string describe() const override { return describe_; }

 protected:
  std::vector<int> pieces_;
  int grid_, unit_;
  std::vector<std::pair<int, int>> before_;  // (grid, unit) per piece before the last apply
  bool createdUnit_ = false;
  std::string describe_;
};

// Pieces → a unit (and the unit's grid).
class AssignUnit : public AssignPieces {
 public:
  AssignUnit(std::vector<int> pieces, int unit) : AssignPieces(std::move(pieces), -1, unit) {}
};

// Grid b joins grid a: b's pieces and units move to a (units renumbered under a's code, their old codes
// retired), b is removed and its code retired. Both must be unlocked and in one community.
class MergeGrids : public Command {
 public:
  MergeGrids(int a, int b) : a_(a), b_(b) {}
  void apply(Plan& plan) override;
  void undo(Plan& plan) override;
  std::string describe() const override { return describe_; }

 private:
  int a_, b_;
  Grid merged_;  // grid b as it was
  std::vector<int> bPieces_;
  std::vector<std::pair<int, std::string>> movedUnits_;  // unit index, its old id
  std::string describe_ = "Merge grids";
};

// Splits a grid in two of about equal households, each connected where the pieces allow: whole units
// are moved (or pieces, when the grid has one unit) to a new grid with a fresh code, grown from the far
// end of the grid's long axis along adjacency; moved units are renumbered under it and their old codes
// retired. Refused for a locked grid or one with a single piece.
class SplitGrid : public Command {
 public:
  explicit SplitGrid(int grid) : grid_(grid) {}
  void apply(Plan& plan) override;
  void undo(Plan& plan) override;
  std::string describe() const override { return describe_; }
  int newGrid() const { return newGrid_; }

 private:
  int grid_;
  int newGrid_ = -1;
  std::vector<std::pair<int, int>> movedPieces_;         // piece index, its old unit
  std::vector<std::pair<int, std::string>> movedUnits_;  // unit index, its old id
  bool newUnitMade_ = false;
  std::string describe_ = "Split grid";
};

// A new grid (fresh code) of the selected pieces, in the community of the first: units wholly selected
// move with their pieces (renumbered under the new grid, their old codes retired); the other selected
// pieces form one new unit. Refused across communities or
// for pieces of locked grids.
class NewGridFromSelection : public Command {
 public:
  explicit NewGridFromSelection(std::vector<int> pieces) : pieces_(std::move(pieces)) {}
  void apply(Plan& plan) override;
  void undo(Plan& plan) override;
  std::string describe() const override { return describe_; }
  int newGrid() const { return newGrid_; }

 private:
  std::vector<int> pieces_;
  int newGrid_ = -1;
  std::vector<std::pair<int, int>> before_;  // (grid, unit) per piece
  struct MovedUnit {
    int unit;
    std::string id;
    int grid;
  };
  std::vector<MovedUnit> movedUnits_;
  bool looseMade_ = false;
  std::string describe_ = "New grid from selection";
};

class SetLocked : public Command {
 public:
  SetLocked(int grid, bool locked) : grid_(grid), locked_(locked) {}
  void apply(Plan& plan) override;
  void undo(Plan& plan) override;
  std::string describe() const override;

 private:
  int grid_;
  bool locked_, before_ = false;
  std::string code_;
};

// Sets name, worker_name, worker_phone or duties of a grid.
class SetGridField : public Command {
 public:
  enum class Field { Name, WorkerName, WorkerPhone, Duties };
  SetGridField(int grid, Field field, std::string value) : grid_(grid), field_(field), value_(std::move(value)) {}
  void apply(Plan& plan) override;
  void undo(Plan& plan) override;
  std::string describe() const override { return describe_; }
  // "name", "worker_name", "worker_phone", "duties" (also "worker", "phone"); false when unknown.
  static bool parseField(const std::string& s, Field& out);
  static const char* fieldName(Field f);

 private:
  std::string& ref(Plan& plan) const;
  int grid_;
  Field field_;
  std::string value_, before_;
  std::string describe_ = "Set grid field";
};

// The result of a re-partition (computed elsewhere, e.g. by gp::pipeline off the UI thread) as one
// undoable edit: a snapshot of assignment, grids and units before and after.
class Repartition : public Command {
 public:
  struct Snapshot {
    std::vector<std::pair<int, int>> assignment;  // (grid, unit) per piece
    std::vector<Grid> grids;
    std::vector<Unit> units;
    std::vector<std::pair<std::string, std::string>> meta;
  };
  static Snapshot capture(const Plan& plan);
  // `after` is the plan as the partitioner left it; it must have the same pieces as `before`.
  Repartition(const Plan& before, const Plan& after, std::string description);
  void apply(Plan& plan) override;
  void undo(Plan& plan) override;
  std::string describe() const override { return describe_; }

 private:
  void restore(Plan& plan, const Snapshot& s);
  Snapshot before_, after_;
  std::string describe_;
};

// Unlimited undo/redo: one entry per completed action, and a dirty flag relative to the last save.
class History {
 public:
  // Applies `cmd` and records it (dropping anything that could have been redone). When apply throws,
  // nothing is recorded and the exception propagates. Returns what the edit touched.
  Touched execute(Plan& plan, std::unique_ptr<Command> cmd);
  // Undo / redo one entry; false when there is none.
  bool undo(Plan& plan, Touched* touched = nullptr);
  bool redo(Plan& plan, Touched* touched = nullptr);
  bool canUndo() const { return pos_ > 0; }
  bool canRedo() const { return pos_ < entries_.size(); }
  // describe() of the entry undo / redo would act on ("" when none).
  std::string undoLabel() const;
  std::string redoLabel() const;
  // Changed since markSaved() (or since the start, when it was never saved: a fresh history is clean).
  bool dirty() const { return pos_ != saved_; }
  void markSaved() { saved_ = pos_; }
  size_t size() const { return entries_.size(); }
  size_t position() const { return pos_; }
  const Command& at(size_t i) const { return *entries_[i]; }

 private:
  std::vector<std::unique_ptr<Command>> entries_;
  size_t pos_ = 0;
  size_t saved_ = 0;  // SIZE_MAX when the saved state was dropped from the redo branch
};

}  // namespace gp::plan
