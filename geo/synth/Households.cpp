// One point per household inside its building: entrances west to east, flats of a floor along the
// front, floors spread north-south so the points of one stairwell do not coincide. Vacant flats (awkward
// towns) have no point.
#include <cstdio>

#include "geo/synth/Names.hpp"
#include "geo/synth/Town.hpp"

namespace gp::synth {

void forEachHousehold(const Town& town, const std::function<void(const TownHousehold&)>& fn) {
  TownHousehold h;
  long index = 0;
  char buf[32];
  for (size_t bi = 0; bi < town.buildings.size(); ++bi) {
    const TownBuilding& b = town.buildings[bi];
    if (b.households <= 0) continue;
    Rng rng(mixSeed(town.options.seed ^ 0x486F757365686F6Cull, bi));  // "Househol": a stream of its own
    h.building = &b;
    const int pf = std::max(1, b.per_floor);
    const double ew = (b.x1 - b.x0) / b.entrances, depth = b.y1 - b.y0;
    // Villas have one household for the whole house; it is recorded on the ground floor.
    const int floors_lived = b.kind == BuildingKind::Villa ? 1 : b.floors;
    const long flats = static_cast<long>(floors_lived) * pf;
    for (int e = 1; e <= b.entrances; ++e) {
      // The entrance's households; where it has vacant flats (awkward towns only), they are spread over its
      // floors: flat j (floor by floor) is lived in when floor((j + 1) * occupied / flats) steps up.
      const long occupied = b.households / b.entrances + (e <= b.households % b.entrances ? 1 : 0);
      long j = 0;
      for (int f = 1; f <= floors_lived; ++f)
        for (int k = 1; k <= pf; ++k, ++j) {
          if (occupied < flats && (j + 1) * occupied / flats == j * occupied / flats) continue;
          h.index = index++;
          std::snprintf(buf, sizeof buf, "H%09ld", h.index + 1);
          h.hh_id = buf;
          h.entrance = e;
          h.floor = f;
          h.room = f * 100 + k;
          const double fy = b.floors > 1 ? static_cast<double>(f - 1) / (b.floors - 1) : 0.5;
          h.at = {b.x0 + (e - 1) * ew + (k - 0.5) / pf * ew, b.y0 + depth * (0.15 + 0.7 * fy)};
          h.owner_name = personName(rng);
          h.phone = fakePhone(rng);
          h.id_number = fakeIdNumber(rng);
          fn(h);
        }
    }
  }
}

}  // namespace gp::synth
