// Stage 1: fixed labels become their parts, pieces above max parts alone, and the free nodes fall into
// connected components, each split on its own (Bisect.cpp); components without households join a neighbour.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <utility>

#include "geo/partition/Partitioner.hpp"

namespace gp::partition::detail {

namespace {

// How many parts a component of W households gets: the count nearest W/target within
// [ceil(W/max), floor(W/min)]; `feasible` is false when no count lies there.
int64_t partCount(int64_t W, const Config& cfg, bool& feasible) {
  const int64_t kmin = (W + cfg.max - 1) / cfg.max, kmax = cfg.min > 0 ? W / cfg.min : kmin + W;
  feasible = kmin <= kmax;
  if (feasible) return std::clamp<int64_t>(std::llround(double(W) / cfg.target), kmin, kmax);
  // No count fits (e.g. 35 households with bounds 20..30): take the count with less violation.
  const int64_t v1 = W - kmax * cfg.max, v2 = kmin * cfg.min - W;
  const int64_t k = (v1 < v2 || (v1 == v2 && std::abs(double(W) / cfg.target - double(kmax)) <=
                                                 std::abs(double(W) / cfg.target - double(kmin))))
                        ? kmax
                        : kmin;
  return std::max<int64_t>(k, 1);
}

}  // namespace

void Partitioner::makeFixedParts() {
  if (g_.fixed.empty()) return;
  std::vector<int32_t> labels;
  for (int32_t v = 0; v < n_; ++v)
    if (isFixed(v)) labels.push_back(g_.fixed[v]);
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  const int32_t base = int32_t(parts_.size());
  for (int32_t l : labels) parts_[newPart(Kind::Fixed)].fixed_label = l;
  for (int32_t v = 0; v < n_; ++v)
    if (isFixed(v)) {
      const int32_t i = int32_t(std::lower_bound(labels.begin(), labels.end(), g_.fixed[v]) - labels.begin());
      assign(v, base + i);
    }
}

void Partitioner::makeOverParts() {
  for (int32_t v = 0; v < n_; ++v)
    if (part_[v] < 0 && wt(v) > cfg_.max) {
      const int32_t p = newPart(Kind::Over);
      parts_[p].node = v;
      assign(v, p);
    }
}

void Partitioner::splitComponents() {
  // Components of the free nodes, in order of their lowest node id.
  int32_t compCount = 0;
  int64_t total = 0;
  for (int32_t v = 0; v < n_; ++v) total += wt(v);
  std::vector<std::pair<std::vector<int32_t>, int64_t>> comps;
  std::vector<int32_t> comp;
  for (int32_t s = 0; s < n_; ++s) {
    if (part_[s] >= 0 || freeComponent_[s] >= 0) continue;
    comp.assign(1, s);
    freeComponent_[s] = compCount;
    int64_t W = 0;
    breadthFirst(
        g_, comp,
        [&](int32_t u) {
          if (part_[u] >= 0 || freeComponent_[u] >= 0) return false;
          freeComponent_[u] = compCount;
          return true;
        },
        [&](int32_t v) {
          W += wt(v);
          return true;
        });
    ++compCount;
    comps.emplace_back(comp, W);
  }
  for (auto& [nodes, W] : comps) {
    if (W == 0) {
      zeroComponents_.push_back(std::move(nodes));
      continue;
    }
    if (W < cfg_.min) {
      smallComponent(nodes, W, W == total);
      continue;
    }
    bool feasible = true;
    const int64_t k = partCount(W, cfg_, feasible);
    const int32_t firstPart = int32_t(parts_.size());
    bisect(nodes, W, int32_t(k));
    for (size_t p = size_t(firstPart); p < parts_.size(); ++p) {
      parts_[p].comp_w = W;
      parts_[p].comp_k = int32_t(k);
      parts_[p].comp_feasible = feasible;
    }
  }
}

// A free component lighter than min: it joins an oversized piece it touches (one violation instead of
// two), else it is one `under` part.
void Partitioner::smallComponent(const std::vector<int32_t>& nodes, int64_t W, bool whole) {
  int32_t best = -1;
  bool touches = false;
  for (int32_t v : nodes)
    for (int32_t e = g_.xadj[v]; e < g_.xadj[v + 1]; ++e) {
      const int32_t p = part_[g_.adjncy[e]];
      if (p < 0) continue;
      touches = true;
      if (parts_[p].kind == Kind::Over && (best < 0 || parts_[p].w < parts_[best].w)) best = p;
    }
  if (best >= 0) {
    for (int32_t v : nodes) assign(v, best);
    parts_[best].extra += W;
    return;
  }
  const int32_t p = newPart(Kind::Under);
  parts_[p].isolated = !touches;
  parts_[p].whole = whole;
  parts_[p].comp_w = W;
  for (int32_t v : nodes) assign(v, p);
}

// Components of weight 0 (non-residential pieces only) go with the neighbouring part they share
// the longest boundary with, a free part before an oversized one before a kept one.
void Partitioner::attachZeroComponents() {
  for (auto& nodes : zeroComponents_) {
    std::vector<std::pair<int32_t, double>> contact;  // neighbouring part, shared boundary length
    for (int32_t v : nodes)
      for (int32_t e = g_.xadj[v]; e < g_.xadj[v + 1]; ++e) {
        const int32_t p = part_[g_.adjncy[e]];
        if (p < 0) continue;
        auto it = std::find_if(contact.begin(), contact.end(), [&](auto& c) { return c.first == p; });
        if (it == contact.end()) contact.push_back({p, len(e)});
        else it->second += len(e);
      }
    int32_t best = -1;
    double bestLen = -1;
    int bestRank = 99;
    for (auto [p, l] : contact) {
      const int rank = parts_[p].kind == Kind::Fixed ? 2 : parts_[p].kind == Kind::Over ? 1 : 0;
      if (rank < bestRank || (rank == bestRank && (l > bestLen || (l == bestLen && p < best)))) {
        best = p;
        bestLen = l;
        bestRank = rank;
      }
    }
    if (best < 0) {
      best = newPart(Kind::Zero);
      parts_[best].isolated = true;
    }
    for (int32_t v : nodes) assign(v, best);
  }
  zeroComponents_.clear();
}

}  // namespace gp::partition::detail
