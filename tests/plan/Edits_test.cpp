// Piece adjacency behind the studio's connectivity checks: cells that touch, floors stacked on one cell,
// and entrances of one building that another building keeps apart.
#include "geo/plan/Edits.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace gp;
using namespace gp::plan;

namespace {

MultiPolygon rect(double x0, double y0, double x1, double y1) {
  return {Polygon{{Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}};
}

Piece piece(const std::string& id, int building, int entrance, int floorFrom, int floorTo, const MultiPolygon& cell) {
  Piece p;
  p.piece_id = id;
  p.building = building;
  p.entrance = entrance;
  p.floor_from = floorFrom;
  p.floor_to = floorTo;
  p.households = 10;
  p.cell = cell;
  return p;
}

// Building 0 is a tower whose two entrances' cells lie either side of building 1's cell; entrance 1 is
// split into two stacked floor pieces on one cell; building 2 has no cell (plan without its cells layer).
Plan towerAcrossABar() {
  Plan p;
  for (const char* id : {"tower", "bar", "shop"}) {
    Building b;
    b.bld_id = id;
    p.in.buildings.push_back(b);
  }
  p.pieces.push_back(piece("tower-E1-F1-3", 0, 1, 1, 3, rect(0, 0, 10, 10)));    // 0
  p.pieces.push_back(piece("tower-E1-F4-6", 0, 1, 4, 6, rect(0, 0, 10, 10)));    // 1
  p.pieces.push_back(piece("bar", 1, -1, -1, -1, rect(10, 0, 20, 10)));          // 2
  p.pieces.push_back(piece("tower-E2", 0, 2, -1, -1, rect(20, 0, 30, 10)));      // 3
  p.pieces.push_back(piece("shop-E1", 2, 1, -1, -1, {}));                        // 4
  p.pieces.push_back(piece("shop-E2", 2, 2, -1, -1, {}));                        // 5
  return p;
}

bool adjacent(const std::vector<std::vector<int>>& adj, int a, int b) {
  return std::find(adj[a].begin(), adj[a].end(), b) != adj[a].end() &&
         std::find(adj[b].begin(), adj[b].end(), a) != adj[b].end();
}

}  // namespace

TEST(Edits, EntrancesKeptApartByAnotherBuildingAreNotAdjacent) {
  Plan p = towerAcrossABar();
  auto adj = pieceAdjacency(p, {0, 1, 2, 3});
  EXPECT_TRUE(adjacent(adj, 0, 1));   // floors stacked on one cell
  EXPECT_TRUE(adjacent(adj, 0, 2));   // cells share an edge
  EXPECT_TRUE(adjacent(adj, 2, 3));
  EXPECT_FALSE(adjacent(adj, 0, 3));  // same building, cells apart
  EXPECT_FALSE(adjacent(adj, 1, 3));
  // A grid of the tower's pieces alone would be drawn in two parts.
  EXPECT_EQ(components(p, {0, 1, 3}), 2);
  EXPECT_EQ(components(p, {0, 1, 2, 3}), 1);
}

TEST(Edits, PiecesWithoutCellsTouchTheirBuilding) {
  Plan p = towerAcrossABar();
  auto adj = pieceAdjacency(p, {4, 5, 2});
  EXPECT_TRUE(adjacent(adj, 0, 1));
  EXPECT_FALSE(adjacent(adj, 0, 2));
  EXPECT_EQ(components(p, {4, 5}), 1);
  EXPECT_EQ(components(p, {}), 0);
}
