// Grids and units as GeoJSON (EPSG:4326, RFC 7946) or Shapefile (the plan's CRS, UTF-8 .cpg).
#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <mutex>

#include "geo/core/Error.hpp"
#include "geo/io/Export.hpp"
#include "geo/io/ExportFiles.hpp"
#include "geo/io/OgrGeometry.hpp"

namespace gp::io {

namespace {

struct Field {
  const char* name;  // in GeoJSON
  const char* shp;   // in a shapefile (≤ 10 characters)
  OGRFieldType type;
  int width;         // shapefile width in bytes (UTF-8), 0 = default
};

const Field kGridFields[] = {
    {"grid_id", "grid_id", OFTString, 20},        {"community_id", "comm_id", OFTString, 20},
    {"name", "name", OFTString, 100},             {"households", "households", OFTInteger, 0},
    {"units", "units", OFTInteger, 0},            {"status", "status", OFTString, 10},
    {"reason", "reason", OFTString, 254},         {"locked", "locked", OFTInteger, 0},
    {"worker_name", "worker", OFTString, 60},     {"worker_phone", "phone", OFTString, 30},
    {"duties", "duties", OFTString, 254},
};
const Field kUnitFields[] = {
    {"unit_id", "unit_id", OFTString, 20}, {"grid_id", "grid_id", OFTString, 20},
    {"households", "households", OFTInteger, 0}, {"status", "status", OFTString, 10},
    {"reason", "reason", OFTString, 254},  {"leader_name", "leader", OFTString, 60},
};

struct Target {
  const char* driver;
  const char* ext;
  bool shapefile;
};

struct QuietGdal {
  QuietGdal() {
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
  }
  ~QuietGdal() { CPLPopErrorHandler(); }
};

std::string gdalError() {
  const char* m = CPLGetLastErrorMsg();
  return m && *m ? m : "unknown GDAL error";
}

OGRSpatialReference planSrs(const Plan& plan, bool& ok) {
  OGRSpatialReference s;
  s.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  ok = false;
  if (!plan.in.crs_wkt.empty()) ok = s.importFromWkt(plan.in.crs_wkt.c_str()) == OGRERR_NONE;
  if (!ok && plan.in.epsg > 0) ok = s.importFromEPSG(plan.in.epsg) == OGRERR_NONE;
  return s;
}

template <typename Row>
void writeLayer(const Target& t, const std::string& file, const std::string& layerName, const Field* fields, size_t nf,
                size_t rows, OGRSpatialReference* srs, OGRCoordinateTransformation* ct, Row row) {
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(t.driver);
  if (!drv) throw std::runtime_error(std::string("GDAL has no ") + t.driver + " driver");
  GDALDatasetUniquePtr ds(drv->Create(file.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw InputError("cannot write " + file + " (" + gdalError() + ")");
  char** opts = nullptr;
  if (t.shapefile) {
    opts = CSLSetNameValue(opts, "ENCODING", "UTF-8");
  } else {
    opts = CSLSetNameValue(opts, "RFC7946", "YES");
    opts = CSLSetNameValue(opts, "COORDINATE_PRECISION", "7");
    opts = CSLSetNameValue(opts, "WRITE_NAME", "NO");
  }
  OGRLayer* l = ds->CreateLayer(layerName.c_str(), srs, wkbMultiPolygon, opts);
  CSLDestroy(opts);
  if (!l) throw InputError("cannot write " + file + ": layer " + layerName + " (" + gdalError() + ")");
  for (size_t i = 0; i < nf; ++i) {
    OGRFieldDefn d(t.shapefile ? fields[i].shp : fields[i].name, fields[i].type);
    if (t.shapefile && fields[i].width > 0) d.SetWidth(fields[i].width);
    if (l->CreateField(&d) != OGRERR_NONE) throw InputError("cannot write " + file + ": field " + fields[i].name);
  }
  for (size_t r = 0; r < rows; ++r) {
    OGRFeature f(l->GetLayerDefn());
    MultiPolygon shape = row(f, r);
    if (!shape.empty()) {
      auto g = ogr::toOgr(shape);
      if (ct && g->transform(ct) != OGRERR_NONE)
        throw InputError("cannot reproject row " + std::to_string(r + 1) + " of " + layerName + " to EPSG:4326 (" + gdalError() + ")");
      f.SetGeometryDirectly(g.release());
    }
    if (l->CreateFeature(&f) != OGRERR_NONE) throw InputError("cannot write " + file + " (" + gdalError() + ")");
  }
  ds.reset();
  if (CPLGetLastErrorType() >= CE_Failure) throw InputError("cannot write " + file + " (" + gdalError() + ")");
}

std::vector<std::string> writeGridsAndUnits(const Plan& plan, const std::string& dir, const Target& t) {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
  QuietGdal quiet;
  bool haveSrs = false;
  OGRSpatialReference src = planSrs(plan, haveSrs);
  std::unique_ptr<OGRCoordinateTransformation> ct;
  OGRSpatialReference wgs84;
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  wgs84.importFromEPSG(4326);
  if (!t.shapefile) {
    if (!haveSrs)
      throw InputError("cannot export GeoJSON: the plan has no coordinate reference system to reproject to "
                       "longitude/latitude from; write it again with `gridplan partition --crs EPSG:N`");
    ct.reset(OGRCreateCoordinateTransformation(&src, &wgs84));
    if (!ct) throw InputError("cannot export GeoJSON: no transformation from the plan's CRS to EPSG:4326 (" + gdalError() + ")");
  }
  OGRSpatialReference* layerSrs = t.shapefile ? (haveSrs ? &src : nullptr) : &wgs84;

  StagingDir stage(dir);
  const int nc = static_cast<int>(plan.in.communities.size()), ng = static_cast<int>(plan.grids.size());
  writeLayer(t, stage.path(std::string("grids") + t.ext).string(), "grids", kGridFields, std::size(kGridFields),
             plan.grids.size(), layerSrs, ct.get(), [&](OGRFeature& f, size_t i) {
               const Grid& g = plan.grids[i];
               f.SetField(0, g.grid_id.c_str());
               if (g.community >= 0 && g.community < nc) f.SetField(1, plan.in.communities[g.community].community_id.c_str());
               f.SetField(2, g.name.c_str());
               f.SetField(3, g.households);
               f.SetField(4, g.units);
               f.SetField(5, toString(g.status));
               f.SetField(6, g.reason.c_str());
               f.SetField(7, g.locked ? 1 : 0);
               f.SetField(8, g.worker_name.c_str());
               f.SetField(9, g.worker_phone.c_str());
               f.SetField(10, g.duties.c_str());
               return g.shape;
             });
  writeLayer(t, stage.path(std::string("units") + t.ext).string(), "units", kUnitFields, std::size(kUnitFields),
             plan.units.size(), layerSrs, ct.get(), [&](OGRFeature& f, size_t i) {
               const Unit& u = plan.units[i];
               f.SetField(0, u.unit_id.c_str());
               if (u.grid >= 0 && u.grid < ng) f.SetField(1, plan.grids[u.grid].grid_id.c_str());
               f.SetField(2, u.households);
               f.SetField(3, toString(u.status));
               f.SetField(4, u.reason.c_str());
               f.SetField(5, u.leader_name.c_str());
               return u.shape;
             });
  return stage.commit();
}

}  // namespace

std::vector<std::string> exportGeoJson(const Plan& plan, const std::string& dir) {
  return writeGridsAndUnits(plan, dir, Target{"GeoJSON", ".geojson", false});
}

std::vector<std::string> exportShapefile(const Plan& plan, const std::string& dir) {
  return writeGridsAndUnits(plan, dir, Target{"ESRI Shapefile", ".shp", true});
}

}  // namespace gp::io
