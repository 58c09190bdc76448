// Stage 3: parts still out of bounds are repaired, each attempt undone unless it lowers the total
// violation: chains of single-node moves towards a part with room (or to spare), dissolving an under
// part into its neighbours, and re-splitting a part together with neighbours (Partitioner.hpp, step 3).
#include <algorithm>

#include "geo/partition/Partitioner.hpp"

namespace gp::partition::detail {

void Partitioner::repair() {
  for (int round = 0; round < 8; ++round) {
    listPartNodes();
    bool any = false, improved = false;
    for (int32_t p = 0; p < int32_t(parts_.size()); ++p) {
      if (parts_[p].frozen || parts_[p].kind != Kind::Free || viol(parts_[p].w) == 0) continue;
      any = true;
      if (repairPart(p) || (parts_[p].w < cfg_.min && dissolve(p)) || resplitWithNeighbour(p)) improved = true;
    }
    if (!any || !improved) break;
  }
}

void Partitioner::listPartNodes() {
  partNodes_.assign(parts_.size(), {});
  for (int32_t v = 0; v < n_; ++v)
    if (!parts_[part_[v]].frozen) partNodes_[part_[v]].push_back(v);
}

std::vector<int32_t> Partitioner::neighbourParts(int32_t p) {
  std::vector<int32_t> out;
  for (int32_t v : partNodes_[p]) {
    if (part_[v] != p) continue;
    for (int32_t e = g_.xadj[v]; e < g_.xadj[v + 1]; ++e) {
      const int32_t q = part_[g_.adjncy[e]];
      if (q != p && !parts_[q].frozen) out.push_back(q);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// A node of `from` touching `to` that may move there: weight in [wlo, whi], not fixed, `from` stays
// connected and non-empty. Prefers the weight nearest `want`, then the cheaper cut.
int32_t Partitioner::findMover(int32_t from, int32_t to, int64_t wlo, int64_t whi, int64_t want) {
  int32_t best = -1;
  int64_t bestD = 0;
  double bestGain = 0;
  if (parts_[from].nodes <= 1) return -1;
  for (int32_t v : partNodes_[from]) {
    if (part_[v] != from || isFixed(v) || wt(v) < wlo || wt(v) > whi) continue;
    double gain = 0;
    bool touches = false;
    for (int32_t e = g_.xadj[v]; e < g_.xadj[v + 1]; ++e) {
      const int32_t u = g_.adjncy[e];
      if (u == v) continue;
      if (part_[u] == to) {
        touches = true;
        gain += cutCost(e);
      } else if (part_[u] == from) {
        gain -= cutCost(e);
      }
    }
    if (!touches) continue;
    // Prefer a node that covers `want` whole, the smallest such; else the largest.
    const int64_t d = wt(v) >= want ? wt(v) - want : (want - wt(v)) + (int64_t(1) << 40);
    if (best >= 0 && (d > bestD || (d == bestD && gain <= bestGain))) continue;
    if (!staysConnected(v, [&](int32_t u) { return part_[u] == from; })) continue;
    best = v;
    bestD = d;
    bestGain = gain;
  }
  return best;
}

bool Partitioner::repairPart(int32_t P) {
  const bool over = parts_[P].w > cfg_.max;
  // Breadth-first over adjacent parts; every part with room (over) or to spare (under) is a goal,
  // tried nearest first until a chain of moves towards one of them lowers the violation.
  std::vector<int32_t> seenParts{P};
  std::vector<std::pair<int32_t, int32_t>> bfs{{P, -1}};
  int tried = 0;
  for (size_t h = 0; h < bfs.size() && bfs.size() < 96 && tried < 12; ++h) {
    for (int32_t q : neighbourParts(bfs[h].first)) {
      if (std::find(seenParts.begin(), seenParts.end(), q) != seenParts.end()) continue;
      seenParts.push_back(q);
      bfs.push_back({q, int32_t(h)});
      const int64_t wq = parts_[q].w;
      if (!(over ? wq < cfg_.max : wq > cfg_.min)) continue;
      std::vector<int32_t> path;  // P ... goal
      for (int32_t i = int32_t(bfs.size()) - 1; i >= 0; i = bfs[size_t(i)].second) path.push_back(bfs[size_t(i)].first);
      std::reverse(path.begin(), path.end());
      ++tried;
      if (chain(path, over)) return true;
      if (tried >= 12) break;
    }
  }
  return false;
}

// Moves one node per hop along `path` (P first): for an over P from the far end backwards, each
// part passing a node on before receiving one; for an under P from P outwards, each part pulling
// one. Kept only when the total violation along the path drops; otherwise undone.
bool Partitioner::chain(const std::vector<int32_t>& path, bool over) {
  int64_t before = 0;
  for (int32_t q : path) before += viol(parts_[q].w);
  Moves done;
  auto step = [&](int32_t from, int32_t to, int64_t whi, int64_t want) {
    const int32_t v = findMover(from, to, 1, whi, want);
    if (v < 0) return false;
    done.push_back({v, from});
    move(v, to);
    return true;
  };
  bool ok = true;
  const size_t last = path.size() - 1;
  if (over) {
    for (size_t j = last; j >= 1 && ok; --j) {
      const int32_t from = path[j - 1], to = path[j];
      int64_t whi = cfg_.max - parts_[to].w;
      int64_t want = whi;
      if (j == 1) {
        want = parts_[from].w - cfg_.max;
        whi = std::min(whi, parts_[from].w - cfg_.min);
      }
      ok = step(from, to, whi, want);
    }
  } else {
    for (size_t j = 1; j <= last && ok; ++j) {
      const int32_t to = path[j - 1], from = path[j];
      const int64_t need = cfg_.min - parts_[to].w;
      if (need <= 0) break;
      int64_t whi = cfg_.max - parts_[to].w;
      if (j == last) whi = std::min(whi, parts_[from].w - cfg_.min);
      ok = step(from, to, whi, need);
    }
  }
  int64_t after = 0;
  for (int32_t q : path) after += viol(parts_[q].w);
  return keepOrUndo(done, ok && after < before);
}

// An under part among neighbours that cannot spare anything means its area has one part too many:
// its nodes go to the neighbours with room, lightest first, each to a part it touches (so every
// receiver stays connected). Undone unless the part empties completely.
bool Partitioner::dissolve(int32_t P) {
  Moves done;
  bool progress = true;
  while (parts_[P].nodes > 0 && progress) {
    progress = false;
    for (int32_t v : partNodes_[P]) {
      if (part_[v] != P) continue;
      int32_t best = -1;
      for (int32_t e = g_.xadj[v]; e < g_.xadj[v + 1]; ++e) {
        const int32_t q = part_[g_.adjncy[e]];
        if (q == P || parts_[q].frozen || parts_[q].w + wt(v) > cfg_.max) continue;
        if (best < 0 || parts_[q].w < parts_[best].w || (parts_[q].w == parts_[best].w && q < best)) best = q;
      }
      if (best < 0) continue;
      done.push_back({v, P});
      move(v, best);
      progress = true;
    }
  }
  return keepOrUndo(done, parts_[P].nodes == 0);
}

// Kept moves are listed under their new parts; the others are undone, the last first.
bool Partitioner::keepOrUndo(const Moves& done, bool keep) {
  if (keep) {
    for (const auto& moved : done) partNodes_[part_[moved.first]].push_back(moved.first);
    return true;
  }
  for (size_t i = done.size(); i-- > 0;) move(done[i].first, done[i].second);
  return false;
}

// Re-splits P together with one, two or three neighbouring parts: the bisection of their union searches many
// more combinations of pieces than single moves do (it has to, for units of 20..30 made of pieces
// of 2..12). Neighbours are tried the lightest first for an over P, the heaviest first for an under P.
bool Partitioner::resplitWithNeighbour(int32_t P) {
  std::vector<int32_t> nbs;
  for (int32_t q : neighbourParts(P))
    if (parts_[q].kind == Kind::Free) nbs.push_back(q);
  const bool over = parts_[P].w > cfg_.max;
  std::sort(nbs.begin(), nbs.end(), [&](int32_t a, int32_t b) {
    if (parts_[a].w != parts_[b].w) return over ? parts_[a].w < parts_[b].w : parts_[a].w > parts_[b].w;
    return a < b;
  });
  if (nbs.size() > 6) nbs.resize(6);
  for (int32_t Q : nbs)
    if (resplit({P, Q})) return true;
  for (size_t i = 0; i < nbs.size(); ++i)
    for (size_t j = i + 1; j < nbs.size(); ++j)
      if (resplit({P, nbs[i], nbs[j]})) return true;
  for (size_t i = 0; i < nbs.size(); ++i)
    for (size_t j = i + 1; j < nbs.size(); ++j)
      for (size_t l = j + 1; l < nbs.size(); ++l)
        if (resplit({P, nbs[i], nbs[j], nbs[l]})) return true;
  return false;
}

// Bisects the union of `ps` (connected: each part touches the first) into as many parts, or one
// fewer, all within bounds; kept only if that succeeds, else everything is restored.
bool Partitioner::resplit(const std::vector<int32_t>& ps) {
  int64_t W = 0;
  int32_t count = 0;
  for (int32_t p : ps) {
    W += parts_[p].w;
    count += parts_[p].nodes;
  }
  const int32_t m = int32_t(ps.size());
  // As many parts again, else one fewer (an area with a part too many) or one more (too few), each
  // tried in turn: any count whose parts all meet the bounds keeps the component's count feasible.
  const bool over = parts_[ps[0]].w > cfg_.max;
  // What follows depends only on the nodes in this order, m and `over` (the bisection reads nothing else
  // that changes), so a set that failed before fails again: repair's later rounds retry every part still
  // out of bounds, most of them with neighbours that did not change. The key is the nodes, then m and `over`.
  std::vector<int32_t>& key = resplitKey_;
  key.clear();
  key.reserve(size_t(count) + 2);
  gathered_.clear();
  for (int32_t p : ps)
    for (int32_t v : partNodes_[p])
      if (part_[v] == p && gathered_.insert(v)) key.push_back(v);
  if (int32_t(key.size()) != count) return false;  // stale lists
  const std::vector<int32_t> nodes(key);
  key.push_back(m);
  key.push_back(over ? 1 : 0);
  if (failedResplits_.count(key)) return false;
  std::vector<PartRec> rec(ps.size());
  for (size_t i = 0; i < ps.size(); ++i) rec[i] = parts_[ps[i]];
  std::vector<int32_t> old(nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i) old[i] = part_[nodes[i]];
  for (int32_t k : {m, over ? m + 1 : m - 1, over ? m - 1 : m + 1}) {
    if (k < 1 || int64_t(k) * cfg_.min > W || W > int64_t(k) * cfg_.max) continue;
    for (int32_t v : nodes) part_[v] = -1;
    const size_t base = parts_.size();
    std::vector<int32_t> S = nodes;
    trial_ = {true, false, base + size_t(m) + 1};
    bisect(S, W, k);
    const bool stopped = trial_.failed;
    trial_ = {};
    const size_t made = parts_.size() - base;
    bool ok = !stopped && made <= size_t(m) + 1;
    for (size_t p = base; p < parts_.size() && ok; ++p) ok = viol(parts_[p].w) == 0 && parts_[p].nodes > 0;
    if (ok) {
      // The first m new parts take the old ids, a further one keeps its new id (base).
      std::vector<PartRec> now(static_cast<size_t>(m));
      for (int32_t i = 0; i < m; ++i) {
        now[size_t(i)] = rec[size_t(i)];
        now[size_t(i)].w = size_t(i) < made ? parts_[base + size_t(i)].w : 0;
        now[size_t(i)].nodes = size_t(i) < made ? parts_[base + size_t(i)].nodes : 0;
      }
      PartRec extra = rec[0];
      if (made > size_t(m)) {
        extra.w = parts_[base + size_t(m)].w;
        extra.nodes = parts_[base + size_t(m)].nodes;
      }
      for (int32_t v : nodes) {
        const size_t i = size_t(part_[v]) - base;
        part_[v] = i < size_t(m) ? ps[i] : int32_t(base);
      }
      parts_.resize(base);
      for (int32_t i = 0; i < m; ++i) parts_[ps[size_t(i)]] = now[size_t(i)];
      if (made > size_t(m)) parts_.push_back(extra);
      partNodes_.resize(parts_.size());
      for (int32_t v : nodes) partNodes_[part_[v]].push_back(v);
      return true;
    }
    parts_.resize(base);
    for (size_t i = 0; i < nodes.size(); ++i) part_[nodes[i]] = old[i];
    for (int32_t i = 0; i < m; ++i) parts_[ps[size_t(i)]] = rec[size_t(i)];
  }
  failedResplits_.insert(key);
  return false;
}

}  // namespace gp::partition::detail
