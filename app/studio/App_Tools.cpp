// App: the left-hand panel: tool and edit buttons, the paint brush and unit, layers, legend.
#include "app/studio/App.hpp"

#include <imgui.h>

#include <cstdio>

#include "geo/core/I18n.hpp"
#include "geo/plan/Edits.hpp"

namespace gp::studio {

void App::toolsPanel() {
  const Plan& p = doc_.plan;
  ImGui::TextDisabled("%s", tr("TOOLS"));
  // Two buttons a row; a tool's button shows whether it is the current one.
  static const ActionId rows[][2] = {{ActionId::SelectTool, ActionId::PaintTool}, {ActionId::Split, ActionId::Merge},
                                     {ActionId::NewGrid, ActionId::Lock},
                                     {ActionId::Repartition, ActionId::RepartitionUnits},
                                     {ActionId::Undo, ActionId::Redo}};
  ActionState s = actionState();
  for (const auto& row : rows)
    for (int k = 0; k < 2; ++k) {
      const Action& a = action(row[k]);
      if (k == 1) ImGui::SameLine();
      const bool enabled = isEnabled(a, s), active = isChecked(a, s);
      if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
      if (!enabled) ImGui::BeginDisabled();
      // The id is the action's, whatever the label says in whichever language.
      bool clicked = ImGui::Button(withId(buttonLabel(a, s), std::to_string(int(a.id)).c_str()).c_str(), ImVec2(110, 0));
      if (!enabled) ImGui::EndDisabled();
      if (active) ImGui::PopStyleColor();
      if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tooltipText(a, s).c_str());
      if (clicked) {
        perform(a, s);
        s = actionState();
      }
    }
  int g = sel_.activeGrid();

  ImGui::Spacing();
  if (tool_ == Tool::Paint) {
    ImGui::TextDisabled("%s", tr("PAINT"));
    float b = float(brushPx_);
    if (ImGui::SliderFloat(withId(tr("brush px"), "brush").c_str(), &b, 4, 80, "%.0f")) brushPx_ = b;
    if (g >= 0) {
      ImGui::TextUnformatted(fmt(tr("into grid %s"), lastDigits(p.grids[g].grid_id, 3).c_str()).c_str());
      std::string cur = sel_.unit >= 0 ? p.units[sel_.unit].unit_id : tr("nearest unit");
      if (ImGui::BeginCombo(withId(tr("unit"), "unit").c_str(), cur.c_str())) {
        if (ImGui::Selectable(tr("nearest unit"), sel_.unit < 0)) sel_.unit = -1;
        for (int u : plan::unitsOfGrid(p, g)) {
          std::string l = p.units[u].unit_id + "  " + std::to_string(p.units[u].households) + "户";
          if (ImGui::Selectable(l.c_str(), sel_.unit == u)) sel_.unit = u;
        }
        ImGui::EndCombo();
        scene_->recolor(doc_.plan, sel_, layers_);
      }
    } else {
      ImGui::TextWrapped("%s", tr("Click a grid first (Select tool): paint moves buildings into it."));
    }
  }

  ImGui::Separator();
  ImGui::TextDisabled("%s", tr("LAYERS"));
  bool changed = false;
  auto layer = [](const char* label, const char* id, bool* on) { return ImGui::Checkbox(withId(tr(label), id).c_str(), on); };
  layer(N_("Communities"), "communities", &layers_.communities);
  layer(N_("Grids"), "grids", &layers_.grids);
  layer(N_("Units"), "units", &layers_.units);
  layer(N_("Buildings"), "buildings", &layers_.buildings);
  layer(N_("Barriers"), "barriers", &layers_.barriers);
  layer(N_("Problems"), "problems", &layers_.problems);
  layer(N_("Labels"), "labels", &layers_.labels);
  changed |= layer(N_("Colour by status"), "status", &layers_.colourByStatus);
  if (changed) scene_->recolor(doc_.plan, sel_, layers_);

  ImGui::Separator();
  ImGui::TextDisabled("%s", tr("LEGEND"));
  auto swatch = [](ImU32 c, const std::string& text) {
    ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(p0, ImVec2(p0.x + 14, p0.y + 14), c);
    ImGui::Dummy(ImVec2(18, 14));
    ImGui::SameLine();
    ImGui::TextUnformatted(text.c_str());
  };
  swatch(IM_COL32(220, 40, 40, 255), fmt(tr("outside %1$d–%2$d households"), p.bounds.grid_min, p.bounds.grid_max));
  swatch(IM_COL32(200, 30, 160, 255), tr("grid in several parts"));
  swatch(IM_COL32(255, 120, 0, 255), tr("selected (active grid)"));
  swatch(IM_COL32(120, 40, 150, 255), tr("building split between grids"));
  if (layers_.colourByStatus) {
    swatch(IM_COL32(166, 217, 106, 255), statusLabel(Status::Ok));
    swatch(IM_COL32(254, 224, 139, 255), statusLabel(Status::Under));
    swatch(IM_COL32(244, 109, 67, 255), statusLabel(Status::Over));
    swatch(IM_COL32(194, 165, 207, 255), statusLabel(Status::Exception));
  }
}

}  // namespace gp::studio
