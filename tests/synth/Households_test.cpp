#include <gtest/gtest.h>

#include <set>

#include "geo/synth/Town.hpp"

using namespace gp::synth;

namespace {
Town town(long n, uint64_t seed) {
  SynthOptions o;
  o.households = n;
  o.seed = seed;
  o.household_points = true;
  return generateTown(o);
}
}  // namespace

TEST(Households, OnePointPerHouseholdInsideItsBuilding) {
  const Town t = town(5000, 2);
  std::set<std::string> ids;
  std::map<const TownBuilding*, long> per_building;
  long n = 0;
  forEachHousehold(t, [&](const TownHousehold& h) {
    ++n;
    ASSERT_NE(h.building, nullptr);
    const TownBuilding& b = *h.building;
    ++per_building[&b];
    EXPECT_TRUE(ids.insert(h.hh_id).second) << h.hh_id;
    EXPECT_GT(h.at.x, b.x0);
    EXPECT_LT(h.at.x, b.x1);
    EXPECT_GT(h.at.y, b.y0);
    EXPECT_LT(h.at.y, b.y1);
    EXPECT_GE(h.entrance, 1);
    EXPECT_LE(h.entrance, b.entrances);
    EXPECT_GE(h.floor, 1);
    EXPECT_LE(h.floor, b.floors);
    EXPECT_EQ(h.room / 100, h.floor);
    EXPECT_GE(h.room % 100, 1);
    EXPECT_FALSE(h.owner_name.empty());
    EXPECT_EQ(h.phone.substr(0, 3), "100");
    EXPECT_EQ(h.id_number.size(), 18u);
  });
  EXPECT_EQ(n, t.households);
  for (const auto& b : t.buildings) {
    if (b.households > 0) {
      EXPECT_EQ(per_building[&b], b.households) << b.bld_id;
    }
  }
}

TEST(Households, TheGiantEntranceHasFourteenFlatsAFloor) {
  const Town t = town(5000, 1);
  std::set<int> rooms;
  forEachHousehold(t, [&](const TownHousehold& h) {
    if (h.building->bld_id == t.awkward.big_entrance_bld_id && h.floor == 33) rooms.insert(h.room);
  });
  EXPECT_EQ(rooms.size(), 14u);
  EXPECT_TRUE(rooms.count(3301));
  EXPECT_TRUE(rooms.count(3314));
}

TEST(Households, PrivateFieldsAreDeterministic) {
  const Town a = town(3000, 9), b = town(3000, 9);
  std::vector<std::string> va, vb;
  forEachHousehold(a, [&](const TownHousehold& h) { va.push_back(h.hh_id + h.owner_name + h.phone + h.id_number); });
  forEachHousehold(b, [&](const TownHousehold& h) { vb.push_back(h.hh_id + h.owner_name + h.phone + h.id_number); });
  EXPECT_EQ(va, vb);
}
