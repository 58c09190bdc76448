#pragma once
// Conversions between OGR geometries and gridplan's plain geometry. GDAL's own RAII types
// (GDALDatasetUniquePtr, OGRFeatureUniquePtr, OGRGeometryUniquePtr) own the handles.
#include <ogr_geometry.h>

#include <memory>

#include "geo/core/Geometry.hpp"

namespace gp::ogr {

// Polygonal parts of any OGR geometry (curves are linearised); other parts are dropped.
MultiPolygon toMultiPolygon(const OGRGeometry* g);
// Linear parts of any OGR geometry, one LineString each (polygon rings are not lines).
std::vector<LineString> toLineStrings(const OGRGeometry* g);

std::unique_ptr<OGRMultiPolygon> toOgr(const MultiPolygon& mp);
std::unique_ptr<OGRPolygon> toOgr(const Polygon& p);
std::unique_ptr<OGRLineString> toOgr(const LineString& l);

}  // namespace gp::ogr
