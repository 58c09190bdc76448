#include "geo/core/Status.hpp"

namespace gp {

const char* toString(Status s) {
  switch (s) {
    case Status::Ok: return "ok";
    case Status::Under: return "under";
    case Status::Over: return "over";
    case Status::Split: return "split";
    case Status::Exception: return "exception";
  }
  return "exception";
}

bool parseStatus(const std::string& s, Status& out) {
  static const Status all[] = {Status::Ok, Status::Under, Status::Over, Status::Split, Status::Exception};
  for (Status st : all)
    if (s == toString(st)) {
      out = st;
      return true;
    }
  return false;
}

}  // namespace gp
