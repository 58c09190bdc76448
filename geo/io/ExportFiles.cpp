#include "geo/io/ExportFiles.hpp"

#include <algorithm>

#include "geo/core/AtomicFile.hpp"
#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"

namespace gp::io {

namespace fs = std::filesystem;

namespace {
fs::path parentOf(const fs::path& p) { return p.parent_path().empty() ? fs::path(".") : p.parent_path(); }
}  // namespace

StagingDir::StagingDir(const std::string& target) : target_(target) {
  if (target_.filename().empty()) target_ = target_.parent_path();  // "out/" → "out"
  fs::path parent = parentOf(target_);
  std::error_code ec;
  if (!fs::is_directory(parent, ec))
    throw InputError(fmt(tr("cannot write %1$s: folder %2$s does not exist; create it first"), target.c_str(),
                         parent.c_str()));
  if (fs::exists(target_, ec) && !fs::is_directory(target_, ec))
    throw InputError(
        fmt(tr("cannot write %s: it is a file, and this export writes a folder of files there"), target.c_str()));
  removeStaleTemps(target_);
  dir_ = tempPathFor(target_);
  fs::remove_all(dir_, ec);
  if (!fs::create_directory(dir_, ec))
    throw InputError(fmt(tr("cannot write %1$s: cannot create %2$s (%3$s)"), target.c_str(), dir_.c_str(),
                         ec.message().c_str()));
}

StagingDir::~StagingDir() {
  std::error_code ignore;
  fs::remove_all(dir_, ignore);
}

std::vector<std::string> StagingDir::commit() {
  std::error_code ec;
  fs::create_directories(target_, ec);
  if (ec) throw InputError(fmt(tr("cannot write %1$s: %2$s"), target_.c_str(), ec.message().c_str()));
  std::vector<std::string> out;
  // Every file is checked before any is moved, so a read-only file among them leaves the folder as it was.
  for (auto& e : fs::directory_iterator(dir_)) checkReplaceable(target_ / e.path().filename(), tr("export"));
  for (auto& e : fs::directory_iterator(dir_)) {
    fs::path to = target_ / e.path().filename();
    fs::rename(e.path(), to, ec);
    if (ec) throw InputError(fmt(tr("cannot write %1$s: %2$s"), to.c_str(), ec.message().c_str()));
    out.push_back(to.string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace gp::io
