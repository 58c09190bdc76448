#pragma once
// The studio's environment switches, read once when it starts (runStudio) rather than wherever they are used.
#include <string>

namespace gp::studio {

struct Settings {
  // GRIDPLAN_MSAA=N: multisampled window (a real GPU). Outlines are anti-aliased in their shader, and
  // multisampling would triple the fill work of a software renderer (Mesa llvmpipe) for little gain.
  int msaaSamples = 0;
  // GRIDPLAN_PAN_CACHE=0 / GRIDPLAN_PANEL_CACHE=0: draw the map / the panels whole every frame. Both caches
  // draw into single-sampled images, so multisampling turns them off.
  bool panCache = true;
  bool panelCache = true;
  // GRIDPLAN_SHADER_DIR: where shaders/*.vert and *.frag are read from (default: the source tree's shaders/).
  std::string shaderDir;

  static Settings fromEnvironment();
};

}  // namespace gp::studio
