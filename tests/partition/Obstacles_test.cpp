// What provably keeps a node out of every part within the bounds (geo/partition/Obstacles.cpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <vector>

#include "geo/partition/Partition.hpp"

using namespace gp;
using Kind = partition::Obstacle::Kind;

namespace {

partition::Graph fromEdges(const std::vector<int32_t>& w, const std::vector<std::pair<int, int>>& edges) {
  std::vector<std::set<int>> nb(w.size());
  for (auto [a, b] : edges) {
    nb[static_cast<size_t>(a)].insert(b);
    nb[static_cast<size_t>(b)].insert(a);
  }
  partition::Graph g;
  g.xadj.push_back(0);
  for (const auto& s : nb) {
    for (int u : s) g.adjncy.push_back(u);
    g.xadj.push_back(static_cast<int32_t>(g.adjncy.size()));
  }
  g.barrier.assign(g.adjncy.size(), 0);
  g.shared.assign(g.adjncy.size(), 1.0f);
  g.weight = w;
  for (size_t i = 0; i < w.size(); ++i) {
    g.x.push_back(static_cast<double>(i));
    g.y.push_back(0);
  }
  return g;
}

// Grid 000000000000442 of the Shanghai tilezen set, in short: a building of 12 households and one of 2 touch
// each other and, of the rest of the grid, only a building of 18 (all of one floor). Whatever the division, they
// are in the unit of the 18 or below 20 on their own: 32, above 30.
TEST(Obstacles, PiecesThatReachTheRestOnlyThroughOneArePartOfItsUnit) {
  // 0: 18, 1: 12, 2: 2, then a ring of pieces of 8 around 0.
  const partition::Graph g =
      fromEdges({18, 12, 2, 8, 8, 8, 8, 8, 8}, {{0, 1}, {0, 2}, {1, 2}, {0, 3}, {3, 4}, {4, 5}, {5, 6}, {6, 7}, {7, 8}, {8, 0}});
  const partition::Obstacle ob = partition::findObstacle(g, 20, 30, {0, 1, 2});
  ASSERT_EQ(ob.kind, Kind::Through);
  EXPECT_EQ(ob.node, 0);
  EXPECT_EQ(ob.nodes, (std::vector<int32_t>{1, 2}));
  EXPECT_EQ(ob.households, 32);
  // Not the business of a unit elsewhere.
  EXPECT_EQ(partition::findObstacle(g, 20, 30, {5}).kind, Kind::None);
  // A lot holding enough for a unit of its own is no obstacle: 12 + 9.
  const partition::Graph h =
      fromEdges({18, 12, 9, 8, 8, 8}, {{0, 1}, {0, 2}, {1, 2}, {0, 3}, {3, 4}, {4, 5}, {5, 0}});
  EXPECT_EQ(partition::findObstacle(h, 20, 30, {0, 1, 2}).kind, Kind::None);
}

// The lot above the articulation in the depth-first tree (the root side) counts as well.
TEST(Obstacles, TheLotOnTheRootSideCountsToo) {
  // 0: 2 and 1: 12 hang off 2: 18, which joins the rest (8s) — numbered so that the search starts in the lot.
  const partition::Graph g = fromEdges({2, 12, 18, 8, 8, 8}, {{0, 1}, {0, 2}, {1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 2}});
  const partition::Obstacle ob = partition::findObstacle(g, 20, 30, {2});
  ASSERT_EQ(ob.kind, Kind::Through);
  EXPECT_EQ(ob.node, 2);
  EXPECT_EQ(ob.nodes, (std::vector<int32_t>{0, 1}));
  EXPECT_EQ(ob.households, 32);
}

// Helsinki, grid 000000000000014: a building of 16 households (one floor) touches only buildings of 16 (one
// floor each): alone 16, with any of them 32 or more.
TEST(Obstacles, APieceThatNoConnectedGroupBringsWithinTheBoundsIsAlone) {
  // 0, 1, 2: 16 each in a triangle; 0 also touches 3 (6) and 4 (8), which lead on.
  const partition::Graph g = fromEdges({16, 16, 16, 6, 8, 8}, {{0, 1}, {0, 2}, {1, 2}, {0, 3}, {0, 4}, {3, 5}, {4, 5}});
  const partition::Obstacle ob = partition::findObstacle(g, 20, 30, {1, 2});
  ASSERT_EQ(ob.kind, Kind::Alone);
  EXPECT_EQ(ob.node, 1);
  EXPECT_EQ(ob.nodes, (std::vector<int32_t>{0, 2}));
  // 0 fits with 3 or 4 (22, 24): not alone.
  EXPECT_EQ(partition::findObstacle(g, 20, 30, {0}).kind, Kind::None);
}

TEST(Obstacles, AnAreaBelowTheMinimumIsCutOff) {
  const partition::Graph g = fromEdges({8, 8, 10, 10, 10}, {{0, 1}, {2, 3}, {3, 4}});
  const partition::Obstacle ob = partition::findObstacle(g, 20, 30, {1});
  ASSERT_EQ(ob.kind, Kind::CutOff);
  EXPECT_EQ(ob.node, 1);
  EXPECT_EQ(ob.households, 16);
  EXPECT_EQ(partition::findObstacle(g, 20, 30, {2, 3, 4}).kind, Kind::None);
}

// A search that runs out of steps claims nothing.
TEST(Obstacles, NothingIsClaimedWhenTheBudgetRunsOut) {
  const partition::Graph g = fromEdges({16, 16, 16, 6, 8, 8}, {{0, 1}, {0, 2}, {1, 2}, {0, 3}, {0, 4}, {3, 5}, {4, 5}});
  EXPECT_EQ(partition::findObstacle(g, 20, 30, {1}, 0).kind, Kind::None);
}

}  // namespace
