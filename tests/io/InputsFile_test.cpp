#include "geo/io/InputsFile.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "geo/core/Error.hpp"
#include "tests/support/TestSupport.hpp"

using namespace gp;

namespace {
Inputs sample() {
  Inputs in;
  OGRSpatialReference srs;
  srs.importFromEPSG(4549);
  char* wkt = nullptr;
  srs.exportToWkt(&wkt);
  in.crs_wkt = wkt;
  CPLFree(wkt);
  in.epsg = 4549;
  in.building_fields = {{"households", OFTInteger}, {"楼号", OFTString}};
  Building b;
  b.bld_id = "B1";
  b.footprint = {Polygon{{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}}}};
  b.households = 24;
  b.hh_source = HhSource::Points;
  b.floors = 6;
  b.community_id = "320508019044";
  b.attrs = {"23", "1号楼"};
  b.attr_null = {false, false};
  in.buildings.push_back(b);
  in.communities.push_back({"320508019044", "东社区", {Polygon{{{{-5, -5}, {20, -5}, {20, 20}, {-5, 20}, {-5, -5}}}}}, 24});
  in.barriers.push_back({"road", "中山路", {{-5, 15}, {20, 15}}});
  HouseholdPoint h;
  h.hh_id = "H1";
  h.at = {5, 5};
  h.bld_id = "B1";
  in.households.push_back(h);
  in.problems.add("duplicate_id", Severity::Warning, "b.shp:fid=3", "twice", XY{1, 2});
  in.problems.add("default_community", Severity::Info, "communities", "one community");
  return in;
}
}  // namespace

TEST(InputsFile, WritesEveryLayerWithNormalisedAndSourceFields) {
  auto dir = gp::test::tempDir("out");
  auto path = (dir / "in.gpkg").string();
  io::writeInputs(sample(), path);
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  for (const char* l : {"buildings", "communities", "barriers", "households", "problems"})
    EXPECT_NE(ds->GetLayerByName(l), nullptr) << l;
  EXPECT_EQ(ds->GetLayerByName("compounds"), nullptr);  // none given: no empty layer
  OGRLayer* b = ds->GetLayerByName("buildings");
  auto f = OGRFeatureUniquePtr(b->GetNextFeature());
  EXPECT_STREQ(f->GetFieldAsString("bld_id"), "B1");
  EXPECT_EQ(f->GetFieldAsInteger("households"), 24);
  EXPECT_STREQ(f->GetFieldAsString("hh_source"), "points");
  EXPECT_EQ(f->GetFieldAsInteger("src_households"), 23);  // the source's own column, kept beside ours
  EXPECT_STREQ(f->GetFieldAsString("楼号"), "1号楼");
  EXPECT_STREQ(b->GetSpatialRef()->GetAuthorityCode(nullptr), "4549");
  OGRLayer* p = ds->GetLayerByName("problems");
  EXPECT_EQ(p->GetFeatureCount(), 2);
  // Nothing left beside the file.
  int files = 0;
  for (auto& e : std::filesystem::directory_iterator(dir)) files += e.is_regular_file();
  EXPECT_EQ(files, 1);
}

TEST(InputsFile, UnwritablePathIsAnInputError) {
  EXPECT_THROW(io::writeInputs(sample(), "/no/such/dir/in.gpkg"), InputError);
}
