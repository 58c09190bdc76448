// The coordinate systems of the input layers: the one gridplan works in, and checks that a layer's
// coordinates can be in the CRS it claims.
#include "geo/io/LoaderCommon.hpp"

#include "geo/core/I18n.hpp"

#include <cpl_conv.h>
#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace gp::io::loader {

// The layer's CRS; a layer without one is assumed WGS 84 when its coordinates look like degrees,
// else already in the metric CRS. Either way the planner is told.
const OGRSpatialReference* Loader::layerCrs(const SourceLayer& s, const BBox& box) {
  const OGRSpatialReference* srs = s.layer()->GetSpatialRef();
  // A GeoPackage's srs_id 0 and -1 ("Undefined geographic SRS", "Undefined Cartesian SRS") say there is no CRS.
  if (srs && srs->GetName() && std::string(srs->GetName()).rfind("Undefined ", 0) == 0) srs = nullptr;
  if (srs) {
    checkCoordinatesFit(s, *srs, box);
    return srs;
  }
  if (box.empty()) return nullptr;  // a table (e.g. a household register as CSV): nothing to place
  checkCoordinatesFit(s, OGRSpatialReference(), box);  // no CRS to compare with: only an absurd vertex is caught
  bool degrees = !box.empty() && box.minx >= -180 && box.maxx <= 180 && box.miny >= -90 && box.maxy <= 90;
  if (degrees) {
    auto& wgs84 = guessed_.emplace_back();
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    problem("missing_crs", Severity::Warning, s.label(),
            tr("The layer has no CRS (a Shapefile without .prj?); its coordinates look like degrees, so it is read as "
               "WGS 84 (EPSG:4326). If that is wrong, add the .prj or set the CRS in QGIS and save again."));
    return &wgs84;
  }
  // Chinese survey data often comes without .prj; a zone-prefixed easting (25,xxx,xxx–45,xxx,xxx m) names its
  // CGCS2000 3-degree Gauss-Krüger zone (EPSG:4513 = zone 25 … EPSG:4533 = zone 45).
  int zone = box.empty() ? 0 : static_cast<int>(std::floor(box.minx / 1e6));
  if (zone >= 25 && zone <= 45 && std::floor(box.maxx / 1e6) == zone && box.miny > 1e6 && box.maxy < 6.5e6) {
    auto& gk = guessed_.emplace_back();
    gk.importFromEPSG(4513 + zone - 25);
    gk.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    problem("missing_crs", Severity::Warning, s.label(),
            fmt(tr("The layer has no CRS (a Shapefile without .prj?); its eastings start with %1$d, so it is read as "
                   "CGCS2000 3-degree Gauss-Kruger zone %1$d (EPSG:%2$d). If that is wrong, add the .prj."),
                zone, 4513 + zone - 25));
    return &gk;
  }
  problem("missing_crs", Severity::Warning, s.label(),
          fmt(tr("The layer has no CRS (a Shapefile without .prj?) and its coordinates (x %1$s … %2$s, y %3$s … %4$s) "
                 "are neither degrees nor zone-prefixed eastings; they are taken to be metres in the CRS gridplan "
                 "works in. Pass --crs EPSG:N naming their CRS, or add the .prj."),
              shortNumber(box.minx).c_str(), shortNumber(box.maxx).c_str(), shortNumber(box.miny).c_str(),
              shortNumber(box.maxy).c_str()));
  return nullptr;
}

// Coordinates that cannot be in the layer's CRS get a message naming what was seen and what it means (issue 11):
// before, each of these ended in "no usable building after reprojection" or in a plan far from its town.
void Loader::checkCoordinatesFit(const SourceLayer& s, const OGRSpatialReference& srs, const BBox& box) {
  if (box.empty()) return;
  auto range = [](double a, double b) { return shortNumber(a) + " … " + shortNumber(b); };
  // TRANSLATORS: the start of the messages below: --buildings FILE, layer LAYER: …
  const std::string head = fmt(tr("--%1$s %2$s, layer %3$s: "), s.role().c_str(), s.source().c_str(),
                               s.layerName().c_str());
  // TRANSLATORS: what was seen, inside the messages below: "x runs 500000 … 500200, y 3450000 … 3450100".
  const std::string seen =
      fmt(tr("x runs %1$s, y %2$s"), range(box.minx, box.maxx).c_str(), range(box.miny, box.maxy).c_str());
  if (!std::isfinite(box.minx) || !std::isfinite(box.maxx) || !std::isfinite(box.miny) || !std::isfinite(box.maxy) ||
      std::max({std::fabs(box.minx), std::fabs(box.maxx), std::fabs(box.miny), std::fabs(box.maxy)}) > 1e9) {
    // One absurd vertex (1e300) spoils every bounding box and area: name the feature that holds it.
    throw InputError(head + fmt(tr("a coordinate is absurdly large (%1$s); %2$s. Fix or delete that vertex in QGIS."),
                                seen.c_str(), farFeature(s).c_str()));
  }
  if (srs.IsGeographic()) {
    bool xIsLat = std::fabs(box.minx) <= 90 && std::fabs(box.maxx) <= 90;
    bool yBeyondLat = std::fabs(box.miny) > 90 || std::fabs(box.maxy) > 90;
    if (xIsLat && yBeyondLat && std::fabs(box.miny) <= 180 && std::fabs(box.maxy) <= 180)
      throw InputError(head + fmt(tr("the layer's CRS %1$s is in degrees, but %2$s: x looks like latitude and y like "
                                     "longitude, so the two are swapped. Export the layer again with longitude as x "
                                     "(in QGIS, swap them with the field calculator or a new CSV import)."),
                                  crsLabel(&srs).c_str(), seen.c_str()));
    if (std::fabs(box.minx) > 180 || std::fabs(box.maxx) > 180 || std::fabs(box.miny) > 90 ||
        std::fabs(box.maxy) > 90) {
      int zone = static_cast<int>(std::floor(box.minx / 1e6));
      // TRANSLATORS: a note in parentheses after "these are metres" in the message below.
      std::string guess = zone >= 25 && zone <= 45 && std::floor(box.maxx / 1e6) == zone
                              ? fmt(tr(" (zone-prefixed eastings: CGCS2000 3-degree Gauss-Kruger zone %1$d, EPSG:%2$d)"),
                                    zone, 4513 + zone - 25)
                          : box.minx > 1e5 && box.maxx < 1e6 ? std::string(tr(" (CGCS2000 3-degree Gauss-Kruger eastings, "
                                                                              "e.g. EPSG:4549 for central meridian 120°E)"))
                                                             : std::string();
      throw InputError(head + fmt(tr("the layer's CRS %1$s is in degrees, but %2$s: these are metres%3$s, not degrees. "
                                     "Assign the layer its real CRS (QGIS: Layer Properties › Source › Assigned CRS, "
                                     "then save; for a Shapefile replace the .prj). --crs only chooses the CRS gridplan "
                                     "works in, and names the CRS of layers that have none."),
                                  crsLabel(&srs).c_str(), seen.c_str(), guess.c_str()));
    }
    return;
  }
  if (srs.IsProjected()) {
    double fe = srs.GetProjParm(SRS_PP_FALSE_EASTING, 0.0);
    double unit = srs.GetLinearUnits();
    int zone = static_cast<int>(std::floor(box.minx * unit / 1e6));
    if (fe < 1e6 && zone >= 13 && zone <= 45 && std::floor(box.maxx * unit / 1e6) == zone && unit > 0.9 && unit < 1.1) {
      int epsg = zone >= 25 ? 4513 + zone - 25 : 4491 + zone - 13;
      throw InputError(head + fmt(tr("the layer's CRS %1$s has eastings around %2$s m, but %3$s: the eastings start "
                                     "with the Gauss-Kruger zone number %4$d. The matching CRS is EPSG:%5$d (CGCS2000 "
                                     "%6$d-degree zone %4$d with the zone prefix): assign it to the layer (QGIS: Layer "
                                     "Properties › Source › Assigned CRS, then save), or remove the .prj and pass "
                                     "--crs EPSG:%5$d."),
                                  crsLabel(&srs).c_str(), shortNumber(fe).c_str(), seen.c_str(), zone, epsg,
                                  zone >= 25 ? 3 : 6));
    }
  }
}

// The first feature of `s` with a coordinate beyond ±1e9 (for the message of an absurd vertex).
std::string Loader::farFeature(const SourceLayer& s) {
  s.layer()->ResetReading();
  for (auto& f : *s.layer()) {
    const OGRGeometry* g = f->GetGeometryRef();
    if (!g) continue;
    OGREnvelope e;
    g->getEnvelope(&e);
    for (double v : {e.MinX, e.MaxX, e.MinY, e.MaxY})
      if (!std::isfinite(v) || std::fabs(v) > 1e9) {
        s.layer()->ResetReading();
        return fmt(tr("it is in feature %s"), feat(s, f->GetFID()).c_str());
      }
  }
  s.layer()->ResetReading();
  return tr("no single feature holds it");
}

Reprojector Loader::reprojector(const SourceLayer& s, const OGRSpatialReference* from) {
  if (from && target_.IsEmpty())
    throw InputError(fmt(tr("--%1$s %2$s: layer %3$s is in %4$s but the buildings have no CRS, so the two cannot be "
                            "lined up. Add a .prj to the buildings, or pass --crs EPSG:N naming the buildings' CRS."),
                         s.role().c_str(), s.source().c_str(), s.layerName().c_str(), crsLabel(from).c_str()));
  return Reprojector(from, target_);
}

void Loader::chooseCrs() {
  BBox box;
  for (const auto& b : raw_) box.add(bbox(b.geom));
  const OGRSpatialReference* src = layerCrs(*bsrc_, box);
  if (src) {
    bcrs_ = std::make_unique<OGRSpatialReference>(*src);  // keeps the driver's data-axis mapping
  }
  if (!opt_.crs.empty()) {
    target_ = parseMetricCrs(opt_.crs);
    in_.epsg = 0;
    const char* auth = target_.GetAuthorityName(nullptr);
    const char* code = target_.GetAuthorityCode(nullptr);
    if (auth && code && std::string(auth) == "EPSG") in_.epsg = std::atoi(code);
  } else {
    // The centre of the buildings in degrees picks the zone. Buildings in a metric projected CRS keep it
    // (chooseMetricCrs) and need no degrees: the transformation to WGS 84 alone cost PROJ a search of its
    // database, about a tenth of a second on every run.
    XY c = box.center();
    double lon = c.x, lat = c.y;
    if (bcrs_ && !isMetricProjected(*bcrs_)) {
      OGRSpatialReference wgs;
      wgs.importFromEPSG(4326);
      wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
      std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(bcrs_.get(), &wgs));
      if (ct) ct->Transform(1, &lon, &lat);
    }
    if (!bcrs_) {
      // No CRS and not degrees: the coordinates are used as they are.
      target_ = OGRSpatialReference();
      in_.epsg = 0;
      return;
    }
    MetricChoice mc = chooseMetricCrs(bcrs_.get(), lon, lat);
    target_ = mc.srs;
    in_.epsg = mc.epsg;
    problem("metric_crs", Severity::Info, "crs",
            fmt(tr("All layers are reprojected to %1$s: %2$s. Pass --crs EPSG:N to choose another."),
                (mc.epsg ? "EPSG:" + std::to_string(mc.epsg) : crsLabel(&target_)).c_str(), mc.why.c_str()));
  }
  target_.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  char* wkt = nullptr;
  const char* wktOpts[] = {"FORMAT=WKT2_2019", nullptr};
  if (target_.exportToWkt(&wkt, wktOpts) == OGRERR_NONE && wkt) in_.crs_wkt = wkt;
  CPLFree(wkt);
}

}  // namespace gp::io::loader
