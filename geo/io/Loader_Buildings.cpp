// Reading the buildings layer: features, ids, footprints reprojected and repaired, the index by location.
#include "geo/io/LoaderCommon.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <unordered_map>
#include <unordered_set>

#include "geo/core/I18n.hpp"
#include "geo/core/ParallelFor.hpp"
#include "geo/geom/Operations.hpp"
#include "geo/io/BuildingId.hpp"

namespace gp::io::loader {

MultiPolygon Loader::repair(MultiPolygon mp, const std::string& feature, const std::string& what) {
  std::vector<Problem> said;
  MultiPolygon out = repair(g_, std::move(mp), feature, what, said);
  for (auto& p : said) in_.problems.add(std::move(p));
  return out;
}

MultiPolygon Loader::repair(const geos::Context& g, MultiPolygon mp, const std::string& feature,
                            const std::string& what, std::vector<Problem>& said) {
  auto note = [&said](const char* kind, Severity sev, const std::string& f, std::string msg,
                         std::optional<XY> at = std::nullopt) {
    said.push_back({kind, sev, f, std::move(msg), at});
  };
  // Drop degenerate rings first: they make GEOS throw rather than report invalidity.
  for (auto& p : mp) {
    if (!p.rings.empty() && p.rings[0].size() < 4) p.rings.clear();
    p.rings.erase(std::remove_if(p.rings.begin() + (p.rings.empty() ? 0 : 1), p.rings.end(),
                                 [](const Ring& r) { return r.size() < 4; }),
                  p.rings.end());
  }
  mp.erase(std::remove_if(mp.begin(), mp.end(), [](const Polygon& p) { return p.rings.empty(); }), mp.end());
  // Whole sentences for each layer (`what` is "building", "community" or "compound"), so a translation reads well.
  auto say = [&what](const char* building, const char* community, const char* compound) {
    return what == "building" ? tr(building) : what == "community" ? tr(community) : tr(compound);
  };
  if (mp.empty()) {
    note("invalid_geometry", Severity::Warning, feature,
            say(N_("The building polygon has fewer than 3 distinct corners; it is skipped. Redraw it in QGIS."),
                N_("The community polygon has fewer than 3 distinct corners; it is skipped. Redraw it in QGIS."),
                N_("The compound polygon has fewer than 3 distinct corners; it is skipped. Redraw it in QGIS.")));
    return mp;
  }
  geos::Repaired fixed = geos::makeValid(g, mp);
  if (fixed.was_valid) return mp;
  const std::string& why = fixed.reason;
  MultiPolygon out = std::move(fixed.polygons);
  XY at = mp[0].rings[0][0];
  if (out.empty() || area(out) <= 0) {
    note("invalid_geometry", Severity::Warning, feature,
            fmt(say(N_("The building polygon is invalid (%s) and has no area once repaired; it is skipped. Redraw it "
                       "in QGIS."),
                    N_("The community polygon is invalid (%s) and has no area once repaired; it is skipped. Redraw it "
                       "in QGIS."),
                    N_("The compound polygon is invalid (%s) and has no area once repaired; it is skipped. Redraw it "
                       "in QGIS.")),
                why.c_str()),
            at);
    return {};
  }
  note("invalid_geometry", Severity::Warning, feature,
          fmt(say(N_("The building polygon was invalid (%s) and was repaired with GEOS MakeValid. Check its shape in "
                     "QGIS (Vector › Geometry Tools › Check Validity)."),
                  N_("The community polygon was invalid (%s) and was repaired with GEOS MakeValid. Check its shape in "
                     "QGIS (Vector › Geometry Tools › Check Validity)."),
                  N_("The compound polygon was invalid (%s) and was repaired with GEOS MakeValid. Check its shape in "
                     "QGIS (Vector › Geometry Tools › Check Validity).")),
              why.c_str()),
          at);
  return out;
}

namespace {

// Why a feature without a polygon is skipped, and what its households become (`geom` null or empty: no geometry).
std::string skippedMessage(const OGRGeometry* geom, long long hh) {
  if (!geom || geom->IsEmpty())
    return hh > 0 ? fmt(trn("The building has no geometry; it is skipped and its %s household is not counted. "
                            "Draw its footprint.",
                            "The building has no geometry; it is skipped and its %s households are not counted. "
                            "Draw its footprint.",
                            static_cast<unsigned long>(hh)),
                        thousands(hh).c_str())
                  : std::string(tr("The building has no geometry; it is skipped."));
  const char* type = OGRGeometryTypeToName(geom->getGeometryType());
  return hh > 0 ? fmt(trn("The building is a %1$s, not a polygon; it is skipped and its %2$s household is not "
                          "counted. Draw its footprint.",
                          "The building is a %1$s, not a polygon; it is skipped and its %2$s households are not "
                          "counted. Draw its footprint.",
                          static_cast<unsigned long>(hh)),
                      type, thousands(hh).c_str())
                : fmt(tr("The building is a %s, not a polygon; it is skipped."), type);
}

}  // namespace

// No households field was found, and a field whose name no decoding could read may be it: every count would be an
// estimate without a word, the field the planner meant silently ignored (issue 11). The run stops instead.
void Loader::refuseUnreadableHouseholds(const SourceLayer& s) const {
  std::string looked;
  for (const auto& c : kHouseholdFields) looked += (looked.empty() ? "" : ", ") + c;
  throw InputError(fmt(tr("--buildings %1$s, layer %2$s: no households field was found (looked for %3$s), so every "
                          "count would be an estimate. %4$s If none holds households, rename the field (in QGIS: Layer "
                          "Properties › Fields) or pass --encoding ISO-8859-1 (it reads any bytes), and the counts are "
                          "estimated from floors and area."),
                       s.source().c_str(), s.layerName().c_str(), looked.c_str(),
                       s.unreadableAdvice("households-field").c_str()));
}

void Loader::readBuildings() {
  // The names looked for: a Shapefile whose GBK names GDAL decoded as Latin-1 is re-read as GBK when that finds more.
  std::vector<std::string> known = {opt_.households_field, opt_.population_field, opt_.floors_field,
                                    opt_.entrances_field};
  known.erase(std::remove(known.begin(), known.end(), std::string()), known.end());
  for (const auto* names : {&kHouseholdFields, &kFloorFields, &kHeightFields, &kEntranceFields})
    known.insert(known.end(), names->begin(), names->end());
  bsrc_ = std::make_unique<SourceLayer>("buildings", opt_.buildings, opt_.encoding,
                                        std::vector<std::string>{"buildings", "building", "建筑", "楼栋", "multipolygons"},
                                        known);
  SourceLayer& s = *bsrc_;
  if (!s.encodingNote().empty()) problem("encoding", Severity::Info, s.label(), s.encodingNote());
  bool osmPolys = s.isOsm() && s.layerName() == "multipolygons";
  s.setFilter(osmPolys ? "building IS NOT NULL" : "", opt_.where);

  std::string floorsKey, heightKey, hhKey, entKey;
  int hhIdx = resolveWithTags(s, "households-field", opt_.households_field, kHouseholdFields, hhKey);
  int popIdx = opt_.population_field.empty() ? -1 : s.resolveField("population-field", opt_.population_field, {});
  int flIdx = resolveWithTags(s, "floors-field", opt_.floors_field, kFloorFields, floorsKey);
  int htIdx = resolveWithTags(s, "floors-field", "", kHeightFields, heightKey);
  int enIdx = resolveWithTags(s, "entrances-field", opt_.entrances_field, kEntranceFields, entKey);
  int idIdx = s.resolveField("id-field", opt_.id_field, kBuildingIdFields);
  int nmIdx = s.resolveField("name-field", opt_.name_field, kNameFields);
  int cpIdx = s.resolveField("compound-id-field", opt_.compounds.path.empty() ? opt_.compound_id_field : "",
                             kCompoundIdFields);
  int livIdx = s.resolveField("", "", kLivingFields);
  int kindIdx = s.resolveField("", "", {"building", "kind_detail"});
  int dedIdx = s.resolveField("", "", {"dedicated", "专属网格"});
  if (hhIdx == -1 && popIdx < 0 && opt_.household_points.path.empty() && !s.unreadableFields().empty())
    refuseUnreadableHouseholds(s);
  haveHhField_ = hhIdx != -1;
  havePop_ = popIdx >= 0;
  hhFieldName_ = hhIdx >= 0 ? s.fieldNames()[static_cast<size_t>(hhIdx)] : hhKey;
  idFieldName_ = idIdx >= 0 ? s.fieldNames()[static_cast<size_t>(idIdx)] : std::string();
  in_.building_id_field = idFieldName_;
  floorsFieldName_ = flIdx >= 0 ? s.fieldNames()[static_cast<size_t>(flIdx)] : floorsKey;
  entrancesFieldName_ = enIdx >= 0 ? s.fieldNames()[static_cast<size_t>(enIdx)] : entKey;
  if (flIdx == -1 && htIdx != -1) floorsFromHeight_ = true;

  OGRFeatureDefn* defn = s.layer()->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i)
    in_.building_fields.push_back({defn->GetFieldDefn(i)->GetNameRef(), static_cast<int>(defn->GetFieldDefn(i)->GetType())});

  long long n = 0, skipped = 0, skippedHh = 0;
  std::map<std::string, long long> skippedKinds;
  GIntBig expected = std::max<GIntBig>(1, s.layer()->GetFeatureCount(FALSE));
  raw_.reserve(static_cast<size_t>(expected));  // moved, not copied again as the vector grows
  step(N_("buildings"), 0);
  s.layer()->ResetReading();
  ReadWatch watch(gdal_, s);
  for (auto& fp : *s.layer()) {
    watch.next(fp->GetFID());
    OGRFeature* f = fp.get();
    if (++n % 4096 == 0) step(N_("buildings"), std::min(1.0, static_cast<double>(n) / static_cast<double>(expected)));
    RawBuilding b;
    b.fid = f->GetFID();
    b.hh = readCount(f, hhIdx, s, hhKey);
    b.pop = readCount(f, popIdx, s, "");
    b.floors = readCount(f, flIdx, s, floorsKey);
    if (htIdx != -1) {
      Count h = readCount(f, htIdx, s, heightKey);
      if (h.state == Count::Ok || h.state == Count::Fractional) b.height = std::atof(h.text.c_str());
    }
    b.entrances = readCount(f, enIdx, s, entKey);
    b.id = fieldText(f, idIdx);
    b.name = fieldText(f, nmIdx);
    b.compound = fieldText(f, cpIdx);
    if (livIdx >= 0 && f->IsFieldSetAndNotNull(livIdx) && f->GetFieldAsInteger(livIdx) == 0) b.nonResidential = true;
    if (kindIdx >= 0 && kNonResidential.count(fieldText(f, kindIdx))) b.nonResidential = true;
    if (dedIdx >= 0 && f->IsFieldSetAndNotNull(dedIdx) && f->GetFieldAsInteger(dedIdx) != 0) b.dedicated = true;

    const OGRGeometry* geom = f->GetGeometryRef();
    std::string why;
    if (!geom || geom->IsEmpty()) {
      why = "empty_geometry";
    } else {
      b.geom = ogr::toMultiPolygon(geom);
      if (b.geom.empty()) why = "not_polygon";
    }
    if (!why.empty()) {
      ++skipped;
      ++skippedKinds[why];
      long long hh = knownHouseholds(b.hh);
      skippedHh += hh;
      problem(why, hh > 0 ? Severity::Error : Severity::Warning, feat(s, b.fid, b.id.empty() ? "" : "bld_id=" + b.id),
              skippedMessage(geom, hh));
      continue;
    }
    readAttributes(f, b.attrs, b.nulls);
    raw_.push_back(std::move(b));
  }
  watch.done();
  addLayerInfo(s, n);
  std::string kinds;
  for (auto& [k, c] : skippedKinds) kinds += (kinds.empty() ? "" : ", ") + thousands(c) + " " + k;
  in_.households_left_out += skippedHh;
  if (skipped > 0 && skipped < n) {
    const char* advice = skippedHh > 0 ? tr("Give them footprints, or these households are in no grid.")
                                       : tr("Points and lines cannot be buildings; this is harmless if they are labels.");
    problem("skipped_buildings", skippedHh > 0 ? Severity::Error : Severity::Warning, s.label(),
            haveHhField_
                ? fmt(trn("%1$s of %2$s features was skipped (%3$s), holding %4$s households by field %5$s. %6$s",
                          "%1$s of %2$s features were skipped (%3$s), holding %4$s households by field %5$s. %6$s",
                          static_cast<unsigned long>(skipped)),
                      thousands(skipped).c_str(), thousands(n).c_str(), kinds.c_str(), thousands(skippedHh).c_str(),
                      hhFieldName_.c_str(), advice)
                : fmt(trn("%1$s of %2$s features was skipped (%3$s). %4$s",
                          "%1$s of %2$s features were skipped (%3$s). %4$s", static_cast<unsigned long>(skipped)),
                      thousands(skipped).c_str(), thousands(n).c_str(), kinds.c_str(), advice));
  }
  if (raw_.empty())
    throw InputError(fmt(tr("--buildings %1$s, layer %2$s: no usable building polygon among %3$s features%4$s%5$s. "
                            "Give a polygon layer of building footprints%6$s"),
                         s.source().c_str(), s.layerName().c_str(), thousands(n).c_str(),
                         // TRANSLATORS: inserted after "among N features" when the layer was filtered.
                         opt_.where.empty() ? "" : fmt(tr(" matching --where %s"), opt_.where.c_str()).c_str(),
                         kinds.empty() ? "" : (" (" + kinds + ")").c_str(),
                         s.dataset()->GetLayerCount() > 1 ? tr(" (--buildings-layer picks another layer).") : "."));
}

namespace {

// A building's footprint once repaired, what the repair said, its GEOS geometry and a point on its surface.
struct Footprint {
  MultiPolygon polygons;
  std::vector<Problem> said;
  geos::GeomPtr geom;
  XY inside;
};

// Buildings per task of the --jobs threads: each task has its own GEOS context.
constexpr size_t kChunk = 256;

}  // namespace

// Reprojected in order on one transformation (PROJ's messages are counted per transformation); repaired, made GEOS
// geometry and given a point on surface on the --jobs threads, building by building, each one's problems kept with
// it; then ids, problems and the index in building order, so the result is the same on any number of threads.
void Loader::finishBuildings() {
  Reprojector rp(bcrs_.get(), target_);
  const SourceLayer& s = *bsrc_;
  const size_t n = raw_.size();
  std::vector<char> projected(n);
  for (size_t i = 0; i < n; ++i) projected[i] = rp.apply(raw_[i].geom) ? 1 : 0;
  std::vector<Footprint> done(n);
  const GEOSContextHandle_t owner = g_.get();  // the geometries outlive the tasks' contexts (one factory for all)
  parallelFor(static_cast<int>((n + kChunk - 1) / kChunk), opt_.jobs, [&](int chunk) {
    geos::Context g;
    const size_t end = std::min(n, (static_cast<size_t>(chunk) + 1) * kChunk);
    for (size_t i = static_cast<size_t>(chunk) * kChunk; i < end; ++i) {
      if (!projected[i]) continue;
      RawBuilding& b = raw_[i];
      Footprint& f = done[i];
      f.polygons = repair(g, std::move(b.geom), feat(s, b.fid, b.id.empty() ? "" : "bld_id=" + b.id), "building",
                          f.said);
      if (f.polygons.empty()) continue;
      f.geom = geos::GeomPtr(geos::toGeos(g, f.polygons).release(), geos::GeomDeleter{owner});
      f.inside = centroid(f.polygons);
      geos::GeomPtr p = geos::own(g, f.geom ? GEOSPointOnSurface_r(g, f.geom.get()) : nullptr);
      if (p && GEOSisEmpty_r(g, p.get()) == 0) {
        GEOSGeomGetX_r(g, p.get(), &f.inside.x);
        GEOSGeomGetY_r(g, p.get(), &f.inside.y);
      }
    }
  });

  std::unordered_map<std::string, int> seen;
  BuildingIds footprintIds;  // ids from the footprints where the source gives none (stable across formats)
  long long missingIds = 0, dupIds = 0;
  in_.buildings.reserve(n);
  std::vector<RawBuilding> kept;
  kept.reserve(n);
  bindex_ = std::make_unique<PolygonIndex>(g_);
  inside_.clear();
  inside_.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    RawBuilding& b = raw_[i];
    auto label = [&] { return feat(s, b.fid, b.id.empty() ? "" : "bld_id=" + b.id); };  // only when a problem names it
    if (!projected[i]) {
      long long hh = knownHouseholds(b.hh);
      in_.households_left_out += hh;
      problem("transform_failed", Severity::Error, label(),
              hh > 0 ? fmt(trn("The building could not be reprojected to the metric CRS (coordinates outside the CRS's "
                               "area?); it is skipped with its %s household. Check its coordinates and the layer's CRS.",
                               "The building could not be reprojected to the metric CRS (coordinates outside the CRS's "
                               "area?); it is skipped with its %s households. Check its coordinates and the layer's "
                               "CRS.",
                               static_cast<unsigned long>(hh)),
                           thousands(hh).c_str())
                     : std::string(tr("The building could not be reprojected to the metric CRS (coordinates outside "
                                      "the CRS's area?); it is skipped. Check its coordinates and the layer's CRS.")));
      continue;
    }
    for (auto& p : done[i].said) in_.problems.add(std::move(p));
    MultiPolygon fp = std::move(done[i].polygons);
    if (fp.empty()) {
      if (long long hh = knownHouseholds(b.hh); hh > 0) {
        problem("skipped_households", Severity::Error, label(),
                fmt(trn("The building was skipped (see above), so its %s household is not counted. Redraw its "
                        "footprint.",
                        "The building was skipped (see above), so its %s households are not counted. Redraw its "
                        "footprint.",
                        static_cast<unsigned long>(hh)),
                    thousands(hh).c_str()));
        in_.households_left_out += hh;
      }
      continue;
    }
    inside_.push_back(done[i].inside);
    bindex_->add(std::move(done[i].geom));
    Building out;
    if (b.id.empty()) {
      out.bld_id = footprintIds.issue(fp, b.attrs);
      if (!idFieldName_.empty()) ++missingIds;
    } else {
      out.bld_id = b.id;
    }
    int& count = seen[out.bld_id];
    if (++count > 1) {
      std::string renamed = out.bld_id + "-" + std::to_string(count);
      while (seen.count(renamed)) renamed += "b";
      seen[renamed] = 1;
      ++dupIds;
      problem("duplicate_id", Severity::Warning, label(),
              idFieldName_.empty()
                  ? fmt(tr("Building id %1$s is used by more than one building; this one is called %2$s here. Give "
                           "every building its own id."),
                        out.bld_id.c_str(), renamed.c_str())
                  : fmt(tr("Building id %1$s is used by more than one building; this one is called %2$s here. Give "
                           "every building its own id in field %3$s."),
                        out.bld_id.c_str(), renamed.c_str(), idFieldName_.c_str()),
              centroid(fp));
      out.bld_id = renamed;
    }
    out.name = b.name;
    out.footprint = std::move(fp);
    out.source_fid = b.fid;
    out.compound_id = b.compound;
    out.dedicated = b.dedicated;
    out.attrs = std::move(b.attrs);
    out.attr_null = std::move(b.nulls);
    in_.buildings.push_back(std::move(out));
    b.geom.clear();
    kept.push_back(std::move(b));
  }
  raw_ = std::move(kept);
  if (missingIds > 0)
    problem("missing_id", Severity::Warning, s.label(),
            fmt(trn("%1$s building has no value in %2$s; its id was made from its footprint.",
                    "%1$s buildings have no value in %2$s; their ids were made from their footprints.",
                    static_cast<unsigned long>(missingIds)),
                thousands(missingIds).c_str(), idFieldName_.c_str()));
  if (dupIds > 1)
    problem("duplicate_ids", Severity::Warning, s.label(),
            fmt(tr("%s buildings share an id with another; they were renamed <id>-2, <id>-3… Give every building "
                   "its own id."),
                thousands(dupIds).c_str()));
  if (in_.buildings.empty())
    throw InputError(fmt(tr("--buildings %1$s, layer %2$s: no building has a usable polygon after reprojection and "
                            "repair. Check the layer's CRS and geometry in QGIS."),
                         s.source().c_str(), s.layerName().c_str()));

  step(N_("checking buildings"), 1);
  bindex_->build();
}

void Loader::removeBuildings(const std::vector<char>& keep) {
  std::unordered_set<std::string> gone;
  size_t k = 0;
  for (size_t i = 0; i < in_.buildings.size(); ++i) {
    if (!keep[i]) {
      gone.insert(in_.buildings[i].bld_id);
      continue;
    }
    if (k != i) {
      in_.buildings[k] = std::move(in_.buildings[i]);
      raw_[k] = std::move(raw_[i]);
      inside_[k] = inside_[i];
      pointCount_[k] = pointCount_[i];
    }
    ++k;
  }
  in_.buildings.resize(k);
  raw_.resize(k);
  inside_.resize(k);
  pointCount_.resize(k);
  bindex_.reset();  // indexed by the old positions; nothing after this step looks buildings up by location
  for (auto& h : in_.households)
    if (!h.bld_id.empty() && gone.count(h.bld_id)) h.bld_id.clear();
  if (in_.buildings.empty()) {
    std::string ex;
    size_t shown = 0;
    for (const auto& p : in_.problems.items())
      if (p.severity == Severity::Error && p.kind.find("count") != std::string::npos && shown++ < 3)
        ex += "\n  " + p.feature + ": " + p.message;
    throw InputError(fmt(tr("--buildings %1$s, layer %2$s: every building was left out because a count in it is not "
                            "usable; nothing to plan. Correct the values. The first:%3$s"),
                         bsrc_->source().c_str(), bsrc_->layerName().c_str(), ex.c_str()));
  }
}

}  // namespace gp::io::loader
