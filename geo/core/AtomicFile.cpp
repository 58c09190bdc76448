#include "geo/core/AtomicFile.hpp"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <fstream>

#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"

namespace gp {

namespace fs = std::filesystem;

namespace {

fs::path folderOf(const fs::path& p) { return p.parent_path().empty() ? fs::path(".") : p.parent_path(); }

// NAME_MAX on every filesystem a planner's machine uses (ext4, NTFS via ntfs-3g counts UTF-16 but 255 bytes
// of UTF-8 is never more than 255 UTF-16 units).
constexpr size_t kNameMax = 255;
// Room for ".", ".<hash8>.tmp-<pid>-<serial>" and a suffix such as ".gpkg": the name is cut to what is left.
constexpr size_t kOverhead = 1 + 9 + 5 + 10 + 1 + 10;

// At most `max` bytes of `s`, cut at a UTF-8 character boundary.
std::string utf8Prefix(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

std::string hash8(const std::string& s) {
  uint32_t h = 2166136261u;  // FNV-1a 32
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", h);
  return buf;
}

// ".<short name>.<hash8>.tmp-": what every temp name of `target` starts with.
std::string tempPrefix(const fs::path& target, size_t suffixLen) {
  std::string name = target.filename().string();
  size_t room = kNameMax - std::min(kNameMax - 16, kOverhead + suffixLen);
  std::string out(1, '.');  // appended piecewise: GCC 12 warns (falsely) on "." + std::string&&
  out += utf8Prefix(name, room);
  out += '.';
  out += hash8(name);
  out += ".tmp-";
  return out;
}

bool processGone(long pid) { return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) == -1 && errno == ESRCH; }

}  // namespace

fs::path tempPathFor(const fs::path& target, const std::string& suffix) {
  static std::atomic<unsigned> serial{0};
  return folderOf(target) / (tempPrefix(target, suffix.size()) + std::to_string(::getpid()) + "-" +
                             std::to_string(serial++) + suffix);
}

void removeStaleTemps(const fs::path& target) {
  std::error_code ec;
  fs::path dir = folderOf(target);
  // The prefix does not depend on the suffix length unless the name is long; try the lengths our writers use.
  std::vector<std::string> prefixes;
  for (size_t len : {0, 5}) {
    std::string p = tempPrefix(target, len);
    if (std::find(prefixes.begin(), prefixes.end(), p) == prefixes.end()) prefixes.push_back(p);
  }
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::string name = it->path().filename().string();
    for (const auto& prefix : prefixes) {
      if (name.rfind(prefix, 0) != 0) continue;
      long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
      if (!processGone(pid)) continue;
      std::error_code ignore;
      fs::remove_all(it->path(), ignore);
    }
  }
}

void checkReplaceable(const fs::path& target, const std::string& what, bool folderOk) {
  struct stat st {};
  if (::stat(target.c_str(), &st) != 0) return;  // a new file
  if (S_ISDIR(st.st_mode)) {
    if (folderOk) return;
    throw InputError(
        fmt(tr("cannot write %1$s %2$s: it is a folder; give a file name"), what.c_str(), target.c_str()));
  }
  // Judged by the mode bits, not access(): root may write anything, but a file someone made read-only is meant
  // to stay as it is.
  if ((st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0)
    throw InputError(fmt(tr("cannot write %1$s %2$s: the file exists and is read-only, so it is not replaced. Make it "
                            "writable (chmod u+w) or write to another name."),
                         what.c_str(), target.c_str()));
}

AtomicFile::AtomicFile(const std::string& target, std::string what, const std::string& suffix)
    : target_(target), what_(std::move(what)) {
  if (what_.empty()) what_ = tr("file");
  fs::path dir = folderOf(target_);
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw InputError(fmt(tr("cannot write %1$s %2$s: folder %3$s does not exist; create it first"), what_.c_str(),
                         target.c_str(), dir.c_str()));
  checkReplaceable(target_, what_);
  removeStaleTemps(target_);
  temp_ = tempPathFor(target_, suffix);
  fs::remove(temp_, ec);
}

AtomicFile::~AtomicFile() {
  if (committed_) return;
  std::error_code ignore;
  fs::remove(temp_, ignore);
  for (const char* side : {"-journal", "-wal", "-shm"}) fs::remove(fs::path(temp_.string() + side), ignore);
}

void commitTemp(const fs::path& temp, const fs::path& target, const std::string& what) {
  std::error_code ec;
  try {
    // Checked again: the file may have been made read-only while the output was being computed.
    checkReplaceable(target, what);
  } catch (...) {
    fs::remove(temp, ec);
    throw;
  }
  fs::rename(temp, target, ec);
  if (ec) {
    std::error_code ignore;
    fs::remove(temp, ignore);
    throw InputError(fmt(tr("cannot write %1$s %2$s: %3$s"), what.c_str(), target.c_str(), ec.message().c_str()));
  }
}

void AtomicFile::commit() {
  commitTemp(temp_, target_, what_);
  committed_ = true;
}

void writeFileAtomically(const std::string& path, const std::string& content, const std::string& what) {
  AtomicFile f(path, what);
  {
    std::ofstream o(f.temp(), std::ios::binary | std::ios::trunc);
    o.write(content.data(), static_cast<std::streamsize>(content.size()));
    o.close();
    if (!o)
      throw InputError(fmt(tr("cannot write %1$s: writing %2$s failed; check the folder is writable and the disk has "
                              "room"),
                           path.c_str(), f.temp().c_str()));
  }
  f.commit();
}

fs::path moveAside(const fs::path& file) {
  for (int n = 1; n < 10000; ++n) {
    fs::path aside = file.string() + (n == 1 ? std::string(".old") : ".old." + std::to_string(n));
    // link() refuses an existing name, so a file appearing meanwhile is not replaced either; rename() is the
    // fallback where the filesystem has no hard links.
    if (::link(file.c_str(), aside.c_str()) == 0) {
      ::unlink(file.c_str());
      return aside;
    }
    if (errno == EEXIST) continue;
    std::error_code ec;
    if (fs::exists(aside, ec)) continue;
    fs::rename(file, aside, ec);
    if (!ec) return aside;
    throw InputError(fmt(tr("cannot move %1$s aside to %2$s: %3$s"), file.c_str(), aside.c_str(),
                         ec.message().c_str()));
  }
  throw InputError(fmt(tr("cannot move %1$s aside: %1$s.old and 9,998 more names are taken; remove the old ones"),
                       file.c_str()));
}

bool sameFile(const std::string& a, const std::string& b) {
  struct stat sa {}, sb {};
  if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0) return false;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

namespace {
// The archive on disk under a GDAL virtual path (/vsizip/in/town.zip/b.shp → in/town.zip; chained prefixes such
// as /vsizip//vsigzip/… and GDAL's {…} quoting included), or "" when there is none (/vsicurl/, /vsimem/).
// geo/core knows no GDAL: the archive is the longest leading part of the path that is a regular file.
std::string archiveOf(const std::string& path) {
  std::string rest = path;
  while (rest.rfind("/vsi", 0) == 0) {
    size_t slash = rest.find('/', 1);
    if (slash == std::string::npos) return {};
    rest = rest.substr(slash + 1);
  }
  if (rest == path) return {};
  if (!rest.empty() && rest[0] == '{') {
    size_t close = rest.find('}');
    return close == std::string::npos ? std::string() : rest.substr(1, close - 1);
  }
  std::error_code ec;
  for (size_t end = rest.find('/', 1);; end = rest.find('/', end + 1)) {
    std::string part = rest.substr(0, end);
    if (fs::is_regular_file(part, ec)) return part;
    if (end == std::string::npos) return {};
  }
}
}  // namespace

std::vector<std::string> sourceFiles(const std::string& path) {
  // A zipped (or tarred, gzipped) input: writing over the archive would destroy it.
  if (std::string archive = archiveOf(path); !archive.empty()) return {path, archive};
  std::vector<std::string> out{path};
  fs::path p(path);
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".shp" || ext == ".dbf" || ext == ".shx") {
    // Every file of the same stem: .shp, .dbf, .shx, .prj, .cpg, .qix, .sbn, …
    std::error_code ec;
    for (auto it = fs::directory_iterator(folderOf(p), ec); !ec && it != fs::directory_iterator(); it.increment(ec))
      if (it->path().stem() == p.stem() && it->path() != p) out.push_back(it->path().string());
  }
  return out;
}

void refuseOverwritingInputs(const std::string& outOption, const std::string& out,
                             const std::vector<std::pair<std::string, std::string>>& inputs) {
  if (out.empty()) return;
  for (const auto& [option, path] : inputs) {
    if (path.empty()) continue;
    for (const std::string& f : sourceFiles(path))
      if (sameFile(out, f))
        throw InputError(
            f == path ? fmt(tr("%1$s %2$s is the input %3$s %4$s: writing there would destroy it. Give the output "
                               "another name."),
                            outOption.c_str(), out.c_str(), option.c_str(), path.c_str())
                      : fmt(tr("%1$s %2$s is part of the input %3$s %4$s (%5$s): writing there would destroy it. Give "
                               "the output another name."),
                            outOption.c_str(), out.c_str(), option.c_str(), path.c_str(), f.c_str()));
  }
}

}  // namespace gp
