// writeTown(): the synthetic town as a GeoPackage, one transaction per layer, written to a temporary file
// beside the target and renamed into place, so a reader never sees half a town.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "geo/core/AtomicFile.hpp"
#include "geo/io/Gdal.hpp"
#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
#include "geo/io/OgrGeometry.hpp"
#include "geo/synth/Synth.hpp"
#include "geo/synth/Town.hpp"
#include "geo/synth/TownLayers.hpp"

namespace gp::synth {

namespace {

namespace fs = std::filesystem;

// One layer being written: its definition, a reused feature, and the layer's transaction.
class LayerWriter {
 public:
  LayerWriter(GDALDataset& ds, const char* name, OGRwkbGeometryType type, const OGRSpatialReference& srs,
              const std::vector<FieldDef>& fields, const std::string& path)
      : ds_(ds), path_(path), name_(name) {
    const char* opts[] = {"SPATIAL_INDEX=YES", "FID=fid", "GEOMETRY_NAME=geom", nullptr};
    layer_ = ds.CreateLayer(name, const_cast<OGRSpatialReference*>(&srs), type, const_cast<char**>(opts));
    if (!layer_) fail(tr("cannot create the layer"));
    for (const auto& f : fields) {
      OGRFieldDefn fd(f.name, static_cast<OGRFieldType>(f.type));
      if (layer_->CreateField(&fd) != OGRERR_NONE) fail(fmt(tr("cannot create the field %s"), f.name));
    }
    feature_.reset(OGRFeature::CreateFeature(layer_->GetLayerDefn()));
    if (ds_.StartTransaction() != OGRERR_NONE) fail(tr("cannot start a transaction"));
  }

  OGRFeature& feature() { return *feature_; }

  void write(OGRGeometry* owned_geometry) {
    feature_->SetFID(OGRNullFID);
    feature_->SetGeometryDirectly(owned_geometry);
    if (layer_->CreateFeature(feature_.get()) != OGRERR_NONE) fail(tr("cannot write a feature"));
    ++count_;
  }

  void commit() {
    if (ds_.CommitTransaction() != OGRERR_NONE) fail(tr("cannot commit"));
  }
  long count() const { return count_; }

 private:
  [[noreturn]] void fail(const std::string& what) {
    throw InputError(fmt(tr("cannot write the town %1$s: layer %2$s: %3$s (GDAL: %4$s); check that the disk has room"), path_.c_str(), name_.c_str(), what.c_str(), CPLGetLastErrorMsg()));
  }
  GDALDataset& ds_;
  std::string path_, name_;
  OGRLayer* layer_ = nullptr;
  OGRFeatureUniquePtr feature_;
  long count_ = 0;
};

void setValues(OGRFeature& f, const std::vector<FieldDef>& defs, const std::vector<std::string>& values) {
  for (size_t i = 0; i < defs.size(); ++i) {
    if (defs[i].type == OFTInteger)
      f.SetField(static_cast<int>(i), std::stoi(values[i]));
    else
      f.SetField(static_cast<int>(i), values[i].c_str());
  }
}

void writeLayers(GDALDataset& ds, const Town& town, const std::string& path, SynthSummary& sum) {
  OGRSpatialReference srs;
  if (srs.importFromEPSG(kEpsg) != OGRERR_NONE)
    throw std::runtime_error(tr("PROJ does not know EPSG:4549; is the proj-data package installed?"));
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);

  {
    const std::vector<FieldDef> defs = {{"community_id", OFTString}, {"name", OFTString}, {"street", OFTString},
                                        {"households", OFTInteger}};
    // An awkward town has a community in two parts: then every community is a MultiPolygon (one layer type).
    const bool multi = town.options.awkward;
    LayerWriter w(ds, "communities", multi ? wkbMultiPolygon : wkbPolygon, srs, defs, path);
    for (const auto& c : town.communities) {
      setValues(w.feature(), defs, {c.community_id, c.name, c.street, std::to_string(c.households)});
      w.write(multi ? static_cast<OGRGeometry*>(ogr::toOgr(c.area).release()) : ogr::toOgr(c.area.at(0)).release());
    }
    w.commit();
  }
  {
    const std::vector<FieldDef> defs = {{"compound_id", OFTString}, {"name", OFTString}, {"kind", OFTString},
                                        {"community_id", OFTString}, {"households", OFTInteger}};
    LayerWriter w(ds, "compounds", wkbPolygon, srs, defs, path);
    for (const auto& c : town.compounds) {
      setValues(w.feature(), defs,
                {c.compound_id, c.name, c.kind, town.communities[c.community].community_id,
                 std::to_string(c.households)});
      w.write(ogr::toOgr(c.area()).release());
    }
    w.commit();
  }
  {
    LayerWriter w(ds, "buildings", wkbPolygon, srs, buildingFields(), path);
    for (const auto& b : town.buildings) {
      setValues(w.feature(), buildingFields(), buildingValues(town, b));
      w.write(ogr::toOgr(b.footprint()).release());
    }
    w.commit();
  }
  {
    const std::vector<FieldDef> defs = {{"name", OFTString}, {"kind", OFTString}};
    LayerWriter w(ds, "roads", wkbLineString, srs, defs, path);
    for (const auto& r : town.roads) {
      setValues(w.feature(), defs, {r.name, r.kind});
      w.write(ogr::toOgr(r.line).release());
    }
    w.commit();
  }
  {
    const std::vector<FieldDef> defs = {{"name", OFTString}};
    LayerWriter w(ds, "river", wkbLineString, srs, defs, path);
    setValues(w.feature(), defs, {town.river.name});
    w.write(ogr::toOgr(town.river.line).release());
    w.commit();
  }
  if (town.options.awkward) {
    const std::vector<FieldDef> defs = {{"name", OFTString}, {"kind", OFTString}};
    {
      LayerWriter w(ds, "water", wkbPolygon, srs, defs, path);
      for (const auto& a : town.water) {
        setValues(w.feature(), defs, {a.name, a.kind});
        w.write(ogr::toOgr(a.area).release());
      }
      w.commit();
    }
    LayerWriter w(ds, "railways", wkbLineString, srs, defs, path);
    setValues(w.feature(), defs, {town.railway.name, "rail"});
    w.write(ogr::toOgr(town.railway.line).release());
    w.commit();
  }
  if (town.options.household_points) {
    LayerWriter w(ds, "households", wkbPoint, srs, householdFields(), path);
    OGRFeature& f = w.feature();
    forEachHousehold(town, [&](const TownHousehold& h) {
      // Set directly rather than through strings: this layer has one feature per household.
      f.SetField(0, h.hh_id.c_str());
      f.SetField(1, h.building->bld_id.c_str());
      f.SetField(2, h.entrance);
      f.SetField(3, h.floor);
      f.SetField(4, std::to_string(h.room).c_str());
      f.SetField(5, h.owner_name.c_str());
      f.SetField(6, h.phone.c_str());
      f.SetField(7, h.id_number.c_str());
      w.write(new OGRPoint(h.at.x, h.at.y));
    });
    w.commit();
    sum.household_points = w.count();
  }
}

// The counts of what was written, and the smallest community.
void countTown(const Town& town, SynthSummary& sum) {
  sum.households = town.households;
  sum.buildings = static_cast<long>(town.buildings.size());
  for (const auto& b : town.buildings) sum.residential_buildings += b.households > 0;
  sum.communities = static_cast<long>(town.communities.size());
  sum.compounds = static_cast<long>(town.compounds.size());
  sum.roads = static_cast<long>(town.roads.size());
  sum.water_areas = static_cast<long>(town.water.size());
  sum.railways = town.railway.line.empty() ? 0 : 1;
  const TownCommunity* smallest = nullptr;
  for (const auto& c : town.communities)
    if (!smallest || c.households < smallest->households) smallest = &c;
  if (smallest)
    sum.smallest_community =
        fmt(trn("%1$s %2$s (%3$d household)", "%1$s %2$s (%3$d households)", static_cast<unsigned long>(smallest->households)),
            smallest->community_id.c_str(), smallest->name.c_str(), smallest->households);
}

// One line for each awkward shape the town has (--awkward, and the tiny community, the river's compound and
// the giant towers of any town of 3000+ households).
std::vector<std::string> awkwardNotes(const Town& town) {
  std::vector<std::string> out;
  const Awkward& a = town.awkward;
  for (const auto& c : town.communities)
    if (c.community_id == a.tiny_community_id)
      out.push_back(fmt(trn("community %1$s %2$s has only %3$d household",
                                    "community %1$s %2$s has only %3$d households", static_cast<unsigned long>(c.households)),
                                c.community_id.c_str(), c.name.c_str(), c.households));
  for (const auto& c : town.compounds)
    if (c.compound_id == a.river_compound_id)
      out.push_back(fmt(tr("compound %1$s %2$s is cut by the river %3$s"), c.compound_id.c_str(), c.name.c_str(),
                                town.river.name.c_str()));
  for (const auto& c : town.communities) {
    if (c.community_id == a.multipart_community_id)
      out.push_back(fmt(a.multipart_empty_part ? tr("community %1$s %2$s is in %3$d separate parts, one without homes")
                                                       : tr("community %1$s %2$s is in %3$d separate parts"),
                                c.community_id.c_str(), c.name.c_str(), static_cast<int>(c.area.size())));
    if (c.community_id == a.concave_community_id)
      out.push_back(fmt(tr("community %1$s %2$s has a concave outline (two blocks merged)"),
                                c.community_id.c_str(), c.name.c_str()));
  }
  if (a.sheds > 0)
    out.push_back(
        a.shed_compound_id.empty()
            ? fmt(tr("%1$d sheds with no households in community %2$s, on open land"), a.sheds,
                  a.shed_community_id.c_str())
            : fmt(tr("%1$d sheds with no households in community %2$s, in compound %3$s"), a.sheds,
                  a.shed_community_id.c_str(), a.shed_compound_id.c_str()));
  for (const auto& w : town.water)
    out.push_back(fmt(w.kind == "lake" ? tr("water area (lake) %s") : tr("water area (pond) %s"), w.name.c_str()));
  if (!town.railway.line.empty())
    out.push_back(fmt(tr("railway %s crosses the town"), town.railway.name.c_str()));
  if (town.options.awkward) {
    // The households an entrance of walk-ups and of 9-storey blocks: smallest, largest, and how many buildings.
    auto range = [&](BuildingKind k) {
      int lo = 0, hi = 0, n = 0;
      for (const auto& b : town.buildings) {
        if (b.kind != k) continue;
        const int per = b.households / b.entrances;
        lo = n++ == 0 ? per : std::min(lo, per);
        hi = std::max(hi, per);
      }
      return n == 0 ? std::string("0") : fmt(tr("%1$d of %2$d-%3$d"), n, lo, hi);
    };
    out.push_back(fmt(tr("walk-ups: %1$s households an entrance; 9-storey blocks: %2$s"),
                              range(BuildingKind::Walkup).c_str(), range(BuildingKind::Midrise).c_str()));
  }
  for (const auto& b : town.buildings) {
    if (b.compound < 0) continue;  // sheds on open land
    const std::string where = town.compounds[b.compound].name + " " + b.name + " (" + b.bld_id + ")";
    if (b.bld_id == a.big_tower_bld_id)
      out.push_back(fmt(tr("tower %1$s holds %2$d households in %3$d entrances"), where.c_str(), b.households,
                                b.entrances));
    if (b.bld_id == a.big_entrance_bld_id)
      out.push_back(fmt(tr("tower %1$s holds %2$d households in one entrance"), where.c_str(), b.households));
  }
  return out;
}

}  // namespace

SynthSummary writeTown(const std::string& path, const SynthOptions& opt) {
  validate(opt);
  const auto t0 = std::chrono::steady_clock::now();
  auto optionError = [&](const std::string& what) {
    return InputError(fmt(tr("-o %1$s: %2$s"), path.c_str(), what.c_str()));
  };
  const fs::path target(path);
  if (target.extension() != ".gpkg")
    throw optionError(tr("the town is written as a GeoPackage; give a file name ending in .gpkg"));
  fs::path dir = target.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw optionError(fmt(tr("the folder %s does not exist; create it first"), dir.c_str()));
  if (fs::is_directory(target, ec)) throw optionError(tr("is a folder; give a file name ending in .gpkg"));

  const Town town = generateTown(opt);

  AtomicFile file(path, tr("town"), ".gpkg");  // GDAL warns unless the name ends in .gpkg
  const fs::path tmp = file.temp();
  io::registerGdal();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
  if (!drv) throw std::runtime_error(tr("GDAL was built without the GPKG driver"));

  SynthSummary sum;
  try {
    // GDAL's own message would repeat ours on stderr; it is kept in CPLGetLastErrorMsg() for ours.
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetUniquePtr ds(drv->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    CPLPopErrorHandler();
    if (!ds)
      throw optionError(fmt(tr("cannot create a file in %1$s (GDAL: %2$s); check that the folder is writable"),
                            dir.c_str(), CPLGetLastErrorMsg()));
    writeLayers(*ds, town, path, sum);
    ds.reset();  // closes and flushes before the rename
    file.commit();
  } catch (...) {
    fs::remove(tmp, ec);
    throw;
  }

  if (opt.roster) {
    sum.roster = townRosterPath(path);
    writeTownRoster(sum.roster, town, &sum.roster_workers);
  }
  sum.path = path;
  countTown(town, sum);
  sum.awkward = awkwardNotes(town);
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return sum;
}

}  // namespace gp::synth
