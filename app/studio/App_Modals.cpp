// App: the modal dialogs: recover, open, save as, unsaved changes on quit, re-partition progress, errors.
#include "app/studio/App.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_stdlib.h>

namespace gp::studio {

void App::modals() {
  if (askRecover_) ImGui::OpenPopup("Recover unsaved edits?");
  if (ImGui::BeginPopupModal("Recover unsaved edits?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::Text("The last session on this plan ended without saving.\n%d edits were kept in %s.",
                doc_.recoveryEdits(), doc_.journalPath().c_str());
    if (ImGui::Button("Recover edits")) {
      try {
        afterEdit(doc_.recover(), {});
        note("recovered unsaved edits");
      } catch (const std::exception& e) {
        error(std::string("recovery stopped: ") + e.what());
      }
      askRecover_ = false;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Discard them")) {
      doc_.discardRecovery();
      askRecover_ = false;
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
  if (askOpen_) ImGui::OpenPopup("Open plan");
  if (ImGui::BeginPopupModal("Open plan", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::SetNextItemWidth(520);
    ImGui::InputText("plan .gpkg", &pathBuf_);
    if (ImGui::Button("Open")) {
      askOpen_ = false;
      ImGui::CloseCurrentPopup();
      if (doc_.history.dirty()) error("save or undo your changes first: this plan has unsaved edits");
      else {
        try {
          openPlan(pathBuf_);
        } catch (const std::exception& e) {
          error(e.what());
        }
      }
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) askOpen_ = false, ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
  if (askSaveAs_) ImGui::OpenPopup("Save plan as");
  if (ImGui::BeginPopupModal("Save plan as", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::SetNextItemWidth(520);
    ImGui::InputText("plan .gpkg", &pathBuf_);
    if (ImGui::Button("Save")) {
      askSaveAs_ = false;
      ImGui::CloseCurrentPopup();
      save(pathBuf_);
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) askSaveAs_ = false, ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
  if (askQuit_) ImGui::OpenPopup("Unsaved changes");
  if (ImGui::BeginPopupModal("Unsaved changes", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::Text("This plan has unsaved edits (%s).", doc_.history.undoLabel().c_str());
    if (ImGui::Button("Save and quit")) {
      save();
      if (!doc_.history.dirty()) quit_ = true;
      askQuit_ = false;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Quit without saving")) {
      doc_.discardRecovery();
      quit_ = true;
      askQuit_ = false;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) askQuit_ = false, ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
  if (job_) ImGui::OpenPopup("Re-partition");
  if (ImGui::BeginPopupModal("Re-partition", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    if (job_) {
      std::string stage = job_->stage();
      ImGui::TextUnformatted(job_->title.c_str());
      ImGui::ProgressBar(float(job_->progress()), ImVec2(420, 0), stage.c_str());
      if (ImGui::Button("Cancel (Esc)") || ImGui::IsKeyPressed(GLFW_KEY_ESCAPE)) job_->cancel();
    } else {
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
  if (showError_) ImGui::OpenPopup("Cannot do that");
  if (ImGui::BeginPopupModal("Cannot do that", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::PushTextWrapPos(520);
    ImGui::TextUnformatted(errorMsg_.c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::Button("OK") || ImGui::IsKeyPressed(GLFW_KEY_ENTER)) showError_ = false, ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

}  // namespace gp::studio
