#include "geo/print/Roster.hpp"

#include <gtest/gtest.h>

#include "geo/core/Error.hpp"
#include "tests/print/SignFixture.hpp"

using namespace gp;
using namespace gp::print;

TEST(Roster, PhoneNumbers) {
  for (const char* ok : {"13812345678", "19912345678", "+8613812345678", "0512-12345678", "010-1234567",
                         "051212345678", "0512-66881234-801", "138 1234 5678"})
    EXPECT_TRUE(isValidPhone(ok)) << ok;
  for (const char* bad : {"", "1381234567", "12812345678", "138123456789", "12345678", "0512-123", "phone",
                          "13812345678x"})
    EXPECT_FALSE(isValidPhone(bad)) << bad;
}

TEST(Roster, ParsesQuotedCsvWithChineseHeadingsAndBom) {
  Roster r = parseRoster(
      "\xEF\xBB\xBF网格编码,网格员,联系电话,服务职责\r\n"
      "320508019044001,张伟,13812345678,\"信息采集, 矛盾调解\"\r\n"
      "\r\n"
      "320508019044002,李娜,0512-66881234,\"多行\n职责 \"\"重点\"\"\"\r\n",
      "roster r.csv");
  EXPECT_EQ(r.encoding, "UTF-8");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].grid_id, "320508019044001");
  EXPECT_EQ(r.rows[0].duties, "信息采集, 矛盾调解");
  EXPECT_EQ(r.rows[1].line, 4);
  EXPECT_EQ(r.rows[1].duties, "多行\n职责 \"重点\"");
}

TEST(Roster, GbkRosterIsConverted) {
  // "grid_id,worker_name,worker_phone,duties\n320508019044003,王芳,13900000000,巡查\n" with the
  // Chinese in GBK.
  std::string gbk = "grid_id,worker_name,worker_phone,duties\n320508019044003,\xCD\xF5\xB7\xBC,13900000000,\xD1\xB2\xB2\xE9\n";
  Roster r = parseRoster(gbk, "roster g.csv");
  EXPECT_EQ(r.encoding, "GBK");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].worker_name, "王芳");
  EXPECT_EQ(r.rows[0].duties, "巡查");
}

TEST(Roster, MissingGridColumnIsUnusable) {
  EXPECT_THROW(parseRoster("name,phone\n张伟,13812345678\n", "roster x.csv"), InputError);
  EXPECT_THROW(parseRoster("", "roster x.csv"), InputError);
}

TEST(Roster, AppliesAndReportsByGridId) {
  Plan plan = test::signFixturePlan();
  Roster r = parseRoster(
      "grid_id,worker_name,worker_phone,duties\n"
      "320508019044001,,13800000001,\n"          // only the phone changes
      "320508019044003,王芳,1234,巡查\n"          // fills the empty grid, with a bad phone
      "320508019044999,赵六,13800000009,\n"       // unknown grid
      "3.20508E+14,钱七,13800000010,\n"           // Excel mangled the code
      ",孙八,13800000011,\n"                      // no grid id
      "320508019044001,张伟,13800000001,\n",      // duplicate
      "roster r.csv");
  ProblemList probs;
  applyRoster(r, plan.grids, probs);
  EXPECT_EQ(plan.grids[0].worker_name, "张伟");
  EXPECT_EQ(plan.grids[0].worker_phone, "13800000001");
  EXPECT_EQ(plan.grids[0].duties, "负责本网格信息采集、矛盾调解、安全巡查和便民服务。") << "empty cells keep the plan's value";
  EXPECT_EQ(plan.grids[2].worker_name, "王芳");
  EXPECT_EQ(probs.countKind("roster_unknown_grid"), 2u);
  EXPECT_EQ(probs.countKind("roster_bad_row"), 1u);
  EXPECT_EQ(probs.countKind("roster_duplicate_grid"), 1u);
  bool named = false, excel = false;
  for (const auto& p : probs.items()) {
    if (p.message.find("320508019044999") != std::string::npos && p.message.find("line 4") != std::string::npos) named = true;
    if (p.message.find("Text") != std::string::npos) excel = true;
  }
  EXPECT_TRUE(named);
  EXPECT_TRUE(excel);

  ProblemList w;
  checkWorkers(plan.grids, {}, w);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w.items()[0].kind, "bad_phone");
  EXPECT_EQ(w.items()[0].feature, "grid 320508019044003");
}

TEST(Roster, GridsWithoutWorkerAreReported) {
  Plan plan = test::signFixturePlan();
  ProblemList w;
  checkWorkers(plan.grids, {}, w);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w.items()[0].kind, "no_worker");
  EXPECT_NE(w.items()[0].message.find("320508019044003"), std::string::npos);
  ProblemList only;
  checkWorkers(plan.grids, {0, 1}, only);
  EXPECT_EQ(only.size(), 0u) << "--grid limits the check";
}
