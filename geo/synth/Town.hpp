#pragma once
// The synthetic town as plain data: what generateTown() makes and what the GeoPackage writer and
// makeTownInputs() turn into files and Inputs. All coordinates in EPSG:4549 metres.
#include <functional>
#include <string>
#include <vector>

#include "geo/core/Geometry.hpp"
#include "geo/synth/Synth.hpp"

namespace gp::synth {

// Midrise (9-storey blocks) and Shed (sheds, garages, outbuildings: no households) only in awkward towns.
enum class BuildingKind { Walkup, Tower, Villa, Shop, School, Hospital, Office, Midrise, Shed };
// "walkup", "tower", "villa", "shop", "school", "hospital", "office", "midrise", "shed"
const char* toString(BuildingKind k);
inline bool residential(BuildingKind k) {
  return k == BuildingKind::Walkup || k == BuildingKind::Tower || k == BuildingKind::Villa ||
         k == BuildingKind::Midrise;
}

struct TownBuilding {
  // compound_id + "-" + 3-digit number, e.g. "320508001004-03-012"; on open land (no compound)
  // community_id + "-00-" + 3-digit number
  std::string bld_id;
  std::string name;    // "12号楼" (numbered inside the compound)
  BuildingKind kind = BuildingKind::Walkup;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // axis-aligned footprint; entrances run west → east
  // Entrances hold households / entrances each (the first households % entrances one more); in an
  // awkward town an entrance may hold fewer than floors x per_floor (vacant flats, spread over its floors).
  int households = 0;
  int floors = 1;
  int entrances = 1;
  int per_floor = 0;  // flats a floor per entrance (0 when non-residential)
  bool dedicated = false;
  int compound = -1;   // index into Town::compounds; -1 on open land (only sheds of an awkward town)
  int community = -1;  // index into Town::communities
  Polygon footprint() const;
};

struct TownCompound {
  std::string compound_id;  // community_id + "-" + 2-digit number
  std::string name;         // 桂花苑, 平江新村, 实验小学 ...
  std::string kind;         // walkup, tower, mixed, villa, school, hospital, office, sheds
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // the wall
  int community = -1;
  int households = 0;
  Polygon area() const;
};

struct TownCommunity {
  std::string community_id;  // 12 digits: 320508 + street + community
  std::string name;
  std::string street;        // 街道 name
  // The block between main-road centre lines (T-junction vertices included): one polygon, but in an
  // awkward town two blocks merged (a concave outline) or two separate blocks (a community in two parts).
  MultiPolygon area;
  int households = 0;
};

struct TownRoad {
  std::string name;
  std::string kind;  // main, secondary, inner
  LineString line;
};

struct TownWater {
  std::string name;
  std::string kind;  // lake (across a main road, in two communities) or pond (in a park)
  Polygon area;      // a pond may have an island (a hole)
};

struct Awkward {
  std::string tiny_community_id;    // below 200 households
  std::string river_compound_id;    // crossed by the river, buildings on both banks
  std::string big_tower_bld_id;     // 528 households in 2 entrances
  std::string big_entrance_bld_id;  // 462 households in 1 entrance (400+, varying, in an awkward town)
  // Only with SynthOptions::awkward:
  std::string multipart_community_id;  // its area is two separate blocks
  bool multipart_empty_part = false;   // … and its second part has no homes (half the time)
  std::string concave_community_id;    // its area is two blocks of neighbouring rows merged (L, T or Z shaped)
  std::string shed_community_id;       // where the shed cluster stands
  std::string shed_compound_id;        // its compound (kind "sheds"), empty when it stands on open land
  int sheds = 0;                       // buildings of kind shed, 0 households each
};

struct Town {
  SynthOptions options;
  BBox bounds;  // the union of the communities
  std::vector<TownCommunity> communities;
  std::vector<TownCompound> compounds;
  std::vector<TownBuilding> buildings;
  std::vector<TownRoad> roads;
  TownRoad river;  // kind "river"
  // Only with SynthOptions::awkward (else empty): water areas (kept clear of buildings and compounds)
  // and a railway (kind "railway") crossing the town north-south, clear of compounds.
  std::vector<TownWater> water;
  TownRoad railway;
  Awkward awkward;
  long households = 0;  // sum over buildings
};

// Throws gp::InputError when the options are out of range (see validate()).
Town generateTown(const SynthOptions& opt);

// Appends `count` village communities in a row along the town's south edge (Villages.cpp).
void addVillages(Town& town, int count);

// The town's roster as CSV text (see writeTown), and the number of workers in it.
std::string townRosterCsv(const Town& town, long* workers);
// Writes it to `path` atomically; throws gp::InputError naming the path when it cannot.
void writeTownRoster(const std::string& path, const Town& town, long* workers);

struct TownHousehold {
  long index = 0;      // 0-based over the whole town, in building order
  std::string hh_id;   // "H" + 9 digits
  const TownBuilding* building = nullptr;
  XY at;               // strictly inside the footprint
  int entrance = 1;    // 1-based
  int floor = 1;
  int room = 101;      // floor * 100 + number on the floor
  std::string owner_name, phone, id_number;  // synthetic private fields
};

// Calls `fn` once per household, building by building, entrance by entrance, floor by floor. The
// private fields are drawn from a stream of the town seed and the building index, so they do not
// depend on which other buildings exist.
void forEachHousehold(const Town& town, const std::function<void(const TownHousehold&)>& fn);

}  // namespace gp::synth
