#include "geo/geom/PlanarFaces.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/geom/GeomTestUtil.hpp"

using namespace gp;
using geom::GridEdge;
using geom::PlanarFace;

namespace {

void ring(std::vector<GridEdge>& es, std::vector<geom::GridPoint> pts) {
  for (size_t i = 0; i < pts.size(); ++i) es.push_back({pts[i], pts[(i + 1) % pts.size()]});
}

std::vector<PlanarFace> byArea(std::vector<PlanarFace> fs) {
  std::sort(fs.begin(), fs.end(), [](const PlanarFace& a, const PlanarFace& b) { return a.area < b.area; });
  return fs;
}

bool inside(const MultiPolygon& mp, XY p) {
  bool in = false;
  for (const Polygon& poly : mp)
    for (const Ring& r : poly.rings)
      for (size_t i = 1; i < r.size(); ++i)
        if ((r[i - 1].y > p.y) != (r[i].y > p.y) &&
            p.x < r[i - 1].x + (p.y - r[i - 1].y) * (r[i].x - r[i - 1].x) / (r[i].y - r[i - 1].y))
          in = !in;
  return in;
}

}  // namespace

TEST(PlanarFaces, TwoSquaresSharingAnEdgeWithADangle) {
  std::vector<GridEdge> es;
  ring(es, {{0, 0}, {100, 0}, {100, 100}, {0, 100}});
  ring(es, {{100, 0}, {200, 0}, {200, 100}, {100, 100}});
  es.push_back({{200, 100}, {300, 300}});  // dangling: bounds nothing
  es.push_back({{0, 0}, {100, 0}});        // a duplicate
  auto fs = byArea(geom::planarFaces(es, 100));
  ASSERT_EQ(fs.size(), 2u);
  for (const PlanarFace& f : fs) {
    EXPECT_NEAR(f.area, 1.0, 1e-12);
    EXPECT_NEAR(area(f.shape), 1.0, 1e-12);
    EXPECT_TRUE(gp::test::isValid(f.shape));
    EXPECT_TRUE(inside(f.shape, f.inner));
  }
}

TEST(PlanarFaces, ASeparatePieceInsideAFaceIsAHole) {
  std::vector<GridEdge> es;
  ring(es, {{0, 0}, {1000, 0}, {1000, 1000}, {0, 1000}});
  ring(es, {{400, 400}, {600, 400}, {600, 600}, {400, 600}});
  es.push_back({{600, 400}, {600, 0}});  // a bridge would join them: with it the square is not a separate piece
  auto joined = byArea(geom::planarFaces(es, 100));
  es.pop_back();
  auto fs = byArea(geom::planarFaces(es, 100));
  ASSERT_EQ(fs.size(), 2u);
  EXPECT_NEAR(fs[0].area, 4.0, 1e-12);
  EXPECT_NEAR(fs[1].area, 96.0, 1e-12);
  ASSERT_EQ(fs[1].shape.size(), 1u);
  EXPECT_EQ(fs[1].shape[0].rings.size(), 2u);
  EXPECT_TRUE(gp::test::isValid(fs[1].shape));
  EXPECT_TRUE(inside(fs[1].shape, fs[1].inner));
  EXPECT_FALSE(inside(fs[0].shape, fs[1].inner));
  // With the bridge: the same two faces, the outer one's boundary touching itself along the bridge is
  // dropped as an edge with one face on both sides.
  ASSERT_EQ(joined.size(), 2u);
  EXPECT_NEAR(joined[1].area, 96.0, 1e-12);
  EXPECT_TRUE(gp::test::isValid(joined[1].shape));
}

TEST(PlanarFaces, AFacePinchedAtANodeComesOutValid) {
  // Two triangles meeting at one node, inside a square: the square's face has a hole touching nothing,
  // the triangles' outer boundary touches itself at (50, 50).
  std::vector<GridEdge> es;
  ring(es, {{0, 0}, {100, 0}, {100, 100}, {0, 100}});
  ring(es, {{20, 20}, {50, 50}, {20, 50}});
  ring(es, {{50, 50}, {80, 80}, {80, 50}});
  auto fs = byArea(geom::planarFaces(es, 100));
  ASSERT_EQ(fs.size(), 3u);
  double sum = 0;
  for (const PlanarFace& f : fs) {
    EXPECT_TRUE(gp::test::isValid(f.shape));
    EXPECT_TRUE(inside(f.shape, f.inner));
    sum += f.area;
  }
  EXPECT_NEAR(sum, 1.0, 1e-12);
  EXPECT_NEAR(fs[2].area, 1.0 - 2 * 0.045, 1e-12);
}
