#pragma once
#include <string>

namespace gp {

// Status of a grid or unit against its household bounds (DESIGN §4, invariant 6).
enum class Status { Ok, Under, Over, Split, Exception };

const char* toString(Status s);           // "ok", "under", "over", "split", "exception"
// The status as a reader sees it, in the run's language ("ok" / "正常", …); toString stays the stable key.
const char* statusLabel(Status s);
bool parseStatus(const std::string& s, Status& out);

}  // namespace gp
