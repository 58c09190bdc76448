#pragma once
// `gridplan studio`: the interactive map editor (Dear ImGui + GLFW + OpenGL 3.3, shaders/).
//
// Command language (scripts, the recovery journal and the tools all speak it), one command a line,
// '#' starts a comment:
//   fit | zoom-to GRID | select GRID | screenshot PATH | layer NAME on|off        (view)
//   tab grids|inspector|problems|history                                          (the right-hand panel)
//   status           (prints the status bar's counts: violations, grids outside the bounds)
//   lang zh|en       (as the Language menu: the interface switches at once, and the choice is remembered)
//   assign BLD_ID GRID_ID | assign-unit PIECE_ID UNIT_ID | merge GRID_A GRID_B | split GRID
//   lock GRID | unlock GRID | repartition COMMUNITY_ID | repartition-units GRID
//   set GRID FIELD VALUE | undo | redo | save PATH                                (edits)
//   assign-pieces GRID_ID UNIT_ID|- PIECE_ID... | new-grid PIECE_ID...            (what tools record)
#include <string>

#include "app/studio/Document.hpp"

namespace gp::studio {

struct StudioOptions {
  std::string plan;        // plan.gpkg to open, may be empty
  std::string script;      // command file
  std::string screenshot;  // PNG written after the script
  int frames = 0;          // frames to render while panning, then print p50/p95/max frame time
  bool exitAfter = false;  // quit when the script (and screenshot, frames) are done
  bool recover = false;    // replay a recovery journal without asking
  bool discardRecovery = false;
  bool timings = false;    // print load time and the time of each scripted edit
  bool langGiven = false;  // --lang was given: it wins over the language remembered from the studio's menu
  int width = 1600, height = 1000;
};

// Runs the studio until the window closes (or the script ends with exitAfter). Returns the exit code:
// 0, or 2 for a bad script line (after printing "FILE:LINE: message") or an unusable plan.
int runStudio(const StudioOptions& opt, Services services);

}  // namespace gp::studio
