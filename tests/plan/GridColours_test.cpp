#include "geo/plan/GridColours.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <random>
#include <set>
#include <string>

#include "tests/plan/SamplePlan.hpp"

namespace {

using gp::plan::colourGraph;
using gp::plan::kGridColours;

// Every listed pair differs.
void expectProper(const std::vector<std::vector<int>>& nb, const std::vector<int>& c) {
  ASSERT_EQ(c.size(), nb.size());
  for (size_t g = 0; g < nb.size(); ++g) {
    EXPECT_GE(c[g], 0);
    EXPECT_LT(c[g], kGridColours);
    for (int h : nb[g]) EXPECT_NE(c[g], c[size_t(h)]) << g << " and " << h;
  }
}

// A grid of w × h squares touching along edges and diagonals (8-neighbourhood, as corners do not count on a
// map this is stricter than needed): chromatic number 4.
std::vector<std::vector<int>> lattice(int w, int h) {
  std::vector<std::vector<int>> nb(size_t(w * h));
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          int X = x + dx, Y = y + dy;
          if ((dx || dy) && X >= 0 && Y >= 0 && X < w && Y < h) nb[size_t(y * w + x)].push_back(Y * w + X);
        }
  return nb;
}

TEST(GridColours, TouchingGridsDiffer) {
  auto nb = lattice(12, 9);
  expectProper(nb, colourGraph(nb, {}));
}

TEST(GridColours, AHubTouchingFifteenGridsDiffersFromEveryOne) {
  // More neighbours than colours: DSatur colours the hub first, then the ring around it with what is left.
  std::vector<std::vector<int>> nb(16);
  for (int i = 1; i <= 15; ++i) nb[0].push_back(i), nb[size_t(i)].push_back(i % 15 + 1);
  expectProper(nb, colourGraph(nb, {}));
  // Also when the ring's colours were kept from before and the hub is new.
  std::vector<int> before(16, -1);
  for (int i = 1; i <= 15; ++i) before[size_t(i)] = i % 2 ? 1 + (i % 9) : 0;
  before[15] = 2;  // as grid 1: touching, so one of them gives way
  auto c = colourGraph(nb, before);
  expectProper(nb, c);
}

TEST(GridColours, KeepsPreferredColoursWhereTheyStillDiffer) {
  // A path 0-1-2-3: grids 0 and 1 prefer one colour, so only the first keeps it; 2 and 3 keep theirs.
  std::vector<std::vector<int>> nb = {{1}, {2}, {3}, {}};
  auto c = colourGraph(nb, {5, 5, 7, 2});
  expectProper(nb, c);
  EXPECT_EQ(c[0], 5);
  EXPECT_NE(c[1], 5);
  EXPECT_EQ(c[2], 7);
  EXPECT_EQ(c[3], 2);
  // Out of range preferences are ignored, not kept.
  auto d = colourGraph({{}, {}}, {-1, 99});
  EXPECT_GE(d[1], 0);
  EXPECT_LT(d[1], kGridColours);
}

TEST(GridColours, SpreadsColoursOverThePalette) {
  // Isolated grids take the least used colour: all ten appear before any repeats.
  auto c = colourGraph(std::vector<std::vector<int>>(10), {});
  EXPECT_EQ(std::set<int>(c.begin(), c.end()).size(), size_t(kGridColours));
}

// The colouring of a scan over every uncoloured grid per step (the O(grids²) DSatur colourGraph was until issue 15
// goal 4), to show the ordered queue that replaced it picks the same grids in the same order.
std::vector<int> scanColours(const std::vector<std::vector<int>>& neighbours, const std::vector<int>& preferred) {
  const int n = int(neighbours.size());
  std::vector<std::vector<int>> nb(static_cast<size_t>(n));
  for (int g = 0; g < n; ++g)
    for (int h : neighbours[size_t(g)])
      if (h >= 0 && h < n && h != g) nb[size_t(g)].push_back(h), nb[size_t(h)].push_back(g);
  for (auto& v : nb) std::sort(v.begin(), v.end()), v.erase(std::unique(v.begin(), v.end()), v.end());
  std::vector<int> colour(static_cast<size_t>(n), -1), used(kGridColours, 0);
  for (int g = 0; g < n; ++g) {
    int p = g < int(preferred.size()) ? preferred[size_t(g)] : -1;
    if (p < 0 || p >= kGridColours) continue;
    bool taken = false;
    for (int h : nb[size_t(g)]) taken = taken || colour[size_t(h)] == p;
    if (!taken) colour[size_t(g)] = p, ++used[size_t(p)];
  }
  std::vector<unsigned> seen(static_cast<size_t>(n), 0);
  for (int g = 0; g < n; ++g)
    for (int h : nb[size_t(g)])
      if (colour[size_t(h)] >= 0) seen[size_t(g)] |= 1u << colour[size_t(h)];
  for (int left = int(std::count(colour.begin(), colour.end(), -1)); left > 0; --left) {
    int best = -1, bestSat = -1, bestDeg = -1;
    for (int g = 0; g < n; ++g) {
      if (colour[size_t(g)] >= 0) continue;
      int sat = __builtin_popcount(seen[size_t(g)]), deg = int(nb[size_t(g)].size());
      if (sat > bestSat || (sat == bestSat && deg > bestDeg)) best = g, bestSat = sat, bestDeg = deg;
    }
    int c = -1;
    for (int k = 0; k < kGridColours; ++k)
      if (!(seen[size_t(best)] >> k & 1) && (c < 0 || used[size_t(k)] < used[size_t(c)])) c = k;
    if (c < 0) {
      std::array<int, kGridColours> on{};
      for (int h : nb[size_t(best)])
        if (colour[size_t(h)] >= 0) ++on[size_t(colour[size_t(h)])];
      c = int(std::min_element(on.begin(), on.end()) - on.begin());
    }
    colour[size_t(best)] = c, ++used[size_t(c)];
    for (int h : nb[size_t(best)]) seen[size_t(h)] |= 1u << c;
  }
  return colour;
}

TEST(GridColours, SameColoursAsAScanOfEveryGrid) {
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    const int n = 50 + round * 20;
    std::vector<std::vector<int>> nb(static_cast<size_t>(n));
    for (int e = 0; e < n * (2 + round % 5); ++e) {
      int a = int(rng() % unsigned(n)), b = int(rng() % unsigned(n));
      nb[size_t(a)].push_back(b);
    }
    std::vector<int> preferred(static_cast<size_t>(n), -1);
    for (int& p : preferred)
      if (rng() % 3 == 0) p = int(rng() % kGridColours);
    SCOPED_TRACE("round " + std::to_string(round));
    EXPECT_EQ(colourGraph(nb, preferred), scanColours(nb, preferred));
  }
  EXPECT_EQ(colourGraph(lattice(30, 20), {}), scanColours(lattice(30, 20), {}));
}

TEST(GridColours, IsDeterministic) {
  auto nb = lattice(7, 7);
  EXPECT_EQ(colourGraph(nb, {}), colourGraph(nb, {}));
}

TEST(GridColours, TouchingGridsOfAPlan) {
  gp::Plan p = gp::test::samplePlan();
  auto nb = gp::plan::touchingGrids(p);
  ASSERT_EQ(nb.size(), p.grids.size());
  std::set<std::pair<int, int>> pairs;
  for (int g = 0; g < int(nb.size()); ++g)
    for (int h : nb[size_t(g)]) pairs.insert({std::min(g, h), std::max(g, h)});
  // Grid shapes share edges where they meet on the map; each pair of touching grids is found.
  for (int a = 0; a < int(p.grids.size()); ++a)
    for (int b = a + 1; b < int(p.grids.size()); ++b) {
      gp::BBox A = gp::bbox(p.grids[size_t(a)].shape), B = gp::bbox(p.grids[size_t(b)].shape);
      bool meet = A.minx <= B.maxx && B.minx <= A.maxx && A.miny <= B.maxy && B.miny <= A.maxy;
      if (!meet) {
        EXPECT_FALSE(pairs.count({a, b})) << a << " " << b;
      }
    }
  EXPECT_FALSE(pairs.empty());
  auto c = gp::plan::gridColours(p);
  expectProper(nb, c);
  // A colour the plan carries is kept where it is still proper.
  for (size_t g = 0; g < p.grids.size(); ++g) p.grids[g].colour = (c[g] + 3) % kGridColours;
  auto again = gp::plan::gridColours(p);
  for (size_t g = 0; g < p.grids.size(); ++g) EXPECT_EQ(again[g], (c[g] + 3) % kGridColours);
}

}  // namespace
