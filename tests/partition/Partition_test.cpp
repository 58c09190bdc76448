#include "geo/partition/Partition.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <stdexcept>

using namespace gp;
using gp::partition::Config;
using gp::partition::Graph;
using gp::partition::PartInfo;
using gp::partition::Result;

namespace {

// Builds a CSR graph from an undirected edge list; `barrierEdges` marks edges (by index) as crossing a barrier.
Graph fromEdges(int n, const std::vector<std::pair<int, int>>& edges, std::vector<int32_t> weight,
                const std::set<size_t>& barrierEdges = {}) {
  std::vector<std::vector<std::pair<int, uint8_t>>> nb(static_cast<size_t>(n));
  for (size_t i = 0; i < edges.size(); ++i) {
    auto [a, b] = edges[i];
    const uint8_t bar = barrierEdges.count(i) ? 1 : 0;
    nb[size_t(a)].push_back({b, bar});
    nb[size_t(b)].push_back({a, bar});
  }
  Graph g;
  g.xadj.push_back(0);
  for (auto& l : nb) {
    std::sort(l.begin(), l.end());
    for (auto [u, bar] : l) {
      g.adjncy.push_back(u);
      g.barrier.push_back(bar);
      g.shared.push_back(1.0f);
    }
    g.xadj.push_back(int32_t(g.adjncy.size()));
  }
  g.weight = std::move(weight);
  g.x.resize(size_t(n));
  g.y.resize(size_t(n));
  for (int i = 0; i < n; ++i) g.x[size_t(i)] = i;
  return g;
}

// A w×h grid of nodes (row-major, y growing north), 4-neighbour edges plus one random diagonal per cell
// (so it is a planar triangulation-like graph), positions jittered.
Graph jitteredGrid(int w, int h, uint64_t seed, std::vector<int32_t> weight = {}) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> jit(-0.3, 0.3);
  std::vector<std::pair<int, int>> edges;
  auto id = [w](int i, int j) { return j * w + i; };
  for (int j = 0; j < h; ++j)
    for (int i = 0; i < w; ++i) {
      if (i + 1 < w) edges.push_back({id(i, j), id(i + 1, j)});
      if (j + 1 < h) edges.push_back({id(i, j), id(i, j + 1)});
      if (i + 1 < w && j + 1 < h) {
        if (rng() & 1) edges.push_back({id(i, j), id(i + 1, j + 1)});
        else edges.push_back({id(i + 1, j), id(i, j + 1)});
      }
    }
  if (weight.empty()) weight.assign(size_t(w * h), 1);
  Graph g = fromEdges(w * h, edges, weight);
  for (int j = 0; j < h; ++j)
    for (int i = 0; i < w; ++i) {
      g.x[size_t(id(i, j))] = i + jit(rng);
      g.y[size_t(id(i, j))] = j + jit(rng);
    }
  return g;
}

// Random geometric graph: n points in a square, edges between points closer than r (may have islands).
Graph randomGeometric(int n, double r, uint64_t seed, std::vector<int32_t> weight) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> x(static_cast<size_t>(n)), y(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) x[size_t(i)] = u(rng), y[size_t(i)] = u(rng);
  std::vector<std::pair<int, int>> edges;
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j)
      if (std::hypot(x[size_t(i)] - x[size_t(j)], y[size_t(i)] - y[size_t(j)]) < r) edges.push_back({i, j});
  Graph g = fromEdges(n, edges, std::move(weight));
  g.x = x;
  g.y = y;
  return g;
}

// Walk-up style weights: mostly entrances of 12, some 18 and 24, a few small pieces (1–6) and a few with none.
std::vector<int32_t> entranceWeights(int n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<int32_t> w(static_cast<size_t>(n));
  for (auto& x : w) {
    const int r = int(rng() % 100);
    x = r < 60 ? 12 : r < 72 ? 18 : r < 80 ? 24 : r < 92 ? int(1 + rng() % 6) : 0;
  }
  return w;
}

bool partConnected(const Graph& g, const Result& r, int p) {
  std::vector<int> nodes;
  for (int v = 0; v < g.size(); ++v)
    if (r.part[size_t(v)] == p) nodes.push_back(v);
  if (nodes.empty()) return false;
  std::vector<char> seen(size_t(g.size()), 0);
  std::vector<int> q{nodes[0]};
  seen[size_t(nodes[0])] = 1;
  for (size_t h = 0; h < q.size(); ++h)
    for (int e = g.xadj[size_t(q[h])]; e < g.xadj[size_t(q[h]) + 1]; ++e) {
      const int u = g.adjncy[size_t(e)];
      if (!seen[size_t(u)] && r.part[size_t(u)] == p) {
        seen[size_t(u)] = 1;
        q.push_back(u);
      }
    }
  return q.size() == nodes.size();
}

// The invariants every result must satisfy, whatever the input.
void expectInvariants(const Graph& g, const Config& cfg, const Result& r) {
  ASSERT_EQ(r.part.size(), size_t(g.size()));
  std::vector<int64_t> w(r.parts.size(), 0);
  std::vector<int32_t> cnt(r.parts.size(), 0);
  for (int v = 0; v < g.size(); ++v) {
    const int p = r.part[size_t(v)];
    ASSERT_GE(p, 0);
    ASSERT_LT(p, int(r.parts.size()));
    w[size_t(p)] += g.weight[size_t(v)];
    cnt[size_t(p)]++;
  }
  for (size_t p = 0; p < r.parts.size(); ++p) {
    const PartInfo& pi = r.parts[p];
    EXPECT_EQ(pi.households, w[p]) << "part " << p;
    EXPECT_EQ(pi.nodes, cnt[p]) << "part " << p;
    EXPECT_GT(cnt[p], 0) << "part " << p << " is empty";
    const bool inBounds = w[p] >= cfg.min && w[p] <= cfg.max;
    if (pi.fixed_label < 0) {
      EXPECT_TRUE(partConnected(g, r, int(p))) << "part " << p << " is not connected";
    }
    if (pi.status == Status::Ok) {
      EXPECT_TRUE(inBounds) << "part " << p << " is ok with " << w[p];
    }
    if (!inBounds) {
      EXPECT_NE(pi.status, Status::Ok) << "part " << p << " has " << w[p];
    }
    EXPECT_EQ(pi.reason.empty(), pi.status == Status::Ok) << "part " << p << ": " << pi.reason;
  }
}

Result solve(const Graph& g, const Config& c) { return gp::partition::partition(g, c); }

int countOk(const Result& r) {
  return int(std::count_if(r.parts.begin(), r.parts.end(), [](auto& p) { return p.status == Status::Ok; }));
}

Config bounds(int mn, int mx, int t) {
  Config c;
  c.min = mn;
  c.max = mx;
  c.target = t;
  return c;
}

}  // namespace

TEST(Partition, PathOfUnitNodesSplitsIntoBoundedRuns) {
  std::vector<std::pair<int, int>> e;
  for (int i = 0; i + 1 < 100; ++i) e.push_back({i, i + 1});
  Graph g = fromEdges(100, e, std::vector<int32_t>(100, 1));
  Config c = bounds(20, 30, 25);
  Result r = solve(g, c);
  expectInvariants(g, c, r);
  EXPECT_EQ(r.parts.size(), 4u);
  EXPECT_EQ(countOk(r), 4);
  // On a path the parts are runs: part ids change exactly k-1 times along it.
  int changes = 0;
  for (int i = 0; i + 1 < 100; ++i) changes += r.part[size_t(i)] != r.part[size_t(i + 1)];
  EXPECT_EQ(changes, 3);
}

TEST(Partition, PartCountStaysBetweenCeilAndFloor) {
  // 1,000 unit households with bounds 200..400: k must be 3, 4 or 5; near 1000/300 -> 3.
  Graph g = jitteredGrid(40, 25, 3);
  Config c = bounds(200, 400, 300);
  Result r = solve(g, c);
  expectInvariants(g, c, r);
  EXPECT_EQ(r.parts.size(), 3u);
  EXPECT_EQ(countOk(r), 3);
  // Target 210 pushes k up to 5 (the floor), never beyond.
  c.target = 210;
  r = solve(g, c);
  expectInvariants(g, c, r);
  EXPECT_EQ(r.parts.size(), 5u);
}

TEST(Partition, UnitWeightGridsAreAlwaysWithinBounds) {
  // A full grid graph has a Hamiltonian path, so unit weights are feasible whenever some count of parts
  // fits the total (ceil(W/max) <= floor(W/min)).
  for (uint64_t seed = 1; seed <= 12; ++seed) {
    const int w = 8 + int(seed * 7 % 23), h = 6 + int(seed * 5 % 17);
    Graph g = jitteredGrid(w, h, seed);
    for (auto [mn, mx, t] : {std::tuple{20, 30, 25}, std::tuple{10, 12, 11}, std::tuple{50, 60, 55}}) {
      if ((w * h + mx - 1) / mx > w * h / mn) continue;
      Config c = bounds(mn, mx, t);
      c.seed = seed;
      Result r = solve(g, c);
      expectInvariants(g, c, r);
      const int W = w * h, k = int(r.parts.size());
      EXPECT_GE(k, (W + mx - 1) / mx);
      EXPECT_LE(k, W / mn);
      EXPECT_EQ(countOk(r), k) << "grid " << w << "x" << h << " bounds " << mn << ".." << mx << " seed " << seed;
    }
  }
}

TEST(Partition, LargeUnitGridForGrids) {
  Graph g = jitteredGrid(150, 120, 11);
  Config c = bounds(200, 400, 300);
  Result r = solve(g, c);
  expectInvariants(g, c, r);
  EXPECT_EQ(r.parts.size(), 60u);
  EXPECT_EQ(countOk(r), 60);
  for (auto& p : r.parts) {
    EXPECT_GE(p.households, 240) << "far from target";
    EXPECT_LE(p.households, 360) << "far from target";
  }
}

TEST(Partition, DeterministicForSeed) {
  Graph g = jitteredGrid(60, 40, 5, entranceWeights(2400, 5));
  Config c = bounds(200, 400, 300);
  c.seed = 42;
  Result a = solve(g, c), b = solve(g, c);
  EXPECT_EQ(a.part, b.part);
  ASSERT_EQ(a.parts.size(), b.parts.size());
  for (size_t p = 0; p < a.parts.size(); ++p) EXPECT_EQ(a.parts[p].reason, b.parts[p].reason);
}

TEST(Partition, WholeGraphBelowMinIsOneUnderPart) {
  Graph g = jitteredGrid(11, 13, 2);  // 143 households
  Config c = bounds(200, 400, 300);
  c.noun = "grid";
  Result r = solve(g, c);
  expectInvariants(g, c, r);
  ASSERT_EQ(r.parts.size(), 1u);
  EXPECT_EQ(r.parts[0].status, Status::Under);
  EXPECT_NE(r.parts[0].reason.find("only 143 households: one grid below 200"), std::string::npos)
      << r.parts[0].reason;
}

TEST(Partition, PieceAboveMaxIsAPartAloneNamedInTheReason) {
  // A path of 600 unit pieces with one tower entrance of 462 households in the middle.
  std::vector<std::pair<int, int>> e;
  const int n = 601;
  for (int i = 0; i + 1 < n; ++i) e.push_back({i, i + 1});
  std::vector<int32_t> w(static_cast<size_t>(n), 1);
  w[300] = 462;
  Graph g = fromEdges(n, e, w);
  Config c = bounds(200, 400, 300);
  Result r = solve(g, c);
  expectInvariants(g, c, r);
  const int p = r.part[300];
  EXPECT_EQ(r.parts[size_t(p)].nodes, 1);
  EXPECT_EQ(r.parts[size_t(p)].status, Status::Over);
  EXPECT_EQ(r.parts[size_t(p)].reason_node, 300);
  EXPECT_NE(r.parts[size_t(p)].reason.find("one piece alone holds 462 households"), std::string::npos);
  // Either side of it (300 units each) is a feasible part of its own.
  for (size_t q = 0; q < r.parts.size(); ++q) {
    if (int(q) != p) {
      EXPECT_EQ(r.parts[q].status, Status::Ok);
    }
  }
}

TEST(Partition, SmallPiecesCutOffByAnOversizedPieceJoinIt) {
  // 0-1-2 (5 households each) hang off a 450-household piece, which joins a feasible run of 300.
  std::vector<std::pair<int, int>> e{{0, 1}, {1, 2}, {2, 3}};
  std::vector<int32_t> w{5, 5, 5, 450};
  for (int i = 4; i < 304; ++i) {
    e.push_back({i - 1, i});
    w.push_back(1);
  }
  Graph g = fromEdges(int(w.size()), e, w);
  Config c = bounds(200, 400, 300);
  Result r = solve(g, c);
  expectInvariants(g, c, r);
  EXPECT_EQ(r.part[0], r.part[3]);
  const PartInfo& over = r.parts[size_t(r.part[3])];
  EXPECT_EQ(over.status, Status::Over);
  EXPECT_EQ(over.households, 465);
  EXPECT_NE(over.reason.find("15 households"), std::string::npos) << over.reason;
  EXPECT_EQ(r.parts[size_t(r.part[100])].status, Status::Ok);
}

TEST(Partition, IsolatedIslandIsUnderWithReason) {
  // A 20x20 unit grid and, apart from it, an island of 87 households in 3 pieces.
  Graph main = jitteredGrid(20, 20, 4);
  std::vector<std::pair<int, int>> e;
  for (int v = 0; v < main.size(); ++v)
    for (int i = main.xadj[size_t(v)]; i < main.xadj[size_t(v) + 1]; ++i)
      if (main.adjncy[size_t(i)] > v) e.push_back({v, main.adjncy[size_t(i)]});
  std::vector<int32_t> w = main.weight;
  const int a = main.size();
  w.insert(w.end(), {30, 30, 27});
  e.push_back({a, a + 1});
  e.push_back({a + 1, a + 2});
  Graph g = fromEdges(int(w.size()), e, w);
  Config c = bounds(100, 200, 150);
  c.noun = "grid";
  Result r = solve(g, c);
  expectInvariants(g, c, r);
  const PartInfo& island = r.parts[size_t(r.part[size_t(a)])];
  EXPECT_EQ(island.status, Status::Under);
  EXPECT_EQ(island.households, 87);
  EXPECT_NE(island.reason.find("an isolated group of 87 households"), std::string::npos) << island.reason;
  // The main component (400) is split on its own, within bounds.
  for (size_t p = 0; p < r.parts.size(); ++p) {
    if (int(p) != r.part[size_t(a)]) {
      EXPECT_EQ(r.parts[p].status, Status::Ok) << r.parts[p].reason;
    }
  }
}

TEST(Partition, ZeroWeightNodesGoWithNeighbours) {
  Graph g = jitteredGrid(30, 30, 9);
  for (int v = 0; v < g.size(); v += 7) g.weight[size_t(v)] = 0;
  // A whole zero-weight row of nodes at the top, reachable only through one weighted node.
  Config c = bounds(100, 200, 150);
  Result r = solve(g, c);
  expectInvariants(g, c, r);
  EXPECT_EQ(countOk(r), int(r.parts.size()));
  for (auto& p : r.parts) EXPECT_GT(p.households, 0);
}

TEST(Partition, ZeroWeightComponentJoinsAnAdjacentPart) {
  // A star of non-residential pieces hanging off a kept part only: it joins that part (nowhere else to go).
  std::vector<std::pair<int, int>> e;
  std::vector<int32_t> w(60, 5), fixed(60, -1);
  for (int i = 0; i + 1 < 50; ++i) e.push_back({i, i + 1});
  for (int i = 0; i < 10; ++i) fixed[size_t(i)] = 3;     // kept part: nodes 0..9
  for (int i = 50; i < 60; ++i) {
    w[size_t(i)] = 0;
    e.push_back({0, i});
  }
  Graph g = fromEdges(60, e, w);
  g.fixed = fixed;
  Config c = bounds(40, 60, 50);
  Result r = solve(g, c);
  expectInvariants(g, c, r);
  for (int i = 50; i < 60; ++i) EXPECT_EQ(r.part[size_t(i)], r.part[0]);
}

TEST(Partition, FixedLabelsAreKeptExactly) {
  Graph g = jitteredGrid(40, 30, 6, entranceWeights(1200, 6));
  g.fixed.assign(size_t(g.size()), -1);
  // Columns 0..7 are a locked grid (label 12), a block in the middle is label 5.
  for (int j = 0; j < 30; ++j)
    for (int i = 0; i < 40; ++i) {
      if (i < 8) g.fixed[size_t(j * 40 + i)] = 12;
      if (i >= 20 && i < 26 && j >= 10 && j < 16 && g.weight[size_t(j * 40 + i)] > 0) g.fixed[size_t(j * 40 + i)] = 5;
    }
  Config c = bounds(200, 400, 300);
  Result r = solve(g, c);
  expectInvariants(g, c, r);
  std::map<int, int> labelPart;
  for (int v = 0; v < g.size(); ++v) {
    const int p = r.part[size_t(v)];
    if (g.fixed[size_t(v)] >= 0) {
      if (!labelPart.count(g.fixed[size_t(v)])) labelPart[g.fixed[size_t(v)]] = p;
      EXPECT_EQ(labelPart[g.fixed[size_t(v)]], p);
      EXPECT_EQ(r.parts[size_t(p)].fixed_label, g.fixed[size_t(v)]);
    } else if (g.weight[size_t(v)] > 0) {
      EXPECT_EQ(r.parts[size_t(p)].fixed_label, -1) << "a free weighted node joined a kept part";
    }
  }
  EXPECT_EQ(labelPart.size(), 2u);
}

TEST(Partition, BarrierIsFollowedWhenBoundsAllow) {
  // 20x10 unit grid, barrier between columns 9 and 10: two parts of 100, split exactly along it.
  std::vector<std::pair<int, int>> e;
  std::set<size_t> bar;
  auto id = [](int i, int j) { return j * 20 + i; };
  for (int j = 0; j < 10; ++j)
    for (int i = 0; i < 20; ++i) {
      if (i + 1 < 20) {
        if (i == 9) bar.insert(e.size());
        e.push_back({id(i, j), id(i + 1, j)});
      }
      if (j + 1 < 10) e.push_back({id(i, j), id(i, j + 1)});
    }
  // Positions make the sweep prefer a horizontal cut (taller than wide), so the barrier has to win.
  Graph g = fromEdges(200, e, std::vector<int32_t>(200, 1), bar);
  for (int j = 0; j < 10; ++j)
    for (int i = 0; i < 20; ++i) {
      g.x[size_t(id(i, j))] = i * 0.5;
      g.y[size_t(id(i, j))] = j * 2.0;
    }
  Config c = bounds(80, 120, 100);
  Result r = solve(g, c);
  expectInvariants(g, c, r);
  ASSERT_EQ(r.parts.size(), 2u);
  EXPECT_EQ(r.barrier_crossings, 0);
  for (int j = 0; j < 10; ++j) {
    EXPECT_EQ(r.part[size_t(id(0, j))], r.part[size_t(id(9, j))]);
    EXPECT_NE(r.part[size_t(id(9, j))], r.part[size_t(id(10, j))]);
  }
}

TEST(Partition, BarrierIsCrossedOnlyWhenBoundsRequire) {
  // Same barrier, but the west side holds only 50: bounds force one part across it.
  std::vector<std::pair<int, int>> e;
  std::set<size_t> bar;
  for (int i = 0; i + 1 < 150; ++i) {
    if (i == 49) bar.insert(e.size());
    e.push_back({i, i + 1});
  }
  Graph g = fromEdges(150, e, std::vector<int32_t>(150, 1), bar);
  Config c = bounds(70, 80, 75);
  Result r = solve(g, c);
  expectInvariants(g, c, r);
  EXPECT_EQ(countOk(r), 2);
  EXPECT_EQ(r.barrier_crossings, 1);
  EXPECT_EQ(r.parts[size_t(r.part[49])].barrier_crossings, 1);
}

TEST(Partition, GroupsKeptWholeWhenTheyFitAndSmallOnesMerged) {
  // 12x10 unit grid in compounds of 2 columns x 5 rows (10 households each), bounds 20..30:
  // every part should be 2 or 3 whole compounds.
  Graph g = jitteredGrid(12, 10, 8);
  g.group.resize(size_t(g.size()));
  for (int j = 0; j < 10; ++j)
    for (int i = 0; i < 12; ++i) g.group[size_t(j * 12 + i)] = (j / 5) * 6 + i / 2;
  Config c = bounds(20, 30, 25);
  Result r = solve(g, c);
  expectInvariants(g, c, r);
  EXPECT_EQ(countOk(r), int(r.parts.size()));
  EXPECT_EQ(r.groups_split, 0);
}

TEST(Partition, LargeGroupIsSplitButSmallOnesStayWhole) {
  Graph g = jitteredGrid(30, 20, 10);
  g.group.assign(size_t(g.size()), -1);
  for (int j = 0; j < 20; ++j)
    for (int i = 0; i < 30; ++i) {
      if (i < 15) g.group[size_t(j * 30 + i)] = 1;                  // 300: must split for bounds 100..200
      else if (j < 10 && i < 22) g.group[size_t(j * 30 + i)] = 2;  // 70: fits
      else if (j >= 10 && i < 22) g.group[size_t(j * 30 + i)] = 3; // 70: fits
    }
  Config c = bounds(100, 200, 150);
  Result r = solve(g, c);
  expectInvariants(g, c, r);
  EXPECT_EQ(countOk(r), int(r.parts.size()));
  std::map<int, std::set<int>> partsOf;
  for (int v = 0; v < g.size(); ++v) partsOf[g.group[size_t(v)]].insert(r.part[size_t(v)]);
  EXPECT_GE(partsOf[1].size(), 2u);
  EXPECT_EQ(partsOf[2].size(), 1u);
  EXPECT_EQ(partsOf[3].size(), 1u);
}

TEST(Partition, SmallAreasAreSearchedExhaustively) {
  // Units of a real grid from the pipeline (31 pieces, mostly entrances of 12): local moves alone
  // leave two units at 36, but a division with every unit at 24 exists and must be found.
  const std::vector<std::pair<int, int>> e{{0, 1}, {0, 13}, {0, 30}, {1, 2}, {1, 13}, {2, 3}, {2, 13}, {3, 4}, {3, 13}, {3, 14}, {4, 5}, {4, 14}, {4, 15}, {5, 6}, {5, 15}, {5, 16}, {6, 7}, {6, 16}, {6, 17}, {7, 8}, {7, 17}, {7, 18}, {8, 9}, {8, 18}, {8, 19}, {9, 10}, {9, 19}, {9, 20}, {10, 11}, {10, 20}, {10, 21}, {11, 12}, {11, 21}, {11, 22}, {12, 22}, {13, 14}, {13, 15}, {13, 30}, {14, 15}, {15, 16}, {16, 17}, {17, 18}, {17, 19}, {18, 19}, {19, 20}, {20, 21}, {21, 22}, {23, 24}, {23, 29}, {24, 25}, {24, 28}, {24, 29}, {25, 26}, {25, 28}, {26, 27}, {26, 28}, {27, 28}, {27, 30}, {28, 29}, {28, 30}, {29, 30}};
  const std::set<size_t> bar{2, 37};
  Graph g = fromEdges(31, e, {12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 24, 12, 12, 12, 12, 12, 12, 12, 12, 12, 0, 0, 0, 0, 0, 24, 0, 0}, bar);
  g.x = {510077.366, 510103.753, 510118.594, 510133.500, 510151.109, 510171.815, 510189.582, 510204.434, 510222.383, 510243.476, 510261.316, 510276.274, 510302.166, 510098.983, 510142.116, 510160.376, 510178.492, 510200.674, 510218.334, 510232.913, 510247.816, 510262.828, 510293.581, 509860.297, 509903.448, 509943.836, 509978.814, 510026.456, 509953.142, 509877.865, 509993.406};
  g.y = {3461712.199, 3461709.082, 3461708.848, 3461709.379, 3461708.524, 3461708.596, 3461709.314, 3461708.946, 3461708.898, 3461708.894, 3461708.384, 3461708.946, 3461711.533, 3461751.816, 3461748.582, 3461749.613, 3461750.146, 3461750.822, 3461748.594, 3461749.616, 3461749.800, 3461750.576, 3461751.409, 3461627.671, 3461619.049, 3461605.311, 3461607.731, 3461622.130, 3461656.564, 3461725.207, 3461722.457};
  g.group = {0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 4, 4, 4, 5, 5, 5, 5, 5, 5, 6, 7, 8, 9, 10, 11, 12, 13};
  Config c = bounds(20, 30, 25);
  Result r = solve(g, c);
  expectInvariants(g, c, r);
  EXPECT_EQ(countOk(r), int(r.parts.size()));
}

TEST(Partition, StarCannotMeetBoundsAndSaysWhy) {
  // A non-residential hub with 9 leaves of 10: only one part can hold the hub, the others are alone.
  std::vector<std::pair<int, int>> e;
  std::vector<int32_t> w{0};
  for (int i = 1; i <= 9; ++i) {
    e.push_back({0, i});
    w.push_back(10);
  }
  Graph g = fromEdges(10, e, w);
  Config c = bounds(20, 30, 25);
  c.noun = "unit";
  Result r = solve(g, c);
  expectInvariants(g, c, r);
  int bad = 0;
  for (auto& p : r.parts)
    if (p.status != Status::Ok) {
      ++bad;
      EXPECT_NE(p.reason.find("no division of this connected area into connected units of 20–30"),
                std::string::npos)
          << p.reason;
    }
  EXPECT_GT(bad, 0);
}

TEST(Partition, CountInfeasibleComponentIsAnException) {
  // 35 households in a path: no count of parts fits 20..30.
  std::vector<std::pair<int, int>> e;
  for (int i = 0; i + 1 < 35; ++i) e.push_back({i, i + 1});
  Graph g = fromEdges(35, e, std::vector<int32_t>(35, 1));
  Config c = bounds(20, 30, 25);
  c.noun = "unit";
  Result r = solve(g, c);
  expectInvariants(g, c, r);
  ASSERT_EQ(r.parts.size(), 1u);
  EXPECT_EQ(r.parts[0].status, Status::Exception);
  EXPECT_NE(r.parts[0].reason.find("35 households"), std::string::npos) << r.parts[0].reason;
}

TEST(Partition, EntrancesOfTwelveExplainWhyAUnitIsOff) {
  // 25 entrances of 12 in a row: units of 20..30 can only be 24, and 300 is not a multiple of 24.
  std::vector<std::pair<int, int>> e;
  for (int i = 0; i + 1 < 25; ++i) e.push_back({i, i + 1});
  Graph g = fromEdges(25, e, std::vector<int32_t>(25, 12));
  Config c = bounds(20, 30, 25);
  c.noun = "unit";
  Result r = solve(g, c);
  expectInvariants(g, c, r);
  int off = 0;
  for (auto& p : r.parts) {
    if (p.status == Status::Ok) {
      EXPECT_EQ(p.households, 24);
      continue;
    }
    ++off;
    EXPECT_NE(p.reason.find("25×12, which cannot be grouped into units of 20–30 at all"), std::string::npos) << p.reason;
  }
  EXPECT_EQ(off, 1);
}

TEST(Partition, UnitsFromWalkUpEntrances) {
  // Units: bounds 20..30 on entrances of 12 (two make a unit) and small pieces; most units must be ok.
  int ok = 0, total = 0;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    Graph g = jitteredGrid(5 + int(seed % 4), 3 + int(seed % 3), seed, {});
    std::mt19937_64 rng(seed);
    for (auto& w : g.weight) w = (rng() % 5 == 0) ? int32_t(1 + rng() % 6) : 12;
    Config c = bounds(20, 30, 25);
    c.seed = seed;
    c.noun = "unit";
    Result r = solve(g, c);
    expectInvariants(g, c, r);
    ok += countOk(r);
    total += int(r.parts.size());
  }
  EXPECT_GE(ok * 10, total * 8) << ok << " of " << total << " units ok";
}

TEST(Partition, UnitsFromFloorRangePieces) {
  // Floor-range pieces of 1–12 households (mostly 2–6) and non-residential ones: fine enough that
  // every unit should be within 20..30.
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    Graph g = jitteredGrid(60, 40, seed);
    std::mt19937_64 rng(seed);
    for (auto& w : g.weight) {
      const int r = int(rng() % 100);
      w = r < 80 ? int32_t(2 + rng() % 5) : r < 92 ? int32_t(1 + rng() % 12) : 0;
    }
    Config c = bounds(20, 30, 25);
    c.seed = seed;
    c.noun = "unit";
    Result r = solve(g, c);
    expectInvariants(g, c, r);
    EXPECT_EQ(countOk(r), int(r.parts.size())) << "seed " << seed;
  }
}

TEST(Partition, SeedsGiveValidResults) {
  Graph g = jitteredGrid(50, 40, 12, entranceWeights(2000, 12));
  for (uint64_t seed : {1u, 7u, 99u, 12345u}) {
    Config c = bounds(200, 400, 300);
    c.seed = seed;
    Result r = solve(g, c);
    expectInvariants(g, c, r);
    EXPECT_EQ(countOk(r), int(r.parts.size())) << "seed " << seed;
  }
  Config c = bounds(200, 400, 300);
  c.refine_passes = 0;
  Result r = solve(g, c);
  expectInvariants(g, c, r);
}

TEST(Partition, OnlyNonResidentialPiecesIsOneUnderPart) {
  std::vector<std::pair<int, int>> e{{0, 1}, {1, 2}};
  Graph g = fromEdges(3, e, {0, 0, 0});
  Config c = bounds(200, 400, 300);
  Result r = solve(g, c);
  expectInvariants(g, c, r);
  ASSERT_EQ(r.parts.size(), 1u);
  EXPECT_EQ(r.parts[0].status, Status::Under);
  EXPECT_NE(r.parts[0].reason.find("no households"), std::string::npos) << r.parts[0].reason;
}

TEST(Partition, RandomGeometricGraphsKeepInvariants) {
  for (uint64_t seed = 1; seed <= 15; ++seed) {
    const int n = 300 + int(seed * 37 % 400);
    Graph g = randomGeometric(n, 0.09, seed, entranceWeights(n, seed + 100));
    for (auto [mn, mx, t] : {std::tuple{200, 400, 300}, std::tuple{20, 30, 25}}) {
      Config c = bounds(mn, mx, t);
      c.seed = seed;
      Result r = solve(g, c);
      expectInvariants(g, c, r);
    }
  }
}

TEST(Partition, CompoundsFixedAndHeavyPiecesTogetherKeepInvariants) {
  // Compounds (spatial cells, some too big for a part), a kept part, towers above max and islands.
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    const int n = 500 + int(seed * 53 % 300);
    std::vector<int32_t> w = entranceWeights(n, seed + 7);
    std::mt19937_64 rng(seed);
    for (auto& x : w)
      if (rng() % 60 == 0) x = int32_t(300 + rng() % 300);
    Graph g = randomGeometric(n, 0.08, seed, w);
    g.group.resize(size_t(n));
    g.fixed.assign(size_t(n), -1);
    for (int v = 0; v < n; ++v) {
      g.group[size_t(v)] = int(g.x[size_t(v)] * 6) * 10 + int(g.y[size_t(v)] * 6);
      if (g.x[size_t(v)] < 0.15 && g.y[size_t(v)] < 0.15) g.fixed[size_t(v)] = 77;
    }
    for (auto [mn, mx, t] : {std::tuple{200, 400, 300}, std::tuple{20, 30, 25}}) {
      Config c = bounds(mn, mx, t);
      c.seed = seed;
      Result r = solve(g, c);
      expectInvariants(g, c, r);
      for (int v = 0; v < n; ++v) {
        if (g.fixed[size_t(v)] == 77) {
          EXPECT_EQ(r.parts[size_t(r.part[size_t(v)])].fixed_label, 77);
        } else if (g.weight[size_t(v)] > 0) {
          EXPECT_EQ(r.parts[size_t(r.part[size_t(v)])].fixed_label, -1);
        }
        if (g.weight[size_t(v)] > mx) {
          EXPECT_EQ(r.parts[size_t(r.part[size_t(v)])].status, Status::Over);
        }
      }
      EXPECT_EQ(solve(g, c).part, r.part) << "not deterministic";
    }
  }
}

TEST(Partition, RealisticGridsMostlyWithinBounds) {
  // Entrances of 12–24 households with bounds 200..400 are fine-grained: every grid must be ok.
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    Graph g = jitteredGrid(70, 50, seed, entranceWeights(3500, seed));
    Config c = bounds(200, 400, 300);
    c.seed = seed;
    Result r = solve(g, c);
    expectInvariants(g, c, r);
    EXPECT_EQ(countOk(r), int(r.parts.size())) << "seed " << seed;
  }
}

TEST(Partition, ExtremeBoundsStillKeepInvariants) {
  Graph g = jitteredGrid(12, 8, 21);  // 96 unit households
  // Exact sizes: 96 = 4 x 24 on a grid with a Hamiltonian path, so every part must be exactly 24.
  Config exact = bounds(24, 24, 24);
  Result r = solve(g, exact);
  expectInvariants(g, exact, r);
  EXPECT_EQ(r.parts.size(), 4u);
  EXPECT_EQ(countOk(r), 4);
  // No lower bound at all.
  Config open = bounds(0, 30, 15);
  r = solve(g, open);
  expectInvariants(g, open, r);
  EXPECT_EQ(countOk(r), int(r.parts.size()));
  // Target outside the bounds is clamped into them.
  Config odd = bounds(20, 30, 99);
  r = solve(g, odd);
  expectInvariants(g, odd, r);
  EXPECT_EQ(countOk(r), int(r.parts.size()));
}

TEST(Partition, MalformedGraphThrows) {
  Graph g = jitteredGrid(3, 3, 1);
  g.adjncy[0] = 99;
  EXPECT_THROW(solve(g, Config{}), std::invalid_argument);
  Graph h = jitteredGrid(3, 3, 1);
  Config c = bounds(30, 20, 25);
  EXPECT_THROW(solve(h, c), std::invalid_argument);
  EXPECT_TRUE(solve(Graph{}, Config{}).parts.empty());
}
