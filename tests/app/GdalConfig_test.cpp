// GDAL's own --config KEY VALUE on every command (issue 14, point 7), and the old `--config FILE` (the file of
// partition options, now --options FILE) refused with a message saying so.
#include <gtest/gtest.h>

#include <fstream>

#include "geo/io/PlanFile.hpp"
#include "tests/plan/SamplePlan.hpp"
#include "tests/support/TestSupport.hpp"

using gp::test::q;
using gp::test::runGridplan;

namespace {

std::string writeSample(const std::filesystem::path& dir) {
  auto path = (dir / "plan.gpkg").string();
  gp::io::writePlan(gp::test::samplePlan(), path);
  return path;
}

}  // namespace

// GDAL_SKIP takes a driver away when GDAL registers its drivers: skipping GPKG makes a GeoPackage unreadable,
// skipping another driver changes nothing. So each command's exit code shows that the option reached GDAL.
TEST(GdalConfig, EveryCommandHandsItsPairsToGdal) {
  auto dir = gp::test::tempDir("gdal-config");
  std::string plan = writeSample(dir);
  const std::string csv = q((dir / "a.csv").string());
  const std::vector<std::string> commands = {
      "check " + q(plan),
      "export " + q(plan) + " --format csv -o " + csv,
      "inspect --buildings " + q(plan) + " --buildings-layer buildings",
  };
  for (const auto& cmd : commands) {
    auto fine = runGridplan(cmd + " --config GDAL_SKIP GeoJSON --config CPL_DEBUG OFF");
    EXPECT_NE(fine.exit_code, 2) << cmd << "\n" << fine.out;
    EXPECT_EQ(fine.out.find("--config"), std::string::npos) << cmd << "\n" << fine.out;
    auto skipped = runGridplan(cmd + " --config GDAL_SKIP GPKG");
    EXPECT_EQ(skipped.exit_code, 2) << cmd << "\n" << skipped.out;
    EXPECT_EQ(skipped.out.find("--config"), std::string::npos) << cmd << "\n" << skipped.out;
  }
  // Before the command, and as KEY=VALUE (newer GDAL utilities' form).
  EXPECT_EQ(runGridplan("--config GDAL_SKIP GeoJSON check " + q(plan)).exit_code, 0);
  EXPECT_EQ(runGridplan("--config GDAL_SKIP GPKG check " + q(plan)).exit_code, 2);
  EXPECT_EQ(runGridplan("check " + q(plan) + " --config GDAL_SKIP=GPKG").exit_code, 2);
  EXPECT_EQ(runGridplan("check " + q(plan) + " --config=GDAL_SKIP=GeoJSON").exit_code, 0);
  auto help = runGridplan("check --help");
  EXPECT_NE(help.out.find("--config KEY VALUE"), std::string::npos) << help.out;
}

TEST(GdalConfig, TheOldConfigFileFormPointsAtOptions) {
  auto dir = gp::test::tempDir("gdal-config-old");
  std::string ini = (dir / "opts.ini").string();
  std::ofstream(ini) << "grid-max = 350\n";
  const std::string out = " -o " + q((dir / "p.gpkg").string());
  for (const std::string& tail : {" --config " + q(ini), " --config " + q(ini) + " --unit-min 18",
                                  " --config=" + q(ini), std::string(" --config")}) {
    auto r = runGridplan("partition" + out + " --buildings x.gpkg" + tail);
    EXPECT_EQ(r.exit_code, 2) << tail << "\n" << r.out;
    EXPECT_NE(r.out.find("--options"), std::string::npos) << tail << "\n" << r.out;
    EXPECT_FALSE(std::filesystem::exists(dir / "p.gpkg"));
  }
  // A file without a dot in its name, followed by the next option.
  std::string bare = (dir / "opts").string();
  std::ofstream(bare) << "grid-max = 350\n";
  auto r = gp::test::runShell("cd " + q(dir.string()) + " && " + q(GRIDPLAN_BINARY) + " partition" + out +
                              " --buildings x.gpkg --config opts --unit-min 18");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--options opts"), std::string::npos) << r.out;
  r = gp::test::runShell("cd " + q(dir.string()) + " && " + q(GRIDPLAN_BINARY) +
                         " partition --buildings x.gpkg --config opts -o p.gpkg");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--options opts"), std::string::npos) << r.out;

  auto badKey = runGridplan("check x.gpkg --config 'GDAL CACHEMAX' 512");
  EXPECT_EQ(badKey.exit_code, 2) << badKey.out;
  EXPECT_NE(badKey.out.find("not a GDAL configuration option name"), std::string::npos) << badKey.out;
  auto noValue = runGridplan("check x.gpkg --config GDAL_CACHEMAX");
  EXPECT_EQ(noValue.exit_code, 2) << noValue.out;
  EXPECT_NE(noValue.out.find("--config GDAL_CACHEMAX VALUE"), std::string::npos) << noValue.out;
}

// An options file's `config = KEY VALUE` lines are GDAL's --config, defaults the command line overrides.
TEST(GdalConfig, OptionsFileConfigLinesReachGdal) {
  auto dir = gp::test::tempDir("gdal-config-file");
  std::string plan = writeSample(dir);  // its buildings layer is input enough
  std::string ini = (dir / "opts.ini").string();
  std::ofstream(ini) << "buildings = " << plan << "\nbuildings-layer = buildings\nconfig = GDAL_SKIP GPKG\n";
  const std::string out = " -q -o " + q((dir / "p.gpkg").string());
  auto skipped = runGridplan("partition" + out + " --options " + q(ini));
  EXPECT_EQ(skipped.exit_code, 2) << skipped.out;
  auto overridden = runGridplan("partition" + out + " --options " + q(ini) + " --config GDAL_SKIP GeoJSON");
  EXPECT_NE(overridden.exit_code, 2) << overridden.out;
  EXPECT_TRUE(std::filesystem::exists(dir / "p.gpkg"));
}
