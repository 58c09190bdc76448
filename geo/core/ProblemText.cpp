#include "geo/core/ProblemText.hpp"

#include "geo/core/I18n.hpp"

namespace gp {

const char* severityLabel(Severity s) {
  switch (s) {
    case Severity::Error: return tr("error");
    case Severity::Warning: return tr("warning");
    case Severity::Info: return tr("note");
  }
  return tr("note");
}

std::string featureLabel(const std::string& feature) {
  // TRANSLATORS: the key word of a problem's feature, shown before its code: "grid 320508019044001".
  static const char* const words[][2] = {{"grid ", N_("grid %s")},           {"unit ", N_("unit %s")},
                                         {"piece ", N_("piece %s")},         {"building ", N_("building %s")},
                                         {"community ", N_("community %s")}, {"compound ", N_("compound %s")}};
  for (const auto& w : words) {
    const std::string key = w[0];
    if (feature.rfind(key, 0) == 0) return fmt(tr(w[1]), feature.substr(key.size()).c_str());
  }
  if (feature == "plan") return tr("the plan");
  // A whole input (a problem of the loader about a layer or the CRS, of signs about the roster), and the
  // partitioner's building problems.
  static const char* const whole[][2] = {
      {"buildings", N_("buildings")}, {"household-points", N_("household-points")},
      {"communities", N_("communities")}, {"compounds", N_("compounds")}, {"barriers", N_("barriers")},
      {"crs", N_("coordinate system")}, {"roster", N_("roster")}};
  for (const auto& w : whole)
    if (feature == w[0]) return tr(w[1]);
  if (feature.rfind("buildings:bld_id=", 0) == 0) return fmt(tr("building %s"), feature.substr(17).c_str());
  return feature;
}

}  // namespace gp
