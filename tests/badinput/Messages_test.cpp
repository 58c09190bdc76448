// Issue 11, class 5: messages name the real cause: what was seen and what to pass.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/badinput/BadInputSupport.hpp"

using namespace gp::badinput;
using gp::test::q;

namespace {

// The 12-building town moved by (dx, dy) and scaled by s, in `epsg` (0: no CRS), optionally with x and y swapped.
Town placed(double x0, double y0, double step, bool swap = false) {
  Town t = town(12, 30);
  for (int i = 0; i < 12; ++i) {
    double x = x0 + step * (i % 4), y = y0 + step * (i / 4), w = step / 2, h = step / 3;
    if (swap) std::swap(x, y), std::swap(w, h);
    t.feats[static_cast<size_t>(i)].wkt = rect(x, y, w, h);
  }
  return t;
}

gp::test::RunResult inspectTown(Case& c, const Town& t, int epsg, const std::string& extra = "") {
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", epsg, wkbPolygon, t.fields, t.feats);
  c.snapshot();
  return c.run("inspect --buildings in/b.gpkg " + extra);
}

}  // namespace

TEST(Messages, NoCrsInMetresSaysWhatWasSeenAndToPassCrs) {
  Case c("nocrs");
  auto r = inspectTown(c, placed(kX0, kY0, 40), 0);
  expectOutcome(c, r, 0, {"missing_crs", "no CRS", "--crs EPSG:N", "500000"}, -1, {});
}

TEST(Messages, NoCrsInDegreesIsReadAsWgs84) {
  Case c("nocrs-deg");
  auto r = inspectTown(c, placed(121.47, 31.23, 0.0004), 0);
  expectOutcome(c, r, 0, {"missing_crs", "degrees", "EPSG:4326"}, -1, {});
}

TEST(Messages, NoCrsZonePrefixedEastingsNameTheZone) {
  Case c("nocrs-zone");
  auto r = inspectTown(c, placed(40500000, 3450000, 40), 0);
  expectOutcome(c, r, 0, {"missing_crs", "zone 40", "EPSG:4528"}, -1, {});
}

TEST(Messages, LatitudeAndLongitudeSwapped) {
  Case c("swapped");
  auto r = inspectTown(c, placed(121.47, 31.23, 0.0004, true), 4490);
  expectOutcome(c, r, 2, {"in/b.gpkg", "layer buildings", "swapped", "EPSG:4490"}, -1, {});
}

TEST(Messages, MetresLabelledAsDegrees) {
  Case c("metres-as-degrees");
  auto r = inspectTown(c, placed(kX0, kY0, 40), 4326);
  expectOutcome(c, r, 2, {"in/b.gpkg", "in degrees", "metres", "EPSG:4549", "Assigned CRS"}, -1, {});
}

TEST(Messages, ZonePrefixedEastingsMetresLabelledAsDegrees) {
  Case c("zone-as-degrees");
  auto r = inspectTown(c, placed(40500000, kY0, 40), 4490);
  expectOutcome(c, r, 2, {"metres", "zone 40", "EPSG:4528"}, -1, {});
}

TEST(Messages, ZonePrefixedEastingsUnderACrsWithoutThePrefix) {
  Case c("zone-prefix");
  auto r = inspectTown(c, placed(40500000, kY0, 40), 4549);
  expectOutcome(c, r, 2, {"in/b.gpkg", "zone number 40", "EPSG:4528", "--crs"}, -1, {});
}

TEST(Messages, SixDegreeZonePrefixedEastings) {
  Case c("zone6");
  auto r = inspectTown(c, placed(20500000, kY0, 40), 4549);
  expectOutcome(c, r, 2, {"zone number 20", "EPSG:4498"}, -1, {});
}

TEST(Messages, VertexAt1e300IsNamed) {
  Case c("far-vertex");
  Town t = placed(kX0, kY0, 40);
  t.feats[9].wkt = "POLYGON ((500000 3450000,1e300 3450000,500020 3450012,500000 3450000))";
  auto r = inspectTown(c, t, kEpsg);
  expectOutcome(c, r, 2, {"in/b.gpkg", "absurdly large", "b.gpkg:fid=10"}, -1, {});
}

TEST(Messages, BadWhereShowsGdalsError) {
  Case c("where-sql");
  auto r = inspectTown(c, placed(kX0, kY0, 40), kEpsg, "--where " + q("households >>> 3"));
  expectOutcome(c, r, 2, {"--where households >>> 3", "layer buildings", "failed to prepare SQL"}, -1, {});
}

TEST(Messages, WhereWithUnknownFieldShowsGdalsError) {
  Case c("where-field");
  auto r = inspectTown(c, placed(kX0, kY0, 40), kEpsg, "--where " + q("nosuch > 3"));
  expectOutcome(c, r, 2, {"--where nosuch > 3", "nosuch", "households"}, -1, {});
}

TEST(Messages, PointLayerAsBarriersIsRefused) {
  Case c("point-barriers");
  Town t = placed(kX0, kY0, 40);
  writeLayer(c.in("b.gpkg"), "GPKG", "buildings", kEpsg, wkbPolygon, t.fields, t.feats);
  writeLayer(c.in("p.gpkg"), "GPKG", "pois", kEpsg, wkbPoint, {{"name", OFTString}}, {{"POINT (500010 3450030)", {"x"}}});
  c.snapshot();
  auto r = c.run("partition -o out/plan.gpkg --buildings in/b.gpkg --barriers in/p.gpkg");
  expectOutcome(c, r, 2, {"--barriers in/p.gpkg", "layer pois", "points"}, -1, c.out("plan.gpkg"));
}

TEST(Messages, LineLayerAsBuildingsIsRefused) {
  Case c("line-buildings");
  writeLayer(c.in("r.gpkg"), "GPKG", "roads", kEpsg, wkbLineString, {{"name", OFTString}},
             {{"LINESTRING (500000 3450000,500100 3450000)", {"x"}}});
  c.snapshot();
  auto r = c.run("partition -o out/plan.gpkg --buildings in/r.gpkg");
  expectOutcome(c, r, 2, {"--buildings in/r.gpkg", "layer roads", "polygon"}, -1, c.out("plan.gpkg"));
}

TEST(Messages, UnknownFieldSuggestsTheClosest) {
  Case c("field");
  auto r = inspectTown(c, placed(kX0, kY0, 40), kEpsg, "--households-field houshold");
  expectOutcome(c, r, 2, {"--households-field houshold", "layer buildings", "households"}, -1, {});
}

TEST(Messages, UnknownLayerListsTheLayers) {
  Case c("layer");
  auto r = inspectTown(c, placed(kX0, kY0, 40), kEpsg, "--buildings-layer bldgs");
  expectOutcome(c, r, 2, {"--buildings-layer bldgs", "buildings"}, -1, {});
}

TEST(Messages, MissingFileSaysSo) {
  Case c("missing");
  std::ofstream(c.in("keep.txt")) << "x";
  c.snapshot();
  auto r = c.run("inspect --buildings in/nothere.gpkg");
  expectOutcome(c, r, 2, {"in/nothere.gpkg", "does not exist"}, -1, {});
}
