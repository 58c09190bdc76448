#include "geo/io/PlanFile.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <ctime>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "geo/core/Error.hpp"
#include "geo/io/OgrGeometry.hpp"
#include "geo/io/PlanFileStyles.hpp"

namespace gp::io {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

void registerGdal() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string lastGdalError() {
  const char* m = CPLGetLastErrorMsg();
  return m && *m ? std::string(m) : std::string("unknown GDAL error");
}

// plan_meta keys this file owns: written from the Plan's fields, read back into them, never into Plan::meta.
const char* const kGridMin = "grid_min";
const char* const kGridMax = "grid_max";
const char* const kGridTarget = "grid_target";
const char* const kUnitMin = "unit_min";
const char* const kUnitMax = "unit_max";
const char* const kEpsg = "crs_epsg";
const char* const kBuildingFields = "building_fields";
const char* const kHouseholdFields = "household_fields";
const char* const kInputLayers = "input_layers";
const char* const kFormat = "plan_format";
const std::set<std::string> kReservedMeta = {kGridMin,        kGridMax,        kGridTarget, kUnitMin, kUnitMax, kEpsg,
                                             kBuildingFields, kHouseholdFields, kInputLayers, kFormat};

// Our own columns of the buildings and households layers; a source field with one of these names (SQLite
// compares names without case) is written as src_<name>, and the mapping is kept in plan_meta.
const std::set<std::string> kBuildingCols = {"fid",        "geom",          "bld_id",   "bld_name",     "households",
                                             "hh_source",  "community_id",  "grid_id",  "unit_id",      "compound_id",
                                             "dedicated",  "bld_floors",    "floors_est", "bld_entrances", "entrances_est",
                                             "source_fid"};
const std::set<std::string> kHouseholdCols = {"fid", "geom", "hh_id", "bld_id", "piece_id", "grid_id", "unit_id",
                                              "hh_entrance", "hh_floor"};

OGRFieldType sourceType(int t) {
  switch (t) {
    case OFTInteger:
    case OFTInteger64:
    case OFTReal:
    case OFTString:
    case OFTDate:
    case OFTTime:
    case OFTDateTime: return static_cast<OGRFieldType>(t);
    default: return OFTString;  // lists and binary are carried as their text form
  }
}

std::vector<std::string> sourceColumns(const std::vector<SourceField>& fields, const std::set<std::string>& ours) {
  std::set<std::string> used;
  for (const auto& o : ours) used.insert(o);
  std::vector<std::string> cols;
  for (const SourceField& f : fields) {
    std::string c = f.name.empty() ? "field" : f.name;
    while (used.count(lower(c))) c = "src_" + c;
    used.insert(lower(c));
    cols.push_back(c);
  }
  return cols;
}

json fieldsJson(const std::vector<SourceField>& fields, const std::vector<std::string>& cols) {
  json a = json::array();
  for (size_t i = 0; i < fields.size(); ++i) a.push_back({{"name", fields[i].name}, {"column", cols[i]}, {"type", fields[i].type}});
  return a;
}

// ---------------------------------------------------------------------------------------------------------
// Writing

struct Col {
  std::string name;
  OGRFieldType type = OFTString;
  OGRFieldSubType sub = OFSTNone;
};

class Writer {
 public:
  Writer(GDALDataset* ds, OGRSpatialReference* srs, std::string path) : ds_(ds), srs_(srs), path_(std::move(path)) {}

  OGRLayer* layer(const std::string& name, OGRwkbGeometryType gt, const std::vector<Col>& cols,
                  const char* fid = nullptr) {
    char** opts = nullptr;
    if (gt != wkbNone) opts = CSLSetNameValue(opts, "GEOMETRY_NAME", "geom");
    if (fid) opts = CSLSetNameValue(opts, "FID", fid);
    opts = CSLSetNameValue(opts, "IDENTIFIER", name.c_str());
    OGRLayer* l = ds_->CreateLayer(name.c_str(), gt == wkbNone ? nullptr : srs_, gt, opts);
    CSLDestroy(opts);
    if (!l) fail("cannot create layer " + name);
    for (const Col& c : cols) {
      OGRFieldDefn d(c.name.c_str(), c.type);
      d.SetSubType(c.sub);
      if (l->CreateField(&d) != OGRERR_NONE) fail("cannot create field " + name + "." + c.name);
    }
    return l;
  }

  void begin() {
    if (ds_->StartTransaction() != OGRERR_NONE) fail("cannot start a transaction");
  }
  void commit() {
    if (ds_->CommitTransaction() != OGRERR_NONE) fail("cannot commit");
  }
  void put(OGRLayer* l, OGRFeature* f) {
    if (l->CreateFeature(f) != OGRERR_NONE) fail("cannot write a feature to layer " + std::string(l->GetName()));
  }
  [[noreturn]] void fail(const std::string& what) {
    throw InputError("cannot write plan file " + path_ + ": " + what + " (" + lastGdalError() +
                     "); check the folder is writable and the disk has room");
  }

 private:
  GDALDataset* ds_;
  OGRSpatialReference* srs_;
  std::string path_;
};

void setStr(OGRFeature& f, int i, const std::string& v, bool nullIfEmpty = false) {
  if (nullIfEmpty && v.empty())
    f.SetFieldNull(i);
  else
    f.SetField(i, v.c_str());
}
void setOptInt(OGRFeature& f, int i, int v) {
  if (v < 0)
    f.SetFieldNull(i);
  else
    f.SetField(i, v);
}
void setPolygon(OGRFeature& f, const MultiPolygon& mp) {
  if (mp.empty()) return;  // NULL geometry
  f.SetGeometryDirectly(ogr::toOgr(mp).release());
}

// The single grid (unit) of all a building's pieces, or -1 where they differ: the building is split.
std::vector<std::pair<int, int>> buildingAssignment(const Plan& plan) {
  std::vector<std::pair<int, int>> out(plan.in.buildings.size(), {-2, -2});
  for (const Piece& p : plan.pieces) {
    if (p.building < 0 || p.building >= static_cast<int>(out.size())) continue;
    auto& [g, u] = out[p.building];
    g = g == -2 ? p.grid : (g == p.grid ? g : -1);
    u = u == -2 ? p.unit : (u == p.unit ? u : -1);
  }
  for (auto& [g, u] : out) {
    if (g == -2) g = -1;
    if (u == -2) u = -1;
  }
  return out;
}

// The piece holding a household point: the one piece of its building whose entrance and floor range match,
// or -1 where that is ambiguous (unknown entrance or floor in a building split by them).
std::vector<int> householdPieces(const Plan& plan) {
  std::unordered_map<std::string, int> bldIndex;
  for (size_t i = 0; i < plan.in.buildings.size(); ++i) bldIndex.emplace(plan.in.buildings[i].bld_id, static_cast<int>(i));
  std::vector<std::vector<int>> byBuilding(plan.in.buildings.size());
  for (size_t i = 0; i < plan.pieces.size(); ++i) {
    int b = plan.pieces[i].building;
    if (b >= 0 && b < static_cast<int>(byBuilding.size())) byBuilding[b].push_back(static_cast<int>(i));
  }
  std::vector<int> out(plan.in.households.size(), -1);
  for (size_t h = 0; h < plan.in.households.size(); ++h) {
    const HouseholdPoint& hp = plan.in.households[h];
    auto it = bldIndex.find(hp.bld_id);
    if (it == bldIndex.end()) continue;
    int found = -1, matches = 0;
    for (int pi : byBuilding[it->second]) {
      const Piece& p = plan.pieces[pi];
      // A building of one entrance may have its floor ranges numbered entrance 1 while its points name none.
      bool entranceOk = p.entrance < 0 || hp.entrance == p.entrance ||
                        (hp.entrance <= 0 && plan.in.buildings[static_cast<size_t>(it->second)].entrances <= 1);
      bool floorOk = p.floor_from < 0 || (hp.floor >= p.floor_from && hp.floor <= p.floor_to);
      if (entranceOk && floorOk) found = pi, ++matches;
    }
    if (matches == 1) out[h] = found;
  }
  return out;
}

const std::string& idOr(const std::vector<Grid>& v, int i, const std::string& none) {
  return i >= 0 && i < static_cast<int>(v.size()) ? v[i].grid_id : none;
}
const std::string& idOr(const std::vector<Unit>& v, int i, const std::string& none) {
  return i >= 0 && i < static_cast<int>(v.size()) ? v[i].unit_id : none;
}

void writeAll(const Plan& plan, GDALDataset* ds, OGRSpatialReference* srs, const std::string& path) {
  Writer w(ds, srs, path);
  const std::string none;
  auto assignment = buildingAssignment(plan);

  // communities
  {
    std::vector<int> gridsPer(plan.in.communities.size(), 0);
    for (const Grid& g : plan.grids)
      if (g.community >= 0 && g.community < static_cast<int>(gridsPer.size())) gridsPer[g.community]++;
    OGRLayer* l = w.layer("communities", wkbMultiPolygon,
                          {{"community_id"}, {"name"}, {"households", OFTInteger}, {"grids", OFTInteger}});
    w.begin();
    for (size_t i = 0; i < plan.in.communities.size(); ++i) {
      const Community& c = plan.in.communities[i];
      OGRFeature f(l->GetLayerDefn());
      setStr(f, 0, c.community_id);
      setStr(f, 1, c.name);
      f.SetField(2, c.households);
      f.SetField(3, gridsPer[i]);
      setPolygon(f, c.area);
      w.put(l, &f);
    }
    w.commit();
  }

  // grids
  {
    OGRLayer* l = w.layer("grids", wkbMultiPolygon,
                          {{"grid_id"}, {"community_id"}, {"name"}, {"households", OFTInteger}, {"units", OFTInteger},
                           {"status"}, {"reason"}, {"locked", OFTInteger, OFSTBoolean}, {"worker_name"},
                           {"worker_phone"}, {"duties"}});
    w.begin();
    for (const Grid& g : plan.grids) {
      OGRFeature f(l->GetLayerDefn());
      setStr(f, 0, g.grid_id);
      if (g.community >= 0 && g.community < static_cast<int>(plan.in.communities.size()))
        setStr(f, 1, plan.in.communities[g.community].community_id);
      else
        f.SetFieldNull(1);
      setStr(f, 2, g.name);
      f.SetField(3, g.households);
      f.SetField(4, g.units);
      setStr(f, 5, toString(g.status));
      setStr(f, 6, g.reason);
      f.SetField(7, g.locked ? 1 : 0);
      setStr(f, 8, g.worker_name);
      setStr(f, 9, g.worker_phone);
      setStr(f, 10, g.duties);
      setPolygon(f, g.shape);
      w.put(l, &f);
    }
    w.commit();
  }

  // units
  {
    OGRLayer* l = w.layer("units", wkbMultiPolygon,
                          {{"unit_id"}, {"grid_id"}, {"households", OFTInteger}, {"status"}, {"reason"}, {"leader_name"}});
    w.begin();
    for (const Unit& u : plan.units) {
      OGRFeature f(l->GetLayerDefn());
      setStr(f, 0, u.unit_id);
      setStr(f, 1, idOr(plan.grids, u.grid, none), true);
      f.SetField(2, u.households);
      setStr(f, 3, toString(u.status));
      setStr(f, 4, u.reason);
      setStr(f, 5, u.leader_name);
      setPolygon(f, u.shape);
      w.put(l, &f);
    }
    w.commit();
  }

  // buildings: our columns, then the source's fields
  std::vector<std::string> bcols = sourceColumns(plan.in.building_fields, kBuildingCols);
  {
    std::vector<Col> cols = {{"bld_id"},        {"bld_name"},      {"households", OFTInteger},
                             {"hh_source"},     {"community_id"},  {"grid_id"},
                             {"unit_id"},       {"compound_id"},   {"dedicated", OFTInteger, OFSTBoolean},
                             {"bld_floors", OFTInteger}, {"floors_est", OFTInteger, OFSTBoolean},
                             {"bld_entrances", OFTInteger}, {"entrances_est", OFTInteger, OFSTBoolean},
                             {"source_fid", OFTInteger64}};
    const int base = static_cast<int>(cols.size());
    for (size_t i = 0; i < bcols.size(); ++i) cols.push_back({bcols[i], sourceType(plan.in.building_fields[i].type)});
    OGRLayer* l = w.layer("buildings", wkbMultiPolygon, cols);
    w.begin();
    for (size_t i = 0; i < plan.in.buildings.size(); ++i) {
      const Building& b = plan.in.buildings[i];
      OGRFeature f(l->GetLayerDefn());
      setStr(f, 0, b.bld_id);
      setStr(f, 1, b.name);
      f.SetField(2, b.households);
      setStr(f, 3, toString(b.hh_source));
      setStr(f, 4, b.community_id, true);
      setStr(f, 5, idOr(plan.grids, assignment[i].first, none), true);
      setStr(f, 6, idOr(plan.units, assignment[i].second, none), true);
      setStr(f, 7, b.compound_id, true);
      f.SetField(8, b.dedicated ? 1 : 0);
      f.SetField(9, b.floors);
      f.SetField(10, b.floors_estimated ? 1 : 0);
      f.SetField(11, b.entrances);
      f.SetField(12, b.entrances_estimated ? 1 : 0);
      f.SetField(13, static_cast<GIntBig>(b.source_fid));
      for (size_t k = 0; k < bcols.size(); ++k) {
        bool isNull = k >= b.attrs.size() || (k < b.attr_null.size() && b.attr_null[k]);
        if (isNull)
          f.SetFieldNull(base + static_cast<int>(k));
        else
          f.SetField(base + static_cast<int>(k), b.attrs[k].c_str());
      }
      setPolygon(f, b.footprint);
      w.put(l, &f);
    }
    w.commit();
  }

  // pieces (a table) and their cells
  {
    OGRLayer* l = w.layer("pieces", wkbNone,
                          {{"piece_id"}, {"bld_id"}, {"entrance", OFTInteger}, {"floor_from", OFTInteger},
                           {"floor_to", OFTInteger}, {"households", OFTInteger}, {"grid_id"}, {"unit_id"}});
    w.begin();
    for (const Piece& p : plan.pieces) {
      OGRFeature f(l->GetLayerDefn());
      setStr(f, 0, p.piece_id);
      if (p.building >= 0 && p.building < static_cast<int>(plan.in.buildings.size()))
        setStr(f, 1, plan.in.buildings[p.building].bld_id);
      else
        f.SetFieldNull(1);
      setOptInt(f, 2, p.entrance);
      setOptInt(f, 3, p.floor_from);
      setOptInt(f, 4, p.floor_to);
      f.SetField(5, p.households);
      setStr(f, 6, idOr(plan.grids, p.grid, none), true);
      setStr(f, 7, idOr(plan.units, p.unit, none), true);
      w.put(l, &f);
    }
    w.commit();

    // One cell row per piece: stacked floor pieces repeat their entrance's cell, so every piece finds its own.
    OGRLayer* c = w.layer("cells", wkbMultiPolygon, {{"piece_id"}});
    w.begin();
    for (const Piece& p : plan.pieces) {
      if (p.cell.empty()) continue;
      OGRFeature f(c->GetLayerDefn());
      setStr(f, 0, p.piece_id);
      setPolygon(f, p.cell);
      w.put(c, &f);
    }
    w.commit();
  }

  // households (only when points were given): our columns, then the private source fields
  std::vector<std::string> hcols = sourceColumns(plan.in.household_fields, kHouseholdCols);
  if (!plan.in.households.empty()) {
    std::vector<Col> cols = {{"hh_id"},  {"bld_id"},  {"piece_id"}, {"grid_id"},
                             {"unit_id"}, {"hh_entrance", OFTInteger}, {"hh_floor", OFTInteger}};
    const int base = static_cast<int>(cols.size());
    for (size_t i = 0; i < hcols.size(); ++i) cols.push_back({hcols[i], sourceType(plan.in.household_fields[i].type)});
    OGRLayer* l = w.layer("households", wkbPoint, cols);
    auto pieceOf = householdPieces(plan);
    w.begin();
    for (size_t i = 0; i < plan.in.households.size(); ++i) {
      const HouseholdPoint& h = plan.in.households[i];
      OGRFeature f(l->GetLayerDefn());
      setStr(f, 0, h.hh_id);
      setStr(f, 1, h.bld_id, true);
      int pi = pieceOf[i];
      if (pi >= 0) {
        const Piece& p = plan.pieces[pi];
        setStr(f, 2, p.piece_id);
        setStr(f, 3, idOr(plan.grids, p.grid, none), true);
        setStr(f, 4, idOr(plan.units, p.unit, none), true);
      } else {
        f.SetFieldNull(2), f.SetFieldNull(3), f.SetFieldNull(4);
      }
      setOptInt(f, 5, h.entrance);
      setOptInt(f, 6, h.floor);
      for (size_t k = 0; k < hcols.size(); ++k) {
        bool isNull = k >= h.attrs.size() || (k < h.attr_null.size() && h.attr_null[k]);
        if (isNull)
          f.SetFieldNull(base + static_cast<int>(k));
        else
          f.SetField(base + static_cast<int>(k), h.attrs[k].c_str());
      }
      f.SetGeometryDirectly(new OGRPoint(h.at.x, h.at.y));
      w.put(l, &f);
    }
    w.commit();
  }

  // problems: of the inputs and of the plan
  {
    OGRLayer* l = w.layer("problems", wkbPoint, {{"kind"}, {"severity"}, {"feature"}, {"message"}, {"origin"}});
    w.begin();
    auto put = [&](const ProblemList& list, const char* origin) {
      for (const Problem& p : list.items()) {
        OGRFeature f(l->GetLayerDefn());
        setStr(f, 0, p.kind);
        setStr(f, 1, toString(p.severity));
        setStr(f, 2, p.feature);
        setStr(f, 3, p.message);
        setStr(f, 4, origin);
        if (p.at) f.SetGeometryDirectly(new OGRPoint(p.at->x, p.at->y));
        w.put(l, &f);
      }
    };
    put(plan.in.problems, "input");
    put(plan.problems, "plan");
    w.commit();
  }

  // compounds and barriers: the soft and line boundaries the plan was made with
  {
    OGRLayer* l = w.layer("compounds", wkbMultiPolygon, {{"compound_id"}, {"name"}});
    w.begin();
    for (const Compound& c : plan.in.compounds) {
      OGRFeature f(l->GetLayerDefn());
      setStr(f, 0, c.compound_id);
      setStr(f, 1, c.name);
      setPolygon(f, c.area);
      w.put(l, &f);
    }
    w.commit();
    OGRLayer* b = w.layer("barriers", wkbLineString, {{"kind"}, {"name"}});
    w.begin();
    for (const Barrier& x : plan.in.barriers) {
      OGRFeature f(b->GetLayerDefn());
      setStr(f, 0, x.kind);
      setStr(f, 1, x.name);
      if (x.line.size() >= 2) f.SetGeometryDirectly(ogr::toOgr(x.line).release());
      w.put(b, &f);
    }
    w.commit();
  }

  // transfers
  {
    OGRLayer* l = w.layer("transfers", wkbNone, {{"from_grid"}, {"to_grid"}, {"households", OFTInteger}});
    w.begin();
    for (const Transfer& t : plan.transfers) {
      OGRFeature f(l->GetLayerDefn());
      setStr(f, 0, t.from_grid, true);
      setStr(f, 1, t.to_grid, true);
      f.SetField(2, t.households);
      w.put(l, &f);
    }
    w.commit();
  }

  // report: one row per grid, then a totals row (grid_id "total")
  {
    OGRLayer* l = w.layer("report", wkbNone,
                          {{"grid_id"}, {"community_id"}, {"households", OFTInteger}, {"units", OFTInteger},
                           {"polsby_popper", OFTReal}, {"compounds_split", OFTInteger},
                           {"barrier_crossings", OFTInteger}, {"status"}, {"entrances_split", OFTInteger}});
    w.begin();
    // Entrances divided into floor ranges (or whole buildings, where their entrances share one cell), per grid
    // holding any of their floors; the totals row counts each once.
    std::vector<std::set<std::pair<int, int>>> splitOf(plan.grids.size());
    std::set<std::pair<int, int>> splitAll;
    for (const Piece& p : plan.pieces)
      if (p.floor_from > 0 && p.households > 0) {
        splitAll.insert({p.building, std::max(1, p.entrance)});
        if (p.grid >= 0 && p.grid < static_cast<int>(plan.grids.size()))
          splitOf[static_cast<size_t>(p.grid)].insert({p.building, std::max(1, p.entrance)});
      }
    long long hh = 0;
    int units = 0, split = 0, crossings = 0;
    double pp = 0;
    std::map<std::string, int> statuses;
    for (const Grid& g : plan.grids) {
      OGRFeature f(l->GetLayerDefn());
      setStr(f, 0, g.grid_id);
      if (g.community >= 0 && g.community < static_cast<int>(plan.in.communities.size()))
        setStr(f, 1, plan.in.communities[g.community].community_id);
      f.SetField(2, g.households);
      f.SetField(3, g.units);
      double p = polsbyPopper(g.shape);
      f.SetField(4, p);
      f.SetField(5, g.compounds_split);
      f.SetField(6, g.barrier_crossings);
      setStr(f, 7, toString(g.status));
      f.SetField(8, static_cast<int>(splitOf[static_cast<size_t>(&g - plan.grids.data())].size()));
      w.put(l, &f);
      hh += g.households, units += g.units, pp += p, crossings += g.barrier_crossings;
      split += g.compounds_split > 0 ? 1 : 0;
      statuses[toString(g.status)]++;
    }
    OGRFeature f(l->GetLayerDefn());
    setStr(f, 0, "total");
    f.SetFieldNull(1);
    f.SetField(2, static_cast<GIntBig>(hh));
    f.SetField(3, units);
    f.SetField(4, plan.grids.empty() ? 0.0 : pp / static_cast<double>(plan.grids.size()));  // mean
    f.SetField(5, split);  // grids holding part of a split compound
    f.SetField(6, crossings);
    std::string st;
    for (auto& [k, n] : statuses) st += (st.empty() ? "" : ", ") + k + " " + std::to_string(n);
    setStr(f, 7, st);
    f.SetField(8, static_cast<int>(splitAll.size()));
    w.put(l, &f);
    w.commit();
  }

  // plan_meta: the plan's own entries, then those this file format owns
  {
    OGRLayer* l = w.layer("plan_meta", wkbNone, {{"key"}, {"value"}});
    w.begin();
    auto put = [&](const std::string& k, const std::string& v) {
      OGRFeature f(l->GetLayerDefn());
      setStr(f, 0, k);
      setStr(f, 1, v);
      w.put(l, &f);
    };
    for (const auto& [k, v] : plan.meta)
      if (!kReservedMeta.count(k)) put(k, v);
    put(kFormat, "1");
    put(kGridMin, std::to_string(plan.bounds.grid_min));
    put(kGridMax, std::to_string(plan.bounds.grid_max));
    put(kGridTarget, std::to_string(plan.bounds.grid_target));
    put(kUnitMin, std::to_string(plan.bounds.unit_min));
    put(kUnitMax, std::to_string(plan.bounds.unit_max));
    put(kEpsg, std::to_string(plan.in.epsg));
    json layers = json::array();
    for (const LayerInfo& li : plan.in.layers)
      layers.push_back({{"role", li.role}, {"source", li.source}, {"layer", li.layer}, {"crs", li.crs},
                        {"features", li.features}, {"checksum", li.checksum}});
    put(kInputLayers, layers.dump());
    put(kBuildingFields, fieldsJson(plan.in.building_fields, bcols).dump());
    put(kHouseholdFields, fieldsJson(plan.in.household_fields, hcols).dump());
    w.commit();
  }

  // QGIS styles, in the table and schema QGIS itself creates ("Save style → in database")
  {
    OGRLayer* l = w.layer("layer_styles", wkbNone,
                          {{"f_table_catalog"}, {"f_table_schema"}, {"f_table_name"}, {"f_geometry_column"},
                           {"styleName"}, {"styleQML"}, {"styleSLD"}, {"useAsDefault", OFTInteger, OFSTBoolean},
                           {"description"}, {"owner"}, {"ui"}, {"update_time", OFTDateTime}},
                          "id");
    w.begin();
    for (const LayerStyle& s : planStyles()) {
      if (s.table == "problems" && plan.in.problems.size() + plan.problems.size() == 0) continue;
      OGRFeature f(l->GetLayerDefn());
      setStr(f, 0, "");
      setStr(f, 1, "");
      setStr(f, 2, s.table);
      setStr(f, 3, "geom");
      setStr(f, 4, s.name);
      setStr(f, 5, s.qml);
      setStr(f, 6, "");
      f.SetField(7, 1);
      setStr(f, 8, s.description);
      setStr(f, 9, "");
      f.SetFieldNull(10);
      // A fixed time keeps two writes of one plan byte-comparable; QGIS only displays it.
      f.SetField(11, 2000, 1, 1, 0, 0, 0.0f, 100);
      w.put(l, &f);
    }
    w.commit();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Reading

class Reader {
 public:
  Reader(GDALDataset* ds, std::string path, Plan& plan) : ds_(ds), path_(std::move(path)), plan_(plan) {}

  OGRLayer* required(const char* name) {
    OGRLayer* l = ds_->GetLayerByName(name);
    if (!l)
      throw InputError("plan file " + path_ + " has no layer '" + name +
                       "': it is not a gridplan plan, or the layer was deleted; write it again with `gridplan partition`");
    l->ResetReading();
    return l;
  }
  OGRLayer* optional(const char* name) {
    OGRLayer* l = ds_->GetLayerByName(name);
    if (l) l->ResetReading();
    return l;
  }
  int field(OGRLayer* l, const char* name) {
    int i = l->GetLayerDefn()->GetFieldIndex(name);
    if (i < 0)
      throw InputError("plan file " + path_ + ", layer '" + l->GetName() + "': field '" + name +
                       "' is missing; restore it (gridplan check needs it) or write the plan again");
    return i;
  }
  static int opt(OGRLayer* l, const char* name) { return l->GetLayerDefn()->GetFieldIndex(name); }

  void problem(const std::string& kind, const std::string& feature, const std::string& msg) {
    plan_.problems.add(kind, Severity::Error, feature, msg);
  }

  const std::string& path() const { return path_; }

 private:
  GDALDataset* ds_;
  std::string path_;
  Plan& plan_;
};

std::string str(OGRFeature& f, int i) { return i >= 0 && f.IsFieldSetAndNotNull(i) ? f.GetFieldAsString(i) : ""; }
int integer(OGRFeature& f, int i, int dflt = 0) { return i >= 0 && f.IsFieldSetAndNotNull(i) ? f.GetFieldAsInteger(i) : dflt; }
MultiPolygon polygons(OGRFeature& f) { return ogr::toMultiPolygon(f.GetGeometryRef()); }

std::vector<SourceField> fieldsFrom(const std::string& text, std::vector<std::string>& cols) {
  std::vector<SourceField> out;
  json a = json::parse(text, nullptr, false);
  if (!a.is_array()) return out;
  for (const json& e : a) {
    if (!e.is_object()) continue;
    out.push_back({e.value("name", std::string()), e.value("type", 4)});
    cols.push_back(e.value("column", out.back().name));
  }
  return out;
}

// Source fields when plan_meta does not list them (a file from elsewhere): every field that is not ours.
std::vector<SourceField> fieldsOf(OGRLayer* l, const std::set<std::string>& ours, std::vector<std::string>& cols) {
  std::vector<SourceField> out;
  OGRFeatureDefn* d = l->GetLayerDefn();
  for (int i = 0; i < d->GetFieldCount(); ++i) {
    std::string n = d->GetFieldDefn(i)->GetNameRef();
    if (ours.count(lower(n))) continue;
    out.push_back({n, static_cast<int>(d->GetFieldDefn(i)->GetType())});
    cols.push_back(n);
  }
  return out;
}

void readAll(GDALDataset* ds, const std::string& path, Plan& plan) {
  Reader r(ds, path, plan);

  // plan_meta first: bounds and the source field mapping
  std::map<std::string, std::string> reserved;
  if (OGRLayer* l = r.optional("plan_meta")) {
    int k = r.field(l, "key"), v = r.field(l, "value");
    for (auto& f : *l) {
      std::string key = str(*f, k), value = str(*f, v);
      if (kReservedMeta.count(key))
        reserved[key] = value;
      else
        plan.meta.emplace_back(key, value);
    }
  }
  auto metaInt = [&](const char* key, int dflt) {
    auto it = reserved.find(key);
    if (it == reserved.end()) return dflt;
    try {
      return std::stoi(it->second);
    } catch (...) {
      return dflt;
    }
  };
  plan.bounds.grid_min = metaInt(kGridMin, plan.bounds.grid_min);
  plan.bounds.grid_max = metaInt(kGridMax, plan.bounds.grid_max);
  plan.bounds.grid_target = metaInt(kGridTarget, plan.bounds.grid_target);
  plan.bounds.unit_min = metaInt(kUnitMin, plan.bounds.unit_min);
  plan.bounds.unit_max = metaInt(kUnitMax, plan.bounds.unit_max);
  plan.in.epsg = metaInt(kEpsg, 0);
  if (reserved.count(kInputLayers)) {
    json a = json::parse(reserved[kInputLayers], nullptr, false);
    if (a.is_array())
      for (const json& e : a)
        if (e.is_object())
          plan.in.layers.push_back({e.value("role", std::string()), e.value("source", std::string()),
                                    e.value("layer", std::string()), e.value("crs", std::string()),
                                    e.value("features", 0LL), e.value("checksum", std::string())});
  }

  // communities
  std::unordered_map<std::string, int> commIndex;
  {
    OGRLayer* l = r.required("communities");
    if (const OGRSpatialReference* srs = l->GetSpatialRef()) {
      char* wkt = nullptr;
      srs->exportToWkt(&wkt);
      plan.in.crs_wkt = wkt ? wkt : "";
      CPLFree(wkt);
      const char* auth = srs->GetAuthorityName(nullptr);
      if (plan.in.epsg == 0 && auth && std::string(auth) == "EPSG") plan.in.epsg = std::atoi(srs->GetAuthorityCode(nullptr));
    }
    int id = r.field(l, "community_id"), name = Reader::opt(l, "name"), hh = Reader::opt(l, "households");
    for (auto& f : *l) {
      Community c;
      c.community_id = str(*f, id);
      c.name = str(*f, name);
      c.households = integer(*f, hh);
      c.area = polygons(*f);
      commIndex.emplace(c.community_id, static_cast<int>(plan.in.communities.size()));
      plan.in.communities.push_back(std::move(c));
    }
  }

  if (OGRLayer* l = r.optional("compounds")) {
    int id = Reader::opt(l, "compound_id"), name = Reader::opt(l, "name");
    for (auto& f : *l) plan.in.compounds.push_back({str(*f, id), str(*f, name), polygons(*f)});
  }
  if (OGRLayer* l = r.optional("barriers")) {
    int kind = Reader::opt(l, "kind"), name = Reader::opt(l, "name");
    for (auto& f : *l) {
      auto lines = ogr::toLineStrings(f->GetGeometryRef());
      Barrier b{str(*f, kind), str(*f, name), lines.empty() ? LineString{} : lines[0]};
      plan.in.barriers.push_back(std::move(b));
    }
  }

  // buildings
  std::unordered_map<std::string, int> bldIndex;
  {
    OGRLayer* l = r.required("buildings");
    int id = r.field(l, "bld_id"), hh = r.field(l, "households");
    int name = Reader::opt(l, "bld_name"), src = Reader::opt(l, "hh_source"), comm = Reader::opt(l, "community_id");
    int compound = Reader::opt(l, "compound_id"), dedicated = Reader::opt(l, "dedicated");
    int floors = Reader::opt(l, "bld_floors"), floorsEst = Reader::opt(l, "floors_est");
    int entrances = Reader::opt(l, "bld_entrances"), entrancesEst = Reader::opt(l, "entrances_est");
    int fid = Reader::opt(l, "source_fid");
    std::vector<std::string> cols;
    if (reserved.count(kBuildingFields))
      plan.in.building_fields = fieldsFrom(reserved[kBuildingFields], cols);
    else
      plan.in.building_fields = fieldsOf(l, kBuildingCols, cols);
    std::vector<int> colIdx;
    for (const std::string& c : cols) colIdx.push_back(Reader::opt(l, c.c_str()));
    for (auto& f : *l) {
      Building b;
      b.bld_id = str(*f, id);
      b.name = str(*f, name);
      b.households = integer(*f, hh);
      std::string s = str(*f, src);
      b.hh_source = s == "points" ? HhSource::Points : s == "estimate" ? HhSource::Estimate : HhSource::Field;
      b.community_id = str(*f, comm);
      b.compound_id = str(*f, compound);
      b.dedicated = integer(*f, dedicated) != 0;
      b.floors = integer(*f, floors);
      b.floors_estimated = integer(*f, floorsEst) != 0;
      b.entrances = std::max(1, integer(*f, entrances, 1));
      b.entrances_estimated = integer(*f, entrancesEst, 1) != 0;
      b.source_fid = fid >= 0 && f->IsFieldSetAndNotNull(fid) ? f->GetFieldAsInteger64(fid) : -1;
      for (int c : colIdx) {
        bool isNull = c < 0 || !f->IsFieldSetAndNotNull(c);
        b.attrs.push_back(isNull ? "" : f->GetFieldAsString(c));
        b.attr_null.push_back(isNull);
      }
      b.footprint = polygons(*f);
      if (!bldIndex.emplace(b.bld_id, static_cast<int>(plan.in.buildings.size())).second)
        r.problem("duplicate_id", "building " + b.bld_id, "two buildings in " + path + " share bld_id " + b.bld_id);
      plan.in.buildings.push_back(std::move(b));
    }
  }

  // grids
  std::unordered_map<std::string, int> gridIndex;
  {
    OGRLayer* l = r.required("grids");
    int id = r.field(l, "grid_id"), comm = r.field(l, "community_id"), name = Reader::opt(l, "name");
    int hh = Reader::opt(l, "households"), units = Reader::opt(l, "units"), status = Reader::opt(l, "status");
    int reason = Reader::opt(l, "reason"), locked = Reader::opt(l, "locked"), wn = Reader::opt(l, "worker_name");
    int wp = Reader::opt(l, "worker_phone"), duties = Reader::opt(l, "duties");
    for (auto& f : *l) {
      Grid g;
      g.grid_id = str(*f, id);
      std::string cid = str(*f, comm);
      auto c = commIndex.find(cid);
      g.community = c == commIndex.end() ? -1 : c->second;
      if (c == commIndex.end())
        r.problem("unknown_community", "grid " + g.grid_id,
                  "grid " + g.grid_id + " names community '" + cid + "', which is not in the communities layer");
      g.name = str(*f, name);
      g.households = integer(*f, hh);
      g.units = integer(*f, units);
      std::string st = str(*f, status);
      if (!st.empty() && !parseStatus(st, g.status)) {
        g.status = Status::Exception;
        r.problem("unknown_status", "grid " + g.grid_id,
                  "grid " + g.grid_id + " has status '" + st + "'; use ok, under, over, split or exception");
      }
      g.reason = str(*f, reason);
      g.locked = integer(*f, locked) != 0;
      g.worker_name = str(*f, wn);
      g.worker_phone = str(*f, wp);
      g.duties = str(*f, duties);
      g.shape = polygons(*f);
      if (!gridIndex.emplace(g.grid_id, static_cast<int>(plan.grids.size())).second)
        r.problem("duplicate_id", "grid " + g.grid_id, "two grids in " + path + " share grid_id " + g.grid_id);
      plan.grids.push_back(std::move(g));
    }
  }

  // units
  std::unordered_map<std::string, int> unitIndex;
  {
    OGRLayer* l = r.required("units");
    int id = r.field(l, "unit_id"), grid = r.field(l, "grid_id"), hh = Reader::opt(l, "households");
    int status = Reader::opt(l, "status"), reason = Reader::opt(l, "reason"), leader = Reader::opt(l, "leader_name");
    for (auto& f : *l) {
      Unit u;
      u.unit_id = str(*f, id);
      std::string gid = str(*f, grid);
      auto g = gridIndex.find(gid);
      u.grid = g == gridIndex.end() ? -1 : g->second;
      if (g == gridIndex.end())
        r.problem("unknown_grid", "unit " + u.unit_id, "unit " + u.unit_id + " names grid '" + gid + "', which is not in the grids layer");
      u.households = integer(*f, hh);
      std::string st = str(*f, status);
      if (!st.empty() && !parseStatus(st, u.status)) {
        u.status = Status::Exception;
        r.problem("unknown_status", "unit " + u.unit_id,
                  "unit " + u.unit_id + " has status '" + st + "'; use ok, under, over, split or exception");
      }
      u.reason = str(*f, reason);
      u.leader_name = str(*f, leader);
      u.shape = polygons(*f);
      if (!unitIndex.emplace(u.unit_id, static_cast<int>(plan.units.size())).second)
        r.problem("duplicate_id", "unit " + u.unit_id, "two units in " + path + " share unit_id " + u.unit_id);
      plan.units.push_back(std::move(u));
    }
  }

  // pieces
  std::unordered_map<std::string, int> pieceIndex;
  {
    OGRLayer* l = r.required("pieces");
    int id = r.field(l, "piece_id"), bld = r.field(l, "bld_id"), hh = r.field(l, "households");
    int grid = r.field(l, "grid_id"), unit = r.field(l, "unit_id");
    int ent = Reader::opt(l, "entrance"), f0 = Reader::opt(l, "floor_from"), f1 = Reader::opt(l, "floor_to");
    plan.pieces.reserve(static_cast<size_t>(std::max<GIntBig>(0, l->GetFeatureCount())));
    for (auto& f : *l) {
      Piece p;
      p.piece_id = str(*f, id);
      std::string bid = str(*f, bld), gid = str(*f, grid), uid = str(*f, unit);
      auto b = bldIndex.find(bid);
      p.building = b == bldIndex.end() ? -1 : b->second;
      if (b == bldIndex.end())
        r.problem("unknown_building", "piece " + p.piece_id, "piece " + p.piece_id + " names building '" + bid + "', which is not in the buildings layer");
      p.entrance = integer(*f, ent, -1);
      p.floor_from = integer(*f, f0, -1);
      p.floor_to = integer(*f, f1, -1);
      p.households = integer(*f, hh);
      auto g = gridIndex.find(gid);
      p.grid = g == gridIndex.end() ? -1 : g->second;
      if (!gid.empty() && g == gridIndex.end())
        r.problem("unknown_grid", "piece " + p.piece_id, "piece " + p.piece_id + " names grid '" + gid + "', which is not in the grids layer");
      auto u = unitIndex.find(uid);
      p.unit = u == unitIndex.end() ? -1 : u->second;
      if (!uid.empty() && u == unitIndex.end())
        r.problem("unknown_unit", "piece " + p.piece_id, "piece " + p.piece_id + " names unit '" + uid + "', which is not in the units layer");
      pieceIndex.emplace(p.piece_id, static_cast<int>(plan.pieces.size()));
      plan.pieces.push_back(std::move(p));
    }
  }

  // cells: optional (plans written before cells existed have none)
  if (OGRLayer* l = r.optional("cells")) {
    int id = Reader::opt(l, "piece_id");
    if (id >= 0)
      for (auto& f : *l) {
        auto it = pieceIndex.find(str(*f, id));
        if (it != pieceIndex.end()) plan.pieces[it->second].cell = polygons(*f);
      }
  }

  if (OGRLayer* l = r.optional("households")) {
    int id = Reader::opt(l, "hh_id"), bld = Reader::opt(l, "bld_id"), ent = Reader::opt(l, "hh_entrance");
    int floor = Reader::opt(l, "hh_floor");
    std::vector<std::string> cols;
    if (reserved.count(kHouseholdFields))
      plan.in.household_fields = fieldsFrom(reserved[kHouseholdFields], cols);
    else
      plan.in.household_fields = fieldsOf(l, kHouseholdCols, cols);
    std::vector<int> colIdx;
    for (const std::string& c : cols) colIdx.push_back(Reader::opt(l, c.c_str()));
    for (auto& f : *l) {
      HouseholdPoint h;
      h.hh_id = str(*f, id);
      h.bld_id = str(*f, bld);
      h.entrance = integer(*f, ent, -1);
      h.floor = integer(*f, floor, -1);
      if (const OGRGeometry* g = f->GetGeometryRef(); g && wkbFlatten(g->getGeometryType()) == wkbPoint && !g->IsEmpty())
        h.at = {g->toPoint()->getX(), g->toPoint()->getY()};
      for (int c : colIdx) {
        bool isNull = c < 0 || !f->IsFieldSetAndNotNull(c);
        h.attrs.push_back(isNull ? "" : f->GetFieldAsString(c));
        h.attr_null.push_back(isNull);
      }
      plan.in.households.push_back(std::move(h));
    }
  }

  // Stored problems come before those found while reading, so they keep their order on a rewrite.
  ProblemList found = std::move(plan.problems);
  plan.problems = ProblemList();
  if (OGRLayer* l = r.optional("problems")) {
    int kind = Reader::opt(l, "kind"), sev = Reader::opt(l, "severity"), feat = Reader::opt(l, "feature");
    int msg = Reader::opt(l, "message"), origin = Reader::opt(l, "origin");
    for (auto& f : *l) {
      Problem p;
      p.kind = str(*f, kind);
      std::string s = str(*f, sev);
      p.severity = s == "error" ? Severity::Error : s == "info" ? Severity::Info : Severity::Warning;
      p.feature = str(*f, feat);
      p.message = str(*f, msg);
      if (const OGRGeometry* g = f->GetGeometryRef(); g && wkbFlatten(g->getGeometryType()) == wkbPoint && !g->IsEmpty())
        p.at = XY{g->toPoint()->getX(), g->toPoint()->getY()};
      (str(*f, origin) == "input" ? plan.in.problems : plan.problems).add(std::move(p));
    }
  }
  plan.problems.append(found);

  if (OGRLayer* l = r.optional("transfers")) {
    int from = Reader::opt(l, "from_grid"), to = Reader::opt(l, "to_grid"), hh = Reader::opt(l, "households");
    for (auto& f : *l) plan.transfers.push_back({str(*f, from), str(*f, to), integer(*f, hh)});
  }

  // The report carries the pipeline's per-grid metrics that the grids layer does not.
  if (OGRLayer* l = r.optional("report")) {
    int id = Reader::opt(l, "grid_id"), split = Reader::opt(l, "compounds_split"), cross = Reader::opt(l, "barrier_crossings");
    if (id >= 0)
      for (auto& f : *l) {
        auto it = gridIndex.find(str(*f, id));
        if (it == gridIndex.end()) continue;
        plan.grids[it->second].compounds_split = integer(*f, split);
        plan.grids[it->second].barrier_crossings = integer(*f, cross);
      }
  }
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
  fs::path target(path);
  fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw InputError("cannot write plan file " + path + ": folder " + dir.string() + " does not exist; create it first");
  // GDAL's GPKG driver wants the .gpkg extension, so the temp file keeps it.
  // Unique per process and call, so two saves in one process (the studio's, say) never share a temp file.
  static std::atomic<unsigned> serial{0};
  std::string name(1, '.');
  name += target.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(serial++) + ".gpkg";
  fs::path tmp = dir / name;
  fs::remove(tmp, ec);

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
    writeAll(plan, ds.get(), haveSrs ? &srs : nullptr, path);
    CPLErrorReset();
    ds.reset();  // closing flushes the spatial indexes and ends the file
    if (CPLGetLastErrorType() >= CE_Failure)
      throw InputError("cannot write plan file " + path + ": closing failed (" + lastGdalError() + ")");
    fs::rename(tmp, target, ec);
    if (ec) throw InputError("cannot write plan file " + path + ": " + ec.message());
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
  readAll(ds.get(), path, plan);
  return plan;
}

}  // namespace gp::io
