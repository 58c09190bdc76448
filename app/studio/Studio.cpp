#include "app/studio/Studio.hpp"

#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

#include "app/studio/Fonts.hpp"
#include "app/studio/PanelCache.hpp"
#include "app/studio/Png.hpp"
#include "app/studio/Renderer.hpp"
#include "app/studio/Scene.hpp"
#include "geo/core/Error.hpp"
#include "geo/plan/Edits.hpp"

namespace gp::studio {

namespace {

// Marks the active unit's code among the selection's ids kept across an edit (selectedIds / afterEdit).
const std::string kUnitId = "unit:";


using Clock = std::chrono::steady_clock;

constexpr float kLeftW = 250, kRightW = 430, kStatusH = 26;
// The window's colour behind the panels and the map.
constexpr float kBackdrop[3] = {0.93f, 0.93f, 0.94f};

enum class Tool { Select, Paint };

struct ScriptLine {
  int number;
  std::string text;
};

// A re-partition running off the UI thread on a copy of the plan.
struct Job {
  std::thread thread;
  std::atomic<bool> cancel{false}, done{false};
  std::atomic<double> progress{0};
  std::mutex mu;
  std::string stage, line, title, error;
  bool cancelled = false;
  Plan result;
};

std::string lastDigits(const std::string& code, size_t n) {
  return code.size() > n ? code.substr(code.size() - n) : code;
}

class App {
 public:
  App(const StudioOptions& opt, Services s) : opt_(opt), doc_(std::move(s)) {}
  int run();

 private:
  // setup
  bool initWindow();
  void loadScript();
  void openPlan(const std::string& path);
  void afterOpen();
  void buildFonts();
  // per frame
  void frame();
  void layoutPanels();
  void menuBar();
  void toolsPanel();
  void rightPanel();
  void gridTable();
  void inspector();
  void problemsList();
  void historyList();
  void statusBar();
  void modals();
  void mapInput();
  void drawOverlays();
  void drawLabels(ImDrawList* dl);
  void shortcuts();
  void renderMap();
  // actions
  void edit(const std::string& line);
  void afterEdit(const plan::Touched& t, const std::vector<std::string>& selIds);
  std::vector<std::string> selectedIds() const;
  void undo();
  void redo();
  void save(const std::string& path = "");
  void zoomToGrid(int g);
  void fit();
  void selectGrid(int g, bool add);
  void startRepartition(bool units);
  void pollJob();
  void error(const std::string& msg);
  void note(const std::string& msg);
  bool runScriptLine(const ScriptLine& l);
  void captureScreenshot(const std::string& path);
  std::vector<int> selectedPieces() const;

  StudioOptions opt_;
  Document doc_;
  GLFWwindow* win_ = nullptr;
  // GL objects must go before the context: these are reset explicitly at shutdown.
  // The map as last drawn, in one of two offscreen images. While only the camera's position changes (a pan),
  // the last image is shifted by whole pixels and only the strips that come into view are drawn: the cost
  // of a panning frame then hardly depends on the town's size (as QGIS's map canvas pans its cached image).
  struct MapCache {
    OffscreenImage image[2];
    int cur = 0;
    bool valid = false;
    View view;
    uint64_t generation = 0;
    Layers layers;
  } cache_;
  bool cacheEnabled_ = true;  // GRIDPLAN_PAN_CACHE=0 turns it off; off with multisampling
  PanelCache panels_;         // GRIDPLAN_PANEL_CACHE=0 turns it off; off with multisampling
  PixelRect mapPx_;           // the map's area of the framebuffer, as renderMap last drew it
  bool cacheReusable() const;
  void snapToCache();
  void ensureCache(int w, int h);
  void releaseCache();
  std::optional<Renderer> rendererOpt_{std::in_place};
  std::optional<Scene> sceneOpt_{std::in_place};
  Renderer& renderer_ = *rendererOpt_;
  Scene& scene_ = *sceneOpt_;
  View view_;
  Layers layers_;
  Selection sel_;
  Fonts fonts_;
  Tool tool_ = Tool::Select;
  double brushPx_ = 18;
  bool sceneReady_ = false;

  // input state
  bool dragging_ = false, boxing_ = false, painting_ = false, panning_ = false;
  XY dragStart_{}, lastMouse_{};
  std::vector<int> stroke_;  // pieces under the current paint stroke
  std::vector<int> strokeBuildings_;
  int hoverBuilding_ = -1;
  XY mouseMap_{};

  // panels
  std::string filter_;
  std::vector<int> tableOrder_;
  int sortColumn_ = 0;
  bool sortAsc_ = true;
  bool tableDirty_ = true;
  std::string nameBuf_, workerBuf_, phoneBuf_, dutiesBuf_;
  int inspectedGrid_ = -2;
  std::string pathBuf_;
  bool askOpen_ = false, askSaveAs_ = false, askQuit_ = false, askRecover_ = false;
  std::string errorMsg_;
  bool showError_ = false;
  std::string noteMsg_;
  Clock::time_point noteAt_{};
  std::unique_ptr<Job> job_;
  bool quit_ = false;
  bool showInspector_ = false;
  bool fontsDirty_ = false;  // bring the Inspector tab forward (after a selection on the map)

  // scripting
  std::vector<ScriptLine> script_;
  size_t scriptPos_ = 0;
  // Mouse input a script feeds through ImGui, one event a frame (`drag`, `click`): the tools then run the
  // same code as under a planner's hand. The script waits until it is consumed.
  struct SyntheticMouse {
    ImVec2 pos;
    int button;  // -1 unchanged, 0 released, 1 pressed (left)
  };
  std::vector<SyntheticMouse> synthetic_;
  size_t syntheticPos_ = 0;
  bool syntheticDown_ = false;
  void queueDrag(XY fromPlan, XY toPlan, int steps);
  int exitCode_ = 0;
  std::string pendingShot_;
  int frameNo_ = 0;
  bool interactive_ = true;
  // --frames
  int framesLeft_ = -1;
  std::vector<double> frameMs_;
  long long frameVertices_ = 0;  // vertices given to OpenGL over the measured frames
  int fullRedraws_ = 0;          // map images drawn whole (not shifted from the cache)
  long long panelPixels_ = 0;    // pixels of panels drawn (not copied from their cache)
  // The plan's and its data's problems, copied out of their (locked) lists when the scene changes rather than
  // every frame: a 5M-household plan has 9,000 of them, and the copy was 9 ms of each frame.
  std::vector<Problem> problemsSnap_;
  uint64_t problemsSnapGen_ = ~uint64_t(0);
  size_t problemsSnapSize_ = 0;
  const std::vector<Problem>& problems();
  View framesStart_;
  double framesSpan_ = 0;
  // --frames with --timings: each stage of a measured frame, finished on the GPU before the next starts
  // (the waits cost a little overlap, so the stages add up to slightly more than the plain frame time).
  bool timeStages_ = false;
  std::vector<double> stageMs_[4];  // UI build, map, ImGui drawing, swap
};

// ---------------------------------------------------------------------------------------------------

bool App::initWindow() {
  // Mesa's software renderer starts one rasteriser thread a core. With the studio's own thread and the X
  // server on the same cores, a rasteriser often waits a scheduler tick (5 ms) for its core, and one frame
  // in five came out 5 ms late; one thread more than the cores keeps them busy (1M town: p95 18.7 -> 16 ms).
  // Only llvmpipe reads this; a user's own setting wins.
  const std::string lpThreads = std::to_string(std::min(16u, std::max(1u, std::thread::hardware_concurrency()) + 1));
  setenv("LP_NUM_THREADS", lpThreads.c_str(), 0);
  if (!glfwInit()) {
    std::fprintf(stderr, "studio: cannot open a window (no display?). Set DISPLAY, or run under xvfb-run.\n");
    return false;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GL_TRUE);
  // Outlines are anti-aliased in their shader; multisampling would triple the fill work of a software
  // renderer (Mesa llvmpipe) for little gain. GRIDPLAN_MSAA=4 turns it on for a real GPU.
  const char* msaa = std::getenv("GRIDPLAN_MSAA");
  // The pan cache draws into single-sampled images: with multisampling, draw directly.
  if (const char* pc = std::getenv("GRIDPLAN_PAN_CACHE")) cacheEnabled_ = std::string(pc) != "0";
  if (const char* pc = std::getenv("GRIDPLAN_PANEL_CACHE")) panels_.enabled = std::string(pc) != "0";
  if (msaa && std::atoi(msaa) > 0) cacheEnabled_ = panels_.enabled = false;
  glfwWindowHint(GLFW_SAMPLES, msaa ? std::atoi(msaa) : 0);
  win_ = glfwCreateWindow(opt_.width, opt_.height, "gridplan studio", nullptr, nullptr);
  if (!win_) {
    glfwWindowHint(GLFW_SAMPLES, 0);
    win_ = glfwCreateWindow(opt_.width, opt_.height, "gridplan studio", nullptr, nullptr);
  }
  if (!win_) {
    std::fprintf(stderr, "studio: cannot create an OpenGL 3.3 window (is Mesa installed?)\n");
    glfwTerminate();
    return false;
  }
  glfwMakeContextCurrent(win_);
  glfwSwapInterval(interactive_ ? 1 : 0);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // fixed layout; nothing to remember between runs
  ImGui::StyleColorsLight();
  ImGuiStyle& st = ImGui::GetStyle();
  st.WindowRounding = 0;
  st.FrameRounding = 3;
  st.ScrollbarRounding = 3;
  st.WindowBorderSize = 1;
  ImGui_ImplGlfw_InitForOpenGL(win_, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  renderer_.init();
  return true;
}

void App::buildFonts() {
  std::string text;
  const Plan& p = doc_.plan;
  for (const Community& c : p.in.communities) text += c.name;
  for (const Grid& g : p.grids) text += g.name + g.worker_name + g.duties;
  for (const Unit& u : p.units) text += u.leader_name;
  for (const Building& b : p.in.buildings) text += b.name;
  for (const Barrier& b : p.in.barriers) text += b.name;
  for (const Problem& pr : p.problems.items()) text += pr.message;
  for (const Problem& pr : p.in.problems.items()) text += pr.message;
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  fonts_ = loadFonts(text);
  io.Fonts->Build();
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  panels_.invalidate();  // the same draw lists may now point at other glyphs
  // Every font is drawn at its own size on whole pixels (Fonts.cpp), so nearest sampling draws the same text
  // as bilinear, at half the cost on llvmpipe, where ImGui's text and panels take most of a frame.
  glBindTexture(GL_TEXTURE_2D, GLuint(intptr_t(io.Fonts->TexID)));
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glBindTexture(GL_TEXTURE_2D, 0);
}

void App::loadScript() {
  if (opt_.script.empty()) return;
  std::ifstream f(opt_.script);
  if (!f) throw InputError("cannot read script " + opt_.script + ": check the path");
  std::string line;
  int n = 0;
  while (std::getline(f, line)) {
    ++n;
    size_t a = line.find_first_not_of(" \t\r");
    if (a == std::string::npos || line[a] == '#') continue;
    size_t b = line.find_last_not_of(" \t\r");
    script_.push_back({n, line.substr(a, b - a + 1)});
  }
}

void App::openPlan(const std::string& path) {
  doc_.open(path);
  afterOpen();
}

void App::afterOpen() {
  sel_ = {};
  scene_.build(doc_.plan);
  sceneReady_ = true;
  scene_.recolor(doc_.plan, sel_, layers_);
  tableDirty_ = true;
  inspectedGrid_ = -2;
  buildFonts();
  std::string title = "gridplan studio — " + (doc_.path.empty() ? std::string("(unsaved)") : doc_.path);
  glfwSetWindowTitle(win_, title.c_str());
  if (doc_.hasRecovery()) {
    if (opt_.recover) {
      afterEdit(doc_.recover(), {});
      note("recovered " + std::to_string(doc_.history.size()) + " unsaved edits from the journal");
    } else if (opt_.discardRecovery) {
      doc_.discardRecovery();
    } else if (interactive_) {
      askRecover_ = true;
    } else {
      std::string jp = doc_.journalPath();
      std::error_code ec;
      std::filesystem::rename(jp, jp + ".old", ec);
      std::fprintf(stderr,
                   "studio: %s holds %d unsaved edits from a session that ended without saving; not replayed "
                   "(kept as %s.old; open with --recover to replay them)\n",
                   jp.c_str(), doc_.recoveryEdits(), jp.c_str());
      doc_.discardRecovery();
    }
  }
  fit();
}

void App::fit() {
  if (!sceneReady_) return;
  view_.fit(scene_.bounds());
}

void App::zoomToGrid(int g) {
  BBox b = scene_.gridBounds(doc_.plan, g);
  if (b.empty()) return;
  view_.fit(b, 0.15);
  view_.scale = std::min(view_.scale, 8.0);  // a one-building grid: keep its neighbours in view
}

void App::note(const std::string& msg) {
  noteMsg_ = msg;
  noteAt_ = Clock::now();
}

void App::error(const std::string& msg) {
  if (!interactive_) {
    std::fprintf(stderr, "studio: %s\n", msg.c_str());
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
  scene_.update(doc_.plan, t);
  if (t.structure) {
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
  scene_.recolor(doc_.plan, sel_, layers_);
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
    if (!handled) throw InputError("unknown command '" + line + "'");
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
  note("undone: " + label);
}

void App::redo() {
  auto ids = selectedIds();
  if (!doc_.history.canRedo()) return;
  afterEdit(doc_.redo(), ids);
  note("redone: " + doc_.history.undoLabel());
}

void App::save(const std::string& path) {
  try {
    doc_.save(path);
    note("saved " + doc_.path);
    std::string title = "gridplan studio — " + doc_.path;
    glfwSetWindowTitle(win_, title.c_str());
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
  scene_.recolor(doc_.plan, sel_, layers_);
}

std::vector<int> App::selectedPieces() const {
  std::vector<int> out;
  for (int b : sel_.buildings)
    for (int p : scene_.piecesOf(b)) out.push_back(p);
  return out;
}

// ---- re-partition off the UI thread ---------------------------------------------------------------

void App::startRepartition(bool units) {
  int g = sel_.activeGrid();
  if (g < 0) {
    error("select a grid first: re-partition works on its community (R) or on its units (U)");
    return;
  }
  const Services& s = doc_.services();
  auto fn = units ? s.repartitionUnits : s.repartitionCommunity;
  if (!fn) {
    error("re-partition is not available in this build");
    return;
  }
  const Plan& p = doc_.plan;
  int target = units ? g : p.grids[g].community;
  std::string id = units ? p.grids[g].grid_id
                         : (target >= 0 && target < int(p.in.communities.size()) ? p.in.communities[target].community_id : "");
  job_ = std::make_unique<Job>();
  job_->line = (units ? "repartition-units " : "repartition ") + id;
  job_->title = units ? "Re-partitioning the units of grid " + id : "Re-partitioning community " + id;
  job_->result = doc_.plan;  // the worker edits its own copy; the open plan stays usable for drawing
  Job* j = job_.get();
  j->thread = std::thread([j, fn, target] {
    try {
      fn(
          j->result, target,
          [j](double f, const std::string& stage) {
            j->progress = f;
            std::lock_guard<std::mutex> lk(j->mu);
            j->stage = stage;
          },
          &j->cancel);
    } catch (const Cancelled&) {
      j->cancelled = true;
    } catch (const std::exception& e) {
      std::lock_guard<std::mutex> lk(j->mu);
      j->error = e.what();
    }
    j->done = true;
  });
}

void App::pollJob() {
  if (!job_ || !job_->done) return;
  job_->thread.join();
  std::unique_ptr<Job> j = std::move(job_);
  if (j->cancelled) {
    note("re-partition cancelled; the plan is unchanged");
    return;
  }
  if (!j->error.empty()) {
    error("re-partition failed: " + j->error);
    return;
  }
  auto ids = selectedIds();
  try {
    std::string what = j->title.replace(0, std::string("Re-partitioning").size(), "Re-partition");
    afterEdit(doc_.execute(std::make_unique<plan::Repartition>(doc_.plan, j->result, what), j->line), ids);
    note(what);
  } catch (const std::exception& e) {
    error(e.what());
  }
}

// ---- scripting ------------------------------------------------------------------------------------

bool App::runScriptLine(const ScriptLine& l) {
  auto fail = [&](const std::string& msg) {
    std::fprintf(stderr, "%s:%d: %s\n", opt_.script.c_str(), l.number, msg.c_str());
    exitCode_ = 2;
    quit_ = true;
    return false;
  };
  auto w = splitWords(l.text);
  const std::string& c = w[0];
  try {
    if (c == "fit") {
      fit();
      return true;
    }
    if (c == "zoom-to" || c == "select") {
      if (w.size() < 2) return fail("missing argument: " + c + " GRID");
      int g = plan::findGrid(doc_.plan, w[1]);
      if (g < 0) return fail("unknown grid '" + w[1] + "'");
      if (c == "zoom-to") zoomToGrid(g);
      else selectGrid(g, false), showInspector_ = true;
      return true;
    }
    if (c == "unit") {
      // The unit the paint tool puts pieces into, as the inspector's unit list sets it; "-" for the nearest.
      if (w.size() != 2) return fail("usage: unit UNIT_ID|-");
      if (w[1] == "-") {
        sel_.unit = -1;
        return true;
      }
      int u = plan::findUnit(doc_.plan, w[1]);
      if (u < 0) return fail("unknown unit '" + w[1] + "'");
      if (doc_.plan.units[u].grid != sel_.activeGrid())
        return fail("unit " + w[1] + " is not in the selected grid: select its grid first");
      sel_.unit = u;
      return true;
    }
    if (c == "layer") {
      if (w.size() < 3 || (w[2] != "on" && w[2] != "off")) return fail("usage: layer NAME on|off");
      bool on = w[2] == "on";
      bool* flag = w[1] == "communities" ? &layers_.communities : w[1] == "grids" ? &layers_.grids
                   : w[1] == "units" ? &layers_.units : w[1] == "buildings" ? &layers_.buildings
                   : w[1] == "barriers" ? &layers_.barriers : w[1] == "problems" ? &layers_.problems
                   : w[1] == "labels" ? &layers_.labels : w[1] == "status" ? &layers_.colourByStatus : nullptr;
      if (!flag) return fail("unknown layer '" + w[1] + "': communities, grids, units, buildings, barriers, problems, labels, status");
      *flag = on;
      scene_.recolor(doc_.plan, sel_, layers_);
      return true;
    }
    if (c == "pan") {
      // Moves the map by whole pixels, as a right-drag does.
      if (w.size() != 3) return fail("usage: pan DX DY (pixels)");
      char* e1 = nullptr;
      char* e2 = nullptr;
      double dx = std::strtod(w[1].c_str(), &e1), dy = std::strtod(w[2].c_str(), &e2);
      if (!e1 || *e1 || !e2 || *e2) return fail("usage: pan DX DY (pixels)");
      view_.panPixels(dx, dy);
      return true;
    }
    if (c == "tool") {
      if (w.size() < 2 || (w[1] != "select" && w[1] != "paint")) return fail("usage: tool select|paint [BRUSH_PX]");
      tool_ = w[1] == "paint" ? Tool::Paint : Tool::Select;
      if (w.size() > 2) {
        double px = std::atof(w[2].c_str());
        if (!(px >= 4 && px <= 80)) return fail("brush size '" + w[2] + "': give pixels from 4 to 80");
        brushPx_ = px;
      }
      return true;
    }
    if (c == "drag" || c == "click") {
      // Coordinates in the plan's CRS (as the status bar shows them); the current tool acts on them.
      const size_t want = c == "drag" ? 5 : 3;
      if (w.size() != want) return fail(c == "drag" ? "usage: drag X0 Y0 X1 Y1 (plan coordinates)" : "usage: click X Y (plan coordinates)");
      double v[4] = {};
      for (size_t i = 1; i < want; ++i) {
        char* end = nullptr;
        v[i - 1] = std::strtod(w[i].c_str(), &end);
        if (!end || *end) return fail("not a number: '" + w[i] + "'");
      }
      XY a{v[0], v[1]}, b = c == "drag" ? XY{v[2], v[3]} : a;
      XY sa = view_.toScreen({a.x - scene_.origin().x, a.y - scene_.origin().y});
      if (!(sa.x >= view_.x0 && sa.x < view_.x0 + view_.w && sa.y >= view_.y0 && sa.y < view_.y0 + view_.h))
        return fail("point " + w[1] + " " + w[2] + " is outside the map view: zoom-to or fit first");
      queueDrag(a, b, c == "drag" ? 8 : 0);
      return true;
    }
    if (c == "screenshot") {
      if (w.size() < 2) return fail("missing argument: screenshot PATH");
      pendingShot_ = w[1];
      return true;
    }
    auto ids = selectedIds();
    bool handled = false;
    auto t0 = Clock::now();
    plan::Touched t = doc_.run(l.text, &handled);
    if (!handled) return fail("unknown command '" + c + "'");
    auto t1 = Clock::now();
    afterEdit(t, ids);
    if (opt_.timings) {
      auto ms = [](Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); };
      std::printf("timing line %d (%s): plan %.2f ms (statistics and outlines), map %.2f ms\n", l.number, c.c_str(),
                  ms(t1 - t0), ms(Clock::now() - t1));
      std::fflush(stdout);
    }
    return true;
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}

void App::queueDrag(XY fromPlan, XY toPlan, int steps) {
  auto screen = [&](XY p) {
    XY s = view_.toScreen({p.x - scene_.origin().x, p.y - scene_.origin().y});
    return ImVec2(float(s.x), float(s.y));
  };
  // Move there, press, move in steps, release, and one quiet frame for the tool to finish its edit.
  synthetic_.push_back({screen(fromPlan), -1});
  synthetic_.push_back({screen(fromPlan), 1});
  for (int i = 1; i <= steps; ++i) {
    double t = double(i) / steps;
    synthetic_.push_back({screen({fromPlan.x + (toPlan.x - fromPlan.x) * t, fromPlan.y + (toPlan.y - fromPlan.y) * t}), -1});
  }
  synthetic_.push_back({screen(toPlan), 0});
  synthetic_.push_back({screen(toPlan), -1});
}

void App::captureScreenshot(const std::string& path) {
  int w = 0, h = 0;
  glfwGetFramebufferSize(win_, &w, &h);
  std::vector<uint8_t> px(size_t(w) * h * 4), flipped(px.size());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  for (int y = 0; y < h; ++y)
    std::copy_n(&px[size_t(h - 1 - y) * w * 4], size_t(w) * 4, &flipped[size_t(y) * w * 4]);
  for (size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;
  writePng(path, w, h, flipped);
  std::printf("screenshot %s (%dx%d)\n", path.c_str(), w, h);
  std::fflush(stdout);
}

// ---- panels ---------------------------------------------------------------------------------------

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
    if (ImGui::MenuItem("Clear selection", "Esc")) sel_ = {}, scene_.recolor(doc_.plan, sel_, layers_);
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
      for (int i : selectedPieces()) line += " " + quoteWord(p.pieces[i].piece_id);
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
    if (recolor) scene_.recolor(doc_.plan, sel_, layers_);
    ImGui::EndMenu();
  }
  ImGui::EndMainMenuBar();
}

void App::toolsPanel() {
  const Plan& p = doc_.plan;
  auto toolButton = [&](const char* label, Tool t, const char* tip) {
    bool active = tool_ == t;
    if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button(label, ImVec2(110, 0))) tool_ = t;
    if (active) ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
  };
  ImGui::TextDisabled("TOOLS");
  toolButton("Select (V)", Tool::Select, "Click a building or grid; Shift+click adds; Shift+drag draws a box.\nDrag pans, wheel zooms.");
  ImGui::SameLine();
  toolButton("Paint (B)", Tool::Paint, "Drag over buildings to move them to the active grid (one stroke = one edit).\n[ and ] change the brush; right-drag pans.");
  int g = sel_.activeGrid();
  auto action = [&](const char* label, const char* tip, bool enabled) {
    if (!enabled) ImGui::BeginDisabled();
    bool clicked = ImGui::Button(label, ImVec2(110, 0));
    if (!enabled) ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tip);
    return clicked;
  };
  if (action("Split (S)", "Split the active grid in two of about equal households", g >= 0)) edit("split " + p.grids[g].grid_id);
  ImGui::SameLine();
  if (action("Merge (M)", "Merge the second selected grid into the first (Shift+click to select two)",
             sel_.grids.size() >= 2))
    edit("merge " + p.grids[sel_.grids[0]].grid_id + " " + p.grids[sel_.grids[1]].grid_id);
  if (action("New grid (N)", "A new grid of the selected buildings", !sel_.buildings.empty())) {
    std::string line = "new-grid";
    for (int i : selectedPieces()) line += " " + quoteWord(p.pieces[i].piece_id);
    edit(line);
  }
  ImGui::SameLine();
  bool locked = g >= 0 && p.grids[g].locked;
  if (action(locked ? "Unlock (L)" : "Lock (L)", "Locked grids are kept exactly by edits and re-partitions", g >= 0))
    edit((locked ? "unlock " : "lock ") + p.grids[g].grid_id);
  if (action("Re-part. (R)", "Re-partition the unlocked grids of the active grid's community", g >= 0 && !job_))
    startRepartition(false);
  ImGui::SameLine();
  if (action("Units (U)", "Re-partition the units of the active grid", g >= 0 && !job_)) startRepartition(true);
  if (action("Undo (Ctrl+Z)", doc_.history.undoLabel().c_str(), doc_.history.canUndo())) undo();
  ImGui::SameLine();
  if (action("Redo (Ctrl+Y)", doc_.history.redoLabel().c_str(), doc_.history.canRedo())) redo();

  ImGui::Spacing();
  if (tool_ == Tool::Paint) {
    ImGui::TextDisabled("PAINT");
    float b = float(brushPx_);
    if (ImGui::SliderFloat("brush px", &b, 4, 80, "%.0f")) brushPx_ = b;
    if (g >= 0) {
      ImGui::Text("into grid %s", lastDigits(p.grids[g].grid_id, 3).c_str());
      std::string cur = sel_.unit >= 0 ? p.units[sel_.unit].unit_id : "nearest unit";
      if (ImGui::BeginCombo("unit", cur.c_str())) {
        if (ImGui::Selectable("nearest unit", sel_.unit < 0)) sel_.unit = -1;
        for (int u : plan::unitsOfGrid(p, g)) {
          std::string l = p.units[u].unit_id + "  " + std::to_string(p.units[u].households) + "户";
          if (ImGui::Selectable(l.c_str(), sel_.unit == u)) sel_.unit = u;
        }
        ImGui::EndCombo();
        scene_.recolor(doc_.plan, sel_, layers_);
      }
    } else {
      ImGui::TextWrapped("Click a grid first (Select tool): paint moves buildings into it.");
    }
  }

  ImGui::Separator();
  ImGui::TextDisabled("LAYERS");
  bool changed = false;
  ImGui::Checkbox("Communities", &layers_.communities);
  ImGui::Checkbox("Grids", &layers_.grids);
  ImGui::Checkbox("Units", &layers_.units);
  ImGui::Checkbox("Buildings", &layers_.buildings);
  ImGui::Checkbox("Barriers", &layers_.barriers);
  ImGui::Checkbox("Problems", &layers_.problems);
  ImGui::Checkbox("Labels", &layers_.labels);
  changed |= ImGui::Checkbox("Colour by status", &layers_.colourByStatus);
  if (changed) scene_.recolor(doc_.plan, sel_, layers_);

  ImGui::Separator();
  ImGui::TextDisabled("LEGEND");
  auto swatch = [](ImU32 c, const char* text) {
    ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(p0, ImVec2(p0.x + 14, p0.y + 14), c);
    ImGui::Dummy(ImVec2(18, 14));
    ImGui::SameLine();
    ImGui::TextUnformatted(text);
  };
  char buf[96];
  std::snprintf(buf, sizeof buf, "outside %d–%d households", p.bounds.grid_min, p.bounds.grid_max);
  swatch(IM_COL32(220, 40, 40, 255), buf);
  swatch(IM_COL32(200, 30, 160, 255), "grid in several parts");
  swatch(IM_COL32(255, 120, 0, 255), "selected (active grid)");
  swatch(IM_COL32(120, 40, 150, 255), "building split between grids");
  if (layers_.colourByStatus) {
    swatch(IM_COL32(166, 217, 106, 255), "ok");
    swatch(IM_COL32(254, 224, 139, 255), "under");
    swatch(IM_COL32(244, 109, 67, 255), "over");
    swatch(IM_COL32(194, 165, 207, 255), "exception");
  }
}

void App::gridTable() {
  const Plan& p = doc_.plan;
  if (ImGui::InputTextWithHint("##filter", "filter: code, name, status, worker", &filter_)) tableDirty_ = true;
  const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_BordersOuter | ImGuiTableFlags_Resizable;
  if (!ImGui::BeginTable("grids", 5, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Code", ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_WidthFixed, 128, 0);
  ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 0, 1);
  ImGui::TableSetupColumn("户", ImGuiTableColumnFlags_PreferSortDescending | ImGuiTableColumnFlags_WidthFixed, 36, 2);
  ImGui::TableSetupColumn("Units", ImGuiTableColumnFlags_WidthFixed, 38, 3);
  ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, 70, 4);
  ImGui::TableHeadersRow();
  if (ImGuiTableSortSpecs* s = ImGui::TableGetSortSpecs()) {
    if (s->SpecsDirty && s->SpecsCount > 0) {
      sortColumn_ = int(s->Specs[0].ColumnUserID);
      sortAsc_ = s->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
      s->SpecsDirty = false;
      tableDirty_ = true;
    }
  }
  if (tableDirty_) {
    tableOrder_.clear();
    for (int g = 0; g < int(p.grids.size()); ++g) {
      const Grid& gr = p.grids[g];
      if (!filter_.empty()) {
        std::string hay = gr.grid_id + " " + gr.name + " " + toString(gr.status) + " " + gr.worker_name;
        if (hay.find(filter_) == std::string::npos) continue;
      }
      tableOrder_.push_back(g);
    }
    auto key = [&](int a, int b) {
      const Grid &x = p.grids[a], &y = p.grids[b];
      switch (sortColumn_) {
        case 1: return x.name < y.name;
        case 2: return x.households < y.households;
        case 3: return x.units < y.units;
        case 4: return int(x.status) < int(y.status);
        default: return x.grid_id < y.grid_id;
      }
    };
    std::stable_sort(tableOrder_.begin(), tableOrder_.end(), [&](int a, int b) { return sortAsc_ ? key(a, b) : key(b, a); });
    tableDirty_ = false;
  }
  ImGuiListClipper clip;
  clip.Begin(int(tableOrder_.size()));
  while (clip.Step()) {
    for (int r = clip.DisplayStart; r < clip.DisplayEnd; ++r) {
      int g = tableOrder_[r];
      const Grid& gr = p.grids[g];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      bool selected = sel_.hasGrid(g);
      std::string label = gr.grid_id + (gr.locked ? " 锁" : "") + "##" + std::to_string(g);
      if (ImGui::Selectable(label.c_str(), selected, ImGuiSelectableFlags_SpanAllColumns)) {
        selectGrid(g, ImGui::GetIO().KeyShift);
        zoomToGrid(g);
      }
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(gr.name.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%d", gr.households);
      ImGui::TableNextColumn();
      ImGui::Text("%d", gr.units);
      ImGui::TableNextColumn();
      bool bad = scene_.gridOutOfBounds(g) || scene_.gridDisconnected(g);
      if (bad) ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(200, 30, 30, 255));
      ImGui::TextUnformatted(scene_.gridDisconnected(g) ? "parts" : toString(gr.status));
      if (bad) ImGui::PopStyleColor();
      if (ImGui::IsItemHovered() && !gr.reason.empty()) ImGui::SetTooltip("%s", gr.reason.c_str());
    }
  }
  ImGui::EndTable();
}

void App::inspector() {
  Plan& p = doc_.plan;
  int g = sel_.activeGrid();
  if (g >= 0 && g < int(p.grids.size())) {
    const Grid& gr = p.grids[g];
    if (inspectedGrid_ != g) {
      nameBuf_ = gr.name, workerBuf_ = gr.worker_name, phoneBuf_ = gr.worker_phone, dutiesBuf_ = gr.duties;
      inspectedGrid_ = g;
    }
    ImGui::Text("Grid %s", gr.grid_id.c_str());
    if (gr.community >= 0 && gr.community < int(p.in.communities.size()))
      ImGui::TextDisabled("community %s %s", p.in.communities[gr.community].community_id.c_str(),
                          p.in.communities[gr.community].name.c_str());
    ImGui::Text("%d households, %d units, status %s", gr.households, gr.units, toString(gr.status));
    if (!gr.reason.empty()) ImGui::TextWrapped("%s", gr.reason.c_str());
    if (scene_.gridDisconnected(g))
      ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.6f, 1), "in %d separate parts: paint the pieces together", int(gr.shape.size()));
    bool locked = gr.locked;
    if (ImGui::Checkbox("Locked (L)", &locked)) edit((locked ? "lock " : "unlock ") + gr.grid_id);
    auto field = [&](const char* label, const char* field, std::string& buf, bool multiline) {
      if (multiline) ImGui::InputTextMultiline(label, &buf, ImVec2(-1, 70));
      else ImGui::InputText(label, &buf);
      if (ImGui::IsItemDeactivatedAfterEdit())
        edit("set " + gr.grid_id + " " + field + " " + quoteWord(buf.empty() ? std::string() : buf));
    };
    field("Name", "name", nameBuf_, false);
    field("Worker", "worker_name", workerBuf_, false);
    field("Phone", "worker_phone", phoneBuf_, false);
    ImGui::TextUnformatted("Duties");
    field("##duties", "duties", dutiesBuf_, true);
    if (ImGui::TreeNode("Units")) {
      for (int u : plan::unitsOfGrid(p, g)) {
        const Unit& un = p.units[u];
        bool bad = scene_.unitDisconnected(u) || un.status != Status::Ok;
        if (bad) ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(200, 30, 30, 255));
        std::string l = un.unit_id + "  " + std::to_string(un.households) + "户  " + toString(un.status);
        if (ImGui::Selectable(l.c_str(), sel_.unit == u)) {
          sel_.unit = sel_.unit == u ? -1 : u;
          scene_.recolor(p, sel_, layers_);
        }
        if (bad) ImGui::PopStyleColor();
      }
      ImGui::TreePop();
    }
  } else {
    ImGui::TextDisabled("Click a grid on the map or in the Grids table.");
  }
  if (!sel_.buildings.empty()) {
    ImGui::Separator();
    if (sel_.buildings.size() > 1) ImGui::Text("%d buildings selected", int(sel_.buildings.size()));
    int b = sel_.buildings.front();
    const Building& bd = p.in.buildings[b];
    ImGui::Text("Building %s %s", bd.bld_id.c_str(), bd.name.c_str());
    ImGui::Text("%d households, %d entrances, %d floors", bd.households, bd.entrances, bd.floors);
    if (ImGui::BeginTable("pieces", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter)) {
      ImGui::TableSetupColumn("Piece");
      ImGui::TableSetupColumn("户");
      ImGui::TableSetupColumn("Grid");
      ImGui::TableSetupColumn("Unit");
      ImGui::TableHeadersRow();
      for (int i : scene_.piecesOf(b)) {
        const Piece& pc = p.pieces[i];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        // The ids share the building's prefix and do not fit the column: the part of the building it is.
        std::string part = pc.entrance > 0 ? "entrance " + std::to_string(pc.entrance) : std::string("whole");
        if (pc.floor_from > 0) part += ", F" + std::to_string(pc.floor_from) + "-" + std::to_string(pc.floor_to);
        ImGui::TextUnformatted(part.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("piece %s", pc.piece_id.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%d", pc.households);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(pc.grid >= 0 ? lastDigits(p.grids[pc.grid].grid_id, 3).c_str() : "-");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(pc.unit >= 0 ? lastDigits(p.units[pc.unit].unit_id, 5).c_str() : "-");
      }
      ImGui::EndTable();
    }
  }
}

void App::problemsList() {
  const Plan& p = doc_.plan;
  ImGui::TextDisabled("Live checks");
  int shown = 0;
  for (int g = 0; g < int(p.grids.size()) && shown < 500; ++g) {
    if (!scene_.gridOutOfBounds(g) && !scene_.gridDisconnected(g)) continue;
    ++shown;
    const Grid& gr = p.grids[g];
    std::string msg = gr.grid_id + ": " +
                      (scene_.gridDisconnected(g) ? std::to_string(gr.shape.size()) + " separate parts"
                                                  : (gr.reason.empty() ? std::to_string(gr.households) + " households" : gr.reason));
    if (ImGui::Selectable((msg + "##g" + std::to_string(g)).c_str())) {
      selectGrid(g, false);
      zoomToGrid(g);
    }
  }
  if (shown == 0) ImGui::TextUnformatted("every grid within bounds and in one piece");
  ImGui::Separator();
  ImGui::TextDisabled("Problems of the plan and its data");
  int k = 0;
  auto list = [&](const std::vector<Problem>& items) {
    for (const Problem& pr : items) {
      if (++k > 1000) return;
      ImVec4 col = pr.severity == Severity::Error ? ImVec4(0.8f, 0.1f, 0.1f, 1)
                   : pr.severity == Severity::Warning ? ImVec4(0.7f, 0.45f, 0, 1) : ImVec4(0.3f, 0.3f, 0.3f, 1);
      ImGui::PushStyleColor(ImGuiCol_Text, col);
      std::string l = "[" + pr.kind + "] " + pr.feature + ": " + pr.message + "##p" + std::to_string(k);
      if (ImGui::Selectable(l.c_str()) && pr.at) {
        XY o = scene_.origin();
        view_.cx = pr.at->x - o.x;
        view_.cy = pr.at->y - o.y;
        view_.scale = std::max(view_.scale, 4.0);
      }
      ImGui::PopStyleColor();
    }
  };
  list(problems());
  if (k == 0) ImGui::TextUnformatted("none");
}

void App::historyList() {
  const auto& h = doc_.history;
  for (size_t i = 0; i < h.size(); ++i) {
    bool applied = i < h.position();
    ImGui::PushStyleColor(ImGuiCol_Text, applied ? IM_COL32(20, 20, 20, 255) : IM_COL32(150, 150, 150, 255));
    ImGui::Text("%zu. %s", i + 1, h.at(i).describe().c_str());
    ImGui::PopStyleColor();
  }
  if (h.size() == 0) ImGui::TextDisabled("no edits yet");
}

void App::rightPanel() {
  if (!ImGui::BeginTabBar("right")) return;
  if (ImGui::BeginTabItem("Grids")) {
    gridTable();
    ImGui::EndTabItem();
  }
  ImGuiTabItemFlags inspFlags = showInspector_ ? ImGuiTabItemFlags_SetSelected : 0;
  showInspector_ = false;
  if (ImGui::BeginTabItem("Inspector", nullptr, inspFlags)) {
    inspector();
    ImGui::EndTabItem();
  }
  std::string pl = "Problems (" + std::to_string(scene_.violations()) + ")###problems";
  if (ImGui::BeginTabItem(pl.c_str())) {
    problemsList();
    ImGui::EndTabItem();
  }
  if (ImGui::BeginTabItem("History")) {
    historyList();
    ImGui::EndTabItem();
  }
  ImGui::EndTabBar();
}

void App::statusBar() {
  const Plan& p = doc_.plan;
  XY o = scene_.origin();
  long long hh = 0;
  for (const Grid& g : p.grids) hh += g.households;
  ImGui::Text("x %.1f  y %.1f   |   %d grids  %d units  %d buildings  %lld 户   |   ", mouseMap_.x + o.x,
              mouseMap_.y + o.y, int(p.grids.size()), int(p.units.size()), int(p.in.buildings.size()), hh);
  ImGui::SameLine(0, 0);
  if (scene_.violations() > 0) ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "%d violations", scene_.violations());
  else ImGui::TextColored(ImVec4(0.1f, 0.55f, 0.1f, 1), "no violations");
  ImGui::SameLine();
  ImGui::TextUnformatted(doc_.history.dirty() ? "  |  unsaved changes" : "  |  saved");
  if (!noteMsg_.empty() && Clock::now() - noteAt_ < std::chrono::seconds(6)) {
    ImGui::SameLine();
    ImGui::TextDisabled("  |  %s", noteMsg_.c_str());
  }
}

void App::layoutPanels() {
  ImGuiIO& io = ImGui::GetIO();
  float menuH = ImGui::GetFrameHeight();
  const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::SetNextWindowPos(ImVec2(0, menuH));
  ImGui::SetNextWindowSize(ImVec2(kLeftW, io.DisplaySize.y - menuH - kStatusH));
  if (ImGui::Begin("Tools and layers", nullptr, fixed)) toolsPanel();
  ImGui::End();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x - kRightW, menuH));
  ImGui::SetNextWindowSize(ImVec2(kRightW, io.DisplaySize.y - menuH - kStatusH));
  if (ImGui::Begin("Plan", nullptr, fixed)) rightPanel();
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
      std::string stage;
      {
        std::lock_guard<std::mutex> lk(job_->mu);
        stage = job_->stage;
      }
      ImGui::TextUnformatted(job_->title.c_str());
      ImGui::ProgressBar(float(job_->progress.load()), ImVec2(420, 0), stage.c_str());
      if (ImGui::Button("Cancel (Esc)") || ImGui::IsKeyPressed(GLFW_KEY_ESCAPE)) job_->cancel = true;
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

// ---- map interaction ------------------------------------------------------------------------------

void App::shortcuts() {
  ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return;
  const Plan& p = doc_.plan;
  bool ctrl = io.KeyCtrl, shift = io.KeyShift;
  auto key = [](int k) { return ImGui::IsKeyPressed(k, false); };
  int g = sel_.activeGrid();
  if (ctrl) {
    if (key(GLFW_KEY_Z)) shift ? redo() : undo();
    if (key(GLFW_KEY_Y)) redo();
    if (key(GLFW_KEY_S)) {
      if (shift || doc_.path.empty()) askSaveAs_ = true, pathBuf_ = doc_.path;
      else save();
    }
    if (key(GLFW_KEY_O)) askOpen_ = true, pathBuf_ = doc_.path;
    if (key(GLFW_KEY_Q)) glfwSetWindowShouldClose(win_, 1);
    return;
  }
  if (key(GLFW_KEY_V)) tool_ = Tool::Select;
  if (key(GLFW_KEY_B)) tool_ = Tool::Paint;
  if (key(GLFW_KEY_F)) fit();
  if (key(GLFW_KEY_Z) && g >= 0) zoomToGrid(g);
  if (key(GLFW_KEY_S) && g >= 0) edit("split " + p.grids[g].grid_id);
  if (key(GLFW_KEY_M) && sel_.grids.size() >= 2)
    edit("merge " + p.grids[sel_.grids[0]].grid_id + " " + p.grids[sel_.grids[1]].grid_id);
  if (key(GLFW_KEY_N) && !sel_.buildings.empty()) {
    std::string line = "new-grid";
    for (int i : selectedPieces()) line += " " + quoteWord(p.pieces[i].piece_id);
    edit(line);
  }
  if (key(GLFW_KEY_L) && g >= 0) edit((p.grids[g].locked ? "unlock " : "lock ") + p.grids[g].grid_id);
  if (key(GLFW_KEY_R) && g >= 0 && !job_) startRepartition(false);
  if (key(GLFW_KEY_U) && g >= 0 && !job_) startRepartition(true);
  if (key(GLFW_KEY_LEFT_BRACKET)) brushPx_ = std::max(4.0, brushPx_ / 1.25);
  if (key(GLFW_KEY_RIGHT_BRACKET)) brushPx_ = std::min(80.0, brushPx_ * 1.25);
  if (key(GLFW_KEY_ESCAPE)) {
    sel_ = {};
    scene_.recolor(doc_.plan, sel_, layers_);
  }
}

void App::mapInput() {
  ImGuiIO& io = ImGui::GetIO();
  XY m{io.MousePos.x, io.MousePos.y};
  bool inMap = m.x >= view_.x0 && m.x < view_.x0 + view_.w && m.y >= view_.y0 && m.y < view_.y0 + view_.h;
  bool free = inMap && !io.WantCaptureMouse;
  if (inMap) mouseMap_ = view_.toMap(m);
  hoverBuilding_ = free && sceneReady_ && !dragging_ ? scene_.buildingAt(doc_.plan, mouseMap_) : -1;
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
      error("choose the grid to paint into first: click it with the Select tool (V)");
    }
  }
  if (!dragging_) return;
  bool moved = std::hypot(m.x - dragStart_.x, m.y - dragStart_.y) > 4;
  if (painting_) {
    int g = sel_.activeGrid();
    for (int b : scene_.buildingsNear(p, view_.toMap(m), brushPx_ / view_.scale)) {
      bool any = false;
      for (int i : scene_.piecesOf(b)) {
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
        for (int i : stroke_) line += " " + quoteWord(p.pieces[i].piece_id);
        edit(line);
      }
      stroke_.clear();
      strokeBuildings_.clear();
    } else if (boxing_) {
      boxing_ = false;
      BBox box;
      box.add(view_.toMap(dragStart_));
      box.add(view_.toMap(m));
      for (int b : scene_.buildingsIn(p, box))
        if (!sel_.hasBuilding(b)) sel_.buildings.push_back(b);
      scene_.recolor(p, sel_, layers_);
    } else if (!moved) {
      // A click: the building under it (if any) and the grid whose cell holds the point.
      XY at = view_.toMap(m);
      int b = scene_.buildingAt(p, at);
      int piece = scene_.pieceAt(p, at);
      int g = piece >= 0 ? p.pieces[piece].grid : (b >= 0 && !scene_.piecesOf(b).empty() ? p.pieces[scene_.piecesOf(b)[0]].grid : -1);
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

void App::drawLabels(ImDrawList* dl) {
  const Plan& p = doc_.plan;
  ImFont* font = fonts_.label;
  ImFont* small = fonts_.labelSmall ? fonts_.labelSmall : font;
  const float fs = font->FontSize;
  struct Cand {
    int priority;
    XY at;
    std::string line1, line2;
    ImU32 colour;
  };
  std::vector<Cand> cands;
  BBox vis = view_.visible();
  // Zoomed out until grids are small, a label per grid is a wall of numbers: the communities are named
  // instead, and only the grids that need attention (and the selected ones) keep their codes.
  const bool overview = scene_.typicalGridSize() * view_.scale < 40;
  if (overview) {
    for (int c = 0; c < int(p.in.communities.size()); ++c) {
      XY a = scene_.communityAnchor(c);
      if (a.x < vis.minx || a.x > vis.maxx || a.y < vis.miny || a.y > vis.maxy) continue;
      const Community& cm = p.in.communities[c];
      Cand cd;
      cd.priority = 500000 + cm.households;
      cd.at = view_.toScreen(a);
      cd.line1 = cm.name.empty() ? lastDigits(cm.community_id, 3) : cm.name;
      cd.line2 = std::to_string(cm.households) + "户";
      cd.colour = IM_COL32(30, 34, 44, 255);
      cands.push_back(std::move(cd));
    }
  }
  for (int g = 0; g < int(p.grids.size()); ++g) {
    if (overview && !sel_.hasGrid(g) && !scene_.gridOutOfBounds(g)) continue;
    XY a = scene_.gridAnchor(g);
    if (a.x < vis.minx || a.x > vis.maxx || a.y < vis.miny || a.y > vis.maxy) continue;
    const Grid& gr = p.grids[g];
    Cand c;
    c.priority = (sel_.hasGrid(g) ? 3000000 : 0) + (scene_.gridOutOfBounds(g) ? 1000000 : 0) + gr.households;
    c.at = view_.toScreen(a);
    c.line1 = lastDigits(gr.grid_id, 3) + (gr.locked ? " 锁" : "");
    if (view_.scale > 1.5 && !gr.name.empty()) c.line1 += " " + gr.name;
    c.line2 = std::to_string(gr.households) + "户";
    c.colour = scene_.gridOutOfBounds(g) ? IM_COL32(190, 20, 20, 255) : IM_COL32(30, 34, 44, 255);
    cands.push_back(std::move(c));
  }
  if (layers_.units && view_.scale > 1.2) {
    for (int u = 0; u < int(p.units.size()); ++u) {
      XY a = scene_.unitAnchor(u);
      if (a.x < vis.minx || a.x > vis.maxx || a.y < vis.miny || a.y > vis.maxy) continue;
      Cand c;
      c.priority = -1000 + (u == sel_.unit ? 5000000 : 0);
      c.at = view_.toScreen(a);
      c.line1 = lastDigits(p.units[u].unit_id, 2);
      c.line2 = view_.scale > 3 ? std::to_string(p.units[u].households) + "户" : "";
      c.colour = scene_.unitDisconnected(u) ? IM_COL32(190, 20, 20, 255) : IM_COL32(80, 86, 100, 255);
      cands.push_back(std::move(c));
    }
  }
  std::sort(cands.begin(), cands.end(), [](const Cand& a, const Cand& b) { return a.priority > b.priority; });
  // Greedy placement by priority; placed boxes are bucketed by screen cell so the check stays cheap.
  const float cell = 64;
  int cols = int(view_.w / cell) + 3, rows = int(view_.h / cell) + 3;
  std::vector<std::vector<ImVec4>> buckets(size_t(cols) * rows);
  int placed = 0;
  for (const Cand& c : cands) {
    if (placed > 1500) break;
    ImVec2 s1 = font->CalcTextSizeA(fs, 1e9f, 0, c.line1.c_str());
    ImVec2 s2 = c.line2.empty() ? ImVec2(0, 0) : small->CalcTextSizeA(small->FontSize, 1e9f, 0, c.line2.c_str());
    float w = std::max(s1.x, s2.x) + 4, h = s1.y + s2.y + 2;
    ImVec4 r(float(c.at.x) - w / 2, float(c.at.y) - h / 2, float(c.at.x) + w / 2, float(c.at.y) + h / 2);
    // Labels keep some air between them, so a zoomed-out city reads as a map, not a wall of numbers.
    const float pad = view_.scale < 0.4 ? 10.0f : 4.0f;
    ImVec4 rp(r.x - pad, r.y - pad, r.z + pad, r.w + pad);
    if (r.x < view_.x0 || r.z > view_.x0 + view_.w || r.y < view_.y0 || r.w > view_.y0 + view_.h) continue;
    int bx0 = std::clamp(int((r.x - view_.x0) / cell), 0, cols - 1), bx1 = std::clamp(int((r.z - view_.x0) / cell), 0, cols - 1);
    int by0 = std::clamp(int((r.y - view_.y0) / cell), 0, rows - 1), by1 = std::clamp(int((r.w - view_.y0) / cell), 0, rows - 1);
    bool clash = false;
    for (int y = by0; y <= by1 && !clash; ++y)
      for (int x = bx0; x <= bx1 && !clash; ++x)
        for (const ImVec4& o : buckets[size_t(y) * cols + x])
          if (rp.x < o.z && o.x < rp.z && rp.y < o.w && o.y < rp.w) {
            clash = true;
            break;
          }
    if (clash) continue;
    for (int y = by0; y <= by1; ++y)
      for (int x = bx0; x <= bx1; ++x) buckets[size_t(y) * cols + x].push_back(r);
    ++placed;
    // A soft plate behind the text keeps it readable on any fill at the cost of one quad (a halo drawn
    // by offset copies costs eight more glyph runs per label, which a software renderer feels). Square:
    // rounded corners with their anti-aliased fringe are forty triangles a label, 2.5 ms a frame on llvmpipe.
    dl->AddRectFilled(ImVec2(r.x, r.y), ImVec2(r.z, r.w), IM_COL32(255, 255, 255, 150));
    // Whole pixels: the atlas is sampled without filtering.
    dl->AddText(font, fs, ImVec2(std::floor(float(c.at.x) - s1.x / 2), std::floor(r.y + 1)), c.colour, c.line1.c_str());
    if (!c.line2.empty())
      dl->AddText(small, small->FontSize, ImVec2(std::floor(float(c.at.x) - s2.x / 2), std::floor(r.y + 1 + s1.y)),
                  IM_COL32(60, 66, 80, 255), c.line2.c_str());
  }
}

void App::drawOverlays() {
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  dl->PushClipRect(ImVec2(float(view_.x0), float(view_.y0)), ImVec2(float(view_.x0 + view_.w), float(view_.y0 + view_.h)));
  const Plan& p = doc_.plan;
  if (!sceneReady_) {
    const char* t = "Open a plan: File > Open (Ctrl+O), or run `gridplan studio plan.gpkg`";
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
      XY o = scene_.origin();
      for (const XY& q : poly.rings[0]) {
        XY s = view_.toScreen({q.x - o.x, q.y - o.y});
        pts.push_back(ImVec2(float(s.x), float(s.y)));
      }
      dl->AddPolyline(pts.data(), int(pts.size()), IM_COL32(255, 120, 0, 255), ImDrawFlags_Closed, 2.5f);
    }
  if (layers_.problems) {
    XY o = scene_.origin();
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
    ImU32 c = sel_.activeGrid() >= 0 ? scene_.gridColour(sel_.activeGrid()) | 0xFF000000u : IM_COL32(150, 150, 150, 255);
    dl->AddCircle(io.MousePos, float(brushPx_), IM_COL32(40, 40, 40, 220), 0, 2.5f);
    dl->AddCircle(io.MousePos, float(brushPx_) - 2, c, 0, 2.0f);
  }
  dl->PopClipRect();
  // Hover: what the building is and where it belongs.
  if (hoverBuilding_ >= 0 && !io.WantCaptureMouse && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) {
    const Building& b = p.in.buildings[hoverBuilding_];
    ImGui::BeginTooltip();
    ImGui::Text("%s %s", b.bld_id.c_str(), b.name.c_str());
    ImGui::Text("%d households, %d entrances, %d floors", b.households, b.entrances, b.floors);
    for (int i : scene_.piecesOf(hoverBuilding_)) {
      const Piece& pc = p.pieces[i];
      std::string where = (pc.grid >= 0 ? p.grids[pc.grid].grid_id : std::string("no grid")) + " / " +
                          (pc.unit >= 0 ? p.units[pc.unit].unit_id : std::string("no unit"));
      if (pc.entrance > 0)
        ImGui::Text("entrance %d%s: %d户 → %s", pc.entrance,
                    pc.floor_from > 0 ? (" F" + std::to_string(pc.floor_from) + "-" + std::to_string(pc.floor_to)).c_str() : "",
                    pc.households, where.c_str());
      else
        ImGui::Text("grid / unit: %s", where.c_str());
    }
    ImGui::EndTooltip();
  }
}

const std::vector<Problem>& App::problems() {
  const Plan& p = doc_.plan;
  const size_t size = p.problems.size() + p.in.problems.size();
  if (problemsSnapGen_ != scene_.generation() || problemsSnapSize_ != size) {
    problemsSnap_ = p.problems.items();
    std::vector<Problem> more = p.in.problems.items();
    problemsSnap_.insert(problemsSnap_.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    problemsSnapGen_ = scene_.generation();
    problemsSnapSize_ = size;
  }
  return problemsSnap_;
}

bool sameLayers(const Layers& a, const Layers& b) {
  return a.communities == b.communities && a.grids == b.grids && a.units == b.units && a.buildings == b.buildings &&
         a.barriers == b.barriers && a.problems == b.problems && a.labels == b.labels &&
         a.colourByStatus == b.colourByStatus;
}

bool App::cacheReusable() const {
  const View& c = cache_.view;
  return cacheEnabled_ && cache_.valid && sceneReady_ && cache_.generation == scene_.generation() &&
         sameLayers(cache_.layers, layers_) && c.scale == view_.scale && c.x0 == view_.x0 && c.y0 == view_.y0 &&
         c.w == view_.w && c.h == view_.h && view_.fbScale == 1.0;
}

void App::snapToCache() {
  // A pan by a fraction of a pixel moves the camera to the nearest whole pixel, so the cached image can be
  // shifted exactly (half a pixel is not visible; labels are placed after this, with the same camera).
  if (!cacheReusable()) return;
  double dx = (view_.cx - cache_.view.cx) * view_.scale, dy = (view_.cy - cache_.view.cy) * view_.scale;
  if (std::abs(dx) >= view_.w || std::abs(dy) >= view_.h) return;
  view_.cx = cache_.view.cx + std::round(dx) / view_.scale;
  view_.cy = cache_.view.cy + std::round(dy) / view_.scale;
}

void App::ensureCache(int w, int h) {
  if (cache_.image[0].width() == w && cache_.image[0].height() == h) return;
  for (OffscreenImage& im : cache_.image)
    if (!im.resize(w, h)) cacheEnabled_ = false;
  cache_.valid = false;
}

void App::releaseCache() {
  for (OffscreenImage& im : cache_.image) im.release();
  cache_.valid = false;
}

void App::renderMap() {
  int fbw = 0, fbh = 0;
  glfwGetFramebufferSize(win_, &fbw, &fbh);
  int ww = 0, wh = 0;
  glfwGetWindowSize(win_, &ww, &wh);
  double sx = ww > 0 ? double(fbw) / ww : 1, sy = wh > 0 ? double(fbh) / wh : 1;
  glViewport(0, 0, fbw, fbh);
  int vx = int(view_.x0 * sx), vy = int(fbh - (view_.y0 + view_.h) * sy);
  int vw = int(view_.w * sx), vh = int(view_.h * sy);
  // Only the map's area: the panels clear (or copy) the rest. A whole-window clear is half a millisecond
  // of a software renderer's frame.
  mapPx_ = {vx, vy, vx + vw, vy + vh};
  if (!sceneReady_) {
    glEnable(GL_SCISSOR_TEST);
    glScissor(vx, vy, std::max(vw, 0), std::max(vh, 0));
    glClearColor(kBackdrop[0], kBackdrop[1], kBackdrop[2], 1);
    glClear(GL_COLOR_BUFFER_BIT);
    glDisable(GL_SCISSOR_TEST);
    return;
  }
  renderer_.setView(view_);
  scene_.prepare(view_.scale);
  glEnable(GL_BLEND);
  glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
  if (cacheEnabled_ && vw > 0 && vh > 0) ensureCache(vw, vh);  // may find the driver cannot: then drawn directly
  if (!cacheEnabled_ || vw <= 0 || vh <= 0) {
    glViewport(vx, vy, vw, vh);
    glEnable(GL_SCISSOR_TEST);
    glScissor(vx, vy, vw, vh);
    glClearColor(0.89f, 0.91f, 0.93f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    glEnable(GL_MULTISAMPLE);
    scene_.draw(renderer_, view_, layers_);
    glDisable(GL_SCISSOR_TEST);
    glViewport(0, 0, fbw, fbh);
    return;
  }
  long ix = 0, iy = 0;
  bool reuse = cacheReusable();
  if (reuse) {
    ix = std::lround((view_.cx - cache_.view.cx) * view_.scale);
    iy = std::lround((view_.cy - cache_.view.cy) * view_.scale);
    reuse = std::labs(ix) < vw && std::labs(iy) < vh;
  }
  glViewport(0, 0, vw, vh);
  glClearColor(0.89f, 0.91f, 0.93f, 1);
  // Map coordinates of a rectangle of the image (pixels, y up), for drawing only what meets it.
  auto mapBox = [&](int x, int y, int w, int h) {
    BBox b;
    b.add(view_.toMap({view_.x0 + x, view_.y0 + (vh - y)}));
    b.add(view_.toMap({view_.x0 + x + w, view_.y0 + (vh - y - h)}));
    return b;
  };
  if (!reuse) {
    ++fullRedraws_;
    glBindFramebuffer(GL_FRAMEBUFFER, cache_.image[cache_.cur].fbo());
    glDisable(GL_SCISSOR_TEST);
    glClear(GL_COLOR_BUFFER_BIT);
    scene_.draw(renderer_, view_, layers_);
  } else if (ix != 0 || iy != 0) {
    const int src = cache_.cur, dst = 1 - src;
    const int cw = vw - int(std::labs(ix)), ch = vh - int(std::labs(iy));
    const int sx0 = int(std::max(ix, 0L)), sy0 = int(std::max(iy, 0L)), dx0 = int(std::max(-ix, 0L)), dy0 = int(std::max(-iy, 0L));
    glBindFramebuffer(GL_READ_FRAMEBUFFER, cache_.image[src].fbo());
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, cache_.image[dst].fbo());
    glDisable(GL_SCISSOR_TEST);
    glBlitFramebuffer(sx0, sy0, sx0 + cw, sy0 + ch, dx0, dy0, dx0 + cw, dy0 + ch, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, cache_.image[dst].fbo());
    struct Rect {
      int x, y, w, h;
    };
    std::vector<Rect> strips;
    if (ix > 0) strips.push_back({vw - int(ix), 0, int(ix), vh});
    if (ix < 0) strips.push_back({0, 0, int(-ix), vh});
    if (iy > 0) strips.push_back({0, vh - int(iy), vw, int(iy)});
    if (iy < 0) strips.push_back({0, 0, vw, int(-iy)});
    glEnable(GL_SCISSOR_TEST);
    for (const Rect& r : strips) {
      glScissor(r.x, r.y, r.w, r.h);
      glClear(GL_COLOR_BUFFER_BIT);
      BBox cull = mapBox(r.x, r.y, r.w, r.h);
      scene_.draw(renderer_, view_, layers_, &cull);
    }
    glDisable(GL_SCISSOR_TEST);
    cache_.cur = dst;
  }
  renderer_.setCull(nullptr);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, cache_.image[cache_.cur].fbo());
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
  glBlitFramebuffer(0, 0, vw, vh, vx, vy, vx + vw, vy + vh, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, fbw, fbh);
  cache_.valid = true;
  cache_.view = view_;
  cache_.generation = scene_.generation();
  cache_.layers = layers_;
}

void App::frame() {
  const auto uiStart = Clock::now();
  glfwPollEvents();
  if (fontsDirty_) {
    fontsDirty_ = false;
    buildFonts();
  }
  pollJob();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  if (syntheticPos_ < synthetic_.size()) {
    const SyntheticMouse& e = synthetic_[syntheticPos_++];
    glfwSetCursorPos(win_, e.pos.x, e.pos.y);  // the real pointer agrees, so GLFW's own events do not move it back
    // ImGui 1.86 reads the mouse as state (set by the GLFW backend just above): override it for this frame.
    ImGuiIO& io = ImGui::GetIO();
    if (e.button >= 0) syntheticDown_ = e.button == 1;
    io.MousePos = e.pos;
    io.MouseDown[ImGuiMouseButton_Left] = syntheticDown_;
    if (syntheticPos_ == synthetic_.size()) synthetic_.clear(), syntheticPos_ = 0;
  }
  ImGui::NewFrame();
  menuBar();
  layoutPanels();
  modals();
  if (!job_) {
    shortcuts();
    mapInput();
  }
  snapToCache();
  drawOverlays();
  ImGui::Render();
  auto t0 = Clock::now();
  auto lap = [&](int stage) {
    if (!timeStages_) return;
    glFinish();
    auto t = Clock::now();
    stageMs_[stage].push_back(std::chrono::duration<double, std::milli>(t - t0).count());
    t0 = t;
  };
  if (timeStages_) stageMs_[0].push_back(std::chrono::duration<double, std::milli>(t0 - uiStart).count());
  renderMap();
  lap(1);
  panels_.render(ImGui::GetDrawData(), mapPx_, kBackdrop);
  panelPixels_ += panels_.lastDrawnPixels();
  lap(2);
}

int App::run() {
  interactive_ = opt_.script.empty() && !opt_.exitAfter && opt_.screenshot.empty() && opt_.frames <= 0;
  try {
    loadScript();
  } catch (const InputError& e) {
    std::fprintf(stderr, "gridplan: %s\n", e.what());
    return 2;
  }
  if (!initWindow()) return 3;
  buildFonts();
  if (!opt_.plan.empty()) {
    try {
      // The map area's size is needed to fit the plan: one frame lays the panels out first.
      frame();
      auto t0 = Clock::now();
      openPlan(opt_.plan);
      if (opt_.timings) {
        frame();
        glFinish();
        std::printf("timing: plan loaded and first frame drawn in %.2f s (%zu buildings, %zu pieces, %zu grids)\n",
                    std::chrono::duration<double>(Clock::now() - t0).count(), doc_.plan.in.buildings.size(),
                    doc_.plan.pieces.size(), doc_.plan.grids.size());
        std::printf("timing: %s\n", scene_.stats().c_str());
        std::fflush(stdout);
      }
    } catch (const InputError& e) {
      std::fprintf(stderr, "gridplan: %s\n", e.what());
      if (!interactive_) return 2;
      error(e.what());
    }
  }
  framesLeft_ = opt_.frames > 0 ? opt_.frames : -1;
  bool scriptDone = script_.empty();
  bool shotDone = opt_.screenshot.empty();
  auto frameStart = Clock::now();
  while (!quit_) {
    frameStart = Clock::now();
    bool measuring = scriptDone && framesLeft_ > 0 && frameNo_ >= 2;
    if (measuring && frameMs_.empty()) {
      renderer_.takeVertexCount();
      fullRedraws_ = 0;
      panelPixels_ = 0;
      framesStart_ = view_;
      // Pan across the map at four times the fitted zoom, so only part of the town is in view.
      framesStart_.scale *= 4;
      framesSpan_ = scene_.bounds().width() * 0.75;
    }
    if (measuring) {
      double t = double(frameMs_.size()) / std::max(1, opt_.frames - 1);
      view_ = framesStart_;
      view_.cx = scene_.bounds().minx + scene_.bounds().width() * 0.125 + framesSpan_ * t;
    }
    timeStages_ = measuring && opt_.timings;
    frame();
    if (measuring) glFinish();
    if (!pendingShot_.empty()) {
      try {
        captureScreenshot(pendingShot_);
      } catch (const InputError& e) {
        std::fprintf(stderr, "studio: %s\n", e.what());
        exitCode_ = 2;
      }
      pendingShot_.clear();
    }
    auto swapStart = Clock::now();
    glfwSwapBuffers(win_);
    if (timeStages_) {
      glFinish();
      stageMs_[3].push_back(std::chrono::duration<double, std::milli>(Clock::now() - swapStart).count());
    }
    ++frameNo_;
    if (measuring) {
      frameMs_.push_back(std::chrono::duration<double, std::milli>(Clock::now() - frameStart).count());
      frameVertices_ += renderer_.takeVertexCount();
      if (--framesLeft_ == 0) {
        std::vector<double> s = frameMs_;
        std::sort(s.begin(), s.end());
        auto pct = [&](double q) { return s[std::min(s.size() - 1, size_t(q * (s.size() - 1) + 0.5))]; };
        std::printf("frames %zu  frame time p50 %.2f ms  p95 %.2f ms  max %.2f ms  (%.0f map vertices a frame, %d drawn "
                    "whole; %.0f panel pixels drawn a frame)\n",
                    s.size(), pct(0.5), pct(0.95), s.back(), double(frameVertices_) / double(s.size()), fullRedraws_,
                    double(panelPixels_) / double(s.size()));
        if (opt_.timings) {
          static const char* names[4] = {"UI build", "map", "ImGui drawing", "swap"};
          for (int i = 0; i < 4; ++i) {
            std::vector<double>& v = stageMs_[i];
            if (v.empty()) continue;
            std::sort(v.begin(), v.end());
            std::printf("timing: frame stage %-13s p50 %.2f ms  p95 %.2f ms\n", names[i], v[v.size() / 2],
                        v[std::min(v.size() - 1, size_t(0.95 * double(v.size() - 1) + 0.5))]);
          }
        }
        std::fflush(stdout);
        fit();
      }
    }
    // Scripts run one line per frame after the first frames, so screenshots show the state so far.
    if (!scriptDone && frameNo_ >= 2 && pendingShot_.empty() && synthetic_.empty()) {
      if (scriptPos_ < script_.size()) {
        if (!runScriptLine(script_[scriptPos_++])) break;
      } else {
        scriptDone = true;
      }
    }
    if (scriptDone && !shotDone && frameNo_ >= 2 && framesLeft_ <= 0) {
      pendingShot_ = opt_.screenshot;
      shotDone = true;
      continue;
    }
    if (scriptDone && shotDone && framesLeft_ <= 0 && pendingShot_.empty() && opt_.exitAfter) break;
    if (glfwWindowShouldClose(win_)) {
      if (doc_.history.dirty() && interactive_) {
        glfwSetWindowShouldClose(win_, 0);
        askQuit_ = true;
      } else {
        break;
      }
    }
    if (interactive_ && !job_ && !dragging_) glfwWaitEventsTimeout(0.25);
  }
  if (job_) {
    job_->cancel = true;
    job_->thread.join();
  }
  // A normal end: unsaved edits were given up on purpose (the quit dialog, or a script that did not
  // save), so the journal has nothing to recover. Only a crash or a kill leaves it behind.
  if (exitCode_ == 0) doc_.discardRecovery();
  releaseCache();
  panels_.release();
  sceneOpt_.reset();
  rendererOpt_.reset();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(win_);
  glfwTerminate();
  return exitCode_;
}

}  // namespace

int runStudio(const StudioOptions& opt, Services services) {
  App app(opt, std::move(services));
  return app.run();
}

}  // namespace gp::studio
