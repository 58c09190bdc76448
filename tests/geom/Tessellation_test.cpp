#include "geo/geom/Tessellation.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <thread>

#include "geo/geom/Coverage.hpp"
#include "tests/geom/GeomTestUtil.hpp"

using namespace gp;
using gp::test::box;

namespace {

// The promises of tessellate(): valid cells, pairwise interior-disjoint, union = area up to the snap
// (snapping a slanted edge to the 0.01 m grid moves it by at most half a grid step).
void expectSeamless(const MultiPolygon& area, const std::vector<MultiPolygon>& cells, double snap = 0.01) {
  double sum = 0;
  for (const MultiPolygon& c : cells) {
    EXPECT_TRUE(gp::test::isValid(c));
    sum += gp::area(c);
  }
  double a = gp::area(area);
  double tol = perimeter(area) * snap / 2;
  EXPECT_NEAR(sum, a, tol);
  for (size_t i = 0; i < cells.size(); ++i)
    for (size_t j = i + 1; j < cells.size(); ++j) {
      if (cells[i].empty() || cells[j].empty()) continue;
      EXPECT_LT(gp::test::overlapArea(cells[i], cells[j]), 1e-9) << i << " " << j;
    }
  std::vector<const MultiPolygon*> ptrs;
  for (const MultiPolygon& c : cells) ptrs.push_back(&c);
  MultiPolygon u = geom::unionCells(ptrs);
  EXPECT_LT(gp::test::symDiffArea(u, area), tol);
  // One polygon per part of the area: no holes or slivers left between cells.
  EXPECT_EQ(u.size(), area.size());
  size_t holes = 0, areaHoles = 0;
  for (const Polygon& p : u) holes += p.rings.size() - 1;
  for (const Polygon& p : area) areaHoles += p.rings.size() - 1;
  EXPECT_EQ(holes, areaHoles);
}

std::vector<MultiPolygon> grid3x3() {
  std::vector<MultiPolygon> seeds;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) seeds.push_back(box(10 + 30 * i, 10 + 30 * j, 25 + 30 * i, 22 + 30 * j));
  return seeds;
}

}  // namespace

TEST(Tessellation, SquaresInACommunityTileIt) {
  MultiPolygon area = box(0, 0, 100, 100);
  auto seeds = grid3x3();
  ProblemList pr;
  auto cells = geom::tessellate(area, seeds, {}, geom::TessellationOptions{}, pr);
  ASSERT_EQ(cells.size(), seeds.size());
  expectSeamless(area, cells);
  for (size_t i = 0; i < seeds.size(); ++i) {
    // Each cell holds its whole seed.
    EXPECT_NEAR(gp::test::overlapArea(cells[i], seeds[i]), gp::area(seeds[i]), 1e-6) << i;
    EXPECT_EQ(cells[i].size(), 1u);
  }
  EXPECT_EQ(pr.size(), 0u);
}

TEST(Tessellation, ThreeSeedsInAnIrregularAreaWithAHole) {
  MultiPolygon area = gp::test::mpFromWkt(
      "POLYGON((0 0, 80 -5, 95 40, 60 90, 5 70, 0 0),(40 40, 50 40, 50 50, 40 50, 40 40))");
  std::vector<MultiPolygon> seeds = {box(10, 10, 20, 30), box(60, 10, 75, 18),
                                     gp::test::mpFromWkt("POLYGON((30 60, 45 58, 50 70, 30 72, 30 60))")};
  ProblemList pr;
  auto cells = geom::tessellate(area, seeds, {}, geom::TessellationOptions{}, pr);
  expectSeamless(area, cells);
  for (size_t i = 0; i < seeds.size(); ++i)
    EXPECT_NEAR(gp::test::overlapArea(cells[i], seeds[i]), gp::area(seeds[i]), 1e-6) << i;
}

TEST(Tessellation, TouchingSeedsSplitAlongTheirCommonWall) {
  // Two entrance slices of one building: the cells meet along the wall between them.
  MultiPolygon area = box(0, 0, 60, 40);
  std::vector<MultiPolygon> seeds = {box(10, 15, 30, 25), box(30, 15, 50, 25)};
  ProblemList pr;
  auto cells = geom::tessellate(area, seeds, {}, geom::TessellationOptions{}, pr);
  expectSeamless(area, cells);
  EXPECT_NEAR(gp::area(cells[0]), 1200, 1.0);
  EXPECT_NEAR(gp::area(cells[1]), 1200, 1.0);
  EXPECT_NEAR(gp::test::overlapArea(cells[0], seeds[0]), 200, 1e-6);
}

TEST(Tessellation, BarrierCutsCellsAndNoCellSpansIt) {
  MultiPolygon area = box(0, 0, 100, 100);
  auto seeds = grid3x3();
  // A road between the first and second rows of seeds, slightly slanted, running past the area.
  LineString road{{-10, 30}, {110, 34}};
  ProblemList pr;
  auto cells = geom::tessellate(area, seeds, {road}, geom::TessellationOptions{}, pr);
  expectSeamless(area, cells);
  MultiPolygon below = gp::test::mpFromWkt("POLYGON((-10 30, 110 34, 110 -10, -10 -10, -10 30))");
  MultiPolygon above = gp::test::mpFromWkt("POLYGON((-10 30, 110 34, 110 110, -10 110, -10 30))");
  for (size_t i = 0; i < cells.size(); ++i) {
    double b = gp::test::overlapArea(cells[i], below), a = gp::test::overlapArea(cells[i], above);
    // The road is snapped to the 0.01 m grid: within 0.005 m of its line, over 120 m.
    EXPECT_LT(std::min(a, b), 0.6) << "cell " << i << " spans the road: " << a << " above, " << b << " below";
    EXPECT_NEAR(gp::test::overlapArea(cells[i], seeds[i]), gp::area(seeds[i]), 1e-6) << i;
  }
  // Seeds below the road (the first of each column) own the whole strip below it.
  double belowArea = gp::test::overlapArea(area, below);
  double own = 0;
  for (size_t i = 0; i < cells.size(); i += 3) own += gp::test::overlapArea(cells[i], below);
  EXPECT_NEAR(own, belowArea, 0.6);
}

// Without a snap grid the faces come from GEOS (noding, polygonize), the way also taken when our own snap
// rounding's faces do not cover the area: the same promises, and the same cells up to the snap.
TEST(Tessellation, FacesFromGeosWithoutASnapGridGiveTheSameCells) {
  MultiPolygon area = gp::test::mpFromWkt(
      "POLYGON((0 0, 100 0, 100 100, 0 100, 0 0),(45 45, 52 45, 52 52, 45 52, 45 45))");
  auto seeds = grid3x3();
  LineString road{{-10, 30}, {110, 34}};
  ProblemList pr, prGeos;
  auto cells = geom::tessellate(area, seeds, {road}, geom::TessellationOptions{}, pr);
  geom::TessellationOptions exact;
  exact.snap = 0;
  auto geosCells = geom::tessellate(area, seeds, {road}, exact, prGeos);
  ASSERT_EQ(geosCells.size(), cells.size());
  expectSeamless(area, geosCells, 1e-6);
  for (size_t i = 0; i < cells.size(); ++i) {
    // 0.01 m snapping moves an edge by at most 0.005 m: well under a square metre per cell here.
    EXPECT_NEAR(gp::area(geosCells[i]), gp::area(cells[i]), 1.0) << i;
    EXPECT_NEAR(gp::test::overlapArea(geosCells[i], cells[i]), gp::area(cells[i]), 1.0) << i;
  }
}

TEST(Tessellation, StripBetweenTwoRoadsKeepsCellsConnected) {
  // Two roads 6 m apart cross the area with no building between them: the strip's pieces join the cells
  // they touch across a road, and every cell stays one polygon.
  MultiPolygon area = box(0, 0, 100, 100);
  auto seeds = grid3x3();
  std::vector<LineString> roads = {{{-10, 31}, {110, 31}}, {{-10, 37}, {110, 37}}};
  ProblemList pr;
  auto cells = geom::tessellate(area, seeds, roads, geom::TessellationOptions{}, pr);
  expectSeamless(area, cells);
  for (size_t i = 0; i < cells.size(); ++i) {
    EXPECT_EQ(cells[i].size(), 1u) << i;
    EXPECT_NEAR(gp::test::overlapArea(cells[i], seeds[i]), gp::area(seeds[i]), 1e-6) << i;
  }
  // The strip (y 31..37) lies above the bisector of the first two rows (y = 31), so it stays with the
  // second row's cells, its own seeds' cells across the road: the first row stops at the first road.
  MultiPolygon aboveFirstRoad = box(0, 31.01, 100, 100);
  for (size_t i = 0; i < cells.size(); i += 3) EXPECT_LT(gp::test::overlapArea(cells[i], aboveFirstRoad), 1e-6) << i;
  MultiPolygon strip = box(0, 31.01, 100, 36.99);
  double second = 0;
  for (size_t i = 1; i < cells.size(); i += 3) second += gp::test::overlapArea(cells[i], strip);
  EXPECT_NEAR(second, gp::area(strip), 1e-6);
}

TEST(Tessellation, DeterministicAndSafeOnSeveralThreads) {
  MultiPolygon area = box(0, 0, 100, 100);
  auto seeds = grid3x3();
  LineString road{{-10, 30}, {110, 34}};
  ProblemList pr;
  auto ref = geom::tessellate(area, seeds, {road}, geom::TessellationOptions{}, pr);
  std::vector<std::vector<MultiPolygon>> got(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < got.size(); ++t)
    threads.emplace_back([&, t] {
      ProblemList p;
      for (int k = 0; k < 5; ++k) got[t] = geom::tessellate(area, seeds, {road}, geom::TessellationOptions{}, p);
    });
  for (auto& th : threads) th.join();
  for (const auto& g : got) {
    ASSERT_EQ(g.size(), ref.size());
    for (size_t i = 0; i < ref.size(); ++i) {
      ASSERT_EQ(g[i].size(), ref[i].size());
      for (size_t p = 0; p < ref[i].size(); ++p)
        for (size_t r = 0; r < ref[i][p].rings.size(); ++r) {
          ASSERT_EQ(g[i][p].rings[r].size(), ref[i][p].rings[r].size());
          for (size_t v = 0; v < ref[i][p].rings[r].size(); ++v) {
            EXPECT_EQ(g[i][p].rings[r][v].x, ref[i][p].rings[r][v].x);
            EXPECT_EQ(g[i][p].rings[r][v].y, ref[i][p].rings[r][v].y);
          }
        }
    }
  }
}

TEST(Tessellation, BadSeedsAreProblemsNotCrashes) {
  MultiPolygon area = box(0, 0, 100, 100);
  std::vector<MultiPolygon> seeds = {box(10, 10, 30, 30), box(20, 20, 40, 40),  // overlap
                                     box(200, 200, 210, 210),                 // outside
                                     {},                                      // empty
                                     box(90, 90, 120, 120),                   // partly outside
                                     box(60, 10, 80, 30)};
  geom::TessellationOptions opt;
  opt.seed_names = {"b:1", "b:2", "b:3", "b:4", "b:5", "b:6"};
  ProblemList pr;
  auto cells = geom::tessellate(area, seeds, {}, opt, pr);
  ASSERT_EQ(cells.size(), seeds.size());
  EXPECT_TRUE(cells[2].empty());
  EXPECT_TRUE(cells[3].empty());
  EXPECT_FALSE(cells[4].empty());
  EXPECT_EQ(pr.countKind("overlapping_seeds"), 1u);
  EXPECT_EQ(pr.countKind("seed_outside_area"), 1u);
  EXPECT_EQ(pr.countKind("empty_seed"), 1u);
  expectSeamless(area, cells);
}

TEST(Tessellation, PartsCutOffByAConcaveEdgeJoinTheirNeighbour) {
  // A U-shaped community: the top of the right arm is nearest to the seed in the left arm (across the
  // gap, outside the community), but is reached only through the bottom seed's cell, which takes it.
  MultiPolygon area = gp::test::mpFromWkt("POLYGON((0 0, 100 0, 100 100, 70 100, 70 30, 30 30, 30 100, 0 100, 0 0))");
  std::vector<MultiPolygon> seeds = {box(5, 80, 25, 95), box(40, 5, 60, 20)};
  ProblemList pr;
  auto cells = geom::tessellate(area, seeds, {}, geom::TessellationOptions{}, pr);
  expectSeamless(area, cells);
  EXPECT_EQ(cells[0].size(), 1u);
  EXPECT_EQ(cells[1].size(), 1u);
  EXPECT_LT(gp::test::overlapArea(cells[0], box(70, 0, 100, 100)), 1e-6);
  EXPECT_NEAR(gp::test::overlapArea(cells[1], box(70, 0, 100, 100)), 3000, 1e-6);
}

TEST(Tessellation, InvalidAreaAndSeedsAreRepaired) {
  // A bow-tie community and a self-crossing footprint: repaired, not a crash.
  MultiPolygon area = gp::test::mpFromWkt("POLYGON((0 0, 100 100, 100 0, 0 100, 0 0))");
  std::vector<MultiPolygon> seeds = {gp::test::mpFromWkt("POLYGON((5 40, 15 60, 15 40, 5 60, 5 40))"), box(80, 40, 90, 60)};
  ProblemList pr;
  auto cells = geom::tessellate(area, seeds, {}, geom::TessellationOptions{}, pr);
  ASSERT_EQ(cells.size(), 2u);
  EXPECT_FALSE(cells[0].empty());
  EXPECT_FALSE(cells[1].empty());
  EXPECT_NEAR(gp::area(cells[0]) + gp::area(cells[1]), 5000, 1.0);
}

TEST(Tessellation, OneSeedTakesTheWholeArea) {
  MultiPolygon area = gp::test::mpFromWkt("MULTIPOLYGON(((0 0, 50 0, 50 50, 0 50, 0 0)),((60 0, 70 0, 70 10, 60 10, 60 0)))");
  ProblemList pr;
  auto cells = geom::tessellate(area, {box(10, 10, 20, 20)}, {}, geom::TessellationOptions{}, pr);
  ASSERT_EQ(cells.size(), 1u);
  EXPECT_NEAR(gp::area(cells[0]), gp::area(area), 1e-6);
  EXPECT_EQ(cells[0].size(), 2u);
}

TEST(Tessellation, LargeSyntheticLayoutIsSeamless) {
  // ~2,000 buildings in rows with streets: a sanity and timing run (timing printed, not asserted).
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> jitter(-1.5, 1.5);
  std::vector<MultiPolygon> seeds;
  std::vector<LineString> roads;
  const int nx = 40, ny = 50;
  for (int i = 0; i < nx; ++i)
    for (int j = 0; j < ny; ++j) {
      double x = 500000 + i * 30 + jitter(rng), y = 3500000 + j * 20 + jitter(rng);
      seeds.push_back(box(x + 3, y + 3, x + 3 + 18 + jitter(rng), y + 3 + 10 + jitter(rng)));
    }
  for (int i = 1; i < nx; i += 8) roads.push_back({{500000 + i * 30.0 - 2, 3499990}, {500000 + i * 30.0 + 1, 3500000 + ny * 20 + 10}});
  MultiPolygon area = box(500000 - 5, 3500000 - 5, 500000 + nx * 30 + 5, 3500000 + ny * 20 + 5);
  ProblemList pr;
  auto t0 = std::chrono::steady_clock::now();
  auto cells = geom::tessellate(area, seeds, roads, geom::TessellationOptions{}, pr);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("tessellate: %zu seeds, %zu roads in %.3f s\n", seeds.size(), roads.size(), secs);
  double sum = 0;
  size_t empty = 0;
  for (const MultiPolygon& c : cells) {
    sum += gp::area(c);
    empty += c.empty();
  }
  EXPECT_EQ(empty, 0u);
  EXPECT_NEAR(sum, gp::area(area), 1e-6 * gp::area(area));
  size_t lost = 0;
  for (size_t i = 0; i < seeds.size(); ++i)
    lost += gp::test::overlapArea(cells[i], seeds[i]) < gp::area(seeds[i]) - 1e-3;  // shoelace noise at 3.5e6 m
  EXPECT_EQ(lost, 0u) << "cells not holding their whole seed";
  std::vector<const MultiPolygon*> ptrs;
  for (const MultiPolygon& c : cells) ptrs.push_back(&c);
  MultiPolygon u = geom::unionCells(ptrs);
  EXPECT_EQ(u.size(), 1u);
  EXPECT_LT(gp::test::symDiffArea(u, area), 1.0);
}

TEST(Tessellation, ZonePrefixedCoordinatesGiveTheSameCellsAsLocalOnes) {
  // The diagram is built on integers relative to a local origin; cells at x ≈ 40,500,000 m (a zone-prefixed
  // Gauss-Krüger easting) are the local cells moved there, up to the 0.01 m snap.
  const double ox = 40500000, oy = 3500000;
  auto moved = [&](const MultiPolygon& mp) {
    MultiPolygon out = mp;
    for (Polygon& p : out)
      for (Ring& r : p.rings)
        for (XY& q : r) q = {q.x + ox, q.y + oy};
    return out;
  };
  MultiPolygon area = box(0, 0, 100, 100);
  std::vector<MultiPolygon> seeds = grid3x3(), far;
  for (const MultiPolygon& s : seeds) far.push_back(moved(s));
  ProblemList pr;
  auto local = geom::tessellate(area, seeds, {}, geom::TessellationOptions{}, pr);
  auto there = geom::tessellate(moved(area), far, {}, geom::TessellationOptions{}, pr);
  ASSERT_EQ(there.size(), local.size());
  expectSeamless(moved(area), there);
  for (size_t i = 0; i < local.size(); ++i) EXPECT_LT(gp::test::symDiffArea(moved(local[i]), there[i]), 0.5) << i;
}

TEST(Tessellation, ACommunityTooLargeForOneDiagramIsAClearError) {
  // 60,000 km across: beyond what the integer Voronoi input can hold at 0.1 m; said, not silently wrong.
  MultiPolygon area = box(0, 0, 6e7, 100);
  ProblemList pr;
  try {
    geom::tessellate(area, {box(10, 10, 20, 20), box(5.99e7, 10, 5.99e7 + 10, 20)}, {}, geom::TessellationOptions{},
                     pr);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("too large"), std::string::npos) << e.what();
  }
}
