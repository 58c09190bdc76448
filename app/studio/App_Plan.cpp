// App: the open plan. Every edit, from a tool, a shortcut or a script, goes through edit(), undo() or
// redo() here, so the map, the tables and the selection follow it the same way.
#include "app/studio/App.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "geo/core/AtomicFile.hpp"
#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
#include "geo/core/Secrets.hpp"
#include "geo/plan/Edits.hpp"

namespace gp::studio {

namespace {

// Marks the active unit's code among the selection's ids kept across an edit (selectedIds / afterEdit).
const std::string kUnitId = "unit:";

}  // namespace

void App::openPlan(const std::string& path) {
  doc_.open(path);
  afterOpen();
}

void App::afterOpen() {
  sel_ = {};
  scene_->build(doc_.plan);
  sceneReady_ = true;
  scene_->recolor(doc_.plan, sel_, layers_);
  tableDirty_ = true;
  inspectedGrid_ = -2;
  buildFonts();
  updateTitle();
  if (doc_.hasRecovery()) {
    if (opt_.recover) {
      afterEdit(doc_.recover(), {});
      const int n = int(doc_.history.size());
      note(fmt(trn("recovered %d unsaved edit from the journal", "recovered %d unsaved edits from the journal", n), n));
    } else if (opt_.discardRecovery) {
      doc_.discardRecovery();
    } else if (interactive_) {
      askRecover_ = true;
    } else {
      // Nobody to ask. The journal is moved aside, not left in place: this session's own edits would be appended
      // to it, and its saving would delete it. A journal replays only onto the plan file it was written against
      // (Document::adopt compares size and time), so the advice must say "before the plan is saved again".
      std::string jp = doc_.journalPath();
      std::string aside = moveAside(jp).string();
      std::fprintf(stderr, "%s\n",
                   fmt(trn("studio: %1$s holds %2$d unsaved edit from a session that ended without saving. This "
                           "session runs without a window to ask in (--script, --exit, --screenshot or --frames), so "
                           "it is not replayed: the journal was moved to %3$s and this session starts from the plan "
                           "as saved. To replay it, rename %3$s back to %1$s and open the plan with --recover, before "
                           "the plan is saved again (a journal replays only onto the file it was written against). "
                           "Next time pass --recover or --discard-recovery to decide at once.",
                           "studio: %1$s holds %2$d unsaved edits from a session that ended without saving. This "
                           "session runs without a window to ask in (--script, --exit, --screenshot or --frames), so "
                           "they are not replayed: the journal was moved to %3$s and this session starts from the plan "
                           "as saved. To replay them, rename %3$s back to %1$s and open the plan with --recover, "
                           "before the plan is saved again (a journal replays only onto the file it was written "
                           "against). Next time pass --recover or --discard-recovery to decide at once.",
                           static_cast<unsigned long>(doc_.recoveryEdits())),
                       jp.c_str(), doc_.recoveryEdits(), aside.c_str())
                       .c_str());
      doc_.discardRecovery();
    }
  }
  fit();
}

void App::updateTitle() {
  if (!win_) return;
  const std::string shown = maskPasswords(doc_.path);  // a connection string typed into a dialog (issue 14)
  std::string title = fmt(tr("gridplan studio — %s"), doc_.path.empty() ? tr("(unsaved)") : shown.c_str());
  glfwSetWindowTitle(win_, title.c_str());
}

void App::fit() {
  if (!sceneReady_) return;
  view_.fit(scene_->bounds());
}

void App::zoomToGrid(int g) {
  BBox b = scene_->gridBounds(doc_.plan, g);
  if (b.empty()) return;
  view_.fit(b, 0.15);
  view_.scale = std::min(view_.scale, 8.0);  // a one-building grid: keep its neighbours in view
}

// What the studio shows passes through maskPasswords: a connection string typed into a dialog (issue 14).
void App::note(const std::string& msg) {
  noteMsg_ = maskPasswords(msg);
  noteAt_ = Clock::now();
}

void App::error(const std::string& message) {
  const std::string msg = maskPasswords(message);
  if (!interactive_) {
    std::fprintf(stderr, "%s\n", fmt(tr("studio: %s"), msg.c_str()).c_str());
    return;
  }
  errorMsg_ = msg;
  showError_ = true;
}

std::vector<std::string> App::selectedIds() const {
  std::vector<std::string> ids;
  for (int g : sel_.grids)
    if (g >= 0 && g < int(doc_.plan.grids.size())) ids.push_back(doc_.plan.grids[g].grid_id);
  // The active unit by its code too: an edit that removes a unit renumbers those after it.
  if (sel_.unit >= 0 && sel_.unit < int(doc_.plan.units.size())) ids.push_back(kUnitId + doc_.plan.units[sel_.unit].unit_id);
  return ids;
}

void App::afterEdit(const plan::Touched& t, const std::vector<std::string>& selIds) {
  scene_->update(doc_.plan, t);
  if (t.renumbered()) {
    sel_.grids.clear();
    sel_.unit = -1;
    for (const auto& id : selIds) {
      if (id.rfind(kUnitId, 0) == 0) {
        sel_.unit = plan::findUnit(doc_.plan, id.substr(kUnitId.size()));
        continue;
      }
      int g = plan::findGrid(doc_.plan, id);
      if (g >= 0) sel_.grids.push_back(g);
    }
  }
  scene_->recolor(doc_.plan, sel_, layers_);
  tableDirty_ = true;
  inspectedGrid_ = -2;
  // New names may bring characters the atlas lacks: rebuild it before the next frame.
  if (fonts_.ui) {
    for (int g : t.grids) {
      if (g < 0 || g >= int(doc_.plan.grids.size())) continue;
      const Grid& gr = doc_.plan.grids[g];
      std::string text = gr.name + gr.worker_name + gr.duties;
      const char* s = text.c_str();
      const char* end = s + text.size();
      while (s < end) {
        unsigned int c = 0;
        s += ImTextCharFromUtf8(&c, s, end);
        if (c >= 0x80 && c != '\n' && !fonts_.ui->FindGlyphNoFallback(ImWchar(c))) fontsDirty_ = true;
      }
    }
  }
}

void App::edit(const std::string& line) {
  auto ids = selectedIds();
  try {
    bool handled = false;
    plan::Touched t = doc_.run(line, &handled);
    if (!handled) throw InputError(fmt(tr("unknown command '%s'"), line.c_str()));
    afterEdit(t, ids);
    if (doc_.history.canUndo()) note(doc_.history.undoLabel());
  } catch (const InputError& e) {
    error(e.what());
  }
}

void App::undo() {
  auto ids = selectedIds();
  if (!doc_.history.canUndo()) return;
  std::string label = doc_.history.undoLabel();
  afterEdit(doc_.undo(), ids);
  note(fmt(tr("undone: %s"), label.c_str()));
}

void App::redo() {
  auto ids = selectedIds();
  if (!doc_.history.canRedo()) return;
  afterEdit(doc_.redo(), ids);
  note(fmt(tr("redone: %s"), doc_.history.undoLabel().c_str()));
}

void App::save(const std::string& path) {
  try {
    doc_.save(path);
    note(fmt(tr("saved %s"), doc_.path.c_str()));
    updateTitle();
  } catch (const std::exception& e) {
    error(e.what());
  }
}

void App::selectGrid(int g, bool add) {
  if (!add) sel_.grids.clear();
  if (g >= 0) {
    auto it = std::find(sel_.grids.begin(), sel_.grids.end(), g);
    if (it == sel_.grids.end()) sel_.grids.push_back(g);
    else if (add) sel_.grids.erase(it);
  }
  sel_.unit = -1;
  scene_->recolor(doc_.plan, sel_, layers_);
}

std::vector<int> App::selectedPieces() const {
  std::vector<int> out;
  for (int b : sel_.buildings)
    for (int p : scene_->piecesOf(b)) out.push_back(p);
  return out;
}

// ---- re-partition off the UI thread ---------------------------------------------------------------

void App::startRepartition(bool units) {
  int g = sel_.activeGrid();
  if (g < 0) {
    error(tr("select a grid first: re-partition works on its community (R) or on its units (U)"));
    return;
  }
  const Services& s = doc_.services();
  auto fn = units ? s.repartitionUnits : s.repartitionCommunity;
  if (!fn) {
    error(tr("re-partition is not available in this build"));
    return;
  }
  const Plan& p = doc_.plan;
  int target = units ? g : p.grids[g].community;
  std::string id = units ? p.grids[g].grid_id
                         : (target >= 0 && target < int(p.in.communities.size()) ? p.in.communities[target].community_id : "");
  job_ = std::make_unique<RepartitionJob>(
      fn, p, target, (units ? "repartition-units " : "repartition ") + id,
      fmt(units ? tr("Re-partitioning the units of grid %s") : tr("Re-partitioning community %s"), id.c_str()));
}

void App::pollJob() {
  if (!job_ || !job_->done()) return;
  job_->join();
  std::unique_ptr<RepartitionJob> j = std::move(job_);
  if (j->cancelled()) {
    note(tr("re-partition cancelled; the plan is unchanged"));
    return;
  }
  if (!j->error().empty()) {
    error(fmt(tr("re-partition failed: %s"), j->error().c_str()));
    return;
  }
  auto ids = selectedIds();
  try {
    // The history's words for it, as a scripted "repartition" line gets them (Document::run).
    const std::vector<std::string> w = splitWords(j->line);
    std::string what = fmt(w[0] == "repartition-units" ? tr("Re-partition units of grid %s") : tr("Re-partition community %s"),
                           w.size() > 1 ? w[1].c_str() : "");
    afterEdit(doc_.execute(std::make_unique<plan::Repartition>(doc_.plan, j->result, what), j->line), ids);
    note(what);
  } catch (const std::exception& e) {
    error(e.what());
  }
}

}  // namespace gp::studio
