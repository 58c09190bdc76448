#include "geo/io/PlanFile.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <mutex>

#include "geo/core/AtomicFile.hpp"
#include "geo/core/Error.hpp"
#include "geo/io/PlanSchema.hpp"

namespace gp::io {

namespace {

namespace fs = std::filesystem;

void registerGdal() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

std::string lastGdalError() {
  const char* m = CPLGetLastErrorMsg();
  return m && *m ? std::string(m) : std::string("unknown GDAL error");
}

struct QuietGdal {
  QuietGdal() {
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
  }
  ~QuietGdal() { CPLPopErrorHandler(); }
};

}  // namespace

void writePlan(const Plan& plan, const std::string& path) {
  registerGdal();
  QuietGdal quiet;
  // GDAL's GPKG driver wants the .gpkg extension, so the temp file keeps it (geo/core/AtomicFile).
  AtomicFile file(path, "plan file", ".gpkg");
  const fs::path tmp = file.temp();

  OGRSpatialReference srs;
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  bool haveSrs = false;
  if (!plan.in.crs_wkt.empty())
    haveSrs = srs.importFromWkt(plan.in.crs_wkt.c_str()) == OGRERR_NONE;
  if (!haveSrs && plan.in.epsg > 0) haveSrs = srs.importFromEPSG(plan.in.epsg) == OGRERR_NONE;

  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
  if (!drv) throw std::runtime_error("GDAL has no GPKG driver");
  try {
    GDALDatasetUniquePtr ds(drv->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds)
      throw InputError("cannot write plan file " + path + ": cannot create " + tmp.string() + " (" + lastGdalError() +
                       "); check the folder is writable");
    writeLayers(plan, ds.get(), haveSrs ? &srs : nullptr, path);
    CPLErrorReset();
    ds.reset();  // closing flushes the spatial indexes and ends the file
    if (CPLGetLastErrorType() >= CE_Failure)
      throw InputError("cannot write plan file " + path + ": closing failed (" + lastGdalError() + ")");
    file.commit();
  } catch (...) {
    std::error_code ignore;
    fs::remove(tmp, ignore);
    fs::remove(fs::path(tmp.string() + "-journal"), ignore);
    fs::remove(fs::path(tmp.string() + "-wal"), ignore);
    fs::remove(fs::path(tmp.string() + "-shm"), ignore);
    throw;
  }
}

Plan readPlan(const std::string& path) {
  registerGdal();
  QuietGdal quiet;
  std::error_code ec;
  if (!fs::exists(path, ec))
    throw InputError("plan file " + path + " does not exist: give the path of a plan GeoPackage written by `gridplan partition`");
  if (fs::is_directory(path, ec)) throw InputError("plan file " + path + " is a folder, not a GeoPackage");
  const char* drivers[] = {"GPKG", nullptr};
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers));
  if (!ds)
    throw InputError("plan file " + path + " is not a GeoPackage GDAL can read (" + lastGdalError() +
                     "): give a plan written by `gridplan partition`");
  Plan plan;
  readLayers(ds.get(), path, plan);
  return plan;
}

}  // namespace gp::io
