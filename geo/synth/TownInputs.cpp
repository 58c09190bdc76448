// makeTownInputs(): the synthetic town as the loader would normalise it, without touching files.
#include <ogr_spatialref.h>

#include "geo/synth/Synth.hpp"
#include "geo/synth/Town.hpp"
#include "geo/synth/TownLayers.hpp"

namespace gp::synth {

namespace {

std::string epsgWkt(int epsg) {
  OGRSpatialReference srs;
  if (srs.importFromEPSG(epsg) != OGRERR_NONE) return {};
  char* wkt = nullptr;
  srs.exportToWkt(&wkt);
  std::string out = wkt ? wkt : "";
  CPLFree(wkt);
  return out;
}

}  // namespace

gp::Inputs makeTownInputs(const SynthOptions& opt) {
  const Town town = generateTown(opt);
  Inputs in;
  in.crs_wkt = epsgWkt(kEpsg);
  in.epsg = kEpsg;
  std::string src = "synth:households=" + std::to_string(opt.households) + ",seed=" + std::to_string(opt.seed);
  if (opt.awkward) src += ",awkward";
  const char* crs = "EPSG:4549";
  in.layers.push_back({"buildings", src, "buildings", crs, static_cast<long long>(town.buildings.size()), ""});
  in.layers.push_back({"communities", src, "communities", crs, static_cast<long long>(town.communities.size()), ""});
  in.layers.push_back({"compounds", src, "compounds", crs, static_cast<long long>(town.compounds.size()), ""});
  in.layers.push_back({"barriers", src, "roads", crs, static_cast<long long>(town.roads.size()), ""});
  in.layers.push_back({"barriers", src, "river", crs, 1, ""});
  if (opt.awkward) {
    in.layers.push_back({"barriers", src, "water", crs, static_cast<long long>(town.water.size()), ""});
    in.layers.push_back({"barriers", src, "railways", crs, 1, ""});
  }

  for (const auto& f : buildingFields()) in.building_fields.push_back({f.name, f.type});
  in.buildings.reserve(town.buildings.size());
  for (size_t i = 0; i < town.buildings.size(); ++i) {
    const TownBuilding& tb = town.buildings[i];
    Building b;
    b.bld_id = tb.bld_id;
    b.name = tb.name;
    b.footprint = {tb.footprint()};
    b.households = tb.households;
    b.hh_source = HhSource::Field;
    b.floors = tb.floors;
    b.floors_estimated = false;
    b.entrances = tb.entrances;
    b.entrances_estimated = false;
    b.compound_id = tb.compound >= 0 ? town.compounds[tb.compound].compound_id : std::string();
    b.community_id = town.communities[tb.community].community_id;
    b.dedicated = tb.dedicated;
    b.source_fid = static_cast<long long>(i) + 1;  // GeoPackage fids of the written layer
    b.attrs = buildingValues(town, tb);
    b.attr_null.assign(b.attrs.size(), false);
    in.buildings.push_back(std::move(b));
  }
  for (const auto& tc : town.communities) in.communities.push_back({tc.community_id, tc.name, tc.area, tc.households});
  for (const auto& cp : town.compounds) in.compounds.push_back({cp.compound_id, cp.name, {cp.area()}});
  for (const auto& r : town.roads) in.barriers.push_back({"road", r.name, r.line});
  in.barriers.push_back({"river", town.river.name, town.river.line});
  // As the loader reads the water and railways layers: a water area's rings are river lines.
  for (const auto& w : town.water)
    for (const auto& r : w.area.rings) in.barriers.push_back({"river", w.name, r});
  if (!town.railway.line.empty()) in.barriers.push_back({"railway", town.railway.name, town.railway.line});

  if (opt.household_points) {
    in.layers.push_back({"households", src, "households", crs, town.households, ""});
    for (const auto& f : householdFields()) in.household_fields.push_back({f.name, f.type});
    in.households.reserve(static_cast<size_t>(town.households));
    forEachHousehold(town, [&](const TownHousehold& h) {
      HouseholdPoint p;
      p.hh_id = h.hh_id;
      p.at = h.at;
      p.bld_id = h.building->bld_id;
      p.entrance = h.entrance;
      p.floor = h.floor;
      p.attrs = householdValues(h);
      p.attr_null.assign(p.attrs.size(), false);
      in.households.push_back(std::move(p));
    });
  }
  return in;
}

}  // namespace gp::synth
