// App: the Inspector tab: the active grid (its fields edit the plan), its units, the selected buildings.
#include "app/studio/App.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include "geo/plan/Edits.hpp"

namespace gp::studio {

void App::inspector() {
  Plan& p = doc_.plan;
  int g = sel_.activeGrid();
  if (g >= 0 && g < int(p.grids.size())) {
    const Grid& gr = p.grids[g];
    if (inspectedGrid_ != g) {
      nameBuf_ = gr.name, workerBuf_ = gr.worker_name, phoneBuf_ = gr.worker_phone, dutiesBuf_ = gr.duties;
      inspectedGrid_ = g;
    }
    ImGui::Text("Grid %s", gr.grid_id.c_str());
    if (gr.community >= 0 && gr.community < int(p.in.communities.size()))
      ImGui::TextDisabled("community %s %s", p.in.communities[gr.community].community_id.c_str(),
                          p.in.communities[gr.community].name.c_str());
    ImGui::Text("%d households, %d units, status %s", gr.households, gr.units, toString(gr.status));
    if (!gr.reason.empty()) ImGui::TextWrapped("%s", gr.reason.c_str());
    if (scene_->gridDisconnected(g))
      ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.6f, 1), "in %d separate parts: paint the pieces together", int(gr.shape.size()));
    bool locked = gr.locked;
    if (ImGui::Checkbox("Locked (L)", &locked)) perform(action(ActionId::Lock), actionState());
    auto field = [&](const char* label, const char* field, std::string& buf, bool multiline) {
      if (multiline) ImGui::InputTextMultiline(label, &buf, ImVec2(-1, 70));
      else ImGui::InputText(label, &buf);
      if (ImGui::IsItemDeactivatedAfterEdit())
        edit("set " + gr.grid_id + " " + field + " " + quoteWord(buf.empty() ? std::string() : buf));
    };
    field("Name", "name", nameBuf_, false);
    field("Worker", "worker_name", workerBuf_, false);
    field("Phone", "worker_phone", phoneBuf_, false);
    ImGui::TextUnformatted("Duties");
    field("##duties", "duties", dutiesBuf_, true);
    if (ImGui::TreeNode("Units")) {
      for (int u : plan::unitsOfGrid(p, g)) {
        const Unit& un = p.units[u];
        bool bad = scene_->unitDisconnected(u) || un.status != Status::Ok;
        if (bad) ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(200, 30, 30, 255));
        std::string l = un.unit_id + "  " + std::to_string(un.households) + "户  " + toString(un.status);
        if (ImGui::Selectable(l.c_str(), sel_.unit == u)) {
          sel_.unit = sel_.unit == u ? -1 : u;
          scene_->recolor(p, sel_, layers_);
        }
        if (bad) ImGui::PopStyleColor();
      }
      ImGui::TreePop();
    }
  } else {
    ImGui::TextDisabled("Click a grid on the map or in the Grids table.");
  }
  if (!sel_.buildings.empty()) {
    ImGui::Separator();
    if (sel_.buildings.size() > 1) ImGui::Text("%d buildings selected", int(sel_.buildings.size()));
    int b = sel_.buildings.front();
    const Building& bd = p.in.buildings[b];
    ImGui::Text("Building %s %s", bd.bld_id.c_str(), bd.name.c_str());
    ImGui::Text("%d households, %d entrances, %d floors", bd.households, bd.entrances, bd.floors);
    if (ImGui::BeginTable("pieces", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter)) {
      ImGui::TableSetupColumn("Piece");
      ImGui::TableSetupColumn("户");
      ImGui::TableSetupColumn("Grid");
      ImGui::TableSetupColumn("Unit");
      ImGui::TableHeadersRow();
      for (int i : scene_->piecesOf(b)) {
        const Piece& pc = p.pieces[i];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        // The ids share the building's prefix and do not fit the column: the part of the building it is.
        std::string part = pc.entrance > 0 ? "entrance " + std::to_string(pc.entrance) : std::string("whole");
        if (pc.floor_from > 0) part += ", F" + std::to_string(pc.floor_from) + "-" + std::to_string(pc.floor_to);
        ImGui::TextUnformatted(part.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("piece %s", pc.piece_id.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%d", pc.households);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(pc.grid >= 0 ? lastDigits(p.grids[pc.grid].grid_id, 3).c_str() : "-");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(pc.unit >= 0 ? lastDigits(p.units[pc.unit].unit_id, 5).c_str() : "-");
      }
      ImGui::EndTable();
    }
  }
}

}  // namespace gp::studio
