// Reading barrier layers (geo/io/Loader_Barriers.cpp).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "geo/io/Loader.hpp"
#include "tests/io/DbfFixture.hpp"
#include "tests/support/TestSupport.hpp"

using namespace gp;
using namespace gp::io;

using gp::test::gbkNote;

// GBK field names under a .dbf code page byte saying ISO-8859-1 (0x57): 名称 was read as Latin-1 mojibake, so the
// barriers lost their names (and a 类型 field its kinds). The barriers layers now re-read such names as GBK, as the
// buildings layer does (cacf38f), when that finds a name they look for.
TEST(LoaderBarriers, GbkNamesUnderALatin1CodePageByteAreReadAsGbk) {
  const auto dir = test::tempDir("barriers-gbk");
  std::filesystem::create_directories(dir / "b");
  std::filesystem::create_directories(dir / "r");
  LoadOptions o;
  o.buildings.path = test::shapefileWithFieldName(dir / "b", "households", {24, 30});
  // Two areas (their outlines are barriers) named 5 and 6 in field 名称.
  o.barriers = {{test::shapefileWithFieldName(dir / "r", "\xC3\xFB\xB3\xC6", {5, 6}, "", '\x57'), ""}};  // 名称 in GBK
  const Inputs in = loadInputs(o);
  ASSERT_EQ(in.barriers.size(), 2u);
  EXPECT_EQ(in.barriers[0].name, "5");
  EXPECT_EQ(in.barriers[1].name, "6");
  const std::string note = gbkNote(in);
  for (const char* w : {"--barriers", "ISO-8859-1", "名称", "GBK", "--encoding"})
    EXPECT_NE(note.find(w), std::string::npos) << w << "\n" << note;
}
