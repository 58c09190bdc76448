// App: the Grids tab: every grid, filtered and sorted; a click selects and zooms to it.
#include "app/studio/App.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "geo/core/I18n.hpp"
#include "geo/plan/Edits.hpp"

namespace gp::studio {

void App::gridTable() {
  const Plan& p = doc_.plan;
  if (ImGui::InputTextWithHint("##filter", tr("filter: code, name, status, worker"), &filter_)) tableDirty_ = true;
  const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_BordersOuter | ImGuiTableFlags_Resizable;
  if (!ImGui::BeginTable("grids", 5, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(tr("Code"), ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_WidthFixed, 128, 0);
  ImGui::TableSetupColumn(tr("Name"), ImGuiTableColumnFlags_WidthStretch, 0, 1);
  ImGui::TableSetupColumn("户", ImGuiTableColumnFlags_PreferSortDescending | ImGuiTableColumnFlags_WidthFixed, 36, 2);
  ImGui::TableSetupColumn(tr("Units"), ImGuiTableColumnFlags_WidthFixed, 38, 3);
  ImGui::TableSetupColumn(tr("Status"), ImGuiTableColumnFlags_WidthFixed, 70, 4);
  ImGui::TableHeadersRow();
  if (ImGuiTableSortSpecs* s = ImGui::TableGetSortSpecs()) {
    if (s->SpecsDirty && s->SpecsCount > 0) {
      sortColumn_ = int(s->Specs[0].ColumnUserID);
      sortAsc_ = s->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
      s->SpecsDirty = false;
      tableDirty_ = true;
    }
  }
  if (tableDirty_) {
    tableOrder_.clear();
    for (int g = 0; g < int(p.grids.size()); ++g) {
      const Grid& gr = p.grids[g];
      if (!filter_.empty()) {
        // The status both as the stable key and as the reader sees it: "over" and "超出" both find it.
        std::string hay = gr.grid_id + " " + gr.name + " " + toString(gr.status) + " " + statusLabel(gr.status) + " " + gr.worker_name;
        if (hay.find(filter_) == std::string::npos) continue;
      }
      tableOrder_.push_back(g);
    }
    auto key = [&](int a, int b) {
      const Grid &x = p.grids[a], &y = p.grids[b];
      switch (sortColumn_) {
        case 1: return x.name < y.name;
        case 2: return x.households < y.households;
        case 3: return x.units < y.units;
        case 4: return int(x.status) < int(y.status);
        default: return x.grid_id < y.grid_id;
      }
    };
    std::stable_sort(tableOrder_.begin(), tableOrder_.end(), [&](int a, int b) { return sortAsc_ ? key(a, b) : key(b, a); });
    tableDirty_ = false;
  }
  ImGuiListClipper clip;
  clip.Begin(int(tableOrder_.size()));
  while (clip.Step()) {
    for (int r = clip.DisplayStart; r < clip.DisplayEnd; ++r) {
      int g = tableOrder_[r];
      const Grid& gr = p.grids[g];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      bool selected = sel_.hasGrid(g);
      std::string label = gr.grid_id + (gr.locked ? " 锁" : "") + "##" + std::to_string(g);
      if (ImGui::Selectable(label.c_str(), selected, ImGuiSelectableFlags_SpanAllColumns)) {
        selectGrid(g, ImGui::GetIO().KeyShift);
        zoomToGrid(g);
      }
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(gr.name.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%d", gr.households);
      ImGui::TableNextColumn();
      ImGui::Text("%d", gr.units);
      ImGui::TableNextColumn();
      bool bad = scene_->gridOutOfBounds(g) || scene_->gridDisconnected(g);
      if (bad) ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(200, 30, 30, 255));
      ImGui::TextUnformatted(scene_->gridDisconnected(g) ? tr("parts") : statusLabel(gr.status));
      if (bad) ImGui::PopStyleColor();
      if (ImGui::IsItemHovered() && !gr.reason.empty()) ImGui::SetTooltip("%s", gr.reason.c_str());
    }
  }
  ImGui::EndTable();
}

}  // namespace gp::studio
