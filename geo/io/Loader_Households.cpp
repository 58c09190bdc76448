// Household points, and every building's households, floors and entrances from its checked counts.
#include "geo/io/LoaderCommon.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <unordered_map>

#include "geo/core/I18n.hpp"
#include "geo/io/Estimates.hpp"

namespace gp::io::loader {

namespace {

// One household record: its point (a point geometry, else the centroid of whatever geometry it has), id,
// entrance, floor and attributes. `hasPoint` says whether it has a location.
HouseholdPoint householdFromFeature(OGRFeature* f, int idIdx, int enIdx, int flIdx, bool& hasPoint) {
  const OGRGeometry* geom = f->GetGeometryRef();
  HouseholdPoint h;
  if (geom && !geom->IsEmpty()) {
    auto t = wkbFlatten(geom->getGeometryType());
    if (t == wkbPoint) {
      h.at = {geom->toPoint()->getX(), geom->toPoint()->getY()};
      hasPoint = true;
    } else {
      OGRPoint c;
      if (geom->Centroid(&c) == OGRERR_NONE && !c.IsEmpty()) {
        h.at = {c.getX(), c.getY()};
        hasPoint = true;
      }
    }
  }
  std::string hid = fieldText(f, idIdx);
  // Appended, not "H" + …: gcc 12 warns falsely (-Wrestrict) on that form once inlined here.
  h.hh_id = hid.empty() ? std::string("H").append(std::to_string(f->GetFID())) : hid;
  if (enIdx >= 0 && f->IsFieldSetAndNotNull(enIdx)) h.entrance = f->GetFieldAsInteger(enIdx);
  if (flIdx >= 0 && f->IsFieldSetAndNotNull(flIdx)) h.floor = f->GetFieldAsInteger(flIdx);
  readAttributes(f, h.attrs, h.attr_null);
  return h;
}

}  // namespace

namespace {

// One bulk transform (PROJ is much faster on arrays than point by point); a point that fails becomes non-finite,
// as one without a location is.
void reprojectPoints(std::vector<HouseholdPoint>& pts, const Reprojector& rp) {
  std::vector<XY> all;
  all.reserve(pts.size());
  for (const auto& h : pts) all.push_back(std::isfinite(h.at.x) ? h.at : XY{0, 0});
  rp.apply(all);
  for (size_t i = 0; i < pts.size(); ++i)
    if (std::isfinite(pts[i].at.x))
      pts[i].at = std::isfinite(all[i].x) && std::isfinite(all[i].y) ? all[i] : XY{NAN, NAN};
}

// Household points naming buildings the buildings layer lacks: how many, a few of the names, and what to pass.
std::string unknownBuildingMessage(long long count, const std::vector<std::string>& examples, const std::string& field,
                                   const std::string& idField) {
  std::string ex;
  for (auto& e : examples) ex += (ex.empty() ? "" : ", ") + e;
  return fmt(trn("%1$s household point names a building that is not in the buildings layer (in field %2$s, e.g. "
                 "%3$s); it was placed by location where it has one. %4$s",
                 "%1$s household points name a building that is not in the buildings layer (in field %2$s, e.g. "
                 "%3$s); they were placed by location where they have one. %4$s",
                 static_cast<unsigned long>(count)),
             thousands(count).c_str(), field.c_str(), ex.c_str(),
             idField.empty() ? tr("The buildings' ids are made from their footprints: pass --id-field naming the "
                                  "buildings' field that holds the ids the register uses.")
                             : fmt(tr("Check the ids in %s match the register's."), idField.c_str()).c_str());
}

}  // namespace

void Loader::readHouseholdPoints() {
  pointCount_.assign(in_.buildings.size(), 0);
  if (opt_.household_points.path.empty()) return;
  SourceLayer s("household-points", opt_.household_points, opt_.encoding, {"households", "household", "住户", "户"},
                knownFields({opt_.household_building_field}, {&kHhIdFields, &kHhEntranceFields, &kHhFloorFields}));
  if (!s.encodingNote().empty()) problem("encoding", Severity::Info, s.label(), s.encodingNote());
  int bIdx = opt_.household_building_field.empty()
                 ? -1
                 : s.resolveField("household-building-field", opt_.household_building_field, {});
  int idIdx = s.resolveField("", "", kHhIdFields);
  int enIdx = s.resolveField("", "", kHhEntranceFields);
  int flIdx = s.resolveField("", "", kHhFloorFields);
  OGRFeatureDefn* defn = s.layer()->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i)
    in_.household_fields.push_back({defn->GetFieldDefn(i)->GetNameRef(), static_cast<int>(defn->GetFieldDefn(i)->GetType())});

  std::unordered_map<std::string, int> byId;
  for (size_t i = 0; i < in_.buildings.size(); ++i) byId.emplace(in_.buildings[i].bld_id, static_cast<int>(i));

  std::vector<HouseholdPoint> pts;
  std::vector<long long> fids;
  std::vector<std::string> claimed;
  GIntBig expected = s.layer()->GetFeatureCount(FALSE);  // cheap where the driver knows it (GPKG)
  if (expected > 0) {
    pts.reserve(static_cast<size_t>(expected));
    fids.reserve(static_cast<size_t>(expected));
    if (bIdx >= 0) claimed.reserve(static_cast<size_t>(expected));
  }
  long long n = 0, noGeom = 0;
  step(N_("household points"), 0);
  ReadWatch watch(gdal_, s);
  for (auto& fp : *s.layer()) {
    watch.next(fp->GetFID());
    OGRFeature* f = fp.get();
    if (++n % 16384 == 0)
      step(N_("household points"), std::min(1.0, static_cast<double>(n) / static_cast<double>(std::max<GIntBig>(1, expected))));
    bool hasPoint = false;
    HouseholdPoint h = householdFromFeature(f, idIdx, enIdx, flIdx, hasPoint);
    if (bIdx >= 0) claimed.push_back(fieldText(f, bIdx));
    if (!hasPoint) {
      ++noGeom;
      h.at = {NAN, NAN};
    }
    pts.push_back(std::move(h));
    fids.push_back(f->GetFID());
  }
  watch.done();
  addLayerInfo(s, n);

  BBox box;
  for (const auto& h : pts)
    if (std::isfinite(h.at.x)) box.add(h.at);
  const OGRSpatialReference* crs = layerCrs(s, box);
  Reprojector rp = reprojector(s, crs);
  reprojectPoints(pts, rp);
  long long outside = 0, unknownBld = 0;
  std::vector<std::string> unknownEx;
  for (size_t i = 0; i < pts.size(); ++i) {
    HouseholdPoint& h = pts[i];
    int bi = -1;
    if (bIdx >= 0 && !claimed[i].empty()) {
      auto it = byId.find(claimed[i]);
      if (it != byId.end()) {
        bi = it->second;
      } else {
        ++unknownBld;
        if (unknownEx.size() < kFewExamples) unknownEx.push_back(claimed[i]);
      }
    }
    if (bi < 0 && std::isfinite(h.at.x)) bi = bindex_->find(h.at);
    if (bi < 0) {
      // One problem per point for the first few hundred; the summary below counts them all.
      if (++outside > 200) continue;
      problem("household_outside_building", Severity::Warning, feat(s, fids[i], "hh_id=" + h.hh_id),
              std::isfinite(h.at.x) ? tr("The household point lies in no building, so it is counted in none. Move it "
                                         "into its building or fill the building field.")
                                    : tr("The household has no location and no known building; it is counted in none."),
              std::isfinite(h.at.x) ? std::optional<XY>(h.at) : std::nullopt);
      continue;
    }
    h.bld_id = in_.buildings[static_cast<size_t>(bi)].bld_id;
    ++pointCount_[static_cast<size_t>(bi)];
  }
  if (noGeom > 0 && opt_.household_building_field.empty())
    problem("household_no_location", Severity::Warning, s.label(),
            fmt(trn("%s household record has no point; without --household-building-field it cannot be placed in "
                    "a building.",
                    "%s household records have no point; without --household-building-field they cannot be placed "
                    "in a building.",
                    static_cast<unsigned long>(noGeom)),
                thousands(noGeom).c_str()));
  if (unknownBld > 0)
    problem("household_unknown_building", Severity::Warning, s.label(),
            unknownBuildingMessage(unknownBld, unknownEx, opt_.household_building_field, idFieldName_));
  if (outside > 0) {
    // Without a households field the points are the counts: a point in no building is a household lost (issue 11:
    // 500 of 500 register records without a location once gave exit 0).
    bool lost = !haveHhField_;
    if (lost) in_.households_left_out += outside;
    problem("households_unplaced", lost ? Severity::Error : Severity::Warning, s.label(),
            lost ? fmt(trn("%1$s of %2$s household records lands in no building, so this household is in no grid. "
                           "Give each record a point inside its building, or pass --household-building-field naming "
                           "the field that holds its building id.",
                           "%1$s of %2$s household records land in no building, so these %1$s households are in no "
                           "grid. Give each record a point inside its building, or pass --household-building-field "
                           "naming the field that holds its building id.",
                           static_cast<unsigned long>(outside)),
                       thousands(outside).c_str(), thousands(n).c_str())
                 : fmt(trn("%1$s of %2$s household records lands in no building; the buildings' households field is "
                           "used, so no household is lost.",
                           "%1$s of %2$s household records land in no building; the buildings' households field is "
                           "used, so no household is lost.",
                           static_cast<unsigned long>(outside)),
                       thousands(outside).c_str(), thousands(n).c_str()));
  }
  in_.households = std::move(pts);
}

// Whether a count is usable: NULL, or a whole number from 0 to `cap`. Anything else is a problem of severity error
// naming the feature, field and value (issue 11), and the caller leaves the building out.
bool Loader::countUsable(const Count& c, long long cap, const char* what, const std::string& field,
                         const char* capOption, const Label& label, XY at, bool halvesAllowed) {
  // `what` is marked N_ by the callers ("Households", "Floors", …) and translated here.
  if (c.state == Count::Null || (c.state == Count::Ok && c.value <= cap) || (c.state == Count::Fractional && halvesAllowed))
    return true;  // before any text is made: this runs for every count of every building
  const std::string w = tr(what), text = c.text;
  std::string kind, msg;
  switch (c.state) {
    case Count::Null: return true;
    case Count::Ok:
      kind = "count_too_large";
      msg = fmt(tr("%1$s \"%2$s\" in field %3$s is above the cap of %4$s a building (%5$s); the building is left out "
                   "of the plan. Correct the value, or pass %5$s N if the building really holds that many."),
                w.c_str(), text.c_str(), field.c_str(), thousands(cap).c_str(), capOption);
      break;
    case Count::Fractional:
      kind = "fractional_count";
      msg = fmt(tr("%1$s \"%2$s\" in field %3$s is not a whole number; the building is left out of the plan. Correct "
                   "the value."),
                w.c_str(), text.c_str(), field.c_str());
      break;
    case Count::Negative:
      kind = "negative_count";
      msg = fmt(tr("%1$s \"%2$s\" in field %3$s is negative; the building is left out of the plan. Correct the "
                   "value."),
                w.c_str(), text.c_str(), field.c_str());
      break;
    case Count::NonNumeric:
      kind = "non_numeric_count";
      msg = fmt(tr("%1$s \"%2$s\" in field %3$s is not a number; the building is left out of the plan. Correct the "
                   "value."),
                w.c_str(), text.c_str(), field.c_str());
      break;
    case Count::NonFinite:
      kind = "non_finite_count";
      msg = fmt(tr("%1$s \"%2$s\" in field %3$s is not a finite number; the building is left out of the plan. "
                   "Correct the value."),
                w.c_str(), text.c_str(), field.c_str());
      break;
  }
  problem(kind, Severity::Error, label(), msg, at);
  return false;
}

// Every count of building i is checked before it is used; one bad count leaves the building out (its households
// cannot be trusted, and guessing them would hide the typo). False then, with what is known of its households
// tallied in t.
bool Loader::checkCounts(size_t i, const Label& label, HouseholdTally& t) {
  const SourceLayer& s = *bsrc_;
  const RawBuilding& r = raw_[i];
  const bool pointsGiven = !opt_.household_points.path.empty();
  const std::string& popField = opt_.population_field;
  bool usable = true;
  if (haveHhField_)
    usable = countUsable(r.hh, maxHouseholds(), N_("Households"), hhFieldName_, "--max-households", label, inside_[i],
                         false) && usable;
  if (havePop_)
    usable = countUsable(r.pop, maxHouseholds() * 100, N_("Population"), popField, "--max-households", label,
                         inside_[i], true) && usable;
  // OpenStreetMap tags half storeys (an attic: building:levels=2.5); elsewhere a fractional floor count is a typo.
  usable = countUsable(r.floors, maxFloors(), N_("Floors"), floorsFieldName_, "--max-floors", label, inside_[i],
                       s.isOsm()) && usable;
  usable = countUsable(r.entrances, maxEntrances(), N_("Entrances"), entrancesFieldName_, "--max-entrances", label,
                       inside_[i], false) && usable;
  if (usable && r.height > 3.0 * static_cast<double>(maxFloors())) {
    problem("count_too_large", Severity::Error, label(),
            fmt(tr("Height %1$s m is above %2$s m (%3$s floors, --max-floors); the building is left out of the plan. "
                   "Correct the value."),
                shortNumber(r.height).c_str(), thousands(3 * maxFloors()).c_str(), thousands(maxFloors()).c_str()),
            inside_[i]);
    usable = false;
  }
  if (!usable) {
    ++t.leftOut;
    // What is known of its households is reported, so households read = households planned + left out.
    if (pointsGiven && !haveHhField_) t.leftOutPoints += pointCount_[i];
    if (haveHhField_) t.leftOutHh += knownHouseholds(r.hh);
    return false;
  }
  return true;
}

// Households of building i from its checked counts; false when a count is not usable and the building is left
// out (tallied in t).
bool Loader::decideBuilding(size_t i, const Label& label, HouseholdTally& t) {
  Building& b = in_.buildings[i];
  const RawBuilding& r = raw_[i];
  const bool pointsGiven = !opt_.household_points.path.empty();
  if (!checkCounts(i, label, t)) return false;

  // Floors: the field, else height ÷ 3 m, else the default; used for the estimate and kept for pieces.
  if (r.floors.state == Count::Ok) {
    b.floors = static_cast<int>(r.floors.value);
  } else if (r.floors.state == Count::Fractional) {
    b.floors = std::max(1, static_cast<int>(std::floor(std::atof(r.floors.text.c_str()))));
    ++t.halfFloors;
  }
  if (b.floors <= 0 && r.height > 0) {
    b.floors = std::max(1, static_cast<int>(std::lround(r.height / 3.0)));
    b.floors_estimated = true;
    ++t.heightFloors;
  }

  bool decided = false;
  if (haveHhField_) {
    if (r.hh.state == Count::Ok) {
      b.households = static_cast<int>(r.hh.value);
      b.hh_source = HhSource::Field;
      decided = true;
    } else if (!opt_.estimate_missing && !pointsGiven && !havePop_) {
      b.households = 0;
      b.hh_source = HhSource::Field;
      decided = true;
      ++t.nullHh;
    }
  }
  if (decided && pointsGiven && b.hh_source == HhSource::Field && pointCount_[i] != b.households) {
    ++t.mismatch;
    t.mismatchDiff += pointCount_[i] - b.households;
    if (t.mismatch <= 200)
      problem("households_mismatch", Severity::Warning, label(),
              // TRANSLATORS: %2$d households in the field, %3$d household points in the building.
              fmt(tr("Field %1$s says %2$d households but %3$d household points lie in the building; the field is "
                     "used. Check the register or the count."),
                  hhFieldName_.c_str(), b.households, pointCount_[i]),
              inside_[i]);
  }
  long long guess = -1;
  std::string guessHow;
  bool fromPopulation = false;  // guessHow is translated: it cannot tell the kind of estimate
  if (!decided && havePop_ && (r.pop.state == Count::Ok || r.pop.state == Count::Fractional)) {
    guess = std::llround(static_cast<double>(r.pop.value) / std::max(0.1, opt_.persons_per_household));
    guessHow = fmt(tr("population %1$s ÷ %2$s"), r.pop.text.c_str(), shortNumber(opt_.persons_per_household).c_str());
    fromPopulation = true;
    b.hh_source = HhSource::Estimate;
    decided = true;
    ++t.fromPop;
  }
  if (!decided && pointsGiven) {
    b.households = pointCount_[i];
    b.hh_source = HhSource::Points;
    decided = true;
    ++t.fromPoints;
    if (b.households == 0) ++t.zeroPoints;
  }
  if (!decided) {
    int floors = b.floors;
    if (floors <= 0) {
      floors = std::max(1, opt_.default_floors);
      b.floors = floors;
      b.floors_estimated = true;
      ++t.defaultFloors;
    }
    guess = r.nonResidential ? 0
                             : estimateHouseholds(floors, area(b.footprint), opt_.floor_area_factor,
                                                  opt_.area_per_household);
    guessHow = fmt(tr("%1$d floors × %2$s m² × %3$s ÷ %4$s m²"), floors, shortNumber(std::round(area(b.footprint))).c_str(),
                   shortNumber(opt_.floor_area_factor).c_str(), shortNumber(opt_.area_per_household).c_str());
    b.hh_source = HhSource::Estimate;
    ++t.estimated;
  }
  if (guess >= 0) {
    if (guess > maxHouseholds()) {
      problem("count_too_large", Severity::Error, label(),
              fmt(tr("The household estimate %1$s = %2$s is above the cap of %3$s a building (--max-households); the "
                     "building is left out of the plan. Check the layer's CRS and units (a footprint in the wrong units "
                     "is huge) or give a households field."),
                  guessHow.c_str(), thousands(guess).c_str(), thousands(maxHouseholds()).c_str()),
              inside_[i]);
      ++t.leftOut;
      return false;
    }
    b.households = static_cast<int>(guess);
    if (b.hh_source == HhSource::Estimate && !fromPopulation) t.estimatedHh += guess;
  }

  // Entrances: the field, else from the footprint's shape.
  if (r.entrances.state == Count::Ok && r.entrances.value >= 1) {
    b.entrances = static_cast<int>(r.entrances.value);
    b.entrances_estimated = false;
  } else {
    b.entrances =
        b.households > 0 ? std::min(estimateEntrances(b.footprint, 15.0, b.households, b.floors), b.households) : 1;
    b.entrances_estimated = true;
    if (b.households > 0) ++t.estEntr;
  }
  return true;
}

void Loader::decideHouseholds() {
  const SourceLayer& s = *bsrc_;
  HouseholdTally t;
  std::vector<char> keep(in_.buildings.size(), 1);
  for (size_t i = 0; i < in_.buildings.size(); ++i)
    if (!decideBuilding(i, [&] { return feat(s, in_.buildings[i].source_fid, "bld_id=" + in_.buildings[i].bld_id); }, t))
      keep[i] = 0;
  if (t.leftOut > 0) removeBuildings(keep);
  t.leftOutHh += t.leftOutPoints;
  in_.households_left_out += t.leftOutHh;
  if (t.leftOut > 0)
    problem("buildings_left_out", Severity::Error, s.label(),
            t.leftOutPoints > 0
                ? fmt(trn("%1$s building is left out of the plan because a count in it is not usable (listed above by "
                          "feature), with the %2$s household points that lie in it. Correct the values and run again.",
                          "%1$s buildings are left out of the plan because a count in them is not usable (listed above "
                          "by feature), with the %2$s household points that lie in them. Correct the values and run "
                          "again.",
                          static_cast<unsigned long>(t.leftOut)),
                      thousands(t.leftOut).c_str(), thousands(t.leftOutPoints).c_str())
                : fmt(trn("%s building is left out of the plan because a count in it is not usable (listed above by "
                          "feature). Correct the values and run again.",
                          "%s buildings are left out of the plan because a count in them is not usable (listed above "
                          "by feature). Correct the values and run again.",
                          static_cast<unsigned long>(t.leftOut)),
                      thousands(t.leftOut).c_str()));

  reportHouseholdSources(t);
}

void Loader::reportHouseholdSources(const HouseholdTally& t) {
  const SourceLayer& s = *bsrc_;
  const std::string L = s.label();
  const size_t nb = in_.buildings.size();
  if (t.nullHh > 0)
    problem("missing_count", Severity::Info, L,
            fmt(trn("%1$s of %2$s buildings has no value in %3$s; it is counted as non-residential (0 households). "
                    "Fill the field, or pass --estimate-missing to estimate it from floors and area.",
                    "%1$s of %2$s buildings have no value in %3$s; they are counted as non-residential (0 households). "
                    "Fill the field, or pass --estimate-missing to estimate them from floors and area.",
                    static_cast<unsigned long>(t.nullHh)),
                thousands(t.nullHh).c_str(), thousands(static_cast<long long>(nb)).c_str(), hhFieldName_.c_str()));
  if (t.fromPop > 0)
    problem("households_from_population", Severity::Info, L,
            fmt(trn("%1$s building's households are its population in %2$s ÷ %3$s persons per household (an "
                    "estimate).",
                    "%1$s buildings' households are their population in %2$s ÷ %3$s persons per household (an "
                    "estimate).",
                    static_cast<unsigned long>(t.fromPop)),
                thousands(t.fromPop).c_str(), opt_.population_field.c_str(),
                shortNumber(opt_.persons_per_household).c_str()));
  if (t.estimated > 0)
    problem("estimated_households", Severity::Info, L,
            fmt(trn("%1$s of %2$s buildings has households estimated as floors × area × %3$s ÷ %4$s m² (%5$s "
                    "households in all). Give a households field or household points for real counts.",
                    "%1$s of %2$s buildings have households estimated as floors × area × %3$s ÷ %4$s m² (%5$s "
                    "households in all). Give a households field or household points for real counts.",
                    static_cast<unsigned long>(t.estimated)),
                thousands(t.estimated).c_str(), thousands(static_cast<long long>(nb)).c_str(),
                shortNumber(opt_.floor_area_factor).c_str(), shortNumber(opt_.area_per_household).c_str(),
                thousands(t.estimatedHh).c_str()));
  if (t.defaultFloors > 0)
    problem("estimated_floors", Severity::Info, L,
            floorsFieldName_.empty()
                ? fmt(trn("%1$s building has no floors and no height; %2$d floor(s) assumed for its household "
                          "estimate. Fill the floors or pass --default-floors N.",
                          "%1$s buildings have no floors and no height; %2$d floor(s) assumed for their household "
                          "estimate. Fill the floors or pass --default-floors N.",
                          static_cast<unsigned long>(t.defaultFloors)),
                      thousands(t.defaultFloors).c_str(), std::max(1, opt_.default_floors))
                : fmt(trn("%1$s building has no floors in %2$s and no height; %3$d floor(s) assumed for its household "
                          "estimate. Fill the floors or pass --default-floors N.",
                          "%1$s buildings have no floors in %2$s and no height; %3$d floor(s) assumed for their "
                          "household estimate. Fill the floors or pass --default-floors N.",
                          static_cast<unsigned long>(t.defaultFloors)),
                      thousands(t.defaultFloors).c_str(), floorsFieldName_.c_str(), std::max(1, opt_.default_floors)));
  if (t.heightFloors > 0)
    problem("floors_from_height", Severity::Info, L,
            fmt(trn("%s building's floors are its height ÷ 3 m.", "%s buildings' floors are their height ÷ 3 m.",
                    static_cast<unsigned long>(t.heightFloors)),
                thousands(t.heightFloors).c_str()));
  if (t.halfFloors > 0)
    problem("half_floors", Severity::Info, L,
            fmt(trn("%1$s building has a fractional floors value in %2$s (OpenStreetMap's half storeys); the whole "
                    "floors below it are used.",
                    "%1$s buildings have a fractional floors value in %2$s (OpenStreetMap's half storeys); the whole "
                    "floors below it are used.",
                    static_cast<unsigned long>(t.halfFloors)),
                thousands(t.halfFloors).c_str(), floorsFieldName_.c_str()));
  if (t.mismatch > 0)
    problem("households_mismatches", Severity::Warning, L,
            fmt(trn("%1$s building's households field disagrees with its household points (points minus field: %2$s "
                    "in all); the field is used.",
                    "%1$s buildings' households field disagrees with their household points (points minus field: %2$s "
                    "in all); the field is used.",
                    static_cast<unsigned long>(t.mismatch)),
                thousands(t.mismatch).c_str(), thousands(t.mismatchDiff).c_str()));
  if (t.zeroPoints > 0)
    problem("no_household_points", Severity::Info, L,
            fmt(trn("%1$s of %2$s buildings counted from household points holds none; it is non-residential (0 "
                    "households).",
                    "%1$s of %2$s buildings counted from household points hold none; they are non-residential (0 "
                    "households).",
                    static_cast<unsigned long>(t.zeroPoints)),
                thousands(t.zeroPoints).c_str(), thousands(t.fromPoints).c_str()));
  if (t.estEntr > 0)
    problem("estimated_entrances", Severity::Info, L,
            fmt(trn("%s residential building has entrances (单元) estimated from its footprint (towers 1, or one per 8 "
                    "households a floor; slab blocks one per 15 m). Give an entrances field for real numbers.",
                    "%s residential buildings have entrances (单元) estimated from their footprint (towers 1, or one per "
                    "8 households a floor; slab blocks one per 15 m). Give an entrances field for real numbers.",
                    static_cast<unsigned long>(t.estEntr)),
                thousands(t.estEntr).c_str()));
}

}
