// App: where the panels go (fixed: tools on the left, the plan on the right, the status bar below,
// the map between them), and the tabs of the right-hand panel.
#include "app/studio/App.hpp"

#include <imgui.h>

#include "geo/core/I18n.hpp"

namespace gp::studio {

void App::layoutPanels() {
  ImGuiIO& io = ImGui::GetIO();
  float menuH = ImGui::GetFrameHeight();
  const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::SetNextWindowPos(ImVec2(0, menuH));
  ImGui::SetNextWindowSize(ImVec2(kLeftW, io.DisplaySize.y - menuH - kStatusH));
  if (ImGui::Begin(withId(tr("Tools and layers"), "tools").c_str(), nullptr, fixed)) toolsPanel();
  ImGui::End();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x - kRightW, menuH));
  ImGui::SetNextWindowSize(ImVec2(kRightW, io.DisplaySize.y - menuH - kStatusH));
  if (ImGui::Begin(withId(tr("Plan"), "plan").c_str(), nullptr, fixed)) rightPanel();
  ImGui::End();
  ImGui::SetNextWindowPos(ImVec2(0, io.DisplaySize.y - kStatusH));
  ImGui::SetNextWindowSize(ImVec2(io.DisplaySize.x, kStatusH));
  if (ImGui::Begin("status", nullptr, fixed | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar)) statusBar();
  ImGui::End();
  view_.x0 = kLeftW;
  view_.y0 = menuH;
  view_.w = std::max(1.0, double(io.DisplaySize.x) - kLeftW - kRightW);
  view_.h = std::max(1.0, double(io.DisplaySize.y) - menuH - kStatusH);
}

void App::rightPanel() {
  if (!ImGui::BeginTabBar("right")) return;
  if (showInspector_) showTab_ = "inspector";
  showInspector_ = false;
  auto flags = [&](const char* id) { return showTab_ == id ? ImGuiTabItemFlags_SetSelected : 0; };
  if (ImGui::BeginTabItem(withId(tr("Grids"), "grids").c_str(), nullptr, flags("grids"))) {
    gridTable();
    ImGui::EndTabItem();
  }
  if (ImGui::BeginTabItem(withId(tr("Inspector"), "inspector").c_str(), nullptr, flags("inspector"))) {
    inspector();
    ImGui::EndTabItem();
  }
  std::string pl = withId(fmt(tr("Problems (%d)"), scene_->violations() + scene_->gridsOutOfBounds()), "problems");
  if (ImGui::BeginTabItem(pl.c_str(), nullptr, flags("problems"))) {
    problemsList();
    ImGui::EndTabItem();
  }
  if (ImGui::BeginTabItem(withId(tr("History"), "history").c_str(), nullptr, flags("history"))) {
    historyList();
    ImGui::EndTabItem();
  }
  showTab_.clear();
  ImGui::EndTabBar();
}

}  // namespace gp::studio
