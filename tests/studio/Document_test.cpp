// app/studio/Document: the open plan, its undo history and its recovery journal (no display needed).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/studio/Document.hpp"
#include "tests/support/TestSupport.hpp"

namespace fs = std::filesystem;

namespace {

std::string bytes(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

}  // namespace

TEST(Document, AStaleJournalIsKeptAsideWithoutReplacingAnEarlierOne) {
  // Issue 11: a journal written against another version of the plan was renamed to .old over whatever .old held,
  // so the unsaved edits of an earlier session were lost. Moved aside through geo/core/AtomicFile now.
  const fs::path dir = gp::test::tempDir("document-journal");
  const fs::path plan = dir / "plan.gpkg";
  const std::string journal = plan.string() + ".journal";
  { std::ofstream(journal) << "# gridplan studio journal size=1 mtime=2\nassign B1 320508019044001\n"; }
  { std::ofstream(journal + ".old") << "# earlier session\nassign B2 320508019044002\n"; }
  gp::studio::Document doc(gp::studio::Services{});
  doc.adopt(gp::Plan{}, plan.string());
  EXPECT_FALSE(doc.hasRecovery());
  EXPECT_FALSE(fs::exists(journal));
  EXPECT_EQ(bytes(journal + ".old"), "# earlier session\nassign B2 320508019044002\n");
  EXPECT_EQ(bytes(journal + ".old.2"), "# gridplan studio journal size=1 mtime=2\nassign B1 320508019044001\n");
}
