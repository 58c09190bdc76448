#include "geo/synth/Town.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
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
  bool empty = false;  // an awkward town's second part of a community, with no homes (its target went to the first)
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

// ---- Awkward towns only (SynthOptions::awkward) ----

constexpr double kRailWallClear = 20.0;  // compound walls from the railway's centre line
constexpr double kWaterClear = 12.0;     // compound walls from a water area

struct BlockRect {
  double x0, y0, x1, y1;
  int row;
};

// The union of two counter-clockwise rings that share one stretch of boundary with the same vertices
// (blocks of neighbouring rows: the T-junction vertices make it so): the shared edges cancel, the rest
// chains into one ring, starting at the first edge of `a` that survives.
Ring mergeRings(const Ring& a, const Ring& b) {
  struct Edge {
    XY p, q;
    bool live = true;
  };
  std::vector<Edge> e;
  for (const Ring* r : {&a, &b})
    for (size_t i = 0; i + 1 < r->size(); ++i) e.push_back({(*r)[i], (*r)[i + 1]});
  auto same = [](XY u, XY v) { return u.x == v.x && u.y == v.y; };
  for (size_t i = 0; i < e.size(); ++i)
    for (size_t j = i + 1; j < e.size() && e[i].live; ++j)
      if (e[j].live && same(e[i].p, e[j].q) && same(e[i].q, e[j].p)) e[i].live = e[j].live = false;
  size_t cur = 0;
  while (cur < e.size() && !e[cur].live) ++cur;
  Ring out{e[cur].p};
  for (size_t steps = 0; steps < e.size(); ++steps) {
    e[cur].live = false;
    out.push_back(e[cur].q);
    if (same(e[cur].q, out.front())) break;
    size_t next = e.size();
    for (size_t j = 0; j < e.size() && next == e.size(); ++j)
      if (e[j].live && same(e[j].p, e[cur].q)) next = j;
    if (next == e.size()) break;
    cur = next;
  }
  return out;
}

// The railway's east-west extent over the northings [ya, yb] (it runs north-south, a function of y).
bool railSpan(const LineString& rail, double ya, double yb, double& xmin, double& xmax) {
  LineString t;
  for (const XY& p : rail) t.push_back({p.y, p.x});
  return riverSpan(t, ya, yb, xmin, xmax);
}

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

namespace {

// One attempt at the town, its blocks sized area_scale times the usual room.
Town buildTown(const SynthOptions& opt, double area_scale) {
  Town town;
  town.options = opt;
  Rng rng(mixSeed(opt.seed, 0));
  Namer namer(rng);
  const long N = opt.households;
  const bool awkward = N >= 3000;
  // The shapes of an awkward town draw from a stream of their own, so the classic town's draws stay put.
  const bool aw = opt.awkward;
  Rng arng(mixSeed(opt.seed, 0xA1C0));

  // 1. How many households each community gets, and its style (old walk-ups in the centre, towers outside).
  std::vector<CommunityPlan> plans;
  long rest = N, tiny_target = 0;
  if (awkward) {
    tiny_target = rng.uniformInt(110, 170);  // + at most one walk-up's overshoot: stays below 200
    rest -= tiny_target;
  }
  // An awkward town has six blocks or more, for a community in two parts and a concave one.
  const int ordinary =
      std::max(aw ? 6 : 1, static_cast<int>(std::lround(static_cast<double>(rest) / 3000.0)));
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
        // An awkward town's blocks have room for its sheds, water and railway too.
        if (!p.tiny)
          p.area = std::max(kMinBlockArea,
                            p.target * kAreaMargin * area_scale * (aw ? 1.3 : 1.0) / blockDensity(p.style));
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

  // Blocks and communities: one community a block, but in an awkward town two blocks that do not touch
  // form a community in two parts, and two blocks of neighbouring rows one with a concave outline.
  std::vector<int> comm_of(C);
  for (int i = 0; i < C; ++i) comm_of[i] = i;
  int multipart_block = -1, concave_block = -1;  // the first block of each merged pair
  int NC = C;
  if (aw) {
    std::vector<BlockRect> br;
    for (int r = 0; r < R; ++r)
      for (int c = 0; c < row_count[r]; ++c) br.push_back({row_x[r][c], row_y[r + 1], row_x[r][c + 1], row_y[r], r});
    // Two parts of one community lie a block apart: not touching, not even nearly at a corner.
    auto touch = [&](int a, int b) {
      return std::max(br[a].x0, br[b].x0) - 60 <= std::min(br[a].x1, br[b].x1) &&
             std::max(br[a].y0, br[b].y0) - 60 <= std::min(br[a].y1, br[b].y1);
    };
    auto concave = [&](int a, int b) {
      if (br[b].row != br[a].row + 1) return false;
      const double overlap = std::min(br[a].x1, br[b].x1) - std::max(br[a].x0, br[b].x0);
      const double d0 = std::abs(br[a].x0 - br[b].x0), d1 = std::abs(br[a].x1 - br[b].x1);
      return overlap >= 100 && std::max(d0, d1) >= 15;
    };
    std::vector<std::pair<int, int>> apart, bent;
    for (int a = 0; a < C; ++a)
      for (int b = a + 1; b < C; ++b) {
        if (plans[a].tiny || plans[b].tiny) continue;
        if (!touch(a, b)) apart.push_back({a, b});
        if (concave(a, b)) bent.push_back({a, b});
      }
    arng.shuffle(apart);
    arng.shuffle(bent);
    for (const auto& [a, b] : apart) {
      for (const auto& [c, d] : bent)
        if (c != a && c != b && d != a && d != b) {
          concave_block = c;
          comm_of[d] = c;
          break;
        }
      if (concave_block < 0) continue;
      multipart_block = a;
      comm_of[b] = a;
      break;
    }
    if (multipart_block < 0 && !apart.empty()) {  // no concave pair besides: the two parts at least
      multipart_block = apart[0].first;
      comm_of[apart[0].second] = apart[0].first;
    }
    // Half the time the second part has no homes at all (schools, offices, parks, perhaps the sheds): its
    // households are shared among the other blocks.
    if (multipart_block >= 0 && arng.chance(0.5))
      for (int b = multipart_block + 1; b < C; ++b)
        if (comm_of[b] == multipart_block) {
          std::vector<int> others;
          for (int j = 0; j < C; ++j)
            if (j != b && !plans[j].tiny) others.push_back(j);
          const long share = plans[b].target / static_cast<long>(others.size());
          for (size_t k = 0; k < others.size(); ++k)
            plans[others[k]].target += k + 1 == others.size() ? plans[b].target - share * (others.size() - 1) : share;
          plans[b].target = 0;
          plans[b].empty = true;
        }
    // Renumber: communities in the order of their first block.
    std::vector<int> index(C, -1);
    NC = 0;
    for (int i = 0; i < C; ++i) {
      if (comm_of[i] == i) index[i] = NC++;
      comm_of[i] = index[comm_of[i]];
    }
  }

  // Community ids and names: streets of 8-16 communities each.
  {
    int street = 0, in_street = 0, street_size = 0;
    std::string street_name;
    for (int i = 0; i < NC; ++i) {
      if (in_street == street_size) {
        ++street;
        in_street = 0;
        // At most 999 streets fit the 3-digit code, so the very largest towns get bigger streets.
        street_size = std::max(rng.uniformInt(8, 16), (NC + 989) / 990);
        street_name = namer.street();
      }
      ++in_street;
      TownCommunity tc;
      tc.community_id = "320508" + fmt("%03ld", street) + fmt("%03ld", in_street);
      tc.name = namer.community();
      tc.street = street_name;
      town.communities.push_back(std::move(tc));
    }
    if (multipart_block >= 0) {
      town.awkward.multipart_community_id = town.communities[comm_of[multipart_block]].community_id;
      for (int i = 0; i < C; ++i) town.awkward.multipart_empty_part = town.awkward.multipart_empty_part || plans[i].empty;
    }
    if (concave_block >= 0)
      town.awkward.concave_community_id = town.communities[comm_of[concave_block]].community_id;
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
        // A concave community's second block merges into the ring of its first (always the earlier block).
        MultiPolygon& area = town.communities[comm_of[i]].area;
        if (concave_block >= 0 && i != concave_block && comm_of[i] == comm_of[concave_block])
          area[0].rings[0] = mergeRings(area[0].rings[0], ring);
        else
          area.push_back(Polygon{{std::move(ring)}});
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

  // 3b. An awkward town's railway, lake and pond. The railway runs north-south across the whole town, clear
  // of the river's compound; the lake lies across a main road between two blocks (so in two communities),
  // the pond at the west end of a park; the cells they take land from are cut back.
  if (aw) {
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

    auto usable = [&](int i, size_t k) {
      return !plans[i].tiny && !(i == river_comm && static_cast<int>(k) == river_cell);
    };
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
    int lake_a = -1, lake_ka = -1, lake_b = -1, lake_kb = -1;
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

  // 4. Compound slots: cells the river runs through are cut back to its banks (but the river's own cell).
  // In an awkward town the railway cuts them too: a slot it crosses becomes the land west and east of it.
  std::vector<std::vector<Slot>> slots(C);
  auto addSlot = [&](int i, const Slot& s) {
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
  };
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

  // The community meant to hold the two over-large towers: the biggest ordinary one that is not last (if
  // its compounds cannot take them, the next communities try). An awkward town of any size has the tower
  // of one entrance, 400+ households (26-33 floors x 14-16 a floor).
  int giant_comm = -1;
  bool giant2_pending = awkward, giant1_pending = awkward || aw;
  int giant1_floors = 33, giant1_per_floor = 14;
  if (aw) {
    giant1_per_floor = arng.uniformInt(14, 16);
    giant1_floors = arng.uniformInt(26, 33);
    while (giant1_floors * giant1_per_floor < 400) ++giant1_floors;
  }
  // (An awkward town's railway and water leave narrow slots: its tower goes to a block with one wide enough.)
  const double giant_width = 5.0 * giant1_per_floor + 8.0 + 2 * 6.0 + 1.0;
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

  // An awkward town's shed cluster: in a block picked at random among those with a slot that holds 100+
  // sheds (70 x 70 m and up; not the slot of the giant towers, nor the river's) or, failing that, any.
  bool shed_pending = aw;
  int shed_block = 0;
  auto shedRoom = [&](const Slot& s) {
    return !s.river && s.x1 - s.x0 >= 62 && s.y1 - s.y0 >= 62 && (s.x1 - s.x0 - 12) * (s.y1 - s.y0 - 12) >= 7000;
  };
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

  // 5. Fill the compounds, block by block; what one block overshoots or falls short of is carried to the
  // next, so the town's total stays within a building of N.
  long carry = 0;
  int hospitals = 0;
  std::vector<int> compound_no(NC, 0);  // per community (a community of two blocks numbers on)
  for (int i = 0; i < C; ++i) {
    Rng crng(mixSeed(opt.seed, 1000 + static_cast<uint64_t>(i)));
    const int ti = comm_of[i];
    TownCommunity& tc = town.communities[ti];
    long block_households = 0;
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

    // (An awkward town's tower of 400+ households would leave the blocks after it with nothing: there a block
    // takes on no more than half its own target of what the blocks before it overshot.)
    long remaining = plans[i].tiny || plans[i].empty ? plans[i].target
                     : aw                            ? plans[i].target + std::max(carry, -plans[i].target / 2)
                                                     : plans[i].target + carry;
    int leftovers = 0;
    for (size_t oi = 0; oi < order.size(); ++oi) {
      const int k = order[oi];
      const Slot s = slots[i][k];  // a copy: slots[i] may grow below
      double wall_y1 = s.y1;
      FillResult res;
      std::string kind;
      bool open_land = false;
      if (shed_pending && i >= shed_block && !plans[i].tiny && k != giant_slot && shedRoom(s)) {
        // Sheds, garages or a village's outbuildings, in a compound or on open land; the land north of
        // them, past a lane, stays a slot of its own.
        const int most = arng.uniformInt(150, 400);
        FillResult sheds = fillSheds(arng, s.x0, s.y0, s.x1, s.y1, most);
        if (sheds.buildings.size() >= 100) {
          res = std::move(sheds);
          kind = "sheds";
          shed_pending = false;
          open_land = arng.chance(0.5);
          const double wall = std::ceil(res.top + 8.0);
          if (s.y1 - wall >= 90.0) {
            wall_y1 = wall;
            Slot north = s;
            north.y0 = wall + 20.0;
            north.shops_s = false;
            slots[i].push_back(north);
            order.push_back(static_cast<int>(slots[i].size()) - 1);
          }
        }
      }
      if (kind.empty() && remaining > 0) {
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

      if (open_land) {
        // No compound: the sheds are numbered in the community under compound number 00.
        int no = 0;
        for (auto& b : res.buildings) {
          b.bld_id = tc.community_id + "-00-" + fmt("%03ld", ++no);
          b.name = std::to_string(no) + "号附属房";
          b.compound = -1;
          b.community = ti;
          town.buildings.push_back(std::move(b));
        }
        town.awkward.shed_community_id = tc.community_id;
        town.awkward.sheds = no;
        continue;
      }
      TownCompound cp;
      cp.compound_id = tc.community_id + "-" + fmt("%02ld", ++compound_no[ti]);
      cp.kind = kind;
      cp.name = kind == "school"     ? namer.school()
                : kind == "hospital" ? namer.hospital()
                : kind == "office"   ? namer.office()
                                     : namer.compound(kind);
      cp.x0 = s.x0;
      cp.y0 = s.y0;
      cp.x1 = s.x1;
      cp.y1 = wall_y1;
      cp.community = ti;
      const int ci = static_cast<int>(town.compounds.size());
      const bool dedicated = kind == "hospital" || (kind == "school" && crng.chance(0.5));
      int no = 0;
      for (auto& b : res.buildings) {
        ++no;
        b.bld_id = cp.compound_id + "-" + fmt("%03ld", no);
        b.name = std::to_string(no) + (b.kind == BuildingKind::Shop   ? "号商铺"
                                       : b.kind == BuildingKind::Shed ? "号附属房"
                                                                      : "号楼");
        b.compound = ci;
        b.community = ti;
        b.dedicated = dedicated && !residential(b.kind);
        cp.households += b.households;
        if (b.households == 528 && res.placed_giant_two && town.awkward.big_tower_bld_id.empty())
          town.awkward.big_tower_bld_id = b.bld_id;
        if (b.households == giant1_floors * giant1_per_floor && b.entrances == 1 && res.placed_giant_one &&
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
      if (kind == "sheds") {
        town.awkward.shed_community_id = tc.community_id;
        town.awkward.shed_compound_id = cp.compound_id;
        town.awkward.sheds = static_cast<int>(res.buildings.size());
      }
      tc.households += cp.households;
      block_households += cp.households;
      if (!res.inner_road.empty()) town.roads.push_back({cp.name + "内部道路", "inner", res.inner_road});
      town.compounds.push_back(std::move(cp));
    }
    // The tiny community takes no carry (it must stay tiny) but passes on its own overshoot.
    carry = plans[i].tiny || plans[i].empty ? carry + remaining : remaining;
    town.households += block_households;
  }
  if (awkward) {
    for (int i = 0; i < C; ++i)
      if (plans[i].tiny) town.awkward.tiny_community_id = town.communities[comm_of[i]].community_id;
  }
  return town;
}

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
