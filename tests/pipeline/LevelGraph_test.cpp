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
