// `gridplan signs` end to end: a synthetic town, partitioned, printed with a roster.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "tests/support/TestSupport.hpp"

using namespace gp::test;
namespace fs = std::filesystem;

namespace {

// ogr2ogr's CSV quotes text fields.
std::string unquote(std::string s) {
  if (!s.empty() && s.back() == '\r') s.pop_back();
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

struct Town {
  fs::path dir, plan;
  std::vector<std::string> grids;  // codes, in code order
};

// One synthetic town with household points (carrying synthetic names, phones and ID numbers),
// partitioned once for the whole suite.
const Town& town() {
  static Town t = [] {
    Town t;
    // CTest runs each test in its own process, possibly side by side: one town per process.
    t.dir = fs::temp_directory_path() / "gridplan-tests" / ("Signs-town-" + std::to_string(getpid()));
    fs::remove_all(t.dir);
    fs::create_directories(t.dir);
    auto src = (t.dir / "town.gpkg").string();
    t.plan = t.dir / "plan.gpkg";
    auto r = runGridplan("synth -o " + q(src) + " --households 2500 --seed 7 --household-points");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    r = runGridplan("partition -o " + q(t.plan.string()) + " --buildings " + q(src) + " --buildings-layer buildings" +
                    " --communities " + q(src) + " --communities-layer communities --barriers " + q(src) +
                    " --barriers-layer roads --barriers " + q(src) + " --barriers-layer river --household-points " +
                    q(src) + " --household-points-layer households");
    EXPECT_LE(r.exit_code, 1) << r.out;
    auto ids = runShell("ogr2ogr -f CSV /vsistdout/ " + q(t.plan.string()) + " -sql 'SELECT grid_id FROM grids ORDER BY grid_id'");
    std::istringstream in(ids.out);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line))
      if (!line.empty()) t.grids.push_back(unquote(line));
    static char dir[4096];
    std::snprintf(dir, sizeof dir, "%s", t.dir.c_str());
    std::atexit([] { std::error_code ec; fs::remove_all(dir, ec); });
    return t;
  }();
  return t;
}

std::string phoneOf(size_t i) { return "1381234" + std::to_string(1000 + i); }

// A roster for every grid, as Excel saves "CSV UTF-8" (with a BOM and CRLF).
std::string fullRoster(const Town& t) {
  std::string s = "\xEF\xBB\xBFgrid_id,worker_name,worker_phone,duties\r\n";
  for (size_t i = 0; i < t.grids.size(); ++i)
    s += t.grids[i] + ",网格员" + std::to_string(i + 1) + "号," + phoneOf(i) + ",\"负责第" + std::to_string(i + 1) +
         "网格的巡查, 调解和代办服务\"\r\n";
  return s;
}

void writeFile(const fs::path& p, const std::string& s) { std::ofstream(p, std::ios::binary) << s; }

int pages(const fs::path& pdf) {
  return std::atoi(runShell("pdfinfo " + q(pdf.string()) + " | sed -n 's/^Pages: *//p'").out.c_str());
}

}  // namespace

TEST(Signs, OneSignPerGridAndAnAtlasWithTheRoster) {
  const Town& t = town();
  ASSERT_GE(t.grids.size(), 3u);
  auto dir = tempDir("signs");
  writeFile(dir / "roster.csv", fullRoster(t));
  auto r = runGridplan("signs " + q(t.plan.string()) + " -o " + q((dir / "out").string()) + " --atlas " +
                       q((dir / "atlas.pdf").string()) + " --roster " + q((dir / "roster.csv").string()));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  size_t files = 0;
  for (auto& e : fs::directory_iterator(dir / "out")) files += e.path().extension() == ".pdf";
  EXPECT_EQ(files, t.grids.size());
  EXPECT_EQ(pages(dir / "atlas.pdf"), int(t.grids.size()));
  size_t k = t.grids.size() / 2;
  auto text = runShell("pdftotext " + q((dir / "out" / (t.grids[k] + ".pdf")).string()) + " -").out;
  for (const std::string& s : {t.grids[k], "网格员" + std::to_string(k + 1) + "号", phoneOf(k), "负责第" + std::to_string(k + 1) + "网格的巡查", std::string("代办服务")})
    EXPECT_NE(text.find(s), std::string::npos) << s << " not in\n" << text;
  // The atlas is in code order: its last page is the last code.
  auto last = runShell("pdftotext -f " + std::to_string(t.grids.size()) + " " + q((dir / "atlas.pdf").string()) + " -").out;
  EXPECT_NE(last.find(t.grids.back()), std::string::npos);
}

TEST(Signs, PngAtDpiWithQrThatCallsTheWorker) {
  const Town& t = town();
  auto dir = tempDir("png");
  writeFile(dir / "roster.csv", fullRoster(t));
  auto r = runGridplan("signs " + q(t.plan.string()) + " -o " + q(dir.string()) + " --format png --dpi 150 --grid " +
                       t.grids[1] + " --roster " + q((dir / "roster.csv").string()));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  auto png = dir / (t.grids[1] + ".png");
  ASSERT_TRUE(fs::exists(png));
  EXPECT_NE(runShell("file " + q(png.string())).out.find("1754 x 2480"), std::string::npos);  // A3 at 150 dpi
  auto z = runShell("zbarimg --raw -q " + q(png.string()) + " 2>/dev/null | grep -v '^Connection'").out;
  EXPECT_EQ(z, "tel:" + phoneOf(1) + "\n");
  size_t n = 0;
  for (auto& e : fs::directory_iterator(dir)) n += e.path().extension() == ".png";
  EXPECT_EQ(n, 1u) << "--grid prints only that grid";
}

TEST(Signs, GbkRosterProblemsAreReportedByGridId) {
  const Town& t = town();
  auto dir = tempDir("gbk");
  std::string csv = "网格编码,网格员,联系电话,服务职责\n" + t.grids[0] + ",王芳,0512-6688123,巡查\n" + t.grids[1] +
                    ",李强,1381234,巡查\n320508999999999,赵六,13800000009,巡查\n";
  writeFile(dir / "utf8.csv", csv);
  ASSERT_EQ(runShell("iconv -f UTF-8 -t GBK " + q((dir / "utf8.csv").string()) + " > " + q((dir / "gbk.csv").string())).exit_code, 0);
  auto r = runGridplan("signs " + q(t.plan.string()) + " -o " + q((dir / "out").string()) + " --roster " +
                       q((dir / "gbk.csv").string()));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("roster_unknown_grid"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("320508999999999"), std::string::npos);
  EXPECT_TRUE(std::regex_search(r.out, std::regex("bad_phone +grid " + t.grids[1]))) << r.out;
  EXPECT_EQ(r.out.find("bad_phone  grid " + t.grids[0]), std::string::npos) << "0512-6688123 is a landline";
  EXPECT_NE(r.out.find("no_worker  grid " + t.grids[2]), std::string::npos) << r.out;
  // The names came through GBK intact.
  auto text = runShell("pdftotext " + q((dir / "out" / (t.grids[0] + ".pdf")).string()) + " -").out;
  EXPECT_NE(text.find("王芳"), std::string::npos);
  EXPECT_NE(text.find("0512-6688123"), std::string::npos);
}

// The atlas's title in its PDF properties follows the reader's language (the signs themselves stay Chinese).
TEST(Signs, AtlasTitleInTheReadersLanguage) {
  const Town& t = town();
  auto dir = tempDir("atlas-title");
  auto title = [&](const std::string& lang) {
    const std::string pdf = (dir / ("atlas-" + lang + ".pdf")).string();
    auto r = runGridplan("signs " + q(t.plan.string()) + " --lang " + lang + " --grid " + t.grids[0] + " --atlas " +
                         q(pdf));
    EXPECT_LE(r.exit_code, 1) << r.out;
    return runShell("pdfinfo " + q(pdf) + " | sed -n 's/^Title: *//p'").out;
  };
  const std::string en = title("en"), zh = title("zh");
  EXPECT_NE(en.find(" atlas\n"), std::string::npos) << en;
  EXPECT_EQ(en.find("图集"), std::string::npos) << en;
  EXPECT_NE(zh.find(" 图集\n"), std::string::npos) << zh;
}

TEST(Signs, NoResidentDataOnAnySign) {
  const Town& t = town();
  auto dir = tempDir("privacy");
  auto r = runGridplan("signs " + q(t.plan.string()) + " --atlas " + q((dir / "atlas.pdf").string()));
  EXPECT_LE(r.exit_code, 1) << r.out;
  auto text = runShell("pdftotext " + q((dir / "atlas.pdf").string()) + " -").out;
  ASSERT_NE(text.find(t.grids[0]), std::string::npos);
  auto hh = runShell("ogr2ogr -f CSV /vsistdout/ " + q(t.plan.string()) +
                     " -sql 'SELECT owner_name, phone, id_number FROM households'").out;
  std::istringstream in(hh);
  std::string line;
  std::getline(in, line);
  ASSERT_NE(line.find("owner_name"), std::string::npos) << "the plan keeps the households' private fields: " << line;
  size_t checked = 0;
  while (std::getline(in, line)) {
    std::stringstream ls(line);
    std::string name, phone, id;
    std::getline(ls, name, ',');
    std::getline(ls, phone, ',');
    std::getline(ls, id, ',');
    name = unquote(name), phone = unquote(phone), id = unquote(id);
    // Two-character names can occur inside ordinary words; three and more cannot by chance.
    if (name.size() >= 9) {
      EXPECT_EQ(text.find(name), std::string::npos) << name;
    }
    if (!phone.empty()) {
      EXPECT_EQ(text.find(phone), std::string::npos) << phone;
    }
    if (!id.empty()) {
      EXPECT_EQ(text.find(id), std::string::npos) << id;
    }
    ++checked;
  }
  EXPECT_GT(checked, 1000u);
}

TEST(Signs, UnusableInputExitsTwo) {
  const Town& t = town();
  auto dir = tempDir("bad");
  EXPECT_EQ(runGridplan("signs " + q((dir / "missing.gpkg").string()) + " -o " + q(dir.string())).exit_code, 2);
  EXPECT_EQ(runGridplan("signs " + q(t.plan.string()) + " -o " + q(dir.string()) + " --format jpg").exit_code, 2);
  EXPECT_EQ(runGridplan("signs " + q(t.plan.string())).exit_code, 2) << "no -o and no --atlas";
  writeFile(dir / "t.json", "{\"colors\": {\"accent\": \"crimson\"}}");
  auto r = runGridplan("signs " + q(t.plan.string()) + " -o " + q(dir.string()) + " --template " + q((dir / "t.json").string()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("colors.accent"), std::string::npos) << r.out;
  writeFile(dir / "r.csv", "name,phone\n张伟,13812345678\n");
  r = runGridplan("signs " + q(t.plan.string()) + " -o " + q(dir.string()) + " --roster " + q((dir / "r.csv").string()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("grid_id"), std::string::npos) << r.out;
}

TEST(Signs, RealShanghaiBuildingsFromAGbkShapefile) {
  GP_REQUIRE_SHARED_DATA();
  auto shp = sharedData() / "shanghai_gbk" / "buildings_gbk.shp";
  if (!fs::exists(shp)) GTEST_SKIP() << shp << " is absent";
  auto dir = tempDir("shanghai");
  auto plan = dir / "plan.gpkg";
  auto r = runGridplan("partition -o " + q(plan.string()) + " --buildings " + q(shp.string()));
  ASSERT_LE(r.exit_code, 1) << r.out;
  auto first = runShell("ogr2ogr -f CSV /vsistdout/ " + q(plan.string()) +
                        " -sql 'SELECT grid_id FROM grids WHERE households > 0 ORDER BY grid_id LIMIT 3'").out;
  std::istringstream in(first);
  std::string line, grids;
  std::vector<std::string> ids;
  std::getline(in, line);
  while (std::getline(in, line))
    if (!line.empty()) ids.push_back(unquote(line)), grids += " --grid " + unquote(line);
  ASSERT_EQ(ids.size(), 3u);
  r = runGridplan("signs " + q(plan.string()) + " -o " + q((dir / "signs").string()) + grids);
  EXPECT_EQ(r.exit_code, 1) << "no roster: the grids have no worker yet\n" << r.out;
  EXPECT_EQ(r.out.find("missing_glyph"), std::string::npos) << r.out;
  for (const auto& id : ids) {
    auto pdf = dir / "signs" / (id + ".pdf");
    ASSERT_TRUE(fs::exists(pdf)) << pdf;
    auto text = runShell("pdftotext " + q(pdf.string()) + " -").out;
    EXPECT_NE(text.find(id), std::string::npos);
    // Every named building with households in the grid is listed (names from the GBK 楼号 field;
    // a building split between grids has no grid_id of its own, so go through the pieces).
    auto names = runShell("ogr2ogr -f CSV /vsistdout/ " + q(plan.string()) +
                          " -sql \"SELECT DISTINCT b.bld_name FROM pieces p JOIN buildings b ON p.bld_id = b.bld_id"
                          " WHERE p.grid_id = '" + id + "' AND b.bld_name IS NOT NULL AND b.bld_name <> ''\"").out;
    std::istringstream ns(names);
    std::string name;
    std::getline(ns, name);
    int checked = 0;
    while (std::getline(ns, name)) {
      name = unquote(name);
      if (name.empty()) continue;
      EXPECT_NE(text.find(name), std::string::npos) << name << " not on the sign of " << id;
      ++checked;
    }
    EXPECT_GT(checked, 0) << id;
  }
}

namespace {
// Debian's python3 with python3-openpyxl, even when another python3 comes first on PATH; empty when absent.
std::string openpyxlPython() {
  for (const char* p : {"/usr/bin/python3", "python3"})
    if (runShell(std::string(p) + " -c 'import openpyxl'").exit_code == 0) return p;
  return "";
}
}  // namespace

// The Excel round trip of issue 14: the ledger exported as xlsx, filled in as a planner would (openpyxl edits
// the cells, keeping the workbook), given back as --roster: the signs carry the new worker, phone and duties.
// The ledger's titles follow the plan's language (issue 13): English for the town's plan, Chinese for the same
// plan marked zh_CN; a roster reads both.
TEST(Signs, EditedXlsxLedgerIsTheRoster) {
  const Town& t = town();
  std::string python = openpyxlPython();
  if (python.empty()) GTEST_SKIP() << "python3-openpyxl is not installed (scripts/install-deps.sh installs it)";
  auto dir = tempDir("ledger");
  auto enPlan = dir / "en.gpkg", zhPlan = dir / "zh.gpkg";
  gp::test::RunResult r;
  for (const auto& [copy, lang] : {std::pair{enPlan, "en"}, std::pair{zhPlan, "zh_CN"}}) {
    std::filesystem::copy_file(t.plan, copy);
    r = runShell("ogrinfo " + q(copy.string()) + " -sql \"UPDATE plan_meta SET value = '" + lang +
                 "' WHERE key = 'language'\"");
    ASSERT_EQ(r.exit_code, 0) << r.out;
  }
  writeFile(dir / "fill.py", R"(import sys, openpyxl
path, sheet, code_h, worker_h, phone_h, duties_h = sys.argv[1:7]
wb = openpyxl.load_workbook(path)
ws = wb[sheet]
head = [c.value for c in ws[1]]
col = {h: i + 1 for i, h in enumerate(head)}
for r in range(2, ws.max_row + 1):
    code = ws.cell(r, col[code_h]).value
    ws.cell(r, col[worker_h]).value = '台账员' + code[-3:]
    ws.cell(r, col[phone_h]).value = '0512-6688' + code[-4:]
    ws.cell(r, col[duties_h]).value = '台账职责' + code[-3:] + '：巡查走访'
wb.save(path)
)");
  const std::string& g = t.grids[1];
  for (const auto& [plan, titles] :
       {std::pair<std::filesystem::path, std::string>{enPlan, "'Grid ledger' 'Grid code' 'Grid worker' Phone Duties"},
        {zhPlan, "网格台账 网格编码 网格员 联系电话 服务职责"}}) {
    auto ledger = dir / (plan.stem().string() + "-ledger.xlsx");
    r = runGridplan("export " + q(plan.string()) + " --format xlsx -o " + q(ledger.string()));
    ASSERT_EQ(r.exit_code, 0) << r.out;
    r = runShell(python + " " + q((dir / "fill.py").string()) + " " + q(ledger.string()) + " " + titles);
    ASSERT_EQ(r.exit_code, 0) << titles << "\n" << r.out;
    r = runGridplan("signs " + q(plan.string()) + " -o " + q((dir / "out").string()) + " --grid " + g + " --roster " +
                    q(ledger.string()));
    EXPECT_EQ(r.exit_code, 0) << r.out;
    auto text = runShell("pdftotext " + q((dir / "out" / (g + ".pdf")).string()) + " -").out;
    for (const std::string& s : {"台账员" + g.substr(g.size() - 3), "0512-6688" + g.substr(g.size() - 4),
                                 "台账职责" + g.substr(g.size() - 3)})
      EXPECT_NE(text.find(s), std::string::npos) << s << " not in\n" << text;

    // The same ledger, exported again with the roster, keeps what was filled in and its codes as text.
    r = runGridplan("export " + q(plan.string()) + " --format xlsx -o " + q((dir / "again.xlsx").string()) +
                    " --roster " + q(ledger.string()));
    ASSERT_EQ(r.exit_code, 0) << r.out;
    r = runShell(python + " -c \"import openpyxl; ws = openpyxl.load_workbook('" + (dir / "again.xlsx").string() +
                 "').worksheets[0]; print(ws.title, ws['A3'].data_type, ws['A3'].value, ws['I3'].value)\"");
    EXPECT_EQ(r.out, std::string(plan == zhPlan ? "网格台账" : "Grid ledger") + " s " + g + " 台账员" +
                         g.substr(g.size() - 3) + "\n");
  }
}

// A roster saved by Excel as "Unicode text" (UTF-16 LE, tab-separated) naming grids by name and community.
TEST(Signs, UnicodeTextRosterByGridName) {
  const Town& t = town();
  auto dir = tempDir("utf16");
  auto names = runShell("ogr2ogr -f CSV /vsistdout/ " + q(t.plan.string()) +
                        " -sql \"SELECT g.name, c.name AS cname FROM grids g JOIN communities c ON g.community_id = "
                        "c.community_id WHERE g.grid_id = '" + t.grids[0] + "'\"").out;
  std::istringstream in(names);
  std::string line;
  std::getline(in, line);
  std::getline(in, line);
  auto comma = line.find(',');
  ASSERT_NE(comma, std::string::npos) << names;
  std::string gname = unquote(line.substr(0, comma)), cname = unquote(line.substr(comma + 1));
  writeFile(dir / "u8.txt", "网格名称\t社区名称\t网格员\t联系电话\r\n" + gname + "\t" + cname + "\t吴名\t13912340000\r\n");
  ASSERT_EQ(runShell("(printf '\\377\\376'; iconv -f UTF-8 -t UTF-16LE " + q((dir / "u8.txt").string()) + ") > " +
                     q((dir / "u16.txt").string())).exit_code, 0);
  auto r = runGridplan("signs " + q(t.plan.string()) + " -o " + q((dir / "out").string()) + " --grid " + t.grids[0] +
                       " --roster " + q((dir / "u16.txt").string()));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  auto text = runShell("pdftotext " + q((dir / "out" / (t.grids[0] + ".pdf")).string()) + " -").out;
  EXPECT_NE(text.find("吴名"), std::string::npos) << text;
}

// Issue 14: the roster `gridplan synth` writes beside the town gives every grid a worker, so the signs of a
// synthetic town (the demo's) report nothing to fix.
TEST(Signs, TheSynthRosterFillsEveryGrid) {
  const Town& t = town();
  auto roster = t.dir / "town-roster.csv";
  ASSERT_TRUE(fs::exists(roster)) << "synth writes <name>-roster.csv beside the town";
  auto dir = tempDir("synthroster");
  auto r = runGridplan("signs " + q(t.plan.string()) + " --atlas " + q((dir / "atlas.pdf").string()) + " --roster " +
                       q(roster.string()));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("no_worker"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("error"), std::string::npos) << r.out;
  auto text = runShell("pdftotext -l 1 " + q((dir / "atlas.pdf").string()) + " -").out;
  EXPECT_NE(text.find("0512-0"), std::string::npos) << "a fictional landline on the first sign\n" << text;
}
