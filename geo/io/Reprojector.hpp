#pragma once
// Transforms plain coordinates in bulk (PROJ is much faster on arrays than point by point) from a layer's CRS
// to the metric CRS gridplan works in.
#include <memory>
#include <vector>

#include "geo/core/Geometry.hpp"

class OGRSpatialReference;
class OGRCoordinateTransformation;

namespace gp::io {

class Reprojector {
 public:
  // The identity (no transformation).
  Reprojector();
  // From `from` (nullptr: the identity) to `to`. The layer's own data-axis mapping is kept as its driver set it
  // (drivers give x = easting or longitude even for latitude-first CRSs such as EPSG:4490). Throws InputError
  // when PROJ knows no path between the two.
  Reprojector(const OGRSpatialReference* from, const OGRSpatialReference& to);
  ~Reprojector();
  Reprojector(Reprojector&&) noexcept;
  Reprojector& operator=(Reprojector&&) noexcept;

  // False when some point could not be transformed; those points become NaN.
  bool apply(std::vector<XY>& pts) const;
  bool apply(MultiPolygon& mp) const;

 private:
  std::unique_ptr<OGRCoordinateTransformation> ct_;
  mutable std::vector<double> xs_, ys_;
  mutable std::vector<int> ok_;
};

}  // namespace gp::io
