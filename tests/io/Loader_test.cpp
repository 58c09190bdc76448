#include "geo/io/Loader.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <atomic>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "geo/core/Error.hpp"
#include "tests/support/TestSupport.hpp"

using namespace gp;
using gp::io::LoadOptions;
using gp::io::loadInputs;

namespace {

// Tiny GeoJSON files written as text, in UTM 51N (Shanghai) unless said otherwise.
const char* kUtm51 = "urn:ogc:def:crs:EPSG::32651";
constexpr double X0 = 350000, Y0 = 3450000;

std::string rectGeom(double x, double y, double w, double h) {
  std::ostringstream s;
  s.precision(12);
  s << R"({"type":"Polygon","coordinates":[[[)" << x << "," << y << "],[" << x + w << "," << y << "],[" << x + w << ","
    << y + h << "],[" << x << "," << y + h << "],[" << x << "," << y << "]]]}";
  return s.str();
}
std::string pointGeom(double x, double y) {
  std::ostringstream s;
  s.precision(12);
  s << R"({"type":"Point","coordinates":[)" << x << "," << y << "]}";
  return s.str();
}
std::string feature(const std::string& geom, const std::string& props) {
  return R"({"type":"Feature","properties":{)" + props + R"(},"geometry":)" + geom + "}";
}
std::string writeFc(const std::filesystem::path& p, const std::vector<std::string>& feats, const char* crs = kUtm51) {
  std::ofstream o(p);
  o << R"({"type":"FeatureCollection",)";
  if (crs) o << R"("crs":{"type":"name","properties":{"name":")" << crs << R"("}},)";
  o << R"("features":[)";
  for (size_t i = 0; i < feats.size(); ++i) o << (i ? "," : "") << feats[i];
  o << "]}";
  return p.string();
}

long long totalHouseholds(const Inputs& in) {
  long long t = 0;
  for (const auto& b : in.buildings) t += b.households;
  return t;
}

const Problem* findProblem(const Inputs& in, const std::string& kind) {
  static std::vector<Problem> keep;
  keep = in.problems.items();
  for (const auto& p : keep)
    if (p.kind == kind) return &p;
  return nullptr;
}

std::string errorOf(const LoadOptions& o) {
  try {
    loadInputs(o);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no InputError)";
}

}  // namespace

TEST(Loader, ChineseHouseholdFieldIsMappedAndNullsCountAsNonResidential) {
  auto d = gp::test::tempDir("b");
  LoadOptions o;
  o.buildings.path = writeFc(d / "b.geojson", {feature(rectGeom(X0, Y0, 60, 12), R"("户数":36,"层数":6,"楼号":"1号楼")"),
                                               feature(rectGeom(X0, Y0 + 40, 20, 20), R"("户数":null,"层数":2)")});
  Inputs in = loadInputs(o);
  ASSERT_EQ(in.buildings.size(), 2u);
  EXPECT_EQ(in.epsg, 32651);
  EXPECT_EQ(in.buildings[0].households, 36);
  EXPECT_EQ(in.buildings[0].hh_source, HhSource::Field);
  EXPECT_EQ(in.buildings[0].floors, 6);
  EXPECT_EQ(in.buildings[0].name, "1号楼");
  EXPECT_EQ(in.buildings[0].entrances, 4);  // a 60 m slab
  EXPECT_TRUE(in.buildings[0].entrances_estimated);
  EXPECT_EQ(in.buildings[1].households, 0);
  ASSERT_NE(findProblem(in, "missing_count"), nullptr);
  // One community around everything, with the household total.
  ASSERT_EQ(in.communities.size(), 1u);
  EXPECT_EQ(in.communities[0].community_id, "000000000000");
  EXPECT_EQ(in.communities[0].households, 36);
  EXPECT_EQ(in.buildings[1].community_id, "000000000000");

  o.estimate_missing = true;  // 2 floors × 400 m² × 0.75 / 90 ≈ 7
  Inputs est = loadInputs(o);
  EXPECT_EQ(est.buildings[1].households, 7);
  EXPECT_EQ(est.buildings[1].hh_source, HhSource::Estimate);
}

TEST(Loader, EstimatesUseFloorsAreaAndFactorsAndSkipNonResidential) {
  auto d = gp::test::tempDir("b");
  LoadOptions o;
  o.buildings.path = writeFc(d / "b.geojson", {feature(rectGeom(X0, Y0, 30, 20), R"("floors":6,"building":"yes")"),
                                               feature(rectGeom(X0 + 50, Y0, 30, 20), R"("building":"yes")"),
                                               feature(rectGeom(X0 + 100, Y0, 30, 20), R"("floors":3,"building":"school")")});
  Inputs in = loadInputs(o);
  ASSERT_EQ(in.buildings.size(), 3u);
  EXPECT_EQ(in.buildings[0].households, 30);  // 6 × 600 × 0.75 / 90
  EXPECT_EQ(in.buildings[0].hh_source, HhSource::Estimate);
  EXPECT_FALSE(in.buildings[0].floors_estimated);
  EXPECT_EQ(in.buildings[1].floors, 1);  // default floors, recorded as estimated
  EXPECT_TRUE(in.buildings[1].floors_estimated);
  EXPECT_EQ(in.buildings[1].households, 5);
  EXPECT_EQ(in.buildings[2].households, 0);  // a school: kept, no households
  EXPECT_NE(findProblem(in, "estimated_households"), nullptr);
  EXPECT_NE(findProblem(in, "estimated_floors"), nullptr);
  EXPECT_EQ(in.problems.countKind("estimated_households"), 1u);  // aggregated, not one per building

  o.area_per_household = 60;
  o.floor_area_factor = 1.0;
  o.default_floors = 3;
  Inputs in2 = loadInputs(o);
  EXPECT_EQ(in2.buildings[0].households, 60);
  EXPECT_EQ(in2.buildings[1].households, 30);
}

TEST(Loader, BadCountsLeaveTheBuildingOutWithAnError) {
  // Issue 11: a count that is not a whole number from 0 to its cap is never replaced by a guess or wrapped.
  auto d = gp::test::tempDir("b");
  LoadOptions o;
  o.buildings.path = writeFc(d / "b.geojson", {feature(rectGeom(X0, Y0, 30, 20), R"("households":"-3","floors":6)"),
                                               feature(rectGeom(X0 + 50, Y0, 30, 20), R"("households":"12.6")"),
                                               feature(rectGeom(X0 + 100, Y0, 30, 20), R"("households":"many","floors":6)"),
                                               feature(rectGeom(X0 + 150, Y0, 30, 20), R"("households":12000)"),
                                               feature(rectGeom(X0 + 300, Y0, 30, 20), R"("households":1e12)"),
                                               feature(rectGeom(X0 + 200, Y0, 30, 20), R"("households":24,"floors":-2)"),
                                               feature(rectGeom(X0 + 250, Y0, 30, 20), R"("households":40,"floors":6)")});
  Inputs in = loadInputs(o);
  ASSERT_EQ(in.buildings.size(), 1u);
  EXPECT_EQ(in.buildings[0].households, 40);
  EXPECT_EQ(in.households_left_out, 24);  // the only left-out building whose households are known
  const Problem* neg = findProblem(in, "negative_count");
  ASSERT_NE(neg, nullptr);
  EXPECT_EQ(neg->severity, Severity::Error);
  EXPECT_NE(neg->feature.find("b.geojson:fid=0"), std::string::npos);
  EXPECT_NE(neg->message.find("households"), std::string::npos);
  EXPECT_NE(findProblem(in, "fractional_count"), nullptr);
  EXPECT_NE(findProblem(in, "non_numeric_count"), nullptr);
  const Problem* big = findProblem(in, "count_too_large");
  ASSERT_NE(big, nullptr);
  EXPECT_NE(big->message.find("--max-households"), std::string::npos);
  EXPECT_NE(findProblem(in, "buildings_left_out"), nullptr);

  o.max_households = 20000;  // the cap is the user's to raise (12,000 now fits; 1e12 never does)
  Inputs raised = loadInputs(o);
  EXPECT_EQ(raised.buildings.size(), 2u);
}

TEST(Loader, InvalidEmptyAndNonPolygonGeometries) {
  auto d = gp::test::tempDir("b");
  LoadOptions o;
  std::string bowtie = R"({"type":"Polygon","coordinates":[[[350000,3450000],[350020,3450020],[350020,3450000],[350000,3450020],[350000,3450000]]]})";
  o.buildings.path = writeFc(d / "b.geojson", {feature(bowtie, R"("households":10)"),
                                               feature("null", R"("households":25)"),
                                               feature(pointGeom(X0, Y0), R"("households":7)"),
                                               feature(rectGeom(X0 + 50, Y0, 30, 20), R"("households":40)")});
  Inputs in = loadInputs(o);
  ASSERT_EQ(in.buildings.size(), 2u);
  const Problem* inv = findProblem(in, "invalid_geometry");
  ASSERT_NE(inv, nullptr);
  EXPECT_NE(inv->message.find("MakeValid"), std::string::npos);
  EXPECT_NEAR(area(in.buildings[0].footprint), 200.0, 1e-6);  // two triangles of the bow-tie
  EXPECT_EQ(findProblem(in, "empty_geometry")->severity, Severity::Error);  // it held households
  EXPECT_NE(findProblem(in, "not_polygon"), nullptr);
  const Problem* sk = findProblem(in, "skipped_buildings");
  ASSERT_NE(sk, nullptr);
  EXPECT_NE(sk->message.find("holding 32 households by field households"), std::string::npos);
  EXPECT_EQ(totalHouseholds(in), 50);
}

TEST(Loader, DuplicateIdsAreRenamedAndReported) {
  auto d = gp::test::tempDir("b");
  LoadOptions o;
  o.id_field = "code";
  o.buildings.path = writeFc(d / "b.geojson", {feature(rectGeom(X0, Y0, 30, 20), R"("code":"A1","households":1)"),
                                               feature(rectGeom(X0 + 50, Y0, 30, 20), R"("code":"A1","households":2)")});
  Inputs in = loadInputs(o);
  EXPECT_EQ(in.buildings[0].bld_id, "A1");
  EXPECT_EQ(in.buildings[1].bld_id, "A1-2");
  EXPECT_EQ(in.problems.countKind("duplicate_id"), 1u);
}

TEST(Loader, HouseholdPointsByLocationAndByField) {
  auto d = gp::test::tempDir("b");
  LoadOptions o;
  o.buildings.path = writeFc(d / "b.geojson", {feature(rectGeom(X0, Y0, 30, 20), R"("bld_id":"K1")"),
                                               feature(rectGeom(X0 + 50, Y0, 30, 20), R"("bld_id":"K2")")});
  std::vector<std::string> pts;
  for (int i = 0; i < 5; ++i) pts.push_back(feature(pointGeom(X0 + 5 + i, Y0 + 5), R"("room":")" + std::to_string(101 + i) + "\""));
  pts.push_back(feature(pointGeom(X0 + 60, Y0 + 5), R"("room":"201","bld":"K1")"));  // claims K1 by field
  pts.push_back(feature(pointGeom(X0 + 500, Y0 + 500), R"("room":"x")"));             // in no building
  o.household_points.path = writeFc(d / "h.geojson", pts);
  Inputs in = loadInputs(o);
  EXPECT_EQ(in.buildings[0].households, 5);
  EXPECT_EQ(in.buildings[0].hh_source, HhSource::Points);
  EXPECT_EQ(in.buildings[1].households, 1);
  ASSERT_EQ(in.households.size(), 7u);
  EXPECT_EQ(in.households[0].bld_id, "K1");
  EXPECT_EQ(in.problems.countKind("household_outside_building"), 1u);

  o.household_building_field = "bld";  // now the 6th point goes by its field: K1
  Inputs byField = loadInputs(o);
  EXPECT_EQ(byField.buildings[0].households, 6);
  EXPECT_EQ(byField.buildings[1].households, 0);
  EXPECT_EQ(byField.households[5].bld_id, "K1");
}

TEST(Loader, FieldWinsOverPointsAndDisagreementIsReported) {
  auto d = gp::test::tempDir("b");
  LoadOptions o;
  o.buildings.path = writeFc(d / "b.geojson", {feature(rectGeom(X0, Y0, 30, 20), R"("households":4)"),
                                               feature(rectGeom(X0 + 50, Y0, 30, 20), R"("households":null)")});
  std::vector<std::string> pts;
  for (int i = 0; i < 3; ++i) pts.push_back(feature(pointGeom(X0 + 5 + i, Y0 + 5), R"("room":"1")"));
  for (int i = 0; i < 2; ++i) pts.push_back(feature(pointGeom(X0 + 55 + i, Y0 + 5), R"("room":"2")"));
  o.household_points.path = writeFc(d / "h.geojson", pts);
  Inputs in = loadInputs(o);
  EXPECT_EQ(in.buildings[0].households, 4);
  EXPECT_EQ(in.buildings[0].hh_source, HhSource::Field);
  EXPECT_EQ(in.buildings[1].households, 2);  // NULL in the field: the points count
  EXPECT_EQ(in.buildings[1].hh_source, HhSource::Points);
  const Problem* m = findProblem(in, "households_mismatch");
  ASSERT_NE(m, nullptr);
  EXPECT_NE(m->message.find("says 4 households but 3 household points"), std::string::npos) << m->message;
}

TEST(Loader, HouseholdRegisterAsATable) {
  auto d = gp::test::tempDir("b");
  LoadOptions o;
  o.buildings.path = writeFc(d / "b.geojson", {feature(rectGeom(X0, Y0, 30, 20), R"("bld_id":"K1")"),
                                               feature(rectGeom(X0 + 50, Y0, 30, 20), R"("bld_id":"K2")")});
  std::ofstream(d / "register.csv") << "户号,楼栋,单元,楼层\n1,K1,1,1\n2,K1,1,2\n3,K2,2,5\n4,K9,1,1\n";
  o.household_points.path = (d / "register.csv").string();
  o.household_building_field = "楼栋";
  Inputs in = loadInputs(o);
  EXPECT_EQ(in.buildings[0].households, 2);
  EXPECT_EQ(in.buildings[1].households, 1);
  ASSERT_EQ(in.households.size(), 4u);
  EXPECT_EQ(in.households[2].entrance, 2);
  EXPECT_EQ(in.households[2].floor, 5);
  EXPECT_EQ(in.households[2].hh_id, "3");
  EXPECT_EQ(in.problems.countKind("missing_crs"), 0u);  // a table has no CRS to miss
  const Problem* u = findProblem(in, "household_unknown_building");
  ASSERT_NE(u, nullptr);
  EXPECT_NE(u->message.find("K9"), std::string::npos);
  EXPECT_EQ(in.problems.countKind("household_outside_building"), 1u);
}

TEST(Loader, CommunitiesAssignOverlapAndOutside) {
  auto d = gp::test::tempDir("b");
  LoadOptions o;
  o.buildings.path = writeFc(d / "b.geojson", {feature(rectGeom(X0 + 10, Y0 + 10, 20, 20), R"("households":100)"),
                                               feature(rectGeom(X0 + 210, Y0 + 10, 20, 20), R"("households":50)"),
                                               feature(rectGeom(X0 + 900, Y0 + 900, 20, 20), R"("households":7)")});
  o.communities.path =
      writeFc(d / "c.geojson", {feature(rectGeom(X0, Y0, 200, 200), R"("code":"320508019044","name":"东社区")"),
                                feature(rectGeom(X0 + 150, Y0, 200, 200), R"("code":"320508019045","name":"西社区")")});
  Inputs in = loadInputs(o);
  ASSERT_EQ(in.communities.size(), 2u);
  EXPECT_EQ(in.buildings[0].community_id, "320508019044");
  EXPECT_EQ(in.buildings[1].community_id, "320508019045");
  EXPECT_EQ(in.buildings[2].community_id, "");
  EXPECT_EQ(in.communities[0].households, 100);
  EXPECT_EQ(in.communities[1].households, 50);
  EXPECT_EQ(in.communities[0].name, "东社区");
  const Problem* out = findProblem(in, "building_outside_community");
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(out->severity, Severity::Error);
  EXPECT_NE(out->message.find("7 households"), std::string::npos);
  const Problem* ov = findProblem(in, "communities_overlap");
  ASSERT_NE(ov, nullptr);
  EXPECT_EQ(ov->severity, Severity::Error);  // 50 m × 200 m, a quarter of each
  EXPECT_NE(ov->message.find("10000 m²"), std::string::npos);
}

TEST(Loader, MixedCrsLayersLineUp) {
  // Buildings in UTM 51N, communities in WGS 84 lon/lat and CGCS2000 (latitude-first in EPSG terms).
  auto d = gp::test::tempDir("b");
  OGRSpatialReference utm, wgs;
  utm.importFromEPSG(32651);
  wgs.importFromEPSG(4326);
  utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&utm, &wgs));
  double xs[2] = {X0 - 100, X0 + 100}, ys[2] = {Y0 - 100, Y0 + 100};
  ct->Transform(2, xs, ys);
  std::string ll = rectGeom(xs[0], ys[0], xs[1] - xs[0], ys[1] - ys[0]);
  LoadOptions o;
  o.buildings.path = writeFc(d / "b.geojson", {feature(rectGeom(X0 - 10, Y0 - 10, 20, 20), R"("households":9)")});
  o.communities.path = writeFc(d / "c.geojson", {feature(ll, R"("community_id":"310101001001")")}, nullptr);
  double px = X0, py = Y0;  // the building's centre, as a WGS 84 household point
  ct->Transform(1, &px, &py);
  o.household_points.path = writeFc(d / "h.geojson", {feature(pointGeom(px, py), R"("room":"101")")}, nullptr);
  o.buildings.path = writeFc(d / "b.geojson", {feature(rectGeom(X0 - 10, Y0 - 10, 20, 20), R"("households":null)")});
  Inputs in = loadInputs(o);
  EXPECT_EQ(in.buildings[0].community_id, "310101001001");
  EXPECT_EQ(in.buildings[0].households, 1);
  EXPECT_NEAR(in.households[0].at.x, X0, 0.01);
  BBox cb = bbox(in.communities[0].area);
  EXPECT_NEAR(cb.center().x, X0, 2.0);
  EXPECT_NEAR(cb.center().y, Y0, 2.0);
}

TEST(Loader, Cgcs2000BuildingsGoToGaussKruger) {
  auto d = gp::test::tempDir("b");
  GDALAllRegister();
  auto path = (d / "b.gpkg").string();
  {
    GDALDatasetUniquePtr ds(GetGDALDriverManager()->GetDriverByName("GPKG")->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRSpatialReference srs;
    srs.importFromEPSG(4490);  // authority order: latitude first
    OGRLayer* l = ds->CreateLayer("buildings", &srs, wkbPolygon, nullptr);
    OGRFieldDefn fd("户数", OFTInteger);
    l->CreateField(&fd);
    OGRFeature f(l->GetLayerDefn());
    f.SetField(0, 12);
    OGRGeometry* g = nullptr;
    // GPKG stores x = longitude: a 0.0002° square at 120.0°E, 30.0°N.
    OGRGeometryFactory::createFromWkt("POLYGON((120 30,120.0002 30,120.0002 30.0002,120 30.0002,120 30))", nullptr, &g);
    f.SetGeometryDirectly(g);
    ASSERT_EQ(l->CreateFeature(&f), OGRERR_NONE);
  }
  LoadOptions o;
  o.buildings.path = path;
  Inputs in = loadInputs(o);
  EXPECT_EQ(in.epsg, 4549);
  XY c = centroid(in.buildings[0].footprint);
  EXPECT_NEAR(c.x, 500009.6, 1);  // on the central meridian: easting ≈ 500,000 m, no zone prefix
  EXPECT_NEAR(c.y, 3320000, 2000);
  EXPECT_NEAR(area(in.buildings[0].footprint), 19.3 * 22.2, 15);
  EXPECT_EQ(in.buildings[0].households, 12);

  o.crs = "EPSG:32651";
  EXPECT_EQ(loadInputs(o).epsg, 32651);
}

TEST(Loader, BarriersFromLinesAndPolygons) {
  auto d = gp::test::tempDir("b");
  LoadOptions o;
  o.buildings.path = writeFc(d / "b.geojson", {feature(rectGeom(X0, Y0, 20, 20), R"("households":9)")});
  std::string line = R"({"type":"LineString","coordinates":[[349900,3449990],[350100,3449990]]})";
  o.barriers.push_back({writeFc(d / "roads.geojson", {feature(line, R"("highway":"primary","name":"中山路")"),
                                                      feature(line, R"("highway":"footway")"),
                                                      feature(line, R"("highway":"primary","tunnel":"yes")"),
                                                      feature(line, R"("railway":"tram")")}),
                        ""});
  o.barriers.push_back({writeFc(d / "river.geojson", {feature(rectGeom(X0, Y0 - 100, 300, 30), R"("name":"苏州河")")}), ""});
  Inputs in = loadInputs(o);
  ASSERT_EQ(in.barriers.size(), 2u);
  EXPECT_EQ(in.barriers[0].kind, "road");
  EXPECT_EQ(in.barriers[0].name, "中山路");
  EXPECT_EQ(in.barriers[1].kind, "river");
  EXPECT_NE(findProblem(in, "barrier_polygons"), nullptr);
  EXPECT_NE(findProblem(in, "minor_paths_ignored"), nullptr);
  const Problem* t = findProblem(in, "tunnels_ignored");
  ASSERT_NE(t, nullptr);
  EXPECT_NE(t->message.find("2 tunnels"), std::string::npos) << t->message;
}

TEST(Loader, WhereFilterAndErrors) {
  auto d = gp::test::tempDir("b");
  LoadOptions o;
  o.buildings.path = writeFc(d / "b.geojson", {feature(rectGeom(X0, Y0, 20, 20), R"("households":9,"kind":"a")"),
                                               feature(rectGeom(X0 + 50, Y0, 20, 20), R"("households":4,"kind":"b")")});
  o.where = "kind = 'b'";
  EXPECT_EQ(totalHouseholds(loadInputs(o)), 4);

  o.where = "kind = 'zzz'";
  EXPECT_NE(errorOf(o).find("no usable building polygon"), std::string::npos);
  o.where = "nosuchfield > 1";
  EXPECT_NE(errorOf(o).find("nosuchfield"), std::string::npos);
  o.where.clear();

  o.households_field = "houshold";
  std::string e = errorOf(o);
  EXPECT_NE(e.find("--households-field houshold"), std::string::npos) << e;
  EXPECT_NE(e.find("Did you mean households?"), std::string::npos) << e;
  EXPECT_NE(e.find("kind"), std::string::npos) << e;  // lists the fields
  o.households_field.clear();

  LoadOptions missing;
  missing.buildings.path = (d / "nope.shp").string();
  e = errorOf(missing);
  EXPECT_NE(e.find("nope.shp"), std::string::npos);
  EXPECT_NE(e.find("does not exist"), std::string::npos);

  LoadOptions onlyPoints;
  onlyPoints.buildings.path = writeFc(d / "p.geojson", {feature(pointGeom(X0, Y0), R"("households":3)")});
  EXPECT_NE(errorOf(onlyPoints).find("no usable building polygon"), std::string::npos);
}

// ---- the real datasets in ../shared/data (see its README) ----

TEST(LoaderRealData, GbkShapefileWithChineseFields) {
  GP_REQUIRE_SHARED_DATA();
  LoadOptions o;
  o.buildings.path = (gp::test::sharedData() / "shanghai_gbk/buildings_gbk.shp").string();
  Inputs in = loadInputs(o);
  EXPECT_EQ(in.buildings.size(), 696u);
  EXPECT_EQ(totalHouseholds(in), 139847);
  EXPECT_EQ(in.epsg, 4549);  // EPSG:4490 input → CGCS2000 GK CM 120E
  std::vector<std::string> names;
  for (auto& f : in.building_fields) names.push_back(f.name);
  EXPECT_EQ(names, (std::vector<std::string>{"osm_id", "楼号", "层数", "户数"}));
  long long named = 0, zero = 0;
  for (auto& b : in.buildings) {
    named += b.name.find("号") != std::string::npos;
    zero += b.households == 0;
    EXPECT_EQ(b.hh_source, HhSource::Field);
  }
  EXPECT_GT(named, 0);
  EXPECT_EQ(zero, 39);
  BBox bb;
  for (auto& b : in.buildings) bb.add(bbox(b.footprint));
  EXPECT_GT(bb.minx, 640000);  // 121.48°E is 1.5° east of CM 120: ~640 km easting, no zone prefix
  EXPECT_LT(bb.maxx, 660000);
  EXPECT_NEAR(bb.center().y, 3458000, 3000);
}

TEST(LoaderRealData, CadastreDwellings) {
  GP_REQUIRE_SHARED_DATA();
  LoadOptions o;
  o.buildings.path = (gp::test::sharedData() / "catastro_tenerife/cons.shp").string();
  Inputs in = loadInputs(o);
  EXPECT_EQ(in.buildings.size(), 1196u);
  EXPECT_EQ(totalHouseholds(in), 298);
  EXPECT_EQ(in.epsg, 32628);
  long long residential = 0;
  for (auto& b : in.buildings) residential += b.households > 0;
  EXPECT_EQ(residential, 241);
  EXPECT_NE(findProblem(in, "missing_count"), nullptr);
}

TEST(LoaderRealData, StPetersburgEstimatesAndPopulation) {
  GP_REQUIRE_SHARED_DATA();
  LoadOptions o;
  o.buildings.path = (gp::test::sharedData() / "spb_vasileostrovsky.gpkg").string();
  Inputs in = loadInputs(o);
  EXPECT_EQ(in.buildings.size(), 4101u);
  EXPECT_EQ(in.epsg, 32636);
  long long est = 0, zero = 0;
  for (auto& b : in.buildings) {
    est += b.hh_source == HhSource::Estimate;
    zero += b.households == 0;
  }
  EXPECT_EQ(est, 4101);
  EXPECT_GE(zero, 4101 - 1763);  // is_living = 0 buildings have no households
  // population_balanced is people, never auto-mapped as households; on request ÷ 2.5.
  o.population_field = "population_balanced";
  Inputs pop = loadInputs(o);
  EXPECT_NEAR(static_cast<double>(totalHouseholds(pop)), 271977 / 2.5, 2000);
}

TEST(LoaderRealData, HelsinkiPbf) {
  GP_REQUIRE_SHARED_DATA();
  LoadOptions o;
  o.buildings.path = (gp::test::sharedData() / "helsinki.osm.pbf").string();
  o.barriers.push_back({o.buildings.path, ""});
  Inputs in = loadInputs(o);
  EXPECT_EQ(in.layers[0].features, 494);  // every building=* area
  EXPECT_EQ(in.epsg, 32635);
  // The extract cuts some ways: 12 buildings are left with fewer than 3 corners and are reported.
  EXPECT_EQ(in.buildings.size() + 12u, 494u);
  long long withLevels = 0;
  for (auto& b : in.buildings) withLevels += !b.floors_estimated && b.floors > 0;
  EXPECT_GE(withLevels, 150);
  EXPECT_GT(in.barriers.size(), 500u);
  EXPECT_EQ(in.layers[1].layer, "lines");
}

TEST(LoaderRealData, ShanghaiTilezen) {
  GP_REQUIRE_SHARED_DATA();
  LoadOptions o;
  o.buildings.path = (gp::test::sharedData() / "shanghai_tilezen.gpkg").string();
  o.barriers.push_back({o.buildings.path, "roads"});
  o.barriers.push_back({o.buildings.path, "water"});
  Inputs in = loadInputs(o);
  EXPECT_EQ(in.layers[0].features, 1981);
  EXPECT_EQ(in.buildings.size(), 1572u);  // 409 label points are skipped and reported
  EXPECT_EQ(in.problems.countKind("not_polygon"), 409u);
  EXPECT_EQ(in.epsg, 32651);
  long long fromHeight = 0;
  for (auto& b : in.buildings) fromHeight += b.floors_estimated && b.floors > 1;
  EXPECT_GT(fromHeight, 300);
  std::map<std::string, int> kinds;
  for (auto& b : in.barriers) kinds[b.kind]++;
  EXPECT_GT(kinds["road"], 100);
  EXPECT_GT(kinds["river"], 0);
}

TEST(LoaderRealData, GbkShapefileWithoutCpgIsReadAsGbk) {
  GP_REQUIRE_SHARED_DATA();
  auto d = gp::test::tempDir("nocpg");
  for (const char* ext : {".shp", ".shx", ".dbf", ".prj"}) {
    auto to = d / (std::string("b") + ext);
    std::filesystem::copy_file(gp::test::sharedData() / (std::string("shanghai_gbk/buildings_gbk") + ext), to);
    std::filesystem::permissions(to, std::filesystem::perms::owner_write, std::filesystem::perm_options::add);
  }
  {  // no .cpg and no code page byte in the DBF header: nothing says GBK
    std::fstream dbf(d / "b.dbf", std::ios::in | std::ios::out | std::ios::binary);
    dbf.seekp(29);
    dbf.put('\0');
  }
  LoadOptions o;
  o.buildings.path = (d / "b.shp").string();
  Inputs in = loadInputs(o);
  EXPECT_EQ(totalHouseholds(in), 139847);  // 户数 found, so the GBK names were decoded
  EXPECT_NE(findProblem(in, "encoding"), nullptr);
  EXPECT_EQ(in.building_fields[1].name, "楼号");
}

TEST(Loader, FlatGeobufAndGeoPackageLayersByName) {
  auto d = gp::test::tempDir("fgb");
  GDALAllRegister();
  OGRSpatialReference srs;
  srs.importFromEPSG(32651);
  for (const char* drv : {"FlatGeobuf", "GPKG"}) {
    std::string path = (d / (std::string("b.") + (std::string(drv) == "GPKG" ? "gpkg" : "fgb"))).string();
    {
      GDALDatasetUniquePtr ds(GetGDALDriverManager()->GetDriverByName(drv)->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
      ASSERT_TRUE(ds);
      for (const char* name : {"roads", "buildings"}) {
        if (std::string(drv) == "FlatGeobuf" && std::string(name) == "roads") continue;
        OGRLayer* l = ds->CreateLayer(name, &srs, wkbPolygon, nullptr);
        OGRFieldDefn fd("households", OFTInteger);
        ASSERT_EQ(l->CreateField(&fd), OGRERR_NONE);
        OGRFeature f(l->GetLayerDefn());
        f.SetField(0, 21);
        OGRGeometry* g = nullptr;
        OGRGeometryFactory::createFromWkt("POLYGON((350000 3450000,350030 3450000,350030 3450020,350000 3450020,350000 3450000))",
                                          nullptr, &g);
        f.SetGeometryDirectly(g);
        ASSERT_EQ(l->CreateFeature(&f), OGRERR_NONE);
      }
    }
    LoadOptions o;
    o.buildings.path = path;  // two layers in the GeoPackage: `buildings` is picked by name
    Inputs in = loadInputs(o);
    EXPECT_EQ(totalHouseholds(in), 21) << drv;
    EXPECT_EQ(in.epsg, 32651) << drv;
  }
}

TEST(Loader, ShapefileWithoutPrjInPrefixedGaussKruger) {
  auto d = gp::test::tempDir("noprj");
  GDALAllRegister();
  auto path = (d / "b.shp").string();
  {
    GDALDatasetUniquePtr ds(GetGDALDriverManager()->GetDriverByName("ESRI Shapefile")->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRLayer* l = ds->CreateLayer("b", nullptr, wkbPolygon, nullptr);  // no .prj
    OGRFieldDefn fd("households", OFTInteger);
    ASSERT_EQ(l->CreateField(&fd), OGRERR_NONE);
    OGRFeature f(l->GetLayerDefn());
    f.SetField(0, 8);
    OGRGeometry* g = nullptr;
    // Zone 40 (CM 120E) with its prefix: easting 40,500,000 + ...
    OGRGeometryFactory::createFromWkt("POLYGON((40500000 3320000,40500020 3320000,40500020 3320020,40500000 3320020,40500000 3320000))",
                                      nullptr, &g);
    f.SetGeometryDirectly(g);
    ASSERT_EQ(l->CreateFeature(&f), OGRERR_NONE);
  }
  LoadOptions o;
  o.buildings.path = path;
  Inputs in = loadInputs(o);
  EXPECT_EQ(in.epsg, 4528);
  const Problem* m = findProblem(in, "missing_crs");
  ASSERT_NE(m, nullptr);
  EXPECT_NE(m->message.find("zone 40"), std::string::npos) << m->message;
  // A WGS 84 community around it lines up once the zone is known.
  OGRSpatialReference gk, wgs;
  gk.importFromEPSG(4528);
  wgs.importFromEPSG(4326);
  gk.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&gk, &wgs));
  double xs[2] = {40499900, 40500100}, ys[2] = {3319900, 3320100};
  ct->Transform(2, xs, ys);
  o.communities.path =
      writeFc(d / "c.geojson", {feature(rectGeom(xs[0], ys[0], xs[1] - xs[0], ys[1] - ys[0]), R"("code":"1")")}, nullptr);
  EXPECT_EQ(loadInputs(o).buildings[0].community_id, "1");
}

TEST(Loader, ReportsProgressAndCancels) {
  auto d = gp::test::tempDir("b");
  LoadOptions o;
  o.buildings.path = writeFc(d / "b.geojson", {feature(rectGeom(X0, Y0, 20, 20), R"("households":9)")});
  std::vector<std::string> stages;
  o.progress = [&](const std::string& stage, double f) {
    EXPECT_GE(f, 0.0);
    EXPECT_LE(f, 1.0);
    if (stages.empty() || stages.back() != stage) stages.push_back(stage);
  };
  loadInputs(o);
  ASSERT_FALSE(stages.empty());
  EXPECT_EQ(stages.front(), "buildings");
  EXPECT_EQ(stages.back(), "done");
  std::atomic<bool> stop{true};
  o.cancel = &stop;
  EXPECT_THROW(loadInputs(o), Cancelled);
}

TEST(LoaderRealData, StPetersburgBlocksAsCompoundsAndCommunities) {
  GP_REQUIRE_SHARED_DATA();
  auto spb = (gp::test::sharedData() / "spb_vasileostrovsky.gpkg").string();
  LoadOptions o;
  o.buildings.path = spb;
  o.compounds = {spb, "blocks_aggr"};
  o.communities = {spb, "blocks_cut"};
  Inputs in = loadInputs(o);
  EXPECT_EQ(in.compounds.size(), 1354u);
  EXPECT_EQ(in.communities.size(), 1209u);
  long long inCompound = 0, inCommunity = 0;
  for (auto& b : in.buildings) {
    inCompound += !b.compound_id.empty();
    inCommunity += !b.community_id.empty();
  }
  EXPECT_GT(inCompound, 3500);  // block_id of the block each building stands in
  EXPECT_GT(inCommunity, 3500);
  long long sum = 0;
  for (auto& c : in.communities) sum += c.households;
  long long outside = 0;
  for (auto& b : in.buildings)
    if (b.community_id.empty()) outside += b.households;
  EXPECT_EQ(sum + outside, totalHouseholds(in));  // every household is in one community or reported outside
  EXPECT_EQ(in.problems.countKind("building_outside_community"), static_cast<size_t>(4101 - inCommunity));
}
