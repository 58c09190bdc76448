// tradeFloors, the stage after balanceForUnits: grids whose units are still off because of the floors they
// hold (a grid of 28 floors of 8 households makes units of 24 only, one floor too many) move a few floors of
// a floor piece to or from a neighbouring grid.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "geo/geom/Pieces.hpp"
#include "geo/partition/Partition.hpp"
#include "geo/pipeline/BalanceForUnits.hpp"

namespace gp::pipeline {

namespace {

// Each grid is tried with this many floor moves at most (every try divides two grids into units), and takes
// at most this many, so two grids cannot trade floors back and forth.
constexpr int kTriesPerGrid = 8;
constexpr int kMovesPerGrid = 3;

const std::vector<const HouseholdPoint*>& pointsOf(const Cells& cells, int building) {
  static const std::vector<const HouseholdPoint*> kNone;
  return cells.points && building >= 0 ? (*cells.points)[static_cast<size_t>(building)] : kNone;
}

int groupOf(const Cells& cells, const GridShare& s, int p) { return cells.groupOf[cells.local(s.origin(p))]; }

int households(const Plan& plan, const GridShare& s) {
  int sum = 0;
  for (int p : s.pieces) sum += s.piece(plan, p).households;
  return sum;
}

// The households of every floor of a share's pieces, counted by value. A floor above the unit maximum is a
// unit of its own whatever the grid holds, so it is left out.
using FloorCounts = std::map<int, int>;

FloorCounts floorCounts(const Plan& plan, const Cells& cells, const GridShare& s, const Bounds& b) {
  FloorCounts count;
  for (int p : s.pieces) {
    const Piece& q = s.piece(plan, p);
    for (int h : geom::householdsPerFloor(plan.in, q, pointsOf(cells, q.building)))
      if (h <= b.unit_max) ++count[h];
  }
  return count;
}

// Whether floors so counted can be grouped into units within the bounds, by arithmetic alone (every piece
// divided into its floors, places ignored): false only when they provably cannot.
bool groupable(const FloorCounts& count, const Bounds& b) {
  return partition::sumsWithin({count.begin(), count.end()}, b.unit_min, b.unit_max) != 0;
}

// Removes entry `k` of s.added (no longer any piece of s), renumbering the pieces after it.
void dropAdded(GridShare& s, size_t k) {
  s.added.erase(s.added.begin() + static_cast<std::ptrdiff_t>(k));
  s.addedOrigin.erase(s.addedOrigin.begin() + static_cast<std::ptrdiff_t>(k));
  const int gone = -2 - static_cast<int>(k);
  for (int& p : s.pieces)
    if (p < gone) ++p;
}

void addRange(GridShare& s, const Piece& q, int origin) {
  s.added.push_back(q);
  s.addedOrigin.push_back(origin);
  s.pieces.push_back(-2 - static_cast<int>(s.added.size() - 1));
}

// One candidate: the top or bottom `floors` floors of piece `p` of grid `from` go to grid `to`.
struct FloorMove {
  int from = -1, to = -1, p = 0, floors = 0;
  bool top = true;
  int households = 0;
  int infeasible = 0;  // of the two grids after it, by floorsGroupable
  int divides = 0;     // divisionCost of the move
};

// Applies m to the shares of its two grids; false when the piece cannot be divided there.
bool applyMove(const Plan& plan, const Cells& cells, const FloorMove& m, GridShare& from, GridShare& to) {
  const Piece q = from.piece(plan, m.p);
  const int origin = from.origin(m.p);
  const int n = static_cast<int>(geom::householdsPerFloor(plan.in, q, pointsOf(cells, q.building)).size());
  from.pieces.erase(std::find(from.pieces.begin(), from.pieces.end(), m.p));
  if (m.floors >= n) {  // the whole piece changes grid
    if (m.p >= 0) {
      to.pieces.push_back(m.p);
      auto it = from.replaced.find(m.p);
      if (it != from.replaced.end()) {
        to.replaced[m.p] = it->second;
        from.replaced.erase(it);
      }
    } else {
      addRange(to, q, origin);
      dropAdded(from, static_cast<size_t>(-m.p - 2));
    }
  } else {
    std::vector<Piece> parts =
        geom::splitByFloorsAt(plan.in, q, pointsOf(cells, q.building), m.top ? n - m.floors : m.floors);
    if (parts.size() != 2) return false;
    const Piece& kept = parts[m.top ? 0 : 1];
    if (m.p >= 0)
      from.replaced[m.p] = kept;
    else
      from.added[static_cast<size_t>(-m.p - 2)] = kept;
    from.pieces.push_back(m.p);
    addRange(to, parts[m.top ? 1 : 0], origin);
  }
  std::sort(from.pieces.begin(), from.pieces.end());
  std::sort(to.pieces.begin(), to.pieces.end());
  return true;
}

// The grids standing on each cell group, and whether grid `to` stands on group g or on one touching it
// across no barrier; and the grids holding floors of each entrance (building, entrance).
struct Neighbours {
  std::vector<std::set<int>> gridsOn;  // per group
  std::map<std::pair<int, int>, std::set<int>> gridsOf;  // per entrance
  const Cells& cells;

  bool reaches(int to, int g) const {
    if (gridsOn[static_cast<size_t>(g)].count(to)) return true;
    const geom::CellGraph& cg = cells.graph;
    if (g + 1 >= static_cast<int>(cg.xadj.size())) return false;
    for (int e = cg.xadj[g]; e < cg.xadj[g + 1]; ++e) {
      if (!cg.barrier.empty() && cg.barrier[static_cast<size_t>(e)]) continue;
      int d = cg.adjncy[static_cast<size_t>(e)];
      if (d >= 0 && d < static_cast<int>(gridsOn.size()) && gridsOn[static_cast<size_t>(d)].count(to)) return true;
    }
    return false;
  }
};

Neighbours neighboursOf(const Plan& plan, const Cells& cells, const std::vector<GridShare>& shares) {
  Neighbours nb{std::vector<std::set<int>>(cells.groupPieces.size()), {}, cells};
  for (size_t k = 0; k < shares.size(); ++k)
    for (int p : shares[k].pieces) {
      nb.gridsOn[static_cast<size_t>(groupOf(cells, shares[k], p))].insert(static_cast<int>(k));
      const Piece& q = shares[k].piece(plan, p);
      nb.gridsOf[{q.building, q.entrance}].insert(static_cast<int>(k));
    }
  return nb;
}

// Whether the cells of share `f` other than group `g` are still connected (touching, barriers or not), so the
// grid's shape stays one polygon when it leaves that cell.
bool connectedWithout(const Cells& cells, const GridShare& f, int g) {
  std::set<int> rest;
  for (int p : f.pieces) rest.insert(groupOf(cells, f, p));
  rest.erase(g);
  if (rest.empty()) return false;
  const geom::CellGraph& cg = cells.graph;
  std::set<int> seen{*rest.begin()};
  std::vector<int> stack{*rest.begin()};
  while (!stack.empty()) {
    const int c = stack.back();
    stack.pop_back();
    if (c + 1 >= static_cast<int>(cg.xadj.size())) continue;
    for (int e = cg.xadj[c]; e < cg.xadj[c + 1]; ++e) {
      const int d = cg.adjncy[static_cast<size_t>(e)];
      if (rest.count(d) && seen.insert(d).second) stack.push_back(d);
    }
  }
  return seen.size() == rest.size();
}

// One end of an entrance's floors in grid `from` (the top of its highest piece, or the bottom of its lowest),
// standing where grid `to` reaches: the floors that may move, outermost first.
struct OuterRange {
  std::pair<int, int> entrance;  // (building, entrance)
  int p = 0;
  bool top = true;
  const Piece* q = nullptr;
  std::vector<int> perFloor;                   // households per floor, in the order they would move
  bool only = false;                           // p is all `from` holds of the entrance
  bool canLeave = false;                       // `from` may give the whole piece (its shape stays one polygon)
  std::vector<std::pair<int, int>> inTo;       // the floor ranges of the entrance that `to` holds
  int grids = 0;                               // grids holding floors of the entrance now

  int n() const { return static_cast<int>(perFloor.size()); }

  // How moving the outer `k` floors divides (DESIGN §4 as gridplan keeps it: a grid, like a unit, holds one
  // contiguous range of an entrance's floors; an entrance spans at most two grids unless it already spans
  // more, a tower above the grid maximum): -1 not allowed; 0 no new division (the floors join `to`'s range of
  // the entrance); 1 a whole entrance or building changes grid; 2 an entrance newly divided by floors.
  int divisionCost(int k) const {
    const bool whole = k == n(), empties = whole && only;
    if (!inTo.empty()) {
      const int lo = top ? q->floor_to - k + 1 : q->floor_from, hi = top ? q->floor_to : q->floor_from + k - 1;
      bool joins = false;
      for (auto [a0, a1] : inTo) joins = joins || (a0 > 0 && lo > 0 && (a1 + 1 == lo || hi + 1 == a0));
      return joins ? 0 : -1;
    }
    if (!empties) return grids >= 2 ? -1 : 2;
    return q->floor_from < 0 ? 1 : 0;
  }
};

// The outer ranges of grid `from` that grid `to` reaches, with households.
std::vector<OuterRange> outerRanges(const Plan& plan, const Cells& cells, const std::vector<GridShare>& shares,
                                    const Neighbours& nb, int from, int to) {
  const GridShare& f = shares[static_cast<size_t>(from)];
  const GridShare& t = shares[static_cast<size_t>(to)];
  std::map<std::pair<int, int>, std::vector<std::pair<int, int>>> inTo;  // entrance → floor ranges in `to`
  for (int p : t.pieces) {
    const Piece& q = t.piece(plan, p);
    inTo[{q.building, q.entrance}].push_back({q.floor_from, q.floor_to});
  }
  std::map<std::pair<int, int>, std::pair<int, int>> ends;  // entrance → its lowest and highest piece
  std::map<std::pair<int, int>, int> count;                 // entrance → pieces
  std::map<int, int> onGroup;
  for (int p : f.pieces) {
    const Piece& q = f.piece(plan, p);
    ++onGroup[groupOf(cells, f, p)];
    ++count[{q.building, q.entrance}];
    auto [it, fresh] = ends.try_emplace({q.building, q.entrance}, p, p);
    if (fresh) continue;
    if (q.floor_from < f.piece(plan, it->second.first).floor_from) it->second.first = p;
    if (q.floor_to > f.piece(plan, it->second.second).floor_to) it->second.second = p;
  }
  std::vector<OuterRange> out;
  for (auto& [key, lohi] : ends)
    for (bool top : {true, false}) {
      OuterRange r;
      r.entrance = key;
      r.p = top ? lohi.second : lohi.first;
      r.top = top;
      r.q = &f.piece(plan, r.p);
      const int g = groupOf(cells, f, r.p);
      if (r.q->households == 0 || !nb.reaches(to, g)) continue;
      r.perFloor = geom::householdsPerFloor(plan.in, *r.q, pointsOf(cells, r.q->building));
      if (!top && r.n() == 1) continue;  // a piece of one floor moves whole, once
      if (top) std::reverse(r.perFloor.begin(), r.perFloor.end());  // outermost first
      r.only = count[key] == 1;
      r.canLeave = onGroup[g] >= 2 || connectedWithout(cells, f, g);
      auto it = inTo.find(key);
      if (it != inTo.end()) r.inTo = it->second;
      r.grids = static_cast<int>(nb.gridsOf.at(key).size());
      out.push_back(std::move(r));
    }
  return out;
}

// Whether grids k and h stand on one cell or on touching ones, across no barrier.
bool touches(const Neighbours& nb, const std::vector<GridShare>& shares, int k, int h) {
  const GridShare& s = shares[static_cast<size_t>(k)];
  for (int p : s.pieces)
    if (nb.reaches(h, groupOf(nb.cells, s, p))) return true;
  return false;
}

// The candidate moves of floors from grid `from` to grid `to`: the outer floors of each entrance's pieces in
// `from` (OuterRange), at most a unit's households, the grid bounds kept, allowed by divisionCost, and screened
// by arithmetic: only moves after which fewer of the two grids are unable to group their floors (`counts`,
// `bad`) are kept.
void movesBetween(const Plan& plan, const Cells& cells, const std::vector<GridShare>& shares, const Neighbours& nb,
                  const std::vector<FloorCounts>& counts, const std::vector<int>& bad, const Bounds& b, int from,
                  int to, std::vector<FloorMove>& out) {
  const int fromHH = households(plan, shares[static_cast<size_t>(from)]);
  const int toHH = households(plan, shares[static_cast<size_t>(to)]);
  const int before = bad[static_cast<size_t>(from)] + bad[static_cast<size_t>(to)];
  for (const OuterRange& r : outerRanges(plan, cells, shares, nb, from, to)) {
    FloorCounts a = counts[static_cast<size_t>(from)], c = counts[static_cast<size_t>(to)];
    int moved = 0;
    for (int k = 1; k <= r.n(); ++k) {
      const int h = r.perFloor[static_cast<size_t>(k - 1)];
      moved += h;
      if (moved > b.unit_max) break;
      if (--a[h] == 0) a.erase(h);
      ++c[h];
      if (k == r.n() && !r.canLeave) break;
      if (fromHH - moved < b.grid_min || toHH + moved > b.grid_max) continue;
      const int divides = r.divisionCost(k);
      if (divides < 0) continue;
      const int after = !groupable(a, b) + !groupable(c, b);
      if (after >= before) continue;
      out.push_back({from, to, r.p, k, r.top, moved, after, divides});
    }
  }
}

// The fewest floors of one outer range of grid `from` (OuterRange, allowed by divisionCost) that bring grid
// `to`, below the grid minimum, within the grid bounds with `from` staying within them.
void fillMoves(const Plan& plan, const Cells& cells, const std::vector<GridShare>& shares, const Neighbours& nb,
               const Bounds& b, int from, int to, std::vector<FloorMove>& out) {
  const int fromHH = households(plan, shares[static_cast<size_t>(from)]);
  const int toHH = households(plan, shares[static_cast<size_t>(to)]);
  for (const OuterRange& r : outerRanges(plan, cells, shares, nb, from, to)) {
    int moved = 0;
    for (int k = 1; k <= r.n(); ++k) {
      moved += r.perFloor[static_cast<size_t>(k - 1)];
      if (k == r.n() && !r.canLeave) break;
      if (fromHH - moved < b.grid_min || toHH + moved > b.grid_max) break;
      if (toHH + moved < b.grid_min) continue;
      const int divides = r.divisionCost(k);
      if (divides >= 0) out.push_back({from, to, r.p, k, r.top, moved, 0, divides});
      break;
    }
  }
}

}  // namespace

int fillGridsByFloors(const Plan& plan, const Cells& cells, std::vector<GridOut>& grids,
                      std::vector<GridShare>& shares, const Options& opt, const BaseRef* base, Timings* t) {
  const Bounds& b = opt.bounds;
  const int G = static_cast<int>(grids.size());
  auto free = [&](int k) {
    const GridOut& g = grids[static_cast<size_t>(k)];
    return g.baseGrid < 0 && !g.grid.locked && g.grid.status == Status::Ok && g.grid.households > 0;
  };
  // A grid the partitioner could not bring to the minimum (status exception; not a dedicated grid, nor one
  // whose community or cut-off part has too few households, which are `under`).
  auto short_ = [&](int k) {
    const GridOut& g = grids[static_cast<size_t>(k)];
    if (g.baseGrid >= 0 || g.grid.locked || g.grid.status != Status::Exception || g.grid.households <= 0 ||
        g.grid.households >= b.grid_min)
      return false;
    for (int p : g.pieces)  // after planUnits: plan pieces, or (< 0) floor ranges it added
      if (plan.in.buildings[static_cast<size_t>(g.piece(plan, p).building)].dedicated) return false;
    return true;
  };
  int kept = 0;
  for (int k = 0; k < G; ++k) {
    if (!short_(k)) continue;
    const Neighbours nb = neighboursOf(plan, cells, shares);
    std::vector<FloorMove> moves;
    for (int h = 0; h < G; ++h)
      if (h != k && free(h) && touches(nb, shares, k, h)) fillMoves(plan, cells, shares, nb, b, h, k, moves);
    std::sort(moves.begin(), moves.end(), [](const FloorMove& x, const FloorMove& y) {
      return std::make_tuple(x.divides, x.households, x.from, x.p, x.top) <
             std::make_tuple(y.divides, y.households, y.from, y.p, y.top);
    });
    int tries = 0;
    for (const FloorMove& m : moves) {
      if (tries++ >= kTriesPerGrid) break;
      GridShare fromShare = shares[static_cast<size_t>(m.from)], toShare = shares[static_cast<size_t>(m.to)];
      if (!applyMove(plan, cells, m, fromShare, toShare)) continue;
      // Both grids are within their bounds now; keep the move unless it leaves their units further off.
      if (!keepIfUnitsNearer(plan, cells, grids, shares, m.from, m.to, std::move(fromShare), std::move(toShare), opt,
                             base, t, true))
        continue;
      grids[static_cast<size_t>(m.to)].grid.status = Status::Ok;
      grids[static_cast<size_t>(m.to)].grid.reason.clear();
      ++kept;
      break;
    }
  }
  return kept;
}

int tradeFloors(const Plan& plan, const Cells& cells, std::vector<GridOut>& grids, std::vector<GridShare>& shares,
                const Options& opt, const BaseRef* base, Timings* t) {
  const Bounds& b = opt.bounds;
  const int G = static_cast<int>(grids.size());
  auto free = [&](int k) {
    const GridOut& g = grids[static_cast<size_t>(k)];
    return g.baseGrid < 0 && !g.grid.locked && g.grid.status == Status::Ok && g.grid.households > 0;
  };
  auto off = [&](int k) { return unitsOffBounds(grids[static_cast<size_t>(k)], b.unit_min, b.unit_max); };
  std::vector<int> movesOf(static_cast<size_t>(G), 0);
  int kept = 0;
  for (int k = 0; k < G; ++k) {
    int tries = 0;
    while (free(k) && off(k).first > 0 && movesOf[static_cast<size_t>(k)] < kMovesPerGrid && tries < kTriesPerGrid) {
      // Only a grid whose floors cannot be grouped into units at all is helped by floors: where they can,
      // its units are off for their places, which moving floors does not change.
      std::vector<FloorCounts> counts(static_cast<size_t>(G));
      std::vector<int> bad(static_cast<size_t>(G), 0);
      counts[static_cast<size_t>(k)] = floorCounts(plan, cells, shares[static_cast<size_t>(k)], b);
      if (groupable(counts[static_cast<size_t>(k)], b)) break;
      bad[static_cast<size_t>(k)] = 1;
      const Neighbours nb = neighboursOf(plan, cells, shares);
      std::vector<FloorMove> moves;
      for (int h = 0; h < G; ++h) {
        if (h == k || !free(h) || movesOf[static_cast<size_t>(h)] >= kMovesPerGrid || !touches(nb, shares, k, h))
          continue;
        counts[static_cast<size_t>(h)] = floorCounts(plan, cells, shares[static_cast<size_t>(h)], b);
        bad[static_cast<size_t>(h)] = !groupable(counts[static_cast<size_t>(h)], b);
        movesBetween(plan, cells, shares, nb, counts, bad, b, k, h, moves);
        movesBetween(plan, cells, shares, nb, counts, bad, b, h, k, moves);
      }
      // Fewest grids left unable to group their floors, then the least division (floors that join the
      // receiving grid's floors of their entrance, then a whole entrance, then an entrance newly divided by
      // floors), then the fewest households moved.
      std::sort(moves.begin(), moves.end(), [](const FloorMove& x, const FloorMove& y) {
        return std::make_tuple(x.infeasible, x.divides, x.households, x.from, x.to, x.p, x.top) <
               std::make_tuple(y.infeasible, y.divides, y.households, y.from, y.to, y.p, y.top);
      });
      bool done = false;
      for (const FloorMove& m : moves) {
        if (tries >= kTriesPerGrid) break;
        ++tries;
        GridShare fromShare = shares[static_cast<size_t>(m.from)], toShare = shares[static_cast<size_t>(m.to)];
        if (!applyMove(plan, cells, m, fromShare, toShare)) continue;
        if (!keepIfUnitsNearer(plan, cells, grids, shares, m.from, m.to, std::move(fromShare), std::move(toShare),
                               opt, base, t))
          continue;
        ++movesOf[static_cast<size_t>(m.from)];
        ++movesOf[static_cast<size_t>(m.to)];
        ++kept;
        done = true;
        break;
      }
      if (!done) break;
    }
  }
  return kept;
}

}  // namespace gp::pipeline
