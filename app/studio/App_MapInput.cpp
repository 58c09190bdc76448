// App: the mouse on the map: zoom, pan, and the Select and Paint tools.
#include "app/studio/App.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "geo/core/I18n.hpp"
#include "geo/plan/Edits.hpp"

namespace gp::studio {

void App::mapInput() {
  ImGuiIO& io = ImGui::GetIO();
  XY m{io.MousePos.x, io.MousePos.y};
  bool inMap = m.x >= view_.x0 && m.x < view_.x0 + view_.w && m.y >= view_.y0 && m.y < view_.y0 + view_.h;
  bool free = inMap && !io.WantCaptureMouse;
  if (inMap) mouseMap_ = view_.toMap(m);
  hoverBuilding_ = free && sceneReady_ && !dragging_ ? scene_->buildingAt(doc_.plan, mouseMap_) : -1;
  if (!sceneReady_) return;

  if (free && io.MouseWheel != 0) view_.zoomAbout(m, std::pow(1.2, io.MouseWheel));

  // Right or middle drag always pans.
  if (free && (ImGui::IsMouseClicked(ImGuiMouseButton_Right) || ImGui::IsMouseClicked(ImGuiMouseButton_Middle)))
    panning_ = true, lastMouse_ = m;
  if (panning_) {
    if (ImGui::IsMouseDown(ImGuiMouseButton_Right) || ImGui::IsMouseDown(ImGuiMouseButton_Middle)) {
      view_.panPixels(m.x - lastMouse_.x, m.y - lastMouse_.y);
      lastMouse_ = m;
    } else {
      panning_ = false;
    }
  }

  const Plan& p = doc_.plan;
  if (free && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    dragging_ = true;
    dragStart_ = m;
    lastMouse_ = m;
    boxing_ = tool_ == Tool::Select && io.KeyShift;
    painting_ = tool_ == Tool::Paint;
    stroke_.clear();
    strokeBuildings_.clear();
    if (painting_ && sel_.activeGrid() < 0) {
      painting_ = false;
      error(tr("choose the grid to paint into first: click it with the Select tool (V)"));
    }
  }
  if (!dragging_) return;
  bool moved = std::hypot(m.x - dragStart_.x, m.y - dragStart_.y) > 4;
  if (painting_) {
    int g = sel_.activeGrid();
    for (int b : scene_->buildingsNear(p, view_.toMap(m), brushPx_ / view_.scale)) {
      bool any = false;
      for (int i : scene_->piecesOf(b)) {
        const Piece& pc = p.pieces[i];
        bool already = pc.grid == g && (sel_.unit < 0 || pc.unit == sel_.unit);
        if (already || std::find(stroke_.begin(), stroke_.end(), i) != stroke_.end()) continue;
        stroke_.push_back(i);
        any = true;
      }
      if (any) strokeBuildings_.push_back(b);
    }
  } else if (!boxing_ && moved) {
    view_.panPixels(m.x - lastMouse_.x, m.y - lastMouse_.y);
  }
  lastMouse_ = m;

  if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    dragging_ = false;
    if (painting_) {
      painting_ = false;
      if (!stroke_.empty()) {
        int g = sel_.activeGrid();
        std::string line = "assign-pieces " + p.grids[g].grid_id + " " + (sel_.unit >= 0 ? p.units[sel_.unit].unit_id : "-");
        for (int i : stroke_) {
          line += ' ';  // (not " " + word: GCC 12 warns -Wrestrict falsely)
          line += quoteWord(p.pieces[i].piece_id);
        }
        edit(line);
      }
      stroke_.clear();
      strokeBuildings_.clear();
    } else if (boxing_) {
      boxing_ = false;
      BBox box;
      box.add(view_.toMap(dragStart_));
      box.add(view_.toMap(m));
      for (int b : scene_->buildingsIn(p, box))
        if (!sel_.hasBuilding(b)) sel_.buildings.push_back(b);
      scene_->recolor(p, sel_, layers_);
    } else if (!moved) {
      // A click: the building under it (if any) and the grid whose cell holds the point.
      XY at = view_.toMap(m);
      int b = scene_->buildingAt(p, at);
      int piece = scene_->pieceAt(p, at);
      int g = piece >= 0 ? p.pieces[piece].grid : (b >= 0 && !scene_->piecesOf(b).empty() ? p.pieces[scene_->piecesOf(b)[0]].grid : -1);
      if (!io.KeyShift) sel_.buildings.clear();
      showInspector_ = true;
      if (b >= 0) {
        auto it = std::find(sel_.buildings.begin(), sel_.buildings.end(), b);
        if (it == sel_.buildings.end()) sel_.buildings.push_back(b);
        else sel_.buildings.erase(it);
      }
      selectGrid(g, io.KeyShift);
    }
  }
}

}  // namespace gp::studio
