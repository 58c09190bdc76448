#pragma once
#include "geo/core/Inputs.hpp"
#include "geo/io/LoadOptions.hpp"

namespace gp::io {

// Reads every layer named in `opt`, maps fields, reprojects to one metric CRS, repairs geometry and
// fills households (field → points → estimate), entrances, communities and compounds of each building.
// Data problems go to Inputs::problems. Throws gp::InputError when an input is unusable (missing file or
// layer, unknown field, no usable geometry), with a message naming it and saying what to do.
Inputs loadInputs(const LoadOptions& opt);

}  // namespace gp::io
