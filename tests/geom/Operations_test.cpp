#include "geo/geom/Operations.hpp"

#include <gtest/gtest.h>

using namespace gp;

namespace {
MultiPolygon wkt(const geos::Context& c, const char* text) { return geos::toMultiPolygon(c, geos::fromWkt(c, text).get()); }
}  // namespace

TEST(Operations, AValidPolygonIsSaidValidAndNotCopied) {
  geos::Context c;
  geos::Repaired r = geos::makeValid(c, wkt(c, "POLYGON((0 0,10 0,10 10,0 10,0 0))"));
  EXPECT_TRUE(r.was_valid);
  EXPECT_TRUE(r.reason.empty());
  EXPECT_TRUE(r.polygons.empty());
}

TEST(Operations, ABowTieIsRepairedWithItsReason) {
  geos::Context c;
  MultiPolygon bowtie{Polygon{{Ring{{0, 0}, {10, 10}, {10, 0}, {0, 10}, {0, 0}}}}};
  geos::Repaired r = geos::makeValid(c, bowtie);
  EXPECT_FALSE(r.was_valid);
  EXPECT_NE(r.reason.find("Self-intersection"), std::string::npos) << r.reason;
  EXPECT_NEAR(area(r.polygons), 50.0, 1e-9);  // two triangles of 25 m²
}

TEST(Operations, PointOnSurfaceOfAUShapeIsInsideIt) {
  geos::Context c;
  // The centroid of a U lies in its gap; the point on surface never does.
  MultiPolygon u = wkt(c, "POLYGON((0 0,30 0,30 30,20 30,20 10,10 10,10 30,0 30,0 0))");
  XY p = geos::pointOnSurface(c, u);
  auto g = geos::toGeos(c, u);
  auto pt = geos::toGeos(c, p);
  EXPECT_EQ(GEOSContains_r(c, g.get(), pt.get()), 1) << p.x << " " << p.y;
}

TEST(Operations, HullAroundGrowsTheConvexHullOfOuterRings) {
  geos::Context c;
  MultiPolygon a = wkt(c, "POLYGON((0 0,10 0,10 10,0 10,0 0))");
  MultiPolygon b = wkt(c, "POLYGON((20 0,30 0,30 10,20 10,20 0))");
  MultiPolygon hull = geos::hullAround(c, {&a, &b}, 5.0, 8);
  // The 30 × 10 hull grown by 5 m: 30×10 + 2·(30+10)·5 + π·25 ≈ 778.5 (a little less with 8 segments).
  EXPECT_NEAR(area(hull), 300 + 400 + 3.14159 * 25, 2.0);
  EXPECT_TRUE(geos::hullAround(c, {}, 5.0, 8).empty());
}

TEST(Operations, OverlapGivesSharedAreaAndWhere) {
  geos::Context c;
  auto a = geos::fromWkt(c, "POLYGON((0 0,10 0,10 10,0 10,0 0))");
  auto b = geos::fromWkt(c, "POLYGON((5 0,15 0,15 10,5 10,5 0))");
  geos::Overlap o = geos::overlap(c, a.get(), b.get(), true);
  EXPECT_NEAR(o.area, 50.0, 1e-9);
  EXPECT_NEAR(o.at.x, 7.5, 1e-9);
  EXPECT_NEAR(o.at.y, 5.0, 1e-9);
  auto far = geos::fromWkt(c, "POLYGON((50 0,60 0,60 10,50 10,50 0))");
  EXPECT_EQ(geos::overlap(c, a.get(), far.get(), true).area, 0.0);
}
