// Culling of the map's meshes: what is in view is drawn, whatever its size or where it lies.
#include "app/studio/TileRuns.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "tests/support/Boxes.hpp"

using gp::BBox;
using gp::XY;
using gp::studio::TileRuns;

namespace {

using gp::test::box;
const auto meets = gp::test::boxesMeet;

// Stored positions drawn for `view`.
std::set<int> drawn(const TileRuns& t, const BBox& view) {
  std::vector<std::pair<int, int>> runs;
  t.visibleRuns(view, runs);
  std::set<int> s;
  for (auto [first, count] : runs)
    for (int i = first; i < first + count; ++i) s.insert(i);
  return s;
}

}  // namespace

TEST(TileRuns, EveryPrimitiveInViewIsDrawnAndMostOthersAreNot) {
  // A 10 km square town of 40,000 small segments and a few long ones crossing it.
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> u(0, 10000);
  std::vector<BBox> boxes;
  for (int i = 0; i < 40000; ++i) {
    double x = u(rng), y = u(rng);
    boxes.push_back(box(x, y, x + 8, y + 3));
  }
  for (int i = 0; i < 20; ++i) boxes.push_back(box(0, i * 500.0, 10000, i * 500.0 + 1));  // a road across
  TileRuns t;
  std::vector<int> order = t.build(boxes);
  ASSERT_EQ(order.size(), boxes.size());
  std::vector<int> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < int(sorted.size()); ++i) ASSERT_EQ(sorted[i], i);  // a permutation
  EXPECT_GT(t.tiles(), 100);

  for (BBox view : {box(4000, 4000, 4600, 4400), box(-50, -50, 300, 200), box(9900, 0, 10100, 10000)}) {
    std::set<int> d = drawn(t, view);
    int inView = 0;
    for (int pos = 0; pos < int(order.size()); ++pos) {
      if (!meets(boxes[order[pos]], view)) continue;
      ++inView;
      EXPECT_TRUE(d.count(pos)) << "primitive " << order[pos] << " is in view but not drawn";
    }
    EXPECT_GT(inView, 0);
    // Culling pays: a view of a few per cent of the town draws a small part of it (the long roads and the
    // tiles on the view's edge come along).
    EXPECT_LT(d.size(), boxes.size() / 5) << "drew " << d.size() << " for " << inView << " in view";
  }
  // The whole town in view: everything, as one run.
  std::vector<std::pair<int, int>> runs;
  t.visibleRuns(box(-1, -1, 10001, 10001), runs);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0], std::make_pair(0, int(boxes.size())));
  // Nothing in view: nothing drawn.
  EXPECT_TRUE(drawn(t, box(20000, 20000, 21000, 21000)).empty());
}

TEST(TileRuns, EmptyAndSingleMeshes) {
  TileRuns t;
  EXPECT_TRUE(t.build({}).empty());
  EXPECT_TRUE(drawn(t, box(0, 0, 1, 1)).empty());
  std::vector<int> one = t.build({box(5, 5, 5, 5)});  // a point-sized primitive
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(drawn(t, box(0, 0, 10, 10)).size(), 1u);
  EXPECT_TRUE(drawn(t, box(6, 6, 10, 10)).empty());
}

TEST(TileRuns, FeaturesKeepTheirPrimitivesTogetherAndRangesCountPrimitives) {
  // 30 × 30 grids of 10 triangles each on a 100 m lattice, one of them empty (no primitives).
  std::vector<BBox> boxes;
  std::vector<int> prims;
  for (int y = 0; y < 30; ++y)
    for (int x = 0; x < 30; ++x) {
      boxes.push_back(box(x * 100.0, y * 100.0, x * 100.0 + 90, y * 100.0 + 90));
      prims.push_back(x == 3 && y == 4 ? 0 : 10);
    }
  TileRuns t;
  std::vector<int> order = t.buildFeatures(boxes, prims);
  ASSERT_EQ(order.size(), boxes.size() - 1);  // the empty feature is not stored
  EXPECT_EQ(std::count(order.begin(), order.end(), 4 * 30 + 3), 0);
  // Position of each stored feature's first primitive.
  std::vector<int> firstOf(boxes.size(), -1);
  int at = 0;
  for (int f : order) {
    firstOf[f] = at;
    at += prims[f];
  }
  BBox view = box(1020, 1530, 1390, 1720);
  std::set<int> d = drawn(t, view);
  for (size_t f = 0; f < boxes.size(); ++f) {
    if (prims[f] == 0 || !meets(boxes[f], view)) continue;
    for (int k = 0; k < prims[f]; ++k) EXPECT_TRUE(d.count(firstOf[f] + k)) << "feature " << f;
  }
  EXPECT_LT(d.size(), size_t(at) / 10);
  std::vector<std::pair<int, int>> all;
  t.visibleRuns(box(-1, -1, 4000, 4000), all);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].second, at);
}
