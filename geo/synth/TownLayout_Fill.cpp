#include <algorithm>
#include <cmath>
#include <cstdio>

#include "geo/synth/TownLayout.hpp"

namespace gp::synth::layout {

namespace {

std::string pickCompoundStyle(Rng& rng, const std::string& community_style) {
  const double u = rng.uniform();
  if (community_style == "old") return u < 0.75 ? "walkup" : u < 0.90 ? "mixed" : u < 0.95 ? "villa" : "tower";
  if (community_style == "new") return u < 0.60 ? "tower" : u < 0.85 ? "mixed" : u < 0.95 ? "villa" : "walkup";
  return u < 0.35 ? "walkup" : u < 0.65 ? "mixed" : u < 0.95 ? "tower" : "villa";
}

}  // namespace

std::string numbered(const char* f, long a) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, a);
  return buf;
}

// A slot that holds 100+ sheds (70 x 70 m and up).
bool shedRoom(const Slot& s) {
  return !s.river && s.x1 - s.x0 >= 62 && s.y1 - s.y0 >= 62 && (s.x1 - s.x0 - 12) * (s.y1 - s.y0 - 12) >= 7000;
}

void TownLayout::cutSlots() {
  // 4. Compound slots: cells the river runs through are cut back to its banks (but the river's own cell).
  // In an awkward town the railway cuts them too: a slot it crosses becomes the land west and east of it.
  slots.assign(C, {});
  for (int i = 0; i < C; ++i)
    for (size_t k = 0; k < cells[i].size(); ++k) {
      const Cell& c = cells[i][k];
      Slot whole{c.x0, c.y0, c.x1, c.y1};
      whole.shops_s = c.main_s && rng.chance(0.4);
      whole.shops_n = c.main_n && rng.chance(0.4);
      if (i == river_comm && static_cast<int>(k) == river_cell) {
        whole.river = true;
        whole.shops_s = whole.shops_n = false;
        addSlot(i, whole);
        continue;
      }
      double lo, hi;
      if (!riverSpan(town.river.line, c.x0 - kRiverWallClear, c.x1 + kRiverWallClear, lo, hi) ||
          hi + kRiverWallClear <= c.y0 || lo - kRiverWallClear >= c.y1) {
        if (c.x1 - c.x0 >= 40 && c.y1 - c.y0 >= 40) addSlot(i, whole);
        continue;
      }
      Slot s = whole, n = whole;
      s.y1 = std::floor(lo - kRiverWallClear);
      s.shops_n = false;
      n.y0 = std::ceil(hi + kRiverWallClear);
      n.shops_s = false;
      if (s.y1 - s.y0 >= 50 && s.x1 - s.x0 >= 40) addSlot(i, s);
      if (n.y1 - n.y0 >= 50 && n.x1 - n.x0 >= 40) addSlot(i, n);
    }
}

void TownLayout::addSlot(int i, const Slot& s) {
  double lo, hi;
  if (!aw || !railSpan(town.railway.line, s.y0 - kRailWallClear, s.y1 + kRailWallClear, lo, hi) ||
      hi + kRailWallClear <= s.x0 || lo - kRailWallClear >= s.x1) {
    slots[i].push_back(s);
    return;
  }
  Slot w = s, e = s;
  w.x1 = std::floor(lo - kRailWallClear);
  e.x0 = std::ceil(hi + kRailWallClear);
  if (w.x1 - w.x0 >= 50 && w.y1 - w.y0 >= 40) slots[i].push_back(w);
  if (e.x1 - e.x0 >= 50 && e.y1 - e.y0 >= 40) slots[i].push_back(e);
}

void TownLayout::pickGiantCommunity() {
  // The community meant to hold the two over-large towers: the biggest ordinary one that is not last (if
  // its compounds cannot take them, the next communities try). An awkward town of any size has the tower
  // of one entrance, 400+ households (26-33 floors x 14-16 a floor).
  giant2_pending = awkward, giant1_pending = awkward || aw;
  if (aw) {
    giant1_per_floor = arng.uniformInt(14, 16);
    giant1_floors = arng.uniformInt(26, 33);
    while (giant1_floors * giant1_per_floor < 400) ++giant1_floors;
  }
  // (An awkward town's railway and water leave narrow slots: its tower goes to a block with one wide enough.)
  giant_width = 5.0 * giant1_per_floor + 8.0 + 2 * 6.0 + 1.0;
  auto roomForGiant = [&](int i) {
    if (!aw) return true;
    for (const Slot& s : slots[i])
      if (!s.river && s.x1 - s.x0 >= giant_width && s.y1 - s.y0 >= 40) return true;
    return false;
  };
  for (int pass = 0; pass < (aw ? 4 : 2) && (awkward || aw) && giant_comm < 0; ++pass)
    for (int i = 0; i < C; ++i)
      if (!plans[i].tiny && (pass % 2 == 1 || i + 1 < C) && (pass >= 2 || roomForGiant(i)) &&
          (giant_comm < 0 || plans[i].target > plans[giant_comm].target))
        giant_comm = i;
}

void TownLayout::pickShedBlock() {
  // An awkward town's shed cluster: in a block picked at random among those with a slot that holds 100+
  // sheds (70 x 70 m and up; not the slot of the giant towers, nor the river's) or, failing that, any.
  shed_pending = aw;
  if (aw) {
    std::vector<int> ok, any;
    for (int i = 0; i < C; ++i) {
      if (plans[i].tiny) continue;
      any.push_back(i);
      int room = 0;
      for (const Slot& s : slots[i]) room += shedRoom(s);
      if (room > (i == giant_comm ? 1 : 0)) ok.push_back(i);
    }
    shed_block = arng.pick(ok.empty() ? any : ok);
    // Half the time a community's part without homes holds the sheds (when they fit): buildings with no
    // households in a part of a community with none.
    for (int i = 0; i < C; ++i)
      if (plans[i].empty && std::find(ok.begin(), ok.end(), i) != ok.end() && arng.chance(0.5)) shed_block = i;
  }
}

void TownLayout::fillBlocks() {
  // 5. Fill the compounds, block by block; what one block overshoots or falls short of is carried to the
  // next, so the town's total stays within a building of N.
  compound_no.assign(NC, 0);
  for (int i = 0; i < C; ++i) fillBlock(i);
  if (awkward) {
    for (int i = 0; i < C; ++i)
      if (plans[i].tiny) town.awkward.tiny_community_id = town.communities[comm_of[i]].community_id;
  }
}

// The block's slots in the order they are filled: the river's first, then the giant towers', then shuffled.
std::vector<int> TownLayout::slotOrder(int i, Rng& crng, int& giant_slot) {
  std::vector<int> order(slots[i].size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = static_cast<int>(k);
  crng.shuffle(order);
  giant_slot = -1;
  if (i == giant_comm) {
    for (int k : order)
      if (!slots[i][k].river && (giant_slot < 0 || slots[i][k].x1 - slots[i][k].x0 >
                                                       slots[i][giant_slot].x1 - slots[i][giant_slot].x0))
        giant_slot = k;
    if (giant_slot >= 0) std::stable_partition(order.begin(), order.end(), [&](int k) { return k == giant_slot; });
  }
  std::stable_partition(order.begin(), order.end(), [&](int k) { return slots[i][k].river; });
  return order;
}

void TownLayout::fillBlock(int i) {
  Rng crng(mixSeed(opt.seed, 1000 + static_cast<uint64_t>(i)));
  long block_households = 0;
  int giant_slot;
  std::vector<int> order = slotOrder(i, crng, giant_slot);

  // (An awkward town's tower of 400+ households would leave the blocks after it with nothing: there a block
  // takes on no more than half its own target of what the blocks before it overshot.)
  long remaining = plans[i].tiny || plans[i].empty ? plans[i].target
                   : aw                            ? plans[i].target + std::max(carry, -plans[i].target / 2)
                                                   : plans[i].target + carry;
  int leftovers = 0;
  for (size_t oi = 0; oi < order.size(); ++oi) {
    const int k = order[oi];
    const Slot s = slots[i][k];  // a copy: slots[i] may grow below
    SlotFill f;
    f.wall_y1 = s.y1;
    if (shed_pending && i >= shed_block && !plans[i].tiny && k != giant_slot && shedRoom(s)) tryShedSlot(i, s, order, f);
    if (f.kind.empty() && remaining > 0) tryHomeSlot(i, s, crng, remaining, order, f);
    if (f.kind.empty() && !tryOtherSlot(i, s, crng, leftovers, f)) continue;
    if (f.open_land) {
      placeOpenLand(comm_of[i], f);
      continue;
    }
    block_households += placeCompound(i, s, crng, f);
  }
  // The tiny community takes no carry (it must stay tiny) but passes on its own overshoot.
  carry = plans[i].tiny || plans[i].empty ? carry + remaining : remaining;
  town.households += block_households;
}

// Sheds, garages or a village's outbuildings, in a compound or on open land; the land north of
// them, past a lane, stays a slot of its own.
void TownLayout::tryShedSlot(int i, const Slot& s, std::vector<int>& order, SlotFill& f) {
  const int most = arng.uniformInt(150, 400);
  FillResult sheds = fillSheds(arng, s.x0, s.y0, s.x1, s.y1, most);
  if (sheds.buildings.size() >= 100) {
    f.res = std::move(sheds);
    f.kind = "sheds";
    shed_pending = false;
    f.open_land = arng.chance(0.5);
    const double wall = std::ceil(f.res.top + 8.0);
    if (s.y1 - wall >= 90.0) {
      f.wall_y1 = wall;
      Slot north = s;
      north.y0 = wall + 20.0;
      north.shops_s = false;
      slots[i].push_back(north);
      order.push_back(static_cast<int>(slots[i].size()) - 1);
    }
  }
}

void TownLayout::tryHomeSlot(int i, const Slot& s, Rng& crng, long& remaining, std::vector<int>& order, SlotFill& f) {
  FillRequest req;
  req.x0 = s.x0;
  req.y0 = s.y0;
  req.x1 = s.x1;
  req.y1 = s.y1;
  // (In an awkward town only a compound wide enough for the tower is asked to hold it: the railway
  // leaves narrow ones that would otherwise stay empty waiting for it.)
  const bool giants = i >= giant_comm && !s.river && !plans[i].tiny && (giant1_pending || giant2_pending) &&
                      (!aw || s.x1 - s.x0 >= giant_width);
  req.style = s.river || plans[i].tiny ? "walkup" : giants ? "tower" : pickCompoundStyle(crng, plans[i].style);
  req.remaining = remaining;
  req.shops_south = s.shops_s;
  req.shops_north = s.shops_n;
  req.river = s.river ? &town.river.line : nullptr;
  req.giant_two_entrances = giants && giant2_pending;
  req.giant_one_entrance = giants && giant1_pending;
  req.giant_one_floors = giant1_floors;
  req.giant_one_per_floor = giant1_per_floor;
  req.awkward = aw;
  f.res = fillResidential(crng, req);
  giant2_pending = giant2_pending && !f.res.placed_giant_two;
  giant1_pending = giant1_pending && !f.res.placed_giant_one;
  bool any_home = false;
  for (const auto& b : f.res.buildings) any_home = any_home || residential(b.kind);
  if (any_home) {
    f.kind = req.style;
    remaining -= f.res.households;
    // The last homes of a community may fill only the south of their compound: the wall then
    // closes behind them and the land to the north, past a lane, becomes a slot of its own.
    const double wall = std::ceil(f.res.top + 8.0);
    if (remaining <= 0 && !s.river && s.y1 - wall >= 90.0) {
      f.wall_y1 = wall;
      if (!f.res.inner_road.empty() && f.res.inner_road[0].y > wall - 2.0) f.res.inner_road.clear();
      Slot north = s;
      north.y0 = wall + 20.0;
      north.shops_s = false;
      slots[i].push_back(north);
      order.push_back(static_cast<int>(slots[i].size()) - 1);
    }
  } else {
    f.res = FillResult{};
  }
}

// Land the homes did not need: a school first, then offices, a hospital now and then, parks. False for a
// park, or when nothing could be built.
bool TownLayout::tryOtherSlot(int i, const Slot& s, Rng& crng, int& leftovers, SlotFill& f) {
  BuildingKind nonres = BuildingKind::Office;
  const int n = leftovers++;
  const double u = crng.uniform();
  if (n == 0) {
    nonres = BuildingKind::School;
  } else if (n == 1) {
    if (u < 0.4) return false;  // a park
    nonres = BuildingKind::Office;
  } else if (hospitals < 1 + i / 6) {
    nonres = BuildingKind::Hospital;
    ++hospitals;
  } else {
    if (u < 0.4) return false;
    nonres = u < 0.7 ? BuildingKind::Office : BuildingKind::School;
  }
  f.res = fillNonResidential(crng, s.x0, s.y0, s.x1, s.y1, nonres);
  if (f.res.buildings.empty()) return false;
  f.kind = toString(nonres);
  return true;
}

// No compound: the sheds are numbered in the community under compound number 00.
void TownLayout::placeOpenLand(int ti, SlotFill& f) {
  TownCommunity& tc = town.communities[ti];
  int no = 0;
  for (auto& b : f.res.buildings) {
    b.bld_id = tc.community_id + "-00-" + numbered("%03ld", ++no);
    b.name = std::to_string(no) + "号附属房";
    b.compound = -1;
    b.community = ti;
    town.buildings.push_back(std::move(b));
  }
  town.awkward.shed_community_id = tc.community_id;
  town.awkward.sheds = no;
}

// The slot's compound and its buildings, numbered; the households it adds.
long TownLayout::placeCompound(int i, const Slot& s, Rng& crng, SlotFill& f) {
  const int ti = comm_of[i];
  TownCommunity& tc = town.communities[ti];
  TownCompound cp;
  cp.compound_id = tc.community_id + "-" + numbered("%02ld", ++compound_no[ti]);
  cp.kind = f.kind;
  cp.name = f.kind == "school"     ? namer.school()
            : f.kind == "hospital" ? namer.hospital()
            : f.kind == "office"   ? namer.office()
                                 : namer.compound(f.kind);
  cp.x0 = s.x0;
  cp.y0 = s.y0;
  cp.x1 = s.x1;
  cp.y1 = f.wall_y1;
  cp.community = ti;
  const int ci = static_cast<int>(town.compounds.size());
  const bool dedicated = f.kind == "hospital" || (f.kind == "school" && crng.chance(0.5));
  int no = 0;
  for (auto& b : f.res.buildings) {
    ++no;
    b.bld_id = cp.compound_id + "-" + numbered("%03ld", no);
    b.name = std::to_string(no) + (b.kind == BuildingKind::Shop   ? "号商铺"
                                   : b.kind == BuildingKind::Shed ? "号附属房"
                                                                  : "号楼");
    b.compound = ci;
    b.community = ti;
    b.dedicated = dedicated && !residential(b.kind);
    cp.households += b.households;
    if (b.households == 528 && f.res.placed_giant_two && town.awkward.big_tower_bld_id.empty())
      town.awkward.big_tower_bld_id = b.bld_id;
    if (b.households == giant1_floors * giant1_per_floor && b.entrances == 1 && f.res.placed_giant_one &&
        town.awkward.big_entrance_bld_id.empty())
      town.awkward.big_entrance_bld_id = b.bld_id;
    town.buildings.push_back(std::move(b));
  }
  if (s.river) {
    // Awkward only if the river really leaves homes on both banks.
    bool north = false, south = false;
    for (size_t b = town.buildings.size() - f.res.buildings.size(); b < town.buildings.size(); ++b) {
      double lo, hi;
      const auto& tb = town.buildings[b];
      if (!riverSpan(town.river.line, tb.x0, tb.x1, lo, hi)) continue;
      north = north || tb.y0 > hi;
      south = south || tb.y1 < lo;
    }
    if (north && south) town.awkward.river_compound_id = cp.compound_id;
  }
  if (f.kind == "sheds") {
    town.awkward.shed_community_id = tc.community_id;
    town.awkward.shed_compound_id = cp.compound_id;
    town.awkward.sheds = static_cast<int>(f.res.buildings.size());
  }
  tc.households += cp.households;
  if (!f.res.inner_road.empty()) town.roads.push_back({cp.name + "内部道路", "inner", f.res.inner_road});
  const long households = cp.households;
  town.compounds.push_back(std::move(cp));
  return households;
}

}  // namespace gp::synth::layout
