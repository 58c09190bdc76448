#pragma once
// How a problem reads to a planner in the run's language (issue 13): its severity and the key word of its
// feature. The stored problem keeps its stable English words (DESIGN §4); these are for showing it.
#include <string>

#include "geo/core/Problem.hpp"

namespace gp {

// The severity as a reader sees it: "error" / "错误", "warning" / "警告", "note" / "提示" (info).
const char* severityLabel(Severity s);

// `feature` as a reader sees it: its leading key word (grid, unit, piece, building, community, compound, plan)
// or the input it names (buildings, communities, crs, …) in the run's language, the rest (codes, file
// names) as stored.
std::string featureLabel(const std::string& feature);

}  // namespace gp
