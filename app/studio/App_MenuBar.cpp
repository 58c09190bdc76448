// App: the menu bar, from the Actions table (one menu item an action) and the layer colouring switch.
#include "app/studio/App.hpp"

#include <imgui.h>

#include <optional>

namespace gp::studio {

void App::menuBar() {
  if (!ImGui::BeginMainMenuBar()) return;
  // Each menu's actions; None for a separator.
  auto items = [&](std::initializer_list<std::optional<ActionId>> ids) {
    ActionState s = actionState();
    for (const std::optional<ActionId>& id : ids) {
      if (!id) {
        ImGui::Separator();
        continue;
      }
      const Action& a = action(*id);
      if (ImGui::MenuItem(menuLabel(a, s).c_str(), shortcutText(a.keys[0]).c_str(), isChecked(a, s), isEnabled(a, s))) {
        perform(a, s);
        s = actionState();
      }
    }
  };
  constexpr std::nullopt_t None = std::nullopt;
  if (ImGui::BeginMenu("File")) {
    items({ActionId::Open, ActionId::Save, ActionId::SaveAs, None, ActionId::Quit});
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Edit")) {
    items({ActionId::Undo, ActionId::Redo, None, ActionId::ClearSelection});
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Tools")) {
    items({ActionId::SelectTool, ActionId::PaintTool, None, ActionId::Split, ActionId::Merge, ActionId::NewGrid,
           ActionId::Lock, None, ActionId::Repartition, ActionId::RepartitionUnits});
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    items({ActionId::Fit, ActionId::ZoomToGrid, None});
    bool recolor = false;
    recolor |= ImGui::MenuItem("Colour grids by status", nullptr, &layers_.colourByStatus);
    if (recolor) scene_->recolor(doc_.plan, sel_, layers_);
    ImGui::EndMenu();
  }
  ImGui::EndMainMenuBar();
}

}  // namespace gp::studio
