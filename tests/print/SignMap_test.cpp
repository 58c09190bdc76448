#include "geo/print/SignMap.hpp"

#include <gtest/gtest.h>

#include "geo/print/QrCode.hpp"
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
