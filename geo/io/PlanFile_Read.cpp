// Reading the plan GeoPackage through OGR, driven by the column tables of PlanSchema. A file edited in QGIS
// may lack optional layers and fields or carry extra ones; what does not stop reading goes to Plan::problems.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <map>
#include <nlohmann/json.hpp>

#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
#include "geo/core/Text.hpp"
#include "geo/io/PlanSchema.hpp"

namespace gp::io {

namespace {

using json = nlohmann::json;
using schema::ReadContext;

OGRLayer* layerOf(GDALDataset* ds, const ReadContext& r, const char* name, bool required) {
  OGRLayer* l = ds->GetLayerByName(name);
  if (!l && required)
    throw InputError(fmt(tr("plan file %1$s has no layer '%2$s': it is not a gridplan plan, or the layer was deleted; "
                            "write it again with `gridplan partition`"),
                         r.path.c_str(), name));
  if (l) l->ResetReading();
  return l;
}

// A plan edited elsewhere can hold text that is not UTF-8: another code page, a field damaged in SQLite (issue 11,
// class 4). JSON writers then failed (`check --json`: exit 3), the CSV, xlsx and GeoJSON exports passed the bytes
// on (an xlsx Excel will not open) and the studio drew garbage. Every text of a row is made valid, U+FFFD for each
// bad byte, before anything reads it, and a warning names the layer, the feature and the field; the first
// kListedRepairs per field are listed, the rest counted (readLayers).
constexpr long long kListedRepairs = 20;

// The feature as problems name it ("grid 3205…01"): its id where the layer has one, else its fid.
std::string featureOf(const std::string& layer, OGRFeature& f, int idField) {
  static const std::map<std::string, std::string> words = {{"communities", "community "}, {"grids", "grid "},
                                                           {"units", "unit "},           {"buildings", "building "},
                                                           {"pieces", "piece "},         {"compounds", "compound "}};
  auto w = words.find(layer);
  if (w != words.end() && idField >= 0 && f.IsFieldSetAndNotNull(idField))
    return w->second + f.GetFieldAsString(idField);
  return layer + ":fid=" + std::to_string(f.GetFID());
}

void repairText(ReadContext& r, OGRLayer& l, OGRFeature& f, const std::vector<int>& texts, int idField) {
  std::vector<std::pair<int, std::string>> fixed;
  for (int i : texts) {
    if (!f.IsFieldSetAndNotNull(i)) continue;
    std::string s = f.GetFieldAsString(i);
    if (!toValidUtf8(s)) continue;
    f.SetField(i, s.c_str());
    fixed.emplace_back(i, std::move(s));
  }
  if (fixed.empty()) return;
  std::string layer = l.GetName();
  toValidUtf8(layer);
  const std::string feature = featureOf(layer, f, idField);
  for (const auto& [i, text] : fixed) {
    std::string field = f.GetFieldDefnRef(i)->GetNameRef();
    toValidUtf8(field);
    if (++r.textsRepaired[layer + "." + field] > kListedRepairs) continue;
    Problem p{"invalid_text", Severity::Warning, feature,
              fmt(tr("plan file %1$s, layer %2$s, fid=%3$lld, field %4$s: the text is not valid UTF-8 (another code "
                     "page, or damaged) and is read as \"%5$s\", with \xEF\xBF\xBD in place of those bytes. Correct "
                     "it in QGIS or the studio, or partition again with the right --encoding."),
                  r.path.c_str(), layer.c_str(), static_cast<long long>(f.GetFID()), field.c_str(), text.c_str()),
              std::nullopt};
    r.repairs.push_back(p);
    r.plan.problems.add(std::move(p));
  }
}

// Every row of `l` through the column table; onRow(row, feature) keeps it.
template <class Row, class OnRow>
void readRows(ReadContext& r, OGRLayer* l, const schema::Layer<Row>& layer, OnRow&& onRow) {
  std::vector<int> texts;
  OGRFeatureDefn* defn = l->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i)
    if (defn->GetFieldDefn(i)->GetType() == OFTString) texts.push_back(i);
  std::vector<int> index;
  for (const auto& col : layer.columns) {
    int i = col.set ? l->GetLayerDefn()->GetFieldIndex(col.name) : -1;
    if (i < 0 && col.required)
      throw InputError(fmt(tr("plan file %1$s, layer '%2$s': field '%3$s' is missing; restore it (gridplan check "
                              "needs it) or write the plan again"),
                           r.path.c_str(), l->GetName(), std::string(col.name).c_str()));
    index.push_back(i);
  }
  const bool hasId = !layer.columns.empty() && std::string_view(layer.columns[0].name).ends_with("_id");
  const int idField = hasId ? index[0] : -1;
  for (auto& f : *l) {
    if (!texts.empty()) repairText(r, *l, *f, texts, idField);
    Row row;
    for (size_t k = 0; k < layer.columns.size(); ++k)
      if (layer.columns[k].set) layer.columns[k].set(r, row, schema::Field(*f, index[k]));
    if (layer.setShape) layer.setShape(row, f->GetGeometryRef());
    onRow(row, *f);
  }
}

// The source fields a layer carries after our columns, with the column each is stored in.
struct SourceFields {
  std::vector<SourceField> fields;
  std::vector<std::string> columns;
};

// Source fields when plan_meta does not list them (a file from elsewhere): every field that is not ours.
SourceFields fieldsOf(OGRLayer* l, const std::set<std::string>& ours) {
  SourceFields out;
  OGRFeatureDefn* d = l->GetLayerDefn();
  for (int i = 0; i < d->GetFieldCount(); ++i) {
    std::string n = d->GetFieldDefn(i)->GetNameRef();
    if (ours.count(lower(n))) continue;
    out.fields.push_back({n, static_cast<int>(d->GetFieldDefn(i)->GetType())});
    out.columns.push_back(n);
  }
  return out;
}

// plan_meta: the plan's own entries into Plan::meta, the format's keys into `reserved`.
class Meta {
 public:
  Meta(ReadContext& r, GDALDataset* ds) : r_(r) {
    if (OGRLayer* l = layerOf(ds, r, "plan_meta", false))
      readRows(r, l, schema::planMeta(), [&](schema::MetaRow& m, OGRFeature&) {
        if (schema::reservedMeta(m.key))
          reserved_[m.key] = std::move(m.value);
        else
          r.plan.meta.emplace_back(std::move(m.key), std::move(m.value));
      });
  }

  // A whole number, or `dflt` where the key is absent; a value that is not one is a problem, not a silent default.
  int integer(const char* key, int dflt) {
    auto it = reserved_.find(key);
    if (it == reserved_.end()) return dflt;
    try {
      return std::stoi(it->second);
    } catch (const std::exception&) {
    }
    bad(key, fmt(tr("'%1$s' is not a whole number; %2$d is used instead"), it->second.c_str(), dflt));
    return dflt;
  }

  // The key's JSON array, or nullopt (with a problem saying what was done instead) where it is not one.
  std::optional<json> array(const char* key, const std::string& instead) {
    auto it = reserved_.find(key);
    if (it == reserved_.end()) return std::nullopt;
    json a = json::parse(it->second, nullptr, false);
    if (a.is_array()) return a;
    bad(key, fmt(a.is_discarded() ? tr("the value is not valid JSON; %s") : tr("the value is not a JSON array; %s"),
                 instead.c_str()));
    return std::nullopt;
  }

  void bad(const char* key, const std::string& what) {
    r_.plan.problems.add("bad_plan_meta", Severity::Warning, std::string("plan_meta:key=") + key,
                         fmt(tr("plan file %1$s, layer 'plan_meta', key '%2$s': %3$s. Write the plan again (gridplan "
                                "partition, or save it in the studio) to repair it"),
                             r_.path.c_str(), key, what.c_str()));
  }

 private:
  ReadContext& r_;
  std::map<std::string, std::string> reserved_;
};

// A layer's source fields as plan_meta lists them (name, column, OGR type), else every field not ours.
SourceFields sourceFields(Meta& meta, const char* key, OGRLayer* l, const std::set<std::string>& ours) {
  const std::string instead = fmt(tr("the source fields were taken from the %s layer instead"), l->GetName());
  std::optional<json> a = meta.array(key, instead);
  if (!a) return fieldsOf(l, ours);
  SourceFields out;
  try {
    for (const json& e : *a) {
      if (!e.is_object()) throw std::invalid_argument(tr("an entry is not an object"));
      out.fields.push_back({e.value("name", std::string()), e.value("type", 4)});
      out.columns.push_back(e.value("column", out.fields.back().name));
    }
  } catch (const std::exception& e) {
    meta.bad(key, fmt(tr("an entry is not a field (%1$s); %2$s"), e.what(), instead.c_str()));
    return fieldsOf(l, ours);
  }
  return out;
}

void readInputLayers(Meta& meta, Plan& plan) {
  std::optional<json> a = meta.array(schema::kInputLayers, tr("the list of input layers is left empty"));
  if (!a) return;
  try {
    for (const json& e : *a)
      if (e.is_object())
        plan.in.layers.push_back({e.value("role", std::string()), e.value("source", std::string()),
                                  e.value("layer", std::string()), e.value("crs", std::string()),
                                  e.value("features", 0LL), e.value("checksum", std::string())});
  } catch (const std::exception& e) {
    plan.in.layers.clear();
    meta.bad(schema::kInputLayers,
             fmt(tr("an entry is not an input layer (%s); the list of input layers is left empty"), e.what()));
  }
}

// Source values of a row, by the column each field is stored in.
template <class Row>
void readAttrs(OGRFeature& f, const std::vector<int>& columns, Row& row) {
  for (int c : columns) {
    bool isNull = c < 0 || !f.IsFieldSetAndNotNull(c);
    row.attrs.push_back(isNull ? "" : f.GetFieldAsString(c));
    row.attr_null.push_back(isNull);
  }
}

std::vector<int> columnIndexes(OGRLayer* l, const std::vector<std::string>& columns) {
  std::vector<int> out;
  for (const std::string& c : columns) out.push_back(l->GetLayerDefn()->GetFieldIndex(c.c_str()));
  return out;
}

void readCommunities(GDALDataset* ds, ReadContext& r) {
  OGRLayer* l = layerOf(ds, r, "communities", true);
  Plan& plan = r.plan;
  if (const OGRSpatialReference* srs = l->GetSpatialRef()) {
    char* wkt = nullptr;
    srs->exportToWkt(&wkt);
    plan.in.crs_wkt = wkt ? wkt : "";
    CPLFree(wkt);
    const char* auth = srs->GetAuthorityName(nullptr);
    if (plan.in.epsg == 0 && auth && std::string(auth) == "EPSG") plan.in.epsg = std::atoi(srs->GetAuthorityCode(nullptr));
  }
  readRows(r, l, schema::communities(), [&](Community& c, OGRFeature&) {
    r.community.emplace(c.community_id, static_cast<int>(plan.in.communities.size()));
    plan.in.communities.push_back(std::move(c));
  });
  if (OGRLayer* x = layerOf(ds, r, "compounds", false))
    readRows(r, x, schema::compounds(), [&](Compound& c, OGRFeature&) { plan.in.compounds.push_back(std::move(c)); });
  if (OGRLayer* x = layerOf(ds, r, "barriers", false))
    readRows(r, x, schema::barriers(), [&](Barrier& b, OGRFeature&) { plan.in.barriers.push_back(std::move(b)); });
}

void readBuildings(GDALDataset* ds, ReadContext& r, Meta& meta) {
  OGRLayer* l = layerOf(ds, r, "buildings", true);
  SourceFields src = sourceFields(meta, schema::kBuildingFields, l, schema::ownBuildingColumns());
  r.plan.in.building_fields = src.fields;
  std::vector<int> columns = columnIndexes(l, src.columns);
  readRows(r, l, schema::buildings(), [&](Building& b, OGRFeature& f) {
    readAttrs(f, columns, b);
    if (!r.building.emplace(b.bld_id, static_cast<int>(r.plan.in.buildings.size())).second)
      r.problem("duplicate_id", "building " + b.bld_id, 
                fmt(tr("two buildings in %1$s share bld_id %2$s"), r.path.c_str(), b.bld_id.c_str()));
    r.plan.in.buildings.push_back(std::move(b));
  });
}

void readGridsAndUnits(GDALDataset* ds, ReadContext& r) {
  Plan& plan = r.plan;
  readRows(r, layerOf(ds, r, "grids", true), schema::grids(), [&](Grid& g, OGRFeature&) {
    if (!r.grid.emplace(g.grid_id, static_cast<int>(plan.grids.size())).second)
      r.problem("duplicate_id", "grid " + g.grid_id, 
                fmt(tr("two grids in %1$s share grid_id %2$s"), r.path.c_str(), g.grid_id.c_str()));
    plan.grids.push_back(std::move(g));
  });
  readRows(r, layerOf(ds, r, "units", true), schema::units(), [&](Unit& u, OGRFeature&) {
    if (!r.unit.emplace(u.unit_id, static_cast<int>(plan.units.size())).second)
      r.problem("duplicate_id", "unit " + u.unit_id, 
                fmt(tr("two units in %1$s share unit_id %2$s"), r.path.c_str(), u.unit_id.c_str()));
    plan.units.push_back(std::move(u));
  });
}

void readPieces(GDALDataset* ds, ReadContext& r) {
  Plan& plan = r.plan;
  OGRLayer* l = layerOf(ds, r, "pieces", true);
  plan.pieces.reserve(static_cast<size_t>(std::max<GIntBig>(0, l->GetFeatureCount())));
  readRows(r, l, schema::pieces(), [&](Piece& p, OGRFeature&) {
    r.piece.emplace(p.piece_id, static_cast<int>(plan.pieces.size()));
    plan.pieces.push_back(std::move(p));
  });
  // Optional: plans written before cells existed have none.
  if (OGRLayer* c = layerOf(ds, r, "cells", false))
    readRows(r, c, schema::cells(), [&](schema::CellRow& x, OGRFeature&) {
      auto it = r.piece.find(x.piece_id);
      if (it != r.piece.end()) plan.pieces[static_cast<size_t>(it->second)].cell = std::move(x.cell);
    });
}

void readHouseholds(GDALDataset* ds, ReadContext& r, Meta& meta) {
  OGRLayer* l = layerOf(ds, r, "households", false);
  if (!l) return;
  SourceFields src = sourceFields(meta, schema::kHouseholdFields, l, schema::ownHouseholdColumns());
  r.plan.in.household_fields = src.fields;
  std::vector<int> columns = columnIndexes(l, src.columns);
  readRows(r, l, schema::households(), [&](HouseholdPoint& h, OGRFeature& f) {
    readAttrs(f, columns, h);
    r.plan.in.households.push_back(std::move(h));
  });
}

// Stored problems come before those found while reading, so they keep their order on a rewrite.
void readProblemsAndReport(GDALDataset* ds, ReadContext& r) {
  Plan& plan = r.plan;
  ProblemList found = std::move(plan.problems);
  plan.problems = ProblemList();
  if (OGRLayer* l = layerOf(ds, r, "problems", false))
    readRows(r, l, schema::problems(), [&](schema::ProblemRow& p, OGRFeature&) {
      (p.origin == "input" ? plan.in.problems : plan.problems).add(std::move(p.problem));
    });
  plan.problems.append(found);
  if (OGRLayer* l = layerOf(ds, r, "transfers", false))
    readRows(r, l, schema::transfers(), [&](Transfer& t, OGRFeature&) { plan.transfers.push_back(std::move(t)); });
  // The report carries the pipeline's per-grid metrics that the grids layer does not.
  if (OGRLayer* l = layerOf(ds, r, "report", false))
    readRows(r, l, schema::report(), [&](schema::ReportRow& x, OGRFeature&) {
      auto it = r.grid.find(x.grid_id);
      if (it == r.grid.end()) return;
      plan.grids[static_cast<size_t>(it->second)].compounds_split = x.compounds_split;
      plan.grids[static_cast<size_t>(it->second)].barrier_crossings = x.barrier_crossings;
    });
}

}  // namespace

std::vector<Problem> readLayers(GDALDataset* ds, const std::string& path, Plan& plan) {
  ReadContext r{plan, path, {}, {}, {}, {}, {}, {}, {}};
  // plan_meta first: bounds and the source field mapping
  Meta meta(r, ds);
  plan.bounds.grid_min = meta.integer(schema::kGridMin, plan.bounds.grid_min);
  plan.bounds.grid_max = meta.integer(schema::kGridMax, plan.bounds.grid_max);
  plan.bounds.grid_target = meta.integer(schema::kGridTarget, plan.bounds.grid_target);
  plan.bounds.unit_min = meta.integer(schema::kUnitMin, plan.bounds.unit_min);
  plan.bounds.unit_max = meta.integer(schema::kUnitMax, plan.bounds.unit_max);
  plan.in.epsg = meta.integer(schema::kEpsg, 0);
  readInputLayers(meta, plan);
  readCommunities(ds, r);
  readBuildings(ds, r, meta);
  readGridsAndUnits(ds, r);
  readPieces(ds, r);
  readHouseholds(ds, r, meta);
  readProblemsAndReport(ds, r);
  for (const auto& [field, n] : r.textsRepaired)
    if (n > kListedRepairs) {
      Problem p{"invalid_text", Severity::Warning, field.substr(0, field.find('.')),
                fmt(tr("plan file %1$s: %2$s texts in field %3$s were not valid UTF-8 and are read with \xEF\xBF\xBD in "
                       "place of the bad bytes (the first %4$lld are listed)."),
                    path.c_str(), thousands(n).c_str(), field.c_str(), kListedRepairs),
                std::nullopt};
      r.repairs.push_back(p);
      plan.problems.add(std::move(p));
    }
  return std::move(r.repairs);
}

}  // namespace gp::io
