// One point per household inside its building: entrances west to east, flats of a floor along the
// front, floors spread north-south so the points of one stairwell do not coincide.
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
    for (int e = 1; e <= b.entrances; ++e)
      for (int f = 1; f <= b.floors; ++f) {
        // Villas have one household for the whole house; it is recorded on the ground floor.
        if (b.kind == BuildingKind::Villa && f > 1) break;
        for (int k = 1; k <= pf; ++k) {
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
