#include "geo/geom/SnapRound.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <utility>

using namespace gp;
using geom::GridEdge;
using geom::GridPoint;

namespace {

std::set<std::pair<std::pair<int64_t, int64_t>, std::pair<int64_t, int64_t>>> undirected(const std::vector<GridEdge>& es) {
  std::set<std::pair<std::pair<int64_t, int64_t>, std::pair<int64_t, int64_t>>> s;
  for (const GridEdge& e : es) {
    auto a = std::make_pair(e.a.x, e.a.y), b = std::make_pair(e.b.x, e.b.y);
    s.insert({std::min(a, b), std::max(a, b)});
  }
  return s;
}

// Whether two edges cross or touch anywhere but at a shared end point.
bool meetInside(const GridEdge& s, const GridEdge& t) {
  auto orient = [](GridPoint a, GridPoint b, GridPoint c) {
    int64_t v = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
    return (v > 0) - (v < 0);
  };
  auto on = [&](GridPoint p, const GridEdge& e) {
    return orient(e.a, e.b, p) == 0 && std::min(e.a.x, e.b.x) <= p.x && p.x <= std::max(e.a.x, e.b.x) &&
           std::min(e.a.y, e.b.y) <= p.y && p.y <= std::max(e.a.y, e.b.y) && !(p == e.a) && !(p == e.b);
  };
  int o1 = orient(s.a, s.b, t.a), o2 = orient(s.a, s.b, t.b), o3 = orient(t.a, t.b, s.a), o4 = orient(t.a, t.b, s.b);
  if (o1 * o2 < 0 && o3 * o4 < 0) return true;
  return on(t.a, s) || on(t.b, s) || on(s.a, t) || on(s.b, t);
}

}  // namespace

TEST(SnapRound, RoundsHalvesUpAsGeosDoes) {
  EXPECT_EQ(geom::gridRound(0.125, 100), 13);   // 12.5 → 13
  EXPECT_EQ(geom::gridRound(-0.125, 100), -12);  // -12.5 → -12
  EXPECT_EQ(geom::gridIndex(40500000.004, 100), 4050000000);
}

TEST(SnapRound, CrossingLinesMeetAtARoundedNode) {
  // An X: both lines are cut at the crossing, rounded to the centimetre grid.
  auto es = geom::snapRound({LineString{{0, 0}, {1, 1}}, LineString{{0, 1}, {1, 0}}}, 100);
  auto s = undirected(es);
  EXPECT_EQ(s.size(), 4u);
  EXPECT_TRUE(s.count({{0, 0}, {50, 50}}));
  EXPECT_TRUE(s.count({{50, 50}, {100, 100}}));
  EXPECT_TRUE(s.count({{0, 100}, {50, 50}}));
  EXPECT_TRUE(s.count({{50, 50}, {100, 0}}));
}

TEST(SnapRound, ALinePassingNearAVertexGoesThroughIt) {
  // The vertex (0.5, 0.001) of the second line lies within half a centimetre of the first: the first is
  // routed through its pixel, so the two share a node there.
  auto es = geom::snapRound({LineString{{0, 0}, {1, 0}}, LineString{{0.5, 0.001}, {0.5, 1}}}, 100);
  auto s = undirected(es);
  EXPECT_TRUE(s.count({{0, 0}, {50, 0}}));
  EXPECT_TRUE(s.count({{50, 0}, {100, 0}}));
  EXPECT_TRUE(s.count({{50, 0}, {50, 100}}));
}

// Many random lines: the edges returned never cross nor touch but at shared end points.
TEST(SnapRound, RandomLinesComeOutNoded) {
  std::vector<LineString> lines;
  uint64_t state = 12345;
  auto rnd = [&]() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / static_cast<double>(1ULL << 53);
  };
  for (int i = 0; i < 60; ++i) {
    LineString l;
    for (int k = 0; k < 4; ++k) l.push_back({40500000 + rnd() * 20, 3500000 + rnd() * 20});
    lines.push_back(l);
  }
  auto es = geom::snapRound(lines, 100);
  ASSERT_GT(es.size(), 200u);
  for (const GridEdge& e : es) EXPECT_FALSE(e.a == e.b);
  size_t bad = 0;
  for (size_t i = 0; i < es.size(); ++i)
    for (size_t j = i + 1; j < es.size(); ++j) {
      const GridEdge &s = es[i], &t = es[j];
      bool same = (s.a == t.a && s.b == t.b) || (s.a == t.b && s.b == t.a);
      if (!same && meetInside(s, t)) ++bad;
    }
  EXPECT_EQ(bad, 0u);
}

// A segment starting exactly on the corner of a hot pixel's right (open) side was routed through that
// pixel and back over itself: its rounded edges overlapped, and the faces beside them did not share edges.
TEST(SnapRound, ASegmentTouchingAPixelsOpenSideDoesNotDoubleBack) {
  const std::vector<LineString> lines{{{0, 10}, {5, 10}}, {{5.5, 9.5}, {38.7, 9.5}}};
  const std::vector<GridEdge> edges = geom::snapRound(lines, 1.0);
  for (size_t i = 0; i < edges.size(); ++i)
    for (size_t j = i + 1; j < edges.size(); ++j) EXPECT_FALSE(meetInside(edges[i], edges[j])) << i << " " << j;
  EXPECT_EQ(undirected(edges), (decltype(undirected(edges)){{{0, 10}, {5, 10}}, {{6, 10}, {39, 10}}}));
}
