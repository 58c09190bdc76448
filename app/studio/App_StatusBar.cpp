// App: the status bar: pointer position, totals, violations, saved state, the last note.
#include "app/studio/App.hpp"

#include <imgui.h>

namespace gp::studio {

void App::statusBar() {
  const Plan& p = doc_.plan;
  XY o = scene_->origin();
  long long hh = 0;
  for (const Grid& g : p.grids) hh += g.households;
  ImGui::Text("x %.1f  y %.1f   |   %d grids  %d units  %d buildings  %lld 户   |   ", mouseMap_.x + o.x,
              mouseMap_.y + o.y, int(p.grids.size()), int(p.units.size()), int(p.in.buildings.size()), hh);
  ImGui::SameLine(0, 0);
  if (scene_->violations() > 0) ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "%d violations", scene_->violations());
  else ImGui::TextColored(ImVec4(0.1f, 0.55f, 0.1f, 1), "no violations");
  ImGui::SameLine();
  ImGui::TextUnformatted(doc_.history.dirty() ? "  |  unsaved changes" : "  |  saved");
  if (!noteMsg_.empty() && Clock::now() - noteAt_ < std::chrono::seconds(6)) {
    ImGui::SameLine();
    ImGui::TextDisabled("  |  %s", noteMsg_.c_str());
  }
}

}  // namespace gp::studio
