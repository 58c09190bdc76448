#include "geo/io/SourceLayer.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <fstream>

#include "geo/core/Error.hpp"
#include "geo/io/FieldNames.hpp"
#include "tests/io/DbfFixture.hpp"
#include "tests/support/TestSupport.hpp"

using namespace gp::io;

namespace {
std::string errorOf(const std::string& role, const LayerSource& src) {
  try {
    SourceLayer s(role, src, "", {"buildings"});
  } catch (const gp::InputError& e) {
    return e.what();
  }
  return "(no InputError)";
}
}  // namespace

TEST(SourceLayer, OsmOtherTags) {
  const char* tags = R"("building:levels"=>"7","roof:shape"=>"flat","name:zh"=>"a\"b")";
  EXPECT_EQ(osmTag(tags, "building:levels").value_or(""), "7");
  EXPECT_EQ(osmTag(tags, "name:zh").value_or(""), "a\"b");
  EXPECT_FALSE(osmTag(tags, "height").has_value());
  EXPECT_FALSE(osmTag(nullptr, "height").has_value());
}

TEST(SourceLayer, ErrorsNameTheOptionAndTheSource) {
  auto d = gp::test::tempDir("src");
  std::string e = errorOf("communities", {(d / "c.gpkg").string(), ""});
  EXPECT_NE(e.find("--communities"), std::string::npos) << e;
  EXPECT_NE(e.find("does not exist"), std::string::npos) << e;

  std::ofstream(d / "junk.geojson") << "this is not json";
  e = errorOf("buildings", {(d / "junk.geojson").string(), ""});
  EXPECT_NE(e.find("cannot open it as a vector data source"), std::string::npos) << e;

  // A connection string is passed to GDAL, not checked as a path.
  e = errorOf("buildings", {"PG:dbname=gridplan_no_such_db host=/nonexistent", ""});
  EXPECT_EQ(e.find("does not exist. Check the path"), std::string::npos) << e;
  EXPECT_NE(e.find("PG:dbname"), std::string::npos) << e;
}

TEST(SourceLayer, SeveralLayersNeedANameUnlessOneIsCalledLikeTheRole) {
  GP_REQUIRE_SHARED_DATA();
  auto spb = (gp::test::sharedData() / "spb_vasileostrovsky.gpkg").string();
  SourceLayer b("buildings", {spb, ""}, "", {"buildings"});
  EXPECT_EQ(b.layerName(), "buildings");
  EXPECT_EQ(b.label(), "spb_vasileostrovsky.gpkg:buildings");
  try {
    SourceLayer c("compounds", {spb, ""}, "", {"compounds"});
    FAIL();
  } catch (const gp::InputError& ex) {
    std::string m = ex.what();
    EXPECT_NE(m.find("holds 5 layers; say which with --compounds-layer"), std::string::npos) << m;
    EXPECT_NE(m.find("blocks_aggr"), std::string::npos) << m;
  }
  EXPECT_EQ(b.resolveField("floors-field", "", {"floors", "storeys_count"}), 5);
  try {
    b.resolveField("floors-field", "storey_count", {});
    FAIL();
  } catch (const gp::InputError& ex) {
    EXPECT_NE(std::string(ex.what()).find("Did you mean storeys_count?"), std::string::npos) << ex.what();
  }
}

TEST(SourceLayer, GbkValuesUnderAsciiNamesWithoutCpg) {
  auto d = gp::test::tempDir("gbkvalues");
  GDALAllRegister();
  auto path = (d / "b.shp").string();
  {
    GDALDatasetUniquePtr ds(
        GetGDALDriverManager()->GetDriverByName("ESRI Shapefile")->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    const char* lco[] = {"ENCODING=CP936", nullptr};
    OGRLayer* l = ds->CreateLayer("b", nullptr, wkbPolygon, const_cast<char**>(lco));
    OGRFieldDefn fd("NAME", OFTString);
    ASSERT_EQ(l->CreateField(&fd), OGRERR_NONE);
    OGRFeature f(l->GetLayerDefn());
    f.SetField(0, "3号楼");
    OGRGeometry* g = nullptr;
    OGRGeometryFactory::createFromWkt("POLYGON((0 0,10 0,10 10,0 10,0 0))", nullptr, &g);
    f.SetGeometryDirectly(g);
    ASSERT_EQ(l->CreateFeature(&f), OGRERR_NONE);
  }
  std::filesystem::remove(d / "b.cpg");
  {
    std::fstream dbf(d / "b.dbf", std::ios::in | std::ios::out | std::ios::binary);
    dbf.seekp(29);
    dbf.put('\0');
  }
  SourceLayer s("buildings", {path, ""}, "", {"buildings"});
  EXPECT_FALSE(s.encodingNote().empty());
  auto f = OGRFeatureUniquePtr(s.layer()->GetNextFeature());
  ASSERT_TRUE(f);
  EXPECT_STREQ(f->GetFieldAsString(0), "3号楼");
}


// A field name whose bytes are neither UTF-8 nor GBK (issue 11's leftover): the layer tells which fields cannot be
// read and what was tried, shows their bytes escaped (never raw: messages must be UTF-8), and a field named as shown
// (\xFF\xFF) is found.
TEST(SourceLayer, FieldNamesNeitherUtf8NorGbkAreNamedEscaped) {
  for (const std::string& cpg : {std::string(), std::string("UTF-8")}) {
    auto d = gp::test::tempDir("unreadable-name");
    auto path = gp::test::shapefileWithFieldName(d, "\xFF\xFF", {24}, cpg);
    SourceLayer s("buildings", {path, ""}, "", {"buildings"});
    ASSERT_EQ(s.unreadableFields(), std::vector<int>{1}) << cpg;
    std::string tried = s.encodingsTried();
    EXPECT_NE(tried.find("GBK"), std::string::npos) << tried;
    EXPECT_NE(tried.find(cpg.empty() ? "UTF-8" : ".cpg"), std::string::npos) << tried;
    try {
      s.resolveField("households-field", "户数", {});
      FAIL() << "no InputError";
    } catch (const gp::InputError& ex) {
      std::string m = ex.what();
      EXPECT_TRUE(isUtf8(m)) << m;
      for (const char* w : {"--households-field 户数", "b.shp", "layer b", "\\xFF\\xFF", "UTF-8", "GBK", "--encoding",
                            ".cpg", "--households-field '\\xFF\\xFF'"})
        EXPECT_NE(m.find(w), std::string::npos) << w << "\n" << m;
    }
    EXPECT_EQ(s.resolveField("households-field", "\\xFF\\xFF", {}), 1);
    EXPECT_EQ(s.resolveField("floors-field", "", {"floors"}), 2);
  }
}

// GBK names, no .cpg, the .dbf's code page byte saying ISO-8859-1 (0x57): GDAL decodes 户数 as "»§Êý", valid UTF-8.
// When GBK gives a name the caller looks for and the first reading gives none, the layer is read as GBK with a note;
// without such a name, or with --encoding, the first reading stays.
TEST(SourceLayer, GbkNamesUnderALatin1CodePageByteAreReadAsGbkWhenThatFindsAKnownField) {
  auto d = gp::test::tempDir("gbk-ldid");
  auto path = gp::test::shapefileWithFieldName(d, "\xBB\xA7\xCA\xFD", {24}, "", '\x57');
  const std::vector<std::string> known = {"households", "户数", "floors"};
  SourceLayer s("buildings", {path, ""}, "", {"buildings"}, known);
  EXPECT_EQ(s.fieldNames().at(1), "户数");
  EXPECT_EQ(s.resolveField("households-field", "", known), 1);
  for (const char* w : {"--buildings", "b.shp", "layer b", "ISO-8859-1", "»§Êý", "户数", "GBK", "--encoding"})
    EXPECT_NE(s.encodingNote().find(w), std::string::npos) << w << "\n" << s.encodingNote();
  EXPECT_NE(s.encodingsTried().find("GBK"), std::string::npos) << s.encodingsTried();

  SourceLayer unknown("buildings", {path, ""}, "", {"buildings"}, {"households", "层数"});
  EXPECT_EQ(unknown.fieldNames().at(1), "»§Êý");
  EXPECT_TRUE(unknown.encodingNote().empty()) << unknown.encodingNote();
  SourceLayer chosen("buildings", {path, ""}, "ISO-8859-1", {"buildings"}, known);
  EXPECT_EQ(chosen.fieldNames().at(1), "»§Êý");
  EXPECT_TRUE(chosen.encodingNote().empty()) << chosen.encodingNote();
}
