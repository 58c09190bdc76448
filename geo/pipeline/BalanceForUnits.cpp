#include "geo/pipeline/BalanceForUnits.hpp"

#include <algorithm>
#include <unordered_map>

#include "geo/partition/Partition.hpp"
#include "geo/pipeline/LevelGraph.hpp"

namespace gp::pipeline {

namespace {

// Each grid is tried with this many single-node moves at most: the grids that need it are few (a grid of
// tower floors whose households are not a sum of unit sizes), and every try divides two grids into units.
constexpr int kTriesPerGrid = 8;
// A grid takes at most this many moves, so two grids cannot trade a node back and forth.
constexpr int kMovesPerGrid = 2;

std::pair<long, int> plus(std::pair<long, int> a, std::pair<long, int> b) { return {a.first + b.first, a.second + b.second}; }

}  // namespace

GridOut remadeGrid(const Plan& plan, const Cells& cells, const GridOut& from, const GridShare& share,
                   const Options& opt, const BaseRef* base, Timings* t) {
  GridOut g;
  g.grid = from.grid;
  g.baseGrid = from.baseGrid;
  static_cast<FloorRanges&>(g) = share;
  g.pieces = share.pieces;
  g.grid.households = 0;
  for (int p : g.pieces) g.grid.households += share.piece(plan, p).households;
  planUnits(plan, cells, g, opt, base, t);
  return g;
}

MultiPolygon shapeOfShare(const Cells& cells, const GridShare& share) {
  std::vector<int> origins;
  for (int p : share.pieces) origins.push_back(share.origin(p));
  return shapeOfPieces(cells, origins);
}

std::pair<long, int> unitsOffBounds(const GridOut& g, int lo, int hi) {
  std::pair<long, int> s{0, 0};
  if (g.grid.households == 0) return s;
  for (const Unit& u : g.units) {
    if (u.households >= lo && u.households <= hi) continue;
    s.first += u.households < lo ? lo - u.households : u.households - hi;
    ++s.second;
  }
  return s;
}

bool keepIfUnitsNearer(const Plan& plan, const Cells& cells, std::vector<GridOut>& grids,
                       std::vector<GridShare>& shares, int from, int to, GridShare fromShare, GridShare toShare,
                       const Options& opt, const BaseRef* base, Timings* t, bool orAsNear) {
  const Bounds& b = opt.bounds;
  GridOut& f = grids[static_cast<size_t>(from)];
  GridOut& g = grids[static_cast<size_t>(to)];
  GridOut a = remadeGrid(plan, cells, f, fromShare, opt, base, t);
  GridOut c = remadeGrid(plan, cells, g, toShare, opt, base, t);
  const auto before = plus(unitsOffBounds(f, b.unit_min, b.unit_max), unitsOffBounds(g, b.unit_min, b.unit_max));
  const auto after = plus(unitsOffBounds(a, b.unit_min, b.unit_max), unitsOffBounds(c, b.unit_min, b.unit_max));
  if (orAsNear ? after.first > before.first : !(after < before)) return false;
  a.grid.shape = shapeOfShare(cells, fromShare);
  c.grid.shape = shapeOfShare(cells, toShare);
  shares[static_cast<size_t>(from)] = std::move(fromShare);
  shares[static_cast<size_t>(to)] = std::move(toShare);
  f = std::move(a);
  g = std::move(c);
  return true;
}

int balanceForUnits(const Plan& plan, const Cells& cells, const LevelNodes& level, std::vector<GridOut>& grids,
                    std::vector<GridShare>& shares, const Options& opt, const BaseRef* base, Timings* t) {
  const Bounds& b = opt.bounds;
  const partition::Graph& gr = *level.graph;
  const int N = gr.size();
  const int G = static_cast<int>(grids.size());
  std::unordered_map<int, int> gridOfPiece;
  for (int k = 0; k < G; ++k)
    for (int p : shares[static_cast<size_t>(k)].pieces) gridOfPiece[p] = k;
  std::vector<int> gridOf(static_cast<size_t>(N), -1);
  for (int v = 0; v < N; ++v) {
    const auto& ps = level.pieces[static_cast<size_t>(v)];
    if (ps.empty()) continue;
    auto it = gridOfPiece.find(ps[0]);
    if (it != gridOfPiece.end()) gridOf[static_cast<size_t>(v)] = it->second;
  }
  // Grids a move may change: not kept from a base plan or locked (their pieces are the planner's), not
  // dedicated or otherwise outside the bounds (their reasons stand), with households to divide.
  // A grid that took or gave floors already (fillGridsByFloors) is left to tradeFloors: its nodes are no
  // longer whole.
  auto free = [&](int k) {
    const GridOut& g = grids[static_cast<size_t>(k)];
    const GridShare& sh = shares[static_cast<size_t>(k)];
    return g.baseGrid < 0 && !g.grid.locked && g.grid.status == Status::Ok && g.grid.households > 0 &&
           sh.replaced.empty() && sh.added.empty();
  };
  std::vector<int> movesOf(static_cast<size_t>(G), 0);
  int moved = 0;
  for (int k = 0; k < G; ++k) {
    if (!free(k)) continue;
    int tries = 0;
    while (movesOf[static_cast<size_t>(k)] < kMovesPerGrid && tries < kTriesPerGrid &&
           unitsOffBounds(grids[static_cast<size_t>(k)], b.unit_min, b.unit_max).first > 0) {
      struct Move {
        int v, from, to, households;
      };
      std::vector<Move> moves;
      for (int v = 0; v < N; ++v) {
        if (gridOf[static_cast<size_t>(v)] != k) continue;
        for (int e = gr.xadj[v]; e < gr.xadj[v + 1]; ++e) {
          if (!gr.barrier.empty() && gr.barrier[static_cast<size_t>(e)]) continue;
          int w = gr.adjncy[static_cast<size_t>(e)];
          int h = gridOf[static_cast<size_t>(w)];
          if (h < 0 || h == k || !free(h) || movesOf[static_cast<size_t>(h)] >= kMovesPerGrid) continue;
          moves.push_back({w, h, k, gr.weight[static_cast<size_t>(w)]});
          moves.push_back({v, k, h, gr.weight[static_cast<size_t>(v)]});
        }
      }
      // Small nodes first: they change the bounds of both grids least.
      std::sort(moves.begin(), moves.end(), [](const Move& x, const Move& y) {
        return std::tie(x.households, x.v, x.to) < std::tie(y.households, y.v, y.to);
      });
      moves.erase(std::unique(moves.begin(), moves.end(),
                              [](const Move& x, const Move& y) { return x.v == y.v && x.to == y.to; }),
                  moves.end());
      bool done = false;
      for (const Move& m : moves) {
        if (tries >= kTriesPerGrid) break;
        GridOut& from = grids[static_cast<size_t>(m.from)];
        GridOut& to = grids[static_cast<size_t>(m.to)];
        if (m.households == 0 || from.grid.households - m.households < b.grid_min ||
            to.grid.households + m.households > b.grid_max)
          continue;
        std::vector<int> rest;
        for (int v = 0; v < N; ++v)
          if (gridOf[static_cast<size_t>(v)] == m.from && v != m.v) rest.push_back(v);
        if (rest.empty() || !connectedSubset(gr, rest)) continue;
        ++tries;
        const std::vector<int>& vp = level.pieces[static_cast<size_t>(m.v)];
        GridShare fromShare = shares[static_cast<size_t>(m.from)], toShare = shares[static_cast<size_t>(m.to)];
        fromShare.pieces.clear();
        for (int p : shares[static_cast<size_t>(m.from)].pieces)
          if (std::find(vp.begin(), vp.end(), p) == vp.end()) fromShare.pieces.push_back(p);
        toShare.pieces.insert(toShare.pieces.end(), vp.begin(), vp.end());
        std::sort(fromShare.pieces.begin(), fromShare.pieces.end());
        std::sort(toShare.pieces.begin(), toShare.pieces.end());
        if (!keepIfUnitsNearer(plan, cells, grids, shares, m.from, m.to, std::move(fromShare), std::move(toShare),
                               opt, base, t))
          continue;
        gridOf[static_cast<size_t>(m.v)] = m.to;
        ++movesOf[static_cast<size_t>(m.from)];
        ++movesOf[static_cast<size_t>(m.to)];
        ++moved;
        done = true;
        break;
      }
      if (!done) break;
    }
  }
  return moved;
}

}  // namespace gp::pipeline
