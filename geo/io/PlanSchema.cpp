#include "geo/io/PlanSchema.hpp"

#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>

#include "geo/core/I18n.hpp"
#include "geo/core/ProblemText.hpp"
#include "geo/core/Text.hpp"
#include "geo/io/OgrGeometry.hpp"

namespace gp::io::schema {

OGRFieldType ogrType(Type t) {
  switch (t) {
    case Type::Int:
    case Type::Bool: return OFTInteger;
    case Type::Int64: return OFTInteger64;
    case Type::Real: return OFTReal;
    case Type::DateTime: return OFTDateTime;
    case Type::Text: break;
  }
  return OFTString;
}

OGRFieldSubType ogrSubType(Type t) { return t == Type::Bool ? OFSTBoolean : OFSTNone; }

bool Field::present() const { return i_ >= 0 && f_.IsFieldSetAndNotNull(i_); }
std::string Field::str() const { return present() ? f_.GetFieldAsString(i_) : ""; }
int Field::integer(int dflt) const { return present() ? f_.GetFieldAsInteger(i_) : dflt; }
long long Field::int64(long long dflt) const { return present() ? f_.GetFieldAsInteger64(i_) : dflt; }

bool reservedMeta(const std::string& key) {
  static const std::set<std::string> keys = {kGridMin, kGridMax,        kGridTarget,      kUnitMin,     kUnitMax,
                                             kEpsg,    kBuildingFields, kHouseholdFields, kInputLayers, kFormat};
  return keys.count(key) > 0;
}

void ReadContext::problem(const std::string& kind, const std::string& feature, const std::string& message) {
  plan.problems.add(kind, Severity::Error, feature, message);
}


const std::set<std::string>& ownBuildingColumns() {
  static const std::set<std::string> cols = {
      "fid",       "geom",      "bld_id",     "bld_name",      "households",    "hh_source", "community_id", "grid_id",
      "unit_id",   "compound_id", "dedicated", "bld_floors",   "floors_est",    "bld_entrances", "entrances_est",
      "source_fid"};
  return cols;
}

const std::set<std::string>& ownHouseholdColumns() {
  static const std::set<std::string> cols = {"fid",     "geom",    "hh_id",       "bld_id",  "piece_id",
                                             "grid_id", "unit_id", "hh_entrance", "hh_floor"};
  return cols;
}

std::vector<std::string> sourceColumns(const std::vector<SourceField>& fields, const std::set<std::string>& ours) {
  std::set<std::string> used(ours.begin(), ours.end());
  std::vector<std::string> cols;
  for (const SourceField& f : fields) {
    std::string c = f.name.empty() ? "field" : f.name;
    while (used.count(lower(c))) c = "src_" + c;
    used.insert(lower(c));
    cols.push_back(c);
  }
  return cols;
}

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

namespace {

using W = const WriteContext&;
using V = Value&;
using R = ReadContext&;
using F = const Field&;

MultiPolygon polygons(const OGRGeometry* g) { return ogr::toMultiPolygon(g); }
std::optional<XY> point(const OGRGeometry* g) {
  if (g && wkbFlatten(g->getGeometryType()) == wkbPoint && !g->IsEmpty()) return XY{g->toPoint()->getX(), g->toPoint()->getY()};
  return std::nullopt;
}

template <class T>
const T* at(const std::vector<T>& v, int i) {
  return i >= 0 && i < static_cast<int>(v.size()) ? &v[static_cast<size_t>(i)] : nullptr;
}
void gridId(const Plan& p, int g, V v) {
  const Grid* x = at(p.grids, g);
  v.textOrNull(x ? std::string_view(x->grid_id) : std::string_view());
}
void unitId(const Plan& p, int u, V v) {
  const Unit* x = at(p.units, u);
  v.textOrNull(x ? std::string_view(x->unit_id) : std::string_view());
}
void optInt(int x, V v) { x < 0 ? v.null() : v.integer(x); }  // -1 stands for "not given"

// A status read back; an unknown word is an exception the planner has to look at.
template <class Row>
void readStatus(R r, Row& row, F f, const std::string& what, const std::string& id) {
  std::string st = f.str();
  if (!st.empty() && !parseStatus(st, row.status)) {
    row.status = Status::Exception;
    r.problem("unknown_status", what + " " + id,
              fmt(tr("%1$s has status '%2$s'; use ok, under, over, split or exception"),
                  featureLabel(what + " " + id).c_str(), st.c_str()));
  }
}

}  // namespace

const Layer<Community>& communities() {
  static const Layer<Community> l{
      "communities", wkbMultiPolygon, true,
      {{"community_id", Type::Text, [](W c, size_t i, V v) { v.text(c.plan.in.communities[i].community_id); },
        [](R, Community& x, F f) { x.community_id = f.str(); }, true},
       {"name", Type::Text, [](W c, size_t i, V v) { v.text(c.plan.in.communities[i].name); },
        [](R, Community& x, F f) { x.name = f.str(); }},
       {"households", Type::Int, [](W c, size_t i, V v) { v.integer(c.plan.in.communities[i].households); },
        [](R, Community& x, F f) { x.households = f.integer(); }},
       {"grids", Type::Int, [](W c, size_t i, V v) { v.integer(c.gridsPer[i]); }, nullptr}},
      [](W c) { return c.plan.in.communities.size(); },
      [](W c, size_t i) { return Shape{&c.plan.in.communities[i].area}; },
      [](Community& x, const OGRGeometry* g) { x.area = polygons(g); }};
  return l;
}

const Layer<Grid>& grids() {
  static const Layer<Grid> l{
      "grids", wkbMultiPolygon, true,
      {{"grid_id", Type::Text, [](W c, size_t i, V v) { v.text(c.plan.grids[i].grid_id); },
        [](R, Grid& x, F f) { x.grid_id = f.str(); }, true},
       {"community_id", Type::Text,
        [](W c, size_t i, V v) {
          const Community* x = at(c.plan.in.communities, c.plan.grids[i].community);
          x ? v.text(x->community_id) : v.null();
        },
        [](R r, Grid& x, F f) {
          std::string cid = f.str();
          auto it = r.community.find(cid);
          x.community = it == r.community.end() ? -1 : it->second;
          if (it == r.community.end())
            r.problem("unknown_community", "grid " + x.grid_id,
                      fmt(tr("grid %1$s names community '%2$s', which is not in the communities layer"),
                          x.grid_id.c_str(), cid.c_str()));
        },
        true},
       {"name", Type::Text, [](W c, size_t i, V v) { v.text(c.plan.grids[i].name); },
        [](R, Grid& x, F f) { x.name = f.str(); }},
       {"households", Type::Int, [](W c, size_t i, V v) { v.integer(c.plan.grids[i].households); },
        [](R, Grid& x, F f) { x.households = f.integer(); }},
       {"units", Type::Int, [](W c, size_t i, V v) { v.integer(c.plan.grids[i].units); },
        [](R, Grid& x, F f) { x.units = f.integer(); }},
       {"status", Type::Text, [](W c, size_t i, V v) { v.text(toString(c.plan.grids[i].status)); },
        [](R r, Grid& x, F f) { readStatus(r, x, f, "grid", x.grid_id); }},
       {"reason", Type::Text, [](W c, size_t i, V v) { v.text(c.plan.grids[i].reason); },
        [](R, Grid& x, F f) { x.reason = f.str(); }},
       {"locked", Type::Bool, [](W c, size_t i, V v) { v.integer(c.plan.grids[i].locked ? 1 : 0); },
        [](R, Grid& x, F f) { x.locked = f.integer() != 0; }},
       // An index into plan::gridPalette() (0–9), touching grids differ: what QGIS and the studio fill grids with.
       {"colour", Type::Int, [](W c, size_t i, V v) { v.integer(c.colours[i]); },
        [](R, Grid& x, F f) { x.colour = f.integer(-1); }},
       {"worker_name", Type::Text, [](W c, size_t i, V v) { v.text(c.plan.grids[i].worker_name); },
        [](R, Grid& x, F f) { x.worker_name = f.str(); }},
       {"worker_phone", Type::Text, [](W c, size_t i, V v) { v.text(c.plan.grids[i].worker_phone); },
        [](R, Grid& x, F f) { x.worker_phone = f.str(); }},
       {"duties", Type::Text, [](W c, size_t i, V v) { v.text(c.plan.grids[i].duties); },
        [](R, Grid& x, F f) { x.duties = f.str(); }}},
      [](W c) { return c.plan.grids.size(); },
      [](W c, size_t i) { return Shape{&c.plan.grids[i].shape}; },
      [](Grid& x, const OGRGeometry* g) { x.shape = polygons(g); }};
  return l;
}

const Layer<Unit>& units() {
  static const Layer<Unit> l{
      "units", wkbMultiPolygon, true,
      {{"unit_id", Type::Text, [](W c, size_t i, V v) { v.text(c.plan.units[i].unit_id); },
        [](R, Unit& x, F f) { x.unit_id = f.str(); }, true},
       {"grid_id", Type::Text, [](W c, size_t i, V v) { gridId(c.plan, c.plan.units[i].grid, v); },
        [](R r, Unit& x, F f) {
          std::string gid = f.str();
          auto it = r.grid.find(gid);
          x.grid = it == r.grid.end() ? -1 : it->second;
          if (it == r.grid.end())
            r.problem("unknown_grid", "unit " + x.unit_id,
                      fmt(tr("unit %1$s names grid '%2$s', which is not in the grids layer"), x.unit_id.c_str(),
                          gid.c_str()));
        },
        true},
       {"households", Type::Int, [](W c, size_t i, V v) { v.integer(c.plan.units[i].households); },
        [](R, Unit& x, F f) { x.households = f.integer(); }},
       {"status", Type::Text, [](W c, size_t i, V v) { v.text(toString(c.plan.units[i].status)); },
        [](R r, Unit& x, F f) { readStatus(r, x, f, "unit", x.unit_id); }},
       {"reason", Type::Text, [](W c, size_t i, V v) { v.text(c.plan.units[i].reason); },
        [](R, Unit& x, F f) { x.reason = f.str(); }},
       {"leader_name", Type::Text, [](W c, size_t i, V v) { v.text(c.plan.units[i].leader_name); },
        [](R, Unit& x, F f) { x.leader_name = f.str(); }}},
      [](W c) { return c.plan.units.size(); },
      [](W c, size_t i) { return Shape{&c.plan.units[i].shape}; },
      [](Unit& x, const OGRGeometry* g) { x.shape = polygons(g); }};
  return l;
}

const Layer<Building>& buildings() {
  static const Layer<Building> l{
      "buildings", wkbMultiPolygon, true,
      {{"bld_id", Type::Text, [](W c, size_t i, V v) { v.text(c.plan.in.buildings[i].bld_id); },
        [](R, Building& x, F f) { x.bld_id = f.str(); }, true},
       {"bld_name", Type::Text, [](W c, size_t i, V v) { v.text(c.plan.in.buildings[i].name); },
        [](R, Building& x, F f) { x.name = f.str(); }},
       {"households", Type::Int, [](W c, size_t i, V v) { v.integer(c.plan.in.buildings[i].households); },
        [](R, Building& x, F f) { x.households = f.integer(); }, true},
       {"hh_source", Type::Text, [](W c, size_t i, V v) { v.text(toString(c.plan.in.buildings[i].hh_source)); },
        [](R, Building& x, F f) {
          std::string s = f.str();
          x.hh_source = s == "points" ? HhSource::Points : s == "estimate" ? HhSource::Estimate : HhSource::Field;
        }},
       {"community_id", Type::Text, [](W c, size_t i, V v) { v.textOrNull(c.plan.in.buildings[i].community_id); },
        [](R, Building& x, F f) { x.community_id = f.str(); }},
       {"grid_id", Type::Text, [](W c, size_t i, V v) { gridId(c.plan, c.assignment[i].first, v); }, nullptr},
       {"unit_id", Type::Text, [](W c, size_t i, V v) { unitId(c.plan, c.assignment[i].second, v); }, nullptr},
       {"compound_id", Type::Text, [](W c, size_t i, V v) { v.textOrNull(c.plan.in.buildings[i].compound_id); },
        [](R, Building& x, F f) { x.compound_id = f.str(); }},
       {"dedicated", Type::Bool, [](W c, size_t i, V v) { v.integer(c.plan.in.buildings[i].dedicated ? 1 : 0); },
        [](R, Building& x, F f) { x.dedicated = f.integer() != 0; }},
       {"bld_floors", Type::Int, [](W c, size_t i, V v) { v.integer(c.plan.in.buildings[i].floors); },
        [](R, Building& x, F f) { x.floors = f.integer(); }},
       {"floors_est", Type::Bool, [](W c, size_t i, V v) { v.integer(c.plan.in.buildings[i].floors_estimated ? 1 : 0); },
        [](R, Building& x, F f) { x.floors_estimated = f.integer() != 0; }},
       {"bld_entrances", Type::Int, [](W c, size_t i, V v) { v.integer(c.plan.in.buildings[i].entrances); },
        [](R, Building& x, F f) { x.entrances = std::max(1, f.integer(1)); }},
       {"entrances_est", Type::Bool,
        [](W c, size_t i, V v) { v.integer(c.plan.in.buildings[i].entrances_estimated ? 1 : 0); },
        [](R, Building& x, F f) { x.entrances_estimated = f.integer(1) != 0; }},
       {"source_fid", Type::Int64, [](W c, size_t i, V v) { v.integer(c.plan.in.buildings[i].source_fid); },
        [](R, Building& x, F f) { x.source_fid = f.int64(-1); }}},
      [](W c) { return c.plan.in.buildings.size(); },
      [](W c, size_t i) { return Shape{&c.plan.in.buildings[i].footprint}; },
      [](Building& x, const OGRGeometry* g) { x.footprint = polygons(g); }};
  return l;
}

const Layer<Piece>& pieces() {
  static const Layer<Piece> l{
      "pieces", wkbNone, true,
      {{"piece_id", Type::Text, [](W c, size_t i, V v) { v.text(c.plan.pieces[i].piece_id); },
        [](R, Piece& x, F f) { x.piece_id = f.str(); }, true},
       {"bld_id", Type::Text,
        [](W c, size_t i, V v) {
          const Building* b = at(c.plan.in.buildings, c.plan.pieces[i].building);
          b ? v.text(b->bld_id) : v.null();
        },
        [](R r, Piece& x, F f) {
          std::string bid = f.str();
          auto it = r.building.find(bid);
          x.building = it == r.building.end() ? -1 : it->second;
          if (it == r.building.end())
            r.problem("unknown_building", "piece " + x.piece_id,
                      fmt(tr("piece %1$s names building '%2$s', which is not in the buildings layer"),
                          x.piece_id.c_str(), bid.c_str()));
        },
        true},
       {"entrance", Type::Int, [](W c, size_t i, V v) { optInt(c.plan.pieces[i].entrance, v); },
        [](R, Piece& x, F f) { x.entrance = f.integer(-1); }},
       {"floor_from", Type::Int, [](W c, size_t i, V v) { optInt(c.plan.pieces[i].floor_from, v); },
        [](R, Piece& x, F f) { x.floor_from = f.integer(-1); }},
       {"floor_to", Type::Int, [](W c, size_t i, V v) { optInt(c.plan.pieces[i].floor_to, v); },
        [](R, Piece& x, F f) { x.floor_to = f.integer(-1); }},
       {"households", Type::Int, [](W c, size_t i, V v) { v.integer(c.plan.pieces[i].households); },
        [](R, Piece& x, F f) { x.households = f.integer(); }, true},
       {"grid_id", Type::Text, [](W c, size_t i, V v) { gridId(c.plan, c.plan.pieces[i].grid, v); },
        [](R r, Piece& x, F f) {
          std::string gid = f.str();
          auto it = r.grid.find(gid);
          x.grid = it == r.grid.end() ? -1 : it->second;
          if (!gid.empty() && it == r.grid.end())
            r.problem("unknown_grid", "piece " + x.piece_id,
                      fmt(tr("piece %1$s names grid '%2$s', which is not in the grids layer"), x.piece_id.c_str(),
                          gid.c_str()));
        },
        true},
       {"unit_id", Type::Text, [](W c, size_t i, V v) { unitId(c.plan, c.plan.pieces[i].unit, v); },
        [](R r, Piece& x, F f) {
          std::string uid = f.str();
          auto it = r.unit.find(uid);
          x.unit = it == r.unit.end() ? -1 : it->second;
          if (!uid.empty() && it == r.unit.end())
            r.problem("unknown_unit", "piece " + x.piece_id,
                      fmt(tr("piece %1$s names unit '%2$s', which is not in the units layer"), x.piece_id.c_str(),
                          uid.c_str()));
        },
        true}},
      [](W c) { return c.plan.pieces.size(); }};
  return l;
}

// One cell row per piece that has a cell: stacked floor pieces repeat their entrance's cell, so every piece
// finds its own. Rows are numbered over all pieces; the writer skips those without a cell.
const Layer<CellRow>& cells() {
  static const Layer<CellRow> l{
      "cells", wkbMultiPolygon, false,
      {{"piece_id", Type::Text, [](W c, size_t i, V v) { v.text(c.plan.pieces[i].piece_id); },
        [](R, CellRow& x, F f) { x.piece_id = f.str(); }}},
      [](W c) { return c.plan.pieces.size(); },
      [](W c, size_t i) { return Shape{&c.plan.pieces[i].cell}; },
      [](CellRow& x, const OGRGeometry* g) { x.cell = polygons(g); },
      nullptr,
      [](W c, size_t i) { return !c.plan.pieces[i].cell.empty(); }};
  return l;
}

const Layer<HouseholdPoint>& households() {
  static const Layer<HouseholdPoint> l{
      "households", wkbPoint, false,
      {{"hh_id", Type::Text, [](W c, size_t i, V v) { v.text(c.plan.in.households[i].hh_id); },
        [](R, HouseholdPoint& x, F f) { x.hh_id = f.str(); }},
       {"bld_id", Type::Text, [](W c, size_t i, V v) { v.textOrNull(c.plan.in.households[i].bld_id); },
        [](R, HouseholdPoint& x, F f) { x.bld_id = f.str(); }},
       {"piece_id", Type::Text,
        [](W c, size_t i, V v) {
          const Piece* p = at(c.plan.pieces, c.pieceOf[i]);
          p ? v.text(p->piece_id) : v.null();
        },
        nullptr},
       {"grid_id", Type::Text,
        [](W c, size_t i, V v) {
          const Piece* p = at(c.plan.pieces, c.pieceOf[i]);
          p ? gridId(c.plan, p->grid, v) : v.null();
        },
        nullptr},
       {"unit_id", Type::Text,
        [](W c, size_t i, V v) {
          const Piece* p = at(c.plan.pieces, c.pieceOf[i]);
          p ? unitId(c.plan, p->unit, v) : v.null();
        },
        nullptr},
       {"hh_entrance", Type::Int, [](W c, size_t i, V v) { optInt(c.plan.in.households[i].entrance, v); },
        [](R, HouseholdPoint& x, F f) { x.entrance = f.integer(-1); }},
       {"hh_floor", Type::Int, [](W c, size_t i, V v) { optInt(c.plan.in.households[i].floor, v); },
        [](R, HouseholdPoint& x, F f) { x.floor = f.integer(-1); }}},
      [](W c) { return c.plan.in.households.size(); },
      [](W c, size_t i) { return Shape{nullptr, nullptr, c.plan.in.households[i].at}; },
      [](HouseholdPoint& x, const OGRGeometry* g) {
        if (auto p = point(g)) x.at = *p;
      }};
  return l;
}

const Layer<ProblemRow>& problems() {
  static const Layer<ProblemRow> l{
      "problems", wkbPoint, false,
      {{"kind", Type::Text, [](W c, size_t i, V v) { v.text(c.problems[i].first.kind); },
        [](R, ProblemRow& x, F f) { x.problem.kind = f.str(); }},
       {"severity", Type::Text, [](W c, size_t i, V v) { v.text(toString(c.problems[i].first.severity)); },
        [](R, ProblemRow& x, F f) {
          std::string s = f.str();
          x.problem.severity = s == "error" ? Severity::Error : s == "info" ? Severity::Info : Severity::Warning;
        }},
       {"feature", Type::Text, [](W c, size_t i, V v) { v.text(c.problems[i].first.feature); },
        [](R, ProblemRow& x, F f) { x.problem.feature = f.str(); }},
       {"message", Type::Text, [](W c, size_t i, V v) { v.text(c.problems[i].first.message); },
        [](R, ProblemRow& x, F f) { x.problem.message = f.str(); }},
       {"origin", Type::Text, [](W c, size_t i, V v) { v.text(c.problems[i].second); },
        [](R, ProblemRow& x, F f) { x.origin = f.str(); }}},
      [](W c) { return c.problems.size(); },
      [](W c, size_t i) { return Shape{nullptr, nullptr, c.problems[i].first.at}; },
      [](ProblemRow& x, const OGRGeometry* g) { x.problem.at = point(g); }};
  return l;
}

const Layer<Compound>& compounds() {
  static const Layer<Compound> l{
      "compounds", wkbMultiPolygon, false,
      {{"compound_id", Type::Text, [](W c, size_t i, V v) { v.text(c.plan.in.compounds[i].compound_id); },
        [](R, Compound& x, F f) { x.compound_id = f.str(); }},
       {"name", Type::Text, [](W c, size_t i, V v) { v.text(c.plan.in.compounds[i].name); },
        [](R, Compound& x, F f) { x.name = f.str(); }}},
      [](W c) { return c.plan.in.compounds.size(); },
      [](W c, size_t i) { return Shape{&c.plan.in.compounds[i].area}; },
      [](Compound& x, const OGRGeometry* g) { x.area = polygons(g); }};
  return l;
}

const Layer<Barrier>& barriers() {
  static const Layer<Barrier> l{
      "barriers", wkbLineString, false,
      {{"kind", Type::Text, [](W c, size_t i, V v) { v.text(c.plan.in.barriers[i].kind); },
        [](R, Barrier& x, F f) { x.kind = f.str(); }},
       {"name", Type::Text, [](W c, size_t i, V v) { v.text(c.plan.in.barriers[i].name); },
        [](R, Barrier& x, F f) { x.name = f.str(); }}},
      [](W c) { return c.plan.in.barriers.size(); },
      [](W c, size_t i) { return Shape{nullptr, &c.plan.in.barriers[i].line}; },
      [](Barrier& x, const OGRGeometry* g) {
        auto lines = ogr::toLineStrings(g);
        x.line = lines.empty() ? LineString{} : lines[0];
      }};
  return l;
}

const Layer<Transfer>& transfers() {
  static const Layer<Transfer> l{
      "transfers", wkbNone, false,
      {{"from_grid", Type::Text, [](W c, size_t i, V v) { v.textOrNull(c.plan.transfers[i].from_grid); },
        [](R, Transfer& x, F f) { x.from_grid = f.str(); }},
       {"to_grid", Type::Text, [](W c, size_t i, V v) { v.textOrNull(c.plan.transfers[i].to_grid); },
        [](R, Transfer& x, F f) { x.to_grid = f.str(); }},
       {"households", Type::Int, [](W c, size_t i, V v) { v.integer(c.plan.transfers[i].households); },
        [](R, Transfer& x, F f) { x.households = f.integer(); }}},
      [](W c) { return c.plan.transfers.size(); }};
  return l;
}

namespace {
// Report rows: one per grid, then the totals (grid_id "total").
bool totals(W c, size_t i) { return i >= c.plan.grids.size(); }
}  // namespace

const Layer<ReportRow>& report() {
  static const Layer<ReportRow> l{
      "report", wkbNone, false,
      {{"grid_id", Type::Text, [](W c, size_t i, V v) { totals(c, i) ? v.text("total") : v.text(c.plan.grids[i].grid_id); },
        [](R, ReportRow& x, F f) { x.grid_id = f.str(); }},
       {"community_id", Type::Text,
        [](W c, size_t i, V v) {
          const Community* x = totals(c, i) ? nullptr : at(c.plan.in.communities, c.plan.grids[i].community);
          x ? v.text(x->community_id) : v.null();
        },
        nullptr},
       {"households", Type::Int,
        [](W c, size_t i, V v) { v.integer(totals(c, i) ? static_cast<int>(c.totals.households) : c.plan.grids[i].households); },
        nullptr},
       {"units", Type::Int, [](W c, size_t i, V v) { v.integer(totals(c, i) ? c.totals.units : c.plan.grids[i].units); },
        nullptr},
       {"polsby_popper", Type::Real,
        [](W c, size_t i, V v) { v.real(totals(c, i) ? c.totals.meanPolsbyPopper : c.polsbyPopper[i]); }, nullptr},
       {"compounds_split", Type::Int,
        [](W c, size_t i, V v) { v.integer(totals(c, i) ? c.totals.compoundsSplit : c.plan.grids[i].compounds_split); },
        [](R, ReportRow& x, F f) { x.compounds_split = f.integer(); }},
       {"barrier_crossings", Type::Int,
        [](W c, size_t i, V v) { v.integer(totals(c, i) ? c.totals.crossings : c.plan.grids[i].barrier_crossings); },
        [](R, ReportRow& x, F f) { x.barrier_crossings = f.integer(); }},
       {"status", Type::Text,
        [](W c, size_t i, V v) { totals(c, i) ? v.text(c.totals.statuses) : v.text(toString(c.plan.grids[i].status)); },
        nullptr},
       {"entrances_split", Type::Int, [](W c, size_t i, V v) { v.integer(c.entrancesSplit[i]); }, nullptr}},
      [](W c) { return c.plan.grids.size() + 1; }};
  return l;
}

const Layer<MetaRow>& planMeta() {
  static const Layer<MetaRow> l{
      "plan_meta", wkbNone, false,
      {{"key", Type::Text, [](W c, size_t i, V v) { v.text(c.meta[i].first); }, [](R, MetaRow& x, F f) { x.key = f.str(); },
        true},
       {"value", Type::Text, [](W c, size_t i, V v) { v.text(c.meta[i].second); },
        [](R, MetaRow& x, F f) { x.value = f.str(); }, true}},
      [](W c) { return c.meta.size(); }};
  return l;
}

// QGIS styles, in the table and schema QGIS itself creates ("Save style → in database"); never read back.
const Layer<LayerStyle>& layerStyles() {
  static const Layer<LayerStyle> l{
      "layer_styles", wkbNone, false,
      {{"f_table_catalog", Type::Text, [](W, size_t, V v) { v.text(""); }, nullptr},
       {"f_table_schema", Type::Text, [](W, size_t, V v) { v.text(""); }, nullptr},
       {"f_table_name", Type::Text, [](W c, size_t i, V v) { v.text(c.styles[i].table); }, nullptr},
       {"f_geometry_column", Type::Text, [](W, size_t, V v) { v.text("geom"); }, nullptr},
       {"styleName", Type::Text, [](W c, size_t i, V v) { v.text(c.styles[i].name); }, nullptr},
       {"styleQML", Type::Text, [](W c, size_t i, V v) { v.text(c.styles[i].qml); }, nullptr},
       {"styleSLD", Type::Text, [](W, size_t, V v) { v.text(""); }, nullptr},
       {"useAsDefault", Type::Bool, [](W, size_t, V v) { v.integer(1); }, nullptr},
       {"description", Type::Text, [](W c, size_t i, V v) { v.text(c.styles[i].description); }, nullptr},
       {"owner", Type::Text, [](W, size_t, V v) { v.text(""); }, nullptr},
       {"ui", Type::Text, [](W, size_t, V v) { v.null(); }, nullptr},
       // A fixed time keeps two writes of one plan byte-comparable; QGIS only displays it.
       {"update_time", Type::DateTime, [](W, size_t, V v) { v.text("2000-01-01T00:00:00.000Z"); }, nullptr}},
      [](W c) { return c.styles.size(); },
      nullptr,
      nullptr,
      "id"};
  return l;
}

}  // namespace gp::io::schema
