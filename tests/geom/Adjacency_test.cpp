#include "geo/geom/Adjacency.hpp"

#include <gtest/gtest.h>

#include "geo/geom/Tessellation.hpp"
#include "tests/geom/GeomTestUtil.hpp"

using namespace gp;
using gp::test::box;

namespace {

// Neighbours of v with their shared length and barrier flag.
struct Edge {
  int32_t to;
  float shared;
  uint8_t barrier;
};
std::vector<Edge> row(const geom::CellGraph& g, int v) {
  std::vector<Edge> out;
  for (int32_t k = g.xadj[static_cast<size_t>(v)]; k < g.xadj[static_cast<size_t>(v) + 1]; ++k)
    out.push_back({g.adjncy[static_cast<size_t>(k)], g.shared[static_cast<size_t>(k)], g.barrier[static_cast<size_t>(k)]});
  return out;
}

void expectSymmetric(const geom::CellGraph& g) {
  size_t n = g.xadj.size() - 1;
  ASSERT_EQ(g.adjncy.size(), static_cast<size_t>(g.xadj[n]));
  for (size_t v = 0; v < n; ++v)
    for (const Edge& e : row(g, static_cast<int>(v))) {
      EXPECT_NE(e.to, static_cast<int32_t>(v));
      bool back = false;
      for (const Edge& f : row(g, e.to))
        if (f.to == static_cast<int32_t>(v)) {
          back = true;
          EXPECT_FLOAT_EQ(f.shared, e.shared);
          EXPECT_EQ(f.barrier, e.barrier);
        }
      EXPECT_TRUE(back) << v << " -> " << e.to;
    }
}

}  // namespace

TEST(Adjacency, SimpleLayoutLengthsAndCornerContact) {
  // 0 | 1 side by side (shared 10), 2 below 0 and half of 1 (shares 10 with 0, 5 with 1),
  // 3 touches 1 only at a corner.
  std::vector<MultiPolygon> cells = {box(0, 10, 10, 20), box(10, 10, 20, 20), box(0, 0, 15, 10), box(20, 20, 30, 30)};
  auto g = geom::adjacency(cells, {});
  expectSymmetric(g);
  auto r0 = row(g, 0);
  ASSERT_EQ(r0.size(), 2u);
  EXPECT_EQ(r0[0].to, 1);
  EXPECT_FLOAT_EQ(r0[0].shared, 10);
  EXPECT_EQ(r0[1].to, 2);
  EXPECT_FLOAT_EQ(r0[1].shared, 10);
  auto r1 = row(g, 1);
  ASSERT_EQ(r1.size(), 2u);
  EXPECT_EQ(r1[1].to, 2);
  EXPECT_FLOAT_EQ(r1[1].shared, 5);  // edge split by a vertex on one side only: matched by overlap
  EXPECT_TRUE(row(g, 3).empty());     // a shared corner is not adjacency
  EXPECT_EQ(r0[0].barrier, 0);
}

TEST(Adjacency, BarrierFlagAlongARoad) {
  std::vector<MultiPolygon> cells = {box(0, 0, 10, 10), box(10, 0, 20, 10), box(0, 10, 20, 20)};
  LineString road{{-5, 10.01}, {25, 10.01}};  // along y = 10, within tolerance
  auto g = geom::adjacency(cells, {road});
  expectSymmetric(g);
  for (const Edge& e : row(g, 0)) EXPECT_EQ(e.barrier, e.to == 2 ? 1 : 0) << e.to;
  for (const Edge& e : row(g, 1)) EXPECT_EQ(e.barrier, e.to == 2 ? 1 : 0) << e.to;
  // A road that only runs along a quarter of the shared edge does not flag it.
  LineString shortRoad{{0, 10}, {5, 10}};
  auto h = geom::adjacency(cells, {shortRoad});
  for (const Edge& e : row(h, 2)) EXPECT_EQ(e.barrier, 0);
}

TEST(Adjacency, TessellationCellsShareExactEdges) {
  MultiPolygon area = box(0, 0, 100, 100);
  std::vector<MultiPolygon> seeds;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) seeds.push_back(box(10 + 30 * i, 10 + 30 * j, 25 + 30 * i, 22 + 30 * j));
  LineString road{{-10, 35}, {110, 35}};
  ProblemList pr;
  auto cells = geom::tessellate(area, seeds, {road}, geom::TessellationOptions{}, pr);
  auto g = geom::adjacency(cells, {road});
  expectSymmetric(g);
  // All inner boundary is shared: total shared length equals the cells' perimeters minus the area's
  // perimeter, halved.
  double inner = 0;
  for (const MultiPolygon& c : cells) inner += perimeter(c);
  inner = (inner - 400) / 2;
  double sum = 0;
  for (float s : g.shared) sum += s;
  EXPECT_NEAR(sum / 2, inner, 1e-3);
  // Seeds 0 (below the road) and 1 (above it) meet only along the road.
  int seen = 0;
  for (const Edge& e : row(g, 0)) {
    if (e.to == 1) {
      EXPECT_EQ(e.barrier, 1);
      EXPECT_NEAR(e.shared, 32.5, 0.05);  // from x = 0 to the bisector at 32.5
      ++seen;
    }
    if (e.to == 3) {
      EXPECT_EQ(e.barrier, 0);
      ++seen;
    }
  }
  EXPECT_EQ(seen, 2);
  // Grid of 3x3: each corner cell has 2 neighbours along an edge (plus possibly diagonal ones).
  EXPECT_GE(row(g, 4).size(), 4u);
}
