// Reading the buildings layer (geo/io/Loader_Buildings.cpp): what happens when the households field cannot be matched.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <utility>
#include <vector>

#include "geo/core/Error.hpp"
#include "geo/io/FieldNames.hpp"
#include "geo/io/Loader.hpp"
#include "geo/synth/Synth.hpp"
#include "tests/io/DbfFixture.hpp"
#include "tests/support/SameShape.hpp"
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

namespace {

using gp::test::sameShape;

// A synthetic town (every layer, household points) whose every 37th building is drawn as a bow tie (repaired, with
// a warning) and every 101st as a sliver with no area (skipped, with a warning and its households reported).
std::string townWithBadFootprints(const std::filesystem::path& dir) {
  synth::SynthOptions o;
  o.households = 30000;
  o.seed = 5;
  o.household_points = true;
  o.awkward = true;
  const std::string path = (dir / "town.gpkg").string();
  synth::writeTown(path, o);
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
  OGRLayer* l = ds->GetLayerByName("buildings");
  std::vector<std::unique_ptr<OGRFeature>> changed;
  long long k = 0;
  for (auto& f : *l) {
    ++k;
    if (k % 37 != 0 && k % 101 != 0) continue;
    OGREnvelope e;
    f->GetGeometryRef()->getEnvelope(&e);
    OGRLinearRing ring;
    if (k % 101 == 0) {
      for (auto [x, y] : {std::pair{e.MinX, e.MinY}, {e.MaxX, e.MinY}, {e.MinX, e.MinY}}) ring.addPoint(x, y);
    } else {
      for (auto [x, y] : {std::pair{e.MinX, e.MinY}, {e.MaxX, e.MaxY}, {e.MaxX, e.MinY}, {e.MinX, e.MaxY}})
        ring.addPoint(x, y);
    }
    ring.closeRings();
    OGRPolygon poly;
    poly.addRing(&ring);
    f->SetGeometry(&poly);
    changed.emplace_back(f->Clone());
  }
  for (auto& f : changed) EXPECT_EQ(l->SetFeature(f.get()), OGRERR_NONE);
  return path;
}

}  // namespace

// The footprints are repaired and indexed on the --jobs threads, building by building, and joined in building order:
// the same buildings, places, households and problems, in the same order, on one thread as on several.
TEST(LoaderBuildings, SameInputsOnAnyNumberOfThreads) {
  const auto dir = test::tempDir("loader-jobs");
  const std::string town = townWithBadFootprints(dir);
  LoadOptions o;
  o.buildings.path = o.communities.path = o.compounds.path = o.household_points.path = town;
  o.barriers = {{town, "roads"}, {town, "river"}, {town, "water"}};
  o.jobs = 1;
  const Inputs a = loadInputs(o);
  ASSERT_GT(a.buildings.size(), 600u);
  const auto pa = a.problems.items();
  size_t repaired = 0, skipped = 0;
  for (const auto& p : pa) {
    repaired += p.kind == "invalid_geometry" && p.message.find("MakeValid") != std::string::npos;
    skipped += p.kind == "skipped_households";
  }
  EXPECT_GT(repaired, 10u);
  EXPECT_GT(skipped, 3u);
  for (int jobs : {2, 3, 0}) {
    o.jobs = jobs;
    const Inputs b = loadInputs(o);
    ASSERT_EQ(a.buildings.size(), b.buildings.size()) << jobs;
    for (size_t i = 0; i < a.buildings.size(); ++i) {
      const Building &x = a.buildings[i], &y = b.buildings[i];
      EXPECT_EQ(x.bld_id, y.bld_id) << jobs;
      EXPECT_TRUE(sameShape(x.footprint, y.footprint)) << jobs << " " << x.bld_id;
      EXPECT_EQ(x.households, y.households) << jobs << " " << x.bld_id;
      EXPECT_EQ(x.community_id, y.community_id) << jobs << " " << x.bld_id;
      EXPECT_EQ(x.compound_id, y.compound_id) << jobs << " " << x.bld_id;
    }
    ASSERT_EQ(a.households.size(), b.households.size()) << jobs;
    for (size_t i = 0; i < a.households.size(); ++i) EXPECT_EQ(a.households[i].bld_id, b.households[i].bld_id) << jobs;
    ASSERT_EQ(a.communities.size(), b.communities.size()) << jobs;
    for (size_t i = 0; i < a.communities.size(); ++i) {
      EXPECT_EQ(a.communities[i].community_id, b.communities[i].community_id) << jobs;
      EXPECT_EQ(a.communities[i].households, b.communities[i].households) << jobs;
      EXPECT_TRUE(sameShape(a.communities[i].area, b.communities[i].area)) << jobs;
    }
    ASSERT_EQ(a.compounds.size(), b.compounds.size()) << jobs;
    for (size_t i = 0; i < a.compounds.size(); ++i) {
      EXPECT_EQ(a.compounds[i].compound_id, b.compounds[i].compound_id) << jobs;
      EXPECT_TRUE(sameShape(a.compounds[i].area, b.compounds[i].area)) << jobs;
    }
    EXPECT_EQ(a.barriers.size(), b.barriers.size()) << jobs;
    EXPECT_EQ(a.households_left_out, b.households_left_out) << jobs;
    const auto pb = b.problems.items();
    ASSERT_EQ(pa.size(), pb.size()) << jobs;
    for (size_t k = 0; k < pa.size(); ++k) {
      EXPECT_EQ(pa[k].kind, pb[k].kind) << jobs << " " << k;
      EXPECT_EQ(pa[k].severity, pb[k].severity) << jobs << " " << k;
      EXPECT_EQ(pa[k].feature, pb[k].feature) << jobs << " " << k;
      EXPECT_EQ(pa[k].message, pb[k].message) << jobs << " " << k;
      ASSERT_EQ(pa[k].at.has_value(), pb[k].at.has_value()) << jobs << " " << k;
      if (pa[k].at) {
        EXPECT_TRUE(pa[k].at->x == pb[k].at->x && pa[k].at->y == pb[k].at->y) << jobs << " " << k;
      }
    }
  }
}
