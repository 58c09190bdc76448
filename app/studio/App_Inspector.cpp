// App: the Inspector tab: the active grid (its fields edit the plan), its units, the selected buildings.
#include "app/studio/App.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include "geo/core/I18n.hpp"
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
    ImGui::TextUnformatted(fmt(tr("Grid %s"), gr.grid_id.c_str()).c_str());
    if (gr.community >= 0 && gr.community < int(p.in.communities.size()))
      ImGui::TextDisabled("%s", fmt(tr("community %1$s %2$s"), p.in.communities[gr.community].community_id.c_str(),
                                    p.in.communities[gr.community].name.c_str()).c_str());
    ImGui::TextUnformatted(
        fmt(tr("%1$d households, %2$d units, status %3$s"), gr.households, gr.units, statusLabel(gr.status)).c_str());
    if (!gr.reason.empty()) ImGui::TextWrapped("%s", gr.reason.c_str());
    if (scene_->gridDisconnected(g))
      ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.6f, 1), "%s",
                         fmt(tr("in %d separate parts: paint the pieces together"), int(gr.shape.size())).c_str());
    bool locked = gr.locked;
    if (ImGui::Checkbox(withId(tr("Locked (L)"), "locked").c_str(), &locked)) perform(action(ActionId::Lock), actionState());
    auto field = [&](const std::string& label, const char* column, std::string& buf, bool multiline) {
      if (multiline) ImGui::InputTextMultiline(label.c_str(), &buf, ImVec2(-1, 70));
      else ImGui::InputText(label.c_str(), &buf);
      if (ImGui::IsItemDeactivatedAfterEdit())
        edit("set " + gr.grid_id + " " + column + " " + quoteWord(buf.empty() ? std::string() : buf));
    };
    field(withId(tr("Name"), "name"), "name", nameBuf_, false);
    field(withId(tr("Worker"), "worker"), "worker_name", workerBuf_, false);
    field(withId(tr("Phone"), "phone"), "worker_phone", phoneBuf_, false);
    ImGui::TextUnformatted(tr("Duties"));
    field("##duties", "duties", dutiesBuf_, true);
    if (ImGui::TreeNode(withId(tr("Units"), "units").c_str())) {
      for (int u : plan::unitsOfGrid(p, g)) {
        const Unit& un = p.units[u];
        bool bad = scene_->unitDisconnected(u) || un.status != Status::Ok;
        if (bad) ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(200, 30, 30, 255));
        std::string l = un.unit_id + "  " + std::to_string(un.households) + "户  " + statusLabel(un.status);
        if (ImGui::Selectable(l.c_str(), sel_.unit == u)) {
          sel_.unit = sel_.unit == u ? -1 : u;
          scene_->recolor(p, sel_, layers_);
        }
        if (bad) ImGui::PopStyleColor();
      }
      ImGui::TreePop();
    }
  } else {
    ImGui::TextDisabled("%s", tr("Click a grid on the map or in the Grids table."));
  }
  if (!sel_.buildings.empty()) {
    ImGui::Separator();
    if (sel_.buildings.size() > 1)
      ImGui::TextUnformatted(fmt(tr("%d buildings selected"), int(sel_.buildings.size())).c_str());
    int b = sel_.buildings.front();
    const Building& bd = p.in.buildings[b];
    ImGui::TextUnformatted(fmt(tr("Building %1$s %2$s"), bd.bld_id.c_str(), bd.name.c_str()).c_str());
    ImGui::TextUnformatted(buildingCounts(bd).c_str());
    if (ImGui::BeginTable("pieces", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter)) {
      // The part of the building takes what the short codes leave ("2单元，10–12层" is wider than its English).
      ImGui::TableSetupColumn(tr("Piece"), ImGuiTableColumnFlags_WidthStretch);
      ImGui::TableSetupColumn("户", ImGuiTableColumnFlags_WidthFixed, 40);
      ImGui::TableSetupColumn(tr("Grid"), ImGuiTableColumnFlags_WidthFixed, 48);
      ImGui::TableSetupColumn(tr("Unit"), ImGuiTableColumnFlags_WidthFixed, 56);
      ImGui::TableHeadersRow();
      for (int i : scene_->piecesOf(b)) {
        const Piece& pc = p.pieces[i];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        // The ids share the building's prefix and do not fit the column: the part of the building it is.
        ImGui::TextUnformatted(piecePart(pc).c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", fmt(tr("piece %s"), pc.piece_id.c_str()).c_str());
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
