#include "geo/io/PlanFile.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <mutex>

#include "geo/io/Gdal.hpp"
#include "geo/core/AtomicFile.hpp"
#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
#include "geo/io/PlanSchema.hpp"

namespace gp::io {

namespace {

namespace fs = std::filesystem;

std::string lastGdalError() {
  const char* m = CPLGetLastErrorMsg();
  return m && *m ? std::string(m) : std::string(tr("unknown error"));
}

struct QuietGdal {
  QuietGdal() {
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
  }
  ~QuietGdal() { CPLPopErrorHandler(); }
};

}  // namespace

void writePlan(const Plan& plan, const std::string& path, int jobs) {
  registerGdal();
  QuietGdal quiet;
  // GDAL's GPKG driver wants the .gpkg extension, so the temp file keeps it (geo/core/AtomicFile).
  AtomicFile file(path, tr("plan file"), ".gpkg");
  const fs::path tmp = file.temp();

  OGRSpatialReference srs;
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  bool haveSrs = false;
  if (!plan.in.crs_wkt.empty())
    haveSrs = srs.importFromWkt(plan.in.crs_wkt.c_str()) == OGRERR_NONE;
  if (!haveSrs && plan.in.epsg > 0) haveSrs = srs.importFromEPSG(plan.in.epsg) == OGRERR_NONE;

  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
  if (!drv) throw std::runtime_error(tr("GDAL was built without the GPKG driver"));
  try {
    GDALDatasetUniquePtr ds(drv->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds)
      throw InputError(fmt(tr("cannot write plan file %1$s: cannot create %2$s (GDAL: %3$s); check the folder is "
                              "writable"),
                           path.c_str(), tmp.c_str(), lastGdalError().c_str()));
    writeLayers(plan, ds.get(), haveSrs ? &srs : nullptr, path, jobs);
    CPLErrorReset();
    ds.reset();  // closing flushes the spatial indexes and ends the file
    if (CPLGetLastErrorType() >= CE_Failure)
      throw InputError(
          fmt(tr("cannot write plan file %1$s: closing failed (GDAL: %2$s)"), path.c_str(), lastGdalError().c_str()));
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

Plan readPlan(const std::string& path, std::vector<Problem>* textRepairs) {
  registerGdal();
  QuietGdal quiet;
  std::error_code ec;
  if (!fs::exists(path, ec))
    throw InputError(fmt(
        tr("plan file %s does not exist: give the path of a plan GeoPackage written by `gridplan partition`"),
        path.c_str()));
  if (fs::is_directory(path, ec))
    throw InputError(fmt(tr("plan file %s is a folder, not a GeoPackage"), path.c_str()));
  const char* drivers[] = {"GPKG", nullptr};
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers));
  if (!ds)
    throw InputError(fmt(tr("plan file %1$s is not a GeoPackage GDAL can read (GDAL: %2$s): give a plan written by "
                            "`gridplan partition`"),
                         path.c_str(), lastGdalError().c_str()));
  Plan plan;
  std::vector<Problem> repairs = readLayers(ds.get(), path, plan);
  if (textRepairs) *textRepairs = std::move(repairs);
  return plan;
}

}  // namespace gp::io
