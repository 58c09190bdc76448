#include "geo/core/AtomicFile.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "geo/core/Error.hpp"
#include "tests/support/TestSupport.hpp"

namespace fs = std::filesystem;

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}
size_t filesIn(const fs::path& d) {
  size_t n = 0;
  for (auto& e : fs::directory_iterator(d)) n += !e.path().empty();
  return n;
}
}  // namespace

TEST(AtomicFile, TempNamesStayWithinNameMaxAndKeepTheSuffix) {
  std::string chinese;
  for (int i = 0; i < 200; ++i) chinese += "网";  // 600 bytes
  for (const std::string& n : {chinese, std::string(250, 'a') + ".gpkg", std::string("plan.gpkg")}) {
    fs::path p = gp::tempPathFor(fs::path("/tmp") / n, ".gpkg");
    EXPECT_LE(p.filename().string().size(), 255u) << n;
    EXPECT_EQ(p.extension(), ".gpkg");
  }
  // Two long names that differ only at the end get different temp names (a hash of the whole name).
  fs::path a = gp::tempPathFor(fs::path("/tmp") / (chinese + "a"), "");
  fs::path b = gp::tempPathFor(fs::path("/tmp") / (chinese + "b"), "");
  EXPECT_NE(a.filename().string().substr(0, 230), b.filename().string().substr(0, 230));
}

TEST(AtomicFile, WritesAtomicallyAndLeavesNoTemp) {
  auto d = gp::test::tempDir("w");
  std::string name;
  for (int i = 0; i < 82; ++i) name += "网";
  name += ".csv";
  gp::writeFileAtomically((d / name).string(), "a,b\n");
  EXPECT_EQ(slurp(d / name), "a,b\n");
  EXPECT_EQ(filesIn(d), 1u);
}

TEST(AtomicFile, UncommittedTempIsRemoved) {
  auto d = gp::test::tempDir("u");
  {
    gp::AtomicFile f((d / "x.gpkg").string(), "plan file", ".gpkg");
    std::ofstream(f.temp()) << "half";
    std::ofstream(f.temp().string() + "-journal") << "j";
  }
  EXPECT_EQ(filesIn(d), 0u);
}

TEST(AtomicFile, StaleTempsOfADeadProcessAreRemovedLiveOnesKept) {
  auto d = gp::test::tempDir("s");
  pid_t dead = fork();
  if (dead == 0) _exit(0);
  waitpid(dead, nullptr, 0);
  fs::path target = d / "plan.gpkg";
  std::string mine = gp::tempPathFor(target, ".gpkg").filename().string();
  std::string prefix = mine.substr(0, mine.find(".tmp-") + 5);
  std::ofstream(d / (prefix + std::to_string(dead) + "-3.gpkg")) << "x";
  std::ofstream(d / (prefix + std::to_string(dead) + "-3.gpkg-wal")) << "x";
  std::ofstream(d / (prefix + std::to_string(::getpid()) + "-7.gpkg")) << "x";
  std::ofstream(d / "other.gpkg") << "x";
  gp::removeStaleTemps(target);
  EXPECT_EQ(filesIn(d), 2u);
  EXPECT_TRUE(fs::exists(d / "other.gpkg"));
}

TEST(AtomicFile, ReadOnlyTargetIsRefusedEvenForRoot) {
  auto d = gp::test::tempDir("ro");
  std::ofstream(d / "a.csv") << "keep";
  fs::permissions(d / "a.csv", fs::perms::owner_read);
  try {
    gp::writeFileAtomically((d / "a.csv").string(), "new");
    FAIL() << "no InputError";
  } catch (const gp::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("read-only"), std::string::npos) << e.what();
  }
  EXPECT_EQ(slurp(d / "a.csv"), "keep");
  EXPECT_EQ(filesIn(d), 1u);
}

TEST(AtomicFile, SameFileSeesThroughLinksAndDots) {
  auto d = gp::test::tempDir("same");
  std::ofstream(d / "a.gpkg") << "x";
  fs::create_hard_link(d / "a.gpkg", d / "hard.gpkg");
  fs::create_symlink(d / "a.gpkg", d / "soft.gpkg");
  std::ofstream(d / "b.gpkg") << "x";
  EXPECT_TRUE(gp::sameFile((d / "a.gpkg").string(), (d / "hard.gpkg").string()));
  EXPECT_TRUE(gp::sameFile((d / "a.gpkg").string(), (d / "soft.gpkg").string()));
  EXPECT_TRUE(gp::sameFile((d / "a.gpkg").string(), (d / "." / ".." / d.filename() / "a.gpkg").string()));
  EXPECT_FALSE(gp::sameFile((d / "a.gpkg").string(), (d / "b.gpkg").string()));
  EXPECT_FALSE(gp::sameFile((d / "a.gpkg").string(), (d / "none.gpkg").string()));
}

TEST(AtomicFile, EveryFileOfAShapefileIsAnInput) {
  auto d = gp::test::tempDir("shp");
  for (const char* e : {".shp", ".dbf", ".shx", ".prj"}) std::ofstream(d / (std::string("b") + e)) << "x";
  EXPECT_THROW(gp::refuseOverwritingInputs("-o", (d / "b.dbf").string(), {{"--buildings", (d / "b.shp").string()}}),
               gp::InputError);
  EXPECT_THROW(gp::refuseOverwritingInputs("-o", (d / "b.prj").string(), {{"--buildings", (d / "b.shp").string()}}),
               gp::InputError);
  EXPECT_NO_THROW(gp::refuseOverwritingInputs("-o", (d / "c.gpkg").string(), {{"--buildings", (d / "b.shp").string()}}));
}

TEST(AtomicFile, MoveAsideNeverReplacesAnotherFile) {
  const fs::path dir = gp::test::tempDir("move-aside");
  const fs::path f = dir / "plan.gpkg.journal";
  for (const char* name : {"plan.gpkg.journal.old", "plan.gpkg.journal.old.2"}) std::ofstream(dir / name) << name;
  std::ofstream(f) << "now";
  EXPECT_EQ(gp::moveAside(f), fs::path(f.string() + ".old.3"));
  EXPECT_FALSE(fs::exists(f));
  std::string s;
  std::ifstream(dir / "plan.gpkg.journal.old") >> s;
  EXPECT_EQ(s, "plan.gpkg.journal.old");
  std::ifstream(dir / "plan.gpkg.journal.old.3") >> s;
  EXPECT_EQ(s, "now");
  EXPECT_THROW(gp::moveAside(dir / "missing"), gp::InputError);
}
