#include "geo/print/Roster.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "geo/core/Error.hpp"
#include "geo/io/Export.hpp"
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
  applyRoster(r, plan, probs);
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

namespace {

// UTF-8 text as UTF-16 with a byte-order mark, as Excel saves "Unicode text".
std::string utf16(const std::string& utf8, bool little) {
  std::string out = little ? std::string("\xFF\xFE") : std::string("\xFE\xFF");
  const auto* p = reinterpret_cast<const unsigned char*>(utf8.data());
  for (size_t i = 0; i < utf8.size();) {
    unsigned cp = p[i];
    size_t len = cp < 0x80 ? 1 : cp < 0xE0 ? 2 : cp < 0xF0 ? 3 : 4;
    cp = len == 1 ? cp : cp & (0xFF >> (len + 1));
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (p[i + k] & 0x3F);
    i += len;
    auto unit = [&](unsigned u) {
      char lo = char(u & 0xFF), hi = char(u >> 8);
      out += little ? lo : hi;
      out += little ? hi : lo;
    };
    if (cp >= 0x10000) {
      cp -= 0x10000;
      unit(0xD800 + (cp >> 10));
      unit(0xDC00 + (cp & 0x3FF));
    } else {
      unit(cp);
    }
  }
  return out;
}

std::string messages(const ProblemList& probs) {
  std::string s;
  for (const auto& p : probs.items()) s += p.kind + ": " + p.message + "\n";
  return s;
}

}  // namespace

TEST(Roster, Utf16UnicodeTextIsTabSeparated) {
  const std::string text = "网格编码\t网格员\t联系电话\t服务职责\r\n320508019044001\t张伟\t13812345678\t巡查, 走访\r\n";
  for (bool little : {true, false}) {
    Roster r = parseRoster(utf16(text, little), "roster u.txt");
    EXPECT_EQ(r.encoding, little ? "UTF-16LE" : "UTF-16BE");
    ASSERT_EQ(r.rows.size(), 1u);
    EXPECT_EQ(r.rows[0].grid_id, "320508019044001");
    EXPECT_EQ(r.rows[0].worker_name, "张伟");
    EXPECT_EQ(r.rows[0].duties, "巡查, 走访") << "a comma inside a tab-separated cell";
  }
}

TEST(Roster, TitleRowAboveTheHeadingsAndLedgerHeadings) {
  Roster r = parseRoster("幸福社区网格员名单,,,\n网格名称,社区名称,网格员,联系电话\n幸福二网格,幸福社区,王芳,13900000000\n",
                         "roster t.csv");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].line, 3);
  EXPECT_EQ(r.rows[0].grid_name, "幸福二网格");
  EXPECT_EQ(r.rows[0].community_name, "幸福社区");
  EXPECT_TRUE(r.rows[0].grid_id.empty());
}

TEST(Roster, UnclosedQuoteNamesItsLine) {
  try {
    parseRoster("grid_id,worker_name,duties\n320508019044001,张伟,巡查\n320508019044002,\"李娜,走访\n", "roster q.csv");
    FAIL() << "no error";
  } catch (const InputError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("roster q.csv line 3"), std::string::npos) << m;
    EXPECT_NE(m.find("never closed"), std::string::npos) << m;
  }
}

TEST(Roster, MissingColumnsAreNamed) {
  try {
    parseRoster("网格编码,备注\n320508019044001,x\n", "roster m.csv");
    FAIL() << "no error";
  } catch (const InputError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("网格员"), std::string::npos) << m;
    EXPECT_NE(m.find("worker_phone"), std::string::npos) << m;
    EXPECT_NE(m.find("网格编码, 备注"), std::string::npos) << "the headings found: " << m;
  }
  try {
    parseRoster("编号,网格员\n1,张伟\n", "roster n.csv");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("grid_name (网格名称)"), std::string::npos) << e.what();
  }
}

TEST(Roster, RowsMatchByGridNameWithinTheirCommunity) {
  Plan plan = test::signFixturePlan();
  // A second community with a grid of the same name as the first.
  Community other = plan.in.communities[0];
  other.community_id = "320508019045";
  other.name = "和平社区";
  plan.in.communities.push_back(other);
  plan.grids[2].community = 1;
  plan.grids[2].grid_id = "320508019045001";
  plan.grids[2].name = "幸福一网格";
  Roster r = parseRoster(
      "网格名称,社区名称,社区编码,网格员,联系电话\n"
      "幸福二网格,,,王芳,13900000002\n"                    // unique name: any community
      "幸福一网格,和平社区,,赵敏,13900000003\n"            // by community name
      "幸福一网格,,,钱多,13900000004\n"                    // two grids of that name
      "幸福一网格,,320508019044,孙立,13900000005\n"        // by community code
      "幸福九网格,幸福社区,,周正,13900000006\n",           // no such grid
      "roster n.csv");
  ProblemList probs;
  applyRoster(r, plan, probs);
  EXPECT_EQ(plan.grids[1].worker_name, "王芳");
  EXPECT_EQ(plan.grids[2].worker_name, "赵敏");
  EXPECT_EQ(plan.grids[0].worker_name, "孙立");
  EXPECT_EQ(probs.countKind("roster_ambiguous_grid"), 1u) << messages(probs);
  EXPECT_EQ(probs.countKind("roster_unknown_grid"), 1u) << messages(probs);
  for (const auto& p : probs.items()) {
    if (p.kind == "roster_ambiguous_grid") {
      EXPECT_NE(p.message.find("line 4"), std::string::npos) << p.message;
      EXPECT_NE(p.message.find("320508019044001 (幸福社区)"), std::string::npos) << p.message;
      EXPECT_NE(p.message.find("320508019045001 (和平社区)"), std::string::npos) << p.message;
    }
    if (p.kind == "roster_unknown_grid") {
      EXPECT_NE(p.message.find("幸福九网格 in community 幸福社区"), std::string::npos) << p.message;
    }
  }
}

TEST(Roster, CommunityRowsWithoutAGridFillItsGridsInCodeOrder) {
  Plan plan = test::signFixturePlan();
  for (auto& g : plan.grids) g.worker_name.clear(), g.worker_phone.clear();
  std::swap(plan.grids[0], plan.grids[1]);  // code order, not plan order, decides
  Roster r = parseRoster(
      "网格编码,社区编码,网格员,联系电话\n"
      "320508019044003,,钱多,13900000004\n"       // named: keeps its grid
      ",320508019044,甲,13900000001\n"           // the community's pool, in code order
      ",320508019044,乙,13900000002\n"
      ",320508019044,丙,13900000003\n"           // two more than the grids left: one note
      ",320508019044,戊,13900000005\n"
      ",320508019099,丁,13900000009\n",          // no such community
      "roster p.csv");
  ProblemList probs;
  applyRoster(r, plan, probs);
  auto worker = [&](const std::string& id) {
    for (const auto& g : plan.grids)
      if (g.grid_id == id) return g.worker_name;
    return std::string("?");
  };
  EXPECT_EQ(worker("320508019044001"), "甲") << messages(probs);
  EXPECT_EQ(worker("320508019044002"), "乙");
  EXPECT_EQ(worker("320508019044003"), "钱多");
  EXPECT_EQ(probs.countKind("roster_unknown_community"), 1u) << messages(probs);
  EXPECT_EQ(probs.count(Severity::Error), 1u) << "a spare worker is not an error\n" << messages(probs);
  EXPECT_EQ(probs.countKind("roster_spare_worker"), 1u) << messages(probs);
  for (const auto& p : probs.items())
    if (p.kind == "roster_spare_worker") {
      EXPECT_NE(p.message.find("2 workers have no grid left in their community (each of its grids has a worker): 幸福社区 2 (lines 5-6)"), std::string::npos) << p.message;
    }
}

// The ledger `export --format xlsx` writes, read back as a roster through GDAL's XLSX driver.
TEST(Roster, ReadsTheExportedLedgerXlsx) {
  Plan plan = test::signFixturePlan();
  plan.grids[0].worker_name = "张伟";
  plan.grids[0].worker_phone = "13812345678";
  auto dir = test::tempDir("ledger");
  auto path = (dir / "ledger.xlsx").string();
  io::exportXlsx(plan, path);
  Roster r = readRoster(path);
  EXPECT_EQ(r.encoding, "xlsx");
  EXPECT_NE(r.path.find("sheet 网格台账"), std::string::npos) << r.path;
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[0].line, 2) << "sheet rows count from the heading row 1";
  EXPECT_EQ(r.rows[0].grid_id, "320508019044001");
  EXPECT_EQ(r.rows[0].worker_name, "张伟");
  EXPECT_EQ(r.rows[0].community_name, "幸福社区");
  EXPECT_EQ(r.rows[2].grid_name, "幸福三网格");
  ProblemList probs;
  Plan again = test::signFixturePlan();
  applyRoster(r, again, probs);
  EXPECT_EQ(probs.size(), 0u) << messages(probs);
  EXPECT_EQ(again.grids[0].worker_phone, "13812345678");
}

TEST(Roster, NotAWorkbookIsAClearError) {
  auto dir = test::tempDir("badxlsx");
  auto path = dir / "r.xlsx";
  std::ofstream(path) << "grid_id,worker_name\n";
  try {
    readRoster(path.string());
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("r.xlsx"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("CSV UTF-8"), std::string::npos) << e.what();
  }
}
