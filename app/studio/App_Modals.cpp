// App: the modal dialogs: recover, open, save as, unsaved changes on quit, re-partition progress, errors.
#include "app/studio/App.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include "geo/core/I18n.hpp"
#include "geo/core/ProgressStage.hpp"

namespace gp::studio {

void App::modals() {
  // Each popup's title is in the reader's language, its id fixed: OpenPopup and BeginPopupModal must agree.
  const std::string recover = withId(tr("Recover unsaved edits?"), "recover");
  if (askRecover_) ImGui::OpenPopup(recover.c_str());
  if (ImGui::BeginPopupModal(recover.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::TextUnformatted(fmt(tr("The last session on this plan ended without saving.\n%1$d edits were kept in %2$s."),
                               doc_.recoveryEdits(), doc_.journalPath().c_str())
                               .c_str());
    if (ImGui::Button(tr("Recover edits"))) {
      try {
        afterEdit(doc_.recover(), {});
        note(tr("recovered unsaved edits"));
      } catch (const std::exception& e) {
        error(fmt(tr("recovery stopped: %s"), e.what()));
      }
      askRecover_ = false;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("Discard them"))) {
      doc_.discardRecovery();
      askRecover_ = false;
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
  const std::string open = withId(tr("Open plan"), "open");
  if (askOpen_) ImGui::OpenPopup(open.c_str());
  if (ImGui::BeginPopupModal(open.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::SetNextItemWidth(520);
    ImGui::InputText(withId(tr("plan .gpkg"), "path").c_str(), &pathBuf_);
    if (ImGui::Button(withId(tr("Open"), "ok").c_str())) {
      askOpen_ = false;
      ImGui::CloseCurrentPopup();
      if (doc_.history.dirty()) error(tr("save or undo your changes first: this plan has unsaved edits"));
      else {
        try {
          openPlan(pathBuf_);
        } catch (const std::exception& e) {
          error(e.what());
        }
      }
    }
    ImGui::SameLine();
    if (ImGui::Button(withId(tr("Cancel"), "cancel").c_str())) askOpen_ = false, ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
  const std::string saveAs = withId(tr("Save plan as"), "saveas");
  if (askSaveAs_) ImGui::OpenPopup(saveAs.c_str());
  if (ImGui::BeginPopupModal(saveAs.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::SetNextItemWidth(520);
    ImGui::InputText(withId(tr("plan .gpkg"), "path").c_str(), &pathBuf_);
    if (ImGui::Button(withId(tr("Save"), "ok").c_str())) {
      askSaveAs_ = false;
      ImGui::CloseCurrentPopup();
      save(pathBuf_);
    }
    ImGui::SameLine();
    if (ImGui::Button(withId(tr("Cancel"), "cancel").c_str())) askSaveAs_ = false, ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
  const std::string unsaved = withId(tr("Unsaved changes"), "unsaved");
  if (askQuit_) ImGui::OpenPopup(unsaved.c_str());
  if (ImGui::BeginPopupModal(unsaved.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::TextUnformatted(fmt(tr("This plan has unsaved edits (%s)."), doc_.history.undoLabel().c_str()).c_str());
    if (ImGui::Button(tr("Save and quit"))) {
      save();
      if (!doc_.history.dirty()) quit_ = true;
      askQuit_ = false;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("Quit without saving"))) {
      doc_.discardRecovery();
      quit_ = true;
      askQuit_ = false;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button(withId(tr("Cancel"), "cancel").c_str())) askQuit_ = false, ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
  const std::string repartition = withId(tr("Re-partition"), "repartition");
  if (job_) ImGui::OpenPopup(repartition.c_str());
  if (ImGui::BeginPopupModal(repartition.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    if (job_) {
      std::string stage = progressStage(job_->stage());
      ImGui::TextUnformatted(job_->title.c_str());
      ImGui::ProgressBar(float(job_->progress()), ImVec2(420, 0), stage.c_str());
      if (ImGui::Button(withId(tr("Cancel (Esc)"), "cancel").c_str()) || ImGui::IsKeyPressed(GLFW_KEY_ESCAPE))
        job_->cancel();
    } else {
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
  const std::string cannot = withId(tr("Cannot do that"), "error");
  if (showError_) ImGui::OpenPopup(cannot.c_str());
  if (ImGui::BeginPopupModal(cannot.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::PushTextWrapPos(520);
    ImGui::TextUnformatted(errorMsg_.c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::Button(withId(tr("OK"), "ok").c_str()) || ImGui::IsKeyPressed(GLFW_KEY_ENTER))
      showError_ = false, ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

}  // namespace gp::studio
