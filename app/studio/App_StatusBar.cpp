// App: the status bar: pointer position, totals, violations, saved state, the last note.
#include "app/studio/App.hpp"

#include <imgui.h>

#include "geo/core/I18n.hpp"

namespace gp::studio {

void App::statusBar() {
  const Plan& p = doc_.plan;
  XY o = scene_->origin();
  long long hh = 0;
  for (const Grid& g : p.grids) hh += g.households;
  ImGui::TextUnformatted(fmt("x %.1f  y %.1f   |   %s   |   ", mouseMap_.x + o.x, mouseMap_.y + o.y,
                             fmt(tr("%1$d grids  %2$d units  %3$d buildings  %4$lld 户"), int(p.grids.size()),
                                 int(p.units.size()), int(p.in.buildings.size()), hh)
                                 .c_str())
                             .c_str());
  ImGui::SameLine(0, 0);
  const int v = scene_->violations();
  if (v > 0) ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "%s", fmt(trn("%d violation", "%d violations", v), v).c_str());
  else ImGui::TextColored(ImVec4(0.1f, 0.55f, 0.1f, 1), "%s", tr("no violations"));
  if (const int off = scene_->gridsOutOfBounds(); off > 0) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(0.75f, 0.45f, 0, 1), "%s",
                       fmt(trn("(%d grid outside the bounds)", "(%d grids outside the bounds)", off), off).c_str());
  }
  ImGui::SameLine();
  ImGui::TextUnformatted((std::string("  |  ") + (doc_.history.dirty() ? tr("unsaved changes") : tr("saved"))).c_str());
  if (!noteMsg_.empty() && Clock::now() - noteAt_ < std::chrono::seconds(6)) {
    ImGui::SameLine();
    ImGui::TextDisabled("  |  %s", noteMsg_.c_str());
  }
}

}  // namespace gp::studio
