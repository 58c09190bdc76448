// Writing the plan GeoPackage. GDAL creates the file and every layer (tables, gpkg_* metadata, spatial index
// tables and triggers exactly as its GPKG driver makes them); the rows then go in through one transaction of
// prepared SQLite inserts driven by the column tables of PlanSchema, and each R-tree is bulk-loaded after its
// layer's rows (see PlanFile_Gpkg.hpp for why).
#include <gdal_priv.h>
#include <ogr_p.h>
#include <ogrsf_frmts.h>

#include <functional>
#include <future>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <thread>

#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
#include "geo/core/Pipelined.hpp"
#include "geo/io/PlanFile_Gpkg.hpp"
#include "geo/io/PlanSchema.hpp"
#include "geo/plan/GridColours.hpp"

namespace gp::io {

namespace schema {

namespace {

// The single grid (unit) of all a building's pieces, or -1 where they differ: the building is split.
std::vector<std::pair<int, int>> buildingAssignment(const Plan& plan) {
  std::vector<std::pair<int, int>> out(plan.in.buildings.size(), {-2, -2});
  for (const Piece& p : plan.pieces) {
    if (p.building < 0 || p.building >= static_cast<int>(out.size())) continue;
    auto& [g, u] = out[static_cast<size_t>(p.building)];
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
  if (plan.in.households.empty()) return {};
  std::unordered_map<std::string, int> bldIndex;
  for (size_t i = 0; i < plan.in.buildings.size(); ++i) bldIndex.emplace(plan.in.buildings[i].bld_id, static_cast<int>(i));
  std::vector<std::vector<int>> byBuilding(plan.in.buildings.size());
  for (size_t i = 0; i < plan.pieces.size(); ++i) {
    int b = plan.pieces[i].building;
    if (b >= 0 && b < static_cast<int>(byBuilding.size())) byBuilding[static_cast<size_t>(b)].push_back(static_cast<int>(i));
  }
  std::vector<int> out(plan.in.households.size(), -1);
  for (size_t h = 0; h < plan.in.households.size(); ++h) {
    const HouseholdPoint& hp = plan.in.households[h];
    auto it = bldIndex.find(hp.bld_id);
    if (it == bldIndex.end()) continue;
    int found = -1, matches = 0;
    for (int pi : byBuilding[static_cast<size_t>(it->second)]) {
      const Piece& p = plan.pieces[static_cast<size_t>(pi)];
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

nlohmann::json fieldsJson(const std::vector<SourceField>& fields, const std::vector<std::string>& cols) {
  nlohmann::json a = nlohmann::json::array();
  for (size_t i = 0; i < fields.size(); ++i)
    a.push_back({{"name", fields[i].name}, {"column", cols[i]}, {"type", fields[i].type}});
  return a;
}

}  // namespace

WriteContext::WriteContext(const Plan& p, int jobs) : plan(p) {
  std::future<std::vector<int>> colouring;
  if (jobs != 1 && std::thread::hardware_concurrency() >= 2)
    colouring = std::async(std::launch::async, [&p] { return plan::gridColours(p); });
  else
    colours = plan::gridColours(p);
  gridsPer.assign(p.in.communities.size(), 0);
  for (const Grid& g : p.grids)
    if (g.community >= 0 && g.community < static_cast<int>(gridsPer.size())) gridsPer[static_cast<size_t>(g.community)]++;
  assignment = buildingAssignment(p);
  pieceOf = householdPieces(p);
  for (Problem& x : p.in.problems.items()) problems.emplace_back(std::move(x), "input");
  for (Problem& x : p.problems.items()) problems.emplace_back(std::move(x), "plan");
  buildingColumns = sourceColumns(p.in.building_fields, ownBuildingColumns());
  householdColumns = sourceColumns(p.in.household_fields, ownHouseholdColumns());

  // Report: entrances divided into floor ranges (or whole buildings, where their entrances share one cell),
  // per grid holding any of their floors; the totals row counts each once.
  std::vector<std::set<std::pair<int, int>>> splitOf(p.grids.size());
  std::set<std::pair<int, int>> splitAll;
  for (const Piece& x : p.pieces)
    if (x.floor_from > 0 && x.households > 0) {
      splitAll.insert({x.building, std::max(1, x.entrance)});
      if (x.grid >= 0 && x.grid < static_cast<int>(p.grids.size()))
        splitOf[static_cast<size_t>(x.grid)].insert({x.building, std::max(1, x.entrance)});
    }
  std::map<std::string, int> statuses;
  double pp = 0;
  for (size_t i = 0; i < p.grids.size(); ++i) {
    const Grid& g = p.grids[i];
    polsbyPopper.push_back(gp::polsbyPopper(g.shape));
    entrancesSplit.push_back(static_cast<int>(splitOf[i].size()));
    totals.households += g.households, totals.units += g.units, pp += polsbyPopper.back();
    totals.crossings += g.barrier_crossings, totals.compoundsSplit += g.compounds_split > 0 ? 1 : 0;
    statuses[toString(g.status)]++;
  }
  entrancesSplit.push_back(static_cast<int>(splitAll.size()));
  totals.meanPolsbyPopper = p.grids.empty() ? 0.0 : pp / static_cast<double>(p.grids.size());
  for (auto& [k, n] : statuses) totals.statuses += (totals.statuses.empty() ? "" : ", ") + k + " " + std::to_string(n);

  // plan_meta: the plan's own entries, then those this file format owns.
  for (const auto& kv : p.meta)
    if (!reservedMeta(kv.first)) meta.push_back(kv);
  meta.emplace_back(kFormat, "1");
  meta.emplace_back(kGridMin, std::to_string(p.bounds.grid_min));
  meta.emplace_back(kGridMax, std::to_string(p.bounds.grid_max));
  meta.emplace_back(kGridTarget, std::to_string(p.bounds.grid_target));
  meta.emplace_back(kUnitMin, std::to_string(p.bounds.unit_min));
  meta.emplace_back(kUnitMax, std::to_string(p.bounds.unit_max));
  meta.emplace_back(kEpsg, std::to_string(p.in.epsg));
  nlohmann::json layers = nlohmann::json::array();
  for (const LayerInfo& li : p.in.layers)
    layers.push_back({{"role", li.role}, {"source", li.source}, {"layer", li.layer}, {"crs", li.crs},
                      {"features", li.features}, {"checksum", li.checksum}});
  meta.emplace_back(kInputLayers, layers.dump());
  meta.emplace_back(kBuildingFields, fieldsJson(p.in.building_fields, buildingColumns).dump());
  meta.emplace_back(kHouseholdFields, fieldsJson(p.in.household_fields, householdColumns).dump());

  for (LayerStyle& s : planStyles())
    if (s.table != "problems" || !problems.empty()) styles.push_back(std::move(s));
  if (colouring.valid()) colours = colouring.get();
}

}  // namespace schema

namespace {

using schema::Value;
using schema::WriteContext;

std::string lastGdalError() {
  const char* m = CPLGetLastErrorMsg();
  return m && *m ? std::string(m) : std::string("unknown GDAL error");
}

// Source fields after a layer's own columns: their values are the source's text, converted to the column's
// type by OGR's own rules (as OGRFeature::SetField(int, const char*) did when rows went through OGR).
class SourceValues {
 public:
  SourceValues(const std::vector<std::string>& columns, const std::vector<SourceField>& fields)
      : defn_(new OGRFeatureDefn("source")) {
    defn_->Reference();
    for (size_t k = 0; k < columns.size(); ++k) {
      OGRFieldDefn d(columns[k].c_str(), schema::sourceType(fields[k].type));
      defn_->AddFieldDefn(&d);
      types_.push_back(schema::sourceType(fields[k].type));
    }
    scratch_ = std::make_unique<OGRFeature>(defn_);
  }
  ~SourceValues() {
    scratch_.reset();
    defn_->Release();  // OGR's reference counting deletes it
  }
  SourceValues(const SourceValues&) = delete;
  SourceValues& operator=(const SourceValues&) = delete;
  size_t size() const { return types_.size(); }
  OGRFieldType type(size_t k) const { return types_[k]; }
  const char* name(size_t k) const { return defn_->GetFieldDefn(static_cast<int>(k))->GetNameRef(); }
  void get(const std::vector<std::string>& attrs, const std::vector<bool>& isNull, size_t k, Value& v);

 private:
  OGRFeatureDefn* defn_;
  std::vector<OGRFieldType> types_;
  std::unique_ptr<OGRFeature> scratch_;
};

void SourceValues::get(const std::vector<std::string>& attrs, const std::vector<bool>& isNull, size_t k, Value& v) {
  if (k >= attrs.size() || (k < isNull.size() && isNull[k])) return v.null();
  if (types_[k] == OFTString) return v.text(attrs[k]);
  const int i = static_cast<int>(k);
  scratch_->UnsetField(i);
  scratch_->SetField(i, attrs[k].c_str());
  if (!scratch_->IsFieldSetAndNotNull(i)) return v.null();
  switch (types_[k]) {
    case OFTInteger: return v.integer(scratch_->GetFieldAsInteger(i));
    case OFTInteger64: return v.integer(scratch_->GetFieldAsInteger64(i));
    case OFTReal: return v.real(scratch_->GetFieldAsDouble(i));
    case OFTDate: {
      const OGRField* f = scratch_->GetRawFieldRef(i);
      return v.own(CPLSPrintf("%04d-%02d-%02d", f->Date.Year, f->Date.Month, f->Date.Day));
    }
    case OFTDateTime: {
      char* s = OGRGetXMLDateTime(scratch_->GetRawFieldRef(i), true);
      v.own(s ? s : "");
      CPLFree(s);
      return;
    }
    default: return v.own(scratch_->GetFieldAsString(i));
  }
}

// Writes the layers of one plan file: create() each through OGR, then fill() each inside one transaction.
class Writer {
 public:
  Writer(GDALDataset* ds, OGRSpatialReference* srs, std::string path, int jobs)
      : ds_(ds), srs_(srs), path_(std::move(path)), jobs_(jobs), thread_(std::this_thread::get_id()) {}

  template <class Row>
  void create(const schema::Layer<Row>& l, const SourceValues* extra = nullptr);
  // `extra(row, k, value)` gives the k-th source field of a row, for the `extras` columns after the layer's own.
  template <class Row>
  void fill(const schema::Layer<Row>& l, const WriteContext& c, size_t extras = 0,
            const std::function<void(size_t, size_t, Value&)>& extra = nullptr);
  void begin();
  void commit();

  [[noreturn]] void fail(const std::string& what) {
    throw InputError(fmt(tr("cannot write plan file %1$s: %2$s (GDAL: %3$s); check the folder is writable and the "
                            "disk has room"),
                         path_.c_str(), what.c_str(), lastGdalError().c_str()));
  }

 private:
  struct Triggers;  // the per-row triggers of a layer, off while its rows go in
  void finish(const char* name, size_t rows, const gpkg::Envelope& extent);

  GDALDataset* ds_;
  OGRSpatialReference* srs_;
  std::string path_;
  int jobs_;                  // 1: rows encoded on this thread too
  std::thread::id thread_;  // the thread that owns the SQLite connection
  sqlite3* db_ = nullptr;
  int srsId_ = 0;
};

template <class Row>
void Writer::create(const schema::Layer<Row>& l, const SourceValues* extra) {
  const bool spatial = l.geometry != wkbNone;
  char** opts = nullptr;
  if (spatial) opts = CSLSetNameValue(opts, "GEOMETRY_NAME", "geom");
  if (spatial) opts = CSLSetNameValue(opts, "SPATIAL_INDEX", "NO");  // made below, filled after the rows
  if (l.fid) opts = CSLSetNameValue(opts, "FID", l.fid);
  opts = CSLSetNameValue(opts, "IDENTIFIER", layerTitle(l.name).c_str());  // the title QGIS shows
  OGRLayer* layer = ds_->CreateLayer(l.name, spatial ? srs_ : nullptr, l.geometry, opts);
  CSLDestroy(opts);
  if (!layer) fail(fmt(tr("cannot create layer %s"), l.name));
  auto field = [&](const char* name, OGRFieldType type, OGRFieldSubType sub) {
    OGRFieldDefn d(name, type);
    d.SetSubType(sub);
    if (layer->CreateField(&d) != OGRERR_NONE) fail(fmt(tr("cannot create field %1$s.%2$s"), l.name, name));
  };
  for (const auto& col : l.columns) field(col.name, schema::ogrType(col.type), schema::ogrSubType(col.type));
  if (extra)
    for (size_t k = 0; k < extra->size(); ++k)
      field(extra->name(k), extra->type(k), OFSTNone);
  if (layer->SyncToDisk() != OGRERR_NONE) fail(fmt(tr("cannot create table %s"), l.name));
  if (spatial) {
    std::string sql = std::string("SELECT CreateSpatialIndex('") + l.name + "', 'geom')";
    ds_->ReleaseResultSet(ds_->ExecuteSQL(sql.c_str(), nullptr, nullptr));
  }
}

// GDAL's per-row triggers of a layer (its feature count, its R-tree) are dropped while the rows go in and
// made again from their own SQL after: the count and the index are then written once for all rows.
struct Writer::Triggers {
  Triggers(sqlite3* db, const std::string& table, bool spatial) : db_(db) {
    std::vector<std::string> names = {"trigger_insert_feature_count_" + table};
    if (spatial) names.push_back("rtree_" + table + "_geom_insert");
    gpkg::Statement q(db, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?");
    for (const std::string& n : names) {
      sqlite3_bind_text(q.get(), 1, n.c_str(), -1, SQLITE_TRANSIENT);
      std::string sql = q.text();
      if (sql.empty()) continue;
      saved_.push_back(sql);
      gpkg::exec(db, "DROP TRIGGER " + gpkg::quoted(n));
    }
  }
  void restore() {
    for (const std::string& sql : saved_) gpkg::exec(db_, sql);
  }

 private:
  sqlite3* db_;
  std::vector<std::string> saved_;
};

void bind(sqlite3_stmt* s, int i, const Value& v) {
  switch (v.kind) {
    case Value::Null: sqlite3_bind_null(s, i); break;
    case Value::Integer: sqlite3_bind_int64(s, i, v.i); break;
    case Value::Real: sqlite3_bind_double(s, i, v.d); break;
    case Value::Text: sqlite3_bind_text(s, i, v.s.data(), static_cast<int>(v.s.size()), SQLITE_STATIC); break;
  }
}

// The row's geometry as a GeoPackage blob in `blob`; false for a NULL geometry.
bool encode(const schema::Shape& sh, int srsId, std::string& blob, gpkg::Envelope& env) {
  blob.clear();
  if (sh.polygons && !sh.polygons->empty())
    env = gpkg::multiPolygonBlob(blob, srsId, *sh.polygons);
  else if (sh.line && sh.line->size() >= 2)
    env = gpkg::lineStringBlob(blob, srsId, *sh.line);
  else if (sh.point)
    env = gpkg::pointBlob(blob, srsId, *sh.point);
  else
    return false;
  return true;
}

// Rows made ready for their insert: kept or not, geometry blob and box, column values. A block of rows is made
// on a second thread while this one inserts the block before (see fill).
struct RowBlock {
  std::vector<char> keep, geom;
  std::vector<std::string> blob;
  std::vector<gpkg::Envelope> env;
  std::vector<Value> values;  // row by row, `width` each; filled in place (a Value may view its own text)
};

constexpr size_t kBlockRows = 256;

template <class Row>
void prepareRows(const schema::Layer<Row>& l, const WriteContext& c, int srsId, size_t extras,
                 const std::function<void(size_t, size_t, Value&)>& extra, size_t from, size_t to, RowBlock& blk) {
  const bool spatial = l.geometry != wkbNone;
  const size_t width = l.columns.size() + extras, m = to - from;
  blk.keep.assign(m, 0);
  blk.geom.assign(m, 0);
  if (blk.blob.size() < m) blk.blob.resize(m);
  blk.env.assign(m, gpkg::Envelope{});
  if (blk.values.size() < m * width) blk.values.resize(m * width);
  for (size_t r = 0; r < m; ++r) {
    const size_t i = from + r;
    if (l.keep && !l.keep(c, i)) continue;
    blk.keep[r] = 1;
    if (spatial) blk.geom[r] = encode(l.shape(c, i), srsId, blk.blob[r], blk.env[r]) ? 1 : 0;
    Value* v = &blk.values[r * width];
    for (size_t k = 0; k < l.columns.size(); ++k) l.columns[k].get(c, i, v[k]);
    for (size_t k = 0; k < extras; ++k) extra(i, k, v[l.columns.size() + k]);
  }
}

template <class Row>
void Writer::fill(const schema::Layer<Row>& l, const WriteContext& c, size_t extras,
                  const std::function<void(size_t, size_t, Value&)>& extra) {
  const bool spatial = l.geometry != wkbNone;
  Triggers triggers(db_, l.name, spatial);
  std::string cols, marks;
  auto add = [&](const char* name) {
    cols += (cols.empty() ? "" : ", ") + gpkg::quoted(name);
    marks += marks.empty() ? "?" : ", ?";
  };
  if (spatial) add("geom");
  for (const auto& col : l.columns) add(col.name);
  std::vector<std::string> extraNames;
  for (size_t k = 0; k < extras; ++k) {
    extraNames.push_back(ds_->GetLayerByName(l.name)->GetLayerDefn()->GetFieldDefn(static_cast<int>(l.columns.size() + k))->GetNameRef());
    add(extraNames.back().c_str());
  }
  gpkg::Statement insert(db_, "INSERT INTO " + gpkg::quoted(l.name) + " (" + cols + ") VALUES (" + marks + ")");
  sqlite3_stmt* s = insert.get();

  const size_t n = l.rows(c), width = l.columns.size() + extras;
  gpkg::Envelope extent;
  std::vector<gpkg::RtreeEntry> entries;
  if (spatial) entries.reserve(n);
  size_t written = 0;
  // SQLite's work stays on this thread (one connection); encoding the rows runs a block ahead on another.
  // GDAL's errors are thread-local: the producer keeps them quiet as writePlan does here.
  RowBlock blocks[2];
  const int srsId = srsId_;
  pipelined(
      (n + kBlockRows - 1) / kBlockRows, jobs_,
      [&](int slot, size_t b) {
        const bool away = std::this_thread::get_id() != thread_;
        if (away) CPLPushErrorHandler(CPLQuietErrorHandler);
        prepareRows(l, c, srsId, extras, extra, b * kBlockRows, std::min(n, (b + 1) * kBlockRows), blocks[slot]);
        if (away) CPLPopErrorHandler();
      },
      [&](int slot, size_t b) {
        const RowBlock& blk = blocks[slot];
        for (size_t r = 0, m = std::min(n, (b + 1) * kBlockRows) - b * kBlockRows; r < m; ++r) {
          if (!blk.keep[r]) continue;
          int k = 1;
          if (spatial && blk.geom[r])
            sqlite3_bind_blob(s, k++, blk.blob[r].data(), static_cast<int>(blk.blob[r].size()), SQLITE_STATIC);
          else if (spatial)
            sqlite3_bind_null(s, k++);
          for (size_t v = 0; v < width; ++v) bind(s, k++, blk.values[r * width + v]);
          insert.step();
          ++written;
          if (!blk.env[r].empty()) {
            entries.push_back({sqlite3_last_insert_rowid(db_), blk.env[r]});
            extent.add(blk.env[r]);
          }
        }
      });
  if (spatial) gpkg::bulkLoadRtree(db_, "rtree_" + std::string(l.name) + "_geom", std::move(entries));
  triggers.restore();
  finish(l.name, written, extent);
}

// What GDAL keeps up to date row by row when it writes them: the feature count and the layer's extent.
void Writer::finish(const char* name, size_t rows, const gpkg::Envelope& extent) {
  if (rows > 0) {
    gpkg::Statement count(db_, "UPDATE gpkg_ogr_contents SET feature_count = ? WHERE lower(table_name) = lower(?)");
    sqlite3_bind_int64(count.get(), 1, static_cast<sqlite3_int64>(rows));
    sqlite3_bind_text(count.get(), 2, name, -1, SQLITE_STATIC);
    count.step();
  }
  if (!extent.empty()) {
    // As text through SQLite's printf, as GDAL writes it, so the stored doubles are the same to the last bit.
    char* sql = sqlite3_mprintf(
        "UPDATE gpkg_contents SET min_x = %.18g, min_y = %.18g, max_x = %.18g, max_y = %.18g "
        "WHERE lower(table_name) = lower('%q') AND lower(data_type) = 'features'",
        extent.minx, extent.miny, extent.maxx, extent.maxy, name);
    std::string text = sql ? sql : "";
    sqlite3_free(sql);
    gpkg::exec(db_, text);
  }
}

void Writer::begin() {
  db_ = static_cast<sqlite3*>(ds_->GetInternalHandle("SQLITE_HANDLE"));
  if (!db_) fail("GDAL's GPKG driver gives no SQLite handle");
  gpkg::Statement srs(db_, "SELECT srs_id FROM gpkg_geometry_columns WHERE lower(table_name) = 'communities'");
  srsId_ = std::atoi(srs.text().c_str());
  if (ds_->StartTransaction() != OGRERR_NONE) fail(tr("cannot start a transaction"));
}

void Writer::commit() {
  if (ds_->CommitTransaction() != OGRERR_NONE) fail(tr("cannot commit"));
}

}  // namespace

void writeLayers(const Plan& plan, GDALDataset* ds, OGRSpatialReference* srs, const std::string& path, int jobs) {
  const WriteContext c(plan, jobs);
  Writer w(ds, srs, path, jobs);
  SourceValues bsrc(c.buildingColumns, plan.in.building_fields);
  SourceValues hsrc(c.householdColumns, plan.in.household_fields);
  const bool households = !plan.in.households.empty();
  w.create(schema::communities());
  w.create(schema::grids());
  w.create(schema::units());
  w.create(schema::buildings(), &bsrc);
  w.create(schema::pieces());
  w.create(schema::cells());
  if (households) w.create(schema::households(), &hsrc);
  w.create(schema::problems());
  w.create(schema::compounds());
  w.create(schema::barriers());
  w.create(schema::transfers());
  w.create(schema::report());
  w.create(schema::planMeta());
  w.create(schema::layerStyles());
  try {
    w.begin();
    w.fill(schema::communities(), c);
    w.fill(schema::grids(), c);
    w.fill(schema::units(), c);
    w.fill(schema::buildings(), c, bsrc.size(), [&](size_t i, size_t k, Value& v) {
      bsrc.get(plan.in.buildings[i].attrs, plan.in.buildings[i].attr_null, k, v);
    });
    w.fill(schema::pieces(), c);
    w.fill(schema::cells(), c);
    if (households)
      w.fill(schema::households(), c, hsrc.size(), [&](size_t i, size_t k, Value& v) {
        hsrc.get(plan.in.households[i].attrs, plan.in.households[i].attr_null, k, v);
      });
    w.fill(schema::problems(), c);
    w.fill(schema::compounds(), c);
    w.fill(schema::barriers(), c);
    w.fill(schema::transfers(), c);
    w.fill(schema::report(), c);
    w.fill(schema::planMeta(), c);
    w.fill(schema::layerStyles(), c);
    w.commit();
  } catch (const InputError&) {
    throw;
  } catch (const std::runtime_error& e) {
    w.fail(e.what());
  }
}

}  // namespace gp::io
