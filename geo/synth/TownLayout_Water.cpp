#include <algorithm>
#include <cmath>

#include "geo/synth/TownLayout.hpp"

namespace gp::synth::layout {

namespace {

// A closed ring of `n` vertices around (cx, cy), semi-axes rx, ry, its edge wobbling by `wobble` of the
// radius (phase `phase`), rounded to centimetres; counter-clockwise, or clockwise for a hole.
Ring blob(double cx, double cy, double rx, double ry, double wobble, double phase, int n, bool clockwise) {
  Ring r;
  for (int i = 0; i < n; ++i) {
    const double t = 2 * kPi * (clockwise ? n - i : i) / n;
    const double f = 1.0 + wobble * std::sin(3 * t + phase);
    r.push_back({std::round((cx + rx * f * std::cos(t)) * 100) / 100, std::round((cy + ry * f * std::sin(t)) * 100) / 100});
  }
  r.push_back(r.front());
  return r;
}

bool clearOfLines(const TownRoad& river, const TownRoad& rail, double x0, double y0, double x1, double y1,
                  double clear) {
  double lo, hi;
  if (riverSpan(river.line, x0 - clear, x1 + clear, lo, hi) && hi + clear > y0 && lo - clear < y1) return false;
  if (railSpan(rail.line, y0 - clear, y1 + clear, lo, hi) && hi + clear > x0 && lo - clear < x1) return false;
  return true;
}

}  // namespace

bool railSpan(const LineString& rail, double ya, double yb, double& xmin, double& xmax) {
  LineString t;
  for (const XY& p : rail) t.push_back({p.y, p.x});
  return riverSpan(t, ya, yb, xmin, xmax);
}

void TownLayout::runRiver() {
  // 3. The river: meanders across the town and passes, flat, through the middle of one tall cell of an
  // ordinary community near the centre, the compound it deliberately cuts.
  {
    double best = std::numeric_limits<double>::infinity();
    for (int pass = 0; pass < 2 && river_comm < 0; ++pass)
      for (int i = 0; i < C; ++i) {
        if (plans[i].tiny || plans[i].empty) continue;
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
}

// 3b. An awkward town's railway, lake and pond. The railway runs north-south across the whole town, clear
// of the river's compound; the lake lies across a main road between two blocks (so in two communities),
// the pond at the west end of a park; the cells they take land from are cut back.
void TownLayout::layRailway() {
  const Cell& rc = cells[river_comm][river_cell];
  town.railway.name = namer.railway();
  town.railway.kind = "railway";
  const double ymid = std::round((top + bottom) / 2);
  for (int t = 0; t < 12 && town.railway.line.empty(); ++t) {
    const double side = arng.chance(0.5) ? 1 : -1;
    const double xt = std::round(kCentreX + side * W * arng.uniform(0.1, 0.38));
    const double xb = std::round(xt + W * arng.uniform(-0.2, 0.2));
    const double bend = arng.uniform(-0.06, 0.06);
    const double xm = std::round((xt + xb) / 2 + W * bend);
    LineString l{{xt, top + 80}, {xm, ymid}, {xb, bottom - 80}};
    double lo, hi;
    if (railSpan(l, rc.y0 - kRailWallClear, rc.y1 + kRailWallClear, lo, hi) && hi + kRailWallClear > rc.x0 &&
        lo - kRailWallClear < rc.x1)
      continue;
    town.railway.line = l;
  }
  if (town.railway.line.empty()) {  // straight, on the wider side of the river's compound
    const double x = std::round(rc.x0 - left > right - rc.x1 ? (left + rc.x0) / 2 : (rc.x1 + right) / 2);
    town.railway.line = {{x, top + 80}, {x, bottom - 80}};
  }
}

bool TownLayout::usable(int i, size_t k) const {
  return !plans[i].tiny && !(i == river_comm && static_cast<int>(k) == river_cell);
}

void TownLayout::digLake() {
  // The lake: candidate pairs of cells facing each other across a main road, of two blocks.
  struct LakeSite {
    int a, ka, b, kb;
    bool vertical;  // the road between them runs north-south
    double at, lo, hi;  // the road's coordinate, and the stretch the two cells share along it
  };
  std::vector<LakeSite> sites;
  for (int a = 0; a < C; ++a)
    for (int b = 0; b < C; ++b) {
      if (a == b) continue;
      for (size_t ka = 0; ka < cells[a].size(); ++ka)
        for (size_t kb = 0; kb < cells[b].size(); ++kb) {
          if (!usable(a, ka) || !usable(b, kb)) continue;
          const Cell &p = cells[a][ka], &q = cells[b][kb];
          if (std::abs(q.x0 - p.x1 - 2 * kMainSetback) < 0.5) {  // p west of q
            const double lo = std::max(p.y0, q.y0), hi = std::min(p.y1, q.y1);
            if (hi - lo >= 90 && std::min(p.x1 - p.x0, q.x1 - q.x0) >= 90)
              sites.push_back({a, static_cast<int>(ka), b, static_cast<int>(kb), true, p.x1 + kMainSetback, lo, hi});
          }
          if (std::abs(q.y0 - p.y1 - 2 * kMainSetback) < 0.5) {  // p south of q
            const double lo = std::max(p.x0, q.x0), hi = std::min(p.x1, q.x1);
            if (hi - lo >= 90 && std::min(p.y1 - p.y0, q.y1 - q.y0) >= 90)
              sites.push_back({a, static_cast<int>(ka), b, static_cast<int>(kb), false, p.y1 + kMainSetback, lo, hi});
          }
        }
    }
  // Sites between two communities first; a site whose lake would touch the river or railway is skipped.
  arng.shuffle(sites);
  std::stable_partition(sites.begin(), sites.end(),
                        [&](const LakeSite& x) { return comm_of[x.a] != comm_of[x.b]; });
  for (const LakeSite& st : sites) {
    Cell &p = cells[st.a][st.ka], &q = cells[st.b][st.kb];
    const double across = std::min(55.0, 0.4 * (st.vertical ? std::min(p.x1 - p.x0, q.x1 - q.x0)
                                                             : std::min(p.y1 - p.y0, q.y1 - q.y0)));
    const double r_across = kMainSetback + across, r_along = std::min(80.0, 0.35 * (st.hi - st.lo));
    const double centre = std::round((st.lo + st.hi) / 2 + arng.uniform(-0.1, 0.1) * (st.hi - st.lo));
    const double wob = 0.07, reach = r_across * (1 + wob), along = r_along * (1 + wob);
    const double bx0 = st.vertical ? st.at - reach : centre - along, bx1 = st.vertical ? st.at + reach : centre + along;
    const double by0 = st.vertical ? centre - along : st.at - reach, by1 = st.vertical ? centre + along : st.at + reach;
    if (!clearOfLines(town.river, town.railway, bx0, by0, bx1, by1, kWaterClear + 8)) continue;
    const double phase = arng.uniform(0.0, 2 * kPi);
    TownWater w;
    w.kind = "lake";
    w.name = namer.water("lake");
    w.area.rings.push_back(st.vertical ? blob(st.at, centre, r_across, r_along, wob, phase, 32, false)
                                       : blob(centre, st.at, r_along, r_across, wob, phase, 32, false));
    town.water.push_back(std::move(w));
    // The two cells give up the land the lake takes, with a margin, on the side facing the road.
    if (st.vertical) {
      p.x1 = std::min(p.x1, std::floor(st.at - reach - kWaterClear));
      q.x0 = std::max(q.x0, std::ceil(st.at + reach + kWaterClear));
    } else {
      p.y1 = std::min(p.y1, std::floor(st.at - reach - kWaterClear));
      p.main_n = false;
      q.y0 = std::max(q.y0, std::ceil(st.at + reach + kWaterClear));
      q.main_s = false;
    }
    lake_a = st.a, lake_ka = st.ka, lake_b = st.b, lake_kb = st.kb;
    break;
  }
}

void TownLayout::digPond() {
  // The pond: at the west end of another cell, 18-30 m across, now and then with an island.
  std::vector<std::pair<int, int>> ponds;
  for (int i = 0; i < C; ++i)
    for (size_t k = 0; k < cells[i].size(); ++k) {
      const Cell& c = cells[i][k];
      if (usable(i, k) && !(i == lake_a && static_cast<int>(k) == lake_ka) &&
          !(i == lake_b && static_cast<int>(k) == lake_kb) && c.x1 - c.x0 >= 130 && c.y1 - c.y0 >= 90)
        ponds.push_back({i, static_cast<int>(k)});
    }
  arng.shuffle(ponds);
  for (const auto& [i, k] : ponds) {
    Cell& c = cells[i][k];
    const double r = std::round(arng.uniform(18.0, 30.0));
    const double cx = c.x0 + r * 1.1 + 10, cy = std::round((c.y0 + c.y1) / 2);
    if (!clearOfLines(town.river, town.railway, cx - r * 1.1, cy - r * 1.1, cx + r * 1.1, cy + r * 1.1,
                      kWaterClear + 8))
      continue;
    const double phase = arng.uniform(0.0, 2 * kPi);
    TownWater w;
    w.kind = "pond";
    w.name = namer.water("pond");
    w.area.rings.push_back(blob(cx, cy, r, r * 0.8, 0.08, phase, 24, false));
    if (arng.chance(0.5)) w.area.rings.push_back(blob(cx + 0.15 * r, cy, 0.3 * r, 0.25 * r, 0.0, 0.0, 12, true));
    town.water.push_back(std::move(w));
    c.x0 = std::ceil(cx + r * 1.1 + kWaterClear);
    break;
  }
}
}  // namespace gp::synth::layout
