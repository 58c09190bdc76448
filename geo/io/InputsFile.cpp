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
#include "geo/core/Text.hpp"
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
  void field(OGRLayer* l, const std::string& name, OGRFieldType t) {
    OGRFieldDefn d(name.c_str(), t);
    if (l->CreateField(&d) != OGRERR_NONE)
      throw InputError(fmt(tr("%1$s: cannot create field %2$s in layer %3$s: %4$s"), path_.c_str(), name.c_str(),
                           l->GetName(), CPLGetLastErrorMsg()));
  }
  void begin() { ds_->StartTransaction(); }
  void commit() {
    if (ds_->CommitTransaction() != OGRERR_NONE)
      throw InputError(fmt(tr("%1$s: cannot write: %2$s"), path_.c_str(), CPLGetLastErrorMsg()));
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

using Columns = std::vector<std::pair<std::string, OGRFieldType>>;

// Source field names that clash with the normalised ones are kept as src_<name>; appended to `cols`.
void addSourceColumns(Columns& cols, const std::vector<SourceField>& fields) {
  std::set<std::string> ours;
  for (const auto& c : cols) ours.insert(c.first);
  for (const auto& f : fields) {
    const std::string low = lower(f.name);
    cols.emplace_back(ours.count(low) || low == "fid" ? "src_" + f.name : f.name, schema::sourceType(f.type));
  }
}

// One layer in one transaction: the columns in order, then one feature per row, set by `fill(row, feature)`.
template <class Rows, class Fill>
void writeLayer(Writer& w, const char* name, OGRwkbGeometryType type, const Columns& cols, const Rows& rows,
                Fill fill) {
  OGRLayer* l = w.layer(name, type);
  for (const auto& [n, t] : cols) w.field(l, n, t);
  w.begin();
  for (const auto& r : rows) {
    OGRFeature f(l->GetLayerDefn());
    fill(r, f);
    w.put(l, &f);
  }
  w.commit();
}

// Source attributes after the `first` normalised columns; a NULL stays NULL.
void setSourceAttributes(OGRFeature& f, int first, size_t count, const std::vector<std::string>& attrs,
                         const std::vector<bool>& null) {
  for (size_t i = 0; i < attrs.size() && i < count; ++i)
    if (!(i < null.size() && null[i])) f.SetField(first + static_cast<int>(i), attrs[i].c_str());
}

void writeBuildings(Writer& w, const Inputs& in) {
  Columns cols = {{"bld_id", OFTString},      {"households", OFTInteger},  {"hh_source", OFTString},
                  {"floors", OFTInteger},     {"floors_estimated", OFTInteger}, {"entrances", OFTInteger},
                  {"entrances_estimated", OFTInteger}, {"community_id", OFTString}, {"compound_id", OFTString},
                  {"dedicated", OFTInteger}};
  const int first = static_cast<int>(cols.size());
  addSourceColumns(cols, in.building_fields);
  const size_t nSource = in.building_fields.size();
  writeLayer(w, "buildings", wkbMultiPolygon, cols, in.buildings, [&](const Building& b, OGRFeature& f) {
    f.SetField("bld_id", b.bld_id.c_str());
    f.SetField("households", b.households);
    f.SetField("hh_source", toString(b.hh_source));
    if (b.floors > 0) f.SetField("floors", b.floors);
    f.SetField("floors_estimated", b.floors_estimated ? 1 : 0);
    f.SetField("entrances", b.entrances);
    f.SetField("entrances_estimated", b.entrances_estimated ? 1 : 0);
    if (!b.community_id.empty()) f.SetField("community_id", b.community_id.c_str());
    if (!b.compound_id.empty()) f.SetField("compound_id", b.compound_id.c_str());
    f.SetField("dedicated", b.dedicated ? 1 : 0);
    setSourceAttributes(f, first, nSource, b.attrs, b.attr_null);
    f.SetGeometryDirectly(ogr::toOgr(b.footprint).release());
  });
}

void writeAreas(Writer& w, const Inputs& in) {
  writeLayer(w, "communities", wkbMultiPolygon,
             {{"community_id", OFTString}, {"name", OFTString}, {"households", OFTInteger}}, in.communities,
             [](const Community& c, OGRFeature& f) {
               f.SetField("community_id", c.community_id.c_str());
               f.SetField("name", c.name.c_str());
               f.SetField("households", c.households);
               f.SetGeometryDirectly(ogr::toOgr(c.area).release());
             });
  if (!in.compounds.empty())
    writeLayer(w, "compounds", wkbMultiPolygon, {{"compound_id", OFTString}, {"name", OFTString}}, in.compounds,
               [](const Compound& c, OGRFeature& f) {
                 f.SetField("compound_id", c.compound_id.c_str());
                 f.SetField("name", c.name.c_str());
                 f.SetGeometryDirectly(ogr::toOgr(c.area).release());
               });
  if (!in.barriers.empty())
    writeLayer(w, "barriers", wkbLineString, {{"kind", OFTString}, {"name", OFTString}}, in.barriers,
               [](const Barrier& b, OGRFeature& f) {
                 f.SetField("kind", b.kind.c_str());
                 f.SetField("name", b.name.c_str());
                 f.SetGeometryDirectly(ogr::toOgr(b.line).release());
               });
}

void writeHouseholds(Writer& w, const Inputs& in) {
  if (in.households.empty()) return;
  Columns cols = {{"hh_id", OFTString}, {"bld_id", OFTString}, {"entrance", OFTInteger}, {"floor", OFTInteger}};
  const int first = static_cast<int>(cols.size());
  addSourceColumns(cols, in.household_fields);
  const size_t nSource = in.household_fields.size();
  writeLayer(w, "households", wkbPoint, cols, in.households, [&](const HouseholdPoint& h, OGRFeature& f) {
    f.SetField("hh_id", h.hh_id.c_str());
    if (!h.bld_id.empty()) f.SetField("bld_id", h.bld_id.c_str());
    if (h.entrance >= 0) f.SetField("entrance", h.entrance);
    if (h.floor >= 0) f.SetField("floor", h.floor);
    setSourceAttributes(f, first, nSource, h.attrs, h.attr_null);
    if (std::isfinite(h.at.x)) f.SetGeometryDirectly(new OGRPoint(h.at.x, h.at.y));
  });
}

void writeProblems(Writer& w, const Inputs& in) {
  writeLayer(w, "problems", wkbPoint,
             {{"kind", OFTString}, {"severity", OFTString}, {"feature", OFTString}, {"message", OFTString}},
             in.problems.items(), [](const Problem& p, OGRFeature& f) {
               f.SetField("kind", p.kind.c_str());
               f.SetField("severity", toString(p.severity));
               f.SetField("feature", p.feature.c_str());
               f.SetField("message", p.message.c_str());
               if (p.at) f.SetGeometryDirectly(new OGRPoint(p.at->x, p.at->y));
             });
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
    writeBuildings(w, in);
    writeAreas(w, in);
    writeHouseholds(w, in);
    writeProblems(w, in);
  } catch (...) {
    ds.reset();
    fs::remove(tmp, ec);
    throw;
  }
  ds.reset();  // flush and close before the rename
  file.commit();
}

}  // namespace gp::io
