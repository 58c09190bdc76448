// What a sign shows, taken from the plan: unit coverage text, code order, map contents.
#include "geo/print/SignData.hpp"

#include <gtest/gtest.h>

#include "tests/print/SignFixture.hpp"

using namespace gp;
using namespace gp::print;

TEST(SignData, NaturalOrderReadsNumbersByValue) {
  EXPECT_TRUE(naturalLess("2号楼", "10号楼"));
  EXPECT_FALSE(naturalLess("10号楼", "2号楼"));
  EXPECT_TRUE(naturalLess("320508019044009", "320508019044010"));
  EXPECT_TRUE(naturalLess("A", "B"));
  EXPECT_FALSE(naturalLess("3号楼", "3号楼"));
}

TEST(SignData, DescribesBuildingsEntrancesAndFloors) {
  Plan plan = test::signFixturePlan();
  auto piecesOf = [&](int unit) {
    std::vector<int> v;
    for (size_t i = 0; i < plan.pieces.size(); ++i)
      if (plan.pieces[i].unit == unit) v.push_back(int(i));
    return v;
  };
  // Unit 0 holds all three entrances of 1号楼: the whole building.
  EXPECT_EQ(describePieces(plan, piecesOf(0)), "1号楼");
  // Unit 2: entrances 1–2 of 3号楼 and floors 1–3 of its third.
  EXPECT_EQ(describePieces(plan, piecesOf(2)), "3号楼1–2单元、3号楼3单元 1–3层");
  // Unit 3: floors 4–6 of 3号楼's third entrance and all of 4号楼, buildings in natural order.
  EXPECT_EQ(describePieces(plan, piecesOf(3)), "3号楼3单元 4–6层、4号楼");
  // Touching floor ranges of one entrance merge; a whole-building piece wins.
  Plan p2 = plan;
  p2.pieces.clear();
  Piece a;
  a.building = 9, a.entrance = 2, a.floor_from = 1, a.floor_to = 3;
  Piece b = a;
  b.floor_from = 4, b.floor_to = 7;
  Piece c = a;
  c.building = 1, c.entrance = 1, c.floor_from = -1, c.floor_to = -1;
  Piece d = a;
  d.building = 1, d.entrance = 3, d.floor_from = -1, d.floor_to = -1;
  p2.pieces = {a, b, c, d};
  EXPECT_EQ(describePieces(p2, {0, 1, 2, 3}), "2号楼1、3单元、10号楼2单元 1–7层");
}

TEST(SignData, MapHoldsOwnBuildingsNeighboursAndBarriersOnly) {
  Plan plan = test::signFixturePlan();
  SignIndex index(plan);
  ASSERT_EQ(index.gridsInCodeOrder().size(), 3u);
  EXPECT_EQ(index.findGrid("320508019044002"), 1);
  EXPECT_EQ(index.findGrid("nope"), -1);
  SignData d = index.make(1, 1.5);
  EXPECT_NEAR(d.view.width() / d.view.height(), 1.5, 1e-9);
  // The view covers the grid.
  BBox g = bbox(plan.grids[1].shape);
  EXPECT_LE(d.view.minx, g.minx);
  EXPECT_GE(d.view.maxx, g.maxx);
  int own = 0, labelled_other = 0;
  for (const auto& b : d.buildings) {
    own += b.own;
    labelled_other += !b.own && !b.label.empty();
  }
  EXPECT_EQ(own, 3);
  EXPECT_EQ(labelled_other, 0) << "only this grid's buildings carry names";
  ASSERT_EQ(d.units.size(), 3u);
  EXPECT_EQ(d.units[0].label, "01");
  EXPECT_EQ(d.rows[0].code, "32050801904400201");
  EXPECT_EQ(d.rows[0].households, 36);
  bool neighbour3 = false;
  for (const auto& n : d.neighbours) neighbour3 = neighbour3 || n.label == "320508019044003";
  EXPECT_TRUE(neighbour3);
  bool road = false;
  for (const auto& b : d.barriers) road = road || b.name == "和平街";
  EXPECT_TRUE(road);
  EXPECT_EQ(d.worker_name, "李娜");
  EXPECT_EQ(d.community_name, "幸福社区");
}

TEST(SignData, MapHoldsExactlyTheBuildingsInViewAndClipsLongLines) {
  // Many grids, so the view of one is a small part of the plan: the spatial index must find every
  // building a linear scan finds, and nothing more.
  Plan plan = test::tiledPlan(30);
  plan.in.barriers.push_back({"river", "长河", {{-5000, 150}, {-10, 150}, {20000, 160}}});
  SignIndex index(plan);
  for (int g = 0; g < int(plan.grids.size()); ++g) {
    SignData d = index.make(g, 1.4);
    size_t expect = 0;
    for (const auto& b : plan.in.buildings) {
      BBox bb = bbox(b.footprint);
      expect += bb.minx <= d.view.maxx && d.view.minx <= bb.maxx && bb.miny <= d.view.maxy && d.view.miny <= bb.maxy;
    }
    EXPECT_EQ(d.buildings.size(), expect) << plan.grids[size_t(g)].grid_id;
    // The 25 km river comes cut to the view and its margin.
    for (const auto& l : d.barriers)
      for (const auto& p : l.line) {
        EXPECT_GE(p.x, d.view.minx - d.view.width() * 0.1 - 1e-6);
        EXPECT_LE(p.x, d.view.maxx + d.view.width() * 0.1 + 1e-6);
      }
  }
}
