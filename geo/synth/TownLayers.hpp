#pragma once
// The attribute schema of the town's buildings and households layers, shared by the GeoPackage writer and
// makeTownInputs() so a town loaded from the file and the one made in memory carry the same fields.
#include <string>
#include <vector>

#include "geo/synth/Town.hpp"

namespace gp::synth {

struct FieldDef {
  const char* name;
  int type;  // OGRFieldType: 0 OFTInteger, 4 OFTString
};

// bld_id, name, kind, households, floors, entrances, compound_id, community_id, dedicated
const std::vector<FieldDef>& buildingFields();
std::vector<std::string> buildingValues(const Town& town, const TownBuilding& b);

// hh_id, bld_id, entrance, floor, room, owner_name, phone, id_number
const std::vector<FieldDef>& householdFields();
std::vector<std::string> householdValues(const TownHousehold& h);

}  // namespace gp::synth
