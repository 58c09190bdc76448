#include "geo/pipeline/Report.hpp"

#include <gtest/gtest.h>

#include "geo/core/I18n.hpp"
#include "tests/plan/SamplePlan.hpp"

using namespace gp;

// The sample plan: 7 residential buildings with 8 entrances (1号楼 has two), one of them (3号楼's) divided into
// two floor ranges; the kindergarten has no households and no entrance that counts.
TEST(Report, EntrancesOfResidentialBuildingsAndThoseDividedByFloors) {
  pipeline::EntranceSplits e = pipeline::entranceSplits(test::samplePlan());
  EXPECT_EQ(e.entrances, 8);
  EXPECT_EQ(e.split, 1);
}

TEST(Report, SummaryCountsEveryLevelAndEveryHousehold) {
  Plan p = test::samplePlan();
  pipeline::Summary s = pipeline::summarize(p);
  EXPECT_EQ(s.communities, 2);
  EXPECT_EQ(s.grids, 3);
  EXPECT_EQ(s.units, 6);
  EXPECT_EQ(s.pieces, 10);
  EXPECT_EQ(s.households, 215);
  EXPECT_EQ(s.unassigned_households, 0);
  EXPECT_EQ(s.entrances.split, 1);
}

TEST(Report, SummaryTextSaysTheTotalsAndTheEntrancesSplit) {
  i18n::setLanguage(i18n::Lang::En);
  std::string text = pipeline::summaryText(test::samplePlan());
  EXPECT_NE(text.find("communities 2, grids 3, units 6, households 215 (in 10 pieces)"), std::string::npos) << text;
  EXPECT_NE(text.find("entrances split by floors: 1 of 8"), std::string::npos) << text;
}

TEST(Report, AGridLeftOutsideTheBoundsIsListedWithItsReason) {
  i18n::setLanguage(i18n::Lang::En);
  Plan p = test::samplePlan();
  p.grids[2].status = Status::Under;
  p.grids[2].reason = "金阊社区 has only 55 households";
  std::string text = pipeline::summaryText(p);
  EXPECT_NE(text.find("grids outside the bounds:"), std::string::npos) << text;
  EXPECT_NE(text.find("320508019045001"), std::string::npos) << text;
  EXPECT_NE(text.find("金阊社区 has only 55 households"), std::string::npos) << text;
}

// finishPlan a second time gives the plan back unchanged (statuses, reasons, problems in their order): the
// self-check relies on it to judge a plan finishPlan just made without finishing it again.
TEST(Report, FinishingAPlanTwiceIsFinishingItOnce) {
  i18n::setLanguage(i18n::Lang::En);
  Plan p = test::samplePlan();
  p.pieces[5].grid = 2;  // the tower's upper floors in grid 3: the tower is divided by floors between grids
  p.pieces[5].unit = 4;
  p.grids[2].households = 10;
  p.grids[2].status = Status::Under;  // below the minimum, holding part of a divided building: becomes `split`
  p.grids[2].reason = "金阊社区 has only 55 households";
  auto state = [](const Plan& x) {
    std::vector<std::string> out;
    for (const Grid& g : x.grids)
      out.push_back(g.grid_id + " " + statusLabel(g.status) + " " + g.reason + " " + std::to_string(g.compounds_split));
    for (const Unit& u : x.units) out.push_back(u.unit_id + " " + statusLabel(u.status) + " " + u.reason);
    for (const Problem& pr : x.problems.items()) out.push_back(pr.kind + " " + pr.feature + " " + pr.message);
    return out;
  };
  pipeline::finishPlan(p);
  const std::vector<std::string> once = state(p);
  EXPECT_GT(p.problems.countKind("building_split"), 0u);
  EXPECT_EQ(p.grids[2].status, Status::Split);
  pipeline::finishPlan(p);
  EXPECT_EQ(state(p), once);
}
