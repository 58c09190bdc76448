#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <map>
#include <set>

#include "geo/core/Error.hpp"
#include "geo/synth/Synth.hpp"
#include "tests/support/TestSupport.hpp"

using namespace gp::synth;
namespace fs = std::filesystem;

namespace {

GDALDatasetUniquePtr open(const fs::path& p) {
  GDALAllRegister();
  return GDALDatasetUniquePtr(GDALDataset::Open(p.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
}

// Every attribute and geometry of every layer, as text: the file's content without its timestamps.
std::string content(const fs::path& p) {
  auto ds = open(p);
  EXPECT_TRUE(ds) << p;
  if (!ds) return {};
  std::string out;
  for (OGRLayer* l : ds->GetLayers()) {
    out += std::string("layer ") + l->GetName() + "\n";
    for (const auto& f : *l) {
      for (int i = 0; i < f->GetFieldCount(); ++i) out += std::string(f->GetFieldAsString(i)) + "|";
      if (const OGRGeometry* g = f->GetGeometryRef()) {
        std::vector<unsigned char> wkb(g->WkbSize());
        g->exportToWkb(wkbNDR, wkb.data());
        out.append(reinterpret_cast<const char*>(wkb.data()), wkb.size());
      }
      out += "\n";
    }
  }
  return out;
}

std::set<std::string> fieldsOf(OGRLayer* l) {
  std::set<std::string> s;
  for (int i = 0; i < l->GetLayerDefn()->GetFieldCount(); ++i) s.insert(l->GetLayerDefn()->GetFieldDefn(i)->GetNameRef());
  return s;
}

}  // namespace

TEST(TownWriter, WritesEveryLayerWithItsFields) {
  const fs::path dir = gp::test::tempDir("layers");
  SynthOptions o;
  o.households = 3000;
  o.seed = 2;
  o.household_points = true;
  const auto sum = writeTown((dir / "town.gpkg").string(), o);
  auto ds = open(dir / "town.gpkg");
  ASSERT_TRUE(ds);
  std::map<std::string, std::set<std::string>> expect = {
      {"communities", {"community_id", "name", "street", "households"}},
      {"compounds", {"compound_id", "name", "kind", "community_id", "households"}},
      {"buildings", {"bld_id", "name", "kind", "households", "floors", "entrances", "compound_id", "community_id",
                     "dedicated"}},
      {"roads", {"name", "kind"}},
      {"river", {"name"}},
      {"households", {"hh_id", "bld_id", "entrance", "floor", "room", "owner_name", "phone", "id_number"}}};
  for (const auto& [name, fields] : expect) {
    OGRLayer* l = ds->GetLayerByName(name.c_str());
    ASSERT_NE(l, nullptr) << name;
    for (const auto& f : fields) EXPECT_TRUE(fieldsOf(l).count(f)) << name << "." << f;
    ASSERT_NE(l->GetSpatialRef(), nullptr);
    EXPECT_STREQ(l->GetSpatialRef()->GetAuthorityCode(nullptr), "4549");
  }
  EXPECT_EQ(ds->GetLayerByName("buildings")->GetFeatureCount(), sum.buildings);
  EXPECT_EQ(ds->GetLayerByName("communities")->GetFeatureCount(), sum.communities);
  EXPECT_EQ(ds->GetLayerByName("compounds")->GetFeatureCount(), sum.compounds);
  EXPECT_EQ(ds->GetLayerByName("river")->GetFeatureCount(), 1);
  EXPECT_EQ(wkbFlatten(ds->GetLayerByName("buildings")->GetGeomType()), wkbPolygon);
  EXPECT_EQ(wkbFlatten(ds->GetLayerByName("roads")->GetGeomType()), wkbLineString);

  // The households layer holds exactly the households the buildings declare, each inside its building.
  long declared = 0;
  std::map<std::string, std::unique_ptr<OGRGeometry>> footprint;
  for (const auto& f : *ds->GetLayerByName("buildings")) {
    declared += f->GetFieldAsInteger("households");
    footprint[f->GetFieldAsString("bld_id")].reset(f->GetGeometryRef()->clone());
  }
  EXPECT_EQ(declared, sum.households);
  OGRLayer* hh = ds->GetLayerByName("households");
  EXPECT_EQ(hh->GetFeatureCount(), declared);
  EXPECT_EQ(sum.household_points, declared);
  int checked = 0;
  for (const auto& f : *hh) {
    if (f->GetFID() % 97 != 0) continue;  // a sample keeps the test quick
    const auto it = footprint.find(f->GetFieldAsString("bld_id"));
    ASSERT_NE(it, footprint.end());
    EXPECT_TRUE(f->GetGeometryRef()->Within(it->second.get()));
    ++checked;
  }
  EXPECT_GT(checked, 10);
  // Atomic write: nothing but the town is left in the folder.
  int files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1);
}

TEST(TownWriter, SameSeedSameContent) {
  const fs::path dir = gp::test::tempDir("determinism");
  SynthOptions o;
  o.households = 3000;
  o.seed = 11;
  o.household_points = true;
  writeTown((dir / "a.gpkg").string(), o);
  writeTown((dir / "b.gpkg").string(), o);
  o.seed = 12;
  writeTown((dir / "c.gpkg").string(), o);
  const std::string a = content(dir / "a.gpkg");
  EXPECT_GT(a.size(), 10000u);
  EXPECT_EQ(a, content(dir / "b.gpkg"));
  EXPECT_NE(a, content(dir / "c.gpkg"));
}

TEST(TownWriter, ReplacesAnExistingFile) {
  const fs::path dir = gp::test::tempDir("replace");
  const std::string path = (dir / "town.gpkg").string();
  SynthOptions o;
  o.households = 1500;
  writeTown(path, o);
  o.households = 3000;
  const auto sum = writeTown(path, o);
  auto ds = open(path);
  ASSERT_TRUE(ds);
  EXPECT_EQ(ds->GetLayerByName("buildings")->GetFeatureCount(), sum.buildings);
}

TEST(TownWriter, ClearErrorsForUnusablePaths) {
  const fs::path dir = gp::test::tempDir("errors");
  SynthOptions o;
  try {
    writeTown((dir / "no-such-folder" / "town.gpkg").string(), o);
    FAIL() << "expected an InputError";
  } catch (const gp::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("no-such-folder"), std::string::npos) << e.what();
  }
  EXPECT_THROW(writeTown((dir / "town.shp").string(), o), gp::InputError);
  o.households = 5;
  EXPECT_THROW(writeTown((dir / "town.gpkg").string(), o), gp::InputError);
  EXPECT_FALSE(fs::exists(dir / "town.gpkg"));
}

TEST(TownWriter, FileAndInMemoryTownAgree) {
  const fs::path dir = gp::test::tempDir("agree");
  SynthOptions o;
  o.households = 5000;
  o.seed = 6;
  writeTown((dir / "town.gpkg").string(), o);
  const gp::Inputs in = makeTownInputs(o);
  auto ds = open(dir / "town.gpkg");
  ASSERT_TRUE(ds);
  OGRLayer* l = ds->GetLayerByName("buildings");
  ASSERT_EQ(l->GetFeatureCount(), static_cast<GIntBig>(in.buildings.size()));
  size_t i = 0;
  for (const auto& f : *l) {
    const gp::Building& b = in.buildings[i++];
    EXPECT_EQ(f->GetFID(), b.source_fid);
    EXPECT_EQ(std::string(f->GetFieldAsString("bld_id")), b.bld_id);
    EXPECT_EQ(f->GetFieldAsInteger("households"), b.households);
    EXPECT_EQ(f->GetFieldAsInteger("entrances"), b.entrances);
    EXPECT_EQ(std::string(f->GetFieldAsString("community_id")), b.community_id);
    OGREnvelope e;
    f->GetGeometryRef()->getEnvelope(&e);
    const gp::BBox bb = gp::bbox(b.footprint);
    EXPECT_EQ(e.MinX, bb.minx);
    EXPECT_EQ(e.MaxY, bb.maxy);
  }
  OGRLayer* c = ds->GetLayerByName("communities");
  ASSERT_EQ(c->GetFeatureCount(), static_cast<GIntBig>(in.communities.size()));
  i = 0;
  for (const auto& f : *c) {
    EXPECT_EQ(std::string(f->GetFieldAsString("community_id")), in.communities[i].community_id);
    EXPECT_EQ(f->GetFieldAsInteger("households"), in.communities[i].households);
    ++i;
  }
  const GIntBig lines = ds->GetLayerByName("roads")->GetFeatureCount() + ds->GetLayerByName("river")->GetFeatureCount();
  EXPECT_EQ(lines, static_cast<GIntBig>(in.barriers.size()));
}
