// restackFloors, a stage of planUnits after the partition of a grid's units: stacked floor ranges given out
// to units from the bottom up, so a unit holds one contiguous range of an entrance's floors.
#include "geo/pipeline/RestackFloors.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "geo/geom/Pieces.hpp"

namespace gp::pipeline {

namespace {

const std::vector<const HouseholdPoint*>& pointsOf(const Cells& cells, int building) {
  static const std::vector<const HouseholdPoint*> kNone;
  return cells.points && building >= 0 ? (*cells.points)[static_cast<size_t>(building)] : kNone;
}

// The nodes of a grid's unit level as restackFloors changes them, copied so a run is changed whole or not at all.
struct Nodes {
  FloorRanges fr;
  std::vector<int> nodePiece, fixed;
  std::vector<int32_t> part;

  const Piece& piece(const Plan& plan, int v) const { return fr.piece(plan, nodePiece[static_cast<size_t>(v)]); }

  // Node v keeps `lower`; `upper` becomes a new node on the same cell, returned.
  int divide(int v, const Piece& lower, const Piece& upper) {
    const int p = nodePiece[static_cast<size_t>(v)];
    if (p >= 0)
      fr.replaced[p] = lower;
    else
      fr.added[static_cast<size_t>(-p - 2)] = lower;
    fr.added.push_back(upper);
    fr.addedOrigin.push_back(fr.origin(p));
    nodePiece.push_back(-2 - static_cast<int>(fr.added.size() - 1));
    if (!fixed.empty()) fixed.push_back(-1);
    part.push_back(part[static_cast<size_t>(v)]);
    return static_cast<int>(nodePiece.size() - 1);
  }
};

// A run's floors (nodes in floor order, contiguous floors): households per floor, the unit holding each now,
// and the units in the order of their lowest floor there. Empty when a piece's floors are not counted one by one.
struct RunFloors {
  std::vector<int> hh;
  std::vector<int32_t> unit;
  std::vector<int32_t> order;
  std::map<int32_t, long> share;  // per unit: its households in the run
};

RunFloors runFloors(const Plan& plan, const Cells& cells, const Nodes& x, const std::vector<int>& run) {
  RunFloors f;
  for (int v : run) {
    const Piece& q = x.piece(plan, v);
    const std::vector<int> perFloor = geom::householdsPerFloor(plan.in, q, pointsOf(cells, q.building));
    if (static_cast<int>(perFloor.size()) != q.floor_to - q.floor_from + 1) return {};
    const int32_t u = x.part[static_cast<size_t>(v)];
    if (std::find(f.order.begin(), f.order.end(), u) == f.order.end()) f.order.push_back(u);
    for (int h : perFloor) {
      f.hh.push_back(h);
      f.unit.push_back(u);
      f.share[u] += h;
    }
  }
  return f;
}

// The run's floors given out from the bottom up to units in `order`, each a contiguous range of at least one
// floor: of the ways where every unit keeps its households, or stays within [lo, hi] where it was
// (`unitHH`: its households now), the one moving the fewest households (a dynamic programme over the cuts).
// The unit per floor, and the households moved; empty when there is no such way.
std::pair<std::vector<int32_t>, long> givenOut(const RunFloors& f, const std::vector<int32_t>& order,
                                               const std::map<int32_t, long>& unitHH, int lo, int hi) {
  const size_t n = f.hh.size(), units = order.size();
  std::vector<long> sum(n + 1, 0);
  for (size_t i = 0; i < n; ++i) sum[i + 1] = sum[i] + f.hh[i];
  constexpr long kNone = -1;
  // cost[k][j]: the least households moved giving floors [0, j) to the first k units; from[k][j]: where the
  // k-th unit's floors begin.
  std::vector<std::vector<long>> cost(units + 1, std::vector<long>(n + 1, kNone));
  std::vector<std::vector<size_t>> from(units + 1, std::vector<size_t>(n + 1, 0));
  cost[0][0] = 0;
  for (size_t k = 1; k <= units; ++k) {
    const int32_t u = order[k - 1];
    const long share = f.share.at(u), had = unitHH.at(u);
    for (size_t j = k; j <= n; ++j)
      for (size_t i = k - 1; i < j; ++i) {
        if (cost[k - 1][i] == kNone) continue;
        const long delta = sum[j] - sum[i] - share;
        if (delta != 0 && !(had >= lo && had <= hi && had + delta >= lo && had + delta <= hi)) continue;
        const long c = cost[k - 1][i] + (delta < 0 ? -delta : delta);
        if (cost[k][j] == kNone || c < cost[k][j]) {
          cost[k][j] = c;
          from[k][j] = i;
        }
      }
  }
  if (cost[units][n] == kNone) return {{}, 0};
  std::vector<int32_t> unit(n);
  for (size_t k = units, j = n; k > 0; --k) {
    const size_t i = from[k][j];
    for (size_t x = i; x < j; ++x) unit[x] = order[k - 1];
    j = i;
  }
  return {unit, cost[units][n]};
}

// The nodes of a run divided and given to units as `unit` (per floor) says, in y; false when a range cannot
// be divided there. `now` receives the run's nodes after.
bool realize(const Plan& plan, const Cells& cells, Nodes& y, const std::vector<int>& run,
             const std::vector<int32_t>& unit, bool divide, std::vector<int>& now) {
  size_t at = 0;  // floor index in the run
  for (int v : run) {
    const Piece& q0 = y.piece(plan, v);
    const size_t end = at + static_cast<size_t>(q0.floor_to - q0.floor_from + 1);
    int node = v;
    while (true) {
      size_t cut = at;
      while (cut < end && unit[cut] == unit[at]) ++cut;
      y.part[static_cast<size_t>(node)] = unit[at];
      now.push_back(node);
      if (cut == end) break;
      if (!divide) return false;
      const Piece q = y.piece(plan, node);
      std::vector<Piece> parts =
          geom::splitByFloorsAt(plan.in, q, pointsOf(cells, q.building), static_cast<int>(cut - at));
      if (parts.size() != 2) return false;
      node = y.divide(node, parts[0], parts[1]);
      at = cut;
    }
    at = end;
  }
  return true;
}

// Gives the floors of one run out again (givenOut), trying the units in every order (in the order of their
// lowest floors alone where more than four units share the run); the way moving the fewest households is
// kept, once the ranges are divided and every unit's households are checked again (and `unitHH` updated).
// False when none is.
bool restackRun(const Plan& plan, const Cells& cells, Nodes& x, const std::vector<int>& run, bool divide,
                std::map<int32_t, long>& unitHH, int lo, int hi) {
  const RunFloors f = runFloors(plan, cells, x, run);
  if (f.order.size() < 2) return false;
  std::vector<int32_t> order = f.order;
  std::vector<std::vector<int32_t>> orders{order};
  if (order.size() <= 4) {
    std::sort(order.begin(), order.end());
    orders.clear();
    do orders.push_back(order);
    while (std::next_permutation(order.begin(), order.end()));
  }
  std::vector<std::pair<long, std::vector<int32_t>>> ways;
  for (const std::vector<int32_t>& o : orders) {
    auto [unit, moved] = givenOut(f, o, unitHH, lo, hi);
    if (!unit.empty()) ways.emplace_back(moved, std::move(unit));
  }
  std::stable_sort(ways.begin(), ways.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& way : ways) {
    Nodes y = x;
    std::vector<int> now;
    if (!realize(plan, cells, y, run, way.second, divide, now)) continue;
    std::map<int32_t, long> share;
    for (int v : now) share[y.part[static_cast<size_t>(v)]] += y.piece(plan, v).households;
    bool allowed = true;
    for (auto [u, had] : f.share) {
      const long delta = share[u] - had, before = unitHH.at(u), after = before + delta;
      allowed = allowed && (delta == 0 || (before >= lo && before <= hi && after >= lo && after <= hi));
    }
    if (!allowed) continue;
    for (auto [u, had] : f.share) unitHH[u] += share[u] - had;
    x = std::move(y);
    return true;
  }
  return false;
}

}  // namespace

int restackFloors(const Plan& plan, const Cells& cells, FloorRanges& fr, std::vector<int>& nodePiece,
                  std::vector<int>& fixed, std::vector<int32_t>& part, bool divide, int lo, int hi, int* left) {
  if (left) *left = 0;
  const int n = static_cast<int>(nodePiece.size());
  auto pieceOf = [&](int v) -> const Piece& { return fr.piece(plan, nodePiece[static_cast<size_t>(v)]); };
  std::map<std::tuple<int, int, int>, std::vector<int>> stacks;  // (cell group, building, entrance) → nodes
  std::set<std::tuple<int, int, int>> kept;                      // stacks holding a kept base unit's range
  for (int v = 0; v < n; ++v) {
    const Piece& q = pieceOf(v);
    if (q.floor_from <= 0) continue;
    const std::tuple<int, int, int> key{cells.groupOf[cells.local(fr.origin(nodePiece[static_cast<size_t>(v)]))],
                                        q.building, q.entrance};
    stacks[key].push_back(v);
    if (!fixed.empty() && fixed[static_cast<size_t>(v)] >= 0) kept.insert(key);
  }
  // Runs of contiguous floors whose units are not in floor order.
  std::vector<std::vector<int>> runs;
  for (auto& [key, vs] : stacks) {
    if (vs.size() < 2 || kept.count(key)) continue;
    std::sort(vs.begin(), vs.end(), [&](int a, int b) { return pieceOf(a).floor_from < pieceOf(b).floor_from; });
    for (size_t i = 0; i < vs.size();) {
      size_t j = i + 1;
      while (j < vs.size() && pieceOf(vs[j]).floor_from == pieceOf(vs[j - 1]).floor_to + 1) ++j;
      std::set<int32_t> seen;
      bool scattered = false;
      for (size_t k = i; k < j; ++k) {
        const int32_t u = part[static_cast<size_t>(vs[k])];
        scattered = scattered || (k > i && u != part[static_cast<size_t>(vs[k - 1])] && seen.count(u));
        seen.insert(u);
      }
      if (scattered) runs.emplace_back(vs.begin() + static_cast<std::ptrdiff_t>(i), vs.begin() + static_cast<std::ptrdiff_t>(j));
      i = j;
    }
  }
  if (runs.empty()) return 0;
  std::map<int32_t, long> unitHH;
  for (int v = 0; v < n; ++v) unitHH[part[static_cast<size_t>(v)]] += pieceOf(v).households;
  Nodes x{fr, nodePiece, fixed, part};
  int done = 0;
  for (const std::vector<int>& run : runs) done += restackRun(plan, cells, x, run, divide, unitHH, lo, hi);
  if (left) *left = static_cast<int>(runs.size()) - done;
  if (done == 0) return 0;
  fr = std::move(x.fr);
  nodePiece = std::move(x.nodePiece);
  fixed = std::move(x.fixed);
  part = std::move(x.part);
  return done;
}

}  // namespace gp::pipeline
