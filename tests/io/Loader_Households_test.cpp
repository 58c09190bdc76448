// Reading household points (geo/io/Loader_Households.cpp).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "geo/io/Loader.hpp"
#include "tests/io/DbfFixture.hpp"
#include "tests/support/TestSupport.hpp"

using namespace gp;
using namespace gp::io;

using gp::test::gbkNote;

// GBK field names under a .dbf code page byte saying ISO-8859-1 (0x57): 户号 was read as Latin-1 mojibake, so every
// household got an id H<fid> instead of its register number. The household-points layer now re-reads such names as
// GBK, as the buildings layer does (cacf38f), when that finds a name it looks for.
TEST(LoaderHouseholds, GbkNamesUnderALatin1CodePageByteAreReadAsGbk) {
  const auto dir = test::tempDir("households-gbk");
  std::filesystem::create_directories(dir / "b");
  std::filesystem::create_directories(dir / "h");
  LoadOptions o;
  o.buildings.path = test::shapefileWithFieldName(dir / "b", "households", {24, 30});
  // One record a building (its footprint's centre is its place), ids 101 and 102 in field 户号.
  o.household_points.path =
      test::shapefileWithFieldName(dir / "h", "\xBB\xA7\xBA\xC5", {101, 102}, "", '\x57');  // 户号 in GBK
  const Inputs in = loadInputs(o);
  ASSERT_EQ(in.households.size(), 2u);
  EXPECT_EQ(in.households[0].hh_id, "101");
  EXPECT_EQ(in.households[1].hh_id, "102");
  EXPECT_EQ(in.households[1].bld_id, "B1");
  const std::string note = gbkNote(in);
  for (const char* w : {"--household-points", "ISO-8859-1", "户号", "GBK", "--encoding"})
    EXPECT_NE(note.find(w), std::string::npos) << w << "\n" << note;
}
