#include "geo/pipeline/LevelGraph.hpp"

#include <gtest/gtest.h>

namespace gp::pipeline {
namespace {

// Four cells in a row 0-1-2-3; the edge 2-3 lies along a barrier.
geom::CellGraph row() {
  geom::CellGraph c;
  c.xadj = {0, 1, 3, 5, 6};
  c.adjncy = {1, 0, 2, 1, 3, 2};
  c.shared = {10, 10, 20, 20, 5, 5};
  c.barrier = {0, 0, 0, 0, 1, 1};
  return c;
}

TEST(LevelGraph, NodesOnSeveralCellsSumTheirEdges) {
  // Node 0 stands on cells 0 and 1, node 1 on cell 2, node 2 on cell 3.
  std::vector<std::vector<int>> nodeGroups{{0, 1}, {2}, {3}};
  std::vector<std::vector<int>> groupNodes{{0}, {0}, {1}, {2}};
  partition::Graph g = buildLevelGraph(nodeGroups, groupNodes, row(), {40, 40, 40, 40});
  ASSERT_EQ(g.size(), 3);
  EXPECT_EQ(g.xadj, (std::vector<int32_t>{0, 1, 3, 4}));
  EXPECT_EQ(g.adjncy, (std::vector<int32_t>{1, 0, 2, 1}));
  EXPECT_FLOAT_EQ(g.shared[0], 20);
  EXPECT_EQ(g.barrier, (std::vector<uint8_t>{0, 0, 1, 1}));
}

TEST(LevelGraph, StackedNodesOnOneCellAreAdjacent) {
  std::vector<std::vector<int>> nodeGroups{{0}, {0}, {1}};
  std::vector<std::vector<int>> groupNodes{{0, 1}, {2}, {}, {}};
  partition::Graph g = buildLevelGraph(nodeGroups, groupNodes, row(), {40, 40, 40, 40});
  EXPECT_EQ(g.xadj, (std::vector<int32_t>{0, 2, 4, 6}));
  EXPECT_EQ(g.adjncy, (std::vector<int32_t>{1, 2, 0, 2, 0, 1}));
  EXPECT_FLOAT_EQ(g.shared[0], 40);  // the shared cell's perimeter
}

// Four floor ranges of one entrance on cell 0 (floors 1-3, 4-6, 7-9 and 12-14: 10-11 are elsewhere) and a
// building on cell 1. The ranges are a chain, and of each run of contiguous floors only the lowest meets the
// building, so no connected set holds floors 1-3 and 7-9 without 4-6.
TEST(LevelGraph, StackedRangesOfOneEntranceAreAChainMeetingOthersByTheirLowest) {
  std::vector<std::vector<int>> nodeGroups{{0}, {0}, {0}, {0}, {1}};
  std::vector<std::vector<int>> groupNodes{{0, 1, 2, 3}, {4}, {}, {}};
  partition::Graph g = buildLevelGraph(nodeGroups, groupNodes, row(), {40, 40, 40, 40});
  chainStacks(g, {{0, 7, 9}, {0, 1, 3}, {0, 4, 6}, {0, 12, 14}, {}});
  auto neighbours = [&](int v) {
    return std::vector<int32_t>(g.adjncy.begin() + g.xadj[v], g.adjncy.begin() + g.xadj[v + 1]);
  };
  EXPECT_EQ(neighbours(0), (std::vector<int32_t>{2}));     // 7-9: 4-6 below it
  EXPECT_EQ(neighbours(1), (std::vector<int32_t>{2, 4}));  // 1-3: 4-6 above, the building
  EXPECT_EQ(neighbours(2), (std::vector<int32_t>{0, 1}));
  EXPECT_EQ(neighbours(3), (std::vector<int32_t>{4}));     // 12-14: the lowest of its run
  EXPECT_EQ(neighbours(4), (std::vector<int32_t>{1, 3}));
  EXPECT_EQ(g.shared.size(), g.adjncy.size());
  EXPECT_EQ(g.barrier.size(), g.adjncy.size());
  EXPECT_FALSE(connectedSubset(g, {1, 0, 4}));
  EXPECT_TRUE(connectedSubset(g, {1, 2, 0, 4}));
}

TEST(LevelGraph, ConnectedSubsetsAndComponents) {
  std::vector<std::vector<int>> nodeGroups{{0}, {1}, {3}};
  std::vector<std::vector<int>> groupNodes{{0}, {1}, {}, {2}};
  partition::Graph g = buildLevelGraph(nodeGroups, groupNodes, row(), {});
  EXPECT_TRUE(connectedSubset(g, {0, 1}));
  EXPECT_FALSE(connectedSubset(g, {0, 2}));
  EXPECT_FALSE(connectedSubset(g, {}));
  int n = 0;
  std::vector<int> comp = components(g, &n);
  EXPECT_EQ(n, 2);
  EXPECT_EQ(comp[0], comp[1]);
  EXPECT_NE(comp[0], comp[2]);
}

}  // namespace
}  // namespace gp::pipeline
