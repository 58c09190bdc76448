#include "geo/geom/SeedBoundaries.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>

#include "geo/geom/SegmentIndex.hpp"

using namespace gp;
using geom::SeedSites;

namespace {

void addOutline(SeedSites& s, const Ring& r, int32_t seed) {
  for (size_t k = 1; k < r.size(); ++k) {
    s.segments.push_back({r[k - 1], r[k]});
    s.segment_seed.push_back(seed);
  }
}

Ring square(double x0, double y0, double x1, double y1) { return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}; }

double distanceToSeed(const SeedSites& s, int32_t seed, XY p) {
  double d = std::numeric_limits<double>::infinity();
  for (size_t k = 0; k < s.segments.size(); ++k)
    if (s.segment_seed[k] == seed) d = std::min(d, geom::pointSegmentDistance(p, s.segments[k].a, s.segments[k].b));
  return d;
}

}  // namespace

TEST(SeedBoundaries, TwoOutlinesMeetHalfwayBetweenThem) {
  SeedSites s;
  addOutline(s, square(0, 0, 10, 10), 0);
  addOutline(s, square(20, 0, 30, 10), 1);
  BBox box;
  box.add(XY{-5, -5});
  box.add(XY{35, 15});
  auto lines = geom::seedBoundaries(s, box, 0.1);
  ASSERT_TRUE(lines.has_value());
  ASSERT_FALSE(lines->empty());
  int crossings = 0;  // of the line y = 5, between the squares
  for (const LineString& l : *lines)
    for (size_t k = 1; k < l.size(); ++k) {
      XY a = l[k - 1], b = l[k];
      if ((a.y - 5) * (b.y - 5) > 0 || a.y == b.y) continue;
      EXPECT_NEAR(a.x + (b.x - a.x) * (5 - a.y) / (b.y - a.y), 15, 1e-3);
      ++crossings;
    }
  EXPECT_EQ(crossings, 1);
}

// Between a corner of one outline and an edge of another the boundary is a parabola: every vertex, and the
// middle of every chord, stays within the tolerance of equal distance to both.
TEST(SeedBoundaries, ArcsBetweenACornerAndAnEdgeStayWithinTheTolerance) {
  SeedSites s;
  addOutline(s, square(0, -10, 100, 0), 0);
  addOutline(s, square(45, 20, 55, 25), 1);
  addOutline(s, Ring{{10, 30}, {30, 60}, {0, 50}, {10, 30}}, 2);
  BBox box;
  box.add(XY{0, -10});
  box.add(XY{100, 60});
  const double tol = 0.1;
  auto lines = geom::seedBoundaries(s, box, tol);
  ASSERT_TRUE(lines.has_value());
  size_t checked = 0;
  for (const LineString& l : *lines)
    for (size_t k = 0; k < l.size(); ++k) {
      std::vector<XY> probes{l[k]};
      if (k > 0) probes.push_back({(l[k - 1].x + l[k].x) / 2, (l[k - 1].y + l[k].y) / 2});
      for (XY p : probes) {
        if (p.x < 0 || p.x > 100 || p.y < 0 || p.y > 60) continue;
        double d[3] = {distanceToSeed(s, 0, p), distanceToSeed(s, 1, p), distanceToSeed(s, 2, p)};
        std::sort(d, d + 3);
        EXPECT_NEAR(d[0], d[1], 2 * tol) << p.x << " " << p.y;
        ++checked;
      }
    }
  EXPECT_GT(checked, 20u);
}

TEST(SeedBoundaries, CrossingOrOverlappingOutlinesAreRefused) {
  BBox box;
  box.add(XY{-5, -5});
  box.add(XY{40, 40});
  SeedSites crossing;
  addOutline(crossing, square(0, 0, 10, 10), 0);
  addOutline(crossing, square(5, 5, 15, 15), 1);
  EXPECT_FALSE(geom::seedBoundaries(crossing, box, 0.1).has_value());
  SeedSites touching;  // a shared wall: the segments overlap
  addOutline(touching, square(0, 0, 10, 10), 0);
  addOutline(touching, square(10, 0, 20, 10), 1);
  EXPECT_FALSE(geom::seedBoundaries(touching, box, 0.1).has_value());
  SeedSites corner;  // one shared corner is allowed
  addOutline(corner, square(0, 0, 10, 10), 0);
  addOutline(corner, square(10, 10, 20, 20), 1);
  EXPECT_TRUE(geom::seedBoundaries(corner, box, 0.1).has_value());
}

TEST(SeedBoundaries, PointsWithoutSegmentsAsBefore) {
  SeedSites s;
  for (double y = 0; y <= 10; y += 2) {
    s.points.push_back({0, y});
    s.point_seed.push_back(0);
    s.points.push_back({10, y});
    s.point_seed.push_back(1);
  }
  BBox box;
  box.add(XY{-5, -5});
  box.add(XY{15, 15});
  auto lines = geom::seedBoundaries(s, box, 0.1);
  ASSERT_TRUE(lines.has_value());
  ASSERT_EQ(lines->size(), 1u);
  for (const XY& p : lines->front()) EXPECT_NEAR(p.x, 5, 1e-3);
}

TEST(SeedBoundaries, SimplifyKeepsEndsAndCorners) {
  LineString l{{0, 0}, {1, 0.01}, {2, 0}, {2, 5}};
  LineString s = geom::simplifyLine(l, 0.1);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[1].x, 2);
  EXPECT_EQ(s[1].y, 0);
}
