#include "app/studio/Actions.hpp"

#include <stdexcept>

#include "app/studio/Document.hpp"

namespace gp::studio {

namespace {

using Shift = Shortcut::Shift;

const std::string& gridId(const ActionState& s, int g) { return s.plan->grids[g].grid_id; }

bool always(const ActionState&) { return true; }
bool planOpen(const ActionState& s) { return s.open; }
bool hasGrid(const ActionState& s) { return s.activeGrid() >= 0; }
bool canRepartition(const ActionState& s) { return s.activeGrid() >= 0 && !s.jobRunning; }

std::string splitLine(const ActionState& s) { return "split " + gridId(s, s.activeGrid()); }
std::string mergeLine(const ActionState& s) { return "merge " + gridId(s, s.grids[0]) + " " + gridId(s, s.grids[1]); }
std::string newGridLine(const ActionState& s) {
  std::string line = "new-grid";
  for (int i : s.selectedPieces()) {
    line += ' ';
    line += quoteWord(s.plan->pieces[i].piece_id);
  }
  return line;
}
std::string lockLine(const ActionState& s) {
  const Grid& g = s.plan->grids[s.activeGrid()];
  return (g.locked ? "unlock " : "lock ") + g.grid_id;
}

Shortcut ctrl(int key, Shift shift = Shift::Any) { return {key, true, shift}; }
Shortcut plain(int key) { return {key, false, Shift::Any}; }

const std::vector<Action> kActions = {
    {ActionId::Open, "Open...", nullptr, {ctrl('O')}, nullptr, nullptr, nullptr, nullptr},
    {ActionId::Save, "Save", nullptr, {ctrl('S', Shift::Without)}, nullptr, planOpen, nullptr, nullptr},
    {ActionId::SaveAs, "Save as...", nullptr, {ctrl('S', Shift::With)}, nullptr, planOpen,
     nullptr, nullptr},
    {ActionId::Quit, "Quit", nullptr, {ctrl('Q')}, nullptr, nullptr, nullptr, nullptr},
    {ActionId::Undo, "Undo", "Undo", {ctrl('Z', Shift::Without)}, "", [](const ActionState& s) { return s.canUndo; },
     nullptr, nullptr},
    {ActionId::Redo, "Redo", "Redo", {ctrl('Y'), ctrl('Z', Shift::With)}, "",
     [](const ActionState& s) { return s.canRedo; }, nullptr, nullptr},
    {ActionId::ClearSelection, "Clear selection", nullptr, {plain(kKeyEscape)}, nullptr, nullptr, nullptr,
     nullptr},
    {ActionId::SelectTool, "Select", "Select", {plain('V')},
     "Click a building or grid; Shift+click adds; Shift+drag draws a box.\nDrag pans, wheel zooms.", nullptr,
     [](const ActionState& s) { return !s.paintTool; }, nullptr},
    {ActionId::PaintTool, "Paint", "Paint", {plain('B')},
     "Drag over buildings to move them to the active grid (one stroke = one edit).\n[ and ] change the brush; "
     "right-drag pans.",
     nullptr, [](const ActionState& s) { return s.paintTool; }, nullptr},
    {ActionId::Split, "Split grid", "Split", {plain('S')}, "Split the active grid in two of about equal households",
     hasGrid, nullptr, splitLine},
    {ActionId::Merge, "Merge grids", "Merge", {plain('M')},
     "Merge the second selected grid into the first (Shift+click to select two)",
     [](const ActionState& s) { return s.grids.size() >= 2; }, nullptr, mergeLine},
    {ActionId::NewGrid, "New grid from selection", "New grid", {plain('N')}, "A new grid of the selected buildings",
     [](const ActionState& s) { return s.buildings > 0; }, nullptr, newGridLine},
    {ActionId::Lock, "Lock / unlock grid", "Lock", {plain('L')},
     "Locked grids are kept exactly by edits and re-partitions", hasGrid, nullptr, lockLine},
    {ActionId::Repartition, "Re-partition community", "Re-part.", {plain('R')},
     "Re-partition the unlocked grids of the active grid's community", canRepartition, nullptr, nullptr},
    {ActionId::RepartitionUnits, "Re-partition units of grid", "Units", {plain('U')},
     "Re-partition the units of the active grid", canRepartition, nullptr, nullptr},
    {ActionId::Fit, "Fit", nullptr, {plain('F')}, nullptr, nullptr, nullptr, nullptr},
    {ActionId::ZoomToGrid, "Zoom to grid", nullptr, {plain('Z')}, nullptr, hasGrid, nullptr, nullptr},
    {ActionId::BrushSmaller, "Smaller brush", nullptr, {plain('[')}, nullptr, nullptr, nullptr,
     nullptr},
    {ActionId::BrushLarger, "Larger brush", nullptr, {plain(']')}, nullptr, nullptr, nullptr,
     nullptr},
};

}  // namespace

const std::vector<Action>& actions() { return kActions; }

const Action& action(ActionId id) {
  for (const Action& a : kActions)
    if (a.id == id) return a;
  throw std::logic_error("no such studio action");
}

std::string shortcutText(const Shortcut& k) {
  if (k.key == 0) return "";
  std::string t = k.ctrl ? "Ctrl+" : "";
  if (k.shift == Shift::With) t += "Shift+";
  if (k.key == kKeyEscape) return t + "Esc";
  return t + char(k.key);
}

bool isEnabled(const Action& a, const ActionState& s) { return (a.enabled ? a.enabled : always)(s); }
bool isChecked(const Action& a, const ActionState& s) { return a.checked && a.checked(s); }

std::string menuLabel(const Action& a, const ActionState& s) {
  if (a.id == ActionId::Undo) return std::string(a.label) + " " + s.undoLabel;
  if (a.id == ActionId::Redo) return std::string(a.label) + " " + s.redoLabel;
  return a.label;
}

std::string buttonLabel(const Action& a, const ActionState& s) {
  std::string words = a.button ? a.button : a.label;
  if (a.id == ActionId::Lock && s.activeGrid() >= 0 && s.plan->grids[s.activeGrid()].locked) words = "Unlock";
  return words + " (" + shortcutText(a.keys[0]) + ")";
}

std::string tooltipText(const Action& a, const ActionState& s) {
  if (a.id == ActionId::Undo) return s.undoLabel;
  if (a.id == ActionId::Redo) return s.redoLabel;
  return a.tooltip ? a.tooltip : "";
}

const Action* actionForKey(int key, bool ctrl, bool shift) {
  for (const Action& a : kActions)
    for (const Shortcut& k : a.keys)
      if (k.matches(key, ctrl, shift)) return &a;
  return nullptr;
}

}  // namespace gp::studio
