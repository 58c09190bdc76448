// Reading the communities layer (geo/io/Loader_Communities.cpp).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "geo/io/Loader.hpp"
#include "tests/io/DbfFixture.hpp"
#include "tests/support/TestSupport.hpp"

using namespace gp;
using namespace gp::io;

using gp::test::gbkNote;

// GBK field names, no .cpg, and the .dbf's code page byte saying ISO-8859-1 (0x57, what GDAL writes by default): GDAL
// decodes 社区代码 as Latin-1 mojibake, so no community id field was found and the ids became C0, C1…: grid codes
// that do not extend the statistical code. The buildings layer already re-read such names as GBK (cacf38f); the
// communities layer now does too, when that finds a name it looks for.
TEST(LoaderCommunities, GbkNamesUnderALatin1CodePageByteAreReadAsGbk) {
  const auto dir = test::tempDir("communities-gbk");
  std::filesystem::create_directories(dir / "b");
  std::filesystem::create_directories(dir / "c");
  LoadOptions o;
  o.buildings.path = test::shapefileWithFieldName(dir / "b", "households", {24, 30});
  o.communities.path = test::shapefileWithFieldName(dir / "c", "\xC9\xE7\xC7\xF8\xB4\xFA\xC2\xEB", {320508, 320509}, "",
                                                    '\x57');  // 社区代码 in GBK
  const Inputs in = loadInputs(o);
  ASSERT_EQ(in.communities.size(), 2u);
  EXPECT_EQ(in.communities[0].community_id, "320508");
  EXPECT_EQ(in.communities[1].community_id, "320509");
  ASSERT_EQ(in.buildings.size(), 2u);
  EXPECT_EQ(in.buildings[0].community_id, "320508");
  const std::string note = gbkNote(in);
  for (const char* w : {"--communities", "ISO-8859-1", "社区代码", "GBK", "--encoding"})
    EXPECT_NE(note.find(w), std::string::npos) << w << "\n" << note;
}
