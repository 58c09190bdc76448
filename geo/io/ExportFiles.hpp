#pragma once
// Atomic output for the exports: single files through a temp file beside them, sets of files (a shapefile
// is five) through a staging folder beside the target folder whose files are renamed into place at the end.
#include <filesystem>
#include <string>
#include <vector>

#include "geo/core/AtomicFile.hpp"

namespace gp::io {

// Writes `content` to `path` atomically (geo/core/AtomicFile). Throws gp::InputError naming the path on failure.
using gp::writeFileAtomically;

// A hidden folder beside `target` to write into; commit() moves every file into `target` (created when
// missing), replacing files of the same name, and returns their final paths. The destructor removes the
// staging folder, so nothing is left after a failure.
class StagingDir {
 public:
  explicit StagingDir(const std::string& target);
  ~StagingDir();
  StagingDir(const StagingDir&) = delete;
  StagingDir& operator=(const StagingDir&) = delete;

  std::filesystem::path path(const std::string& name) const { return dir_ / name; }
  std::vector<std::string> commit();

 private:
  std::filesystem::path target_, dir_;
};

}  // namespace gp::io
