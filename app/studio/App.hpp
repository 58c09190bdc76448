#pragma once
// The studio is one class, App, spread over files as Tracy spreads its View over TracyView_<Panel>.cpp:
//   App.cpp            window, fonts, the frame loop, shutdown
//   App_Plan.cpp       the open plan: open, edits, undo / redo, save, selection, re-partition jobs
//   App_Script.cpp     the commands of a --script
//   App_Layout.cpp     where the panels go, and the tabs of the right-hand panel
//   App_MenuBar.cpp, App_Tools.cpp, App_GridTable.cpp, App_Inspector.cpp, App_Problems.cpp,
//   App_History.cpp, App_StatusBar.cpp, App_Modals.cpp          one panel each
//   App_Actions.cpp    what the menu, the toolbar and the shortcuts do (Actions.hpp says what they offer)
//   App_MapInput.cpp   the mouse on the map: zoom, pan and the tools
//   App_Map.cpp        the map itself, drawn through the pan cache
//   App_MapOverlay.cpp, App_MapLabels.cpp                        what ImGui draws over the map
// What is not a panel is a small class of its own: ScriptRunner, RepartitionJob, MapCache, FrameStats, and
// Config (what the studio remembers between runs: the language of its menu).
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/studio/Actions.hpp"
#include "app/studio/Config.hpp"
#include "app/studio/Document.hpp"
#include "app/studio/Fonts.hpp"
#include "app/studio/FrameStats.hpp"
#include "app/studio/MapCache.hpp"
#include "app/studio/PanelCache.hpp"
#include "app/studio/RepartitionJob.hpp"
#include "app/studio/Renderer.hpp"
#include "app/studio/Scene.hpp"
#include "app/studio/ScriptRunner.hpp"
#include "app/studio/Settings.hpp"
#include "app/studio/Studio.hpp"

struct GLFWwindow;

namespace gp::studio {

using Clock = std::chrono::steady_clock;

inline constexpr float kLeftW = 250, kRightW = 430, kStatusH = 26;
// The window's colour behind the panels and the map.
inline constexpr float kBackdrop[3] = {0.93f, 0.93f, 0.94f};

enum class Tool { Select, Paint };

// A label in the reader's language with an ImGui id that does not change with it: "文件###file". ImGui keys
// the state of windows, tabs, tree nodes, popups and inputs by the id of their label; after "###" only the
// part that follows makes the id, so a language switch keeps what is open, scrolled or being typed.
std::string withId(const std::string& text, const char* id);

// "96 households, 4 entrances, 6 floors", as the inspector and the hover card say it.
std::string buildingCounts(const Building& b);
// The part of its building a piece is: "entrance 2", "whole", then ", F3-5" for a range of floors.
std::string piecePart(const Piece& pc);

// The last n characters of a code (a grid's sequence within its community, a unit's within its grid).
std::string lastDigits(const std::string& code, size_t n);

class App {
 public:
  App(const StudioOptions& opt, const Settings& settings, Services s);
  int run();

 private:
  // App.cpp
  bool initWindow();
  void buildFonts();
  void frame();
  bool runFrames();  // the frame loop; false when a script line failed
  void shutdown();
  // App_Plan.cpp
  void openPlan(const std::string& path);
  void afterOpen();
  void edit(const std::string& line);
  void afterEdit(const plan::Touched& t, const std::vector<std::string>& selIds);
  std::vector<std::string> selectedIds() const;
  std::vector<int> selectedPieces() const;
  void undo();
  void redo();
  void save(const std::string& path = "");
  void zoomToGrid(int g);
  void fit();
  void updateTitle();
  // The Language menu (and a script's `lang`): every text from the next frame on is in `lang`, and the choice
  // is remembered in the studio's configuration. Refused (false, after saying why) while a re-partition runs.
  bool switchLanguage(i18n::Lang lang);
  void selectGrid(int g, bool add);
  void startRepartition(bool units);
  void pollJob();
  void error(const std::string& msg);
  void note(const std::string& msg);
  // App_Script.cpp
  bool runScriptLine(const ScriptLine& l);
  // App_Layout.cpp and one file a panel
  void layoutPanels();
  void rightPanel();
  void menuBar();
  void toolsPanel();
  void gridTable();
  void inspector();
  void problemsList();
  const std::vector<Problem>& problems();
  void historyList();
  void statusBar();
  void modals();
  // App_Actions.cpp: the menu, the toolbar and the shortcuts perform the Actions table's actions here
  ActionState actionState() const;
  void perform(const Action& a, const ActionState& s);
  void shortcuts();
  // App_MapInput.cpp
  void mapInput();
  // App_Map.cpp, App_MapOverlay.cpp, App_MapLabels.cpp
  void snapToCache();
  void renderMap();
  void drawOverlays();
  void drawLabels(ImDrawList* dl);

  StudioOptions opt_;
  Settings settings_;
  std::string configPath_;  // Config::defaultPath(); empty: nothing is remembered
  Config config_;
  Document doc_;
  GLFWwindow* win_ = nullptr;
  // GL objects must go before the context: these are released explicitly at shutdown.
  MapCache cache_;
  PanelCache panels_;
  PixelRect mapPx_;  // the map's area of the framebuffer, as renderMap last drew it
  std::optional<Renderer> renderer_{std::in_place};
  std::optional<Scene> scene_{std::in_place};
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
  std::unique_ptr<RepartitionJob> job_;
  bool quit_ = false;
  bool showInspector_ = false;  // bring the Inspector tab forward (after a selection on the map)
  std::string showTab_;         // bring this tab forward ("grids", "inspector", "problems", "history"): a script's `tab`
  bool fontsDirty_ = false;
  // The plan's and its data's problems, copied out of their (locked) lists when the scene changes rather than
  // every frame: a 5M-household plan has 9,000 of them, and the copy was 9 ms of each frame.
  std::vector<Problem> problemsSnap_;
  uint64_t problemsSnapGen_ = ~uint64_t(0);
  size_t problemsSnapSize_ = 0;

  ScriptRunner script_;
  int exitCode_ = 0;
  int frameNo_ = 0;
  bool interactive_ = true;
  FrameStats stats_;
};

}  // namespace gp::studio
