// `gridplan synth --awkward`: the shapes real cities have, in small towns too (SynthOptions::awkward).
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <map>
#include <set>

#include "geo/geom/Geos.hpp"
#include "geo/io/Loader.hpp"
#include "geo/synth/Synth.hpp"
#include "geo/synth/Town.hpp"
#include "tests/synth/SynthTestUtil.hpp"
#include "tests/support/TestSupport.hpp"

using namespace gp::synth;
namespace geos = gp::geos;

namespace {

SynthOptions awkward(long n, uint64_t seed) {
  SynthOptions o;
  o.households = n;
  o.seed = seed;
  o.awkward = true;
  return o;
}

// The small towns of the property corpus: 1,500-3,000 households, varying with the seed.
long corpusSize(uint64_t seed) { return 1500 + static_cast<long>((seed * 7919) % 1501); }

using gp::test::area;
using gp::test::collection;

const TownCommunity* community(const Town& t, const std::string& id) {
  for (const auto& c : t.communities)
    if (c.community_id == id) return &c;
  return nullptr;
}

}  // namespace

TEST(AwkwardTown, SameSeedSameTownAndNotTheDefaultOne) {
  const Town a = generateTown(awkward(2000, 5)), b = generateTown(awkward(2000, 5));
  ASSERT_EQ(a.buildings.size(), b.buildings.size());
  for (size_t i = 0; i < a.buildings.size(); ++i) {
    EXPECT_EQ(a.buildings[i].bld_id, b.buildings[i].bld_id);
    EXPECT_EQ(a.buildings[i].households, b.buildings[i].households);
    EXPECT_EQ(a.buildings[i].x0, b.buildings[i].x0);
    EXPECT_EQ(a.buildings[i].y1, b.buildings[i].y1);
  }
  ASSERT_EQ(a.water.size(), b.water.size());
  for (size_t i = 0; i < a.water.size(); ++i) EXPECT_EQ(a.water[i].area.rings[0].size(), b.water[i].area.rings[0].size());
  EXPECT_EQ(a.railway.line.size(), b.railway.line.size());

  SynthOptions plain = awkward(2000, 5);
  plain.awkward = false;
  const Town d = generateTown(plain);
  EXPECT_TRUE(d.water.empty());
  EXPECT_TRUE(d.railway.line.empty());
  for (const auto& b : d.buildings) {
    EXPECT_NE(b.kind, BuildingKind::Shed);
    EXPECT_NE(b.kind, BuildingKind::Midrise);
    EXPECT_GE(b.compound, 0);
  }
  for (const auto& c : d.communities) EXPECT_EQ(c.area.size(), 1u);
}

// Every shape of the list, on the corpus's small towns and a few bigger ones.
class AwkwardShapes : public ::testing::TestWithParam<std::pair<long, uint64_t>> {};

TEST_P(AwkwardShapes, ArePresentAndClean) {
  const auto [n, seed] = GetParam();
  geos::Context c;
  const Town t = generateTown(awkward(n, seed));
  const Awkward& a = t.awkward;
  EXPECT_GE(t.households, n * 2 / 3);
  EXPECT_LE(t.households, n + 600);

  // Communities tile the town: the sum of their areas is the area of their union and of the town's rectangle;
  // each is valid. One is in two parts that do not touch, one is a single concave polygon.
  std::vector<gp::MultiPolygon> comm;
  double sum = 0;
  for (const auto& cm : t.communities) {
    comm.push_back(cm.area);
    sum += gp::area(cm.area);
    EXPECT_TRUE(GEOSisValid_r(c, geos::toGeos(c, cm.area).get())) << cm.community_id;
  }
  auto all = geos::own(c, GEOSUnaryUnion_r(c, collection(c, comm).get()));
  EXPECT_NEAR(area(c, all.get()), sum, 1e-6 * sum);
  EXPECT_NEAR(sum, t.bounds.width() * t.bounds.height(), 1e-6 * sum);

  const TownCommunity* multi = community(t, a.multipart_community_id);
  ASSERT_NE(multi, nullptr);
  ASSERT_EQ(multi->area.size(), 2u);
  double gap = 0;
  GEOSDistance_r(c, geos::toGeos(c, multi->area[0]).get(), geos::toGeos(c, multi->area[1]).get(), &gap);
  EXPECT_GT(gap, 50.0);  // a whole block (and its roads) lies between the parts
  const TownCommunity* bent = community(t, a.concave_community_id);
  ASSERT_NE(bent, nullptr);
  ASSERT_EQ(bent->area.size(), 1u);
  auto g = geos::toGeos(c, bent->area);
  auto hull = geos::own(c, GEOSConvexHull_r(c, g.get()));
  EXPECT_LT(area(c, g.get()), area(c, hull.get()) - 100 * 15);  // a notch of at least 15 m by 100 m
  for (const auto& cm : t.communities) {
    if (&cm != multi) {
      EXPECT_EQ(cm.area.size(), 1u) << cm.community_id;
    }
  }
  long by_community = 0;
  for (const auto& cm : t.communities) by_community += cm.households;
  EXPECT_EQ(by_community, t.households);

  // Homes: walk-up entrances of 12 or 13-19, 9-storey blocks of 27-36, the one-entrance tower of 400+.
  int walkup_odd = 0, sheds = 0;
  for (const auto& b : t.buildings) {
    SCOPED_TRACE(b.bld_id);
    if (b.kind == BuildingKind::Walkup || b.kind == BuildingKind::Midrise) {
      ASSERT_GT(b.entrances, 0);
      EXPECT_EQ(b.households % b.entrances, 0);
      const int per = b.households / b.entrances;
      EXPECT_LE(per, b.floors * b.per_floor);
      if (b.kind == BuildingKind::Walkup) {
        EXPECT_TRUE(per == 12 || (per >= 13 && per <= 19)) << per;
        EXPECT_GE(b.floors, 6);
        EXPECT_LE(b.floors, 7);
        walkup_odd += per >= 13;
      } else {
        EXPECT_EQ(b.floors, 9);
        EXPECT_GE(per, 27);
        EXPECT_LE(per, 36);
      }
    }
    if (b.kind == BuildingKind::Shed) {
      ++sheds;
      EXPECT_EQ(b.households, 0);
      EXPECT_LT((b.x1 - b.x0) * (b.y1 - b.y0), 40.0);
    }
  }
  if (n >= 3000) {
    EXPECT_GT(walkup_odd, 0);
  }
  std::map<std::string, const TownBuilding*> byId;
  for (const auto& b : t.buildings) EXPECT_TRUE(byId.emplace(b.bld_id, &b).second) << b.bld_id;
  ASSERT_TRUE(byId.count(a.big_entrance_bld_id));
  EXPECT_EQ(byId[a.big_entrance_bld_id]->entrances, 1);
  EXPECT_GE(byId[a.big_entrance_bld_id]->households, 400);

  // The shed cluster: 100+ buildings with no households, in a compound of kind sheds or on open land.
  EXPECT_GE(a.sheds, 100);
  EXPECT_EQ(sheds, a.sheds);
  for (const auto& b : t.buildings) {
    if (b.kind != BuildingKind::Shed) continue;
    EXPECT_EQ(t.communities[b.community].community_id, a.shed_community_id);
    if (a.shed_compound_id.empty()) {
      EXPECT_EQ(b.compound, -1);
      EXPECT_EQ(b.bld_id.substr(0, 16), a.shed_community_id + "-00-");
    } else {
      ASSERT_GE(b.compound, 0);
      EXPECT_EQ(t.compounds[b.compound].compound_id, a.shed_compound_id);
      EXPECT_EQ(t.compounds[b.compound].kind, "sheds");
    }
  }

  // Buildings apart from each other (sheds by 1.5 m, others by 6), inside their compound and community.
  std::vector<geos::GeomPtr> bg, cg, mg;
  for (const auto& b : t.buildings) bg.push_back(geos::toGeos(c, b.footprint()));
  for (const auto& cp : t.compounds) cg.push_back(geos::toGeos(c, cp.area()));
  for (const auto& cm : t.communities) mg.push_back(geos::toGeos(c, cm.area));
  for (size_t i = 0; i < t.buildings.size(); ++i) {
    const auto& b = t.buildings[i];
    if (b.compound >= 0) {
      EXPECT_TRUE(GEOSContains_r(c, cg[b.compound].get(), bg[i].get())) << b.bld_id;
    }
    EXPECT_TRUE(GEOSContains_r(c, mg[b.community].get(), bg[i].get())) << b.bld_id;
    for (size_t j = i + 1; j < t.buildings.size(); ++j) {
      const auto& o = t.buildings[j];
      const double want = b.kind == BuildingKind::Shed || o.kind == BuildingKind::Shed ? 1.5 : 6.0;
      if (b.x0 > o.x1 + want || o.x0 > b.x1 + want || b.y0 > o.y1 + want || o.y0 > b.y1 + want) continue;
      double d = 0;
      GEOSDistance_r(c, bg[i].get(), bg[j].get(), &d);
      EXPECT_GE(d, want - 1e-6) << b.bld_id << " and " << o.bld_id;
    }
  }
  for (size_t i = 0; i < t.compounds.size(); ++i)
    EXPECT_TRUE(GEOSContains_r(c, mg[t.compounds[i].community].get(), cg[i].get())) << t.compounds[i].compound_id;

  // Water: a lake across a main road (in two communities where the town has such a site, else in one) and a
  // pond in one, valid polygons clear of every compound and building;
  // the railway crosses the town from north to south, clear of every compound.
  ASSERT_GE(t.water.size(), 2u);
  int lakes = 0;
  for (const auto& w : t.water) {
    SCOPED_TRACE(w.name);
    auto wg = geos::toGeos(c, w.area);
    EXPECT_TRUE(GEOSisValid_r(c, wg.get()));
    EXPECT_GT(area(c, wg.get()), 500.0);
    int in = 0;
    for (const auto& m : mg) in += GEOSIntersects_r(c, m.get(), wg.get()) == 1;
    if (w.kind == "lake") {
      ++lakes;
      EXPECT_GE(in, 1);
      EXPECT_LE(in, 2);
    } else {
      EXPECT_EQ(w.kind, "pond");
      EXPECT_EQ(in, 1);
    }
    for (size_t i = 0; i < cg.size(); ++i) EXPECT_FALSE(GEOSIntersects_r(c, cg[i].get(), wg.get())) << t.compounds[i].compound_id;
    for (size_t i = 0; i < bg.size(); ++i) EXPECT_FALSE(GEOSIntersects_r(c, bg[i].get(), wg.get())) << t.buildings[i].bld_id;
  }
  EXPECT_EQ(lakes, 1);
  ASSERT_GE(t.railway.line.size(), 2u);
  EXPECT_GT(t.railway.line.front().y, t.bounds.maxy);
  EXPECT_LT(t.railway.line.back().y, t.bounds.miny);
  auto rail = geos::toGeos(c, t.railway.line);
  for (size_t i = 0; i < cg.size(); ++i) {
    double d = 0;
    GEOSDistance_r(c, cg[i].get(), rail.get(), &d);
    EXPECT_GE(d, 19.0) << t.compounds[i].compound_id;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Towns, AwkwardShapes,
    ::testing::Values(std::pair<long, uint64_t>{corpusSize(1), 1}, std::pair<long, uint64_t>{corpusSize(2), 2},
                      std::pair<long, uint64_t>{corpusSize(3), 3}, std::pair<long, uint64_t>{corpusSize(7), 7},
                      std::pair<long, uint64_t>{1500, 11}, std::pair<long, uint64_t>{3000, 12},
                      std::pair<long, uint64_t>{8000, 13}, std::pair<long, uint64_t>{40000, 14}));

TEST(AwkwardTown, ShapesOverTheCorpusSeeds) {
  // What the property corpus (tests/pipeline/Corpus_test.cpp) is made of, seed by seed (cheap: no GEOS).
  geos::Context c;
  int open_land = 0, in_compound = 0, islands = 0, midrise = 0, short_towns = 0, lake_between = 0, concave = 0;
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    const long n = corpusSize(seed);
    const Town t = generateTown(awkward(n, seed));
    SCOPED_TRACE("seed " + std::to_string(seed) + " households " + std::to_string(n));
    const Awkward& a = t.awkward;
    EXPECT_FALSE(a.multipart_community_id.empty());
    EXPECT_FALSE(a.big_entrance_bld_id.empty());
    EXPECT_GE(a.sheds, 100);
    EXPECT_FALSE(t.railway.line.empty());
    EXPECT_GE(t.households, n * 2 / 3);
    short_towns += t.households < n - std::max(12L, n / 200);
    (a.shed_compound_id.empty() ? open_land : in_compound) += 1;
    concave += !a.concave_community_id.empty();
    for (const auto& w : t.water) {
      islands += w.area.rings.size() > 1;
      if (w.kind != "lake") continue;
      auto wg = geos::toGeos(c, w.area);
      int in = 0;
      for (const auto& cm : t.communities) in += GEOSIntersects_r(c, geos::toGeos(c, cm.area).get(), wg.get()) == 1;
      lake_between += in == 2;
    }
    for (const auto& b : t.buildings) midrise += b.kind == BuildingKind::Midrise;
  }
  // Rare misses are allowed (a concave pair or a lake site need room), but the mix is there.
  EXPECT_GE(concave, 190);
  EXPECT_GE(lake_between, 160);
  EXPECT_GT(open_land, 50);
  EXPECT_GT(in_compound, 50);
  EXPECT_GT(islands, 50);
  EXPECT_GT(midrise, 200);
  EXPECT_LE(short_towns, 10);
}

TEST(AwkwardTown, HouseholdPointsLeaveTheVacantFlatsEmpty) {
  SynthOptions o = awkward(2500, 4);
  o.household_points = true;
  const Town t = generateTown(o);
  std::map<const TownBuilding*, std::map<int, int>> perEntrance;
  std::map<const TownBuilding*, std::map<std::pair<int, int>, int>> perFloor;
  std::set<std::string> rooms;
  long n = 0;
  forEachHousehold(t, [&](const TownHousehold& h) {
    ++n;
    const TownBuilding& b = *h.building;
    ++perEntrance[&b][h.entrance];
    ++perFloor[&b][{h.entrance, h.floor}];
    EXPECT_TRUE(rooms.insert(b.bld_id + "/" + std::to_string(h.entrance) + "/" + std::to_string(h.room)).second);
    EXPECT_GE(h.floor, 1);
    EXPECT_LE(h.floor, b.floors);
    EXPECT_GT(h.at.x, b.x0);
    EXPECT_LT(h.at.x, b.x1);
  });
  EXPECT_EQ(n, t.households);
  int vacant_buildings = 0;
  for (const auto& b : t.buildings) {
    if (b.households == 0) continue;
    for (int e = 1; e <= b.entrances; ++e) EXPECT_EQ(perEntrance[&b][e], b.households / b.entrances) << b.bld_id;
    if (b.kind != BuildingKind::Walkup && b.kind != BuildingKind::Midrise) continue;
    const int per = b.households / b.entrances;
    vacant_buildings += per < b.floors * b.per_floor;
    // Vacancies are spread: every floor keeps all its flats but at most one (or two on 19 over 7 x 3).
    for (const auto& [ef, k] : perFloor[&b]) EXPECT_GE(k, b.per_floor - 2) << b.bld_id;
  }
  EXPECT_GT(vacant_buildings, 0);
}

TEST(AwkwardTown, InputsCarryTheWaterAndTheRailwayAsBarriers) {
  const SynthOptions o = awkward(2000, 3);
  const Town t = generateTown(o);
  const gp::Inputs in = makeTownInputs(o);
  size_t rings = 0;
  for (const auto& w : t.water) rings += w.area.rings.size();
  std::map<std::string, int> kinds;
  for (const auto& b : in.barriers) ++kinds[b.kind];
  EXPECT_EQ(kinds["river"], static_cast<int>(1 + rings));
  EXPECT_EQ(kinds["railway"], 1);
  EXPECT_EQ(kinds["road"], static_cast<int>(t.roads.size()));
  std::set<std::string> layers;
  for (const auto& l : in.layers) layers.insert(l.layer);
  EXPECT_TRUE(layers.count("water"));
  EXPECT_TRUE(layers.count("railways"));
  ASSERT_EQ(in.communities.size(), t.communities.size());
  int multi = 0;
  for (const auto& c : in.communities) multi += c.area.size() > 1;
  EXPECT_EQ(multi, 1);
  int open_land = 0;
  for (const auto& b : in.buildings) open_land += b.compound_id.empty();
  EXPECT_EQ(open_land, t.awkward.shed_compound_id.empty() ? t.awkward.sheds : 0);
}

TEST(AwkwardTown, FileHasTheNewLayersAndLoadsLikeTheInputs) {
  const auto dir = gp::test::tempDir("awkward-file");
  const std::string path = (dir / "town.gpkg").string();
  const SynthOptions o = awkward(2000, 3);
  const SynthSummary sum = writeTown(path, o);
  EXPECT_EQ(sum.railways, 1);
  EXPECT_GE(sum.water_areas, 2);
  EXPECT_GE(sum.awkward.size(), 6u);
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  ASSERT_TRUE(ds);
  ASSERT_NE(ds->GetLayerByName("water"), nullptr);
  ASSERT_NE(ds->GetLayerByName("railways"), nullptr);
  EXPECT_EQ(wkbFlatten(ds->GetLayerByName("water")->GetGeomType()), wkbPolygon);
  EXPECT_EQ(wkbFlatten(ds->GetLayerByName("railways")->GetGeomType()), wkbLineString);
  EXPECT_EQ(wkbFlatten(ds->GetLayerByName("communities")->GetGeomType()), wkbMultiPolygon);
  EXPECT_EQ(ds->GetLayerByName("water")->GetFeatureCount(), sum.water_areas);
  ds.reset();

  // Read back as a user would pass it: the loader turns the water outlines into river lines, the railway
  // into a railway, and finds the same buildings, compounds and communities as makeTownInputs().
  gp::io::LoadOptions lo;
  lo.buildings = {path, "buildings"};
  lo.communities = {path, "communities"};
  lo.compounds = {path, "compounds"};
  for (const char* l : {"roads", "river", "water", "railways"}) lo.barriers.push_back({path, l});
  const gp::Inputs file = gp::io::loadInputs(lo);
  const gp::Inputs mem = makeTownInputs(o);
  ASSERT_EQ(file.buildings.size(), mem.buildings.size());
  for (size_t i = 0; i < mem.buildings.size(); ++i) {
    EXPECT_EQ(file.buildings[i].bld_id, mem.buildings[i].bld_id);
    EXPECT_EQ(file.buildings[i].households, mem.buildings[i].households);
    EXPECT_EQ(file.buildings[i].compound_id, mem.buildings[i].compound_id) << mem.buildings[i].bld_id;
    EXPECT_EQ(file.buildings[i].community_id, mem.buildings[i].community_id) << mem.buildings[i].bld_id;
  }
  ASSERT_EQ(file.communities.size(), mem.communities.size());
  for (size_t i = 0; i < mem.communities.size(); ++i)
    EXPECT_EQ(file.communities[i].area.size(), mem.communities[i].area.size()) << mem.communities[i].community_id;
  std::map<std::string, int> fk, mk;
  for (const auto& b : file.barriers) ++fk[b.kind];
  for (const auto& b : mem.barriers) ++mk[b.kind];
  EXPECT_EQ(fk, mk);
  EXPECT_EQ(file.problems.countKind("barrier_polygons"), 1u);
}
