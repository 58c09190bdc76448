// App: the menu bar.
#include "app/studio/App.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include "geo/plan/Edits.hpp"

namespace gp::studio {

void App::menuBar() {
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Open...", "Ctrl+O")) askOpen_ = true, pathBuf_ = doc_.path;
    if (ImGui::MenuItem("Save", "Ctrl+S", false, doc_.isOpen())) save();
    if (ImGui::MenuItem("Save as...", "Ctrl+Shift+S", false, doc_.isOpen())) askSaveAs_ = true, pathBuf_ = doc_.path;
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Ctrl+Q")) glfwSetWindowShouldClose(win_, 1);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Edit")) {
    std::string u = "Undo " + doc_.history.undoLabel(), r = "Redo " + doc_.history.redoLabel();
    if (ImGui::MenuItem(u.c_str(), "Ctrl+Z", false, doc_.history.canUndo())) undo();
    if (ImGui::MenuItem(r.c_str(), "Ctrl+Y", false, doc_.history.canRedo())) redo();
    ImGui::Separator();
    if (ImGui::MenuItem("Clear selection", "Esc")) sel_ = {}, scene_->recolor(doc_.plan, sel_, layers_);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Tools")) {
    if (ImGui::MenuItem("Select", "V", tool_ == Tool::Select)) tool_ = Tool::Select;
    if (ImGui::MenuItem("Paint", "B", tool_ == Tool::Paint)) tool_ = Tool::Paint;
    ImGui::Separator();
    int g = sel_.activeGrid();
    const Plan& p = doc_.plan;
    if (ImGui::MenuItem("Split grid", "S", false, g >= 0)) edit("split " + p.grids[g].grid_id);
    if (ImGui::MenuItem("Merge grids", "M", false, sel_.grids.size() >= 2))
      edit("merge " + p.grids[sel_.grids[0]].grid_id + " " + p.grids[sel_.grids[1]].grid_id);
    if (ImGui::MenuItem("New grid from selection", "N", false, !sel_.buildings.empty())) {
      std::string line = "new-grid";
      for (int i : selectedPieces()) {
        line += ' ';  // (not " " + word: GCC 12 warns -Wrestrict falsely)
        line += quoteWord(p.pieces[i].piece_id);
      }
      edit(line);
    }
    if (ImGui::MenuItem("Lock / unlock grid", "L", false, g >= 0))
      edit((p.grids[g].locked ? "unlock " : "lock ") + p.grids[g].grid_id);
    ImGui::Separator();
    if (ImGui::MenuItem("Re-partition community", "R", false, g >= 0 && !job_)) startRepartition(false);
    if (ImGui::MenuItem("Re-partition units of grid", "U", false, g >= 0 && !job_)) startRepartition(true);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    if (ImGui::MenuItem("Fit", "F")) fit();
    if (ImGui::MenuItem("Zoom to grid", "Z", false, sel_.activeGrid() >= 0)) zoomToGrid(sel_.activeGrid());
    ImGui::Separator();
    bool recolor = false;
    recolor |= ImGui::MenuItem("Colour grids by status", nullptr, &layers_.colourByStatus);
    if (recolor) scene_->recolor(doc_.plan, sel_, layers_);
    ImGui::EndMenu();
  }
  ImGui::EndMainMenuBar();
}

}  // namespace gp::studio
