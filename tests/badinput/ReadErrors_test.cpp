// Issue 11, class 1: a read error is an error, not a note. Damaged files stop the run with exit 2 naming the file,
// layer and feature; nothing is written.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/badinput/BadInputSupport.hpp"

using namespace gp::badinput;
using gp::test::q;

namespace {

// 2,000 buildings with a padding field, so the table spans many GeoPackage pages and one can be damaged.
Town bigTown() {
  Town t = town(2000, 30);
  t.fields.push_back({"note", OFTString});
  for (auto& f : t.feats) f.values.push_back(std::string(200, 'x'));
  return t;
}

void writeTown(const fs::path& p, const char* driver, const Town& t, const std::string& layer = "buildings") {
  writeLayer(p, driver, layer, kEpsg, wkbPolygon, t.fields, t.feats);
}

std::string partitionArgs(const Case& c, const std::string& buildings) {
  return "partition -q -o " + q(c.out("plan.gpkg").string()) + " --buildings " + q(buildings);
}

}  // namespace

TEST(ReadErrors, DamagedGeoPackagePageStopsWithExitTwo) {
  Case c("gpkg");
  writeTown(c.in("b.gpkg"), "GPKG", bigTown());
  overwrite(c.in("b.gpkg"), (fs::file_size(c.in("b.gpkg")) / 2) / 4096 * 4096, 4096, 0xff);
  c.snapshot();
  auto r = c.run(partitionArgs(c, "in/b.gpkg"));
  expectOutcome(c, r, 2, {"in/b.gpkg", "layer buildings", "fid=", "damaged"}, -1, c.out("plan.gpkg"));
}

TEST(ReadErrors, DamagedGeoPackagePageInInspect) {
  Case c("gpkg-inspect");
  writeTown(c.in("b.gpkg"), "GPKG", bigTown());
  overwrite(c.in("b.gpkg"), (fs::file_size(c.in("b.gpkg")) / 2) / 4096 * 4096, 4096, 0xff);
  c.snapshot();
  auto r = c.run("inspect --buildings in/b.gpkg --out " + q(c.out("in.gpkg").string()));
  expectOutcome(c, r, 2, {"in/b.gpkg", "layer buildings", "GDAL said"}, -1, c.out("in.gpkg"));
}

TEST(ReadErrors, TruncatedDbfStopsWithExitTwo) {
  Case c("dbf");
  writeTown(c.in("b.shp"), "ESRI Shapefile", town(40, 30), "b");
  truncateTo(c.in("b.dbf"), 0.5);
  c.snapshot();
  auto r = c.run(partitionArgs(c, "in/b.shp"));
  expectOutcome(c, r, 2, {"in/b.shp", "layer b", "fid="}, -1, c.out("plan.gpkg"));
}

TEST(ReadErrors, TruncatedFlatGeobufStopsWithExitTwo) {
  Case c("fgb");
  writeTown(c.in("b.fgb"), "FlatGeobuf", town(200, 30), "b");
  truncateTo(c.in("b.fgb"), 0.5);
  c.snapshot();
  auto r = c.run(partitionArgs(c, "in/b.fgb"));
  expectOutcome(c, r, 2, {"in/b.fgb", "layer b", "fid=", "damaged"}, -1, c.out("plan.gpkg"));
}

TEST(ReadErrors, TruncatedShpStopsWithExitTwo) {
  Case c("shp");
  writeTown(c.in("b.shp"), "ESRI Shapefile", town(40, 30), "b");
  truncateTo(c.in("b.shp"), 0.5);
  c.snapshot();
  auto r = c.run(partitionArgs(c, "in/b.shp"));
  expectOutcome(c, r, 2, {"in/b.shp", "fid="}, -1, c.out("plan.gpkg"));
}

TEST(ReadErrors, ShapefileWithoutDbfIsRefused) {
  Case c("nodbf");
  writeTown(c.in("b.shp"), "ESRI Shapefile", town(12, 30), "b");
  fs::remove(c.in("b.dbf"));
  c.snapshot();
  auto r = c.run(partitionArgs(c, "in/b.shp"));
  expectOutcome(c, r, 2, {"in/b.shp", "b.dbf", "--buildings"}, -1, c.out("plan.gpkg"));
}

TEST(ReadErrors, ShapefileWithoutDbfAsHouseholdPointsIsRefused) {
  Case c("nodbf-points");
  Town t = town(12, 30);
  writeTown(c.in("b.gpkg"), "GPKG", t);
  writeLayer(c.in("h.shp"), "ESRI Shapefile", "h", kEpsg, wkbPoint, {{"hh_id", OFTString}},
             {{"POINT (500005 3450005)", {"H1"}}});
  fs::remove(c.in("h.dbf"));
  c.snapshot();
  auto r = c.run(partitionArgs(c, "in/b.gpkg") + " --household-points in/h.shp");
  expectOutcome(c, r, 2, {"in/h.shp", "h.dbf", "--household-points"}, -1, c.out("plan.gpkg"));
}

TEST(ReadErrors, TruncatedHouseholdPointsStopWithExitTwo) {
  Case c("points");
  Town t = town(12, 30);
  t.fields.erase(t.fields.begin() + 1);  // no households field: the points are the counts
  for (auto& f : t.feats) f.values.erase(f.values.begin() + 1);
  writeTown(c.in("b.gpkg"), "GPKG", t);
  std::vector<Feat> pts;
  for (int i = 0; i < 2000; ++i)
    pts.push_back({"POINT (" + std::to_string(kX0 + 5 + 40 * (i % 4)) + " " + std::to_string(kY0 + 5) + ")",
                   {std::string("H").append(std::to_string(i))}});
  writeLayer(c.in("h.fgb"), "FlatGeobuf", "h", kEpsg, wkbPoint, {{"hh_id", OFTString}}, pts);
  truncateTo(c.in("h.fgb"), 0.5);
  c.snapshot();
  auto r = c.run(partitionArgs(c, "in/b.gpkg") + " --household-points in/h.fgb");
  expectOutcome(c, r, 2, {"--household-points", "in/h.fgb", "fid="}, -1, c.out("plan.gpkg"));
}

TEST(ReadErrors, TruncatedCommunitiesStopWithExitTwo) {
  Case c("communities");
  writeTown(c.in("b.gpkg"), "GPKG", town(12, 30));
  std::vector<Feat> comms;
  for (int i = 0; i < 300; ++i)
    comms.push_back({rect(kX0 - 100 + 1000.0 * i, kY0 - 100, 900, 900), {"3205080190" + std::to_string(10 + i % 90)}});
  writeLayer(c.in("c.fgb"), "FlatGeobuf", "c", kEpsg, wkbPolygon, {{"community_id", OFTString}}, comms);
  truncateTo(c.in("c.fgb"), 0.5);
  c.snapshot();
  auto r = c.run(partitionArgs(c, "in/b.gpkg") + " --communities in/c.fgb");
  expectOutcome(c, r, 2, {"--communities", "in/c.fgb", "fid="}, -1, c.out("plan.gpkg"));
}

TEST(ReadErrors, TruncatedBarriersStopWithExitTwo) {
  Case c("barriers");
  writeTown(c.in("b.gpkg"), "GPKG", town(12, 30));
  std::vector<Feat> lines;
  for (int i = 0; i < 500; ++i)
    lines.push_back({"LINESTRING (" + std::to_string(kX0 - 10 + i) + " " + std::to_string(kY0 - 50) + "," +
                         std::to_string(kX0 - 10 + i) + " " + std::to_string(kY0 + 200) + ")",
                     {"road " + std::to_string(i)}});
  writeLayer(c.in("r.fgb"), "FlatGeobuf", "r", kEpsg, wkbLineString, {{"name", OFTString}}, lines);
  truncateTo(c.in("r.fgb"), 0.5);
  c.snapshot();
  auto r = c.run(partitionArgs(c, "in/b.gpkg") + " --barriers in/r.fgb");
  expectOutcome(c, r, 2, {"--barriers", "in/r.fgb", "fid="}, -1, c.out("plan.gpkg"));
}

TEST(ReadErrors, TruncatedCompoundsStopWithExitTwo) {
  Case c("compounds");
  writeTown(c.in("b.gpkg"), "GPKG", town(12, 30));
  std::vector<Feat> polys;
  for (int i = 0; i < 300; ++i) polys.push_back({rect(kX0 + 3000.0 * i, kY0, 50, 50), {std::string("K").append(std::to_string(i))}});
  writeLayer(c.in("k.fgb"), "FlatGeobuf", "k", kEpsg, wkbPolygon, {{"compound_id", OFTString}}, polys);
  truncateTo(c.in("k.fgb"), 0.5);
  c.snapshot();
  auto r = c.run(partitionArgs(c, "in/b.gpkg") + " --compounds in/k.fgb");
  expectOutcome(c, r, 2, {"--compounds", "in/k.fgb", "fid="}, -1, c.out("plan.gpkg"));
}

TEST(ReadErrors, EmptyFileIsRefused) {
  Case c("empty");
  std::ofstream(c.in("b.gpkg")).close();
  c.snapshot();
  auto r = c.run(partitionArgs(c, "in/b.gpkg"));
  expectOutcome(c, r, 2, {"in/b.gpkg", "--buildings"}, -1, c.out("plan.gpkg"));
}

TEST(ReadErrors, TextFileIsRefused) {
  Case c("text");
  std::ofstream(c.in("b.gpkg")) << "this is a letter, not a GeoPackage\n";
  c.snapshot();
  auto r = c.run(partitionArgs(c, "in/b.gpkg"));
  expectOutcome(c, r, 2, {"in/b.gpkg", "--buildings"}, -1, c.out("plan.gpkg"));
}

TEST(ReadErrors, IntactFilesStillPartition) {
  // The control: the same generators without damage give a plan with every household.
  Case c("intact");
  Town t = town(12, 30);
  writeTown(c.in("b.shp"), "ESRI Shapefile", t, "b");
  c.snapshot();
  auto r = c.run(partitionArgs(c, "in/b.shp"));
  expectOutcome(c, r, 0, {}, t.households, c.out("plan.gpkg"));
}
