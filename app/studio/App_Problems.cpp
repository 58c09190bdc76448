// App: the Problems tab: live checks of the grids, then the problems of the plan and its data.
#include "app/studio/App.hpp"

#include <imgui.h>

#include <algorithm>
#include <iterator>

#include "geo/core/I18n.hpp"

namespace gp::studio {

namespace {

void hoverText(const std::string& text) {
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

}  // namespace

void App::problemsList() {
  const Plan& p = doc_.plan;
  ImGui::TextDisabled("%s", tr("Live checks"));
  int shown = 0;
  for (int g = 0; g < int(p.grids.size()) && shown < 500; ++g) {
    if (!scene_->gridOutOfBounds(g) && !scene_->gridDisconnected(g)) continue;
    ++shown;
    const Grid& gr = p.grids[g];
    std::string msg = gr.grid_id + ": " +
                      (scene_->gridDisconnected(g) ? fmt(tr("%d separate parts"), int(gr.shape.size()))
                       : gr.reason.empty()         ? fmt(trn("%d household", "%d households", gr.households), gr.households)
                                                   : gr.reason);
    if (ImGui::Selectable((msg + "##g" + std::to_string(g)).c_str())) {
      selectGrid(g, false);
      zoomToGrid(g);
    }
    // One line a finding, cut at the panel's edge: the whole of it on hover.
    if (ImGui::IsItemHovered()) hoverText(msg);
  }
  if (shown == 0) ImGui::TextUnformatted(tr("every grid within bounds and in one piece"));
  ImGui::Separator();
  ImGui::TextDisabled("%s", tr("Problems of the plan and its data"));
  int k = 0;
  auto list = [&](const std::vector<Problem>& items) {
    for (const Problem& pr : items) {
      if (++k > 1000) return;
      ImVec4 col = pr.severity == Severity::Error ? ImVec4(0.8f, 0.1f, 0.1f, 1)
                   : pr.severity == Severity::Warning ? ImVec4(0.7f, 0.45f, 0, 1) : ImVec4(0.3f, 0.3f, 0.3f, 1);
      ImGui::PushStyleColor(ImGuiCol_Text, col);
      std::string l = "[" + pr.kind + "] " + pr.feature + ": " + pr.message + "##p" + std::to_string(k);
      if (ImGui::Selectable(l.c_str()) && pr.at) {
        XY o = scene_->origin();
        view_.cx = pr.at->x - o.x;
        view_.cy = pr.at->y - o.y;
        view_.scale = std::max(view_.scale, 4.0);
      }
      if (ImGui::IsItemHovered()) hoverText(l.substr(0, l.rfind("##")));
      ImGui::PopStyleColor();
    }
  };
  list(problems());
  if (k == 0) ImGui::TextUnformatted(tr("none"));
}

const std::vector<Problem>& App::problems() {
  const Plan& p = doc_.plan;
  const size_t size = p.problems.size() + p.in.problems.size();
  if (problemsSnapGen_ != scene_->generation() || problemsSnapSize_ != size) {
    problemsSnap_ = p.problems.items();
    std::vector<Problem> more = p.in.problems.items();
    problemsSnap_.insert(problemsSnap_.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    problemsSnapGen_ = scene_->generation();
    problemsSnapSize_ = size;
  }
  return problemsSnap_;
}

}  // namespace gp::studio
