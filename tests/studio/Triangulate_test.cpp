#include "app/studio/Triangulate.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace gp;
using gp::studio::triangulate;
using gp::studio::Vec2f;

namespace {

double area(const std::vector<Vec2f>& t) {
  double a = 0;
  for (size_t i = 0; i + 2 < t.size(); i += 3)
    a += std::fabs((t[i + 1].x - t[i].x) * (t[i + 2].y - t[i].y) - (t[i + 2].x - t[i].x) * (t[i + 1].y - t[i].y)) / 2;
  return a;
}

Ring square(double x0, double y0, double s) { return {{x0, y0}, {x0 + s, y0}, {x0 + s, y0 + s}, {x0, y0 + s}, {x0, y0}}; }

// A pentagram with a small hole in its top point: its ring crosses itself five times, so GLU (which the hole
// makes sure of) combines five new vertices for it.
MultiPolygon pentagram() {
  Ring r;
  for (int k = 0; k <= 5; ++k) {
    const double a = M_PI / 2 + k * 4 * M_PI / 5;
    r.push_back({100 * std::cos(a), 100 * std::sin(a)});
  }
  r.back() = r.front();
  return {Polygon{{r, square(-2, 70, 4)}}};
}

}  // namespace

TEST(Triangulate, ConvexFanAndHoleKeepTheirArea) {
  std::vector<Vec2f> out;
  triangulate({Polygon{{square(0, 0, 10)}}}, {0, 0}, out);
  EXPECT_NEAR(area(out), 100, 1e-6);
  out.clear();
  triangulate({Polygon{{square(0, 0, 10), square(2, 2, 3)}}}, {0, 0}, out);  // a hole goes through GLU
  EXPECT_NEAR(area(out), 91, 1e-4);
}

TEST(Triangulate, CombinedVerticesLiveAsLongAsTheirPolygon) {
  // The five points of a pentagram, without its centre (odd winding). Its combined vertices once came from a
  // pool shared by all polygons and cleared past 100,000 entries; the clear fell inside the 20,001st
  // pentagram and freed the vertices it had combined so far, which gave it a wrong shape.
  std::vector<Vec2f> out;
  triangulate(pentagram(), {0, 0}, out);
  const double want = area(out);
  ASSERT_GT(want, 1000);
  for (int i = 0; i < 20100; ++i) {
    out.clear();
    triangulate(pentagram(), {0, 0}, out);
    ASSERT_NEAR(area(out), want, 1e-2) << "pentagram " << i;
  }
}
