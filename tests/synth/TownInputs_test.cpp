#include <gtest/gtest.h>

#include <set>

#include "geo/synth/Synth.hpp"
#include "geo/synth/Town.hpp"

using namespace gp::synth;

TEST(TownInputs, MatchesTheGeneratedTown) {
  SynthOptions o;
  o.households = 20000;
  o.seed = 4;
  const gp::Inputs in = makeTownInputs(o);
  const Town t = generateTown(o);

  EXPECT_EQ(in.epsg, 4549);
  EXPECT_NE(in.crs_wkt.find("4549"), std::string::npos);
  EXPECT_NE(in.crs_wkt.find("CGCS2000"), std::string::npos);
  ASSERT_EQ(in.buildings.size(), t.buildings.size());
  ASSERT_EQ(in.communities.size(), t.communities.size());
  EXPECT_EQ(in.compounds.size(), t.compounds.size());
  EXPECT_EQ(in.barriers.size(), t.roads.size() + 1);
  EXPECT_TRUE(in.households.empty());

  std::set<std::string> names;
  for (const auto& f : in.building_fields) names.insert(f.name);
  for (const char* f : {"bld_id", "name", "kind", "households", "floors", "entrances", "compound_id", "community_id",
                        "dedicated"})
    EXPECT_TRUE(names.count(f)) << f;

  long total = 0;
  for (size_t i = 0; i < in.buildings.size(); ++i) {
    const auto& b = in.buildings[i];
    const auto& tb = t.buildings[i];
    EXPECT_EQ(b.bld_id, tb.bld_id);
    EXPECT_EQ(b.households, tb.households);
    EXPECT_EQ(b.hh_source, gp::HhSource::Field);
    EXPECT_FALSE(b.entrances_estimated);
    EXPECT_EQ(b.entrances, tb.entrances);
    EXPECT_EQ(b.floors, tb.floors);
    EXPECT_EQ(b.community_id, t.communities[tb.community].community_id);
    EXPECT_EQ(b.compound_id, t.compounds[tb.compound].compound_id);
    EXPECT_EQ(b.attrs.size(), in.building_fields.size());
    EXPECT_EQ(b.attr_null.size(), in.building_fields.size());
    ASSERT_EQ(b.footprint.size(), 1u);
    // Shoelace on coordinates of ~3.5e6 m loses a few digits.
    EXPECT_NEAR(gp::area(b.footprint), (tb.x1 - tb.x0) * (tb.y1 - tb.y0), 1e-2);
    total += b.households;
  }
  long by_community = 0;
  for (const auto& c : in.communities) by_community += c.households;
  EXPECT_EQ(by_community, total);
  EXPECT_EQ(total, t.households);

  int rivers = 0;
  for (const auto& b : in.barriers) {
    EXPECT_TRUE(b.kind == "road" || b.kind == "river") << b.kind;
    rivers += b.kind == "river";
  }
  EXPECT_EQ(rivers, 1);
}

TEST(TownInputs, HouseholdPointsWhenAskedFor) {
  SynthOptions o;
  o.households = 3000;
  o.household_points = true;
  const gp::Inputs in = makeTownInputs(o);
  long total = 0;
  for (const auto& b : in.buildings) total += b.households;
  ASSERT_EQ(static_cast<long>(in.households.size()), total);
  EXPECT_EQ(in.household_fields.size(), in.households.front().attrs.size());
  std::set<std::string> bld_ids;
  for (const auto& b : in.buildings) bld_ids.insert(b.bld_id);
  for (const auto& h : in.households) {
    EXPECT_TRUE(bld_ids.count(h.bld_id));
    EXPECT_GE(h.entrance, 1);
    EXPECT_GE(h.floor, 1);
  }
}
