#include "tests/badinput/BadInputSupport.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace gp::badinput {

void writeLayer(const fs::path& path, const char* driver, const std::string& layer, int epsg,
                OGRwkbGeometryType type, const std::vector<Field>& fields, const std::vector<Feat>& feats,
                const std::vector<std::string>& layerOptions, bool append) {
  GDALAllRegister();
  GDALDatasetUniquePtr ds;
  if (append) {
    ds.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
  } else {
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver);
    ASSERT_NE(drv, nullptr) << driver;
    ds.reset(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  }
  ASSERT_TRUE(ds) << "cannot create " << path;
  OGRSpatialReference srs;
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (epsg) srs.importFromEPSG(epsg);
  CPLStringList lco;
  for (const auto& o : layerOptions) lco.AddString(o.c_str());
  OGRLayer* l = ds->CreateLayer(layer.c_str(), epsg ? &srs : nullptr, type, lco.List());
  ASSERT_NE(l, nullptr);
  for (const auto& f : fields) {
    OGRFieldDefn d(f.name.c_str(), f.type);
    ASSERT_EQ(l->CreateField(&d), OGRERR_NONE) << f.name;
  }
  ds->StartTransaction();
  for (const auto& ft : feats) {
    OGRFeature f(l->GetLayerDefn());
    for (size_t i = 0; i < ft.values.size() && i < fields.size(); ++i)
      if (ft.values[i]) f.SetField(static_cast<int>(i), ft.values[i]->c_str());
    if (!ft.wkt.empty()) {
      OGRGeometry* g = nullptr;
      ASSERT_EQ(OGRGeometryFactory::createFromWkt(ft.wkt.c_str(), epsg ? &srs : nullptr, &g), OGRERR_NONE) << ft.wkt;
      f.SetGeometryDirectly(g);
    }
    ASSERT_EQ(l->CreateFeature(&f), OGRERR_NONE);
  }
  ds->CommitTransaction();
}

std::string rect(double x, double y, double w, double h) {
  std::ostringstream s;
  s.precision(12);
  s << "POLYGON ((" << x << " " << y << "," << x + w << " " << y << "," << x + w << " " << y + h << "," << x << " "
    << y + h << "," << x << " " << y << "))";
  return s.str();
}

Town town(int n, int hh, OGRFieldType hhType) {
  Town t;
  t.fields = {{"bld_id", OFTString}, {"households", hhType}, {"floors", OFTInteger}};
  for (int i = 0; i < n; ++i) {
    double x = kX0 + 40.0 * (i % 4), y = kY0 + 40.0 * (i / 4);
    t.feats.push_back({rect(x, y, 20, 12), {std::string("B").append(std::to_string(i + 1)), std::to_string(hh), "6"}});
    t.households += hh;
  }
  return t;
}

Case::Case(const std::string& name) {
  dir_ = gp::test::tempDir(name);
  fs::create_directories(dir_ / "in");
  fs::create_directories(dir_ / "out");
}

std::map<std::string, std::string> Case::sums() const {
  std::map<std::string, std::string> m;
  for (auto& e : fs::recursive_directory_iterator(dir_ / "in")) {
    if (!e.is_regular_file()) continue;
    std::ifstream f(e.path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    // FNV-1a 64: a change detector, not cryptography.
    unsigned long long h = 1469598103934665603ull;
    for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
    m[fs::relative(e.path(), dir_).string()] = std::to_string(bytes.size()) + ":" + std::to_string(h);
  }
  return m;
}

void Case::snapshot() { before_ = sums(); }

void Case::expectInputsUnchanged() const {
  ASSERT_FALSE(before_.empty()) << "snapshot() was not called";
  EXPECT_EQ(sums(), before_) << "an input file changed";
}

gp::test::RunResult Case::run(const std::string& args) const {
  // GRIDPLAN_UNDER_TEST runs the suite against another binary (e.g. an older build, to see a case fail before).
  const char* other = std::getenv("GRIDPLAN_UNDER_TEST");
  std::string bin = other && *other ? other : GRIDPLAN_BINARY;
  return gp::test::runShell("cd " + gp::test::q(dir_.string()) + " && " + gp::test::q(bin) + " " + args);
}

long long planHouseholds(const fs::path& plan) {
  GDALDatasetUniquePtr ds(GDALDataset::Open(plan.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds) return -1;
  OGRLayer* l = ds->GetLayerByName("buildings");
  if (!l) return -1;
  long long sum = 0;
  for (auto& f : *l) sum += f->GetFieldAsInteger64("households");
  return sum;
}

long long planLeftOut(const fs::path& plan) {
  GDALDatasetUniquePtr ds(GDALDataset::Open(plan.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds) return -1;
  OGRLayer* l = ds->GetLayerByName("plan_meta");
  if (!l) return -1;
  for (auto& f : *l)
    if (std::string(f->GetFieldAsString("key")) == "households_left_out") return std::atoll(f->GetFieldAsString("value"));
  return -1;
}

void expectOutcome(const Case& c, const gp::test::RunResult& r, int exitCode, const std::vector<std::string>& mentions,
                   long long householdsIn, const fs::path& plan) {
  EXPECT_EQ(r.exit_code, exitCode) << r.out;
  for (const auto& m : mentions) EXPECT_NE(r.out.find(m), std::string::npos) << "the message should name " << m << ":\n" << r.out;
  EXPECT_EQ(r.out.find("internal error"), std::string::npos) << r.out;
  std::error_code ec;
  if (exitCode == 2 && !plan.empty()) {
    EXPECT_FALSE(fs::exists(plan, ec)) << "exit 2 must write nothing, but " << plan << " exists";
  } else if (householdsIn >= 0 && !plan.empty()) {
    long long out = planHouseholds(plan), left = planLeftOut(plan);
    EXPECT_GE(left, 0) << "plan_meta has no households_left_out";
    EXPECT_EQ(householdsIn, out + left) << "households read " << householdsIn << " = in the plan " << out
                                        << " + left out " << left << "\n" << r.out;
  }
  c.expectInputsUnchanged();
}

void sql(const fs::path& gpkg, const std::string& statement) {
  GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
  ASSERT_TRUE(ds) << gpkg;
  CPLErrorReset();
  OGRLayer* l = ds->ExecuteSQL(statement.c_str(), nullptr, nullptr);
  if (l) ds->ReleaseResultSet(l);
  ASSERT_LT(CPLGetLastErrorType(), CE_Failure) << statement << ": " << CPLGetLastErrorMsg();
}

std::string sqlText(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out = "CAST(X'";
  for (unsigned char c : s) out += std::string{hex[c >> 4], hex[c & 15]};
  return out + "' AS TEXT)";
}

void zipFiles(const fs::path& zipFile, const std::vector<fs::path>& files) {
  void* zip = CPLCreateZip(zipFile.c_str(), nullptr);
  ASSERT_NE(zip, nullptr) << zipFile;
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(CPLCreateFileInZip(zip, f.filename().c_str(), nullptr), CE_None) << f;
    EXPECT_EQ(CPLWriteFileInZip(zip, bytes.data(), static_cast<int>(bytes.size())), CE_None) << f;
    EXPECT_EQ(CPLCloseFileInZip(zip), CE_None) << f;
  }
  EXPECT_EQ(CPLCloseZip(zip), CE_None) << zipFile;
}

void truncateTo(const fs::path& p, double fraction) {
  auto size = fs::file_size(p);
  fs::resize_file(p, static_cast<uintmax_t>(static_cast<double>(size) * fraction));
}

void overwrite(const fs::path& p, size_t offset, size_t len, unsigned char byte) {
  std::fstream f(p, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(offset));
  std::string junk(len, static_cast<char>(byte));
  f.write(junk.data(), static_cast<std::streamsize>(len));
}

}  // namespace gp::badinput
