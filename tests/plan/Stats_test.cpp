#include "geo/plan/Stats.hpp"

#include <gtest/gtest.h>

#include "geo/plan/Check.hpp"
#include "tests/plan/SamplePlan.hpp"

using gp::Status;
using gp::test::samplePlan;

TEST(Stats, RecountRestoresSumsFromPieces) {
  auto p = samplePlan();
  for (auto& g : p.grids) g.households = 0, g.units = 7;
  for (auto& u : p.units) u.households = 1;
  for (auto& c : p.in.communities) c.households = 0;
  gp::plan::recount(p);
  auto ref = samplePlan();
  for (size_t i = 0; i < p.grids.size(); ++i) {
    EXPECT_EQ(p.grids[i].households, ref.grids[i].households);
    EXPECT_EQ(p.grids[i].units, ref.grids[i].units);
  }
  for (size_t i = 0; i < p.units.size(); ++i) EXPECT_EQ(p.units[i].households, ref.units[i].households);
  EXPECT_EQ(p.in.communities[0].households, 160);
  EXPECT_EQ(p.in.communities[1].households, 55);
}

TEST(Stats, RestatusSetsOkExactlyInBoundsWithReasonsOtherwise) {
  auto p = samplePlan();
  p.bounds.grid_min = 60;  // grid 2 (55) is under; its community holds only 55
  p.bounds.grid_max = 80;  // grid 1 (90) is over
  p.bounds.unit_max = 40;  // unit 1 (50) is over: B2 (30) + B1-E2 (20), splittable
  gp::plan::restatus(p);
  EXPECT_EQ(p.grids[0].status, Status::Ok);
  EXPECT_TRUE(p.grids[0].reason.empty());
  EXPECT_EQ(p.grids[1].status, Status::Over);
  EXPECT_NE(p.grids[1].reason.find("90 households, above the maximum of 80"), std::string::npos) << p.grids[1].reason;
  EXPECT_EQ(p.grids[2].status, Status::Under);
  EXPECT_NE(p.grids[2].reason.find("community 320508019045 has only 55 households"), std::string::npos)
      << p.grids[2].reason;
  EXPECT_EQ(p.units[1].status, Status::Over);
  EXPECT_NE(p.units[1].reason.find("50 households"), std::string::npos) << p.units[1].reason;
  EXPECT_EQ(gp::plan::countViolations(gp::plan::check(p)), 0u);
}

TEST(Stats, RestatusNamesAPieceTooBigToSplit) {
  auto p = samplePlan();
  p.bounds.unit_max = 24;  // the tower's floor pieces hold 25 each
  gp::plan::restatus(p);
  EXPECT_EQ(p.units[2].status, Status::Over);
  EXPECT_NE(p.units[2].reason.find("3号楼"), std::string::npos) << p.units[2].reason;
  EXPECT_NE(p.units[2].reason.find("alone holds 25"), std::string::npos) << p.units[2].reason;
}

TEST(Stats, RestatusKeepsExceptionsThatStillApplyAndClearsOthers) {
  auto p = samplePlan();
  p.bounds.grid_min = 60;
  p.grids[2].status = Status::Exception;
  p.grids[2].reason = "专属网格: 学校";
  p.grids[0].status = Status::Exception;  // within bounds: no longer an exception
  p.grids[0].reason = "old reason";
  gp::plan::restatus(p);
  EXPECT_EQ(p.grids[2].status, Status::Exception);
  EXPECT_EQ(p.grids[2].reason, "专属网格: 学校");
  EXPECT_EQ(p.grids[0].status, Status::Ok);
  EXPECT_TRUE(p.grids[0].reason.empty());
}

TEST(Stats, UsedGridCodesIncludeRetiredAndTransferredCodes) {
  auto p = samplePlan();
  p.meta.push_back({gp::plan::kRetiredGridCodesKey, "320508019044009, 320508019044010"});
  auto codes = gp::plan::usedGridCodes(p);
  std::vector<std::string> want = {"320508019044001", "320508019044002", "320508019044003",
                                   "320508019044009", "320508019044010", "320508019045001"};
  EXPECT_EQ(codes, want);
}
