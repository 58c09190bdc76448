// Issue 11, class 2: numbers are checked, never wrapped. A count that is negative, fractional, non-finite or above
// its cap is a problem of severity error naming the feature, field and value; the building is left out and
// reported, so households read = households in the plan + households left out.
#include <gtest/gtest.h>

#include <chrono>

#include "tests/badinput/BadInputSupport.hpp"

using namespace gp::badinput;
using gp::test::q;

namespace {

constexpr int kBad = 5;  // the sixth building: fid 6 in a GeoPackage

struct CountCase {
  OGRFieldType type;
  std::string value;
};

// A town whose building kBad has `value` in its households field; the others hold 30 each.
gp::test::RunResult runHouseholds(Case& c, const CountCase& cc, const std::string& extra = "") {
  Town t = town(12, 30, cc.type);
  t.feats[kBad].values[1] = cc.value;
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  c.snapshot();
  return c.run("partition -o " + q(c.out("plan.gpkg").string()) + " --buildings in/b.gpkg " + extra);
}

}  // namespace

class BadHouseholds : public ::testing::TestWithParam<CountCase> {};

TEST_P(BadHouseholds, BuildingIsLeftOutWithAnErrorNamingFeatureFieldAndValue) {
  Case c("hh");
  auto r = runHouseholds(c, GetParam());
  // The bad building's households are unknown: households read are the other eleven buildings' 330.
  expectOutcome(c, r, 1, {"b.gpkg:fid=6", "bld_id=B6", "field households", "\"" + GetParam().value + "\"", "left out"},
                11 * 30, c.out("plan.gpkg"));
  EXPECT_EQ(planHouseholds(c.out("plan.gpkg")), 330);
}

INSTANTIATE_TEST_SUITE_P(Issue11, BadHouseholds,
                         ::testing::Values(CountCase{OFTInteger64, "1000000000000"},   // became -727,379,968
                                           CountCase{OFTInteger64, "4294967326"},      // became 30
                                           CountCase{OFTString, "1e20"},               // became 0
                                           CountCase{OFTString, "NaN"},                // became 0
                                           CountCase{OFTString, "Inf"},                // became 0
                                           CountCase{OFTString, "-Infinity"},
                                           CountCase{OFTInteger, "-5"},
                                           CountCase{OFTString, "12.5"},
                                           CountCase{OFTString, "-0.5"},
                                           CountCase{OFTInteger, "10001"},             // above the default cap
                                           CountCase{OFTString, "9223372036854775807"},
                                           CountCase{OFTString, "thirty"}));

TEST(Counts, FractionalRealHouseholdsAreAnError) {
  Case c("real");
  auto r = runHouseholds(c, {OFTReal, "12.5"});
  expectOutcome(c, r, 1, {"fid=6", "field households", "12.5", "not a whole number"}, 330, c.out("plan.gpkg"));
}

TEST(Counts, HouseholdsCapIsOverridable) {
  Case c("cap");
  auto r = runHouseholds(c, {OFTInteger, "10001"}, "--max-households 20000 --grid-max 20000");
  // Accepted now: every household is in the plan (the building is far above a grid's bounds: a status, not an error).
  EXPECT_NE(r.exit_code, 2) << r.out;
  expectOutcome(c, r, r.exit_code, {}, 330 + 10001, c.out("plan.gpkg"));
  EXPECT_EQ(planLeftOut(c.out("plan.gpkg")), 0);
  EXPECT_EQ(r.out.find("count_too_large"), std::string::npos) << r.out;
}

TEST(Counts, CapMessageSaysHowToRaiseIt) {
  Case c("capmsg");
  auto r = runHouseholds(c, {OFTInteger, "10001"});
  expectOutcome(c, r, 1, {"10001", "--max-households"}, 330, c.out("plan.gpkg"));
}

namespace {
// Building kBad gets `value` in field `name` (added to the town); its 30 households are reported as left out.
gp::test::RunResult runOtherField(Case& c, const std::string& name, OGRFieldType type, const std::string& value,
                                  const std::string& extra = "") {
  Town t = town(12, 30);
  t.fields.push_back({name, type});
  for (auto& f : t.feats) f.values.push_back(std::nullopt);
  t.feats[kBad].values.back() = value;
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  c.snapshot();
  return c.run("partition -o " + q(c.out("plan.gpkg").string()) + " --buildings in/b.gpkg " + extra);
}
}  // namespace

TEST(Counts, NegativeFloorsLeaveTheBuildingOutAndReportItsHouseholds) {
  Case c("floors-neg");
  auto r = runOtherField(c, "storeys", OFTInteger, "-3", "--floors-field storeys");
  expectOutcome(c, r, 1, {"fid=6", "field storeys", "\"-3\"", "negative"}, 360, c.out("plan.gpkg"));
  EXPECT_EQ(planLeftOut(c.out("plan.gpkg")), 30);
}

TEST(Counts, FractionalFloorsOutsideOsmAreAnError) {
  Case c("floors-frac");
  auto r = runOtherField(c, "storeys", OFTReal, "2.5", "--floors-field storeys");
  expectOutcome(c, r, 1, {"fid=6", "field storeys", "2.5"}, 360, c.out("plan.gpkg"));
}

TEST(Counts, HugeFloorsAreAnError) {
  Case c("floors-huge");
  auto r = runOtherField(c, "storeys", OFTInteger, "1000000000", "--floors-field storeys");
  expectOutcome(c, r, 1, {"fid=6", "field storeys", "1000000000", "--max-floors"}, 360, c.out("plan.gpkg"));
}

TEST(Counts, HugeEntrancesAreAnErrorAndFinishQuickly) {
  // An entrances value of 5e7 once ran out of time and memory.
  Case c("entrances");
  auto t0 = std::chrono::steady_clock::now();
  auto r = runOtherField(c, "entrances", OFTInteger, "50000000");
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  expectOutcome(c, r, 1, {"fid=6", "field entrances", "50000000", "--max-entrances"}, 360, c.out("plan.gpkg"));
  EXPECT_LT(secs, 60.0);
}

TEST(Counts, NonFiniteEntrancesAreAnError) {
  Case c("entrances-nan");
  auto r = runOtherField(c, "entrances", OFTString, "nan");
  expectOutcome(c, r, 1, {"fid=6", "field entrances", "\"nan\""}, 360, c.out("plan.gpkg"));
}

TEST(Counts, NegativePopulationIsAnError) {
  Case c("population");
  Town t = town(12, 30);
  t.fields[1] = {"pop", OFTReal};
  for (auto& f : t.feats) f.values[1] = "75";  // 75 ÷ 2.5 = 30 households
  t.feats[kBad].values[1] = "-75";
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  c.snapshot();
  auto r = c.run("partition -o " + q(c.out("plan.gpkg").string()) + " --buildings in/b.gpkg --population-field pop");
  expectOutcome(c, r, 1, {"fid=6", "field pop", "-75"}, 330, c.out("plan.gpkg"));
}

TEST(Counts, EstimateAboveTheCapIsAnError) {
  // No households field: a footprint 3 km across (metres mistaken for something smaller) estimates 75,000.
  Case c("estimate");
  Town t = town(12, 30);
  t.fields.erase(t.fields.begin() + 1);
  for (auto& f : t.feats) f.values.erase(f.values.begin() + 1);
  t.feats[kBad].wkt = rect(kX0 + 10000, kY0, 3000, 3000);
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  c.snapshot();
  auto r = c.run("inspect --buildings in/b.gpkg");
  expectOutcome(c, r, 1, {"fid=6", "estimate", "--max-households"}, -1, {});
}

TEST(Counts, AbsurdHeightIsAnError) {
  Case c("height");
  Town t = town(12, 30);
  t.fields = {{"bld_id", OFTString}, {"height", OFTReal}};
  for (auto& f : t.feats) f.values = {f.values[0], std::string("18")};
  t.feats[kBad].values[1] = "1e300";
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  c.snapshot();
  auto r = c.run("inspect --buildings in/b.gpkg");
  expectOutcome(c, r, 1, {"fid=6", "Height", "--max-floors"}, -1, {});
}

TEST(Counts, ShapefileNumericFieldBeyondIntIsAnError) {
  Case c("shp");
  Town t = town(12, 30, OFTInteger64);
  t.feats[kBad].values[1] = "99999999999999";
  writeLayer(c.in("b.shp"), "ESRI Shapefile", "b", kEpsg, wkbPolygon, t.fields, t.feats);
  c.snapshot();
  auto r = c.run("partition -o " + q(c.out("plan.gpkg").string()) + " --buildings in/b.shp");
  // Shapefile fids start at 0.
  expectOutcome(c, r, 1, {"b.shp:fid=5", "99999999999999"}, 330, c.out("plan.gpkg"));
}

TEST(Counts, EveryBuildingBadIsExitTwo) {
  Case c("allbad");
  Town t = town(3, 30, OFTString);
  for (auto& f : t.feats) f.values[1] = "-1";
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  c.snapshot();
  auto r = c.run("partition -o " + q(c.out("plan.gpkg").string()) + " --buildings in/b.gpkg");
  expectOutcome(c, r, 2, {"in/b.gpkg", "left out", "fid=1", "\"-1\""}, -1, c.out("plan.gpkg"));
}

TEST(Counts, InspectReportsHouseholdsLeftOut) {
  Case c("inspect");
  Town t = town(12, 30);
  t.fields.push_back({"storeys", OFTInteger});
  for (auto& f : t.feats) f.values.push_back(std::string("6"));
  t.feats[kBad].values.back() = "-6";
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  c.snapshot();
  auto r = c.run("inspect --buildings in/b.gpkg --floors-field storeys");
  expectOutcome(c, r, 1, {"households left out", "30", "fid=6"}, -1, {});
}
