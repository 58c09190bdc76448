// App: what the actions of the Actions table do, whether the menu, the toolbar or a key asks for them.
#include "app/studio/App.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>

#include "geo/core/I18n.hpp"

namespace gp::studio {

// Actions.hpp numbers keys as GLFW does.
static_assert(kKeyEscape == GLFW_KEY_ESCAPE && 'Z' == GLFW_KEY_Z && '[' == GLFW_KEY_LEFT_BRACKET &&
              ']' == GLFW_KEY_RIGHT_BRACKET);

ActionState App::actionState() const {
  ActionState s;
  s.plan = &doc_.plan;
  s.open = doc_.isOpen();
  s.grids = sel_.grids;
  s.buildings = sel_.buildings.size();
  s.selectedPieces = [this] { return selectedPieces(); };
  s.canUndo = doc_.history.canUndo();
  s.canRedo = doc_.history.canRedo();
  s.undoLabel = doc_.history.undoLabel();
  s.redoLabel = doc_.history.redoLabel();
  s.jobRunning = job_ != nullptr;
  s.paintTool = tool_ == Tool::Paint;
  s.chinese = i18n::language() == i18n::Lang::Zh;
  return s;
}

void App::perform(const Action& a, const ActionState& s) {
  if (a.command) {
    edit(a.command(s));
    return;
  }
  switch (a.id) {
    case ActionId::Open: askOpen_ = true, pathBuf_ = doc_.path; break;
    case ActionId::Save:
      if (doc_.path.empty()) askSaveAs_ = true, pathBuf_ = doc_.path;
      else save();
      break;
    case ActionId::SaveAs: askSaveAs_ = true, pathBuf_ = doc_.path; break;
    case ActionId::Quit: glfwSetWindowShouldClose(win_, 1); break;
    case ActionId::Undo: undo(); break;
    case ActionId::Redo: redo(); break;
    case ActionId::ClearSelection:
      sel_ = {};
      scene_->recolor(doc_.plan, sel_, layers_);
      break;
    case ActionId::SelectTool: tool_ = Tool::Select; break;
    case ActionId::PaintTool: tool_ = Tool::Paint; break;
    case ActionId::Repartition: startRepartition(false); break;
    case ActionId::RepartitionUnits: startRepartition(true); break;
    case ActionId::Fit: fit(); break;
    case ActionId::ZoomToGrid: zoomToGrid(sel_.activeGrid()); break;
    case ActionId::BrushSmaller: brushPx_ = std::max(4.0, brushPx_ / 1.25); break;
    case ActionId::BrushLarger: brushPx_ = std::min(80.0, brushPx_ * 1.25); break;
    case ActionId::LanguageZh: switchLanguage(i18n::Lang::Zh); break;
    case ActionId::LanguageEn: switchLanguage(i18n::Lang::En); break;
    case ActionId::Split:
    case ActionId::Merge:
    case ActionId::NewGrid:
    case ActionId::Lock: break;  // edits: their command line, above
  }
}

void App::shortcuts() {
  ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return;
  for (const Action& a : actions())
    for (const Shortcut& k : a.keys)
      if (k.key && ImGui::IsKeyPressed(k.key, false) && k.matches(k.key, io.KeyCtrl, io.KeyShift)) {
        ActionState s = actionState();
        if (isEnabled(a, s)) perform(a, s);
      }
}

}  // namespace gp::studio
