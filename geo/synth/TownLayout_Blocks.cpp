#include <algorithm>
#include <cmath>

#include "geo/synth/TownLayout.hpp"

namespace gp::synth::layout {

namespace {

// Households per square metre of block, by community style, measured on generated towns: sizing blocks
// with these (times kAreaMargin) leaves room for schools, offices and parks after the homes.
double blockDensity(const std::string& style) {
  if (style == "old") return 0.0105;
  if (style == "new") return 0.0215;
  return 0.0150;
}

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

}  // namespace

void TownLayout::planCommunities() {
  // 1. How many households each community gets, and its style (old walk-ups in the centre, towers outside).
  long rest = N, tiny_target = 0;
  if (awkward) {
    tiny_target = rng.uniformInt(110, 170);  // + at most one walk-up's overshoot: stays below 200
    rest -= tiny_target;
  }
  // An awkward town has six blocks or more, for a community in two parts and a concave one.
  ordinary =
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
  C = static_cast<int>(plans.size());
  R = std::max(1, static_cast<int>(std::lround(std::sqrt(static_cast<double>(C)))));
  row_count.assign(R, C / R);
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
          p.area = std::max(kMinBlockArea, static_cast<double>(p.target) * kAreaMargin * area_scale *
                                               (aw ? 1.3 : 1.0) / blockDensity(p.style));
      }
  }
  double mean_area = 0;
  for (const auto& p : plans) mean_area += p.area;
  mean_area /= std::max(1, ordinary);
  total_area = 0;
  for (auto& p : plans) {
    if (p.tiny) p.area = std::max(kMinBlockArea, 0.5 * mean_area);
    total_area += p.area;
  }
}

void TownLayout::layBlocks() {
  // 2. Blocks: rows of communities (a strip treemap) between main roads, so block areas match their needs.
  W = std::sqrt(total_area);
  left = std::round(kCentreX - W / 2), top = std::round(kCentreY + W / 2);
  right = left + std::round(W);
  row_y = {top};  // row r spans row_y[r+1] (south) .. row_y[r] (north)
  row_x.assign(R, {});
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
  bottom = row_y.back();
  town.bounds.add(XY{left, bottom});
  town.bounds.add(XY{right, top});
}

void TownLayout::mergeAwkwardBlocks() {
  // Blocks and communities: one community a block, but in an awkward town two blocks that do not touch
  // form a community in two parts, and two blocks of neighbouring rows one with a concave outline.
  comm_of.assign(C, 0);
  for (int i = 0; i < C; ++i) comm_of[i] = i;
  NC = C;
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
}

void TownLayout::nameCommunities() {
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
      tc.community_id = "320508" + numbered("%03ld", street) + numbered("%03ld", in_street);
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
}

void TownLayout::outlineCommunities() {
  // Community polygons (with the T-junction vertices of the neighbouring rows, so the coverage is noded),
  // main roads, and the cells of every block.
  cells.assign(C, {});
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
}

}  // namespace gp::synth::layout
