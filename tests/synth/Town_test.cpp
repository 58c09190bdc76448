#include "geo/synth/Town.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <tuple>
#include <map>
#include <set>
#include <sstream>

#include "geo/core/Error.hpp"
#include "geo/geom/Geos.hpp"
#include "geo/synth/CompoundFill.hpp"
#include "tests/synth/SynthTestUtil.hpp"

using namespace gp::synth;
namespace geos = gp::geos;

namespace {

Town town(long n, uint64_t seed) {
  SynthOptions o;
  o.households = n;
  o.seed = seed;
  return generateTown(o);
}

// Everything that ends up in the file, as text, so two towns compare with one EXPECT.
std::string fingerprint(const Town& t) {
  std::ostringstream s;
  s.precision(17);
  for (const auto& c : t.communities) {
    s << c.community_id << c.name << c.street << c.households;
    for (const auto& part : c.area)
      for (const auto& p : part.rings[0]) s << ' ' << p.x << ',' << p.y;
    s << '\n';
  }
  for (const auto& c : t.compounds) s << c.compound_id << c.name << c.kind << c.x0 << c.y0 << c.x1 << c.y1 << '\n';
  for (const auto& b : t.buildings)
    s << b.bld_id << b.name << toString(b.kind) << b.households << b.floors << b.entrances << b.dedicated << ' '
      << b.x0 << ' ' << b.y0 << ' ' << b.x1 << ' ' << b.y1 << '\n';
  for (const auto& r : t.roads) {
    s << r.name << r.kind;
    for (const auto& p : r.line) s << ' ' << p.x << ',' << p.y;
    s << '\n';
  }
  s << t.river.name;
  for (const auto& p : t.river.line) s << ' ' << p.x << ',' << p.y;
  return s.str();
}

using gp::test::area;
using gp::test::collection;

}  // namespace

TEST(Town, SameSeedGivesTheSameTownAndAnotherSeedAnother) {
  const std::string a = fingerprint(town(20000, 7));
  EXPECT_EQ(a, fingerprint(town(20000, 7)));
  EXPECT_NE(a, fingerprint(town(20000, 8)));
  EXPECT_NE(a, fingerprint(town(21000, 7)));
}

namespace {
// FNV-1a, 64 bits: a stable hash of the fingerprint (std::hash is not the same everywhere).
uint64_t fnv1a(const std::string& s) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
  return h;
}
}  // namespace

// The default town (no --awkward) is a contract: the demo, the benchmarks and many tests rely on it staying
// the same for the same households and seed. These are its fingerprints; change them only on purpose.
TEST(Town, TheDefaultTownStaysTheSame) {
  const std::vector<std::tuple<long, uint64_t, uint64_t>> golden = {
      {1500, 1, 0x83a7d801d0665defull},
      {3000, 2, 0x482a18bbd6611d34ull},
      {8000, 5, 0x713de716c4789d5aull},
      {20000, 4, 0x8e27e71ddad529edull}};
  for (const auto& [n, seed, want] : golden) {
    EXPECT_EQ(fnv1a(fingerprint(town(n, seed))), want) << "households " << n << " seed " << seed;
  }
}

TEST(Town, HouseholdTotalsAreCloseToTheAskedNumber) {
  for (long n : {1500L, 20000L, 200000L})
    for (uint64_t seed : {1ull, 2ull, 3ull}) {
      const Town t = town(n, seed);
      long sum = 0;
      for (const auto& b : t.buildings) sum += b.households;
      EXPECT_EQ(sum, t.households);
      EXPECT_NEAR(static_cast<double>(t.households), static_cast<double>(n), 0.02 * n) << "N " << n << " seed " << seed;
      long by_community = 0;
      for (const auto& c : t.communities) by_community += c.households;
      EXPECT_EQ(by_community, sum);
    }
}

TEST(Town, OneCommunityForASmallTownManyForABigOne) {
  EXPECT_EQ(town(1500, 1).communities.size(), 1u);
  const Town big = town(200000, 1);
  EXPECT_GT(big.communities.size(), 40u);
  std::set<std::string> ids;
  int ordinary = 0, in_range = 0;
  for (const auto& c : big.communities) {
    ASSERT_EQ(c.community_id.size(), 12u);
    EXPECT_EQ(c.community_id.substr(0, 6), "320508");
    EXPECT_EQ(c.community_id.find_first_not_of("0123456789"), std::string::npos);
    EXPECT_TRUE(ids.insert(c.community_id).second);
    if (c.community_id == big.awkward.tiny_community_id) continue;
    ++ordinary;
    in_range += c.households >= 1200 && c.households <= 6500;
  }
  EXPECT_EQ(in_range, ordinary);  // every ordinary community holds 5-20 grids' worth
}

TEST(Town, AwkwardCasesArePresentFromThreeThousandHouseholds) {
  geos::Context c;
  for (long n : {3000L, 5000L, 20000L, 200000L})
    for (uint64_t seed : {1ull, 2ull, 3ull, 4ull}) {
      SCOPED_TRACE("N " + std::to_string(n) + " seed " + std::to_string(seed));
      const Town t = town(n, seed);
      const Awkward& a = t.awkward;
      std::map<std::string, const TownBuilding*> blds;
      for (const auto& b : t.buildings) blds[b.bld_id] = &b;
      ASSERT_TRUE(blds.count(a.big_tower_bld_id));
      EXPECT_EQ(blds[a.big_tower_bld_id]->households, 528);
      EXPECT_EQ(blds[a.big_tower_bld_id]->entrances, 2);
      EXPECT_EQ(blds[a.big_tower_bld_id]->kind, BuildingKind::Tower);
      ASSERT_TRUE(blds.count(a.big_entrance_bld_id));
      EXPECT_EQ(blds[a.big_entrance_bld_id]->households, 462);
      EXPECT_EQ(blds[a.big_entrance_bld_id]->entrances, 1);

      const TownCommunity* tiny = nullptr;
      for (const auto& cm : t.communities)
        if (cm.community_id == a.tiny_community_id) tiny = &cm;
      ASSERT_NE(tiny, nullptr);
      EXPECT_LT(tiny->households, 200);
      EXPECT_GT(tiny->households, 0);

      const TownCompound* rc = nullptr;
      int rci = -1;
      for (size_t i = 0; i < t.compounds.size(); ++i)
        if (t.compounds[i].compound_id == a.river_compound_id) rc = &t.compounds[(rci = static_cast<int>(i))];
      ASSERT_NE(rc, nullptr);
      auto river = geos::toGeos(c, t.river.line);
      EXPECT_TRUE(GEOSIntersects_r(c, geos::toGeos(c, rc->area()).get(), river.get()));
      int north = 0, south = 0;
      for (const auto& b : t.buildings) {
        if (b.compound != rci) continue;
        double d = 0;
        GEOSDistance_r(c, geos::toGeos(c, b.footprint()).get(), river.get(), &d);
        EXPECT_GT(d, 20.0) << b.bld_id << " stands in the river";
        double lo, hi;
        ASSERT_TRUE(riverSpan(t.river.line, b.x0, b.x1, lo, hi));
        north += b.y0 > hi;
        south += b.y1 < lo;
      }
      EXPECT_GT(north, 0);
      EXPECT_GT(south, 0);
    }
}

TEST(Town, NoAwkwardCommunityInATownOfOne) {
  const Town t = town(1500, 1);
  EXPECT_TRUE(t.awkward.tiny_community_id.empty());
  EXPECT_TRUE(t.awkward.big_tower_bld_id.empty());
  for (const auto& b : t.buildings) EXPECT_LE(b.households, 33 * 2 * 8);
}

class TownGeometry : public ::testing::TestWithParam<std::pair<long, uint64_t>> {};

TEST_P(TownGeometry, IsClean) {
  geos::Context c;
  const Town t = town(GetParam().first, GetParam().second);

  // Communities tile the town: no overlaps (the sum of areas equals the area of the union) and no gaps
  // (the union is the town's bounding rectangle).
  std::vector<gp::Polygon> comm;
  double comm_sum = 0;
  for (const auto& cm : t.communities) {
    ASSERT_EQ(cm.area.size(), 1u);
    comm.push_back(cm.area[0]);
    comm_sum += gp::area(cm.area);
  }
  auto comm_union = geos::own(c, GEOSUnaryUnion_r(c, collection(c, comm).get()));
  EXPECT_NEAR(area(c, comm_union.get()), comm_sum, 1e-6 * comm_sum);
  EXPECT_NEAR(comm_sum, t.bounds.width() * t.bounds.height(), 1e-6 * comm_sum);
  for (const auto& cm : t.communities) EXPECT_TRUE(GEOSisValid_r(c, geos::toGeos(c, cm.area).get()));

  // Buildings do not overlap (union area = sum of areas), and keep apart pairwise.
  std::vector<gp::Polygon> blds;
  double bld_sum = 0;
  for (const auto& b : t.buildings) {
    blds.push_back(b.footprint());
    bld_sum += gp::area(blds.back());
  }
  auto bld_union = geos::own(c, GEOSUnaryUnion_r(c, collection(c, blds).get()));
  EXPECT_NEAR(area(c, bld_union.get()), bld_sum, 1e-6 * bld_sum);
  std::vector<geos::GeomPtr> bg;
  for (const auto& p : blds) bg.push_back(geos::toGeos(c, p));
  for (size_t i = 0; i < bg.size(); ++i)
    for (size_t j = i + 1; j < bg.size(); ++j) {
      const auto &a = t.buildings[i], &b = t.buildings[j];
      if (a.x0 > b.x1 + 10 || b.x0 > a.x1 + 10 || a.y0 > b.y1 + 10 || b.y0 > a.y1 + 10) continue;
      double d = 0;
      GEOSDistance_r(c, bg[i].get(), bg[j].get(), &d);
      EXPECT_GE(d, 6.0) << a.bld_id << " and " << b.bld_id << " are too close";
    }

  // Buildings inside their compound, compounds inside their community.
  std::vector<geos::GeomPtr> cg;
  for (const auto& cp : t.compounds) cg.push_back(geos::toGeos(c, cp.area()));
  for (size_t i = 0; i < t.buildings.size(); ++i) {
    const auto& b = t.buildings[i];
    EXPECT_TRUE(GEOSContains_r(c, cg[b.compound].get(), bg[i].get())) << b.bld_id;
    EXPECT_EQ(b.bld_id.rfind(t.compounds[b.compound].compound_id + "-", 0), 0u) << b.bld_id;
    EXPECT_EQ(t.compounds[b.compound].community, b.community);
  }
  for (size_t i = 0; i < t.compounds.size(); ++i) {
    const auto& cp = t.compounds[i];
    EXPECT_TRUE(GEOSContains_r(c, geos::toGeos(c, t.communities[cp.community].area).get(), cg[i].get()))
        << cp.compound_id;
  }

  // Compounds are not crossed by roads; inner roads lie inside a compound; the river crosses one compound.
  for (const auto& r : t.roads) {
    auto rg = geos::toGeos(c, r.line);
    int covering = 0;
    for (size_t i = 0; i < t.compounds.size(); ++i) {
      if (r.kind == "inner")
        covering += GEOSCovers_r(c, cg[i].get(), rg.get()) == 1;
      else
        EXPECT_FALSE(GEOSIntersects_r(c, cg[i].get(), rg.get())) << r.name << " crosses " << t.compounds[i].name;
    }
    if (r.kind == "inner") {
      EXPECT_EQ(covering, 1) << r.name;
    }
  }
  auto river = geos::toGeos(c, t.river.line);
  std::set<std::string> crossed;
  for (size_t i = 0; i < t.compounds.size(); ++i)
    if (GEOSIntersects_r(c, cg[i].get(), river.get())) crossed.insert(t.compounds[i].compound_id);
  if (GetParam().first >= 3000)
    EXPECT_EQ(crossed, std::set<std::string>{t.awkward.river_compound_id});
  else
    EXPECT_LE(crossed.size(), 1u);
  for (size_t i = 0; i < t.buildings.size(); ++i) EXPECT_FALSE(GEOSIntersects_r(c, bg[i].get(), river.get()));
}

INSTANTIATE_TEST_SUITE_P(Towns, TownGeometry,
                         ::testing::Values(std::pair<long, uint64_t>{1500, 1}, std::pair<long, uint64_t>{5000, 2},
                                           std::pair<long, uint64_t>{20000, 3}, std::pair<long, uint64_t>{40000, 8}));


TEST(Town, BuildingsAreRealistic) {
  const Town t = town(200000, 5);
  std::set<std::string> ids;
  std::map<BuildingKind, int> kinds;
  int dedicated = 0;
  for (const auto& b : t.buildings) {
    EXPECT_TRUE(ids.insert(b.bld_id).second) << b.bld_id;
    ++kinds[b.kind];
    dedicated += b.dedicated;
    EXPECT_NE(b.name.find("号"), std::string::npos) << b.name;
    switch (b.kind) {
      case BuildingKind::Walkup:
        EXPECT_EQ(b.floors, 6);
        EXPECT_EQ(b.households, 12 * b.entrances);
        break;
      case BuildingKind::Tower:
        EXPECT_GE(b.floors, 18);
        EXPECT_LE(b.floors, 33);
        EXPECT_EQ(b.households, b.floors * b.entrances * b.per_floor);
        break;
      case BuildingKind::Villa:
        EXPECT_EQ(b.households, 1);
        EXPECT_LE(b.floors, 3);
        break;
      default:
        EXPECT_EQ(b.households, 0) << toString(b.kind);
        EXPECT_FALSE(b.dedicated && b.kind == BuildingKind::Shop);
    }
  }
  for (auto k : {BuildingKind::Walkup, BuildingKind::Tower, BuildingKind::Villa, BuildingKind::Shop,
                 BuildingKind::School, BuildingKind::Hospital, BuildingKind::Office})
    EXPECT_GT(kinds[k], 0) << toString(k);
  EXPECT_GT(dedicated, 0);
  // Positioned near Suzhou in EPSG:4549.
  EXPECT_NEAR(t.bounds.center().x, 510000, 1000);
  EXPECT_NEAR(t.bounds.center().y, 3460000, 1000);
}

TEST(Town, RefusesSizesOutOfRange) {
  EXPECT_THROW(town(10, 1), gp::InputError);
  EXPECT_THROW(town(kMaxHouseholds + 1, 1), gp::InputError);
}
