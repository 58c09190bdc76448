#pragma once
// The bad-input suite of issue 11: every input is generated here (GDAL writes small layers; damage is done to
// their bytes), run through the real `gridplan` binary, and each case asserts four things:
//   1. the exit code;
//   2. that the message names the file, layer, feature or field;
//   3. that households are conserved: households read = households in the plan + households left out (plan_meta
//      `households_left_out`), and with exit 2 that no plan is written at all;
//   4. that no input file changed (checksums of every file under the case's in/ folder before and after).
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/TestSupport.hpp"

namespace gp::badinput {

namespace fs = std::filesystem;

struct Field {
  std::string name;
  OGRFieldType type = OFTString;
};

// A feature: geometry as WKT ("" = none) and one value per field (nullopt = NULL), set through GDAL's string
// conversion so a field of any type takes "1e12" or "NaN" the way a planner's spreadsheet would have written it.
struct Feat {
  std::string wkt;
  std::vector<std::optional<std::string>> values;
};

// Writes one layer with GDAL. `epsg` 0: no CRS.
void writeLayer(const fs::path& path, const char* driver, const std::string& layer, int epsg,
                OGRwkbGeometryType type, const std::vector<Field>& fields, const std::vector<Feat>& feats,
                const std::vector<std::string>& layerOptions = {}, bool append = false);

// A rectangle as WKT.
std::string rect(double x, double y, double w, double h);

// A small town in EPSG:4549 (CGCS2000 3° GK, CM 120°E, Shanghai): `n` buildings of 20 × 12 m in a row-major grid
// 40 m apart, fields bld_id (string), households (`hhType`), floors (integer). households = `hh` each.
struct Town {
  std::vector<Field> fields;
  std::vector<Feat> feats;
  long long households = 0;  // the sum of the usable counts
};
Town town(int n = 12, int hh = 30, OGRFieldType hhType = OFTInteger64);
constexpr double kX0 = 500000, kY0 = 3450000;
constexpr int kEpsg = 4549;

// One case: a fresh folder with in/ (inputs) and out/ (outputs).
class Case {
 public:
  explicit Case(const std::string& name);
  fs::path in(const std::string& f) const { return dir_ / "in" / f; }
  fs::path out(const std::string& f) const { return dir_ / "out" / f; }
  const fs::path& dir() const { return dir_; }
  // Checksums every file under in/ (call once the inputs are written).
  void snapshot();
  // Every file under in/ is as snapshot() saw it, and no file was added or removed.
  void expectInputsUnchanged() const;
  gp::test::RunResult run(const std::string& args) const;

 private:
  std::map<std::string, std::string> sums() const;
  fs::path dir_;
  std::map<std::string, std::string> before_;
};

// Sum of `households` over the plan's buildings layer, and plan_meta's households_left_out (-1 if absent).
long long planHouseholds(const fs::path& plan);
long long planLeftOut(const fs::path& plan);

// The common assertions of a case (see the top of this file). householdsIn < 0: do not check conservation.
void expectOutcome(const Case& c, const gp::test::RunResult& r, int exitCode, const std::vector<std::string>& mentions,
                   long long householdsIn, const fs::path& plan);

// Runs SQL on a GeoPackage through GDAL (SQLite itself: GDAL's writer would refuse what the case needs, e.g.
// bytes that are not UTF-8).
void sql(const fs::path& gpkg, const std::string& statement);
// X'..' literal of the bytes of s, cast to TEXT.
std::string sqlText(const std::string& s);

// A zip archive at `zipFile` holding `files` (each under its own file name), written with GDAL's CPLCreateZip.
void zipFiles(const fs::path& zipFile, const std::vector<fs::path>& files);

// Byte surgery on generated files.
void truncateTo(const fs::path& p, double fraction);
void overwrite(const fs::path& p, size_t offset, size_t len, unsigned char byte);

}  // namespace gp::badinput
