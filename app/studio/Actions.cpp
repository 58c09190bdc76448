#include "app/studio/Actions.hpp"

#include <stdexcept>

#include "app/studio/Document.hpp"
#include "geo/core/I18n.hpp"

namespace gp::studio {

namespace {

using Shift = Shortcut::Shift;

const std::string& gridId(const ActionState& s, int g) { return s.plan->grids[g].grid_id; }

bool always(const ActionState&) { return true; }
bool planOpen(const ActionState& s) { return s.open; }
bool hasGrid(const ActionState& s) { return s.activeGrid() >= 0; }
bool canRepartition(const ActionState& s) { return s.activeGrid() >= 0 && !s.jobRunning; }
// gettext's language is process-wide (an environment variable it reads on every lookup): switching it under a
// re-partition running on its own thread could leave that thread's reasons half in one language and is a data
// race on the environment, so the language waits until the job is done.
bool noJob(const ActionState& s) { return !s.jobRunning; }

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
    {ActionId::Open, N_("Open..."), nullptr, {ctrl('O')}, nullptr, nullptr, nullptr, nullptr},
    {ActionId::Save, N_("Save"), nullptr, {ctrl('S', Shift::Without)}, nullptr, planOpen, nullptr, nullptr},
    {ActionId::SaveAs, N_("Save as..."), nullptr, {ctrl('S', Shift::With)}, nullptr, planOpen,
     nullptr, nullptr},
    {ActionId::Quit, N_("Quit"), nullptr, {ctrl('Q')}, nullptr, nullptr, nullptr, nullptr},
    {ActionId::Undo, N_("Undo"), N_("Undo"), {ctrl('Z', Shift::Without)}, "", [](const ActionState& s) { return s.canUndo; },
     nullptr, nullptr},
    {ActionId::Redo, N_("Redo"), N_("Redo"), {ctrl('Y'), ctrl('Z', Shift::With)}, "",
     [](const ActionState& s) { return s.canRedo; }, nullptr, nullptr},
    {ActionId::ClearSelection, N_("Clear selection"), nullptr, {plain(kKeyEscape)}, nullptr, nullptr, nullptr,
     nullptr},
    {ActionId::SelectTool, N_("Select"), N_("Select"), {plain('V')},
     N_("Click a building or grid; Shift+click adds; Shift+drag draws a box.\nDrag pans, wheel zooms."), nullptr,
     [](const ActionState& s) { return !s.paintTool; }, nullptr},
    {ActionId::PaintTool, N_("Paint"), N_("Paint"), {plain('B')},
     N_("Drag over buildings to move them to the active grid (one stroke = one edit).\n[ and ] change the brush; "
     "right-drag pans."),
     nullptr, [](const ActionState& s) { return s.paintTool; }, nullptr},
    {ActionId::Split, N_("Split grid"), N_("Split"), {plain('S')}, N_("Split the active grid in two of about equal households"),
     hasGrid, nullptr, splitLine},
    {ActionId::Merge, N_("Merge grids"), N_("Merge"), {plain('M')},
     N_("Merge the second selected grid into the first (Shift+click to select two)"),
     [](const ActionState& s) { return s.grids.size() >= 2; }, nullptr, mergeLine},
    {ActionId::NewGrid, N_("New grid from selection"), N_("New grid"), {plain('N')}, N_("A new grid of the selected buildings"),
     [](const ActionState& s) { return s.buildings > 0; }, nullptr, newGridLine},
    {ActionId::Lock, N_("Lock / unlock grid"), N_("Lock"), {plain('L')},
     N_("Locked grids are kept exactly by edits and re-partitions"), hasGrid, nullptr, lockLine},
    {ActionId::Repartition, N_("Re-partition community"), N_("Re-part."), {plain('R')},
     N_("Re-partition the unlocked grids of the active grid's community"), canRepartition, nullptr, nullptr},
    {ActionId::RepartitionUnits, N_("Re-partition units of grid"), N_("Units"), {plain('U')},
     N_("Re-partition the units of the active grid"), canRepartition, nullptr, nullptr},
    {ActionId::Fit, N_("Fit"), nullptr, {plain('F')}, nullptr, nullptr, nullptr, nullptr},
    {ActionId::ZoomToGrid, N_("Zoom to grid"), nullptr, {plain('Z')}, nullptr, hasGrid, nullptr, nullptr},
    {ActionId::BrushSmaller, N_("Smaller brush"), nullptr, {plain('[')}, nullptr, nullptr, nullptr,
     nullptr},
    {ActionId::BrushLarger, N_("Larger brush"), nullptr, {plain(']')}, nullptr, nullptr, nullptr,
     nullptr},
    // Each language by its own name, never translated: a reader who cannot read the current language still
    // finds theirs.
    {ActionId::LanguageZh, "中文", nullptr, {}, nullptr, noJob, [](const ActionState& s) { return s.chinese; },
     nullptr},
    {ActionId::LanguageEn, "English", nullptr, {}, nullptr, noJob, [](const ActionState& s) { return !s.chinese; },
     nullptr},
};

bool ownName(const Action& a) { return a.id == ActionId::LanguageZh || a.id == ActionId::LanguageEn; }

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
  if (ownName(a)) return a.label;
  if (a.id == ActionId::Undo) return fmt(tr("Undo %s"), s.undoLabel.c_str());
  if (a.id == ActionId::Redo) return fmt(tr("Redo %s"), s.redoLabel.c_str());
  return tr(a.label);
}

std::string buttonLabel(const Action& a, const ActionState& s) {
  std::string words = tr(a.button ? a.button : a.label);
  if (a.id == ActionId::Lock && s.activeGrid() >= 0 && s.plan->grids[s.activeGrid()].locked) words = tr("Unlock");
  return words + " (" + shortcutText(a.keys[0]) + ")";
}

std::string tooltipText(const Action& a, const ActionState& s) {
  if (a.id == ActionId::Undo) return s.undoLabel;
  if (a.id == ActionId::Redo) return s.redoLabel;
  if (a.id == ActionId::LanguageZh || a.id == ActionId::LanguageEn)
    return s.jobRunning ? tr("The language changes when the re-partition is done") : "";
  return a.tooltip ? tr(a.tooltip) : "";
}

const Action* actionForKey(int key, bool ctrl, bool shift) {
  for (const Action& a : kActions)
    for (const Shortcut& k : a.keys)
      if (k.matches(key, ctrl, shift)) return &a;
  return nullptr;
}

}  // namespace gp::studio
