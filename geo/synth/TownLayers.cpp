#include "geo/synth/TownLayers.hpp"

namespace gp::synth {

namespace {
constexpr int kInt = 0, kText = 4;
}

const std::vector<FieldDef>& buildingFields() {
  static const std::vector<FieldDef> f = {{"bld_id", kText},      {"name", kText},        {"kind", kText},
                                          {"households", kInt},   {"floors", kInt},       {"entrances", kInt},
                                          {"compound_id", kText}, {"community_id", kText}, {"dedicated", kInt}};
  return f;
}

std::vector<std::string> buildingValues(const Town& town, const TownBuilding& b) {
  return {b.bld_id,
          b.name,
          toString(b.kind),
          std::to_string(b.households),
          std::to_string(b.floors),
          std::to_string(b.entrances),
          b.compound >= 0 ? town.compounds[b.compound].compound_id : std::string(),
          town.communities[b.community].community_id,
          b.dedicated ? "1" : "0"};
}

const std::vector<FieldDef>& householdFields() {
  static const std::vector<FieldDef> f = {{"hh_id", kText}, {"bld_id", kText},     {"entrance", kInt},
                                          {"floor", kInt},  {"room", kText},       {"owner_name", kText},
                                          {"phone", kText}, {"id_number", kText}};
  return f;
}

std::vector<std::string> householdValues(const TownHousehold& h) {
  return {h.hh_id, h.building->bld_id, std::to_string(h.entrance), std::to_string(h.floor), std::to_string(h.room),
          h.owner_name, h.phone, h.id_number};
}

}  // namespace gp::synth
