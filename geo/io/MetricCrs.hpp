#pragma once
// Choosing the one metric CRS every layer is reprojected to (DESIGN §1 coordinates, issue 2 CRS rules):
// the buildings' CRS when it is projected in metres (and not Web Mercator, whose areas are inflated);
// otherwise the Gauss-Krüger 3-degree zone for CGCS2000 (EPSG:4490) input, else the UTM zone of the data.
#include <ogr_spatialref.h>

#include <string>

namespace gp::io {

// EPSG code of the WGS 84 UTM zone holding (lon, lat): 326zz north, 327zz south.
int utmEpsg(double lon, double lat);
// EPSG code of the CGCS2000 3-degree Gauss-Krüger zone (no zone prefix in the easting, EPSG:4534–4554)
// whose central meridian is nearest `lon`; 0 when `lon` is outside China's 75°E–135°E.
int cgcs2000GkEpsg(double lon);
// True for EPSG:4490 or any geographic CRS on the China 2000 datum.
bool isCgcs2000(const OGRSpatialReference& srs);
// True when `srs` is projected with metre units and is usable for areas (not Web/pseudo Mercator).
bool isMetricProjected(const OGRSpatialReference& srs);

// A short label for messages: "EPSG:4490" or the CRS name; "none" (a key, kept in plan_meta) without a CRS.
std::string crsLabel(const OGRSpatialReference* srs);

// Parses "EPSG:N" (or anything SetFromUserInput takes) with traditional GIS (x=east) axis order.
// Throws gp::InputError naming `text` when it is not a CRS, or is not projected in metres.
OGRSpatialReference parseMetricCrs(const std::string& text);

struct MetricChoice {
  OGRSpatialReference srs;  // axis order: traditional GIS (x = easting)
  int epsg = 0;
  std::string why;  // e.g. "the buildings' CRS", "UTM zone 51N for WGS 84 data at 121.5°E"
};

// `source` is the buildings' CRS (may be null), `lon`,`lat` the centre of the buildings in degrees.
MetricChoice chooseMetricCrs(const OGRSpatialReference* source, double lon, double lat);

}  // namespace gp::io
