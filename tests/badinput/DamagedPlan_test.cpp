// Issue 11, class 9: `check` on a damaged plan reports damage as damage (exit 2 naming the layer), and a plan
// whose community geometries are NULL fails.
#include <gtest/gtest.h>

#include "tests/badinput/BadInputSupport.hpp"

using namespace gp::badinput;
using gp::test::q;

namespace {

// A plan of 60 buildings (several grids) under in/plan.gpkg.
void writePlan(const Case& c, int n = 600) {
  Town t = town(n, 30);
  t.fields.push_back({"note", OFTString});
  for (auto& f : t.feats) f.values.push_back(std::string(200, 'x'));
  writeLayer(c.in("src.gpkg"), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  auto r = c.run("partition -q -o in/plan.gpkg --buildings in/src.gpkg");
  ASSERT_EQ(r.exit_code, 0) << r.out;
}

}  // namespace

TEST(DamagedPlan, DamagedPageIsExitTwoNamingTheLayer) {
  Case c("page");
  writePlan(c);
  // Damage the page in the middle of the buildings table: found by its first row's place in the file.
  auto size = fs::file_size(c.in("plan.gpkg"));
  overwrite(c.in("plan.gpkg"), (size / 3) / 4096 * 4096, 4096, 0xff);
  c.snapshot();
  auto r = c.run("check in/plan.gpkg");
  expectOutcome(c, r, 2, {"in/plan.gpkg", "damaged"}, -1, {});
  auto j = c.run("check --json in/plan.gpkg");
  EXPECT_EQ(j.exit_code, 2) << j.out;
  auto e = c.run("export in/plan.gpkg --format csv -o out/a.csv");
  EXPECT_EQ(e.exit_code, 2) << e.out;
  EXPECT_FALSE(fs::exists(c.out("a.csv")));
}

TEST(DamagedPlan, TruncatedPlanIsExitTwo) {
  Case c("truncated");
  writePlan(c);
  truncateTo(c.in("plan.gpkg"), 0.6);
  c.snapshot();
  auto r = c.run("check in/plan.gpkg");
  expectOutcome(c, r, 2, {"in/plan.gpkg"}, -1, {});
}

TEST(DamagedPlan, NullCommunityGeometryFails) {
  Case c("null-community");
  writePlan(c, 24);
  sql(c.in("plan.gpkg"), "UPDATE communities SET geom = NULL");
  c.snapshot();
  auto r = c.run("check in/plan.gpkg");
  expectOutcome(c, r, 1, {"community_no_shape"}, -1, {});
}

TEST(DamagedPlan, InputsFileIsNotAPlan) {
  Case c("not-a-plan");
  Town t = town(12, 30);
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  c.snapshot();
  auto r = c.run("check in/b.gpkg");
  expectOutcome(c, r, 2, {"in/b.gpkg"}, -1, {});
}

TEST(DamagedPlan, IntactPlanPasses) {
  Case c("intact");
  writePlan(c, 24);
  c.snapshot();
  auto r = c.run("check in/plan.gpkg");
  expectOutcome(c, r, 0, {"no violations"}, -1, {});
}
