#include "geo/synth/CompoundFill.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gp::synth {

namespace {

constexpr double kWallMargin = 6.0;  // buildings stand this far inside the wall

double r2(double v) { return std::round(v * 100.0) / 100.0; }  // centimetres: stable output

// A tower's width along its front: each entrance's core plus its flats.
double towerEntranceWidth(int per_floor) { return 5.0 * per_floor + 8.0; }
double towerDepth(int per_floor) { return per_floor <= 4 ? 16.0 : per_floor <= 6 ? 18.0 : 22.0; }

bool clearOfRiver(const LineString* river, double x0, double y0, double x1, double y1) {
  if (!river) return true;
  double lo, hi;
  if (!riverSpan(*river, x0 - kRiverBuildingClear, x1 + kRiverBuildingClear, lo, hi)) return true;
  return y1 < lo - kRiverBuildingClear || y0 > hi + kRiverBuildingClear;
}

TownBuilding rect(BuildingKind kind, double x0, double y0, double w, double d) {
  TownBuilding b;
  b.kind = kind;
  b.x0 = r2(x0);
  b.y0 = r2(y0);
  b.x1 = r2(x0 + w);
  b.y1 = r2(y0 + d);
  return b;
}

enum class RowType { Walkup, Tower, Villa, Midrise };

}  // namespace

bool riverSpan(const LineString& river, double xa, double xb, double& ymin, double& ymax) {
  bool any = false;
  ymin = std::numeric_limits<double>::infinity();
  ymax = -ymin;
  auto take = [&](double y) {
    any = true;
    ymin = std::min(ymin, y);
    ymax = std::max(ymax, y);
  };
  for (size_t i = 0; i + 1 < river.size(); ++i) {
    XY a = river[i], b = river[i + 1];
    if (a.x > b.x) std::swap(a, b);
    if (b.x < xa || a.x > xb) continue;
    auto yAt = [&](double x) { return b.x == a.x ? a.y : a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x); };
    take(yAt(std::max(a.x, xa)));
    take(yAt(std::min(b.x, xb)));
  }
  return any;
}

namespace {

// Where one row of a compound goes: its kind of building, flats a floor (towers), depth and the gap after it.
struct RowShape {
  RowType type = RowType::Walkup;
  int per_floor = 4;
  double depth = 12.0, spacing = 0;
};

RowShape rowShape(Rng& rng, const FillRequest& req, bool giant1, bool giant2, double y, double ytop) {
  RowType type = RowType::Walkup;
  if (req.style == "tower" || giant1 || giant2)
    type = RowType::Tower;
  else if (req.style == "villa")
    type = RowType::Villa;
  else if (req.style == "mixed")
    type = rng.chance(0.5) ? RowType::Tower : RowType::Walkup;

  int per_floor = 4;
  double depth = 12.0, spacing = rng.uniform(20.0, 24.0);  // walk-ups: ~1.2 x 18 m height
  if (type == RowType::Tower) {
    static const std::vector<int> kPerFloor = {4, 4, 4, 6, 6, 8};
    per_floor = (giant1 || giant2) ? 14 : rng.pick(kPerFloor);
    depth = towerDepth(per_floor);
    spacing = rng.uniform(36.0, 46.0);
  } else if (type == RowType::Villa) {
    depth = 12.0;
    spacing = rng.uniform(12.0, 16.0);
  }
  if (y + depth > ytop && type == RowType::Tower && !giant1 && !giant2 && req.style == "mixed") {
    type = RowType::Walkup;  // a slab still fits where a tower row does not
    depth = 12.0;
    spacing = rng.uniform(20.0, 24.0);
  }
  // An awkward town: some walk-up rows are 9-storey blocks, spaced further apart for their height.
  if (req.awkward && type == RowType::Walkup && y + 14.0 <= ytop && rng.chance(0.3)) {
    type = RowType::Midrise;
    depth = 14.0;
    spacing = rng.uniform(28.0, 34.0);
  }
  return {type, per_floor, depth, spacing};
}

// One building of a row at x: false when it does not fit before xe. Each draws from rng exactly as the row
// loop did.
bool villaAt(Rng& rng, double x, double y, double xe, TownBuilding& b, double& w, double& gap) {
  w = rng.uniform(12.0, 16.0);
  if (x + w > xe) return false;
  b = rect(BuildingKind::Villa, x, y, w, rng.uniform(10.0, 12.0));
  b.floors = rng.chance(0.15) ? 1 : rng.uniformInt(2, 3);
  b.entrances = 1;
  b.per_floor = 1;
  b.households = 1;
  gap = rng.uniform(6.0, 9.0);
  return true;
}

bool midriseAt(Rng& rng, double x, double y, double xe, double entrance_w, long remaining, TownBuilding& b, double& w,
               double& gap) {
  // 9 floors, 27-36 households an entrance (3-4 flats a floor, some vacant), 1-4 entrances.
  const int k = rng.uniformInt(27, 36);
  int e = rng.uniformInt(1, 4);
  if (static_cast<long>(k) * e > remaining) e = static_cast<int>(std::clamp<long>((remaining + k - 1) / k, 1, 4));
  const double mw = entrance_w + 2.0;
  const int fit = static_cast<int>(std::floor((xe - x) / mw));
  if (fit < 1) return false;
  e = std::min(e, fit);
  w = e * mw;
  b = rect(BuildingKind::Midrise, x, y, w, 14.0);
  b.floors = 9;
  b.entrances = e;
  b.per_floor = k <= 27 ? 3 : 4;
  b.households = k * e;
  gap = rng.uniform(10.0, 16.0);
  return true;
}

bool walkupAt(Rng& rng, bool awkward, double x, double y, double xe, double entrance_w, long remaining, TownBuilding& b,
              double& w, double& gap) {
  // 6 floors, 2 flats a floor: 12 households an entrance. Awkward towns: 3 flats a floor with some
  // vacant, 13-19 an entrance (7 floors for 19), now and then the classic 12; the same in every entrance
  // of one building. (The default town draws no k, so its random sequence is as before.)
  const int k = awkward ? (rng.chance(0.2) ? 12 : rng.uniformInt(13, 19)) : 12;
  int e = rng.uniformInt(2, 6);
  if (static_cast<long>(k) * e > remaining) e = static_cast<int>(std::clamp<long>((remaining + k - 1) / k, 2, 6));
  const int fit = static_cast<int>(std::floor((xe - x) / entrance_w));
  if (fit < 2) return false;
  e = std::min(e, fit);
  w = e * entrance_w;
  b = rect(BuildingKind::Walkup, x, y, w, 12.0);
  b.floors = k <= 18 ? 6 : 7;
  b.entrances = e;
  b.per_floor = k <= 12 ? 2 : 3;
  b.households = k * e;
  gap = rng.uniform(8.0, 14.0);
  return true;
}

bool towerAt(Rng& rng, double x, double y, double xe, int per_floor, long remaining, TownBuilding& b, double& w,
             double& gap) {
  int floors = rng.uniformInt(18, 33);
  int e = rng.chance(0.35) ? 2 : 1;
  int pf = per_floor;
  if (static_cast<long>(floors) * e * pf > remaining) {
    // The community's last tower: as small as still holds what is wanted, so the town's total
    // overshoots by a few households, not by a whole tower.
    e = 1;
    if (remaining < 18L * pf) pf = 4;
    floors = static_cast<int>(std::clamp<long>((remaining + pf - 1) / pf, 18, 33));
  }
  if (x + e * towerEntranceWidth(pf) > xe) e = 1;
  w = e * towerEntranceWidth(pf);
  if (x + w > xe) return false;
  b = rect(BuildingKind::Tower, x, y, w, towerDepth(pf));
  b.floors = floors;
  b.entrances = e;
  b.per_floor = pf;
  b.households = floors * e * pf;
  gap = rng.uniform(14.0, 22.0);
  return true;
}

// Centre the row between the walls, as planned compounds are (not in the river compound, whose rows
// were placed around the water).
void centreRow(FillResult& out, size_t row_begin, double xs, double xe) {
  if (out.buildings.size() > row_begin) {
    double east = xs;
    for (size_t i = row_begin; i < out.buildings.size(); ++i) east = std::max(east, out.buildings[i].x1);
    const double shift = std::floor((xe - east) / 2 * 100) / 100;
    for (size_t i = row_begin; i < out.buildings.size() && shift > 0; ++i) {
      out.buildings[i].x0 = r2(out.buildings[i].x0 + shift);
      out.buildings[i].x1 = r2(out.buildings[i].x1 + shift);
    }
  }
}

}  // namespace

FillResult fillResidential(Rng& rng, const FillRequest& req) {
  FillResult out;
  long remaining = req.remaining;
  const double xs = req.x0 + kWallMargin, xe = req.x1 - kWallMargin;
  double y = req.y0 + kWallMargin;
  double ytop = req.y1 - kWallMargin;
  const double entrance_w = rng.uniform(14.0, 16.0);  // walk-up stairwell bay, fixed per compound

  auto place = [&](TownBuilding b) {
    if (!clearOfRiver(req.river, b.x0, b.y0, b.x1, b.y1)) return false;
    out.top = std::max(out.top, b.y1);
    out.households += b.households;
    remaining -= b.households;
    out.buildings.push_back(std::move(b));
    return true;
  };

  // Street shops (底商) in a low row along a main-road side.
  auto shopRow = [&](double ry) {
    for (double x = xs; x < xe;) {
      double w = std::min(rng.uniform(18.0, 36.0), xe - x);
      if (w < 10) break;
      TownBuilding b = rect(BuildingKind::Shop, x, ry, w, 12.0);
      b.floors = rng.uniformInt(1, 2);
      place(std::move(b));
      x += w + rng.uniform(6.0, 10.0);
    }
  };
  if (req.shops_south && ytop - y > 80) {
    shopRow(y);
    y += 12.0 + 16.0;
  }
  if (req.shops_north && ytop - y > 80) {
    shopRow(ytop - 12.0);
    ytop -= 12.0 + 16.0;
  }

  bool giant2 = req.giant_two_entrances, giant1 = req.giant_one_entrance;
  int rows = 0;
  while (remaining > 0 || giant1 || giant2) {
    const RowShape shape = rowShape(rng, req, giant1, giant2, y, ytop);
    const RowType type = shape.type;
    const int per_floor = shape.per_floor;
    const double depth = shape.depth, spacing = shape.spacing;
    if (y + depth > ytop) break;

    const size_t row_begin = out.buildings.size();
    for (double x = xs; x < xe && (remaining > 0 || giant1 || giant2);) {
      TownBuilding b;
      double w = 0, gap = 0;
      if (type == RowType::Tower && (giant2 || giant1)) {
        const int e = giant2 ? 2 : 1;
        const int pf = giant2 ? 8 : req.giant_one_per_floor;
        w = e * towerEntranceWidth(pf);
        if (x + w > xe) break;
        b = rect(BuildingKind::Tower, x, y, w, towerDepth(pf));
        b.floors = giant2 ? 33 : req.giant_one_floors;
        b.entrances = e;
        b.per_floor = pf;
        b.households = b.floors * e * pf;
        gap = rng.uniform(16.0, 24.0);
        if (place(b)) {
          (giant2 ? out.placed_giant_two : out.placed_giant_one) = true;
          (giant2 ? giant2 : giant1) = false;
        }
        x += w + gap;
        continue;
      }
      bool as_walkup = type == RowType::Walkup || (type == RowType::Tower && remaining < 18 * 4);
      bool fits;
      if (type == RowType::Villa) fits = villaAt(rng, x, y, xe, b, w, gap);
      else if (type == RowType::Midrise) fits = midriseAt(rng, x, y, xe, entrance_w, remaining, b, w, gap);
      else if (as_walkup) fits = walkupAt(rng, req.awkward, x, y, xe, entrance_w, remaining, b, w, gap);
      else fits = towerAt(rng, x, y, xe, per_floor, remaining, b, w, gap);
      if (!fits) break;
      place(std::move(b));
      x += w + gap;
    }
    if (!req.river) centreRow(out, row_begin, xs, xe);
    y += depth;
    ++rows;
    // The inner road runs east from just inside the west wall along the first row gap, clear of both rows.
    if (rows == 1 && y + spacing + 12.0 <= ytop && (remaining > 0 || giant1 || giant2))
      out.inner_road = {{r2(req.x0 + 2.0), r2(y + spacing / 2)}, {r2(req.x1 - 10.0), r2(y + spacing / 2)}};
    y += spacing;
  }
  return out;
}

FillResult fillSheds(Rng& rng, double x0, double y0, double x1, double y1, int max_count) {
  FillResult out;
  const double xs = x0 + kWallMargin, xe = x1 - kWallMargin, ye = y1 - kWallMargin;
  const int n = std::max(0, max_count);
  for (double y = y0 + kWallMargin; static_cast<int>(out.buildings.size()) < n;) {
    const double d = rng.uniform(3.0, 5.0);
    if (y + d > ye) break;
    for (double x = xs; static_cast<int>(out.buildings.size()) < n;) {
      const double w = rng.uniform(3.0, 6.0);
      if (x + w > xe) break;
      const double shrink = rng.uniform(0.75, 1.0);  // ragged rows: not every shed is as deep as the row
      if (!rng.chance(0.12)) {                        // and now and then one is missing
        TownBuilding b = rect(BuildingKind::Shed, x, y, w, d * shrink);
        b.floors = 1;
        b.entrances = 1;
        out.top = std::max(out.top, b.y1);
        out.buildings.push_back(std::move(b));
      }
      x += w + rng.uniform(1.6, 3.0);
    }
    y += d + rng.uniform(2.0, 4.0);
  }
  return out;
}

FillResult fillNonResidential(Rng& rng, double x0, double y0, double x1, double y1, BuildingKind kind) {
  FillResult out;
  const double xs = x0 + kWallMargin + 4, xe = x1 - kWallMargin - 4;
  double ytop = y1 - kWallMargin - 4;
  const double ybottom = y0 + kWallMargin + 4;
  if (xe - xs < 20 || ytop - ybottom < 20) return out;
  auto add = [&](double x, double yb, double w, double d, int floors) {
    w = std::min(w, xe - x);
    if (w < 12 || yb < ybottom) return false;
    TownBuilding b = rect(kind, x, yb, w, d);
    b.floors = floors;
    b.entrances = 1;
    out.buildings.push_back(std::move(b));
    return true;
  };
  // Buildings stand along the north side, leaving open ground (sports field, car park) to the south.
  if (kind == BuildingKind::School) {
    int n = rng.uniformInt(1, 3);
    for (int i = 0; i < n; ++i) {
      double d = 15.0;
      if (!add(xs, ytop - d, rng.uniform(50.0, 80.0), d, rng.uniformInt(3, 5))) break;
      ytop -= d + 25.0;
    }
  } else if (kind == BuildingKind::Hospital) {
    if (add(xs, ytop - 25.0, 50.0, 25.0, rng.uniformInt(12, 20))) {
      ytop -= 25.0 + 20.0;
      add(xs, ytop - 20.0, 70.0, 20.0, 4);
    }
  } else {
    int n = rng.uniformInt(1, 3);
    double x = xs;
    for (int i = 0; i < n && x < xe; ++i) {
      double w = rng.uniform(32.0, 45.0);
      if (x + w > xe) break;
      add(x, ytop - 25.0, w, 25.0, rng.uniformInt(12, 26));
      x += w + rng.uniform(20.0, 30.0);
    }
  }
  return out;
}

}  // namespace gp::synth
