#include "geo/synth/Town.hpp"

#include <algorithm>

#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
#include "geo/synth/TownLayout.hpp"

namespace gp::synth {

const char* toString(BuildingKind k) {
  switch (k) {
    case BuildingKind::Walkup: return "walkup";
    case BuildingKind::Tower: return "tower";
    case BuildingKind::Villa: return "villa";
    case BuildingKind::Shop: return "shop";
    case BuildingKind::School: return "school";
    case BuildingKind::Hospital: return "hospital";
    case BuildingKind::Office: return "office";
    case BuildingKind::Midrise: return "midrise";
    case BuildingKind::Shed: return "shed";
  }
  return "office";
}

Polygon TownBuilding::footprint() const { return Polygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}; }
Polygon TownCompound::area() const { return Polygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}; }

void validate(const SynthOptions& opt) {
  if (opt.households < kMinHouseholds || opt.households > kMaxHouseholds)
    throw InputError(gp::fmt(tr("--households %1$ld is out of range: give a number from %2$ld to %3$ld"),
                         static_cast<long>(opt.households), static_cast<long>(kMinHouseholds),
                         static_cast<long>(kMaxHouseholds)));
}

namespace layout {

TownLayout::TownLayout(const SynthOptions& options, double scale)
    : opt(options),
      area_scale(scale),
      rng(mixSeed(opt.seed, 0)),
      namer(rng),
      N(opt.households),
      awkward(N >= 3000),
      aw(opt.awkward),
      arng(mixSeed(opt.seed, 0xA1C0)) {
  town.options = opt;
}

// The stages in the order they draw from the random streams (TownLayout.hpp).
Town TownLayout::build() {
  planCommunities();
  layBlocks();
  mergeAwkwardBlocks();
  nameCommunities();
  outlineCommunities();
  runRiver();
  if (aw) {
    layRailway();
    digLake();
    digPond();
  }
  cutSlots();
  pickGiantCommunity();
  pickShedBlock();
  fillBlocks();
  return std::move(town);
}

}  // namespace layout

namespace {

// One attempt at the town, its blocks sized area_scale times the usual room.
Town buildTown(const SynthOptions& opt, double area_scale) { return layout::TownLayout(opt, area_scale).build(); }

}  // namespace

Town generateTown(const SynthOptions& opt) {
  validate(opt);
  // Blocks are sized from measured densities, but a river through a small town can eat more room than
  // the margin allows; then the whole town is laid out again, roomier, until it holds its households.
  const long N = opt.households;
  Town town, best;
  int best_score = -1;
  // (An awkward town's railway, water and sheds take more room: its attempts grow faster, and when none
  // has everything, the one that has most is kept.)
  for (int attempt = 0; attempt < (opt.awkward ? 8 : 6); ++attempt) {
    town = buildTown(opt, 1.0 + (opt.awkward ? 0.25 : 0.15) * attempt);
    const Awkward& a = town.awkward;
    const bool households_ok = town.households >= N - std::max(12L, N / 200);
    const bool awkward_ok = N < 3000 || (!a.tiny_community_id.empty() && !a.river_compound_id.empty() &&
                                         !a.big_tower_bld_id.empty() && !a.big_entrance_bld_id.empty());
    if (!opt.awkward) {
      if (households_ok && awkward_ok) break;
      continue;
    }
    // Every shape of Synth.hpp's list (2 points each), no community but the tiny one left with fewer than 100
    // households by the room its railway, water and sheds took (1), the households (3), the classic cases (1).
    int score = 2 * (!a.big_entrance_bld_id.empty() + !a.multipart_community_id.empty() +
                     !a.concave_community_id.empty() + (a.sheds >= 100) + (town.water.size() >= 2) +
                     !town.railway.line.empty());
    bool small = false;
    for (const auto& c : town.communities) small = small || (c.households < 100 && c.community_id != a.tiny_community_id);
    score += !small + 3 * households_ok + awkward_ok;
    if (score > best_score) {
      best_score = score;
      best = town;
    }
    if (score == 17) break;
  }
  Town& out = opt.awkward ? best : town;
  addVillages(out, opt.villages);
  return out;
}

}  // namespace gp::synth
