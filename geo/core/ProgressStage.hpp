#pragma once
// The one place the stages of long work are worded. The loader (io::LoadOptions::progress) and the
// partitioner (pipeline::Options::progress) report a stage by a stable English key ("buildings",
// "tessellate", …); whoever shows it (the CLI's progress lines, the studio's re-partition dialog) asks here
// for its words in the reader's language, at the time it is shown, so a language switch applies at once.
#include <string>

namespace gp {

// The stage's words in the current language; a key not known here is shown as it is.
std::string progressStage(const std::string& key);

}  // namespace gp
