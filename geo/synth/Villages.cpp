// Villages at the edge of the town (SynthOptions::villages): communities of a few square kilometres whose
// homes are one-household village houses in hamlets (自然村) scattered over farmland, each house with an
// outbuilding half the time. A grid of 200-400 households there holds hundreds of small buildings and spans
// kilometres, the case the sign printer has to keep pace with.
#include <cstdio>

#include "geo/synth/Random.hpp"
#include "geo/synth/Town.hpp"

namespace gp::synth {

namespace {

const char* kSurnames[] = {"王家", "李家", "张家", "陈家", "刘家", "杨家", "黄家", "赵家", "周家", "吴家",
                           "徐家", "孙家", "朱家", "马家", "胡家", "郭家", "何家", "高家", "林家", "罗家"};
const char* kPlaces[] = {"浜", "湾", "庄", "埭", "桥", "塘", "巷", "墩"};

std::string id3(int n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%03d", n);
  return buf;
}

}  // namespace

void addVillages(Town& town, int count) {
  if (count <= 0) return;
  Rng rng(mixSeed(town.options.seed, 0x56696C6Cull));  // "Vill": a stream of its own
  const double W = 2400, H = 1800;                         // one village community
  const double left = town.bounds.empty() ? 0 : town.bounds.minx;
  const double top = town.bounds.empty() ? 0 : town.bounds.miny;  // villages lie south of the town
  const double spacing = 18;  // house plots; a house (≤ 12 m) and its shed (4 m, 1.5 m off) fit in one
  for (int v = 0; v < count; ++v) {
    const double x0 = left + v * W, x1 = x0 + W, y1 = top, y0 = top - H;
    TownCommunity tc;
    tc.community_id = "320508900" + id3(v + 1);
    tc.name = std::string(kSurnames[rng.uniformInt(0, 19)]) + "村";
    tc.street = "城郊镇";
    tc.area = {Polygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}};
    const int ci = static_cast<int>(town.communities.size());
    int no = 0;
    // Hamlets in 4 x 4 slots of 600 x 450 m, about two in three slots used.
    for (int sy = 0; sy < 4; ++sy)
      for (int sx = 0; sx < 4; ++sx) {
        if (!rng.chance(0.7)) continue;
        const int cols = rng.uniformInt(5, 9), rows = rng.uniformInt(4, 7);
        const double hx = x0 + sx * 600 + rng.uniform(40, 600 - 40 - cols * spacing);
        const double hy = y0 + sy * 450 + rng.uniform(40, 450 - 40 - rows * spacing);
        const std::string hamlet = std::string(kSurnames[rng.uniformInt(0, 19)]) + kPlaces[rng.uniformInt(0, 7)];
        for (int r = 0; r < rows; ++r)
          for (int c = 0; c < cols; ++c) {
            if (!rng.chance(0.85)) continue;
            TownBuilding b;
            b.kind = BuildingKind::Villa;
            b.x0 = hx + c * spacing + rng.uniform(0, 1);
            b.y0 = hy + r * spacing + rng.uniform(0, 1);
            b.x1 = b.x0 + rng.uniform(9, 11);
            b.y1 = b.y0 + rng.uniform(10, 12);
            b.households = 1;
            b.floors = rng.uniformInt(2, 3);
            b.entrances = 1;
            b.per_floor = 1;
            b.community = ci;
            b.bld_id = tc.community_id + "-00-" + id3(++no);
            b.name = hamlet + std::to_string(r * cols + c + 1) + "号";
            const TownBuilding house = b;
            town.buildings.push_back(b);
            tc.households += 1;
            if (rng.chance(0.5)) {
              TownBuilding s;
              s.kind = BuildingKind::Shed;
              s.x0 = house.x1 + 1.5, s.x1 = s.x0 + 4, s.y0 = house.y0, s.y1 = s.y0 + 5;
              s.households = 0;
              s.community = ci;
              s.bld_id = tc.community_id + "-00-" + id3(++no);
              s.name = hamlet + std::to_string(r * cols + c + 1) + "号附属房";
              town.buildings.push_back(s);
            }
          }
      }
    town.households += tc.households;
    town.communities.push_back(std::move(tc));
    // Country roads along the village's south and east edges (its north edge is the town's, or the road
    // of the town's south boundary).
    char name[64];
    std::snprintf(name, sizeof name, "城郊%d号公路", v + 1);
    town.roads.push_back({name, "main", {{x1, y1}, {x1, y0}}});
  }
  town.roads.push_back({"城郊环路", "main", {{left, top - H}, {left + count * W, top - H}}});
  town.bounds.add(XY{left, top - H});
  town.bounds.add(XY{left + count * W, top});
}

}  // namespace gp::synth
