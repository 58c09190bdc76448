// The language of a run (issue 13): LANG=zh_CN.UTF-8 gives Chinese output and Chinese reasons in the plan,
// --lang overrides the environment, and plan_meta records the language; kinds and statuses stay English keys.
#include <gtest/gtest.h>

#include "geo/io/PlanFile.hpp"
#include "tests/support/TestSupport.hpp"

using gp::test::q;
using gp::test::runShell;

namespace {

// gridplan with only the given locale variables (the test's own environment may set LANGUAGE or LC_ALL).
gp::test::RunResult inLocale(const std::string& locale, const std::string& args) {
  return runShell("env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=" + locale + " " + q(GRIDPLAN_BINARY) + " " + args);
}

std::string meta(const gp::Plan& p, const std::string& key) {
  for (const auto& [k, v] : p.meta)
    if (k == key) return v;
  return "";
}

bool hasChinese(const std::string& s) {
  for (size_t i = 0; i + 2 < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) >= 0xE4 && static_cast<unsigned char>(s[i]) <= 0xE9) return true;
  return false;
}

// Each test makes its own town: ctest runs every test in a process of its own, in parallel, so a town shared
// through SetUpTestSuite would be made again (and its folder emptied) under a running neighbour.
class Language : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = gp::test::tempDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    town_ = (dir_ / "town.gpkg").string();
    auto r = inLocale("C.UTF-8", "synth -o " + q(town_) + " --households 3000 --seed 4");
    ASSERT_EQ(r.exit_code, 0) << r.out;
  }
  std::string partition(const std::string& locale, const std::string& extra, const std::string& plan, int* rc) {
    auto r = inLocale(locale, "partition --buildings " + q(town_) + " --communities " + q(town_) + " --compounds " +
                                  q(town_) + " -o " + q(plan) + " " + extra);
    *rc = r.exit_code;
    return r.out;
  }
  std::filesystem::path dir_;
  std::string town_;
};

TEST_F(Language, ChineseLocaleGivesAChineseSummaryAndChineseReasons) {
  int rc = -1;
  std::string plan = (dir_ / "zh.gpkg").string();
  std::string out = partition("zh_CN.UTF-8", "", plan, &rc);
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("户数在 20–30 之间的基础治理单元"), std::string::npos) << out;
  EXPECT_NE(out.find("按楼层拆分的单元"), std::string::npos) << out;
  EXPECT_EQ(out.find("units within"), std::string::npos) << out;
  EXPECT_EQ(out.find("entrances split by floors"), std::string::npos) << out;

  gp::Plan p = gp::io::readPlan(plan);
  EXPECT_EQ(meta(p, "language"), "zh_CN");
  int reasons = 0;
  for (const gp::Grid& g : p.grids)
    if (!g.reason.empty()) {
      ++reasons;
      EXPECT_TRUE(hasChinese(g.reason)) << g.grid_id << ": " << g.reason;
    }
  for (const gp::Unit& u : p.units)
    if (!u.reason.empty()) {
      ++reasons;
      EXPECT_TRUE(hasChinese(u.reason)) << u.unit_id << ": " << u.reason;
    }
  EXPECT_GT(reasons, 0) << "the town should have some grid or unit outside the bounds to explain";
  // Keys other tools read stay English.
  for (const gp::Grid& g : p.grids) EXPECT_TRUE(g.status == gp::Status::Ok || !g.reason.empty());
  for (const gp::Problem& pr : p.problems.items()) EXPECT_FALSE(hasChinese(pr.kind)) << pr.kind;
}

TEST_F(Language, LangOptionOverridesTheLocaleAndEnglishStaysAsItWas) {
  int rc = -1;
  std::string plan = (dir_ / "en.gpkg").string();
  std::string out = partition("zh_CN.UTF-8", "--lang en", plan, &rc);
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("units within 20–30 households"), std::string::npos) << out;
  EXPECT_EQ(out.find("基础治理单元"), std::string::npos) << out;
  EXPECT_EQ(meta(gp::io::readPlan(plan), "language"), "en");

  std::string plan2 = (dir_ / "c.gpkg").string();
  out = partition("C", "", plan2, &rc);
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("units within 20–30 households"), std::string::npos) << out;
  EXPECT_EQ(meta(gp::io::readPlan(plan2), "language"), "en");

  out = partition("C", "--lang zh", (dir_ / "zh2.gpkg").string(), &rc);
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("基础治理单元"), std::string::npos) << out;

  out = partition("C", "--lang fr", (dir_ / "fr.gpkg").string(), &rc);
  EXPECT_EQ(rc, 2) << out;
  EXPECT_NE(out.find("zh or en"), std::string::npos) << out;
}

}  // namespace
