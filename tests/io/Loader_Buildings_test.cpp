// Reading the buildings layer (geo/io/Loader_Buildings.cpp): what happens when the households field cannot be matched.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>

#include "geo/core/Error.hpp"
#include "geo/io/FieldNames.hpp"
#include "geo/io/Loader.hpp"
#include "tests/io/DbfFixture.hpp"
#include "tests/support/TestSupport.hpp"

using namespace gp;
using namespace gp::io;

namespace {

std::string loadError(const LoadOptions& o) {
  try {
    loadInputs(o);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no InputError)";
}

long long households(const Inputs& in) {
  long long n = 0;
  for (const auto& b : in.buildings) n += b.households;
  return n;
}

}  // namespace

// A households field whose name is neither UTF-8 nor GBK (bytes FF FF; or Shift-JIS 世帯数 cut by the .dbf, which
// is not GBK either) was not found, and every count was silently estimated, exit 0 (issue 11's leftover). Now the
// run stops, naming the file, layer, the field's bytes and what was tried, and saying what to do.
TEST(LoaderBuildings, AFieldNameThatCannotBeReadStopsTheRunWhenNoHouseholdsFieldIsFound) {
  for (const char* bytes : {"\xFF\xFF", "hh\x80\xFF"}) {
    auto d = gp::test::tempDir("unreadable-hh");
    LoadOptions o;
    o.buildings.path = gp::test::shapefileWithFieldName(d, bytes, {24, 30});
    std::string m = loadError(o);
    EXPECT_TRUE(isUtf8(m)) << m;
    for (const char* w : {"--buildings", "b.shp", "layer b", "households", "户数", "UTF-8", "GBK", "--encoding", ".cpg",
                          "--households-field"})
      EXPECT_NE(m.find(w), std::string::npos) << w << "\n" << m;
    std::string escaped = escapeUtf8(bytes);
    EXPECT_NE(m.find(escaped), std::string::npos) << escaped << "\n" << m;

    // Named as the message shows it, the field is read.
    o.households_field = escaped;
    EXPECT_EQ(households(loadInputs(o)), 54);
    // Read in a code page that decodes any bytes, the field is not a households field: the counts are estimated.
    o.households_field.clear();
    o.encoding = "ISO-8859-1";
    Inputs in = loadInputs(o);
    EXPECT_EQ(in.buildings.size(), 2u);
  }
}

// A field name that cannot be read is no reason to stop when the households field is found by its own name.
TEST(LoaderBuildings, AFieldNameThatCannotBeReadIsAWarningWhenTheHouseholdsFieldIsFound) {
  auto d = gp::test::tempDir("unreadable-other");
  LoadOptions o;
  o.buildings.path = gp::test::shapefileWithFieldName(d, "households", {24, 30});
  {
    std::fstream dbf(d / "b.dbf", std::ios::in | std::ios::out | std::ios::binary);
    dbf.seekp(32 + 64);  // the third field (floors)
    dbf.write("\xFF\xFE\0\0\0\0\0\0\0\0\0", 11);
  }
  Inputs in = loadInputs(o);
  EXPECT_EQ(households(in), 54);
  bool warned = false;
  for (const auto& p : in.problems.items()) warned = warned || p.kind == "invalid_text";
  EXPECT_TRUE(warned);
}

// GBK field names, no .cpg, and the .dbf's code page byte saying ISO-8859-1 (0x57, what GDAL writes by default): GDAL
// decoded 户数 as "»§Êý", valid UTF-8, so the GBK retry did not fire, no households field matched and every count was
// silently estimated. Read as GBK the name is a households field: the layer is read as GBK, with a note saying so.
// --encoding is never overridden.
TEST(LoaderBuildings, GbkNamesUnderALatin1CodePageByteAreReadAsGbk) {
  auto d = gp::test::tempDir("gbk-latin1");
  LoadOptions o;
  o.buildings.path = gp::test::shapefileWithFieldName(d, "\xBB\xA7\xCA\xFD", {24, 30}, "", '\x57');  // 户数 in GBK
  Inputs in = loadInputs(o);
  EXPECT_EQ(households(in), 54);
  for (const auto& b : in.buildings) EXPECT_EQ(b.hh_source, HhSource::Field);
  std::string note;
  for (const auto& p : in.problems.items())
    if (p.kind == "encoding") note = p.message;
  for (const char* w : {"--buildings", "b.shp", "layer b", "ISO-8859-1", "»§Êý", "户数", "GBK", "--encoding"})
    EXPECT_NE(note.find(w), std::string::npos) << w << "\n" << note;

  o.encoding = "ISO-8859-1";
  in = loadInputs(o);
  ASSERT_EQ(in.buildings.size(), 2u);
  for (const auto& b : in.buildings) EXPECT_NE(b.hh_source, HhSource::Field);
  for (const auto& p : in.problems.items()) EXPECT_NE(p.kind, "encoding") << p.message;
}

// A genuine Latin-1 Shapefile (Größe, höhe: bytes that happen to be valid GBK too) is still read as Latin-1: GBK finds
// no field gridplan looks for either.
TEST(LoaderBuildings, Latin1NamesUnderALatin1CodePageByteStayLatin1) {
  for (const char* bytes : {"Gr\xF6\xDF" "e", "h\xF6he"}) {
    auto d = gp::test::tempDir("latin1");
    LoadOptions o;
    o.buildings.path = gp::test::shapefileWithFieldName(d, bytes, {24, 30}, "", '\x57');
    Inputs in = loadInputs(o);
    ASSERT_EQ(in.buildings.size(), 2u);
    for (const auto& p : in.problems.items()) EXPECT_NE(p.kind, "encoding") << p.message;
    std::vector<std::string> names;
    for (const auto& f : in.building_fields) names.push_back(f.name);
    const std::string latin1 = std::string(bytes)[1] == 'r' ? "Größe" : "höhe";
    EXPECT_EQ(names.at(1), latin1);
  }
}
