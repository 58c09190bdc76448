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

  // Adds a polygon (taking ownership); returns its index. Call build() after the last add: it builds the tree at
  // once, so lookups from several threads (one Lookup each) only read it.
  int add(geos::GeomPtr g);
  void build();

  // Index of the first polygon covering p, or -1.
  int find(XY p) const;

  // Lookups for one thread: GEOS prepares geometry on first use, which is not thread-safe, so each thread that looks
  // up a built index at the same time as others has its own context and prepared geometries.
  class Lookup {
   public:
    explicit Lookup(const PolygonIndex& idx) : idx_(idx), prepared_(idx.size()) {}
    int find(XY p);
    std::vector<int> candidates(const GEOSGeometry* g) const;
    const geos::Context& context() const { return c_; }

   private:
    const PolygonIndex& idx_;
    geos::Context c_;
    std::vector<geos::PreparedPtr> prepared_;  // declared after c_, so they go first
  };
  // Indices of polygons whose envelope intersects g's envelope.
  std::vector<int> candidates(const GEOSGeometry* g) const;
  const GEOSGeometry* geom(int i) const { return geoms_[static_cast<size_t>(i)].get(); }
  size_t size() const { return geoms_.size(); }

 private:
  static int findIn(const PolygonIndex& idx, const geos::Context& c, std::vector<geos::PreparedPtr>& prepared, XY p);
  static std::vector<int> query(const PolygonIndex& idx, const geos::Context& c, const GEOSGeometry* g);
  const geos::Context& c_;
  std::vector<geos::GeomPtr> geoms_;
  mutable std::vector<geos::PreparedPtr> prepared_;  // made on first use; declared after geoms_ so they go first
  GEOSSTRtree* tree_ = nullptr;
};

}  // namespace gp::io
