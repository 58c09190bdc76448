#include "geo/io/PlanFile.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <set>

#include "geo/core/Error.hpp"
#include "geo/io/OgrGeometry.hpp"
#include "geo/core/I18n.hpp"
#include "geo/plan/Check.hpp"
#include "geo/plan/GridColours.hpp"
#include "tests/plan/SamplePlan.hpp"
#include "tests/support/TestSupport.hpp"

namespace fs = std::filesystem;
using gp::Plan;
using gp::io::readPlan;
using gp::io::writePlan;

namespace {

Plan sample() {
  GDALAllRegister();
  Plan p = gp::test::samplePlan();
  OGRSpatialReference srs;
  srs.importFromEPSG(4549);
  char* wkt = nullptr;
  srs.exportToWkt(&wkt);
  p.in.crs_wkt = wkt;
  CPLFree(wkt);
  return p;
}

GDALDatasetUniquePtr open(const fs::path& p, bool update = false) {
  return GDALDatasetUniquePtr(GDALDataset::Open(p.c_str(), GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : 0)));
}

// Every layer's schema and content as text, as ogrinfo -al would show it.
std::string dump(const fs::path& p) {
  auto ds = open(p);
  if (!ds) return "cannot open " + p.string();
  std::map<std::string, std::string> layers;
  for (OGRLayer* l : ds->GetLayers()) {
    std::string s = "geometry " + std::string(OGRGeometryTypeToName(l->GetGeomType())) + "\n";
    OGRFeatureDefn* d = l->GetLayerDefn();
    for (int i = 0; i < d->GetFieldCount(); ++i)
      s += std::string(d->GetFieldDefn(i)->GetNameRef()) + ":" + OGRFieldDefn::GetFieldTypeName(d->GetFieldDefn(i)->GetType()) + " ";
    s += "\n";
    for (auto& f : *l) {
      for (int i = 0; i < d->GetFieldCount(); ++i) s += (f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : std::string("NULL")) + "|";
      if (const OGRGeometry* g = f->GetGeometryRef()) s += g->exportToWkt();
      s += "\n";
    }
    layers[l->GetName()] = s;
  }
  std::string all;
  for (auto& [n, s] : layers) all += "== " + n + "\n" + s;
  return all;
}

std::vector<std::string> fieldNames(OGRLayer* l) {
  std::vector<std::string> out;
  for (int i = 0; i < l->GetLayerDefn()->GetFieldCount(); ++i) out.push_back(l->GetLayerDefn()->GetFieldDefn(i)->GetNameRef());
  return out;
}

// A plan file through SQLite itself: the R-tree's own functions (rtreecheck, rtreedepth) live there.
class Db {
 public:
  explicit Db(const fs::path& p) { sqlite3_open_v2(p.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr); }
  ~Db() { sqlite3_close(db_); }
  std::string text(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) return "(error: " + std::string(sqlite3_errmsg(db_)) + ")";
    std::string out;
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0)) out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return out;
  }
  long long integer(const std::string& sql) { return std::atoll(text(sql).c_str()); }
  void exec(const std::string& sql) { ASSERT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql; }

 private:
  sqlite3* db_ = nullptr;
};

bool samePolygons(const gp::MultiPolygon& a, const gp::MultiPolygon& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].rings.size() != b[i].rings.size()) return false;
    for (size_t r = 0; r < a[i].rings.size(); ++r) {
      if (a[i].rings[r].size() != b[i].rings[r].size()) return false;
      for (size_t k = 0; k < a[i].rings[r].size(); ++k)
        if (a[i].rings[r][k].x != b[i].rings[r][k].x || a[i].rings[r][k].y != b[i].rings[r][k].y) return false;
    }
  }
  return true;
}

void expectSamePlan(const Plan& a, const Plan& b) {
  EXPECT_EQ(a.in.epsg, b.in.epsg);
  EXPECT_EQ(a.bounds.grid_min, b.bounds.grid_min);
  EXPECT_EQ(a.bounds.grid_max, b.bounds.grid_max);
  EXPECT_EQ(a.bounds.grid_target, b.bounds.grid_target);
  EXPECT_EQ(a.bounds.unit_min, b.bounds.unit_min);
  EXPECT_EQ(a.bounds.unit_max, b.bounds.unit_max);
  ASSERT_EQ(a.in.communities.size(), b.in.communities.size());
  for (size_t i = 0; i < a.in.communities.size(); ++i) {
    EXPECT_EQ(a.in.communities[i].community_id, b.in.communities[i].community_id);
    EXPECT_EQ(a.in.communities[i].name, b.in.communities[i].name);
    EXPECT_EQ(a.in.communities[i].households, b.in.communities[i].households);
    EXPECT_TRUE(samePolygons(a.in.communities[i].area, b.in.communities[i].area));
  }
  ASSERT_EQ(a.in.buildings.size(), b.in.buildings.size());
  for (size_t i = 0; i < a.in.buildings.size(); ++i) {
    const auto &x = a.in.buildings[i], &y = b.in.buildings[i];
    EXPECT_EQ(x.bld_id, y.bld_id);
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.households, y.households);
    EXPECT_EQ(x.hh_source, y.hh_source);
    EXPECT_EQ(x.floors, y.floors);
    EXPECT_EQ(x.floors_estimated, y.floors_estimated);
    EXPECT_EQ(x.entrances, y.entrances);
    EXPECT_EQ(x.entrances_estimated, y.entrances_estimated);
    EXPECT_EQ(x.compound_id, y.compound_id);
    EXPECT_EQ(x.community_id, y.community_id);
    EXPECT_EQ(x.dedicated, y.dedicated);
    EXPECT_EQ(x.source_fid, y.source_fid);
    EXPECT_EQ(x.attr_null, y.attr_null) << x.bld_id;
    for (size_t k = 0; k < x.attrs.size() && k < y.attrs.size(); ++k) {
      if (x.attr_null[k] || a.in.building_fields[k].type == 2) continue;  // reals print differently
      EXPECT_EQ(x.attrs[k], y.attrs[k]) << x.bld_id << " field " << k;
    }
    EXPECT_TRUE(samePolygons(x.footprint, y.footprint)) << x.bld_id;
  }
  ASSERT_EQ(a.in.building_fields.size(), b.in.building_fields.size());
  for (size_t i = 0; i < a.in.building_fields.size(); ++i) {
    EXPECT_EQ(a.in.building_fields[i].name, b.in.building_fields[i].name);
    EXPECT_EQ(a.in.building_fields[i].type, b.in.building_fields[i].type);
  }
  ASSERT_EQ(a.pieces.size(), b.pieces.size());
  for (size_t i = 0; i < a.pieces.size(); ++i) {
    const auto &x = a.pieces[i], &y = b.pieces[i];
    EXPECT_EQ(x.piece_id, y.piece_id);
    EXPECT_EQ(x.building, y.building);
    EXPECT_EQ(x.entrance, y.entrance);
    EXPECT_EQ(x.floor_from, y.floor_from);
    EXPECT_EQ(x.floor_to, y.floor_to);
    EXPECT_EQ(x.households, y.households);
    EXPECT_EQ(x.grid, y.grid);
    EXPECT_EQ(x.unit, y.unit);
    EXPECT_TRUE(samePolygons(x.cell, y.cell)) << x.piece_id;
  }
  ASSERT_EQ(a.grids.size(), b.grids.size());
  for (size_t i = 0; i < a.grids.size(); ++i) {
    const auto &x = a.grids[i], &y = b.grids[i];
    EXPECT_EQ(x.grid_id, y.grid_id);
    EXPECT_EQ(x.community, y.community);
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.households, y.households);
    EXPECT_EQ(x.units, y.units);
    EXPECT_EQ(x.status, y.status);
    EXPECT_EQ(x.reason, y.reason);
    EXPECT_EQ(x.locked, y.locked);
    EXPECT_EQ(x.worker_name, y.worker_name);
    EXPECT_EQ(x.worker_phone, y.worker_phone);
    EXPECT_EQ(x.duties, y.duties);
    EXPECT_EQ(x.barrier_crossings, y.barrier_crossings);
    EXPECT_EQ(x.compounds_split, y.compounds_split);
    EXPECT_TRUE(samePolygons(x.shape, y.shape)) << x.grid_id;
  }
  ASSERT_EQ(a.units.size(), b.units.size());
  for (size_t i = 0; i < a.units.size(); ++i) {
    const auto &x = a.units[i], &y = b.units[i];
    EXPECT_EQ(x.unit_id, y.unit_id);
    EXPECT_EQ(x.grid, y.grid);
    EXPECT_EQ(x.households, y.households);
    EXPECT_EQ(x.status, y.status);
    EXPECT_EQ(x.reason, y.reason);
    EXPECT_EQ(x.leader_name, y.leader_name);
    EXPECT_TRUE(samePolygons(x.shape, y.shape)) << x.unit_id;
  }
  ASSERT_EQ(a.in.households.size(), b.in.households.size());
  for (size_t i = 0; i < a.in.households.size(); ++i) {
    const auto &x = a.in.households[i], &y = b.in.households[i];
    EXPECT_EQ(x.hh_id, y.hh_id);
    EXPECT_EQ(x.bld_id, y.bld_id);
    EXPECT_EQ(x.entrance, y.entrance);
    EXPECT_EQ(x.floor, y.floor);
    EXPECT_EQ(x.at.x, y.at.x);
    EXPECT_EQ(x.at.y, y.at.y);
    EXPECT_EQ(x.attrs, y.attrs);
    EXPECT_EQ(x.attr_null, y.attr_null);
  }
  ASSERT_EQ(a.in.compounds.size(), b.in.compounds.size());
  EXPECT_EQ(a.in.compounds[0].name, b.in.compounds[0].name);
  ASSERT_EQ(a.in.barriers.size(), b.in.barriers.size());
  EXPECT_EQ(a.in.barriers[0].name, b.in.barriers[0].name);
  EXPECT_EQ(a.in.barriers[0].line.size(), b.in.barriers[0].line.size());
  ASSERT_EQ(a.transfers.size(), b.transfers.size());
  EXPECT_EQ(a.transfers[0].from_grid, b.transfers[0].from_grid);
  EXPECT_EQ(a.transfers[0].households, b.transfers[0].households);
  EXPECT_EQ(a.meta, b.meta);
  auto pa = a.problems.items(), pb = b.problems.items(), ia = a.in.problems.items(), ib = b.in.problems.items();
  ASSERT_EQ(pa.size(), pb.size());
  ASSERT_EQ(ia.size(), ib.size());
  EXPECT_EQ(ia[0].message, ib[0].message);
  EXPECT_EQ(ia[0].severity, ib[0].severity);
  ASSERT_TRUE(ib[0].at.has_value());
  EXPECT_EQ(ia[0].at->x, ib[0].at->x);
  EXPECT_FALSE(pb[0].at.has_value());
  EXPECT_EQ(pa[0].kind, pb[0].kind);
}

}  // namespace

TEST(PlanFile, RoundTripKeepsEveryField) {
  auto dir = gp::test::tempDir("rt");
  Plan p = sample();
  writePlan(p, (dir / "plan.gpkg").string());
  Plan back = readPlan((dir / "plan.gpkg").string());
  expectSamePlan(p, back);
  EXPECT_FALSE(back.in.crs_wkt.empty());
  // Nothing found wrong while reading a clean file.
  EXPECT_EQ(back.problems.size(), p.problems.size());
}

TEST(PlanFile, RewritingAReadPlanKeepsEveryLayer) {
  auto dir = gp::test::tempDir("rewrite");
  writePlan(sample(), (dir / "a.gpkg").string());
  writePlan(readPlan((dir / "a.gpkg").string()), (dir / "b.gpkg").string());
  std::string a = dump(dir / "a.gpkg"), b = dump(dir / "b.gpkg");
  EXPECT_EQ(a, b);
  EXPECT_NE(a.find("沧浪二网格"), std::string::npos) << "Chinese text is stored as UTF-8";
}

TEST(PlanFile, LayersFieldsCrsAndStylesAsDesigned) {
  auto dir = gp::test::tempDir("layers");
  writePlan(sample(), (dir / "plan.gpkg").string());
  auto ds = open(dir / "plan.gpkg");
  ASSERT_TRUE(ds);
  EXPECT_STREQ(ds->GetDriver()->GetDescription(), "GPKG");
  std::map<std::string, std::vector<std::string>> want = {
      {"communities", {"community_id", "name", "households", "grids"}},
      {"grids", {"grid_id", "community_id", "name", "households", "units", "status", "reason", "locked", "colour",
                 "worker_name", "worker_phone", "duties"}},
      {"units", {"unit_id", "grid_id", "households", "status", "reason", "leader_name"}},
      {"buildings", {"bld_id", "households", "hh_source", "community_id", "grid_id", "unit_id", "楼名", "floors", "src_households", "area_m2"}},
      {"pieces", {"piece_id", "bld_id", "entrance", "floor_from", "floor_to", "households", "grid_id", "unit_id"}},
      {"households", {"hh_id", "bld_id", "piece_id", "grid_id", "unit_id", "姓名", "room"}},
      {"problems", {"kind", "severity", "feature", "message"}},
      {"plan_meta", {"key", "value"}},
      {"compounds", {"compound_id", "name"}},
      {"barriers", {"kind", "name"}},
      {"cells", {"piece_id"}},
      {"transfers", {"from_grid", "to_grid", "households"}},
      {"report", {"grid_id", "households", "units", "polsby_popper", "compounds_split", "barrier_crossings", "status",
                  "entrances_split"}},
      {"layer_styles", {"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName", "styleQML",
                        "styleSLD", "useAsDefault", "description", "owner", "ui", "update_time"}},
  };
  for (auto& [layer, fields] : want) {
    OGRLayer* l = ds->GetLayerByName(layer.c_str());
    ASSERT_NE(l, nullptr) << layer;
    auto have = fieldNames(l);
    for (const std::string& f : fields)
      EXPECT_NE(std::find(have.begin(), have.end(), f), have.end()) << layer << " lacks " << f;
  }
  // One metric CRS for every spatial layer.
  for (const char* name : {"communities", "grids", "units", "buildings", "households", "problems", "compounds", "barriers", "cells"}) {
    OGRLayer* l = ds->GetLayerByName(name);
    ASSERT_NE(l->GetSpatialRef(), nullptr) << name;
    EXPECT_STREQ(l->GetSpatialRef()->GetAuthorityCode(nullptr), "4549") << name;
  }
  EXPECT_EQ(ds->GetLayerByName("pieces")->GetGeomType(), wkbNone);
  EXPECT_EQ(wkbFlatten(ds->GetLayerByName("households")->GetGeomType()), wkbPoint);
  EXPECT_EQ(wkbFlatten(ds->GetLayerByName("barriers")->GetGeomType()), wkbLineString);
  EXPECT_EQ(ds->GetLayerByName("pieces")->GetFeatureCount(), 10);
  EXPECT_EQ(ds->GetLayerByName("cells")->GetFeatureCount(), 10);
  EXPECT_EQ(ds->GetLayerByName("report")->GetFeatureCount(), 4) << "three grids and a totals row";
  {
    // The totals row counts the entrances divided into floor ranges, each once.
    OGRLayer* rep = ds->GetLayerByName("report");
    std::set<std::pair<int, int>> split;
    const gp::Plan written = sample();
    for (const gp::Piece& p : written.pieces)
      if (p.floor_from > 0 && p.households > 0) split.insert({p.building, std::max(1, p.entrance)});
    rep->SetAttributeFilter("grid_id = 'total'");
    std::unique_ptr<OGRFeature> total(rep->GetNextFeature());
    ASSERT_NE(total, nullptr);
    EXPECT_EQ(total->GetFieldAsInteger("entrances_split"), static_cast<int>(split.size()));
    rep->SetAttributeFilter(nullptr);
  }

  // Split buildings have NULL grid/unit; whole ones name theirs.
  OGRLayer* b = ds->GetLayerByName("buildings");
  std::map<std::string, std::pair<std::string, std::string>> assigned;
  for (auto& f : *b)
    assigned[f->GetFieldAsString("bld_id")] = {f->IsFieldSetAndNotNull(f->GetFieldIndex("grid_id")) ? f->GetFieldAsString("grid_id") : "NULL",
                                               f->IsFieldSetAndNotNull(f->GetFieldIndex("unit_id")) ? f->GetFieldAsString("unit_id") : "NULL"};
  EXPECT_EQ(assigned["B1"].first, "320508019044001");
  EXPECT_EQ(assigned["B1"].second, "NULL");
  EXPECT_EQ(assigned["T"].second, "NULL");
  EXPECT_EQ(assigned["C2"].second, "32050801904500102");

  // Household points carry their piece when entrance and floor settle it.
  OGRLayer* h = ds->GetLayerByName("households");
  for (auto& f : *h) {
    EXPECT_STREQ(f->GetFieldAsString("piece_id"), "C1");
    EXPECT_STREQ(f->GetFieldAsString("unit_id"), "32050801904500101");
  }

  // QGIS styles: grids by status with labels, units labelled by suffix, buildings grey.
  OGRLayer* st = ds->GetLayerByName("layer_styles");
  std::map<std::string, std::string> qml;
  for (auto& f : *st) {
    qml[f->GetFieldAsString("f_table_name")] = f->GetFieldAsString("styleQML");
    EXPECT_EQ(f->GetFieldAsInteger("useAsDefault"), 1);
    EXPECT_STREQ(f->GetFieldAsString("f_geometry_column"), "geom");
  }
  ASSERT_TRUE(qml.count("grids") && qml.count("units") && qml.count("buildings") && qml.count("problems"));
  // Grids filled by colour index (ten categories), status as data-defined outline and hatch, labels first.
  EXPECT_NE(qml["grids"].find("attr=\"colour\""), std::string::npos);
  for (int k = 0; k < gp::plan::kGridColours; ++k)
    EXPECT_NE(qml["grids"].find("<category value=\"" + std::to_string(k) + "\""), std::string::npos) << k;
  for (const char* s : {"&quot;status&quot; = 'over'", "outlineColor", "LinePatternFill", "AlwaysShow",
                        "priority=\"10\"", "grid_id", "households"})
    EXPECT_NE(qml["grids"].find(s), std::string::npos) << s;
  EXPECT_NE(qml["units"].find("right(&quot;unit_id&quot;, 2)"), std::string::npos);
  EXPECT_NE(qml["units"].find("scaleVisibility=\"1\""), std::string::npos);
  EXPECT_NE(qml["buildings"].find("215,215,215"), std::string::npos);
  EXPECT_NE(qml["problems"].find("attr=\"severity\""), std::string::npos);

  // Touching grids get different colours; the colours are read back.
  OGRLayer* gl = ds->GetLayerByName("grids");
  std::map<std::string, int> colour;
  for (auto& f : *gl) colour[f->GetFieldAsString("grid_id")] = f->GetFieldAsInteger("colour");
  const gp::Plan written = sample();
  auto touching = gp::plan::touchingGrids(written);
  for (size_t g = 0; g < touching.size(); ++g)
    for (int h : touching[g])
      EXPECT_NE(colour[written.grids[g].grid_id], colour[written.grids[size_t(h)].grid_id]);
  gp::Plan back = readPlan((dir / "plan.gpkg").string());
  for (const gp::Grid& g : back.grids) EXPECT_EQ(g.colour, colour[g.grid_id]) << g.grid_id;

  // Layer titles QGIS shows (gpkg_contents.identifier) are in the language of the run.
  {
    OGRLayer* contents = ds->ExecuteSQL("SELECT identifier FROM gpkg_contents WHERE table_name = 'grids'", nullptr, nullptr);
    ASSERT_NE(contents, nullptr);
    std::unique_ptr<OGRFeature> f(contents->GetNextFeature());
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(std::string(f->GetFieldAsString(0)), gp::tr("Full-service grids"));
    ds->ReleaseResultSet(contents);
  }
}

TEST(PlanFile, WritesAtomicallyAndReplaces) {
  auto dir = gp::test::tempDir("atomic");
  auto path = (dir / "plan.gpkg").string();
  { std::ofstream(path) << "old"; }
  writePlan(sample(), path);
  std::vector<std::string> names;
  for (auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{"plan.gpkg"}) << "no temp file left behind";
  EXPECT_EQ(readPlan(path).grids.size(), 3u);
  EXPECT_THROW(writePlan(sample(), (dir / "no-such-folder" / "plan.gpkg").string()), gp::InputError);
}

TEST(PlanFile, NoHouseholdPointsNoHouseholdsLayer) {
  auto dir = gp::test::tempDir("nohh");
  Plan p = sample();
  p.in.households.clear();
  writePlan(p, (dir / "plan.gpkg").string());
  auto ds = open(dir / "plan.gpkg");
  EXPECT_EQ(ds->GetLayerByName("households"), nullptr);
  EXPECT_TRUE(readPlan((dir / "plan.gpkg").string()).in.households.empty());
}

TEST(PlanFile, UnreadableFilesSayWhy) {
  auto dir = gp::test::tempDir("bad");
  auto expectError = [](const std::string& path, std::vector<std::string> words) {
    try {
      readPlan(path);
      ADD_FAILURE() << "no error for " << path;
    } catch (const gp::InputError& e) {
      for (const std::string& w : words) EXPECT_NE(std::string(e.what()).find(w), std::string::npos) << e.what();
    }
  };
  expectError((dir / "missing.gpkg").string(), {"missing.gpkg", "does not exist"});
  { std::ofstream(dir / "text.gpkg") << "not a geopackage"; }
  expectError((dir / "text.gpkg").string(), {"text.gpkg", "not a GeoPackage"});

  auto path = dir / "plan.gpkg";
  writePlan(sample(), path.string());
  {
    auto ds = open(path, true);
    for (int i = 0; i < ds->GetLayerCount(); ++i)
      if (std::string(ds->GetLayer(i)->GetName()) == "units") ds->DeleteLayer(i);
  }
  expectError(path.string(), {"plan.gpkg", "'units'"});

  writePlan(sample(), path.string());
  {
    auto ds = open(path, true);
    OGRLayer* l = ds->GetLayerByName("pieces");
    ASSERT_EQ(l->DeleteField(l->GetLayerDefn()->GetFieldIndex("grid_id")), OGRERR_NONE);
  }
  expectError(path.string(), {"plan.gpkg", "'pieces'", "'grid_id'"});
}

TEST(PlanFile, ReadsAFileEditedInQgisOrWrittenBeforeCells) {
  auto dir = gp::test::tempDir("edited");
  auto path = dir / "plan.gpkg";
  writePlan(sample(), path.string());
  {
    auto ds = open(path, true);
    for (const char* gone : {"cells", "report", "layer_styles", "transfers", "compounds", "barriers", "problems"})
      for (int i = 0; i < ds->GetLayerCount(); ++i)
        if (std::string(ds->GetLayer(i)->GetName()) == gone) ds->DeleteLayer(i);
    OGRLayer* g = ds->GetLayerByName("grids");
    OGRFieldDefn extra("备注", OFTString);
    ASSERT_EQ(g->CreateField(&extra), OGRERR_NONE);
    g->ResetReading();
    OGRFeatureUniquePtr f(g->GetNextFeature());
    f->SetField("备注", "QGIS 里加的");
    f->SetField("worker_name", "王小明");
    ASSERT_EQ(g->SetFeature(f.get()), OGRERR_NONE);
  }
  Plan p = readPlan(path.string());
  EXPECT_EQ(p.grids[0].worker_name, "王小明");
  EXPECT_EQ(p.grids.size(), 3u);
  for (const auto& piece : p.pieces) EXPECT_TRUE(piece.cell.empty());
  auto found = gp::plan::check(p);
  EXPECT_EQ(gp::plan::countViolations(found), 0u);
}

TEST(PlanFile, ReadingFlagsUnknownReferences) {
  auto dir = gp::test::tempDir("refs");
  auto path = dir / "plan.gpkg";
  writePlan(sample(), path.string());
  {
    auto ds = open(path, true);
    ds->ExecuteSQL("UPDATE pieces SET grid_id = '999' WHERE piece_id = 'S1'", nullptr, nullptr);
  }
  Plan p = readPlan(path.string());
  EXPECT_EQ(p.pieces[6].grid, -1);
  EXPECT_EQ(p.problems.countKind("unknown_grid"), 1u);
}

TEST(PlanFile, APartitionedTownRoundTripsLayerForLayer) {
  auto dir = gp::test::tempDir("town");
  auto town = (dir / "town.gpkg").string(), plan = (dir / "plan.gpkg").string();
  using gp::test::q;
  auto r = gp::test::runGridplan("synth -o " + q(town) + " --households 3000 --seed 7 --household-points");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  r = gp::test::runGridplan("partition -o " + q(plan) + " --buildings " + q(town) + " --household-points " + q(town) +
                            " --household-points-layer households --communities " + q(town) +
                            " --communities-layer communities --barriers " + q(town) + " --barriers-layer roads");
  ASSERT_LE(r.exit_code, 1) << r.out;
  Plan p = readPlan(plan);
  ASSERT_GT(p.grids.size(), 0u);
  ASSERT_GT(p.in.households.size(), 0u);
  writePlan(p, (dir / "again.gpkg").string());
  EXPECT_EQ(dump(dir / "again.gpkg"), dump(plan));
}

// Rows are encoded on a second thread while SQLite inserts them on the first: the file holds the same rows,
// geometries, source fields and spatial indexes as written on one thread (layers of several blocks of rows).
TEST(PlanFile, SameFileWhetherRowsAreEncodedOnOneThreadOrTwo) {
  auto dir = gp::test::tempDir("write-threads");
  auto town = (dir / "town.gpkg").string(), plan = (dir / "plan.gpkg").string();
  using gp::test::q;
  auto r = gp::test::runGridplan("synth -o " + q(town) + " --households 3000 --seed 5 --household-points");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  r = gp::test::runGridplan("partition -q -o " + q(plan) + " --buildings " + q(town) + " --household-points " +
                            q(town) + " --household-points-layer households --communities " + q(town) +
                            " --communities-layer communities --barriers " + q(town) + " --barriers-layer roads");
  ASSERT_LE(r.exit_code, 1) << r.out;
  Plan p = readPlan(plan);
  ASSERT_GT(p.in.households.size(), 600u);  // households: more than two blocks of rows
  const fs::path one = dir / "one.gpkg", two = dir / "two.gpkg";
  writePlan(p, one.string(), 1);
  writePlan(p, two.string(), 2);
  EXPECT_EQ(dump(one), dump(two));
  Db a(one), b(two);
  for (const char* t : {"rtree_cells_geom", "rtree_households_geom", "rtree_units_geom", "rtree_buildings_geom"}) {
    const std::string sql = std::string("SELECT group_concat(id || ':' || minx || ',' || miny || ',' || maxx || ',' || maxy, ' ') FROM (SELECT * FROM ") + t + " ORDER BY id)";
    EXPECT_EQ(a.text(sql), b.text(sql)) << t;
    EXPECT_NE(a.text(sql), "") << t;
  }
  for (const char* t : {"cells", "units", "grids", "buildings", "households"}) {
    const std::string sql = std::string("SELECT group_concat(hex(geom), ' ') FROM (SELECT geom FROM ") + t + " ORDER BY fid)";
    EXPECT_EQ(a.text(sql), b.text(sql)) << t;  // the blobs, to the last bit
  }
}

TEST(PlanFile, BadJsonInPlanMetaIsAProblemNotASilentDrop) {
  auto dir = gp::test::tempDir("badmeta");
  auto path = dir / "plan.gpkg";
  Plan p = sample();
  writePlan(p, path.string());
  {
    Db db(path);
    db.exec("UPDATE plan_meta SET value = '[{\"name\": ' WHERE key = 'building_fields'");
    db.exec("UPDATE plan_meta SET value = '{\"role\": \"buildings\"}' WHERE key = 'input_layers'");
    db.exec("UPDATE plan_meta SET value = 'two hundred' WHERE key = 'grid_min'");
  }
  Plan back = readPlan(path.string());
  EXPECT_EQ(back.problems.countKind("bad_plan_meta"), 3u);
  std::set<std::string> keys;
  for (const gp::Problem& x : back.problems.items())
    if (x.kind == "bad_plan_meta") {
      EXPECT_NE(x.message.find("plan.gpkg"), std::string::npos) << x.message;
      EXPECT_NE(x.message.find("plan_meta"), std::string::npos) << x.message;
      keys.insert(x.feature);
    }
  EXPECT_EQ(keys, (std::set<std::string>{"plan_meta:key=building_fields", "plan_meta:key=input_layers",
                                         "plan_meta:key=grid_min"}));
  // Nothing lost: the source fields are read from the buildings layer itself instead.
  ASSERT_EQ(back.in.building_fields.size(), p.in.building_fields.size());
  for (size_t i = 0; i < p.in.buildings.size(); ++i) {
    EXPECT_EQ(back.in.buildings[i].attr_null, p.in.buildings[i].attr_null);
    EXPECT_EQ(back.in.buildings[i].attrs[0], p.in.buildings[i].attrs[0]);
  }
  EXPECT_EQ(back.bounds.grid_min, 200);
  EXPECT_TRUE(back.in.layers.empty());
}

TEST(PlanFile, SpatialIndexesFeatureCountsAndExtentsAreCompleteAndMaintained) {
  auto dir = gp::test::tempDir("rtree");
  auto path = dir / "plan.gpkg";
  Plan p = sample();
  // Enough buildings for an R-tree of three levels (SQLite's nodes hold at most 51 entries).
  const gp::Building model = p.in.buildings[0];
  for (int i = 0; i < 3000; ++i) {
    gp::Building b = model;
    char id[16];
    std::snprintf(id, sizeof id, "X%d", i);  // not "X" + std::to_string(i): GCC 12 warns about it (-Wrestrict, a false alarm)
    b.bld_id = id;
    double x = (i % 60) * 5.0 - 0.5, y = (i / 60) * 2.0 + 0.25;
    b.footprint = gp::test::rect(x, y, x + 3.3, y + 1.1);
    p.in.buildings.push_back(b);
  }
  writePlan(p, path.string());

  const std::vector<std::string> spatial = {"communities", "grids", "units", "buildings", "cells", "problems", "compounds", "barriers"};
  {
    Db db(path);
    for (const std::string& t : spatial) {
      std::string rtree = "rtree_";
      rtree += t;
      rtree += "_geom";
      EXPECT_EQ(db.text("SELECT rtreecheck('" + rtree + "')"), "ok") << t;
      EXPECT_EQ(db.integer("SELECT count(*) FROM " + rtree), db.integer("SELECT count(*) FROM " + t + " WHERE geom IS NOT NULL")) << t;
      EXPECT_EQ(db.integer("SELECT count(*) FROM gpkg_extensions WHERE table_name = '" + t + "' AND extension_name = 'gpkg_rtree_index'"), 1) << t;
    }
    EXPECT_EQ(db.integer("SELECT rtreedepth(data) FROM rtree_buildings_geom_node WHERE nodeno = 1"), 2);
    // The per-row triggers are back: the spatial index and the feature count follow later edits.
    for (const char* trigger : {"rtree_buildings_geom_insert", "trigger_insert_feature_count_buildings"})
      EXPECT_EQ(db.integer(std::string("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = '") + trigger + "'"), 1) << trigger;
  }

  auto ds = open(path, true);
  OGRLayer* b = ds->GetLayerByName("buildings");
  // A spatial filter goes through the R-tree; it finds exactly what a scan of every feature finds.
  for (auto [x0, y0, x1, y1] : {std::array<double, 4>{0, 0, 20, 10}, {100.2, 30.3, 100.3, 30.4}, {-10, -10, 400, 200}, {7, 7, 7.5, 7.5}}) {
    OGRPolygon box;
    OGRLinearRing ring;
    for (auto [x, y] : {std::pair{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}) ring.addPoint(x + gp::test::kX0, y + gp::test::kY0);
    box.addRing(&ring);
    std::set<GIntBig> scanned, indexed;
    b->SetSpatialFilter(nullptr);
    for (auto& f : *b)
      if (f->GetGeometryRef() && f->GetGeometryRef()->Intersects(&box)) scanned.insert(f->GetFID());
    b->SetSpatialFilter(&box);
    for (auto& f : *b) indexed.insert(f->GetFID());
    EXPECT_EQ(indexed, scanned) << x0 << " " << y0;
    EXPECT_FALSE(scanned.empty()) << x0 << " " << y0;
  }
  b->SetSpatialFilter(nullptr);
  // Feature counts and extents are those of the rows (GDAL reads both from gpkg_ogr_contents / gpkg_contents).
  for (OGRLayer* l : ds->GetLayers()) {
    GIntBig rows = 0;
    OGREnvelope scan;
    for (auto& f : *l) {
      ++rows;
      if (const OGRGeometry* g = f->GetGeometryRef()) {
        OGREnvelope e;
        g->getEnvelope(&e);
        scan.Merge(e);
      }
    }
    EXPECT_EQ(l->GetFeatureCount(FALSE), rows) << l->GetName();
    OGREnvelope stored;
    if (l->GetGeomType() != wkbNone && rows > 0 && l->GetExtent(&stored, FALSE) == OGRERR_NONE) {
      EXPECT_EQ(stored.MinX, scan.MinX) << l->GetName();
      EXPECT_EQ(stored.MaxY, scan.MaxY) << l->GetName();
    }
  }
  // An edit after writing: the restored triggers index the new feature and count it.
  OGRFeature f(b->GetLayerDefn());
  f.SetField("bld_id", "NEW");
  f.SetField("households", 1);
  f.SetGeometryDirectly(gp::ogr::toOgr(gp::test::rect(1000, 1000, 1010, 1010)).release());
  ASSERT_EQ(b->CreateFeature(&f), OGRERR_NONE);
  const GIntBig before = static_cast<GIntBig>(p.in.buildings.size());
  ds.reset();
  Db db(path);
  EXPECT_EQ(db.text("SELECT rtreecheck('rtree_buildings_geom')"), "ok");
  EXPECT_EQ(db.integer("SELECT count(*) FROM rtree_buildings_geom WHERE minx >= 500999 AND maxx <= 501011"), 1);
  EXPECT_EQ(db.integer("SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'buildings'"), before + 1);
}
