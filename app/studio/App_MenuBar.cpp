// App: the menu bar, from the Actions table (one menu item an action) and the layer colouring switch.
#include "app/studio/App.hpp"

#include <imgui.h>

#include <optional>

#include "geo/core/I18n.hpp"

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
      if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        std::string tip = tooltipText(a, s);
        if (!tip.empty() && (*id == ActionId::LanguageZh || *id == ActionId::LanguageEn)) ImGui::SetTooltip("%s", tip.c_str());
      }
    }
  };
  constexpr std::nullopt_t None = std::nullopt;
  if (ImGui::BeginMenu(withId(tr("File"), "file").c_str())) {
    items({ActionId::Open, ActionId::Save, ActionId::SaveAs, None, ActionId::Quit});
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(withId(tr("Edit"), "edit").c_str())) {
    items({ActionId::Undo, ActionId::Redo, None, ActionId::ClearSelection});
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(withId(tr("Tools"), "tools").c_str())) {
    items({ActionId::SelectTool, ActionId::PaintTool, None, ActionId::Split, ActionId::Merge, ActionId::NewGrid,
           ActionId::Lock, None, ActionId::Repartition, ActionId::RepartitionUnits});
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(withId(tr("View"), "view").c_str())) {
    items({ActionId::Fit, ActionId::ZoomToGrid, None});
    bool recolor = false;
    recolor |= ImGui::MenuItem(withId(tr("Colour grids by status"), "status").c_str(), nullptr, &layers_.colourByStatus);
    if (recolor) scene_->recolor(doc_.plan, sel_, layers_);
    ImGui::EndMenu();
  }
  // Named in both languages, so a reader who cannot read the current one still finds it.
  if (ImGui::BeginMenu(withId(tr("Language (语言)"), "language").c_str())) {
    items({ActionId::LanguageZh, ActionId::LanguageEn});
    ImGui::EndMenu();
  }
  ImGui::EndMainMenuBar();
}

}  // namespace gp::studio
