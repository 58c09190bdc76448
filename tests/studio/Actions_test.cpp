// The studio's Actions table without a display: labels, shortcuts, when each action is enabled, and the
// command line each edit runs.
#include "app/studio/Actions.hpp"

#include <gtest/gtest.h>

#include "geo/core/I18n.hpp"

#include <set>
#include <tuple>

using namespace gp;
using namespace gp::studio;

namespace {

// Two grids of one community, the second locked; three pieces, one of them with a space in its id.
Plan smallPlan() {
  Plan p;
  p.grids.resize(2);
  p.grids[0].grid_id = "320508001002001";
  p.grids[1].grid_id = "320508001002002";
  p.grids[1].locked = true;
  p.pieces.resize(3);
  p.pieces[0].piece_id = "B1";
  p.pieces[1].piece_id = "B2-E1";
  p.pieces[2].piece_id = "B 3";
  return p;
}

ActionState stateOf(const Plan& p) {
  ActionState s;
  s.plan = &p;
  s.open = true;
  s.selectedPieces = [] { return std::vector<int>{}; };
  return s;
}

}  // namespace

TEST(Actions, EveryActionHasALabelAndIsFoundByItsId) {
  std::set<ActionId> ids;
  for (const Action& a : actions()) {
    ASSERT_NE(a.label, nullptr);
    EXPECT_FALSE(std::string(a.label).empty());
    EXPECT_TRUE(ids.insert(a.id).second) << a.label << " is in the table twice";
    EXPECT_EQ(&action(a.id), &a);
    // An action on the toolbar says there what it does.
    if (a.button) {
      EXPECT_NE(a.tooltip, nullptr) << a.label;
    }
  }
  EXPECT_EQ(ids.size(), size_t(ActionId::LanguageEn) + 1);
}

TEST(Actions, NoKeyTriggersTwoActions) {
  for (int key = 1; key <= kKeyEscape; ++key)
    for (bool ctrl : {false, true})
      for (bool shift : {false, true}) {
        std::vector<std::string> hit;
        for (const Action& a : actions())
          for (const Shortcut& k : a.keys)
            if (k.matches(key, ctrl, shift)) hit.push_back(a.label);
        EXPECT_LE(hit.size(), 1u) << "key " << key << " ctrl " << ctrl << " shift " << shift << ": " << hit.front()
                                  << " and " << hit.back();
      }
}

TEST(Actions, KeysTriggerTheirActions) {
  auto at = [](int key, bool ctrl, bool shift) {
    const Action* a = actionForKey(key, ctrl, shift);
    return a ? a->id : ActionId(-1);
  };
  EXPECT_EQ(at('Z', true, false), ActionId::Undo);
  EXPECT_EQ(at('Z', true, true), ActionId::Redo);
  EXPECT_EQ(at('Y', true, false), ActionId::Redo);
  EXPECT_EQ(at('Y', true, true), ActionId::Redo);
  EXPECT_EQ(at('S', true, false), ActionId::Save);
  EXPECT_EQ(at('S', true, true), ActionId::SaveAs);
  EXPECT_EQ(at('O', true, false), ActionId::Open);
  EXPECT_EQ(at('Q', true, false), ActionId::Quit);
  // Without Ctrl, Shift does not matter (Shift+click selects; a key pressed meanwhile still works).
  EXPECT_EQ(at('S', false, false), ActionId::Split);
  EXPECT_EQ(at('S', false, true), ActionId::Split);
  EXPECT_EQ(at('Z', false, false), ActionId::ZoomToGrid);
  EXPECT_EQ(at('V', false, false), ActionId::SelectTool);
  EXPECT_EQ(at('B', false, false), ActionId::PaintTool);
  EXPECT_EQ(at('[', false, false), ActionId::BrushSmaller);
  EXPECT_EQ(at(']', false, false), ActionId::BrushLarger);
  EXPECT_EQ(at(kKeyEscape, false, false), ActionId::ClearSelection);
  // Letters with Ctrl are not the plain letters' actions.
  EXPECT_EQ(actionForKey('V', true, false), nullptr);
  EXPECT_EQ(actionForKey('M', true, false), nullptr);
  EXPECT_EQ(actionForKey('X', false, false), nullptr);
}

TEST(Actions, ShortcutTextsAsTheMenuShowsThem) {
  EXPECT_EQ(shortcutText(action(ActionId::SaveAs).keys[0]), "Ctrl+Shift+S");
  EXPECT_EQ(shortcutText(action(ActionId::Save).keys[0]), "Ctrl+S");
  EXPECT_EQ(shortcutText(action(ActionId::Redo).keys[0]), "Ctrl+Y");
  EXPECT_EQ(shortcutText(action(ActionId::ClearSelection).keys[0]), "Esc");
  EXPECT_EQ(shortcutText(action(ActionId::Split).keys[0]), "S");
  EXPECT_EQ(shortcutText(Shortcut{}), "");
}

TEST(Actions, EnabledWhenTheSelectionAndHistoryAllow) {
  Plan p = smallPlan();
  ActionState s = stateOf(p);
  auto on = [&](ActionId id) { return isEnabled(action(id), s); };
  // Nothing selected, nothing to undo.
  for (ActionId id : {ActionId::Split, ActionId::Merge, ActionId::NewGrid, ActionId::Lock, ActionId::Repartition,
                      ActionId::RepartitionUnits, ActionId::ZoomToGrid, ActionId::Undo, ActionId::Redo})
    EXPECT_FALSE(on(id)) << action(id).label;
  for (ActionId id : {ActionId::Open, ActionId::Save, ActionId::SaveAs, ActionId::Quit, ActionId::Fit,
                      ActionId::ClearSelection, ActionId::SelectTool, ActionId::PaintTool})
    EXPECT_TRUE(on(id)) << action(id).label;
  // One grid: split, lock, zoom and re-partition, not merge.
  s.grids = {0};
  EXPECT_TRUE(on(ActionId::Split));
  EXPECT_TRUE(on(ActionId::Lock));
  EXPECT_TRUE(on(ActionId::ZoomToGrid));
  EXPECT_TRUE(on(ActionId::Repartition));
  EXPECT_TRUE(on(ActionId::RepartitionUnits));
  EXPECT_FALSE(on(ActionId::Merge));
  // Two grids merge; a running re-partition blocks another.
  s.grids = {0, 1};
  EXPECT_TRUE(on(ActionId::Merge));
  s.jobRunning = true;
  EXPECT_FALSE(on(ActionId::Repartition));
  EXPECT_FALSE(on(ActionId::RepartitionUnits));
  EXPECT_TRUE(on(ActionId::Split));
  // Buildings make a new grid; the history enables undo and redo.
  s.buildings = 2;
  EXPECT_TRUE(on(ActionId::NewGrid));
  s.canUndo = true;
  EXPECT_TRUE(on(ActionId::Undo));
  EXPECT_FALSE(on(ActionId::Redo));
  // No plan open: nothing to save.
  s.open = false;
  EXPECT_FALSE(on(ActionId::Save));
  EXPECT_FALSE(on(ActionId::SaveAs));
  // The current tool is the checked one.
  EXPECT_TRUE(isChecked(action(ActionId::SelectTool), s));
  EXPECT_FALSE(isChecked(action(ActionId::PaintTool), s));
  s.paintTool = true;
  EXPECT_TRUE(isChecked(action(ActionId::PaintTool), s));
  EXPECT_FALSE(isChecked(action(ActionId::Split), s));
}

TEST(Actions, EditsRunTheirCommandLines) {
  Plan p = smallPlan();
  ActionState s = stateOf(p);
  s.grids = {0, 1};
  s.selectedPieces = [] { return std::vector<int>{0, 2}; };
  auto line = [&](ActionId id) { return action(id).command(s); };
  EXPECT_EQ(line(ActionId::Split), "split 320508001002001");
  EXPECT_EQ(line(ActionId::Merge), "merge 320508001002001 320508001002002");
  EXPECT_EQ(line(ActionId::NewGrid), "new-grid B1 \"B 3\"");
  EXPECT_EQ(line(ActionId::Lock), "lock 320508001002001");
  s.grids = {1};
  EXPECT_EQ(line(ActionId::Lock), "unlock 320508001002002");
  // The rest are the studio's own (dialogs, the view, the tools, a re-partition in the background).
  for (ActionId id : {ActionId::Open, ActionId::Save, ActionId::SaveAs, ActionId::Quit, ActionId::Undo,
                      ActionId::Redo, ActionId::Repartition, ActionId::Fit, ActionId::BrushLarger})
    EXPECT_TRUE(action(id).command == nullptr) << action(id).label;
}

TEST(Actions, LabelsSayWhatUndoAndLockWouldDo) {
  Plan p = smallPlan();
  ActionState s = stateOf(p);
  s.undoLabel = "Assign piece B1 to grid 320508001002002";
  s.redoLabel = "Split grid 320508001002001";
  EXPECT_EQ(menuLabel(action(ActionId::Undo), s), "Undo Assign piece B1 to grid 320508001002002");
  EXPECT_EQ(menuLabel(action(ActionId::Redo), s), "Redo Split grid 320508001002001");
  EXPECT_EQ(tooltipText(action(ActionId::Undo), s), s.undoLabel);
  EXPECT_EQ(menuLabel(action(ActionId::Split), s), "Split grid");
  EXPECT_EQ(buttonLabel(action(ActionId::Split), s), "Split (S)");
  EXPECT_EQ(buttonLabel(action(ActionId::Undo), s), "Undo (Ctrl+Z)");
  EXPECT_EQ(buttonLabel(action(ActionId::Repartition), s), "Re-part. (R)");
  EXPECT_EQ(buttonLabel(action(ActionId::Lock), s), "Lock (L)");
  s.grids = {1};
  EXPECT_EQ(buttonLabel(action(ActionId::Lock), s), "Unlock (L)");
}

TEST(Actions, TheLanguageCannotChangeWhileARepartitionRuns) {
  // gettext reads the language from the environment on every lookup; the re-partition's thread does lookups.
  Plan p = smallPlan();
  ActionState s = stateOf(p);
  EXPECT_TRUE(isEnabled(action(ActionId::LanguageZh), s));
  EXPECT_TRUE(isEnabled(action(ActionId::LanguageEn), s));
  EXPECT_EQ(tooltipText(action(ActionId::LanguageZh), s), "");
  s.jobRunning = true;
  EXPECT_FALSE(isEnabled(action(ActionId::LanguageZh), s));
  EXPECT_FALSE(isEnabled(action(ActionId::LanguageEn), s));
  EXPECT_NE(tooltipText(action(ActionId::LanguageZh), s), "") << "the disabled item says why";
  // The current language is the checked one.
  EXPECT_TRUE(isChecked(action(ActionId::LanguageEn), s));
  EXPECT_FALSE(isChecked(action(ActionId::LanguageZh), s));
  s.chinese = true;
  EXPECT_TRUE(isChecked(action(ActionId::LanguageZh), s));
  EXPECT_FALSE(isChecked(action(ActionId::LanguageEn), s));
}

TEST(Actions, LabelsAreInTheCurrentLanguageAndEachLanguageKeepsItsOwnName) {
  if (gp::i18n::catalogDir().empty()) GTEST_SKIP() << "no compiled catalog beside the test binary (build the catalogs target)";
  Plan p = smallPlan();
  ActionState s = stateOf(p);
  s.undoLabel = "Split grid 320508001002001";
  gp::i18n::setLanguage(gp::i18n::Lang::Zh);
  EXPECT_EQ(menuLabel(action(ActionId::Split), s), "拆分网格");
  EXPECT_EQ(buttonLabel(action(ActionId::Split), s), "拆分 (S)");
  EXPECT_EQ(tooltipText(action(ActionId::Split), s), "把当前网格拆成户数大致相等的两个网格");
  EXPECT_EQ(menuLabel(action(ActionId::Undo), s), "撤销：Split grid 320508001002001");
  EXPECT_EQ(menuLabel(action(ActionId::LanguageZh), s), "中文");
  EXPECT_EQ(menuLabel(action(ActionId::LanguageEn), s), "English");
  s.grids = {1};
  EXPECT_EQ(buttonLabel(action(ActionId::Lock), s), "解锁 (L)");
  gp::i18n::setLanguage(gp::i18n::Lang::En);
  EXPECT_EQ(menuLabel(action(ActionId::Split), s), "Split grid");
  EXPECT_EQ(buttonLabel(action(ActionId::Lock), s), "Unlock (L)");
  EXPECT_EQ(menuLabel(action(ActionId::LanguageZh), s), "中文");
}
