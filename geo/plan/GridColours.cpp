#include "geo/plan/GridColours.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <set>
#include <tuple>
#include <unordered_map>

#include "geo/geom/Adjacency.hpp"

namespace gp::plan {

const std::array<Rgb, kGridColours>& gridPalette() {
  static const std::array<Rgb, kGridColours> p = {{{141, 211, 199},
                                                   {255, 237, 111},
                                                   {190, 186, 218},
                                                   {204, 235, 197},
                                                   {128, 177, 211},
                                                   {253, 180, 98},
                                                   {179, 222, 105},
                                                   {252, 205, 229},
                                                   {217, 217, 217},
                                                   {188, 128, 189}}};
  return p;
}

std::vector<int> colourGraph(const std::vector<std::vector<int>>& neighbours, const std::vector<int>& preferred) {
  const int n = int(neighbours.size());
  std::vector<std::vector<int>> nb(n);
  for (int g = 0; g < n; ++g)
    for (int h : neighbours[g])
      if (h >= 0 && h < n && h != g) {
        nb[g].push_back(h);
        nb[h].push_back(g);
      }
  for (auto& v : nb) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  }
  std::vector<int> colour(n, -1);
  std::vector<int> used(kGridColours, 0);
  // Preferred colours first, in grid order: the first of two touching grids that prefer one colour keeps it.
  for (int g = 0; g < n; ++g) {
    int p = g < int(preferred.size()) ? preferred[g] : -1;
    if (p < 0 || p >= kGridColours) continue;
    bool taken = false;
    for (int h : nb[g]) taken = taken || colour[h] == p;
    if (taken) continue;
    colour[g] = p;
    ++used[p];
  }
  // DSatur on the rest: the grid whose neighbours already show the most distinct colours, then the one with
  // most neighbours, then the lowest index (deterministic).
  std::vector<uint32_t> seen(n, 0);  // bit k: a neighbour has colour k
  for (int g = 0; g < n; ++g)
    for (int h : nb[g])
      if (colour[h] >= 0) seen[g] |= 1u << colour[h];
  // The uncoloured grids in the order a scan of all of them would pick them (most distinct colours on their
  // neighbours, then most neighbours, then the lowest index), kept up to date as neighbours take colours: a scan
  // per grid was O(grids²), seconds at ten million households (36,000 grids).
  auto key = [&](int g) { return std::make_tuple(__builtin_popcount(seen[g]), int(nb[g].size()), -g); };
  std::set<std::tuple<int, int, int>> next;
  for (int g = 0; g < n; ++g)
    if (colour[g] < 0) next.insert(key(g));
  while (!next.empty()) {
    const int best = -std::get<2>(*next.rbegin());
    next.erase(std::prev(next.end()));
    int c = -1;
    for (int k = 0; k < kGridColours; ++k)
      if (!(seen[best] >> k & 1) && (c < 0 || used[k] < used[c])) c = k;
    if (c < 0) {
      // Every colour is on a neighbour: take the one fewest neighbours have.
      std::array<int, kGridColours> on{};
      for (int h : nb[best])
        if (colour[h] >= 0) ++on[colour[h]];
      c = int(std::min_element(on.begin(), on.end()) - on.begin());
    }
    colour[best] = c;
    ++used[c];
    for (int h : nb[best]) {
      if (colour[h] < 0 && !(seen[h] >> c & 1)) {
        next.erase(key(h));
        seen[h] |= 1u << c;
        next.insert(key(h));
      }
      seen[h] |= 1u << c;
    }
  }
  return colour;
}

namespace {

// Pieces drawn on one cell carry copies of one geometry: key it by its exact coordinates.
uint64_t cellHash(const MultiPolygon& mp) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](double d) {
    uint64_t bits;
    std::memcpy(&bits, &d, sizeof bits);
    h = (h ^ bits) * 1099511628211ull;
  };
  for (const Polygon& p : mp)
    for (const Ring& r : p.rings)
      for (const XY& q : r) mix(q.x), mix(q.y);
  return h;
}

}  // namespace

std::vector<std::vector<int>> touchingGrids(const Plan& plan) {
  const int n = int(plan.grids.size());
  std::vector<std::vector<int>> nb(n);
  std::vector<MultiPolygon> shapes;
  shapes.reserve(n);
  for (const Grid& g : plan.grids) shapes.push_back(g.shape);
  for (const geom::SharedBoundary& s : geom::sharedBoundaries(shapes, {})) nb[s.a].push_back(s.b);
  // Grids on one cell (or, without cells, in one building split by floors): every pair touches.
  std::unordered_map<uint64_t, std::vector<int>> together;
  for (const Piece& p : plan.pieces) {
    if (p.grid < 0 || p.grid >= n) continue;
    uint64_t key = !p.cell.empty() ? cellHash(p.cell)
                   : p.building >= 0 ? ~uint64_t(uint32_t(p.building))
                                     : 0;
    if (key == 0) continue;
    auto& v = together[key];
    if (std::find(v.begin(), v.end(), p.grid) == v.end()) v.push_back(p.grid);
  }
  for (auto& [key, v] : together)
    for (size_t i = 0; i < v.size(); ++i)
      for (size_t j = i + 1; j < v.size(); ++j) nb[v[i]].push_back(v[j]);
  return nb;
}

std::vector<int> gridColours(const Plan& plan) {
  std::vector<int> preferred;
  preferred.reserve(plan.grids.size());
  for (const Grid& g : plan.grids) preferred.push_back(g.colour);
  return colourGraph(touchingGrids(plan), preferred);
}

}  // namespace gp::plan
