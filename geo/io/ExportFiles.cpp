#include "geo/io/ExportFiles.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>

#include "geo/core/Error.hpp"

namespace gp::io {

namespace fs = std::filesystem;

namespace {
fs::path parentOf(const fs::path& p) { return p.parent_path().empty() ? fs::path(".") : p.parent_path(); }

// ".<name>.tmp-<pid>-<n>": hidden, and unique per process and call.
std::string tempName(const fs::path& p) {
  static std::atomic<unsigned> serial{0};
  std::string s(1, '.');
  s += p.filename().string();
  s += ".tmp-";
  s += std::to_string(::getpid());
  s += '-';
  s += std::to_string(serial++);
  return s;
}
}  // namespace

void writeFileAtomically(const std::string& path, const std::string& content) {
  fs::path target(path);
  fs::path dir = parentOf(target);
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw InputError("cannot write " + path + ": folder " + dir.string() + " does not exist; create it first");
  fs::path tmp = dir / tempName(target);
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(content.data(), static_cast<std::streamsize>(content.size()));
    f.close();
    if (!f) {
      fs::remove(tmp, ec);
      throw InputError("cannot write " + path + ": writing " + tmp.string() + " failed; check the folder is writable and the disk has room");
    }
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    std::error_code ignore;
    fs::remove(tmp, ignore);
    throw InputError("cannot write " + path + ": " + ec.message());
  }
}

StagingDir::StagingDir(const std::string& target) : target_(target) {
  if (target_.filename().empty()) target_ = target_.parent_path();  // "out/" → "out"
  fs::path parent = parentOf(target_);
  std::error_code ec;
  if (!fs::is_directory(parent, ec))
    throw InputError("cannot write " + target + ": folder " + parent.string() + " does not exist; create it first");
  if (fs::exists(target_, ec) && !fs::is_directory(target_, ec))
    throw InputError("cannot write " + target + ": it is a file, and this export writes a folder of files there");
  dir_ = parent / tempName(target_);
  fs::remove_all(dir_, ec);
  if (!fs::create_directory(dir_, ec))
    throw InputError("cannot write " + target + ": cannot create " + dir_.string() + " (" + ec.message() + ")");
}

StagingDir::~StagingDir() {
  std::error_code ignore;
  fs::remove_all(dir_, ignore);
}

std::vector<std::string> StagingDir::commit() {
  std::error_code ec;
  fs::create_directories(target_, ec);
  if (ec) throw InputError("cannot write " + target_.string() + ": " + ec.message());
  std::vector<std::string> out;
  for (auto& e : fs::directory_iterator(dir_)) {
    fs::path to = target_ / e.path().filename();
    fs::rename(e.path(), to, ec);
    if (ec) throw InputError("cannot write " + to.string() + ": " + ec.message());
    out.push_back(to.string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace gp::io
