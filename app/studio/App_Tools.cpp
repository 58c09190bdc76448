// App: the left-hand panel: tool and edit buttons, the paint brush and unit, layers, legend.
#include "app/studio/App.hpp"

#include <imgui.h>

#include <cstdio>

#include "geo/plan/Edits.hpp"

namespace gp::studio {

void App::toolsPanel() {
  const Plan& p = doc_.plan;
  auto toolButton = [&](const char* label, Tool t, const char* tip) {
    bool active = tool_ == t;
    if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button(label, ImVec2(110, 0))) tool_ = t;
    if (active) ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
  };
  ImGui::TextDisabled("TOOLS");
  toolButton("Select (V)", Tool::Select, "Click a building or grid; Shift+click adds; Shift+drag draws a box.\nDrag pans, wheel zooms.");
  ImGui::SameLine();
  toolButton("Paint (B)", Tool::Paint, "Drag over buildings to move them to the active grid (one stroke = one edit).\n[ and ] change the brush; right-drag pans.");
  int g = sel_.activeGrid();
  auto action = [&](const char* label, const char* tip, bool enabled) {
    if (!enabled) ImGui::BeginDisabled();
    bool clicked = ImGui::Button(label, ImVec2(110, 0));
    if (!enabled) ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tip);
    return clicked;
  };
  if (action("Split (S)", "Split the active grid in two of about equal households", g >= 0)) edit("split " + p.grids[g].grid_id);
  ImGui::SameLine();
  if (action("Merge (M)", "Merge the second selected grid into the first (Shift+click to select two)",
             sel_.grids.size() >= 2))
    edit("merge " + p.grids[sel_.grids[0]].grid_id + " " + p.grids[sel_.grids[1]].grid_id);
  if (action("New grid (N)", "A new grid of the selected buildings", !sel_.buildings.empty())) {
    std::string line = "new-grid";
    for (int i : selectedPieces()) {
      line += ' ';  // (not " " + word: GCC 12 warns -Wrestrict falsely)
      line += quoteWord(p.pieces[i].piece_id);
    }
    edit(line);
  }
  ImGui::SameLine();
  bool locked = g >= 0 && p.grids[g].locked;
  if (action(locked ? "Unlock (L)" : "Lock (L)", "Locked grids are kept exactly by edits and re-partitions", g >= 0))
    edit((locked ? "unlock " : "lock ") + p.grids[g].grid_id);
  if (action("Re-part. (R)", "Re-partition the unlocked grids of the active grid's community", g >= 0 && !job_))
    startRepartition(false);
  ImGui::SameLine();
  if (action("Units (U)", "Re-partition the units of the active grid", g >= 0 && !job_)) startRepartition(true);
  if (action("Undo (Ctrl+Z)", doc_.history.undoLabel().c_str(), doc_.history.canUndo())) undo();
  ImGui::SameLine();
  if (action("Redo (Ctrl+Y)", doc_.history.redoLabel().c_str(), doc_.history.canRedo())) redo();

  ImGui::Spacing();
  if (tool_ == Tool::Paint) {
    ImGui::TextDisabled("PAINT");
    float b = float(brushPx_);
    if (ImGui::SliderFloat("brush px", &b, 4, 80, "%.0f")) brushPx_ = b;
    if (g >= 0) {
      ImGui::Text("into grid %s", lastDigits(p.grids[g].grid_id, 3).c_str());
      std::string cur = sel_.unit >= 0 ? p.units[sel_.unit].unit_id : "nearest unit";
      if (ImGui::BeginCombo("unit", cur.c_str())) {
        if (ImGui::Selectable("nearest unit", sel_.unit < 0)) sel_.unit = -1;
        for (int u : plan::unitsOfGrid(p, g)) {
          std::string l = p.units[u].unit_id + "  " + std::to_string(p.units[u].households) + "户";
          if (ImGui::Selectable(l.c_str(), sel_.unit == u)) sel_.unit = u;
        }
        ImGui::EndCombo();
        scene_->recolor(doc_.plan, sel_, layers_);
      }
    } else {
      ImGui::TextWrapped("Click a grid first (Select tool): paint moves buildings into it.");
    }
  }

  ImGui::Separator();
  ImGui::TextDisabled("LAYERS");
  bool changed = false;
  ImGui::Checkbox("Communities", &layers_.communities);
  ImGui::Checkbox("Grids", &layers_.grids);
  ImGui::Checkbox("Units", &layers_.units);
  ImGui::Checkbox("Buildings", &layers_.buildings);
  ImGui::Checkbox("Barriers", &layers_.barriers);
  ImGui::Checkbox("Problems", &layers_.problems);
  ImGui::Checkbox("Labels", &layers_.labels);
  changed |= ImGui::Checkbox("Colour by status", &layers_.colourByStatus);
  if (changed) scene_->recolor(doc_.plan, sel_, layers_);

  ImGui::Separator();
  ImGui::TextDisabled("LEGEND");
  auto swatch = [](ImU32 c, const char* text) {
    ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(p0, ImVec2(p0.x + 14, p0.y + 14), c);
    ImGui::Dummy(ImVec2(18, 14));
    ImGui::SameLine();
    ImGui::TextUnformatted(text);
  };
  char buf[96];
  std::snprintf(buf, sizeof buf, "outside %d–%d households", p.bounds.grid_min, p.bounds.grid_max);
  swatch(IM_COL32(220, 40, 40, 255), buf);
  swatch(IM_COL32(200, 30, 160, 255), "grid in several parts");
  swatch(IM_COL32(255, 120, 0, 255), "selected (active grid)");
  swatch(IM_COL32(120, 40, 150, 255), "building split between grids");
  if (layers_.colourByStatus) {
    swatch(IM_COL32(166, 217, 106, 255), "ok");
    swatch(IM_COL32(254, 224, 139, 255), "under");
    swatch(IM_COL32(244, 109, 67, 255), "over");
    swatch(IM_COL32(194, 165, 207, 255), "exception");
  }
}

}  // namespace gp::studio
