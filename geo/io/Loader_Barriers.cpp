// Reading a barriers layer: roads, railways, rivers and water areas as lines.
#include "geo/io/LoaderCommon.hpp"

#include "geo/core/I18n.hpp"


namespace gp::io::loader {

void Loader::readBarriers(const LayerSource& src) {
  SourceLayer s("barriers", src, opt_.encoding, {"roads", "barriers", "lines", "river", "道路"},
                knownFields({}, {&kBarrierKindFields, &kBarrierNameFields, &kTunnelFields}));
  if (!s.encodingNote().empty()) problem("encoding", Severity::Info, s.label(), s.encodingNote());
  OGRwkbGeometryType gt = wkbFlatten(s.layer()->GetGeomType());
  if (gt == wkbPoint || gt == wkbMultiPoint)
    throw InputError(s.dataset()->GetLayerCount() > 1
                         ? fmt(tr("--barriers %1$s, layer %2$s: the layer holds points, but a barrier is a line (a road, "
                                  "railway or river) or an area. Give the line layer (--barriers-layer picks it)."),
                               s.source().c_str(), s.layerName().c_str())
                         : fmt(tr("--barriers %1$s, layer %2$s: the layer holds points, but a barrier is a line (a road, "
                                  "railway or river) or an area. Give the line layer."),
                               s.source().c_str(), s.layerName().c_str()));
  int hwIdx = s.resolveField("", "", {"highway"});
  int wwIdx = s.resolveField("", "", {"waterway"});
  int rwIdx = s.resolveField("", "", {"railway"});
  int kindIdx = s.resolveField("", "", kBarrierKindFields);
  int nmIdx = s.resolveField("", "", kBarrierNameFields);
  int tunIdx = s.resolveField("", "", kTunnelFields);
  if (s.isOsm() && s.layerName() == "lines") {
    std::string f;
    for (int i : {hwIdx, wwIdx, rwIdx})
      if (i >= 0) f += (f.empty() ? "" : " OR ") + s.fieldNames()[static_cast<size_t>(i)] + " IS NOT NULL";
    s.setFilter(f, "");
  }
  const std::string lname = lower(s.layerName());
  auto has = [&](const char* w) { return lname.find(w) != std::string::npos; };
  std::string layerKind = has("river") || has("water") || has("河") || has("水")   ? "river"
                          : has("rail") || has("铁路")                           ? "railway"
                          : has("road") || has("street") || has("路") || has("街") || has("line") ? "road"
                                                                                   : "barrier";
  std::vector<Barrier> out;
  long long n = 0, minor = 0, polygons = 0, underground = 0;
  ReadWatch watch(gdal_, s);
  for (auto& fp : *s.layer()) {
    watch.next(fp->GetFID());
    ++n;
    OGRFeature* f = fp.get();
    const OGRGeometry* geom = f->GetGeometryRef();
    if (!geom || geom->IsEmpty()) continue;
    std::string kind = layerKind;
    std::string hw = fieldText(f, hwIdx), k = fieldText(f, kindIdx), rw = fieldText(f, rwIdx);
    // Tunnels and underground or disused lines do not separate anything on the ground.
    bool tunnel = (tunIdx >= 0 && f->IsFieldSetAndNotNull(tunIdx) && fieldText(f, tunIdx) != "no" &&
                   fieldText(f, tunIdx) != "0") ||
                  (s.hasOtherTags() && osmTag(f->GetFieldAsString(s.otherTagsIndex()), "tunnel").value_or("no") != "no");
    if (tunnel || kMinorRailways.count(rw)) {
      ++underground;
      continue;
    }
    if (!hw.empty()) {
      if (kMinorHighways.count(hw)) {
        ++minor;
        continue;
      }
      kind = "road";
    } else if (!fieldText(f, wwIdx).empty()) {
      kind = "river";
    } else if (!rw.empty()) {
      kind = "railway";
    } else if (!k.empty()) {
      if (k == "path" || k == "ferry" || k == "aerialway") {
        ++minor;
        continue;
      }
      if (k.find("road") != std::string::npos || k == "highway") kind = "road";
      else if (k == "rail") kind = "railway";
      else if (k == "river" || k == "riverbank" || k == "water" || k == "canal" || k == "stream") kind = "river";
    }
    std::vector<LineString> lines = ogr::toLineStrings(geom);
    MultiPolygon polys = ogr::toMultiPolygon(geom);
    if (!polys.empty()) ++polygons;
    for (auto& p : polys)
      for (auto& r : p.rings) lines.push_back(r);
    std::string name = fieldText(f, nmIdx);
    for (auto& l : lines)
      if (l.size() >= 2) out.push_back({kind, name, std::move(l)});
  }
  watch.done();
  addLayerInfo(s, n);
  BBox box;
  for (auto& b : out) box.add(bbox(b.line));
  Reprojector rp = reprojector(s, layerCrs(s, box));
  long long failed = 0;
  for (auto& b : out) {
    if (!rp.apply(b.line)) {
      ++failed;
      continue;
    }
    in_.barriers.push_back(std::move(b));
  }
  if (polygons > 0)
    problem("barrier_polygons", Severity::Info, s.label(),
            fmt(trn("%s barrier feature is an area (e.g. a river drawn as water); its outline is used as a barrier "
                    "line.",
                    "%s barrier features are areas (e.g. a river drawn as water); their outlines are used as barrier "
                    "lines.",
                    static_cast<unsigned long>(polygons)),
                thousands(polygons).c_str()));
  if (minor > 0)
    problem("minor_paths_ignored", Severity::Info, s.label(),
            fmt(tr("%s footways, paths and service roads are not used as barriers: they run inside compounds."),
                thousands(minor).c_str()));
  if (underground > 0)
    problem("tunnels_ignored", Severity::Info, s.label(),
            fmt(tr("%s tunnels, subway, tram and disused railway lines are not used as barriers."),
                thousands(underground).c_str()));
  if (failed > 0)
    problem("transform_failed", Severity::Warning, s.label(),
            fmt(trn("%s barrier line could not be reprojected and is skipped.",
                    "%s barrier lines could not be reprojected and are skipped.", static_cast<unsigned long>(failed)),
                thousands(failed).c_str()));
}

// Text that is not valid UTF-8 (a wrong --encoding, a damaged field) once reached the plan file's JSON writer and
// ended the run with an internal error (issue 11). Every text read is made valid here, once: undecodable bytes

}  // namespace gp::io::loader
