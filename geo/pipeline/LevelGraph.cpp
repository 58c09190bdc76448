#include "geo/pipeline/LevelGraph.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace gp::pipeline {

partition::Graph buildLevelGraph(const std::vector<std::vector<int>>& nodeGroups,
                                 const std::vector<std::vector<int>>& groupNodes, const geom::CellGraph& cells,
                                 const std::vector<double>& cellPerimeter) {
  struct Edge {
    double shared = 0;
    bool open = false;  // some touching pair does not cross a barrier
  };
  const int n = static_cast<int>(nodeGroups.size());
  partition::Graph g;
  g.xadj.assign(n + 1, 0);
  g.weight.assign(n, 0);
  g.x.assign(n, 0);
  g.y.assign(n, 0);
  std::map<int, Edge> acc;
  for (int a = 0; a < n; ++a) {
    acc.clear();
    for (int c : nodeGroups[a]) {
      for (int b : groupNodes[c]) {
        if (b == a) continue;
        Edge& e = acc[b];
        e.shared += c < static_cast<int>(cellPerimeter.size()) ? cellPerimeter[c] : 1.0;
        e.open = true;
      }
      if (c + 1 >= static_cast<int>(cells.xadj.size())) continue;
      for (int k = cells.xadj[c]; k < cells.xadj[c + 1]; ++k) {
        int d = cells.adjncy[k];
        if (d < 0 || d >= static_cast<int>(groupNodes.size())) continue;
        for (int b : groupNodes[d]) {
          if (b == a) continue;
          Edge& e = acc[b];
          e.shared += k < static_cast<int>(cells.shared.size()) ? cells.shared[k] : 1.0;
          if (k >= static_cast<int>(cells.barrier.size()) || !cells.barrier[k]) e.open = true;
        }
      }
    }
    for (auto& [b, e] : acc) {
      g.adjncy.push_back(b);
      g.shared.push_back(static_cast<float>(e.shared));
      g.barrier.push_back(e.open ? 0 : 1);
    }
    g.xadj[a + 1] = static_cast<int32_t>(g.adjncy.size());
  }
  return g;
}

void chainStacks(partition::Graph& g, const std::vector<StackPlace>& place, bool topMeetsOthers) {
  const int n = g.size();
  std::map<int, std::vector<int>> byStack;
  for (int v = 0; v < n; ++v)
    if (place[v].stack >= 0) byStack[place[v].stack].push_back(v);
  if (byStack.empty()) return;
  std::vector<int> below(n, -1), above(n, -1);
  for (auto& [stack, vs] : byStack) {
    std::sort(vs.begin(), vs.end(), [&](int a, int b) { return std::tie(place[a].from, a) < std::tie(place[b].from, b); });
    for (size_t i = 1; i < vs.size(); ++i)
      if (place[vs[i - 1]].to + 1 == place[vs[i]].from) {
        below[vs[i]] = vs[i - 1];
        above[vs[i - 1]] = vs[i];
      }
  }
  // The lowest of a run (and with topMeetsOthers the highest) meets other nodes.
  auto meets = [&](int v) { return below[v] < 0 || (topMeetsOthers && above[v] < 0); };
  auto keep = [&](int a, int b) {
    if (place[a].stack >= 0 && place[a].stack == place[b].stack) return below[a] == b || above[a] == b;
    return meets(a) && meets(b);
  };
  partition::Graph out = g;
  out.adjncy.clear();
  out.barrier.clear();
  out.shared.clear();
  for (int a = 0; a < n; ++a) {
    for (int k = g.xadj[a]; k < g.xadj[a + 1]; ++k) {
      if (!keep(a, g.adjncy[k])) continue;
      out.adjncy.push_back(g.adjncy[k]);
      if (!g.barrier.empty()) out.barrier.push_back(g.barrier[k]);
      if (!g.shared.empty()) out.shared.push_back(g.shared[k]);
    }
    out.xadj[a + 1] = static_cast<int32_t>(out.adjncy.size());
  }
  g = std::move(out);
}

bool connectedSubset(const partition::Graph& g, const std::vector<int>& nodes) {
  if (nodes.empty()) return false;
  std::vector<char> in(g.size(), 0), seen(g.size(), 0);
  for (int v : nodes) in[v] = 1;
  std::vector<int> stack{nodes[0]};
  seen[nodes[0]] = 1;
  size_t reached = 1;
  while (!stack.empty()) {
    int v = stack.back();
    stack.pop_back();
    for (int k = g.xadj[v]; k < g.xadj[v + 1]; ++k) {
      int w = g.adjncy[k];
      if (in[w] && !seen[w]) {
        seen[w] = 1;
        ++reached;
        stack.push_back(w);
      }
    }
  }
  return reached == nodes.size();
}

std::vector<int> components(const partition::Graph& g, int* count) {
  std::vector<int> comp(g.size(), -1);
  int c = 0;
  for (int s = 0; s < g.size(); ++s) {
    if (comp[s] >= 0) continue;
    std::vector<int> stack{s};
    comp[s] = c;
    while (!stack.empty()) {
      int v = stack.back();
      stack.pop_back();
      for (int k = g.xadj[v]; k < g.xadj[v + 1]; ++k)
        if (comp[g.adjncy[k]] < 0) {
          comp[g.adjncy[k]] = c;
          stack.push_back(g.adjncy[k]);
        }
    }
    ++c;
  }
  if (count) *count = c;
  return comp;
}

}  // namespace gp::pipeline
