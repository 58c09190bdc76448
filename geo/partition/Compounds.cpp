// Stage 0: compounds that fit in a part become one node each, so the first partition cannot split them.
#include <algorithm>
#include <climits>

#include "geo/partition/Partitioner.hpp"

namespace gp::partition::detail {

namespace {

// The coarse graph's edges of coarse node c (whose original nodes are order[a..b)), merged per
// neighbour; also its weight and position.
void coarseNode(const Graph& g, const std::vector<int32_t>& super, const std::vector<int32_t>& order, int32_t c,
                int32_t a, int32_t b, Graph& out) {
  std::vector<std::pair<int32_t, std::pair<float, float>>> nb;  // (coarse neighbour, (length, barrier length))
  const bool pos = !g.x.empty();
  int64_t w = 0;
  for (int32_t i = a; i < b; ++i) {
    const int32_t v = order[size_t(i)];
    w += g.weight[size_t(v)];
    if (pos) {
      out.x[size_t(c)] += g.x[size_t(v)] / (b - a);
      out.y[size_t(c)] += g.y[size_t(v)] / (b - a);
    }
    for (int32_t e = g.xadj[size_t(v)]; e < g.xadj[size_t(v) + 1]; ++e) {
      const int32_t d = super[size_t(g.adjncy[size_t(e)])];
      if (d == c) continue;
      const float len = g.shared.empty() ? 1.0f : std::max(0.0f, g.shared[size_t(e)]);
      const bool bar = !g.barrier.empty() && g.barrier[size_t(e)];
      nb.push_back({d, {len, bar ? len : 0.0f}});
    }
  }
  out.weight[size_t(c)] = int32_t(std::min<int64_t>(w, INT32_MAX));
  std::sort(nb.begin(), nb.end(), [](auto& p, auto& q) { return p.first < q.first; });
  for (size_t i = 0; i < nb.size();) {
    size_t j = i;
    float len = 0, bar = 0;
    for (; j < nb.size() && nb[j].first == nb[i].first; ++j) {
      len += nb[j].second.first;
      bar += nb[j].second.second;
    }
    out.adjncy.push_back(nb[i].first);
    out.shared.push_back(len);
    // A coarse edge lies along a barrier when most of its length does.
    out.barrier.push_back(uint8_t(2 * bar >= len && bar > 0));
    i = j;
  }
  out.xadj.push_back(int32_t(out.adjncy.size()));
}

}  // namespace

bool contract(const Graph& g, const Config& cfg, Graph& out, std::vector<int32_t>& super, std::vector<int32_t>& rep) {
  const int32_t n = g.size();
  if (g.group.empty() || cfg.group_weight <= 0 || n == 0) return false;
  auto isFree = [&](int32_t v) { return (g.fixed.empty() || g.fixed[size_t(v)] < 0) && g.weight[size_t(v)] <= cfg.max; };
  super.assign(size_t(n), -1);
  rep.clear();
  std::vector<int32_t> comp, first;  // original nodes grouped by coarse node: CSR in `first` over `order`
  std::vector<int32_t> order;
  int32_t next = 0;
  for (int32_t s = 0; s < n; ++s) {
    if (super[size_t(s)] >= 0) continue;
    comp.assign(1, s);
    super[size_t(s)] = next;
    if (g.group[size_t(s)] >= 0 && isFree(s)) {
      int64_t w = 0;
      breadthFirst(
          g, comp,
          [&](int32_t u) {
            if (super[size_t(u)] >= 0 || g.group[size_t(u)] != g.group[size_t(s)] || !isFree(u)) return false;
            super[size_t(u)] = next;
            return true;
          },
          [&](int32_t v) {
            w += g.weight[size_t(v)];
            return true;
          });
      if (w > cfg.max) {  // too big to keep whole: every node of it stays single (no partial compounds)
        for (int32_t v : comp) {
          super[size_t(v)] = next++;
          rep.push_back(v);
          first.push_back(int32_t(order.size()));
          order.push_back(v);
        }
        continue;
      }
    }
    rep.push_back(s);
    first.push_back(int32_t(order.size()));
    for (int32_t v : comp) order.push_back(v);
    ++next;
  }
  if (next > n - n / 10) return false;  // too few compounds fit to be worth a second graph
  first.push_back(int32_t(order.size()));
  out = Graph{};
  out.weight.assign(size_t(next), 0);
  out.x.assign(size_t(next), 0);
  out.y.assign(size_t(next), 0);
  out.group.assign(size_t(next), -1);
  out.fixed.assign(size_t(next), -1);
  out.xadj.push_back(0);
  for (int32_t c = 0; c < next; ++c) {
    coarseNode(g, super, order, c, first[size_t(c)], first[size_t(c) + 1], out);
    out.group[size_t(c)] = g.group[size_t(rep[size_t(c)])];
    if (!g.fixed.empty()) out.fixed[size_t(c)] = g.fixed[size_t(rep[size_t(c)])];
    if (g.x.empty()) out.x[size_t(c)] = rep[size_t(c)];
  }
  return true;
}

}  // namespace gp::partition::detail
