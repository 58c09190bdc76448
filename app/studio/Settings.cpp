#include "app/studio/Settings.hpp"

#include <cstdlib>
#include <string>

namespace gp::studio {

Settings Settings::fromEnvironment() {
  Settings s;
  const char* msaa = std::getenv("GRIDPLAN_MSAA");
  if (const char* pc = std::getenv("GRIDPLAN_PAN_CACHE")) s.panCache = std::string(pc) != "0";
  if (const char* pc = std::getenv("GRIDPLAN_PANEL_CACHE")) s.panelCache = std::string(pc) != "0";
  s.msaaSamples = msaa ? std::atoi(msaa) : 0;
  if (s.msaaSamples > 0) s.panCache = s.panelCache = false;
  const char* shaders = std::getenv("GRIDPLAN_SHADER_DIR");
  s.shaderDir = shaders ? shaders : GRIDPLAN_SHADER_DIR;
  return s;
}

}  // namespace gp::studio
