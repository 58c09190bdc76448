#pragma once
// Which polygon holds a point: a GEOS STRtree over polygons with prepared geometries, so that placing
// tens of thousands of buildings or a million household points costs O(log n) each, not a scan.
#include <vector>

#include "geo/geom/Geos.hpp"

namespace gp::io {

class PolygonIndex {
 public:
  explicit PolygonIndex(const geos::Context& c);
  ~PolygonIndex();
  PolygonIndex(const PolygonIndex&) = delete;
  PolygonIndex& operator=(const PolygonIndex&) = delete;

  // Adds a polygon (taking ownership); returns its index. Call build() after the last add.
  int add(geos::GeomPtr g);
  void build();

  // Index of the first polygon covering p, or -1.
  int find(XY p) const;
  // Indices of polygons whose envelope intersects g's envelope.
  std::vector<int> candidates(const GEOSGeometry* g) const;
  const GEOSGeometry* geom(int i) const { return geoms_[static_cast<size_t>(i)].get(); }
  size_t size() const { return geoms_.size(); }

 private:
  const geos::Context& c_;
  std::vector<geos::GeomPtr> geoms_;
  mutable std::vector<geos::PreparedPtr> prepared_;  // made on first use; declared after geoms_ so they go first
  GEOSSTRtree* tree_ = nullptr;
};

}  // namespace gp::io
