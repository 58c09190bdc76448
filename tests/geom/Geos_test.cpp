#include "geo/geom/Geos.hpp"

#include <gtest/gtest.h>

using namespace gp;

TEST(Geos, RoundTripPolygonWithHole) {
  geos::Context c;
  auto g = geos::fromWkt(c, "POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,2 4,4 4,4 2,2 2))");
  MultiPolygon mp = geos::toMultiPolygon(c, g.get());
  ASSERT_EQ(mp.size(), 1u);
  EXPECT_DOUBLE_EQ(area(mp), 96.0);
  auto back = geos::toGeos(c, mp);
  double a = 0;
  GEOSArea_r(c, back.get(), &a);
  EXPECT_DOUBLE_EQ(a, 96.0);
}

TEST(Geos, CollectionsKeepOnlyTheirPolygons) {
  geos::Context c;
  auto g = geos::fromWkt(c, "GEOMETRYCOLLECTION(POINT(1 1),POLYGON((0 0,1 0,1 1,0 0)),LINESTRING(0 0,5 5))");
  EXPECT_EQ(geos::toMultiPolygon(c, g.get()).size(), 1u);
  EXPECT_EQ(geos::toLineStrings(c, g.get()).size(), 1u);
}

TEST(Geos, OpenRingsAreClosed) {
  geos::Context c;
  Polygon p{{Ring{{0, 0}, {4, 0}, {4, 4}, {0, 4}}}};
  auto g = geos::toGeos(c, p);
  EXPECT_EQ(GEOSisValid_r(c, g.get()), 1);
}

TEST(Geos, BadWktThrows) {
  geos::Context c;
  EXPECT_THROW(geos::fromWkt(c, "POLYGON((0 0, 1"), std::runtime_error);
}

TEST(Geos, PreparedGeometriesAreOwnedAndAnswerLikeTheirGeometry) {
  geos::Context c;
  auto square = geos::fromWkt(c, "POLYGON((0 0,10 0,10 10,0 10,0 0))");
  geos::PreparedPtr p = geos::prepare(c, square.get());
  ASSERT_TRUE(p);
  auto in = geos::toGeos(c, XY{5, 5}), out = geos::toGeos(c, XY{15, 5});
  EXPECT_EQ(GEOSPreparedCovers_r(c, p.get(), in.get()), 1);
  EXPECT_EQ(GEOSPreparedCovers_r(c, p.get(), out.get()), 0);
  EXPECT_FALSE(geos::prepare(c, nullptr));
  std::vector<geos::PreparedPtr> many(3);  // freed by their owner, also when an exception unwinds past them
  many[1] = geos::prepare(c, square.get());
  EXPECT_TRUE(many[1]);
}
