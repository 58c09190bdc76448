#pragma once
// What the studio's menu, toolbar and keyboard shortcuts offer, written once: each action's label, shortcuts,
// tooltip, when it is enabled and, for an edit, the command line it runs (the command language of Studio.hpp,
// which the journal records). The menu item, the button and the key of an action therefore do the same thing.
// UI-free (no ImGui here: App_MenuBar, App_Tools and App_MapInput draw and dispatch the actions), so it is
// tested without a display.
#include <functional>
#include <string>
#include <vector>

#include "geo/plan/Plan.hpp"

namespace gp::studio {

enum class ActionId {
  Open, Save, SaveAs, Quit,
  Undo, Redo, ClearSelection,
  SelectTool, PaintTool, Split, Merge, NewGrid, Lock, Repartition, RepartitionUnits,
  Fit, ZoomToGrid,
  BrushSmaller, BrushLarger,
  LanguageZh, LanguageEn,
};

// Keys as GLFW numbers them: printable keys by their ASCII upper case ('Z', '['), so the studio gives these
// numbers to ImGui as they are.
inline constexpr int kKeyEscape = 256;

struct Shortcut {
  enum class Shift { Any, Without, With };
  int key = 0;  // 0: none
  bool ctrl = false;
  Shift shift = Shift::Any;
  // Whether pressing `k` with these modifiers triggers it.
  bool matches(int k, bool ctrlDown, bool shiftDown) const {
    return key != 0 && k == key && ctrlDown == ctrl &&
           (shift == Shift::Any || (shift == Shift::With) == shiftDown);
  }
};

// What the actions look at: the open plan, the selection, the history, a running job and the tool.
struct ActionState {
  const Plan* plan = nullptr;
  bool open = false;     // a plan is open
  std::vector<int> grids;  // the selected grids, the active one first
  size_t buildings = 0;  // selected buildings
  std::function<std::vector<int>()> selectedPieces;  // the pieces of the selected buildings (for new-grid)
  bool canUndo = false, canRedo = false;
  std::string undoLabel, redoLabel;  // what undo / redo would do
  bool jobRunning = false;  // a re-partition is running
  bool paintTool = false;   // the Paint tool is active (else Select)
  bool chinese = false;     // the interface speaks Chinese (else English)
  int activeGrid() const { return grids.empty() ? -1 : grids.front(); }
};

// The texts are English msgids (N_), translated where they are shown: the functions below return them in the
// current language (geo/core/I18n), so a language switch needs no rebuilt table.
struct Action {
  ActionId id;
  const char* label;         // in the menu (Undo and Redo add what they undo or redo)
  const char* button;        // on the toolbar, nullptr when not there
  Shortcut keys[2];          // the first one is shown
  const char* tooltip;       // on the toolbar (Undo and Redo say what they would do), nullptr when not there
  bool (*enabled)(const ActionState&);         // nullptr: always
  bool (*checked)(const ActionState&);         // nullptr: not a choice (the current tool is one)
  std::string (*command)(const ActionState&);  // the edit it runs; nullptr: the studio performs it itself
};

// Every action, in the order the shortcuts are looked up.
const std::vector<Action>& actions();
const Action& action(ActionId id);

// "Ctrl+Shift+S", "Esc", "V"; empty for no shortcut.
std::string shortcutText(const Shortcut& k);
bool isEnabled(const Action& a, const ActionState& s);
bool isChecked(const Action& a, const ActionState& s);
// The menu's label: "Undo Assign piece ... to grid ...".
std::string menuLabel(const Action& a, const ActionState& s);
// The toolbar's label with the shortcut: "Split (S)", "Unlock (L)" for a locked grid.
std::string buttonLabel(const Action& a, const ActionState& s);
// The toolbar's tooltip: Undo and Redo say what they would do.
std::string tooltipText(const Action& a, const ActionState& s);
// The action a key press triggers, or nullptr.
const Action* actionForKey(int key, bool ctrl, bool shift);

}  // namespace gp::studio
