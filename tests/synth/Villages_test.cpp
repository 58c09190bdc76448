// Villages at the edge of the town (synth --villages): large communities of scattered one-household houses.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "geo/synth/Town.hpp"

using namespace gp;
using namespace gp::synth;

TEST(Villages, LargeCommunitiesOfManySmallHousesBesideTheTown) {
  SynthOptions plain;
  plain.households = 1500;
  plain.seed = 4;
  SynthOptions opt = plain;
  opt.villages = 2;
  const Town base = generateTown(plain), t = generateTown(opt);
  ASSERT_EQ(t.communities.size(), base.communities.size() + 2);
  // The town itself is unchanged: its communities and buildings come first, as without villages.
  for (size_t i = 0; i < base.buildings.size(); ++i) ASSERT_EQ(t.buildings[i].bld_id, base.buildings[i].bld_id);
  std::map<int, int> houses, sheds;
  std::map<int, BBox> extent;
  for (const auto& b : t.buildings) {
    if (b.community < int(base.communities.size())) continue;
    const auto& c = t.communities[size_t(b.community)];
    BBox cb = bbox(c.area);
    EXPECT_TRUE(b.x0 > cb.minx && b.x1 < cb.maxx && b.y0 > cb.miny && b.y1 < cb.maxy) << b.bld_id;
    (b.households > 0 ? houses : sheds)[b.community]++;
    EXPECT_LE((b.x1 - b.x0) * (b.y1 - b.y0), 140.0) << "small buildings: " << b.bld_id;
    extent[b.community].add(XY{b.x0, b.y0});
    extent[b.community].add(XY{b.x1, b.y1});
  }
  ASSERT_EQ(houses.size(), 2u);
  long hh = 0;
  for (auto [c, n] : houses) {
    EXPECT_GE(n, 200) << "hundreds of houses in village " << t.communities[size_t(c)].name;
    EXPECT_GE(sheds[c], 50);
    EXPECT_GE(std::max(extent[c].width(), extent[c].height()), 1500.0) << "spread over kilometres";
    EXPECT_EQ(t.communities[size_t(c)].households, n);
    hh += n;
  }
  EXPECT_EQ(t.households, base.households + hh);
  // No two buildings of a village overlap (houses on plots of 18 m, a shed beside its house).
  std::vector<const TownBuilding*> v;
  for (const auto& b : t.buildings)
    if (b.community >= int(base.communities.size())) v.push_back(&b);
  std::sort(v.begin(), v.end(), [](auto* a, auto* b) { return a->x0 < b->x0; });
  for (size_t i = 0; i < v.size(); ++i)
    for (size_t j = i + 1; j < v.size() && v[j]->x0 < v[i]->x1; ++j)
      EXPECT_FALSE(v[j]->y0 < v[i]->y1 && v[i]->y0 < v[j]->y1) << v[i]->bld_id << " overlaps " << v[j]->bld_id;
  // Communities still tile: the villages touch the town's south edge and each other.
  BBox town_box = bbox(base.communities[0].area);
  for (size_t i = 0; i < base.communities.size(); ++i) town_box.add(bbox(base.communities[i].area));
  EXPECT_DOUBLE_EQ(bbox(t.communities[base.communities.size()].area).maxy, town_box.miny);
  EXPECT_DOUBLE_EQ(bbox(t.communities[base.communities.size()].area).maxx,
                   bbox(t.communities[base.communities.size() + 1].area).minx);
}
