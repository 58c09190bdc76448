#include "geo/core/Inputs.hpp"

namespace gp {

const char* toString(HhSource s) {
  switch (s) {
    case HhSource::Field: return "field";
    case HhSource::Points: return "points";
    case HhSource::Estimate: return "estimate";
  }
  return "estimate";
}

}  // namespace gp
