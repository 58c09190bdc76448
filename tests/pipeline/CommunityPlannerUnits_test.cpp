// The unit level's reasons: the partitioner's fix hint ("splitting a piece … would fix it") becomes what was
// tried once entrances were divided by floors, in either language of the run (issue 13).
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "geo/core/I18n.hpp"
#include "geo/partition/Hints.hpp"
#include "geo/partition/Partition.hpp"
#include "geo/pipeline/CommunityPlannerCommon.hpp"
#include "geo/pipeline/Pipeline.hpp"

namespace gp {
namespace {

using i18n::Lang;

// 25 entrances of 12 in a row: units of 20–30 can only be 24, and 300 is no multiple of 24, so one unit is
// off and its reason ends in the fix hint.
std::string offUnitReason() {
  partition::Graph g;
  const int n = 25;
  g.weight.assign(n, 12);
  g.xadj.push_back(0);
  for (int i = 0; i < n; ++i) {
    if (i > 0) g.adjncy.push_back(i - 1);
    if (i + 1 < n) g.adjncy.push_back(i + 1);
    g.xadj.push_back(static_cast<int32_t>(g.adjncy.size()));
    g.x.push_back(10.0 * i);
    g.y.push_back(0);
  }
  g.shared.assign(g.adjncy.size(), 10.0f);
  g.barrier.assign(g.adjncy.size(), 0);
  partition::Config c;
  c.min = 20;
  c.max = 30;
  c.target = 25;
  c.noun = "unit";
  partition::Result r = partition::partition(g, c);
  for (const auto& p : r.parts)
    if (p.status != Status::Ok) return p.reason;
  return "";
}

struct Language {
  explicit Language(Lang l) { i18n::setLanguage(l); }
  ~Language() { i18n::setLanguage(Lang::En); }
};

TEST(CommunityPlannerUnits, FixHintBecomesWhatWasTriedInEitherLanguage) {
  ASSERT_FALSE(i18n::catalogDir().empty()) << "no locale/zh_CN/LC_MESSAGES/gridplan.mo beside the test binary";
  for (Lang lang : {Lang::En, Lang::Zh}) {
    Language in(lang);
    const std::string reason = offUnitReason();
    const std::string hint = tr(partition::kHintFix);
    ASSERT_NE(reason.find(hint), std::string::npos) << reason;
    if (lang == Lang::Zh) {
      EXPECT_NE(hint, partition::kHintFix) << "the hint is translated";
      EXPECT_NE(reason.find("基础治理单元"), std::string::npos) << reason;
      EXPECT_EQ(reason.find("units of"), std::string::npos) << reason;
    } else {
      EXPECT_NE(reason.find("cannot be grouped into units of 20–30 at all"), std::string::npos) << reason;
    }
    const std::string after = pipeline::detail::afterSplitTried(reason);
    EXPECT_EQ(after.find(hint), std::string::npos) << after;
    EXPECT_NE(after.find(tr("(dividing entrances here by floors, tried, did not bring every unit within the bounds: "
                            "see the households per floor of its pieces)")),
              std::string::npos)
        << after;
    EXPECT_EQ(after.substr(0, 20), reason.substr(0, 20)) << "only the hint changes";
  }
}

// A tower of 16 floors of 19 households: one floor is under 20, two are over 30, so no unit can be within the
// bounds whatever is divided. The reasons say that single floors cannot be grouped either (the finest division
// allowed), naming them, instead of that dividing by floors was tried.
TEST(CommunityPlannerUnits, UnitsOfFloorsThatCannotBeGroupedSayOneFloorIsTheFinestDivision) {
  Inputs in;
  Community c;
  c.community_id = "310101001001";
  c.area = {Polygon{{Ring{{0, 0}, {200, 0}, {200, 200}, {0, 200}, {0, 0}}}}};
  c.households = 16 * 19;
  in.communities.push_back(c);
  Building b;
  b.bld_id = "tower";
  b.footprint = {Polygon{{Ring{{80, 80}, {120, 80}, {120, 110}, {80, 110}, {80, 80}}}}};
  b.households = 16 * 19;
  b.floors = 16;
  b.entrances = 1;
  b.entrances_estimated = false;
  b.community_id = c.community_id;
  in.buildings.push_back(b);
  pipeline::Options o;
  o.jobs = 1;
  Plan plan = pipeline::buildPlan(in, o);
  int off = 0;
  for (const Unit& u : plan.units) {
    if (u.status == Status::Ok) continue;
    ++off;
    EXPECT_NE(u.reason.find("nor can its floors, of (count×households) 16×19, be grouped so: one floor is the finest "
                            "division allowed"),
              std::string::npos)
        << u.reason;
    EXPECT_EQ(u.reason.find("tried"), std::string::npos) << u.reason;
  }
  EXPECT_GT(off, 0);
}


// A grid whose left end holds two buildings of one floor (`a` and `b` households) behind a tall building of one
// floor (`c`), then buildings of one floor in a row (`rest`, eight of 24 households unless given): one grid, every
// piece a whole building that floors cannot divide.
Plan leftEnd(int a, int b, int c, std::vector<int> rest = std::vector<int>(8, 24)) {
  Inputs in;
  Community com;
  com.community_id = "310101001001";
  com.area = {Polygon{{Ring{{0, 0}, {500, 0}, {500, 100}, {0, 100}, {0, 0}}}}};
  in.communities.push_back(com);
  auto add = [&](const std::string& id, double x0, double y0, double x1, double y1, int households) {
    Building bl;
    bl.bld_id = id;
    bl.footprint = {Polygon{{Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}};
    bl.households = households;
    bl.floors = 1;
    bl.entrances = 1;
    bl.entrances_estimated = false;
    bl.community_id = com.community_id;
    in.buildings.push_back(bl);
    in.communities[0].households += households;
  };
  add("A", 10, 60, 30, 80, a);
  add("B", 10, 20, 30, 40, b);
  add("C", 50, 5, 70, 95, c);
  for (size_t k = 0; k < rest.size(); ++k)
    add(std::string("R") + std::to_string(k), 100 + 50.0 * k, 30, 130 + 50.0 * k, 70, rest[k]);
  pipeline::Options o;
  o.jobs = 1;
  return pipeline::buildPlan(in, o);
}

std::string offReasons(const Plan& plan) {
  std::string all;
  for (const Unit& u : plan.units)
    if (u.status != Status::Ok) all += u.reason + "\n";
  return all;
}

// Buildings of 12 and 2 households reach the rest of the grid only through one of 18: whatever the division,
// they are in its unit (32) or below 20 on their own. The reason names them, not "pieces too coarse" nor a
// division by floors that was tried.
TEST(CommunityPlannerUnits, PiecesThatReachTheRestOnlyThroughOneAreNamed) {
  const Plan plan = leftEnd(12, 2, 18);
  ASSERT_EQ(plan.grids.size(), 1u);
  const std::string why = offReasons(plan);
  EXPECT_NE(why.find("can reach the rest of grid " + plan.grids[0].grid_id + " only through building bld C (18 "
                     "households, not divisible by floors)"),
            std::string::npos)
      << why;
  EXPECT_NE(why.find("building bld A (12 households)"), std::string::npos) << why;
  EXPECT_NE(why.find("together 32 households, above the maximum of 30"), std::string::npos) << why;
  EXPECT_EQ(why.find("tried"), std::string::npos) << why;
}

// Three buildings of 16 households on one floor, each touching the other two, and only one of them the rest
// (6, 8, 8 and 24s, so that the households alone could be grouped: 16 + 6, 16 + 8, 16 + 8): the other two cannot
// be in any unit of 20–30 (16 alone, 32 with any neighbour).
TEST(CommunityPlannerUnits, APieceThatNoGroupBringsWithinTheBoundsIsNamedWithItsNeighbours) {
  const Plan plan = leftEnd(16, 16, 16, {6, 8, 8, 24, 24, 24, 24, 24, 24});
  ASSERT_EQ(plan.grids.size(), 1u);
  const std::string why = offReasons(plan);
  EXPECT_NE(why.find("(16 households, not divisible by floors) touches in grid " + plan.grids[0].grid_id + " only "),
            std::string::npos)
      << why;
  EXPECT_NE(why.find("no connected group of single floors with it holds 20–30 households"), std::string::npos) << why;
  EXPECT_EQ(why.find("tried"), std::string::npos) << why;
}

}  // namespace
}  // namespace gp
