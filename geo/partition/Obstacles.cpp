// Obstacles: what provably keeps a node out of every part within the bounds, found on the graph alone, so
// that a reason names it ("building 12 reaches the rest only through building 13") instead of a guess.
#include <algorithm>
#include <functional>

#include "geo/partition/Partition.hpp"

namespace gp::partition {

namespace {

// Whether some connected set of nodes holding v weighs within [min, max]: grows sets from v, each once
// (extension order with the nodes tried excluded), none above max. `out` is set when the budget runs out.
bool fitsSomePart(const Graph& g, int32_t v, int32_t min, int32_t max, int64_t& budget, bool& out) {
  std::vector<int32_t> set{v};
  std::vector<char> in(size_t(g.size()), 0), excluded(size_t(g.size()), 0), inFrontier(size_t(g.size()), 0);
  in[size_t(v)] = 1;
  std::function<bool(int64_t)> grow = [&](int64_t w) -> bool {
    if (--budget < 0) {
      out = true;
      return false;
    }
    if (w >= min && w <= max) return true;
    std::vector<int32_t> frontier;
    for (int32_t x : set) {
      budget -= g.xadj[size_t(x) + 1] - g.xadj[size_t(x)];  // the budget counts the work, not only the sets
      for (int32_t e = g.xadj[size_t(x)]; e < g.xadj[size_t(x) + 1]; ++e) {
        const int32_t u = g.adjncy[size_t(e)];
        if (in[size_t(u)] || excluded[size_t(u)] || inFrontier[size_t(u)]) continue;
        inFrontier[size_t(u)] = 1;
        frontier.push_back(u);
      }
    }
    for (int32_t u : frontier) inFrontier[size_t(u)] = 0;
    if (budget < 0) {
      out = true;
      return false;
    }
    std::vector<int32_t> tried;
    bool found = false;
    for (int32_t u : frontier) {
      if (w + g.weight[size_t(u)] <= max) {
        in[size_t(u)] = 1;
        set.push_back(u);
        found = grow(w + g.weight[size_t(u)]);
        set.pop_back();
        in[size_t(u)] = 0;
      }
      excluded[size_t(u)] = 1;
      tried.push_back(u);
      if (found || out) break;
    }
    for (int32_t u : tried) excluded[size_t(u)] = 0;
    return found;
  };
  return grow(g.weight[size_t(v)]);
}

// Articulation nodes and what hangs off them: for each node c, the lots of nodes that reach the rest of its
// component only through c (depth-first search, iterative).
struct Cuts {
  std::vector<int32_t> order, disc, low, parent, size;
};

Cuts depthFirst(const Graph& g) {
  const int32_t n = g.size();
  Cuts c;
  c.disc.assign(size_t(n), -1);
  c.low.assign(size_t(n), 0);
  c.parent.assign(size_t(n), -1);
  c.size.assign(size_t(n), 1);
  std::vector<std::pair<int32_t, int32_t>> stack;  // node, next edge
  for (int32_t r = 0; r < n; ++r) {
    if (c.disc[size_t(r)] >= 0) continue;
    c.disc[size_t(r)] = c.low[size_t(r)] = int32_t(c.order.size());
    c.order.push_back(r);
    stack.push_back({r, g.xadj[size_t(r)]});
    while (!stack.empty()) {
      auto& [v, e] = stack.back();
      if (e < g.xadj[size_t(v) + 1]) {
        const int32_t u = g.adjncy[size_t(e++)];
        if (c.disc[size_t(u)] < 0) {
          c.parent[size_t(u)] = v;
          c.disc[size_t(u)] = c.low[size_t(u)] = int32_t(c.order.size());
          c.order.push_back(u);
          stack.push_back({u, g.xadj[size_t(u)]});
        } else if (u != c.parent[size_t(v)]) {
          c.low[size_t(v)] = std::min(c.low[size_t(v)], c.disc[size_t(u)]);
        }
      } else {
        const int32_t done = v;
        stack.pop_back();
        const int32_t p = c.parent[size_t(done)];
        if (p >= 0) {
          c.low[size_t(p)] = std::min(c.low[size_t(p)], c.low[size_t(done)]);
          c.size[size_t(p)] += c.size[size_t(done)];
        }
      }
    }
  }
  return c;
}

}  // namespace

Obstacle findObstacle(const Graph& g, int32_t min, int32_t max, const std::vector<int32_t>& candidates,
                      int64_t budget) {
  Obstacle ob;
  const int32_t n = g.size();
  if (n == 0) return ob;
  std::vector<char> cand(size_t(n), 0);
  for (int32_t v : candidates)
    if (v >= 0 && v < n) cand[size_t(v)] = 1;
  const Cuts c = depthFirst(g);
  // Households per component (by its root) and per depth-first subtree.
  std::vector<int64_t> sub(size_t(n), 0);
  for (int32_t i = n - 1; i >= 0; --i) {
    const int32_t v = c.order[size_t(i)];
    sub[size_t(v)] += g.weight[size_t(v)];
    if (c.parent[size_t(v)] >= 0) sub[size_t(c.parent[size_t(v)])] += sub[size_t(v)];
  }
  auto rootOf = [&](int32_t v) {
    while (c.parent[size_t(v)] >= 0) v = c.parent[size_t(v)];
    return v;
  };
  // CutOff: a candidate's whole area is below min.
  for (int32_t v : candidates) {
    if (v < 0 || v >= n || g.weight[size_t(v)] <= 0) continue;
    const int64_t area = sub[size_t(rootOf(v))];
    if (area < min) {
      ob.kind = Obstacle::Kind::CutOff;
      ob.node = v;
      ob.households = area;
      return ob;
    }
  }
  // Through: lots (components of g without x) with households but below min reach other nodes only through x,
  // so a part within the bounds that meets one holds x, and the part holding x holds them all.
  for (int32_t x = 0; x < n; ++x) {
    std::vector<int32_t> lots;  // roots of the depth-first subtrees below x that only x joins to the rest
    int64_t held = 0, joined = 0;  // joined: households of subtrees below x that reach above x
    for (int32_t e = g.xadj[size_t(x)]; e < g.xadj[size_t(x) + 1]; ++e) {
      const int32_t u = g.adjncy[size_t(e)];
      if (c.parent[size_t(u)] != x || std::find(lots.begin(), lots.end(), u) != lots.end()) continue;
      if (c.low[size_t(u)] < c.disc[size_t(x)]) {
        joined += sub[size_t(u)];
        continue;
      }
      if (sub[size_t(u)] > 0 && sub[size_t(u)] < min) {
        lots.push_back(u);
        held += sub[size_t(u)];
      }
    }
    // The component of g without x that lies above it (towards the root), when x is no root.
    const bool hasAbove = c.parent[size_t(x)] >= 0;
    const int64_t aboveW = hasAbove ? sub[size_t(rootOf(x))] - sub[size_t(x)] + joined : 0;
    const bool above = hasAbove && aboveW > 0 && aboveW < min;
    if (above) held += aboveW;
    if ((lots.empty() && !above) || g.weight[size_t(x)] + held <= max) continue;
    std::vector<char> inLot(size_t(n), 0);
    auto markSubtree = [&](int32_t u, char mark) {
      for (int32_t i = c.disc[size_t(u)]; i < c.disc[size_t(u)] + c.size[size_t(u)]; ++i)
        inLot[size_t(c.order[size_t(i)])] = mark;
    };
    for (int32_t u : lots) markSubtree(u, 1);
    if (above) {
      markSubtree(rootOf(x), 1);
      markSubtree(x, 0);
      for (int32_t e = g.xadj[size_t(x)]; e < g.xadj[size_t(x) + 1]; ++e) {
        const int32_t u = g.adjncy[size_t(e)];
        if (c.parent[size_t(u)] == x && c.low[size_t(u)] < c.disc[size_t(x)]) markSubtree(u, 1);
      }
      for (int32_t u : lots) markSubtree(u, 1);
    }
    std::vector<int32_t> nodes;
    bool involved = cand[size_t(x)];
    for (int32_t v = 0; v < n; ++v)
      if (inLot[size_t(v)]) {
        nodes.push_back(v);
        involved = involved || cand[size_t(v)];
      }
    if (!involved) continue;
    ob.kind = Obstacle::Kind::Through;
    ob.node = x;
    ob.nodes = std::move(nodes);
    ob.households = g.weight[size_t(x)] + held;
    return ob;
  }
  // Alone: a candidate that no connected set within the bounds can hold.
  for (int32_t v : candidates) {
    if (v < 0 || v >= n || g.weight[size_t(v)] <= 0 || g.weight[size_t(v)] > max) continue;
    bool out = false;
    if (fitsSomePart(g, v, min, max, budget, out) || out) {
      if (out) break;
      continue;
    }
    ob.kind = Obstacle::Kind::Alone;
    ob.node = v;
    for (int32_t e = g.xadj[size_t(v)]; e < g.xadj[size_t(v) + 1]; ++e) ob.nodes.push_back(g.adjncy[size_t(e)]);
    std::sort(ob.nodes.begin(), ob.nodes.end());
    ob.nodes.erase(std::unique(ob.nodes.begin(), ob.nodes.end()), ob.nodes.end());
    ob.households = sub[size_t(rootOf(v))];
    return ob;
  }
  return ob;
}

}  // namespace gp::partition
