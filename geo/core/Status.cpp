#include "geo/core/Status.hpp"

#include "geo/core/I18n.hpp"

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

const char* statusLabel(Status s) {
  // TRANSLATORS: the status of a grid or unit against its household bounds.
  switch (s) {
    case Status::Ok: return tr("ok");
    case Status::Under: return tr("under");
    case Status::Over: return tr("over");
    case Status::Split: return tr("split");
    case Status::Exception: return tr("exception");
  }
  return tr("exception");
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
