// Stage 4: local search moves boundary nodes to the neighbouring part where the cut gets cheaper and
// weights get nearer target, only when no part leaves its bounds and the losing part stays connected.
#include <algorithm>
#include <cstdlib>

#include "geo/partition/Partitioner.hpp"

namespace gp::partition::detail {

namespace {

uint64_t splitmix(uint64_t& s) {
  uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace

void Partitioner::refine(int passes) {
  // First pass: every node, in id order (ids are usually spatially coherent, which keeps the caches
  // warm) rotated by the seed. Later passes: only the neighbours of nodes that moved.
  std::vector<int32_t> order, next;
  order.reserve(size_t(n_));
  uint64_t s = cfg_.seed * 0x2545F4914F6CDD1DULL + 0x1234567ULL;
  const int32_t start = n_ > 0 ? int32_t(splitmix(s) % uint64_t(n_)) : 0;
  for (int32_t i = 0; i < n_; ++i) {
    const int32_t v = (start + i) % n_;
    if (!parts_[part_[v]].frozen && !isFixed(v)) order.push_back(v);
  }
  const double big = 1e9;
  std::vector<std::pair<int32_t, double>> nb;
  for (int pass = 0; pass < passes && !order.empty(); ++pass) {
    int64_t moved = 0;
    next.clear();
    seen_.clear();
    for (int32_t v : order) {
      const int32_t P = part_[v];
      if (parts_[P].frozen || isFixed(v)) continue;
      nb.clear();
      double sP = 0;
      for (int32_t e = g_.xadj[v]; e < g_.xadj[v + 1]; ++e) {
        const int32_t u = g_.adjncy[e];
        if (u == v) continue;
        const int32_t q = part_[u];
        const double c = cutCost(e);
        if (q == P) {
          sP += c;
          continue;
        }
        if (parts_[q].frozen) continue;
        auto it = std::find_if(nb.begin(), nb.end(), [&](auto& x) { return x.first == q; });
        if (it == nb.end()) nb.push_back({q, c});
        else it->second += c;
      }
      if (nb.empty() || parts_[P].nodes <= 1) continue;
      const int64_t wP = parts_[P].w, wv = wt(v), t = cfg_.target;
      int32_t best = -1;
      double bestGain = 1e-9;
      for (auto [q, sQ] : nb) {
        const int64_t wQ = parts_[q].w;
        const int64_t vb = viol(wP) + viol(wQ), va = viol(wP - wv) + viol(wQ + wv);
        if (va > vb) continue;
        const double bal = double(std::llabs(wP - t) + std::llabs(wQ - t) - std::llabs(wP - wv - t) -
                                  std::llabs(wQ + wv - t));
        const double gain = sQ - sP + balanceWeight_ * bal + big * double(vb - va);
        if (gain > bestGain) {
          bestGain = gain;
          best = q;
        }
      }
      if (best < 0 || !staysConnected(v, [&](int32_t u) { return part_[u] == P; })) continue;
      move(v, best);
      ++moved;
      for (int32_t e = g_.xadj[v]; e < g_.xadj[v + 1]; ++e) {
        const int32_t u = g_.adjncy[e];
        if (seen_.insert(u)) next.push_back(u);
      }
      if (seen_.insert(v)) next.push_back(v);
    }
    if (moved == 0) break;
    std::sort(next.begin(), next.end());
    order.swap(next);
  }
}

}  // namespace gp::partition::detail
