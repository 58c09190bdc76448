// Issue 11, class 6: nothing bad is silently accepted. Arguments outside their range are exit 2; odd community
// codes and buildings across boundaries are warnings saying what follows; household records that land in no
// building are households lost: severity error with their count, exit 1.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/badinput/BadInputSupport.hpp"

using namespace gp::badinput;
using gp::test::q;

namespace {

Town writeTown(const Case& c, int n = 12, int hh = 30) {
  Town t = town(n, hh);
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  return t;
}

std::string partition(const Case& c) { return "partition -o " + q(c.out("plan.gpkg").string()) + " --buildings in/b.gpkg "; }

}  // namespace

TEST(Arguments, GridTargetBelowGridMinIsExitTwo) {
  Case c("target-low");
  writeTown(c);
  c.snapshot();
  auto r = c.run(partition(c) + "--grid-target 100");
  expectOutcome(c, r, 2, {"--grid-target 100", "--grid-min 200"}, -1, c.out("plan.gpkg"));
}

TEST(Arguments, GridTargetAboveGridMaxIsExitTwo) {
  Case c("target-high");
  writeTown(c);
  c.snapshot();
  auto r = c.run(partition(c) + "--grid-target 401");
  expectOutcome(c, r, 2, {"--grid-target 401", "--grid-max 400"}, -1, c.out("plan.gpkg"));
}

TEST(Arguments, GridTargetInAnOptionsFileIsCheckedToo) {
  Case c("target-config");
  writeTown(c);
  std::ofstream(c.in("opts.ini")) << "grid-target = 999\n";
  c.snapshot();
  auto r = c.run(partition(c) + "--options in/opts.ini");
  expectOutcome(c, r, 2, {"--grid-target 999"}, -1, c.out("plan.gpkg"));
}

TEST(Arguments, DefaultTargetFollowsBoundsGivenWithoutOne) {
  Case c("target-default");
  Town t = writeTown(c);
  c.snapshot();
  auto r = c.run(partition(c) + "--grid-min 100 --grid-max 200 --unit-min 10 --unit-max 30");
  expectOutcome(c, r, r.exit_code, {}, t.households, c.out("plan.gpkg"));
  EXPECT_NE(r.exit_code, 2) << r.out;
}

TEST(Arguments, NegativeJobsIsExitTwo) {
  Case c("jobs");
  writeTown(c);
  c.snapshot();
  auto r = c.run(partition(c) + "--jobs -1");
  expectOutcome(c, r, 2, {"--jobs"}, -1, c.out("plan.gpkg"));
}

TEST(Arguments, NegativeSignJobsIsExitTwo) {
  Case c("sign-jobs");
  writeTown(c);
  c.snapshot();
  auto r = c.run("signs in/b.gpkg -o out/signs --jobs -2");
  expectOutcome(c, r, 2, {"--jobs"}, -1, {});
}

TEST(Arguments, HugeCapIsAcceptedButZeroCapIsExitTwo) {
  Case c("cap-zero");
  writeTown(c);
  c.snapshot();
  auto r = c.run(partition(c) + "--max-households 0");
  expectOutcome(c, r, 2, {"--max-households"}, -1, c.out("plan.gpkg"));
}

namespace {
// Communities around the town with `code` (nullopt: NULL) in community_id.
void writeCommunity(const Case& c, std::optional<std::string> code) {
  writeLayer(c.in("c.gpkg"), "GPKG", "communities", kEpsg, wkbPolygon, {{"community_id", OFTString}},
             {{rect(kX0 - 100, kY0 - 100, 400, 400), {code}}});
}
}  // namespace

class CommunityCodes : public ::testing::TestWithParam<std::optional<std::string>> {};

TEST_P(CommunityCodes, OddCodeWarnsHowGridCodesWillLook) {
  Case c("code");
  Town t = writeTown(c);
  writeCommunity(c, GetParam());
  c.snapshot();
  auto r = c.run("inspect --buildings in/b.gpkg --communities in/c.gpkg");
  std::string id = GetParam() ? *GetParam() : "C1";
  expectOutcome(c, r, 0, {"community_code", "c.gpkg:fid=1", "field community_id", "grid codes will be " + id + "001"}, -1, {});
}

INSTANTIATE_TEST_SUITE_P(Issue11, CommunityCodes,
                         ::testing::Values(std::nullopt, std::optional<std::string>("44"),
                                           std::optional<std::string>("3205080190441"),
                                           std::optional<std::string>("社区一"),
                                           std::optional<std::string>("32050801904A")));

TEST(Arguments, TwelveAndNineDigitCodesDoNotWarn) {
  for (std::string code : {"320508019044", "320508019"}) {
    Case c("code-ok-" + code);
    writeTown(c);
    writeCommunity(c, code);
    c.snapshot();
    auto r = c.run("inspect --buildings in/b.gpkg --communities in/c.gpkg");
    expectOutcome(c, r, 0, {}, -1, {});
    EXPECT_EQ(r.out.find("community_code"), std::string::npos) << r.out;
  }
}

TEST(Arguments, BuildingInTwoCommunitiesWarns) {
  Case c("two-communities");
  Town t = town(12, 30);
  // Building 6 (x 500040…500060) is cut by the boundary at x = 500050.
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  writeLayer(c.in("c.gpkg"), "GPKG", "communities", kEpsg, wkbPolygon, {{"community_id", OFTString}},
             {{rect(kX0 - 100, kY0 - 100, 150, 400), {"320508019044"}},
              {rect(kX0 + 50, kY0 - 100, 250, 400), {"320508019045"}}});
  c.snapshot();
  auto r = c.run(partition(c) + "--communities in/c.gpkg --grid-min 20 --grid-max 400 --unit-min 5 --unit-max 20");
  expectOutcome(c, r, r.exit_code, {"building_in_two_communities", "bld_id=B2", "320508019044", "320508019045"},
                t.households, c.out("plan.gpkg"));
  EXPECT_NE(r.exit_code, 2) << r.out;
}

TEST(Arguments, BuildingPartsFarApartWarn) {
  Case c("parts");
  Town t = town(12, 30);
  t.feats[3].wkt = "MULTIPOLYGON (((500120 3450000,500140 3450000,500140 3450012,500120 3450012,500120 3450000)),"
                   "((500120 3450300,500140 3450300,500140 3450312,500120 3450312,500120 3450300)))";
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", kEpsg, wkbMultiPolygon, t.fields, t.feats);
  c.snapshot();
  auto r = c.run("inspect --buildings in/b.gpkg");
  expectOutcome(c, r, 0, {"building_parts_apart", "fid=4", "288 m apart"}, -1, {});
}

namespace {
// Buildings without a households field and a register of `n` records: `placed` inside building 1, the rest with
// no location (and no building field).
void writeRegister(const Case& c, int n, int placed) {
  Town t = town(12, 30);
  t.fields.erase(t.fields.begin() + 1);
  for (auto& f : t.feats) f.values.erase(f.values.begin() + 1);
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  std::vector<Feat> pts;
  for (int i = 0; i < n; ++i) pts.push_back({i < placed ? "POINT (500010 3450006)" : "", {std::string("H").append(std::to_string(i))}});
  writeLayer(c.in("h.gpkg"), "GPKG", "register", kEpsg, wkbPoint, {{"hh_id", OFTString}}, pts);
}
}  // namespace

TEST(Arguments, RegisterRecordsWithoutLocationAreHouseholdsLost) {
  // 500 of 500 records without a location once gave exit 0.
  Case c("register");
  writeRegister(c, 500, 0);
  c.snapshot();
  auto r = c.run(partition(c) + "--household-points in/h.gpkg");
  // Nothing can be placed, so every building counts 0: no plan can hold them, but the loss is reported.
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("500"), std::string::npos) << r.out;
  c.expectInputsUnchanged();
}

TEST(Arguments, SomeRegisterRecordsUnplacedAreCountedAsLeftOut) {
  Case c("register-some");
  writeRegister(c, 60, 40);
  c.snapshot();
  auto r = c.run(partition(c) + "--household-points in/h.gpkg --grid-min 20 --grid-max 60 --unit-min 5 --unit-max 20");
  expectOutcome(c, r, 1, {"households_unplaced", "20 of 60", "h.gpkg"}, 60, c.out("plan.gpkg"));
  EXPECT_EQ(planLeftOut(c.out("plan.gpkg")), 20);
}

TEST(Arguments, InspectReportsUnplacedRegisterRecordsAsErrors) {
  Case c("register-inspect");
  writeRegister(c, 50, 10);
  c.snapshot();
  auto r = c.run("inspect --buildings in/b.gpkg --household-points in/h.gpkg");
  expectOutcome(c, r, 1, {"[error] households_unplaced", "40 of 50"}, -1, {});
}
