// Grids and units as GeoJSON (EPSG:4326, RFC 7946) or Shapefile (the plan's CRS, a UTF-8 or GBK .dbf).
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>

#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
#include "geo/io/Export.hpp"
#include "geo/io/ExportFiles.hpp"
#include "geo/io/Gdal.hpp"
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
  bool gbk = false;  // the .dbf in CP936 instead of UTF-8
  ProblemList* problems = nullptr;
};

// "GBK", "CP936", "936" (any case) → true; empty or "UTF-8" → false; anything else is refused.
bool wantsGbk(const std::string& encoding) {
  std::string e = encoding;
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::toupper(c); });
  e.erase(std::remove(e.begin(), e.end(), '-'), e.end());
  if (e.empty() || e == "UTF8") return false;
  if (e == "GBK" || e == "CP936" || e == "936") return true;
  throw InputError(fmt(tr("--encoding %s: a Shapefile is written in UTF-8 (the default) or GBK (for older tools "
                          "that read only the Chinese Windows code page)"),
                       encoding.c_str()));
}

// A string as the .dbf holds it: its bytes in the layer's code page, and whether it came through whole.
struct Encoded {
  size_t bytes = 0;
  bool lossless = true;
};

Encoded encode(const std::string& utf8, bool gbk) {
  if (!gbk) return {utf8.size(), true};
  char* to = CPLRecode(utf8.c_str(), CPL_ENC_UTF8, "CP936");
  char* back = CPLRecode(to, "CP936", CPL_ENC_UTF8);
  Encoded e{std::strlen(to), utf8 == back};
  CPLFree(to);
  CPLFree(back);
  return e;
}

// `utf8` without its last code points until it fits `width` bytes in the code page: GDAL would cut it at the
// byte, through the middle of a Chinese character.
std::string fitWidth(std::string utf8, size_t width, bool gbk) {
  while (!utf8.empty() && encode(utf8, gbk).bytes > width) {
    size_t n = utf8.size() - 1;
    while (n > 0 && (static_cast<unsigned char>(utf8[n]) & 0xC0) == 0x80) --n;
    utf8.resize(n);
  }
  return utf8;
}

// Per string field of a Shapefile layer: how many values were cut or lost characters, and the first row's id.
struct FieldLoss {
  int cut = 0, lossy = 0;
  std::string firstCut, firstLossy;
};

// The .dbf of `file` (a .shp) and its base name, for messages.
std::string dbfName(const std::string& file) {
  std::string base = CPLGetBasename(file.c_str());
  return base + ".dbf";
}

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
  if (!drv) throw std::runtime_error(fmt(tr("GDAL was built without the %s driver"), t.driver));
  GDALDatasetUniquePtr ds(drv->Create(file.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw InputError(fmt(tr("cannot write %1$s (GDAL: %2$s)"), file.c_str(), gdalError().c_str()));
  char** opts = nullptr;
  if (t.shapefile) {
    // LDID/77 is the language driver byte of code page 936: GDAL writes the .dbf in CP936 and marks it so for
    // tools that predate .cpg; the .cpg is written beside it (writeGridsAndUnits).
    opts = CSLSetNameValue(opts, "ENCODING", t.gbk ? "LDID/77" : "UTF-8");
  } else {
    opts = CSLSetNameValue(opts, "RFC7946", "YES");
    opts = CSLSetNameValue(opts, "COORDINATE_PRECISION", "7");
    opts = CSLSetNameValue(opts, "WRITE_NAME", "NO");
  }
  OGRLayer* l = ds->CreateLayer(layerName.c_str(), srs, wkbMultiPolygon, opts);
  CSLDestroy(opts);
  if (!l)
    throw InputError(fmt(tr("cannot write %1$s: layer %2$s (GDAL: %3$s)"), file.c_str(), layerName.c_str(),
                         gdalError().c_str()));
  std::string renamed;
  for (size_t i = 0; i < nf; ++i) {
    OGRFieldDefn d(t.shapefile ? fields[i].shp : fields[i].name, fields[i].type);
    if (t.shapefile && fields[i].width > 0) d.SetWidth(fields[i].width);
    if (l->CreateField(&d) != OGRERR_NONE)
      throw InputError(fmt(tr("cannot write %1$s: field %2$s"), file.c_str(), fields[i].name));
    if (t.shapefile && std::strcmp(fields[i].name, fields[i].shp) != 0)
      renamed += (renamed.empty() ? "" : ", ") + std::string(fields[i].name) + " → " + fields[i].shp;
  }
  const std::string dbf = dbfName(file);
  if (t.problems && !renamed.empty())
    t.problems->add("field_renamed", Severity::Info, dbf,
                    fmt(tr("%1$s: fields renamed to fit the 10 characters a .dbf field name may have: %2$s"),
                        dbf.c_str(), renamed.c_str()));
  std::vector<FieldLoss> loss(nf);
  for (size_t r = 0; r < rows; ++r) {
    OGRFeature f(l->GetLayerDefn());
    MultiPolygon shape = row(f, r);
    if (t.shapefile)
      for (size_t i = 0; i < nf; ++i) {
        if (fields[i].type != OFTString || !f.IsFieldSetAndNotNull(static_cast<int>(i))) continue;
        const std::string v = f.GetFieldAsString(static_cast<int>(i));
        Encoded e = encode(v, t.gbk);
        const size_t width = static_cast<size_t>(fields[i].width > 0 ? fields[i].width : 254);
        if (!e.lossless && loss[i].lossy++ == 0) loss[i].firstLossy = f.GetFieldAsString(0);
        if (e.bytes > width) {
          if (loss[i].cut++ == 0) loss[i].firstCut = f.GetFieldAsString(0);
          f.SetField(static_cast<int>(i), fitWidth(v, width, t.gbk).c_str());
        }
      }
    if (!shape.empty()) {
      auto g = ogr::toOgr(shape);
      if (ct && g->transform(ct) != OGRERR_NONE)
        throw InputError(fmt(tr("cannot reproject row %1$zu of %2$s to EPSG:4326 (GDAL: %3$s)"), r + 1, layerName.c_str(),
                             gdalError().c_str()));
      f.SetGeometryDirectly(g.release());
    }
    if (l->CreateFeature(&f) != OGRERR_NONE)
      throw InputError(fmt(tr("cannot write %1$s (GDAL: %2$s)"), file.c_str(), gdalError().c_str()));
  }
  ds.reset();
  if (CPLGetLastErrorType() >= CE_Failure)
    throw InputError(fmt(tr("cannot write %1$s (GDAL: %2$s)"), file.c_str(), gdalError().c_str()));
  if (!t.problems) return;
  for (size_t i = 0; i < nf; ++i) {
    const int width = fields[i].width > 0 ? fields[i].width : 254;
    if (loss[i].cut > 0)
      t.problems->add("text_cut", Severity::Warning, dbf + " " + fields[i].shp,
                      fmt(trn("%1$s: %2$d value of field %3$s cut to %4$d bytes, all its .dbf column holds (the first in "
                              "%5$s); the plan keeps the whole text",
                              "%1$s: %2$d values of field %3$s cut to %4$d bytes, all its .dbf column holds (the first "
                              "in %5$s); the plan keeps the whole text",
                              static_cast<unsigned long>(loss[i].cut)),
                          dbf.c_str(), loss[i].cut, fields[i].shp, width, loss[i].firstCut.c_str()));
    if (loss[i].lossy > 0)
      t.problems->add("text_not_encodable", Severity::Warning, dbf + " " + fields[i].shp,
                      fmt(trn("%1$s: %2$d value of field %3$s has characters GBK lacks, written as ? (the first in "
                              "%4$s); export in UTF-8 (without --encoding) to keep them",
                              "%1$s: %2$d values of field %3$s have characters GBK lacks, written as ? (the first in "
                              "%4$s); export in UTF-8 (without --encoding) to keep them",
                              static_cast<unsigned long>(loss[i].lossy)),
                          dbf.c_str(), loss[i].lossy, fields[i].shp, loss[i].firstLossy.c_str()));
  }
}

std::vector<std::string> writeGridsAndUnits(const Plan& plan, const std::string& dir, const Target& t) {
  registerGdal();
  QuietGdal quiet;
  bool haveSrs = false;
  OGRSpatialReference src = planSrs(plan, haveSrs);
  std::unique_ptr<OGRCoordinateTransformation> ct;
  OGRSpatialReference wgs84;
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  wgs84.importFromEPSG(4326);
  if (!t.shapefile) {
    if (!haveSrs)
      throw InputError(tr("cannot export GeoJSON: the plan has no coordinate reference system to reproject to "
                          "longitude/latitude from; write it again with `gridplan partition --crs EPSG:N`"));
    ct.reset(OGRCreateCoordinateTransformation(&src, &wgs84));
    if (!ct)
      throw InputError(fmt(tr("cannot export GeoJSON: no transformation from the plan's CRS to EPSG:4326 (GDAL: %s)"),
                           gdalError().c_str()));
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
  if (t.shapefile && t.gbk)  // what GDAL and QGIS read first; the language driver byte is for older tools
    for (const char* layer : {"grids", "units"})
      writeFileAtomically(stage.path(std::string(layer) + ".cpg").string(), "CP936");
  return stage.commit();
}

}  // namespace

std::vector<std::string> exportGeoJson(const Plan& plan, const std::string& dir) {
  return writeGridsAndUnits(plan, dir, Target{"GeoJSON", ".geojson", false});
}

std::vector<std::string> exportShapefile(const Plan& plan, const std::string& dir, const ExportOptions& opt) {
  return writeGridsAndUnits(plan, dir, Target{"ESRI Shapefile", ".shp", true, wantsGbk(opt.encoding), opt.problems});
}

}  // namespace gp::io
