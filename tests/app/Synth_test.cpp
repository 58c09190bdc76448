#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/TestSupport.hpp"

using gp::test::q;
using gp::test::runGridplan;
using gp::test::runShell;

TEST(SynthCli, WritesATownAndSummarisesIt) {
  const auto dir = gp::test::tempDir("synth");
  const std::string path = (dir / "town.gpkg").string();
  const auto r = runGridplan("synth -o " + q(path) + " --households 3000 --seed 2");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("households"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("asked for 3,000"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("communities       2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("time"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("awkward on purpose"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("holds 528 households in 2 entrances"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("holds 462 households in one entrance"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("is cut by the river"), std::string::npos) << r.out;
  ASSERT_TRUE(std::filesystem::exists(path));

  const auto info = runShell("ogrinfo -so -q " + q(path));
  ASSERT_EQ(info.exit_code, 0) << info.out;
  for (const char* layer : {"communities", "compounds", "buildings", "roads", "river"})
    EXPECT_NE(info.out.find(layer), std::string::npos) << layer << "\n" << info.out;
  EXPECT_EQ(info.out.find("households"), std::string::npos) << "no household points unless asked";
}

TEST(SynthCli, HouseholdPointsLayerOnRequest) {
  const auto dir = gp::test::tempDir("points");
  const std::string path = (dir / "town.gpkg").string();
  const auto r = runGridplan("synth -o " + q(path) + " --household-points");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("household points"), std::string::npos) << r.out;
  const auto sql = runShell("ogrinfo -q " + q(path) +
                            " -sql \"SELECT (SELECT COUNT(*) FROM households) - (SELECT SUM(households) FROM "
                            "buildings) AS diff\"");
  EXPECT_NE(sql.out.find("diff (Integer) = 0"), std::string::npos) << sql.out;
}

TEST(SynthCli, BadArgumentsExitTwoWithAMessage) {
  const auto dir = gp::test::tempDir("bad");
  auto r = runGridplan("synth -o " + q((dir / "t.gpkg").string()) + " --households 10");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("households"), std::string::npos) << r.out;
  r = runGridplan("synth -o " + q((dir / "missing" / "t.gpkg").string()));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("does not exist"), std::string::npos) << r.out;
  r = runGridplan("synth --households 2000");
  EXPECT_EQ(r.exit_code, 2) << r.out;  // -o is required
}
