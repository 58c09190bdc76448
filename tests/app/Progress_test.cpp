// Progress of long work (issue 14, point 7): where stderr is not a terminal (a batch file's log, a pipe) a line
// per stage and per 10 %, never a carriage return; on a terminal the one line redrawn in place, as before.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "tests/support/TestSupport.hpp"

using gp::test::q;
using gp::test::runGridplan;
using gp::test::runShell;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// The percentages of the lines "gridplan: <stage>: NN%…" in `log`, in order.
std::vector<int> percents(const std::string& log, const std::string& stage) {
  std::vector<int> out;
  std::regex line("gridplan: " + stage + ": +([0-9]+)%");
  for (std::sregex_iterator it(log.begin(), log.end(), line), end; it != end; ++it) out.push_back(std::stoi((*it)[1]));
  return out;
}

}  // namespace

TEST(Progress, ALinePerStageAndPerTenthWhenStderrIsAFile) {
  auto dir = gp::test::tempDir("lines");
  const std::string town = (dir / "town.gpkg").string(), plan = (dir / "plan.gpkg").string();
  ASSERT_EQ(runGridplan("synth -o " + q(town) + " --households 3000 --seed 2").exit_code, 0);
  const fs::path err = dir / "err.log";
  auto r = runShell("(" + q(GRIDPLAN_BINARY) + " partition -o " + q(plan) + " --buildings " + q(town) +
                    " --communities " + q(town) + " --lang en > " + q((dir / "out.txt").string()) + " 2> " +
                    q(err.string()) + ")");
  ASSERT_LE(r.exit_code, 1) << r.out << slurp(err);
  const std::string log = slurp(err);
  EXPECT_EQ(log.find('\r'), std::string::npos) << log;
  EXPECT_NE(log.find("gridplan: reading the inputs…\n"), std::string::npos) << log;
  EXPECT_NE(log.find("gridplan: reading buildings\n"), std::string::npos) << log;
  EXPECT_NE(log.find("gridplan: reading communities\n"), std::string::npos) << log;
  EXPECT_NE(log.find("gridplan: writing the plan…\n"), std::string::npos) << log;
  auto p = percents(log, "partitioning");
  ASSERT_FALSE(p.empty()) << log;
  EXPECT_LE(p.size(), 10u) << log;
  for (size_t i = 0; i < p.size(); ++i) {
    EXPECT_EQ(p[i] % 10, 0) << log;
    if (i > 0) {
      EXPECT_GT(p[i], p[i - 1]) << log;
    }
  }
  EXPECT_EQ(p.back(), 100) << log;
  EXPECT_EQ(slurp(dir / "out.txt").find("gridplan: partitioning"), std::string::npos) << "progress goes to stderr";

  // -q: no summary and no progress.
  r = runShell("(" + q(GRIDPLAN_BINARY) + " partition -q -o " + q(plan) + " --buildings " + q(town) + " 2> " +
               q(err.string()) + ")");
  ASSERT_LE(r.exit_code, 1) << r.out;
  EXPECT_EQ(slurp(err).find("partitioning"), std::string::npos) << slurp(err);

  // The signs, printed by worker threads, the same way.
  r = runShell("(" + q(GRIDPLAN_BINARY) + " signs " + q(plan) + " --lang en --atlas " + q((dir / "a.pdf").string()) +
               " 2> " + q(err.string()) + ")");
  ASSERT_LE(r.exit_code, 1) << r.out << slurp(err);
  auto s = percents(slurp(err), "printing signs");
  ASSERT_FALSE(s.empty()) << slurp(err);
  EXPECT_EQ(s.back(), 100) << slurp(err);
  EXPECT_EQ(slurp(err).find('\r'), std::string::npos);
}

// Every stage the loader and the partitioner report is worded in the reader's language, in one place
// (geo/core/ProgressStage): no stage key ("buildings", "tessellate", …) reaches the reader (issue 13).
TEST(Progress, StagesSpeakTheReadersLanguage) {
  auto dir = gp::test::tempDir("stages");
  const std::string town = (dir / "town.gpkg").string(), plan = (dir / "plan.gpkg").string();
  ASSERT_EQ(runGridplan("synth -o " + q(town) + " --households 3000 --seed 2").exit_code, 0);
  const fs::path err = dir / "err.log";
  auto run = [&](const std::string& lang) {
    std::string cmd = "(";  // appended, not "literal" + string: GCC 12 warns falsely (-Wrestrict)
    cmd += q(GRIDPLAN_BINARY) + " partition -o " + q(plan) + " --buildings " + q(town) + " --communities " + q(town) + " --lang " + lang;
    auto r = runShell(cmd + " > /dev/null 2> " + q(err.string()) + ")");
    EXPECT_LE(r.exit_code, 1) << r.out << slurp(err);
    return slurp(err);
  };
  // The step a partitioning line names, after its percentage.
  auto steps = [](const std::string& log, const std::string& stageAndColon) {
    std::set<std::string> out;
    std::regex line("gridplan: " + stageAndColon + " *[0-9]+%  ([^\n]+)");
    for (std::sregex_iterator it(log.begin(), log.end(), line), end; it != end; ++it) out.insert((*it)[1]);
    return out;
  };
  std::string log = run("zh");
  EXPECT_NE(log.find("gridplan: 读取楼栋\n"), std::string::npos) << log;
  EXPECT_NE(log.find("gridplan: 读取社区\n"), std::string::npos) << log;
  EXPECT_NE(log.find("gridplan: 输入已读取\n"), std::string::npos) << log;
  auto zh = steps(log, "划分中：");
  ASSERT_FALSE(zh.empty()) << log;
  for (const std::string& s : zh)
    EXPECT_TRUE(s == "地块已划分" || s == "网格已划分" || s == "基础治理单元已划分" || s == "边界已生成") << s;
  EXPECT_FALSE(std::regex_search(std::regex_replace(log, std::regex("gridplan: "), ""), std::regex("[A-Za-z]{2,}")))
      << log;

  log = run("en");
  EXPECT_NE(log.find("gridplan: reading buildings\n"), std::string::npos) << log;
  auto en = steps(log, "partitioning:");
  ASSERT_FALSE(en.empty()) << log;
  for (const std::string& s : en)
    EXPECT_TRUE(s == "cells drawn" || s == "grids formed" || s == "units formed" || s == "outlines drawn") << s;
}

TEST(Progress, OnATerminalOneLineIsRedrawnInPlace) {
  if (runShell("command -v script").exit_code != 0) GTEST_SKIP() << "script(1) (bsdutils) is not installed";
  auto dir = gp::test::tempDir("tty");
  const std::string town = (dir / "town.gpkg").string(), plan = (dir / "plan.gpkg").string();
  ASSERT_EQ(runGridplan("synth -o " + q(town) + " --households 3000 --seed 2").exit_code, 0);
  const std::string cmd = q(GRIDPLAN_BINARY) + " partition -o " + q(plan) + " --buildings " + q(town) + " --lang en";
  auto r = runShell("script -qefc " + q(cmd) + " /dev/null");
  ASSERT_LE(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("\r  partitioning:"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("gridplan: partitioning:"), std::string::npos) << r.out;
}
