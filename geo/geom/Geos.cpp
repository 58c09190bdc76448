#include "geo/geom/Geos.hpp"

#include <stdexcept>

namespace gp::geos {

namespace {
void onMessage(const char* message, void* userdata) { *static_cast<std::string*>(userdata) = message; }

GEOSCoordSequence* toSeq(GEOSContextHandle_t h, const std::vector<XY>& pts, bool close) {
  size_t n = pts.size();
  bool addClose = close && n > 0 && (pts.front().x != pts.back().x || pts.front().y != pts.back().y);
  GEOSCoordSequence* s = GEOSCoordSeq_create_r(h, static_cast<unsigned>(n + (addClose ? 1 : 0)), 2);
  for (size_t i = 0; i < n; ++i) GEOSCoordSeq_setXY_r(h, s, static_cast<unsigned>(i), pts[i].x, pts[i].y);
  if (addClose) GEOSCoordSeq_setXY_r(h, s, static_cast<unsigned>(n), pts[0].x, pts[0].y);
  return s;
}

std::vector<XY> fromSeq(GEOSContextHandle_t h, const GEOSCoordSequence* s) {
  unsigned n = 0;
  GEOSCoordSeq_getSize_r(h, s, &n);
  std::vector<XY> out(n);
  for (unsigned i = 0; i < n; ++i) GEOSCoordSeq_getXY_r(h, s, i, &out[i].x, &out[i].y);
  return out;
}

GEOSGeometry* makePolygon(GEOSContextHandle_t h, const Polygon& p) {
  if (p.rings.empty() || p.rings[0].size() < 4) return GEOSGeom_createEmptyPolygon_r(h);
  GEOSGeometry* shell = GEOSGeom_createLinearRing_r(h, toSeq(h, p.rings[0], true));
  std::vector<GEOSGeometry*> holes;
  for (size_t i = 1; i < p.rings.size(); ++i)
    if (p.rings[i].size() >= 4) holes.push_back(GEOSGeom_createLinearRing_r(h, toSeq(h, p.rings[i], true)));
  return GEOSGeom_createPolygon_r(h, shell, holes.empty() ? nullptr : holes.data(),
                                  static_cast<unsigned>(holes.size()));
}

void collectPolygons(GEOSContextHandle_t h, const GEOSGeometry* g, MultiPolygon& out) {
  if (!g || GEOSisEmpty_r(h, g) == 1) return;
  int type = GEOSGeomTypeId_r(h, g);
  if (type == GEOS_POLYGON) {
    Polygon p;
    p.rings.push_back(fromSeq(h, GEOSGeom_getCoordSeq_r(h, GEOSGetExteriorRing_r(h, g))));
    int nh = GEOSGetNumInteriorRings_r(h, g);
    for (int i = 0; i < nh; ++i) p.rings.push_back(fromSeq(h, GEOSGeom_getCoordSeq_r(h, GEOSGetInteriorRingN_r(h, g, i))));
    out.push_back(std::move(p));
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    int n = GEOSGetNumGeometries_r(h, g);
    for (int i = 0; i < n; ++i) collectPolygons(h, GEOSGetGeometryN_r(h, g, i), out);
  }
}

void collectLines(GEOSContextHandle_t h, const GEOSGeometry* g, std::vector<LineString>& out) {
  if (!g || GEOSisEmpty_r(h, g) == 1) return;
  int type = GEOSGeomTypeId_r(h, g);
  if (type == GEOS_LINESTRING || type == GEOS_LINEARRING) {
    out.push_back(fromSeq(h, GEOSGeom_getCoordSeq_r(h, g)));
  } else if (type == GEOS_MULTILINESTRING || type == GEOS_GEOMETRYCOLLECTION) {
    int n = GEOSGetNumGeometries_r(h, g);
    for (int i = 0; i < n; ++i) collectLines(h, GEOSGetGeometryN_r(h, g, i), out);
  }
}
}  // namespace

Context::Context() : h_(GEOS_init_r()) {
  GEOSContext_setErrorMessageHandler_r(h_, onMessage, &err_);
  GEOSContext_setNoticeMessageHandler_r(h_, onMessage, &err_);
}
Context::~Context() { GEOS_finish_r(h_); }

GeomPtr toGeos(const Context& c, const Polygon& p) { return own(c, makePolygon(c, p)); }

GeomPtr toGeos(const Context& c, const MultiPolygon& mp) {
  std::vector<GEOSGeometry*> parts;
  parts.reserve(mp.size());
  for (const Polygon& p : mp) parts.push_back(makePolygon(c, p));
  return own(c, GEOSGeom_createCollection_r(c, GEOS_MULTIPOLYGON, parts.empty() ? nullptr : parts.data(),
                                            static_cast<unsigned>(parts.size())));
}

GeomPtr toGeos(const Context& c, const LineString& l) {
  if (l.size() < 2) return own(c, GEOSGeom_createEmptyLineString_r(c));
  return own(c, GEOSGeom_createLineString_r(c, toSeq(c, l, false)));
}

GeomPtr toGeos(const Context& c, XY p) { return own(c, GEOSGeom_createPointFromXY_r(c, p.x, p.y)); }

MultiPolygon toMultiPolygon(const Context& c, const GEOSGeometry* g) {
  MultiPolygon out;
  collectPolygons(c, g, out);
  return out;
}

std::vector<LineString> toLineStrings(const Context& c, const GEOSGeometry* g) {
  std::vector<LineString> out;
  collectLines(c, g, out);
  return out;
}

GeomPtr fromWkt(const Context& c, const std::string& wkt) {
  GEOSWKTReader* r = GEOSWKTReader_create_r(c);
  GEOSGeometry* g = GEOSWKTReader_read_r(c, r, wkt.c_str());
  GEOSWKTReader_destroy_r(c, r);
  if (!g) throw std::runtime_error("bad WKT: " + wkt + " (" + c.lastError() + ")");
  return own(c, g);
}

std::string toWkt(const Context& c, const GEOSGeometry* g, int precision) {
  GEOSWKTWriter* w = GEOSWKTWriter_create_r(c);
  GEOSWKTWriter_setRoundingPrecision_r(c, w, precision);
  GEOSWKTWriter_setTrim_r(c, w, 1);
  char* s = GEOSWKTWriter_write_r(c, w, g);
  std::string out = s ? s : "";
  GEOSFree_r(c, s);
  GEOSWKTWriter_destroy_r(c, w);
  return out;
}

}  // namespace gp::geos
