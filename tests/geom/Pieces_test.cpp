#include "geo/geom/Pieces.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>

#include "tests/geom/GeomTestUtil.hpp"
#include "tests/support/SameShape.hpp"

using namespace gp;
using gp::test::box;
using gp::test::mpFromWkt;

namespace {

Building building(std::string id, MultiPolygon fp, int hh, int floors, int entrances) {
  Building b;
  b.bld_id = std::move(id);
  b.footprint = std::move(fp);
  b.households = hh;
  b.floors = floors;
  b.entrances = entrances;
  return b;
}

// Every building's households are in its pieces, exactly once.
void expectSums(const Inputs& in, const geom::PieceLayout& l) {
  ASSERT_EQ(l.pieces.size(), l.footprint.size());
  std::map<int, int> sum;
  for (const Piece& p : l.pieces) {
    EXPECT_GE(p.households, 0);
    sum[p.building] += p.households;
  }
  for (size_t i = 0; i < in.buildings.size(); ++i)
    EXPECT_EQ(sum[static_cast<int>(i)], in.buildings[i].households) << in.buildings[i].bld_id;
}

}  // namespace

TEST(Pieces, WalkUpSplitsIntoItsEntrances) {
  Inputs in;
  in.buildings.push_back(building("W", box(0, 0, 60, 12), 36, 6, 3));
  ProblemList pr;
  auto l = geom::makePieces(in, Bounds{}, pr);
  expectSums(in, l);
  ASSERT_EQ(l.pieces.size(), 3u);
  for (int k = 0; k < 3; ++k) {
    const Piece& p = l.pieces[static_cast<size_t>(k)];
    EXPECT_EQ(p.piece_id, "W-E" + std::to_string(k + 1));
    EXPECT_EQ(p.entrance, k + 1);
    EXPECT_EQ(p.floor_from, -1);
    EXPECT_EQ(p.households, 12);
    // Entrance 1 is the west end; each slice is a third of the footprint.
    EXPECT_NEAR(area(l.footprint[static_cast<size_t>(k)]), 240.0, 1e-6);
    EXPECT_NEAR(centroid(l.footprint[static_cast<size_t>(k)]).x, 10.0 + 20.0 * k, 1e-6);
  }
}

TEST(Pieces, TowerEntrancesSplitIntoFloorRanges) {
  Inputs in;
  in.buildings.push_back(building("T", box(0, 0, 40, 20), 528, 33, 2));
  ProblemList pr;
  auto l = geom::makePieces(in, Bounds{}, pr);
  expectSums(in, l);
  std::map<int, int> perEntrance;
  std::map<int, int> nextFloor{{1, 1}, {2, 1}};
  for (const Piece& p : l.pieces) {
    perEntrance[p.entrance] += p.households;
    EXPECT_LE(p.households, 30) << p.piece_id;
    EXPECT_GE(p.households, 20) << p.piece_id;
    // Ranges of one entrance are contiguous from floor 1 up.
    EXPECT_EQ(p.floor_from, nextFloor[p.entrance]) << p.piece_id;
    nextFloor[p.entrance] = p.floor_to + 1;
    EXPECT_EQ(p.piece_id, "T-E" + std::to_string(p.entrance) + "-F" + std::to_string(p.floor_from) + "-" +
                              std::to_string(p.floor_to));
  }
  EXPECT_EQ(perEntrance[1], 264);
  EXPECT_EQ(perEntrance[2], 264);
  EXPECT_EQ(nextFloor[1], 34);
  EXPECT_EQ(nextFloor[2], 34);
  // 8 households a floor: 3 floors (24) is the most a unit of 30 can take, so 11 ranges per entrance.
  EXPECT_EQ(l.pieces.size(), 22u);
  // Stacked floor pieces of one entrance stand on the same slice.
  EXPECT_NEAR(area(l.footprint[0]), 400.0, 1e-6);
  EXPECT_NEAR(area(l.footprint[21]), 400.0, 1e-6);
}

TEST(Pieces, SingleEntranceTowerAsInTheIssue) {
  Inputs in;
  in.buildings.push_back(building("3", box(0, 0, 20, 20), 132, 33, 1));
  ProblemList pr;
  auto l = geom::makePieces(in, Bounds{}, pr);
  expectSums(in, l);
  ASSERT_EQ(l.pieces.size(), 5u);
  EXPECT_EQ(l.pieces[0].piece_id, "3-E1-F1-7");
  EXPECT_EQ(l.pieces[0].households, 28);
  EXPECT_EQ(l.pieces[4].floor_to, 33);
}

TEST(Pieces, NonResidentialAndSmallBuildingsAreWhole) {
  Inputs in;
  in.buildings.push_back(building("S", box(0, 0, 30, 30), 0, 2, 1));
  in.buildings.push_back(building("H", box(40, 0, 50, 10), 3, 2, 4));  // fewer households than entrances
  in.buildings.push_back(building("F", box(60, 0, 70, 10), 30, 6, 2));  // exactly at the maximum
  ProblemList pr;
  auto l = geom::makePieces(in, Bounds{}, pr);
  expectSums(in, l);
  ASSERT_EQ(l.pieces.size(), 3u);
  EXPECT_EQ(l.pieces[0].piece_id, "S");
  EXPECT_EQ(l.pieces[0].households, 0);
  EXPECT_EQ(l.pieces[1].piece_id, "H");
  EXPECT_EQ(l.pieces[1].entrance, -1);
  EXPECT_EQ(l.pieces[2].piece_id, "F");
  EXPECT_NEAR(area(l.footprint[1]), 100.0, 1e-9);
}

TEST(Pieces, FewerHouseholdsThanEntrancesAboveTheMaximum) {
  Inputs in;
  in.buildings.push_back(building("H", box(0, 0, 50, 10), 3, 2, 5));
  Bounds b;
  b.unit_min = 1;
  b.unit_max = 2;
  ProblemList pr;
  auto l = geom::makePieces(in, b, pr);
  expectSums(in, l);
  ASSERT_EQ(l.pieces.size(), 5u);
  EXPECT_EQ(l.pieces[0].households, 1);
  EXPECT_EQ(l.pieces[4].households, 0);
  EXPECT_EQ(pr.countKind("entrances_without_households"), 1u);
}

TEST(Pieces, UnknownFloorsAreEstimatedAndSaid) {
  Inputs in;
  in.buildings.push_back(building("U", box(0, 0, 20, 20), 45, 0, 1));
  ProblemList pr;
  auto l = geom::makePieces(in, Bounds{}, pr);
  expectSums(in, l);
  ASSERT_EQ(l.pieces.size(), 2u);
  EXPECT_EQ(pr.countKind("floors_unknown"), 1u);
  for (const Piece& p : l.pieces) EXPECT_LE(p.households, 30);
}

TEST(Pieces, HouseholdPointsGiveEntranceAndFloorCounts) {
  Inputs in;
  in.buildings.push_back(building("P", box(0, 0, 40, 10), 40, 10, 2));
  // Entrance 1 holds 35 households (floors 1..7, 5 each), entrance 2 holds 5.
  for (int i = 0; i < 40; ++i) {
    HouseholdPoint h;
    h.hh_id = "h";  // not "h" + to_string(i): gcc 12 warns falsely (-Wrestrict) on that
    h.hh_id += std::to_string(i);
    h.bld_id = "P";
    h.entrance = i < 35 ? 1 : 2;
    h.floor = i < 35 ? 1 + i / 5 : 1;
    in.households.push_back(h);
  }
  ProblemList pr;
  auto l = geom::makePieces(in, Bounds{}, pr);
  expectSums(in, l);
  ASSERT_EQ(l.pieces.size(), 3u);
  EXPECT_EQ(l.pieces[0].piece_id, "P-E1-F1-4");
  EXPECT_EQ(l.pieces[0].households, 20);
  EXPECT_EQ(l.pieces[1].piece_id, "P-E1-F5-7");
  EXPECT_EQ(l.pieces[1].households, 15);
  EXPECT_EQ(l.pieces[2].piece_id, "P-E2");
  EXPECT_EQ(l.pieces[2].households, 5);
}

TEST(Pieces, EntranceSlicesTileARotatedFootprint) {
  // An L-shaped block, rotated: slices cut across its long axis and tile it exactly.
  MultiPolygon fp = mpFromWkt(
      "POLYGON((0 0, 51.96 30, 46.96 38.66, 8.66 16.56, 3.66 25.22, -5 20.22, 0 0))");
  double total = area(fp);
  for (int n : {2, 3, 5}) {
    std::vector<MultiPolygon> s;
    double sum = 0;
    for (int k = 1; k <= n; ++k) {
      s.push_back(geom::entranceSlice(fp, n, k));
      EXPECT_GT(area(s.back()), 0) << n << "/" << k;
      EXPECT_TRUE(gp::test::isValid(s.back()));
      sum += area(s.back());
    }
    EXPECT_NEAR(sum, total, 1e-6 * total);
    for (int i = 0; i < n; ++i)
      for (int j = i + 1; j < n; ++j)
        EXPECT_LT(gp::test::overlapArea(s[static_cast<size_t>(i)], s[static_cast<size_t>(j)]), 1e-6);
    // Numbered from the west end.
    EXPECT_LT(centroid(s.front()).x, centroid(s.back()).x);
  }
  EXPECT_EQ(geom::entranceSlice(fp, 1, 1).size(), fp.size());
}

TEST(Pieces, InvalidFootprintStillSlices) {
  // A bow-tie footprint: its repaired halves are sliced; the slices hold all of its area.
  MultiPolygon fp = mpFromWkt("POLYGON((0 0, 60 12, 60 0, 0 12, 0 0))");
  double sum = 0;
  for (int k = 1; k <= 3; ++k) sum += area(geom::entranceSlice(fp, 3, k));
  EXPECT_NEAR(sum, 360.0, 1e-6);
}

// Entrances of 13-19 households (一梯两户 or 一梯三户 over 6 floors) cannot pair into units of 20-30; the
// partitioner then divides one by floors, into two ranges as even as whole floors allow.
TEST(Pieces, SplitByFloorsHalvesAnEntranceOnAFloorBoundary) {
  Inputs in;
  in.buildings.push_back(building("W1", box(0, 0, 60, 12), 34, 6, 2));
  Piece p;
  p.building = 0;
  p.entrance = 2;
  p.households = 17;
  p.piece_id = "W1-E2";
  auto r = geom::splitByFloors(in, p, {});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].piece_id, "W1-E2-F1-3");
  EXPECT_EQ(r[1].piece_id, "W1-E2-F4-6");
  EXPECT_EQ(r[0].entrance, 2);
  EXPECT_EQ(r[0].floor_from, 1);
  EXPECT_EQ(r[0].floor_to, 3);
  EXPECT_EQ(r[1].floor_from, 4);
  EXPECT_EQ(r[1].floor_to, 6);
  EXPECT_EQ(r[0].households + r[1].households, 17);
  EXPECT_LE(std::abs(r[0].households - r[1].households), 1);

  // A range divides again (floors 1-3 hold 2, 3, 3 households spread evenly: the cut nearest half is above
  // floor 2); one floor does not.
  auto again = geom::splitByFloors(in, r[0], {});
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[0].piece_id, "W1-E2-F1-2");
  EXPECT_EQ(again[1].piece_id, "W1-E2-F3-3");
  EXPECT_EQ(again[0].households + again[1].households, r[0].households);
  EXPECT_TRUE(geom::splitByFloors(in, again[1], {}).empty());
}

TEST(Pieces, SplitByFloorsCountsHouseholdsPerFloorFromPoints) {
  Inputs in;
  in.buildings.push_back(building("T", box(0, 0, 20, 20), 20, 4, 1));
  // Floors 1-4 hold 2, 2, 2, 14 households: the cut that halves them lies below the top floor.
  for (int f = 1, k = 0; f <= 4; ++f)
    for (int i = 0; i < (f == 4 ? 14 : 2); ++i, ++k) {
      HouseholdPoint h;
      h.hh_id = "h" + std::to_string(k);
      h.bld_id = "T";
      h.entrance = 1;
      h.floor = f;
      in.households.push_back(h);
    }
  std::vector<const HouseholdPoint*> pts;
  for (const HouseholdPoint& h : in.households) pts.push_back(&h);
  Piece p;
  p.building = 0;
  p.households = 20;
  p.piece_id = "T";
  auto r = geom::splitByFloors(in, p, pts);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].piece_id, "T-E1-F1-3");  // a building of one entrance: entrance 1
  EXPECT_EQ(r[0].households, 6);
  EXPECT_EQ(r[1].piece_id, "T-E1-F4-4");
  EXPECT_EQ(r[1].households, 14);
}

// A building of several entrances taken whole stands on one cell: its floor ranges span all entrances.
TEST(Pieces, SplitByFloorsOfAWholeBuildingOfSeveralEntrancesSpansThemAll) {
  Inputs in;
  in.buildings.push_back(building("M", box(0, 0, 40, 12), 24, 6, 2));
  Piece p;
  p.building = 0;
  p.households = 24;
  p.piece_id = "M";
  auto r = geom::splitByFloors(in, p, {});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].piece_id, "M-F1-3");
  EXPECT_EQ(r[0].entrance, -1);
  EXPECT_EQ(r[1].piece_id, "M-F4-6");
  EXPECT_EQ(r[0].households + r[1].households, 24);
  // One floor, or one household, cannot be divided.
  in.buildings[0].floors = 1;
  EXPECT_TRUE(geom::splitByFloors(in, p, {}).empty());
  in.buildings[0].floors = 6;
  p.households = 1;
  EXPECT_TRUE(geom::splitByFloors(in, p, {}).empty());
}

using gp::test::sameShape;

// The buildings are cut in chunks on several threads and joined in building order: the same pieces, footprints
// and problems, in the same order, as on one thread, whatever the number of threads.
TEST(Pieces, SameLayoutOnAnyNumberOfThreads) {
  Inputs in;
  for (int i = 0; i < 1500; ++i) {
    const double x = (i % 50) * 100.0, y = (i / 50) * 50.0;
    const int kind = i % 5;
    const int hh = kind == 0 ? 8 : kind == 1 ? 36 : kind == 2 ? 528 : kind == 3 ? 3 : 90;
    const int floors = kind == 4 ? 0 : 6 + kind;       // unknown floors: a floors_unknown problem
    const int entrances = kind == 3 ? 5 : 1 + kind % 3;  // more entrances than households: a problem too
    in.buildings.push_back(building(std::string("B") + std::to_string(i), box(x, y, x + 60, y + 12), hh, floors, entrances));
  }
  ProblemList one;
  const geom::PieceLayout a = geom::makePieces(in, Bounds{}, one, 1);
  ASSERT_GT(one.size(), 0u);
  for (int jobs : {2, 3, 0}) {
    ProblemList many;
    const geom::PieceLayout b = geom::makePieces(in, Bounds{}, many, jobs);
    ASSERT_EQ(a.pieces.size(), b.pieces.size()) << jobs;
    ASSERT_EQ(a.footprint.size(), b.footprint.size()) << jobs;
    for (size_t k = 0; k < a.pieces.size(); ++k) {
      EXPECT_EQ(a.pieces[k].piece_id, b.pieces[k].piece_id) << jobs;
      EXPECT_EQ(a.pieces[k].building, b.pieces[k].building) << jobs;
      EXPECT_EQ(a.pieces[k].households, b.pieces[k].households) << jobs;
      EXPECT_TRUE(sameShape(a.footprint[k], b.footprint[k])) << jobs << " " << a.pieces[k].piece_id;
    }
    const auto x = one.items(), y = many.items();
    ASSERT_EQ(x.size(), y.size()) << jobs;
    for (size_t k = 0; k < x.size(); ++k) {
      EXPECT_EQ(x[k].kind, y[k].kind) << jobs;
      EXPECT_EQ(x[k].feature, y[k].feature) << jobs;
      EXPECT_EQ(x[k].message, y[k].message) << jobs;
    }
  }
}
