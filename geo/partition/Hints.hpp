#pragma once
// The fix hints a partitioner reason may end in, as msgids (issue 13). Reasons carry them translated (tr), as
// one piece, so that the pipeline can find and replace a hint it has already acted on, in either language.
#include "geo/core/I18n.hpp"

namespace gp::partition {

inline constexpr const char* kHintFix = N_("(splitting a piece, e.g. an entrance by floors, would fix it)");
inline constexpr const char* kHintHelp = N_("(splitting a piece, e.g. an entrance by floors, would help)");

}  // namespace gp::partition
