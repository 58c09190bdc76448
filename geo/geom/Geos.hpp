#pragma once
// RAII for GEOS through its reentrant C API (the _r functions). One Context per thread; geometries
// are owned by GeomPtr, which remembers the context that made them.
#include <geos_c.h>

#include <memory>
#include <string>
#include <vector>

#include "geo/core/Geometry.hpp"

namespace gp::geos {

class Context {
 public:
  Context();
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
  GEOSContextHandle_t get() const { return h_; }
  operator GEOSContextHandle_t() const { return h_; }
  // The last error or notice GEOS reported on this context ("" if none).
  const std::string& lastError() const { return err_; }

 private:
  GEOSContextHandle_t h_;
  std::string err_;
};

struct GeomDeleter {
  GEOSContextHandle_t h = nullptr;
  void operator()(GEOSGeometry* g) const {
    if (g) GEOSGeom_destroy_r(h, g);
  }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

inline GeomPtr own(const Context& c, GEOSGeometry* g) { return GeomPtr(g, GeomDeleter{c.get()}); }

struct PreparedDeleter {
  GEOSContextHandle_t h = nullptr;
  void operator()(const GEOSPreparedGeometry* g) const {
    if (g) GEOSPreparedGeom_destroy_r(h, g);
  }
};
// A prepared geometry; it refers to the geometry it was prepared from, which must outlive it.
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

inline PreparedPtr prepare(const Context& c, const GEOSGeometry* g) {
  return PreparedPtr(g ? GEOSPrepare_r(c, g) : nullptr, PreparedDeleter{c.get()});
}

// Plain geometry → GEOS. An empty input gives an empty geometry collection / polygon.
GeomPtr toGeos(const Context& c, const Polygon& p);
GeomPtr toGeos(const Context& c, const MultiPolygon& mp);  // always a MultiPolygon
GeomPtr toGeos(const Context& c, const LineString& l);
GeomPtr toGeos(const Context& c, XY p);

// GEOS → plain geometry. Polygonal parts of any geometry (collections included) are kept; others dropped.
MultiPolygon toMultiPolygon(const Context& c, const GEOSGeometry* g);
// Linear parts of any geometry, one LineString each.
std::vector<LineString> toLineStrings(const Context& c, const GEOSGeometry* g);

// Parses WKT (for tests). Throws std::runtime_error on bad text.
GeomPtr fromWkt(const Context& c, const std::string& wkt);
std::string toWkt(const Context& c, const GEOSGeometry* g, int precision = 3);

}  // namespace gp::geos
