#pragma once
// Every output of gridplan is written under a temporary name beside its target and renamed into place at the end:
// a reader never sees half a file, and a failed run leaves the old file as it was (issue 11, class 7). One helper
// for all of them, so the rules hold everywhere: temp names within 255 bytes however long the target's name, temp
// files of a killed run removed by the next run to the same path, a read-only output never replaced silently.
// And no output may be an input of the same run (class 3): sameFile() compares device and inode.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace gp {

class AtomicFile {
 public:
  // Checks the folder exists and the target is not a read-only file or a folder, removes stale temp files of
  // the target, and picks the temp path. `what` names the output in messages ("plan file", "--out");
  // `suffix` is kept at the end of the temp name (GDAL picks the GeoPackage driver by ".gpkg").
  // Throws gp::InputError naming the path.
  AtomicFile(const std::string& target, std::string what, const std::string& suffix = "");
  ~AtomicFile();  // removes the temp file (and SQLite's -journal, -wal, -shm beside it) unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  const std::filesystem::path& temp() const { return temp_; }
  const std::filesystem::path& target() const { return target_; }
  // Renames the temp file over the target. Throws gp::InputError naming the target on failure.
  void commit();

 private:
  std::filesystem::path target_, temp_;
  std::string what_;
  bool committed_ = false;
};

// Renames a temp file written elsewhere (tempPathFor) over `target` after checkReplaceable; removes the temp file
// when that fails. Throws gp::InputError naming the target.
void commitTemp(const std::filesystem::path& temp, const std::filesystem::path& target, const std::string& what);

// Writes `content` to `path` through an AtomicFile.
void writeFileAtomically(const std::string& path, const std::string& content, const std::string& what = "");

// A temp path beside `target`: ".<name>.<hash>.tmp-<pid>-<n><suffix>", the name shortened at a UTF-8 boundary so
// the whole stays within 255 bytes (NAME_MAX); the hash of the full name keeps shortened names apart.
std::filesystem::path tempPathFor(const std::filesystem::path& target, const std::string& suffix = "");
// Removes temp files and folders of `target` whose process is gone (a run that was killed or crashed).
void removeStaleTemps(const std::filesystem::path& target);
// Throws gp::InputError when `target` exists and cannot be replaced: a folder (unless `folderOk`) or read-only.
void checkReplaceable(const std::filesystem::path& target, const std::string& what, bool folderOk = false);

// Moves `file` aside to "<file>.old", or "<file>.old.2", ".old.3", … when that exists: never over another file (a
// journal moved aside earlier holds unsaved edits too). Returns where it went. Throws gp::InputError naming both.
std::filesystem::path moveAside(const std::filesystem::path& file);

// True when both paths exist and are the same file (device and inode): links, "./x" and "../d/x" do not fool it.
bool sameFile(const std::string& a, const std::string& b);
// Files that make up a data source at `path`: itself, and for a Shapefile its .dbf, .shx, .prj, .cpg, … siblings;
// for a path inside an archive (/vsizip/town.zip/b.shp), the archive.
std::vector<std::string> sourceFiles(const std::string& path);
// Throws gp::InputError (exit 2) when `out` is the same file as any input: each input is (option, path), and every
// file of a Shapefile input counts. Nothing has been written when it throws.
void refuseOverwritingInputs(const std::string& outOption, const std::string& out,
                             const std::vector<std::pair<std::string, std::string>>& inputs);

}  // namespace gp
