// The studio's window, fonts and frame loop (App.hpp says where the rest of App lives).
#include "app/studio/App.hpp"

#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"

namespace gp::studio {

std::string withId(const std::string& text, const char* id) { return text + "###" + id; }

std::string buildingCounts(const Building& b) {
  return fmt(tr("%1$d households, %2$d entrances, %3$d floors"), b.households, b.entrances, b.floors);
}

std::string piecePart(const Piece& pc) {
  std::string part = pc.entrance > 0 ? fmt(tr("entrance %d"), pc.entrance) : std::string(tr("whole"));
  if (pc.floor_from > 0) part += fmt(tr(", F%1$d-%2$d"), pc.floor_from, pc.floor_to);
  return part;
}

std::string lastDigits(const std::string& code, size_t n) {
  return code.size() > n ? code.substr(code.size() - n) : code;
}

App::App(const StudioOptions& opt, const Settings& settings, Services s)
    : opt_(opt), settings_(settings), doc_(std::move(s)), stats_(opt.frames, opt.timings) {
  cache_.enabled = settings.panCache;
  panels_.enabled = settings.panelCache;
}

bool App::initWindow() {
  // Mesa's software renderer starts one rasteriser thread a core. With the studio's own thread and the X
  // server on the same cores, a rasteriser often waits a scheduler tick (5 ms) for its core, and one frame
  // in five came out 5 ms late; one thread more than the cores keeps them busy (1M town: p95 18.7 -> 16 ms).
  // Only llvmpipe reads this; a user's own setting wins.
  const std::string lpThreads = std::to_string(std::min(16u, std::max(1u, std::thread::hardware_concurrency()) + 1));
  setenv("LP_NUM_THREADS", lpThreads.c_str(), 0);
  // An X server under heavy load (a shared Xvfb, a remote display) can refuse a connection for a moment: the
  // studio tries again for about a second before it gives up, and then names GLFW's own reason.
  bool up = false;
  for (int attempt = 0; attempt < 5 && !(up = glfwInit()); ++attempt)
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  if (!up) {
    const char* why = nullptr;
    glfwGetError(&why);
    std::fprintf(stderr, "%s\n", tr("studio: cannot open a window (no display?). Set DISPLAY, or run under xvfb-run."));
    if (why) std::fprintf(stderr, "GLFW: %s\n", why);
    return false;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GL_TRUE);
  // Settings: no multisampling unless GRIDPLAN_MSAA asks for it (a real GPU).
  glfwWindowHint(GLFW_SAMPLES, settings_.msaaSamples);
  win_ = glfwCreateWindow(opt_.width, opt_.height, "gridplan studio", nullptr, nullptr);
  if (!win_) {
    glfwWindowHint(GLFW_SAMPLES, 0);
    win_ = glfwCreateWindow(opt_.width, opt_.height, "gridplan studio", nullptr, nullptr);
  }
  if (!win_) {
    std::fprintf(stderr, "%s\n", tr("studio: cannot create an OpenGL 3.3 window (is Mesa installed?)"));
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
  renderer_->init(settings_.shaderDir);
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

bool App::switchLanguage(i18n::Lang lang) {
  // gettext's language is one environment variable for the whole process, read by every lookup: the
  // re-partition's thread must not see it change under it (the menu is disabled meanwhile, Actions.cpp).
  if (job_) {
    error(tr("The language changes when the re-partition is done"));
    return false;
  }
  i18n::setLanguage(lang);
  updateTitle();
  tableDirty_ = true;      // the table's status column and filter speak the language
  panels_.invalidate();    // cached panels hold the old words
  config_.set("language", i18n::code(lang));
  if (!configPath_.empty()) {
    try {
      config_.save(configPath_);
    } catch (const std::exception& e) {
      note(fmt(tr("the language is not remembered: %s"), e.what()));
    }
  }
  return true;
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
  script_.feedMouse(win_);
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
  auto lap = [&](FrameStats::Stage stage) {
    if (!stats_.timeStages) return;
    glFinish();
    auto t = Clock::now();
    stats_.addStage(stage, std::chrono::duration<double, std::milli>(t - t0).count());
    t0 = t;
  };
  if (stats_.timeStages) stats_.addStage(FrameStats::UiBuild, std::chrono::duration<double, std::milli>(t0 - uiStart).count());
  renderMap();
  lap(FrameStats::Map);
  panels_.render(ImGui::GetDrawData(), mapPx_, kBackdrop);
  stats_.panelPixels += panels_.lastDrawnPixels();
  lap(FrameStats::ImGuiDrawing);
}

int App::run() {
  interactive_ = opt_.script.empty() && !opt_.exitAfter && opt_.screenshot.empty() && opt_.frames <= 0;
  configPath_ = Config::defaultPath();
  config_ = Config::load(configPath_);
  if (auto lang = startLanguage(opt_.langGiven, config_)) i18n::setLanguage(*lang);
  try {
    script_.load(opt_.script);
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
        std::printf("timing: %s\n", scene_->stats().c_str());
        std::fflush(stdout);
      }
    } catch (const InputError& e) {
      std::fprintf(stderr, "gridplan: %s\n", e.what());
      if (!interactive_) return 2;
      error(e.what());
    }
  }
  runFrames();
  shutdown();
  return exitCode_;
}

bool App::runFrames() {
  bool scriptDone = script_.empty();
  bool shotDone = opt_.screenshot.empty();
  auto frameStart = Clock::now();
  while (!quit_) {
    frameStart = Clock::now();
    bool measuring = stats_.measuring(scriptDone, frameNo_);
    if (measuring && !stats_.started()) {
      renderer_->takeVertexCount();
      stats_.start(view_, scene_->bounds());
    }
    if (measuring) stats_.moveCamera(view_, scene_->bounds());
    stats_.timeStages = measuring && opt_.timings;
    frame();
    if (measuring) glFinish();
    if (script_.screenshotPending() && !script_.takeScreenshot(win_)) exitCode_ = 2;
    auto swapStart = Clock::now();
    glfwSwapBuffers(win_);
    if (stats_.timeStages) {
      glFinish();
      stats_.addStage(FrameStats::Swap, std::chrono::duration<double, std::milli>(Clock::now() - swapStart).count());
    }
    ++frameNo_;
    if (measuring &&
        stats_.frameDone(std::chrono::duration<double, std::milli>(Clock::now() - frameStart).count(),
                         renderer_->takeVertexCount()))
      fit();
    // Scripts run one line per frame after the first frames, so screenshots show the state so far.
    if (!scriptDone && frameNo_ >= 2 && !script_.screenshotPending() && !script_.mouseBusy()) {
      if (const ScriptLine* l = script_.next()) {
        if (!runScriptLine(*l)) return false;
      } else {
        scriptDone = true;
      }
    }
    if (scriptDone && !shotDone && frameNo_ >= 2 && stats_.left() <= 0) {
      script_.requestScreenshot(opt_.screenshot);
      shotDone = true;
      continue;
    }
    if (scriptDone && shotDone && stats_.left() <= 0 && !script_.screenshotPending() && opt_.exitAfter) break;
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
  return true;
}

void App::shutdown() {
  job_.reset();  // cancels a re-partition still running and waits for it
  // A normal end: unsaved edits were given up on purpose (the quit dialog, or a script that did not
  // save), so the journal has nothing to recover. Only a crash or a kill leaves it behind.
  if (exitCode_ == 0) doc_.discardRecovery();
  cache_.release();
  panels_.release();
  scene_.reset();
  renderer_.reset();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(win_);
  glfwTerminate();
}

int runStudio(const StudioOptions& opt, Services services) {
  App app(opt, Settings::fromEnvironment(), std::move(services));
  return app.run();
}

}  // namespace gp::studio
