// Issue 11, classes 1 and 3, for inputs given as GDAL virtual paths (/vsizip/…): they skipped the file-exists check,
// the refusal of a Shapefile without its .dbf, and the same-file check of outputs, all of which looked at the disk
// only. Each zip is generated here from layers GDAL writes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/badinput/BadInputSupport.hpp"

using namespace gp::badinput;
using gp::test::q;

namespace {

// A zip in/<zip> of the Shapefile b.shp (of `t`) and its siblings; `without` names an extension left out (".dbf").
void zipTown(const Case& c, const Town& t, const std::string& without = "", const std::string& zip = "town.zip") {
  fs::create_directories(c.dir() / "make");
  writeLayer(c.dir() / "make" / "b.shp", "ESRI Shapefile", "b", kEpsg, wkbPolygon, t.fields, t.feats);
  std::vector<fs::path> files;
  for (auto& e : fs::directory_iterator(c.dir() / "make"))
    if (e.path().extension() != without) files.push_back(e.path());
  zipFiles(c.in(zip), files);
  fs::remove_all(c.dir() / "make");
}

std::string partitionArgs(const Case& c, const std::string& buildings) {
  return "partition -q -o " + q(c.out("plan.gpkg").string()) + " --buildings " + q(buildings);
}

// plan_meta's input_layers entry of `role`: its checksum.
std::string inputChecksum(const fs::path& plan, const std::string& role) {
  GDALDatasetUniquePtr ds(GDALDataset::Open(plan.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds) return "no plan";
  OGRLayer* l = ds->GetLayerByName("plan_meta");
  if (!l) return "no plan_meta";
  for (auto& f : *l)
    if (std::string(f->GetFieldAsString("key")) == "input_layers") {
      nlohmann::json layers = nlohmann::json::parse(f->GetFieldAsString("value"), nullptr, false);
      if (!layers.is_array()) return "input_layers is not a JSON array";
      for (const auto& e : layers)
        if (e.value("role", "") == role) return e.value("checksum", "no checksum");
      return "no " + role + " in input_layers";
    }
  return "no input_layers";
}

}  // namespace

// The control: a complete zipped Shapefile reads like the files themselves, and its checksum covers the files
// inside the archive (it was the hash of nothing, 14650fb0739d0383, as std::ifstream cannot open /vsizip/ paths).
TEST(VirtualPaths, ZippedShapefileReads) {
  Case c("vsi-ok");
  Town t = town(12, 30);
  zipTown(c, t);
  c.snapshot();
  auto r = c.run(partitionArgs(c, "/vsizip/in/town.zip/b.shp"));
  expectOutcome(c, r, 0, {}, t.households, c.out("plan.gpkg"));
  std::string sum = inputChecksum(c.out("plan.gpkg"), "buildings");
  EXPECT_EQ(sum.size(), 16u) << sum;
  EXPECT_NE(sum, "14650fb0739d0383");
}

TEST(VirtualPaths, ZippedShapefileWithoutDbfIsRefused) {
  Case c("vsi-nodbf");
  zipTown(c, town(12, 30), ".dbf");
  c.snapshot();
  auto r = c.run(partitionArgs(c, "/vsizip/in/town.zip/b.shp"));
  expectOutcome(c, r, 2, {"/vsizip/in/town.zip/b.shp", "b.dbf", "--buildings"}, -1, c.out("plan.gpkg"));
}

// The archive itself as the source: GDAL opens the Shapefile inside it.
TEST(VirtualPaths, ZipWithoutDbfGivenAsAFolderIsRefused) {
  Case c("vsi-nodbf-dir");
  zipTown(c, town(12, 30), ".dbf");
  c.snapshot();
  auto r = c.run(partitionArgs(c, "/vsizip/in/town.zip"));
  expectOutcome(c, r, 2, {"/vsizip/in/town.zip", "b.dbf", "--buildings"}, -1, c.out("plan.gpkg"));
}

TEST(VirtualPaths, ZippedHouseholdPointsWithoutDbfAreRefused) {
  Case c("vsi-nodbf-points");
  Town t = town(12, 30);
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  fs::create_directories(c.dir() / "make");
  writeLayer(c.dir() / "make" / "h.shp", "ESRI Shapefile", "h", kEpsg, wkbPoint, {{"hh_id", OFTString}},
             {{"POINT (500005 3450005)", {"H1"}}});
  zipFiles(c.in("h.zip"), {c.dir() / "make" / "h.shp", c.dir() / "make" / "h.shx", c.dir() / "make" / "h.prj"});
  c.snapshot();
  auto r = c.run(partitionArgs(c, "in/b.gpkg") + " --household-points /vsizip/in/h.zip/h.shp");
  expectOutcome(c, r, 2, {"/vsizip/in/h.zip/h.shp", "h.dbf", "--household-points"}, -1, c.out("plan.gpkg"));
}

class MissingVirtualFile : public ::testing::TestWithParam<std::string> {};

// A file missing inside the archive, or the archive missing: "no such file", not GDAL's "cannot open it as a
// vector data source", which sent planners looking for a format problem.
TEST_P(MissingVirtualFile, IsRefusedAsMissing) {
  Case c("vsi-missing");
  zipTown(c, town(12, 30));
  c.snapshot();
  auto r = c.run(partitionArgs(c, GetParam()));
  expectOutcome(c, r, 2, {GetParam(), "--buildings", "no such file"}, -1, c.out("plan.gpkg"));
  EXPECT_EQ(r.out.find("cannot open it as a vector data source"), std::string::npos) << r.out;
}

INSTANTIATE_TEST_SUITE_P(Issue11, MissingVirtualFile,
                         ::testing::Values("/vsizip/in/town.zip/a.shp", "/vsizip/in/nothing.zip/b.shp",
                                           "/vsizip/in/nothing.zip"));

// `-o` over the archive an input is read from replaced it with the plan, exit 0: the output was compared with the
// path /vsizip/… as a file on disk, which it is not. (GDAL's {…} quoting takes an archive of any name, so it can be
// the .gpkg the plan must be.)
TEST(VirtualPaths, PlanOverTheInputsArchiveIsRefused) {
  Case c("vsi-over");
  zipTown(c, town(12, 30), "", "town.gpkg");
  c.snapshot();
  auto r = c.run("partition -q -o in/town.gpkg --buildings " + q("/vsizip/{in/town.gpkg}/b.shp"));
  expectOutcome(c, r, 2, {"-o in/town.gpkg", "--buildings", "/vsizip/{in/town.gpkg}/b.shp", "destroy"}, -1, {});
}

// Buildings piped in as /vsistdin/ (a GeoPackage on standard input, which GDAL buffers to read it at random) read
// like the file itself: every household is placed, and the input file is unchanged.
TEST(VirtualPaths, BuildingsOnStandardInputRead) {
  Case c("vsi-stdin");
  Town t = town(12, 30);
  writeLayer(c.in("b.gpkg"), "GPKG", "b", kEpsg, wkbPolygon, t.fields, t.feats);
  c.snapshot();
  auto r = c.run(partitionArgs(c, "/vsistdin/") + " < in/b.gpkg");
  expectOutcome(c, r, 0, {}, t.households, c.out("plan.gpkg"));
}
