// App: what ImGui draws over the map: the paint stroke, problem markers, the box selection, the brush,
// and the hover tooltip of a building.
#include "app/studio/App.hpp"

#include <imgui.h>

#include "geo/core/I18n.hpp"

namespace gp::studio {

void App::drawOverlays() {
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  dl->PushClipRect(ImVec2(float(view_.x0), float(view_.y0)), ImVec2(float(view_.x0 + view_.w), float(view_.y0 + view_.h)));
  const Plan& p = doc_.plan;
  if (!sceneReady_) {
    const char* t = tr("Open a plan: File > Open (Ctrl+O), or run `gridplan studio plan.gpkg`");
    ImVec2 s = ImGui::CalcTextSize(t);
    dl->AddText(ImVec2(float(view_.x0 + view_.w / 2 - s.x / 2), float(view_.y0 + view_.h / 2)), IM_COL32(80, 80, 80, 255), t);
    dl->PopClipRect();
    return;
  }
  // Buildings under the current paint stroke.
  for (int b : strokeBuildings_)
    for (const Polygon& poly : p.in.buildings[b].footprint) {
      if (poly.rings.empty()) continue;
      std::vector<ImVec2> pts;
      XY o = scene_->origin();
      for (const XY& q : poly.rings[0]) {
        XY s = view_.toScreen({q.x - o.x, q.y - o.y});
        pts.push_back(ImVec2(float(s.x), float(s.y)));
      }
      dl->AddPolyline(pts.data(), int(pts.size()), IM_COL32(255, 120, 0, 255), ImDrawFlags_Closed, 2.5f);
    }
  if (layers_.problems) {
    XY o = scene_->origin();
    // Zoomed out over a city, warnings would bury the map: only errors show until buildings are visible.
    const bool overview = view_.scale < 0.4;
    auto marker = [&](const Problem& pr) {
      if (!pr.at || (overview && pr.severity != Severity::Error)) return;
      XY s = view_.toScreen({pr.at->x - o.x, pr.at->y - o.y});
      ImU32 c = pr.severity == Severity::Error ? IM_COL32(220, 30, 30, 255) : IM_COL32(230, 140, 0, 255);
      dl->AddCircleFilled(ImVec2(float(s.x), float(s.y)), 6, IM_COL32(255, 255, 255, 230));
      dl->AddCircle(ImVec2(float(s.x), float(s.y)), 6, c, 0, 2.5f);
    };
    for (const Problem& pr : problems()) marker(pr);
  }
  if (layers_.labels && fonts_.label) drawLabels(dl);
  ImGuiIO& io = ImGui::GetIO();
  if (boxing_ && dragging_) {
    dl->AddRectFilled(ImVec2(float(dragStart_.x), float(dragStart_.y)), io.MousePos, IM_COL32(0, 120, 255, 40));
    dl->AddRect(ImVec2(float(dragStart_.x), float(dragStart_.y)), io.MousePos, IM_COL32(0, 120, 255, 200));
  }
  bool inMap = io.MousePos.x >= view_.x0 && io.MousePos.x < view_.x0 + view_.w && io.MousePos.y >= view_.y0 &&
               io.MousePos.y < view_.y0 + view_.h;
  if (tool_ == Tool::Paint && inMap) {
    ImU32 c = sel_.activeGrid() >= 0 ? scene_->gridColour(sel_.activeGrid()) | 0xFF000000u : IM_COL32(150, 150, 150, 255);
    dl->AddCircle(io.MousePos, float(brushPx_), IM_COL32(40, 40, 40, 220), 0, 2.5f);
    dl->AddCircle(io.MousePos, float(brushPx_) - 2, c, 0, 2.0f);
  }
  dl->PopClipRect();
  // Hover: what the building is and where it belongs.
  if (hoverBuilding_ >= 0 && !io.WantCaptureMouse && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) {
    const Building& b = p.in.buildings[hoverBuilding_];
    ImGui::BeginTooltip();
    ImGui::Text("%s %s", b.bld_id.c_str(), b.name.c_str());
    ImGui::TextUnformatted(buildingCounts(b).c_str());
    for (int i : scene_->piecesOf(hoverBuilding_)) {
      const Piece& pc = p.pieces[i];
      std::string where = (pc.grid >= 0 ? p.grids[pc.grid].grid_id : std::string(tr("no grid"))) + " / " +
                          (pc.unit >= 0 ? p.units[pc.unit].unit_id : std::string(tr("no unit")));
      if (pc.entrance > 0)
        ImGui::TextUnformatted(fmt(tr("%1$s: %2$d户 → %3$s"), piecePart(pc).c_str(), pc.households, where.c_str()).c_str());
      else
        ImGui::TextUnformatted(fmt(tr("grid / unit: %s"), where.c_str()).c_str());
    }
    ImGui::EndTooltip();
  }
}

}  // namespace gp::studio
