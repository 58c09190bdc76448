#include "geo/io/OgrGeometry.hpp"

#include <gtest/gtest.h>

using namespace gp;

namespace {
std::unique_ptr<OGRGeometry> wkt(const char* s) {
  OGRGeometry* g = nullptr;
  EXPECT_EQ(OGRGeometryFactory::createFromWkt(s, nullptr, &g), OGRERR_NONE);
  return std::unique_ptr<OGRGeometry>(g);
}
}  // namespace

TEST(OgrGeometry, MultiPolygonRoundTrip) {
  auto g = wkt("MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0),(2 2,2 4,4 4,4 2,2 2)),((20 0,21 0,21 1,20 0)))");
  MultiPolygon mp = ogr::toMultiPolygon(g.get());
  ASSERT_EQ(mp.size(), 2u);
  EXPECT_NEAR(area(mp), 96.5, 1e-9);
  auto back = ogr::toOgr(mp);
  EXPECT_NEAR(back->get_Area(), 96.5, 1e-9);
}

TEST(OgrGeometry, CurvesAreLinearised) {
  auto g = wkt("CURVEPOLYGON(CIRCULARSTRING(0 0,10 0,0 0))");
  MultiPolygon mp = ogr::toMultiPolygon(g.get());
  ASSERT_EQ(mp.size(), 1u);
  EXPECT_NEAR(area(mp), M_PI * 25, 1.0);
}

TEST(OgrGeometry, LinesFromMultiLine) {
  auto g = wkt("MULTILINESTRING((0 0,1 1),(2 2,3 3,4 4))");
  auto ls = ogr::toLineStrings(g.get());
  ASSERT_EQ(ls.size(), 2u);
  EXPECT_EQ(ls[1].size(), 3u);
}
