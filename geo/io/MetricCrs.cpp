#include "geo/io/MetricCrs.hpp"

#include <cmath>
#include <cstring>

#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"

namespace gp::io {

int utmEpsg(double lon, double lat) {
  int zone = static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1;
  if (zone < 1) zone = 1;
  if (zone > 60) zone = 60;
  return (lat >= 0 ? 32600 : 32700) + zone;
}

int cgcs2000GkEpsg(double lon) {
  // EPSG:4534 is CM 75°E, then one code per 3 degrees up to EPSG:4554 at CM 135°E.
  if (lon < 73.5 || lon > 136.5) return 0;
  int k = static_cast<int>(std::lround((lon - 75.0) / 3.0));
  if (k < 0) k = 0;
  if (k > 20) k = 20;
  return 4534 + k;
}

namespace {
int epsgOf(const OGRSpatialReference& srs) {
  const char* name = srs.IsProjected() ? "PROJCS" : srs.IsGeographic() ? "GEOGCS" : nullptr;
  const char* auth = srs.GetAuthorityName(name);
  const char* code = srs.GetAuthorityCode(name);
  if (auth && code && std::strcmp(auth, "EPSG") == 0) return std::atoi(code);
  OGRSpatialReference copy(srs);
  if (copy.AutoIdentifyEPSG() == OGRERR_NONE) {
    auth = copy.GetAuthorityName(name);
    code = copy.GetAuthorityCode(name);
    if (auth && code && std::strcmp(auth, "EPSG") == 0) return std::atoi(code);
  }
  return 0;
}
}  // namespace

bool isCgcs2000(const OGRSpatialReference& srs) {
  if (!srs.IsGeographic()) return false;
  if (epsgOf(srs) == 4490) return true;
  const char* datum = srs.GetAttrValue("DATUM");
  if (!datum) return false;
  std::string d = datum;
  return d.find("China_2000") != std::string::npos || d.find("China 2000") != std::string::npos ||
         d.find("CGCS2000") != std::string::npos;
}

bool isMetricProjected(const OGRSpatialReference& srs) {
  if (!srs.IsProjected()) return false;
  if (std::fabs(srs.GetLinearUnits() - 1.0) > 1e-9) return false;
  int e = epsgOf(srs);
  if (e == 3857 || e == 900913 || e == 3395) return false;
  const char* method = srs.GetAttrValue("PROJECTION");
  if (method && std::string(method).find("Mercator_1SP") != std::string::npos && e == 0) {
    // Mercator without an EPSG identity is most often a web map export: not area-preserving enough.
    return false;
  }
  return true;
}

std::string crsLabel(const OGRSpatialReference* srs) {
  const char* n = srs ? srs->GetName() : nullptr;
  // A GeoPackage's srs_id 0 and -1 ("Undefined geographic SRS", …) say there is no CRS, as Loader::layerCrs reads them.
  if (!srs || (n && std::string(n).rfind("Undefined ", 0) == 0)) return "none";
  if (int e = epsgOf(*srs)) return "EPSG:" + std::to_string(e);
  return n ? n : tr("unnamed CRS");
}

OGRSpatialReference parseMetricCrs(const std::string& text) {
  OGRSpatialReference srs;
  if (srs.SetFromUserInput(text.c_str()) != OGRERR_NONE)
    throw InputError(fmt(tr("--crs %s is not a coordinate reference system GDAL knows; give one like EPSG:4549"),
                         text.c_str()));
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (!srs.IsProjected() || std::fabs(srs.GetLinearUnits() - 1.0) > 1e-9)
    throw InputError(fmt(tr("--crs %s is not a projected CRS in metres; give a metric one such as EPSG:4549 "
                            "(CGCS2000 / 3-degree Gauss-Kruger CM 120E) or a UTM zone"),
                         text.c_str()));
  return srs;
}

MetricChoice chooseMetricCrs(const OGRSpatialReference* source, double lon, double lat) {
  MetricChoice c;
  if (source && isMetricProjected(*source)) {
    c.srs = *source;
    c.srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    c.epsg = epsgOf(*source);
    c.why = tr("the buildings' own projected CRS");
    return c;
  }
  int gk = source && isCgcs2000(*source) ? cgcs2000GkEpsg(lon) : 0;
  if (gk) {
    c.epsg = gk;
    c.why = fmt(tr("CGCS2000 3-degree Gauss-Kruger zone, CM %1$dE, for CGCS2000 data at %2$.2fE"), 75 + 3 * (gk - 4534),
                lon);
  } else {
    c.epsg = utmEpsg(lon, lat);
    c.why = fmt(tr("UTM zone %1$d%2$c for data at %3$.2f, %4$.2f"), c.epsg % 100, lat >= 0 ? 'N' : 'S', lon, lat);
  }
  // TRANSLATORS: appended to the reason a CRS was chosen ("UTM zone 51N for data at …").
  if (source && source->IsProjected()) c.why += tr(" (the buildings' CRS is not usable for areas in metres)");
  c.srs.importFromEPSG(c.epsg);
  c.srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return c;
}

}  // namespace gp::io
