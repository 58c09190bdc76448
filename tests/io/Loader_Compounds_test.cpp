// Reading the compounds layer (geo/io/Loader_Compounds.cpp).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "geo/io/Loader.hpp"
#include "tests/io/DbfFixture.hpp"
#include "tests/support/TestSupport.hpp"

using namespace gp;
using namespace gp::io;

using gp::test::gbkNote;

// GBK field names under a .dbf code page byte saying ISO-8859-1 (0x57): 小区编号 was read as Latin-1 mojibake, so the
// compounds got ids K0, K1… instead of their own. The compounds layer now re-reads such names as GBK, as the
// buildings layer does (cacf38f), when that finds a name it looks for.
TEST(LoaderCompounds, GbkNamesUnderALatin1CodePageByteAreReadAsGbk) {
  const auto dir = test::tempDir("compounds-gbk");
  std::filesystem::create_directories(dir / "b");
  std::filesystem::create_directories(dir / "k");
  LoadOptions o;
  o.buildings.path = test::shapefileWithFieldName(dir / "b", "households", {24, 30});
  o.compounds.path = test::shapefileWithFieldName(dir / "k", "\xD0\xA1\xC7\xF8\xB1\xE0\xBA\xC5", {7, 8}, "",
                                                  '\x57');  // 小区编号 in GBK
  const Inputs in = loadInputs(o);
  ASSERT_EQ(in.compounds.size(), 2u);
  EXPECT_EQ(in.compounds[0].compound_id, "7");
  EXPECT_EQ(in.compounds[1].compound_id, "8");
  ASSERT_EQ(in.buildings.size(), 2u);
  EXPECT_EQ(in.buildings[1].compound_id, "8");
  const std::string note = gbkNote(in);
  for (const char* w : {"--compounds", "ISO-8859-1", "小区编号", "GBK", "--encoding"})
    EXPECT_NE(note.find(w), std::string::npos) << w << "\n" << note;
}
