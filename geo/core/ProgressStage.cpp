#include "geo/core/ProgressStage.hpp"

#include "geo/core/I18n.hpp"

namespace gp {

std::string progressStage(const std::string& key) {
  static const struct {
    const char* key;
    const char* label;
  } kLabels[] = {
      // The loader's stages (geo/io/Loader*.cpp).
      {"buildings", N_("reading buildings")},
      {"checking buildings", N_("checking buildings")},
      {"household points", N_("reading household points")},
      {"communities", N_("reading communities")},
      {"compounds", N_("reading compounds")},
      {"barriers", N_("reading barriers")},
      {"done", N_("inputs read")},
      // The partitioner's steps, per community, each reported when it is done (geo/pipeline/CommunityPlanner.cpp).
      {"tessellate", N_("cells drawn")},
      {"grids", N_("grids formed")},
      {"units", N_("units formed")},
      {"polygons", N_("outlines drawn")},
  };
  for (const auto& l : kLabels)
    if (key == l.key) return tr(l.label);
  return key;
}

}  // namespace gp
