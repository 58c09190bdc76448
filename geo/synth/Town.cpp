#include "geo/synth/Town.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "geo/core/Error.hpp"
#include "geo/synth/CompoundFill.hpp"
#include "geo/synth/Names.hpp"

namespace gp::synth {

namespace {

constexpr double kCentreX = 510000.0, kCentreY = 3460000.0;  // near Suzhou in EPSG:4549
constexpr double kMainSetback = 22.0;       // compound wall from a main road's centre line
constexpr double kSecondarySetback = 12.0;  // ... from a secondary road's centre line
constexpr double kRiverWallClear = 30.0;    // compound walls from the river's centre line (but one)
constexpr double kAreaMargin = 1.3;         // blocks get this much more room than their households need
constexpr double kMinBlockArea = 170.0 * 170.0;
constexpr double kPi = 3.14159265358979323846;

// Households per square metre of block, by community style, measured on generated towns: sizing blocks
// with these (times kAreaMargin) leaves room for schools, offices and parks after the homes.
double blockDensity(const std::string& style) {
  if (style == "old") return 0.0105;
  if (style == "new") return 0.0215;
  return 0.0150;
}

struct CommunityPlan {
  long target = 0;
  std::string style;  // old, mixed, new
  bool tiny = false;
  double area = 0;
  int row = 0;
};

struct Cell {
  double x0, y0, x1, y1;  // the compound wall if the whole cell is one compound
  bool main_s, main_n;    // the south / north side faces a main road
};

struct Slot {
  double x0, y0, x1, y1;
  bool shops_s = false, shops_n = false;
  bool river = false;
};

std::vector<double> cuts(Rng& rng, double a, double b, int n) {
  std::vector<double> c{a};
  const double step = (b - a) / n;
  for (int i = 1; i < n; ++i) c.push_back(std::round(a + step * (i + rng.uniform(-0.12, 0.12))));
  c.push_back(b);
  return c;
}

// Splits a block into compound cells by secondary roads: strips first (full-length roads), then cells
// within each strip (shorter roads ending at T-junctions), in one of the two directions.
void subdivide(Rng& rng, double bx0, double by0, double bx1, double by1, std::vector<Cell>& cells,
               std::vector<LineString>& secondary) {
  const bool rows_first = rng.chance(0.5);
  auto addCell = [&](double x0, double y0, double x1, double y1) {
    Cell c;
    c.main_s = y0 == by0;
    c.main_n = y1 == by1;
    c.x0 = x0 + (x0 == bx0 ? kMainSetback : kSecondarySetback);
    c.x1 = x1 - (x1 == bx1 ? kMainSetback : kSecondarySetback);
    c.y0 = y0 + (c.main_s ? kMainSetback : kSecondarySetback);
    c.y1 = y1 - (c.main_n ? kMainSetback : kSecondarySetback);
    cells.push_back(c);
  };
  const double w = bx1 - bx0, h = by1 - by0;
  if (rows_first) {
    const int ns = std::max(1, static_cast<int>(std::lround(h / rng.uniform(170.0, 240.0))));
    const auto ys = cuts(rng, by0, by1, ns);
    for (int k = 1; k < ns; ++k) secondary.push_back({{bx0, ys[k]}, {bx1, ys[k]}});
    for (int s = 0; s < ns; ++s) {
      const int nc = std::max(1, static_cast<int>(std::lround(w / rng.uniform(170.0, 260.0))));
      const auto xs = cuts(rng, bx0, bx1, nc);
      for (int k = 1; k < nc; ++k) secondary.push_back({{xs[k], ys[s]}, {xs[k], ys[s + 1]}});
      for (int c = 0; c < nc; ++c) addCell(xs[c], ys[s], xs[c + 1], ys[s + 1]);
    }
  } else {
    const int nc = std::max(1, static_cast<int>(std::lround(w / rng.uniform(170.0, 260.0))));
    const auto xs = cuts(rng, bx0, bx1, nc);
    for (int k = 1; k < nc; ++k) secondary.push_back({{xs[k], by0}, {xs[k], by1}});
    for (int c = 0; c < nc; ++c) {
      const int ns = std::max(1, static_cast<int>(std::lround(h / rng.uniform(170.0, 240.0))));
      const auto ys = cuts(rng, by0, by1, ns);
      for (int k = 1; k < ns; ++k) secondary.push_back({{xs[c], ys[k]}, {xs[c + 1], ys[k]}});
      for (int s = 0; s < ns; ++s) addCell(xs[c], ys[s], xs[c + 1], ys[s + 1]);
    }
  }
}

std::string pickCompoundStyle(Rng& rng, const std::string& community_style) {
  const double u = rng.uniform();
  if (community_style == "old") return u < 0.75 ? "walkup" : u < 0.90 ? "mixed" : u < 0.95 ? "villa" : "tower";
  if (community_style == "new") return u < 0.60 ? "tower" : u < 0.85 ? "mixed" : u < 0.95 ? "villa" : "walkup";
  return u < 0.35 ? "walkup" : u < 0.65 ? "mixed" : u < 0.95 ? "tower" : "villa";
}

std::string fmt(const char* f, long a) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, a);
  return buf;
}

}  // namespace

const char* toString(BuildingKind k) {
  switch (k) {
    case BuildingKind::Walkup: return "walkup";
    case BuildingKind::Tower: return "tower";
    case BuildingKind::Villa: return "villa";
    case BuildingKind::Shop: return "shop";
    case BuildingKind::School: return "school";
    case BuildingKind::Hospital: return "hospital";
    case BuildingKind::Office: return "office";
  }
  return "office";
}

Polygon TownBuilding::footprint() const { return Polygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}; }
Polygon TownCompound::area() const { return Polygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}; }

void validate(const SynthOptions& opt) {
  if (opt.households < kMinHouseholds || opt.households > kMaxHouseholds)
    throw InputError("--households " + std::to_string(opt.households) + " is out of range: give a number from " +
                     std::to_string(kMinHouseholds) + " to " + std::to_string(kMaxHouseholds));
}

namespace {

// One attempt at the town, its blocks sized area_scale times the usual room.
Town buildTown(const SynthOptions& opt, double area_scale) {
  Town town;
  town.options = opt;
  Rng rng(mixSeed(opt.seed, 0));
  Namer namer(rng);
  const long N = opt.households;
  const bool awkward = N >= 3000;

  // 1. How many households each community gets, and its style (old walk-ups in the centre, towers outside).
  std::vector<CommunityPlan> plans;
  long rest = N, tiny_target = 0;
  if (awkward) {
    tiny_target = rng.uniformInt(110, 170);  // + at most one walk-up's overshoot: stays below 200
    rest -= tiny_target;
  }
  const int ordinary = std::max(1, static_cast<int>(std::lround(static_cast<double>(rest) / 3000.0)));
  {
    std::vector<double> w(ordinary);
    double wsum = 0;
    for (auto& x : w) wsum += (x = rng.uniform(0.6, 1.4));
    double cw = 0;
    long acc = 0;
    for (int i = 0; i < ordinary; ++i) {
      cw += w[i];
      const long upto = i + 1 == ordinary ? rest : std::lround(static_cast<double>(rest) * cw / wsum);
      CommunityPlan p;
      p.target = upto - acc;
      acc = upto;
      plans.push_back(p);
    }
  }
  if (awkward) {
    CommunityPlan p;
    p.target = tiny_target;
    p.tiny = true;
    plans.insert(plans.begin() + rng.uniformInt(0, ordinary), p);
  }
  const int C = static_cast<int>(plans.size());
  const int R = std::max(1, static_cast<int>(std::lround(std::sqrt(static_cast<double>(C)))));
  std::vector<int> row_count(R, C / R);
  for (int r = 0; r < C % R; ++r) ++row_count[r];
  {
    int i = 0;
    for (int r = 0; r < R; ++r)
      for (int c = 0; c < row_count[r]; ++c, ++i) {
        auto& p = plans[i];
        p.row = r;
        const double nx = (c + 0.5) / row_count[r] - 0.5, ny = (r + 0.5) / R - 0.5;
        const double d = C == 1 ? 0.0 : 2.0 * std::max(std::abs(nx), std::abs(ny));
        const double u = rng.uniform();
        p.style = u < 0.6 - 0.5 * d ? "old" : u < 0.75 + 0.05 * d ? "mixed" : "new";
        if (!p.tiny) p.area = std::max(kMinBlockArea, p.target * kAreaMargin * area_scale / blockDensity(p.style));
      }
  }
  double mean_area = 0;
  for (const auto& p : plans) mean_area += p.area;
  mean_area /= std::max(1, ordinary);
  double total_area = 0;
  for (auto& p : plans) {
    if (p.tiny) p.area = std::max(kMinBlockArea, 0.5 * mean_area);
    total_area += p.area;
  }

  // 2. Blocks: rows of communities (a strip treemap) between main roads, so block areas match their needs.
  const double W = std::sqrt(total_area);
  const double left = std::round(kCentreX - W / 2), top = std::round(kCentreY + W / 2);
  const double right = left + std::round(W);
  std::vector<double> row_y{top};  // row r spans row_y[r+1] (south) .. row_y[r] (north)
  std::vector<std::vector<double>> row_x(R);
  {
    int i = 0;
    double ycum = 0;
    for (int r = 0; r < R; ++r) {
      double ra = 0;
      for (int c = 0; c < row_count[r]; ++c) ra += plans[i + c].area;
      const double h = ra / W;
      ycum += h;
      row_y.push_back(r + 1 == R ? top - std::round(W) : std::round(top - ycum));
      row_x[r].push_back(left);
      double xcum = 0;
      for (int c = 0; c < row_count[r]; ++c) {
        xcum += plans[i + c].area / h;
        row_x[r].push_back(c + 1 == row_count[r] ? right : std::round(left + xcum));
      }
      i += row_count[r];
    }
  }
  const double bottom = row_y.back();
  town.bounds.add(XY{left, bottom});
  town.bounds.add(XY{right, top});

  // Community ids and names: streets of 8-16 communities each.
  {
    int street = 0, in_street = 0, street_size = 0;
    std::string street_name;
    for (int i = 0; i < C; ++i) {
      if (in_street == street_size) {
        ++street;
        in_street = 0;
        // At most 999 streets fit the 3-digit code, so the very largest towns get bigger streets.
        street_size = std::max(rng.uniformInt(8, 16), (C + 989) / 990);
        street_name = namer.street();
      }
      ++in_street;
      TownCommunity tc;
      tc.community_id = "320508" + fmt("%03ld", street) + fmt("%03ld", in_street);
      tc.name = namer.community();
      tc.street = street_name;
      town.communities.push_back(std::move(tc));
    }
  }

  // Community polygons (with the T-junction vertices of the neighbouring rows, so the coverage is noded),
  // main roads, and the cells of every block.
  std::vector<std::vector<Cell>> cells(C);
  std::vector<LineString> secondary;
  {
    int i = 0;
    for (int r = 0; r < R; ++r) {
      const double ys = row_y[r + 1], yn = row_y[r];
      for (int c = 0; c < row_count[r]; ++c, ++i) {
        const double x0 = row_x[r][c], x1 = row_x[r][c + 1];
        Ring ring{{x0, ys}};
        if (r + 1 < R)
          for (double x : row_x[r + 1])
            if (x > x0 && x < x1) ring.push_back({x, ys});
        ring.push_back({x1, ys});
        ring.push_back({x1, yn});
        if (r > 0)
          for (auto it = row_x[r - 1].rbegin(); it != row_x[r - 1].rend(); ++it)
            if (*it > x0 && *it < x1) ring.push_back({*it, yn});
        ring.push_back({x0, yn});
        ring.push_back({x0, ys});
        town.communities[i].area.rings.push_back(std::move(ring));
        subdivide(rng, x0, ys, x1, yn, cells[i], secondary);
      }
    }
    for (int r = 0; r <= R; ++r) town.roads.push_back({namer.mainRoad(), "main", {{left, row_y[r]}, {right, row_y[r]}}});
    town.roads.push_back({namer.mainRoad(), "main", {{left, top}, {left, bottom}}});
    town.roads.push_back({namer.mainRoad(), "main", {{right, top}, {right, bottom}}});
    for (int r = 0; r < R; ++r)
      for (size_t k = 1; k + 1 < row_x[r].size(); ++k)
        town.roads.push_back({namer.mainRoad(), "main", {{row_x[r][k], row_y[r]}, {row_x[r][k], row_y[r + 1]}}});
    for (auto& l : secondary) town.roads.push_back({namer.secondaryRoad(), "secondary", std::move(l)});
  }

  // 3. The river: meanders across the town and passes, flat, through the middle of one tall cell of an
  // ordinary community near the centre, the compound it deliberately cuts.
  int river_comm = -1, river_cell = -1;
  {
    double best = std::numeric_limits<double>::infinity();
    for (int pass = 0; pass < 2 && river_comm < 0; ++pass)
      for (int i = 0; i < C; ++i) {
        if (plans[i].tiny) continue;
        for (size_t k = 0; k < cells[i].size(); ++k) {
          const Cell& c = cells[i][k];
          const double h = c.y1 - c.y0, w = c.x1 - c.x0;
          if (pass == 0 && (h < 140 || w < 100)) continue;
          const double dx = (c.x0 + c.x1) / 2 - kCentreX, dy = (c.y0 + c.y1) / 2 - kCentreY;
          const double score = pass == 0 ? std::hypot(dx, dy) : -h;
          if (score < best) {
            best = score;
            river_comm = i;
            river_cell = static_cast<int>(k);
          }
        }
      }
    const Cell& rc = cells[river_comm][river_cell];
    const double xc = (rc.x0 + rc.x1) / 2, yc = (rc.y0 + rc.y1) / 2;
    const double a1 = std::min(250.0, 0.12 * W) * (rng.chance(0.5) ? 1 : -1), a2 = -0.35 * a1;
    const double l1 = std::max(1800.0, W * rng.uniform(0.7, 1.1)), l2 = l1 / 2.6;
    town.river.name = namer.river();
    town.river.kind = "river";
    for (double x = left - 60;; x += 25) {
      x = std::min(x, right + 60);
      const double y = yc + a1 * (std::cos(2 * kPi * (x - xc) / l1) - 1) + a2 * (std::cos(2 * kPi * (x - xc) / l2) - 1);
      town.river.line.push_back({x, std::round(y * 100) / 100});
      if (x >= right + 60) break;
    }
  }

  // 4. Compound slots: cells the river runs through are cut back to its banks (but the river's own cell).
  std::vector<std::vector<Slot>> slots(C);
  for (int i = 0; i < C; ++i)
    for (size_t k = 0; k < cells[i].size(); ++k) {
      const Cell& c = cells[i][k];
      Slot whole{c.x0, c.y0, c.x1, c.y1};
      whole.shops_s = c.main_s && rng.chance(0.4);
      whole.shops_n = c.main_n && rng.chance(0.4);
      if (i == river_comm && static_cast<int>(k) == river_cell) {
        whole.river = true;
        whole.shops_s = whole.shops_n = false;
        slots[i].push_back(whole);
        continue;
      }
      double lo, hi;
      if (!riverSpan(town.river.line, c.x0 - kRiverWallClear, c.x1 + kRiverWallClear, lo, hi) ||
          hi + kRiverWallClear <= c.y0 || lo - kRiverWallClear >= c.y1) {
        if (c.x1 - c.x0 >= 40 && c.y1 - c.y0 >= 40) slots[i].push_back(whole);
        continue;
      }
      Slot s = whole, n = whole;
      s.y1 = std::floor(lo - kRiverWallClear);
      s.shops_n = false;
      n.y0 = std::ceil(hi + kRiverWallClear);
      n.shops_s = false;
      if (s.y1 - s.y0 >= 50 && s.x1 - s.x0 >= 40) slots[i].push_back(s);
      if (n.y1 - n.y0 >= 50 && n.x1 - n.x0 >= 40) slots[i].push_back(n);
    }

  // The community meant to hold the two over-large towers: the biggest ordinary one that is not last (if
  // its compounds cannot take them, the next communities try).
  int giant_comm = -1;
  bool giant2_pending = awkward, giant1_pending = awkward;
  for (int pass = 0; pass < 2 && awkward && giant_comm < 0; ++pass)
    for (int i = 0; i < C; ++i)
      if (!plans[i].tiny && (pass == 1 || i + 1 < C) &&
          (giant_comm < 0 || plans[i].target > plans[giant_comm].target))
        giant_comm = i;

  // 5. Fill the compounds, community by community; what one community overshoots or falls short of is
  // carried to the next, so the town's total stays within a building of N.
  long carry = 0;
  int hospitals = 0;
  for (int i = 0; i < C; ++i) {
    Rng crng(mixSeed(opt.seed, 1000 + static_cast<uint64_t>(i)));
    TownCommunity& tc = town.communities[i];
    std::vector<int> order(slots[i].size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = static_cast<int>(k);
    crng.shuffle(order);
    int giant_slot = -1;
    if (i == giant_comm) {
      for (int k : order)
        if (!slots[i][k].river && (giant_slot < 0 || slots[i][k].x1 - slots[i][k].x0 >
                                                         slots[i][giant_slot].x1 - slots[i][giant_slot].x0))
          giant_slot = k;
      if (giant_slot >= 0) std::stable_partition(order.begin(), order.end(), [&](int k) { return k == giant_slot; });
    }
    std::stable_partition(order.begin(), order.end(), [&](int k) { return slots[i][k].river; });

    long remaining = plans[i].tiny ? plans[i].target : plans[i].target + carry;
    int leftovers = 0, compound_no = 0;
    for (size_t oi = 0; oi < order.size(); ++oi) {
      const int k = order[oi];
      const Slot s = slots[i][k];  // a copy: slots[i] may grow below
      double wall_y1 = s.y1;
      FillResult res;
      std::string kind;
      if (remaining > 0) {
        FillRequest req;
        req.x0 = s.x0;
        req.y0 = s.y0;
        req.x1 = s.x1;
        req.y1 = s.y1;
        const bool giants = i >= giant_comm && !s.river && !plans[i].tiny && (giant1_pending || giant2_pending);
        req.style = s.river || plans[i].tiny ? "walkup" : giants ? "tower" : pickCompoundStyle(crng, plans[i].style);
        req.remaining = remaining;
        req.shops_south = s.shops_s;
        req.shops_north = s.shops_n;
        req.river = s.river ? &town.river.line : nullptr;
        req.giant_two_entrances = giants && giant2_pending;
        req.giant_one_entrance = giants && giant1_pending;
        res = fillResidential(crng, req);
        giant2_pending = giant2_pending && !res.placed_giant_two;
        giant1_pending = giant1_pending && !res.placed_giant_one;
        bool any_home = false;
        for (const auto& b : res.buildings) any_home = any_home || residential(b.kind);
        if (any_home) {
          kind = req.style;
          remaining -= res.households;
          // The last homes of a community may fill only the south of their compound: the wall then
          // closes behind them and the land to the north, past a lane, becomes a slot of its own.
          const double wall = std::ceil(res.top + 8.0);
          if (remaining <= 0 && !s.river && s.y1 - wall >= 90.0) {
            wall_y1 = wall;
            if (!res.inner_road.empty() && res.inner_road[0].y > wall - 2.0) res.inner_road.clear();
            Slot north = s;
            north.y0 = wall + 20.0;
            north.shops_s = false;
            slots[i].push_back(north);
            order.push_back(static_cast<int>(slots[i].size()) - 1);
          }
        } else {
          res = FillResult{};
        }
      }
      BuildingKind nonres = BuildingKind::Office;
      if (kind.empty()) {
        // Land the homes did not need: a school first, then offices, a hospital now and then, parks.
        const int n = leftovers++;
        const double u = crng.uniform();
        if (n == 0) {
          nonres = BuildingKind::School;
        } else if (n == 1) {
          if (u < 0.4) continue;  // a park
          nonres = BuildingKind::Office;
        } else if (hospitals < 1 + i / 6) {
          nonres = BuildingKind::Hospital;
          ++hospitals;
        } else {
          if (u < 0.4) continue;
          nonres = u < 0.7 ? BuildingKind::Office : BuildingKind::School;
        }
        res = fillNonResidential(crng, s.x0, s.y0, s.x1, s.y1, nonres);
        if (res.buildings.empty()) continue;
        kind = toString(nonres);
      }

      TownCompound cp;
      cp.compound_id = tc.community_id + "-" + fmt("%02ld", ++compound_no);
      cp.kind = kind;
      cp.name = kind == "school"     ? namer.school()
                : kind == "hospital" ? namer.hospital()
                : kind == "office"   ? namer.office()
                                     : namer.compound(kind);
      cp.x0 = s.x0;
      cp.y0 = s.y0;
      cp.x1 = s.x1;
      cp.y1 = wall_y1;
      cp.community = i;
      const int ci = static_cast<int>(town.compounds.size());
      const bool dedicated = kind == "hospital" || (kind == "school" && crng.chance(0.5));
      int no = 0;
      for (auto& b : res.buildings) {
        ++no;
        b.bld_id = cp.compound_id + "-" + fmt("%03ld", no);
        b.name = std::to_string(no) + (b.kind == BuildingKind::Shop ? "号商铺" : "号楼");
        b.compound = ci;
        b.community = i;
        b.dedicated = dedicated && !residential(b.kind);
        cp.households += b.households;
        if (b.households == 528 && res.placed_giant_two && town.awkward.big_tower_bld_id.empty())
          town.awkward.big_tower_bld_id = b.bld_id;
        if (b.households == 462 && b.entrances == 1 && res.placed_giant_one &&
            town.awkward.big_entrance_bld_id.empty())
          town.awkward.big_entrance_bld_id = b.bld_id;
        town.buildings.push_back(std::move(b));
      }
      if (s.river) {
        // Awkward only if the river really leaves homes on both banks.
        bool north = false, south = false;
        for (size_t b = town.buildings.size() - res.buildings.size(); b < town.buildings.size(); ++b) {
          double lo, hi;
          const auto& tb = town.buildings[b];
          if (!riverSpan(town.river.line, tb.x0, tb.x1, lo, hi)) continue;
          north = north || tb.y0 > hi;
          south = south || tb.y1 < lo;
        }
        if (north && south) town.awkward.river_compound_id = cp.compound_id;
      }
      tc.households += cp.households;
      if (!res.inner_road.empty()) town.roads.push_back({cp.name + "内部道路", "inner", res.inner_road});
      town.compounds.push_back(std::move(cp));
    }
    // The tiny community takes no carry (it must stay tiny) but passes on its own overshoot.
    carry = plans[i].tiny ? carry + remaining : remaining;
    town.households += tc.households;
  }
  if (awkward) {
    for (int i = 0; i < C; ++i)
      if (plans[i].tiny) town.awkward.tiny_community_id = town.communities[i].community_id;
  }
  return town;
}

}  // namespace

Town generateTown(const SynthOptions& opt) {
  validate(opt);
  // Blocks are sized from measured densities, but a river through a small town can eat more room than
  // the margin allows; then the whole town is laid out again, roomier, until it holds its households.
  const long N = opt.households;
  Town town;
  for (int attempt = 0; attempt < 6; ++attempt) {
    town = buildTown(opt, 1.0 + 0.15 * attempt);
    const Awkward& a = town.awkward;
    const bool awkward_ok = N < 3000 || (!a.tiny_community_id.empty() && !a.river_compound_id.empty() &&
                                         !a.big_tower_bld_id.empty() && !a.big_entrance_bld_id.empty());
    if (town.households >= N - std::max(12L, N / 200) && awkward_ok) break;
  }
  return town;
}

}  // namespace gp::synth
