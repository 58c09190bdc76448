#include "geo/io/InputsFile.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <set>

#include "geo/io/PlanSchema.hpp"
#include "geo/io/Gdal.hpp"
#include "geo/core/AtomicFile.hpp"
#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
#include "geo/io/OgrGeometry.hpp"

namespace gp::io {

namespace fs = std::filesystem;

namespace {

class Writer {
 public:
  Writer(GDALDataset* ds, const OGRSpatialReference* srs, const std::string& path) : ds_(ds), srs_(srs), path_(path) {}

  OGRLayer* layer(const char* name, OGRwkbGeometryType type) {
    OGRLayer* l = ds_->CreateLayer(name, type == wkbNone ? nullptr : const_cast<OGRSpatialReference*>(srs_), type, nullptr);
    if (!l) throw InputError(fmt(tr("%1$s: cannot create layer %2$s: %3$s"), path_.c_str(), name, CPLGetLastErrorMsg()));
    return l;
  }
  static void field(OGRLayer* l, const std::string& name, OGRFieldType t) {
    OGRFieldDefn d(name.c_str(), t);
    l->CreateField(&d);
  }
  void put(OGRLayer* l, OGRFeature* f) {
    if (l->CreateFeature(f) != OGRERR_NONE)
      throw InputError(fmt(tr("%1$s: cannot write to layer %2$s: %3$s"), path_.c_str(), l->GetName(), CPLGetLastErrorMsg()));
  }

 private:
  GDALDataset* ds_;
  const OGRSpatialReference* srs_;
  std::string path_;
};

// Source field names that clash with the normalised ones are kept as src_<name>.
std::vector<std::string> sourceNames(const std::vector<SourceField>& fields, const std::set<std::string>& ours) {
  std::vector<std::string> out;
  for (const auto& f : fields) {
    std::string lower = f.name;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.push_back(ours.count(lower) || lower == "fid" ? "src_" + f.name : f.name);
  }
  return out;
}
}  // namespace

void writeInputs(const Inputs& in, const std::string& path) {
  AtomicFile file(path, "--out", ".gpkg");
  const fs::path tmp = file.temp();
  std::error_code ec;
  registerGdal();
  // The file is a temp until the rename below, so SQLite need not fsync every transaction.
  CPLSetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", "OFF");
  struct Restore {
    ~Restore() { CPLSetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", nullptr); }
  } restore;
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
  if (!drv) throw InputError(tr("GDAL has no GeoPackage driver; reinstall GDAL"));
  GDALDatasetUniquePtr ds(drv->Create(tmp.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds)
    throw InputError(fmt(tr("--out %1$s: cannot create the file (%2$s). Check the folder exists and is writable."),
                         path.c_str(), CPLGetLastErrorMsg()));
  OGRSpatialReference srs;
  const OGRSpatialReference* srsp = nullptr;
  if (!in.crs_wkt.empty() && srs.importFromWkt(in.crs_wkt.c_str()) == OGRERR_NONE) srsp = &srs;
  Writer w(ds.get(), srsp, path);

  try {
    {
      const std::set<std::string> ours = {"bld_id",    "households", "hh_source",   "floors",
                                          "floors_estimated", "entrances", "entrances_estimated",
                                          "community_id", "compound_id", "dedicated"};
      auto names = sourceNames(in.building_fields, ours);
      OGRLayer* l = w.layer("buildings", wkbMultiPolygon);
      w.field(l, "bld_id", OFTString);
      w.field(l, "households", OFTInteger);
      w.field(l, "hh_source", OFTString);
      w.field(l, "floors", OFTInteger);
      w.field(l, "floors_estimated", OFTInteger);
      w.field(l, "entrances", OFTInteger);
      w.field(l, "entrances_estimated", OFTInteger);
      w.field(l, "community_id", OFTString);
      w.field(l, "compound_id", OFTString);
      w.field(l, "dedicated", OFTInteger);
      for (size_t i = 0; i < names.size(); ++i) w.field(l, names[i], schema::sourceType(in.building_fields[i].type));
      int base = 10;
      ds->StartTransaction();
      for (const auto& b : in.buildings) {
        OGRFeature f(l->GetLayerDefn());
        f.SetField(0, b.bld_id.c_str());
        f.SetField(1, b.households);
        f.SetField(2, toString(b.hh_source));
        if (b.floors > 0) f.SetField(3, b.floors);
        f.SetField(4, b.floors_estimated ? 1 : 0);
        f.SetField(5, b.entrances);
        f.SetField(6, b.entrances_estimated ? 1 : 0);
        if (!b.community_id.empty()) f.SetField(7, b.community_id.c_str());
        if (!b.compound_id.empty()) f.SetField(8, b.compound_id.c_str());
        f.SetField(9, b.dedicated ? 1 : 0);
        for (size_t i = 0; i < b.attrs.size() && i < names.size(); ++i)
          if (!(i < b.attr_null.size() && b.attr_null[i])) f.SetField(base + static_cast<int>(i), b.attrs[i].c_str());
        f.SetGeometryDirectly(ogr::toOgr(b.footprint).release());
        w.put(l, &f);
      }
      ds->CommitTransaction();
    }
    {
      OGRLayer* l = w.layer("communities", wkbMultiPolygon);
      w.field(l, "community_id", OFTString);
      w.field(l, "name", OFTString);
      w.field(l, "households", OFTInteger);
      ds->StartTransaction();
      for (const auto& c : in.communities) {
        OGRFeature f(l->GetLayerDefn());
        f.SetField(0, c.community_id.c_str());
        f.SetField(1, c.name.c_str());
        f.SetField(2, c.households);
        f.SetGeometryDirectly(ogr::toOgr(c.area).release());
        w.put(l, &f);
      }
      ds->CommitTransaction();
    }
    if (!in.compounds.empty()) {
      OGRLayer* l = w.layer("compounds", wkbMultiPolygon);
      w.field(l, "compound_id", OFTString);
      w.field(l, "name", OFTString);
      ds->StartTransaction();
      for (const auto& c : in.compounds) {
        OGRFeature f(l->GetLayerDefn());
        f.SetField(0, c.compound_id.c_str());
        f.SetField(1, c.name.c_str());
        f.SetGeometryDirectly(ogr::toOgr(c.area).release());
        w.put(l, &f);
      }
      ds->CommitTransaction();
    }
    if (!in.barriers.empty()) {
      OGRLayer* l = w.layer("barriers", wkbLineString);
      w.field(l, "kind", OFTString);
      w.field(l, "name", OFTString);
      ds->StartTransaction();
      for (const auto& b : in.barriers) {
        OGRFeature f(l->GetLayerDefn());
        f.SetField(0, b.kind.c_str());
        f.SetField(1, b.name.c_str());
        f.SetGeometryDirectly(ogr::toOgr(b.line).release());
        w.put(l, &f);
      }
      ds->CommitTransaction();
    }
    if (!in.households.empty()) {
      auto names = sourceNames(in.household_fields, {"hh_id", "bld_id", "entrance", "floor"});
      OGRLayer* l = w.layer("households", wkbPoint);
      w.field(l, "hh_id", OFTString);
      w.field(l, "bld_id", OFTString);
      w.field(l, "entrance", OFTInteger);
      w.field(l, "floor", OFTInteger);
      for (size_t i = 0; i < names.size(); ++i) w.field(l, names[i], schema::sourceType(in.household_fields[i].type));
      ds->StartTransaction();
      for (const auto& h : in.households) {
        OGRFeature f(l->GetLayerDefn());
        f.SetField(0, h.hh_id.c_str());
        if (!h.bld_id.empty()) f.SetField(1, h.bld_id.c_str());
        if (h.entrance >= 0) f.SetField(2, h.entrance);
        if (h.floor >= 0) f.SetField(3, h.floor);
        for (size_t i = 0; i < h.attrs.size() && i < names.size(); ++i)
          if (!(i < h.attr_null.size() && h.attr_null[i])) f.SetField(4 + static_cast<int>(i), h.attrs[i].c_str());
        if (std::isfinite(h.at.x)) f.SetGeometryDirectly(new OGRPoint(h.at.x, h.at.y));
        w.put(l, &f);
      }
      ds->CommitTransaction();
    }
    {
      OGRLayer* l = w.layer("problems", wkbPoint);
      w.field(l, "kind", OFTString);
      w.field(l, "severity", OFTString);
      w.field(l, "feature", OFTString);
      w.field(l, "message", OFTString);
      ds->StartTransaction();
      for (const auto& p : in.problems.items()) {
        OGRFeature f(l->GetLayerDefn());
        f.SetField(0, p.kind.c_str());
        f.SetField(1, toString(p.severity));
        f.SetField(2, p.feature.c_str());
        f.SetField(3, p.message.c_str());
        if (p.at) f.SetGeometryDirectly(new OGRPoint(p.at->x, p.at->y));
        w.put(l, &f);
      }
      ds->CommitTransaction();
    }
  } catch (...) {
    ds.reset();
    fs::remove(tmp, ec);
    throw;
  }
  ds.reset();  // flush and close before the rename
  file.commit();
}

}  // namespace gp::io
