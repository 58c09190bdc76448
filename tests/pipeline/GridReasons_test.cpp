// Grid reasons once entrances were divided by floors between grids (geo/pipeline/GridReasons.cpp).
#include "geo/pipeline/GridReasons.hpp"

#include <gtest/gtest.h>

#include <string>

#include "geo/core/I18n.hpp"
#include "geo/partition/Hints.hpp"
#include "geo/pipeline/Pipeline.hpp"
#include "geo/plan/Check.hpp"

namespace gp {
namespace {

MultiPolygon rect(double x0, double y0, double x1, double y1) {
  return {Polygon{{Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}};
}

// A tower of 19 floors of 10 households (190) beside a building of 230 households on one floor: 420 households
// make two grids, and neither 190 nor 420 is within 200–400. Floors of the tower could fill its grid only at the
// cost of the other, whose one floor cannot be divided: no division exists, and the grid of the tower stays an
// exception. Its reason said "(splitting a piece, e.g. an entrance by floors, would fix it)" although the tool
// had tried; now it names the floors that cannot be grouped. With entrances kept whole, the hint stays.
Plan towerBesideOneFloor(bool split) {
  Inputs in;
  Community c;
  c.community_id = "310101001001";
  c.area = rect(0, 0, 300, 100);
  c.households = 190 + 230;
  in.communities.push_back(c);
  auto add = [&](const std::string& id, const MultiPolygon& fp, int households, int floors) {
    Building b;
    b.bld_id = id;
    b.footprint = fp;
    b.households = households;
    b.floors = floors;
    b.entrances = 1;
    b.entrances_estimated = false;
    b.community_id = c.community_id;
    in.buildings.push_back(b);
  };
  add("tower", rect(30, 30, 70, 70), 190, 19);
  add("hall", rect(150, 20, 250, 80), 230, 1);
  pipeline::Options o;
  o.jobs = 1;
  o.split_entrances = split;
  return pipeline::buildPlan(in, o);
}

TEST(GridReasons, AGridFloorsCouldNotFixNamesTheFloorsInsteadOfSuggestingToSplit) {
  const Plan plan = towerBesideOneFloor(true);
  int off = 0;
  for (const Grid& g : plan.grids) {
    if (g.status == Status::Ok) continue;
    ++off;
    EXPECT_EQ(g.status, Status::Exception) << g.reason;
    EXPECT_EQ(g.reason.find(tr(partition::kHintFix)), std::string::npos) << g.reason;
    EXPECT_NE(g.reason.find("nor can its floors, of (count×households) 1×230, 19×10, be grouped so: one floor is the "
                            "finest division allowed"),
              std::string::npos)
        << g.reason;
  }
  EXPECT_EQ(off, 1);
  EXPECT_EQ(plan::countViolations(plan::check(plan)), 0u);
}

TEST(GridReasons, WithEntrancesKeptWholeTheHintStays) {
  const Plan plan = towerBesideOneFloor(false);
  int off = 0;
  for (const Grid& g : plan.grids) {
    if (g.status == Status::Ok) continue;
    ++off;
    EXPECT_NE(g.reason.find(tr(partition::kHintFix)), std::string::npos) << g.reason;
  }
  EXPECT_EQ(off, 1);
}

}  // namespace
}  // namespace gp
