#include "geo/io/BuildingId.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "geo/io/Loader.hpp"
#include "geo/io/PlanFile.hpp"
#include "tests/support/TestSupport.hpp"

namespace {

using gp::MultiPolygon;
using gp::Polygon;
using gp::Ring;
using gp::XY;
using gp::io::BuildingIds;
using gp::io::footprintId;

// A building's footprint in a Gauss-Krüger CRS: an L-shaped shell with a courtyard hole.
Ring shell() {
  return {{500010.013, 3500020.004}, {500040.0, 3500020.004}, {500040.0, 3500035.5}, {500025.25, 3500035.5},
          {500025.25, 3500050.0}, {500010.013, 3500050.0}, {500010.013, 3500020.004}};
}
Ring hole() { return {{500015, 3500025}, {500015, 3500030}, {500020, 3500030}, {500020, 3500025}, {500015, 3500025}}; }
MultiPolygon footprint() { return {Polygon{{shell(), hole()}}}; }

Ring rotated(Ring r, size_t k) {
  r.pop_back();
  std::rotate(r.begin(), r.begin() + long(k), r.end());
  r.push_back(r.front());
  return r;
}
Ring reversed(Ring r) {
  std::reverse(r.begin(), r.end());
  return r;
}

TEST(BuildingId, ShortAndReadable) {
  std::string id = footprintId(footprint());
  ASSERT_EQ(id.size(), 11u) << id;
  EXPECT_EQ(id[0], 'B');
  for (char c : id.substr(1)) EXPECT_NE(std::string("0123456789ABCDEFGHJKMNPQRSTVWXYZ").find(c), std::string::npos) << id;
}

TEST(BuildingId, SameFootprintHoweverItIsWritten) {
  const std::string id = footprintId(footprint());
  // Rings starting elsewhere, running the other way (Shapefile shells are clockwise, GeoPackage's often not).
  EXPECT_EQ(footprintId({Polygon{{rotated(shell(), 3), hole()}}}), id);
  EXPECT_EQ(footprintId({Polygon{{reversed(shell()), reversed(rotated(hole(), 2))}}}), id);
  // A repeated vertex, and coordinates differing below half a centimetre (a reprojection's last digits).
  Ring dup = shell();
  dup.insert(dup.begin() + 2, dup[2]);
  EXPECT_EQ(footprintId({Polygon{{dup, hole()}}}), id);
  Ring jitter = shell();
  for (XY& p : jitter) p.x += 0.0004, p.y -= 0.0003;
  EXPECT_EQ(footprintId({Polygon{{jitter, hole()}}}), id);
  // Parts in another order.
  MultiPolygon two = {Polygon{{shell()}}, Polygon{{hole()}}};
  MultiPolygon swapped = {Polygon{{hole()}}, Polygon{{shell()}}};
  EXPECT_EQ(footprintId(two), footprintId(swapped));
}

TEST(BuildingId, ChangesWhenTheBuildingDoes) {
  const std::string id = footprintId(footprint());
  std::set<std::string> ids = {id};
  Ring moved = shell();
  moved[1].x += 0.01;  // one vertex by a centimetre
  ids.insert(footprintId({Polygon{{moved, hole()}}}));
  ids.insert(footprintId({Polygon{{shell()}}}));  // without its courtyard
  Ring shifted = shell();
  for (XY& p : shifted) p.x += 100;  // the same shape elsewhere
  ids.insert(footprintId({Polygon{{shifted, hole()}}}));
  EXPECT_EQ(ids.size(), 4u);
}

TEST(BuildingId, ManyBuildingsManyIds) {
  // A city's worth of small rectangles on a 1 m lattice: no two share an id.
  std::set<std::string> ids;
  int n = 0;
  for (int i = 0; i < 300; ++i)
    for (int j = 0; j < 300; ++j, ++n) {
      double x = 500000 + i * 1.0, y = 3500000 + j * 1.0;
      ids.insert(footprintId({Polygon{{{{x, y}, {x + 0.8, y}, {x + 0.8, y + 0.5}, {x, y + 0.5}, {x, y}}}}}));
    }
  EXPECT_EQ(int(ids.size()), n);
}

TEST(BuildingId, CopiesOnOneFootprintAreToldApartByTheirAttributes) {
  BuildingIds a, b;
  const std::string plain = footprintId(footprint());
  std::string a1 = a.issue(footprint(), {"1号楼", "30"}), a2 = a.issue(footprint(), {"1号楼裙房", "0"});
  EXPECT_EQ(a1, plain);
  EXPECT_EQ(a2.rfind(plain + "-", 0), 0u) << a2;
  EXPECT_EQ(a2.size(), plain.size() + 5);
  // Read in the other order, the first copy keeps the plain id and the other carries its own attributes' hash.
  std::string b2 = b.issue(footprint(), {"1号楼裙房", "0"}), b1 = b.issue(footprint(), {"1号楼", "30"});
  EXPECT_EQ(b2, plain);
  EXPECT_EQ(b1.rfind(plain + "-", 0), 0u) << b1;
  EXPECT_NE(b1, a2);
  // Copies alike in attributes too are numbered in reading order.
  EXPECT_EQ(a.issue(footprint(), {"1号楼裙房", "0"}), a2 + "-2");
  EXPECT_EQ(a.issue(footprint(), {"1号楼裙房", "0"}), a2 + "-3");
}

// The GBK Shapefile and a GeoPackage copy of it (ogr2ogr): the same buildings, the same ids, and a re-plan of
// the copy against the Shapefile's plan moves no household.
TEST(BuildingIdSharedData, ShapefileAndGeoPackageCopyGiveTheSameIds) {
  GP_REQUIRE_SHARED_DATA();
  auto shp = gp::test::sharedData() / "shanghai_gbk" / "buildings_gbk.shp";
  if (!std::filesystem::exists(shp)) GTEST_SKIP() << shp << " is absent: real-data test skipped";
  auto dir = gp::test::tempDir("bldid_shp_gpkg");
  std::string gpkg = (dir / "copy.gpkg").string();
  auto conv = gp::test::runShell("ogr2ogr -f GPKG " + gp::test::q(gpkg) + " " + gp::test::q(shp.string()) +
                                 " -nln buildings 2>&1");
  ASSERT_EQ(conv.exit_code, 0) << conv.out;

  gp::io::LoadOptions o;
  o.buildings.path = shp.string();
  gp::Inputs a = gp::io::loadInputs(o);
  o.buildings.path = gpkg;
  gp::Inputs b = gp::io::loadInputs(o);
  EXPECT_TRUE(a.building_id_field.empty()) << "the layer has no bld_id field";
  ASSERT_EQ(a.buildings.size(), b.buildings.size());
  std::map<long long, std::string> byFid;
  std::set<std::string> unique;
  for (const gp::Building& x : a.buildings) byFid[x.source_fid] = x.bld_id, unique.insert(x.bld_id);
  EXPECT_EQ(unique.size(), a.buildings.size());
  // The GeoPackage numbers features from 1, the Shapefile from 0: ids must not follow the numbers.
  std::set<std::string> idsA, idsB;
  for (const gp::Building& x : a.buildings) idsA.insert(x.bld_id);
  for (const gp::Building& x : b.buildings) idsB.insert(x.bld_id);
  EXPECT_EQ(idsA, idsB);
  for (size_t i = 0; i < a.buildings.size(); ++i) EXPECT_EQ(a.buildings[i].bld_id, b.buildings[i].bld_id) << i;

  std::string base = (dir / "base.gpkg").string(), again = (dir / "again.gpkg").string();
  auto r1 = gp::test::runGridplan("partition --lang en -o " + gp::test::q(base) + " --buildings " +
                                  gp::test::q(shp.string()));
  ASSERT_EQ(r1.exit_code, 0) << r1.out;
  auto r2 = gp::test::runGridplan("partition --lang en -o " + gp::test::q(again) + " --buildings " +
                                  gp::test::q(gpkg) + " --base " + gp::test::q(base));
  ASSERT_EQ(r2.exit_code, 0) << r2.out;
  EXPECT_NE(r2.out.find("households moved from the base plan: 0\n"), std::string::npos) << r2.out;
  gp::Plan p = gp::io::readPlan(again);
  long long moved = 0;
  for (const gp::Transfer& t : p.transfers) moved += t.households;
  EXPECT_EQ(moved, 0);
  // The grids kept from the base keep their colours on the map too.
  gp::Plan b0 = gp::io::readPlan(base);
  std::map<std::string, int> colourOf;
  for (const gp::Grid& g : b0.grids) colourOf[g.grid_id] = g.colour;
  ASSERT_EQ(p.grids.size(), b0.grids.size());
  for (const gp::Grid& g : p.grids) EXPECT_EQ(g.colour, colourOf.at(g.grid_id)) << g.grid_id;
}

}  // namespace
