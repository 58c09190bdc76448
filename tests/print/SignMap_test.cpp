#include "geo/print/SignMap.hpp"

#include <gtest/gtest.h>

#include <cairo.h>

#include <algorithm>
#include <set>

#include "geo/io/PlanFile.hpp"
#include "geo/print/QrCode.hpp"
#include "geo/print/SignRenderer.hpp"
#include "tests/print/SignFixture.hpp"

using namespace gp;
using namespace gp::print;

TEST(SignMap, ScaleBarLengthsAreRound) {
  EXPECT_EQ(roundScaleLength(137), 100);
  EXPECT_EQ(roundScaleLength(60), 50);
  EXPECT_EQ(roundScaleLength(49), 20);
  EXPECT_EQ(roundScaleLength(1999), 1000);
  EXPECT_EQ(roundScaleLength(5), 5);
  EXPECT_EQ(roundScaleLength(0), 0);
}

TEST(SignMap, LabelPointsLieInsideConcavePolygons) {
  // An L shape whose centroid lies outside it.
  Polygon l;
  l.rings.push_back({{0, 0}, {100, 0}, {100, 10}, {10, 10}, {10, 100}, {0, 100}, {0, 0}});
  auto c = labelCandidates({l});
  ASSERT_FALSE(c.empty());
  for (const auto& p : c) {
    bool inside = (p.x > 0 && p.x < 100 && p.y > 0 && p.y < 10) || (p.x > 0 && p.x < 10 && p.y > 0 && p.y < 100);
    EXPECT_TRUE(inside) << p.x << "," << p.y;
  }
  EXPECT_TRUE(labelCandidates({}).empty());
}

TEST(SignMap, ClipsToTheView) {
  BBox box;
  box.add(XY{0, 0});
  box.add(XY{10, 10});
  auto clipped = clipToBox(test::rectPoly(-5, -5, 5, 20), box);
  ASSERT_EQ(clipped.size(), 1u);
  EXPECT_DOUBLE_EQ(area(clipped), 50);
  EXPECT_TRUE(clipToBox(test::rectPoly(20, 20, 30, 30), box).empty());
}

TEST(SignMap, QrMatrixHasFinderPatterns) {
  QrMatrix m = encodeQr("tel:13812345678");
  ASSERT_GE(m.size, 21);
  EXPECT_EQ((m.size - 17) % 4, 0) << "a QR version's side is 17 + 4v";
  // The top-left finder pattern: a dark 7×7 ring around a light ring around a dark 3×3 core.
  for (int i = 0; i < 7; ++i) {
    EXPECT_TRUE(m.at(i, 0));
    EXPECT_TRUE(m.at(0, i));
  }
  EXPECT_FALSE(m.at(1, 1));
  EXPECT_TRUE(m.at(3, 3));
}

namespace {

// Draws the map of `d` as the renderer would and returns what was placed.
MapLabels placeLabels(SignRenderer& r, const SignData& d) {
  cairo_rectangle_t ext{0, 0, r.pageWidth(), r.pageHeight()};
  cairo_surface_t* rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
  cairo_t* cr = cairo_create(rec);
  r.typesetter().begin(cr);
  MapLabels out;
  drawMap(cr, r.typesetter(), d, r.tmpl(), r.mapBox(), &out);
  cairo_destroy(cr);
  cairo_surface_destroy(rec);
  return out;
}

// Every pair of label boxes apart; every named building of the grid named on the map, numbered and in the key,
// or else counted in the key and named in the unit table.
void expectReadable(const SignData& d, const MapLabels& m, const std::string& where) {
  for (const auto& b : m.in_table) {
    bool in_rows = false;
    for (const auto& row : d.rows) in_rows = in_rows || row.covers.find(b) != std::string::npos;
    EXPECT_TRUE(in_rows) << where << ": building " << b << " left off the map is not in the unit table";
  }
  for (size_t i = 0; i < m.boxes.size(); ++i)
    for (size_t j = i + 1; j < m.boxes.size(); ++j)
      EXPECT_FALSE(overlap(m.boxes[i], m.boxes[j]))
          << where << ": \"" << m.boxes[i].text << "\" over \"" << m.boxes[j].text << "\"";
  std::multiset<std::string> shown(m.named.begin(), m.named.end());
  shown.insert(m.keyed.begin(), m.keyed.end());
  shown.insert(m.in_table.begin(), m.in_table.end());
  for (const auto& b : d.buildings) {
    if (!b.own || b.label.empty()) continue;
    EXPECT_EQ(shown.count(b.label), size_t(std::count_if(d.buildings.begin(), d.buildings.end(), [&](const MapBuilding& o) {
                  return o.own && o.label == b.label;
                })))
        << where << ": building " << b.label << " neither named on the map nor in the key";
  }
}

}  // namespace

TEST(SignMap, DenseBuildingsGetNamesOrNumbersNeverOverlappingLabels) {
  // A grid of 10×10 small houses 3 m apart with long names: far more names than room on the map.
  SignData d;
  d.grid_id = "320508019044001";
  d.grid_shape = test::rectPoly(0, 0, 100, 100);
  int k = 0;
  for (int i = 0; i < 10; ++i)
    for (int j = 0; j < 10; ++j) {
      MapBuilding b;
      b.footprint = test::rectPoly(3 + i * 10, 3 + j * 10, 10 + i * 10, 10 + j * 10);
      b.own = true;
      b.label = "幸福家园" + std::to_string(++k) + "号楼";
      d.buildings.push_back(b);
    }
  UnitRow row;
  for (const auto& b : d.buildings) row.covers += (row.covers.empty() ? "" : "、") + b.label;
  d.rows.push_back(row);  // the unit table names every building
  d.units.push_back({test::rectPoly(0, 0, 50, 100), "01"});
  d.units.push_back({test::rectPoly(50, 0, 100, 100), "02"});
  SignTemplate t;
  SignRenderer r(t);
  double aspect = r.mapAspect();
  d.view.add(XY{50 - 100 * aspect, -50});
  d.view.add(XY{50 + 100 * aspect, 150});
  MapLabels m = placeLabels(r, d);
  expectReadable(d, m, "dense grid");
  EXPECT_FALSE(m.named.empty()) << "the names that fit stay on the map";
  EXPECT_FALSE(m.keyed.empty()) << "100 long names cannot all fit: the rest go to the key";
  EXPECT_EQ(m.named.size() + m.keyed.size() + m.in_table.size(), 100u);
}

TEST(SignMap, StPetersburgSignsNeverPrintTwoLabelsOverEachOther) {
  GP_REQUIRE_SHARED_DATA();
  auto dir = test::tempDir("spb-labels");
  std::string data = (test::sharedData() / "spb_vasileostrovsky.gpkg").string();
  std::string plan_path = (dir / "plan.gpkg").string();
  auto run = test::runGridplan("partition -o " + test::q(plan_path) + " --buildings " + test::q(data) +
                               " --buildings-layer buildings --compounds " + test::q(data) +
                               " --compounds-layer blocks_aggr --population-field population_balanced");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  Plan plan = io::readPlan(plan_path);
  ASSERT_GT(plan.grids.size(), 300u);
  SignIndex index(plan);
  SignTemplate t;
  SignRenderer r(t);
  size_t named = 0, keyed = 0, in_table = 0;
  for (int g : index.gridsInCodeOrder()) {
    SignData d = index.make(g, r.mapAspect());
    MapLabels m = placeLabels(r, d);
    expectReadable(d, m, "grid " + d.grid_id);
    named += m.named.size(), keyed += m.keyed.size(), in_table += m.in_table.size();
    if (HasFailure()) break;
  }
  EXPECT_GT(named, keyed + in_table) << "most buildings keep their name on the map";
  std::printf("St Petersburg: %zu buildings named on the map, %zu numbered in keys, %zu only in the tables\n", named,
              keyed, in_table);
}

TEST(SignMap, ClipsLinesIntoTheirRunsInsideTheBox) {
  BBox box;
  box.add(XY{0, 0});
  box.add(XY{10, 10});
  // In, out through the top, back in, out through the right.
  auto runs = clipLine({{-5, 5}, {5, 5}, {5, 15}, {7, 15}, {7, 5}, {15, 5}}, box);
  ASSERT_EQ(runs.size(), 2u);
  ASSERT_EQ(runs[0].size(), 3u);
  EXPECT_DOUBLE_EQ(runs[0][0].x, 0);
  EXPECT_DOUBLE_EQ(runs[0][2].y, 10);
  ASSERT_EQ(runs[1].size(), 3u);
  EXPECT_DOUBLE_EQ(runs[1][0].y, 10);
  EXPECT_DOUBLE_EQ(runs[1][2].x, 10);
  EXPECT_TRUE(clipLine({{20, 20}, {30, 30}}, box).empty());
}
