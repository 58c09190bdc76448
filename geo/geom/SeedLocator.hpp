#pragma once
// Which seed's region holds a point: nearest sample point, or nearest outline segment. Internal to geo/geom
// (the tessellation gives each face to a seed with it).
#include <cstdint>
#include <vector>

#include "geo/core/Geometry.hpp"
#include "geo/geom/SeedBoundaries.hpp"

namespace gp::geom {

// Nearest-point search over points through a uniform grid. Keeps a reference to the points.
class PointGrid {
 public:
  explicit PointGrid(const std::vector<XY>& pts);
  // Index of the point nearest to q (-1 when there are none). Ties go to the lowest index.
  int32_t nearest(XY q) const;
  // Appends to out every point within r of q (and some a little farther).
  void near(XY q, double r, std::vector<int32_t>& out) const;

 private:
  int64_t ix(double x) const;
  int64_t iy(double y) const;
  const std::vector<XY>& pts_;
  BBox box_;
  double cell_ = 1;
  int64_t nx_ = 1, ny_ = 1;
  std::vector<int32_t> start_, items_;
};

// The seed whose region holds a point: that of the nearest sample point, or, when the regions are those of
// the outlines' segments (bySegments), the seed whose outline is nearest (ties to the lowest seed). Sample
// points lie along the outlines, each edge's at most `spacing` apart; sites come seed by seed. Keeps
// references to both site lists.
class SeedLocator {
 public:
  SeedLocator(const SeedSites& sampled, const SeedSites& outlines, bool bySegments, double spacing);
  int32_t seedAt(XY q);  // -1 when there are no sample points

 private:
  const SeedSites& sampled_;
  const SeedSites& outlines_;
  bool bySegments_;
  double spacing_;
  PointGrid grid_;
  std::vector<size_t> firstSegment_;
  std::vector<int32_t> near_, candidates_;
};

}  // namespace gp::geom
