#include "geo/io/Reprojector.hpp"

#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
#include "geo/io/MetricCrs.hpp"

namespace gp::io {

Reprojector::Reprojector() = default;
Reprojector::~Reprojector() = default;
Reprojector::Reprojector(Reprojector&&) noexcept = default;
Reprojector& Reprojector::operator=(Reprojector&&) noexcept = default;

Reprojector::Reprojector(const OGRSpatialReference* from, const OGRSpatialReference& to) {
  if (!from) return;
  OGRSpatialReference src(*from);
  if (src.IsSame(&to) && src.GetDataAxisToSRSAxisMapping() == to.GetDataAxisToSRSAxisMapping()) return;
  ct_.reset(OGRCreateCoordinateTransformation(&src, &to));
  if (!ct_)
    throw InputError(fmt(tr("cannot transform from %1$s to %2$s: PROJ knows no path between them. Reproject the layer "
                            "in QGIS or pass --crs."),
                         crsLabel(&src).c_str(), crsLabel(&to).c_str()));
}

bool Reprojector::apply(std::vector<XY>& pts) const {
  if (!ct_ || pts.empty()) return true;
  xs_.resize(pts.size());
  ys_.resize(pts.size());
  ok_.assign(pts.size(), TRUE);
  for (size_t i = 0; i < pts.size(); ++i) xs_[i] = pts[i].x, ys_[i] = pts[i].y;
  // GDAL counts points in an int; a ring beyond that is transformed in slices.
  bool all = true;
  constexpr size_t kSlice = static_cast<size_t>(std::numeric_limits<int>::max());
  for (size_t at = 0; at < pts.size(); at += kSlice) {
    const int n = static_cast<int>(std::min(kSlice, pts.size() - at));
    all = ct_->Transform(n, xs_.data() + at, ys_.data() + at, nullptr, ok_.data() + at) == TRUE && all;
  }
  for (size_t i = 0; i < pts.size(); ++i) {
    pts[i] = {xs_[i], ys_[i]};
    if (!ok_[i] || !std::isfinite(xs_[i]) || !std::isfinite(ys_[i])) {
      all = false;
      pts[i] = {NAN, NAN};
    }
  }
  return all;
}

bool Reprojector::apply(MultiPolygon& mp) const {
  bool ok = true;
  for (auto& p : mp)
    for (auto& r : p.rings) ok = apply(r) && ok;
  return ok;
}

}  // namespace gp::io
