#include "geo/geom/PlanarFaces.hpp"

#include <algorithm>
#include <array>
#include <limits>

namespace gp::geom {

namespace {

__extension__ using Wide = __int128;  // exact products of grid coordinates

using Edge = std::array<int32_t, 2>;

// The graph: nodes (sorted grid points) and undirected edges between them, each once.
struct Graph {
  std::vector<GridPoint> nodes;
  std::vector<Edge> edges;
  std::vector<uint8_t> alive;
};

Graph makeGraph(const std::vector<GridEdge>& in) {
  Graph g;
  g.nodes.reserve(in.size() * 2);
  for (const GridEdge& e : in) {
    g.nodes.push_back(e.a);
    g.nodes.push_back(e.b);
  }
  std::sort(g.nodes.begin(), g.nodes.end());
  g.nodes.erase(std::unique(g.nodes.begin(), g.nodes.end()), g.nodes.end());
  auto id = [&](GridPoint p) { return static_cast<int32_t>(std::lower_bound(g.nodes.begin(), g.nodes.end(), p) - g.nodes.begin()); };
  g.edges.reserve(in.size());
  for (const GridEdge& e : in) {
    int32_t u = id(e.a), v = id(e.b);
    if (u == v) continue;
    g.edges.push_back({std::min(u, v), std::max(u, v)});
  }
  std::sort(g.edges.begin(), g.edges.end());
  g.edges.erase(std::unique(g.edges.begin(), g.edges.end()), g.edges.end());
  g.alive.assign(g.edges.size(), 1);
  return g;
}

// Drops dangling edges (an end of degree 1), repeatedly.
void pruneDangles(Graph& g) {
  std::vector<int32_t> degree(g.nodes.size(), 0);
  std::vector<std::vector<int32_t>> at(g.nodes.size());
  for (size_t k = 0; k < g.edges.size(); ++k)
    if (g.alive[k])
      for (int32_t v : g.edges[k]) {
        ++degree[static_cast<size_t>(v)];
        at[static_cast<size_t>(v)].push_back(static_cast<int32_t>(k));
      }
  std::vector<int32_t> stack;
  for (size_t v = 0; v < g.nodes.size(); ++v)
    if (degree[v] == 1) stack.push_back(static_cast<int32_t>(v));
  while (!stack.empty()) {
    size_t v = static_cast<size_t>(stack.back());
    stack.pop_back();
    for (int32_t k : at[v]) {
      if (!g.alive[static_cast<size_t>(k)]) continue;
      g.alive[static_cast<size_t>(k)] = 0;
      for (int32_t w : g.edges[static_cast<size_t>(k)])
        if (--degree[static_cast<size_t>(w)] == 1) stack.push_back(w);
    }
  }
}

// Half-edge 2k runs edges[k][0] → edges[k][1], 2k + 1 back. `out` lists each node's outgoing half-edges
// counter-clockwise; the face left of half-edge h continues with the half-edge clockwise after h's twin.
struct Walk {
  std::vector<int32_t> start, out, pos, face;
  int32_t faces = 0;
};

int32_t origin(const Graph& g, int32_t h) { return g.edges[static_cast<size_t>(h / 2)][static_cast<size_t>(h % 2)]; }

Walk walkFaces(const Graph& g) {
  Walk w;
  const size_t n = g.nodes.size();
  w.start.assign(n + 1, 0);
  for (size_t k = 0; k < g.edges.size(); ++k)
    if (g.alive[k])
      for (int32_t v : g.edges[k]) ++w.start[static_cast<size_t>(v) + 1];
  for (size_t v = 0; v < n; ++v) w.start[v + 1] += w.start[v];
  w.out.assign(static_cast<size_t>(w.start[n]), -1);
  {
    std::vector<int32_t> fill(w.start.begin(), w.start.end() - 1);
    for (size_t k = 0; k < g.edges.size(); ++k)
      if (g.alive[k])
        for (int side = 0; side < 2; ++side)
          w.out[static_cast<size_t>(fill[static_cast<size_t>(g.edges[k][static_cast<size_t>(side)])]++)] = static_cast<int32_t>(2 * k) + side;
  }
  w.pos.assign(g.edges.size() * 2, -1);
  for (size_t v = 0; v < n; ++v) {
    const GridPoint o = g.nodes[v];
    auto dir = [&](int32_t h) {
      const GridPoint& t = g.nodes[static_cast<size_t>(origin(g, h ^ 1))];
      return std::array<int64_t, 2>{t.x - o.x, t.y - o.y};
    };
    auto half = [](const std::array<int64_t, 2>& d) { return d[1] < 0 || (d[1] == 0 && d[0] < 0); };
    std::sort(w.out.begin() + w.start[v], w.out.begin() + w.start[v + 1], [&](int32_t a, int32_t b) {
      auto da = dir(a), db = dir(b);
      if (half(da) != half(db)) return !half(da);
      return Wide{da[0]} * db[1] - Wide{da[1]} * db[0] > 0;
    });
    for (int32_t i = w.start[v]; i < w.start[v + 1]; ++i) w.pos[static_cast<size_t>(w.out[static_cast<size_t>(i)])] = i;
  }
  w.face.assign(g.edges.size() * 2, -1);
  for (size_t h0 = 0; h0 < w.face.size(); ++h0) {
    if (!g.alive[h0 / 2] || w.face[h0] >= 0) continue;
    int32_t h = static_cast<int32_t>(h0);
    while (w.face[static_cast<size_t>(h)] < 0) {
      w.face[static_cast<size_t>(h)] = w.faces;
      const int32_t t = h ^ 1;
      const size_t v = static_cast<size_t>(origin(g, t));
      const int32_t i = w.pos[static_cast<size_t>(t)] - w.start[v], deg = w.start[v + 1] - w.start[v];
      h = w.out[static_cast<size_t>(w.start[v] + (i - 1 + deg) % deg)];
    }
    ++w.faces;
  }
  return w;
}

Wide twiceArea(const Graph& g, const std::vector<int32_t>& loop) {
  Wide s = 0;
  const GridPoint o = g.nodes[static_cast<size_t>(loop[0])];
  for (size_t i = 0; i < loop.size(); ++i) {
    const GridPoint& a = g.nodes[static_cast<size_t>(loop[i])];
    const GridPoint& b = g.nodes[static_cast<size_t>(loop[(i + 1) % loop.size()])];
    s += Wide{a.x - o.x} * (b.y - o.y) - Wide{b.x - o.x} * (a.y - o.y);
  }
  return s;
}

// A cycle of nodes split where it passes a node twice, into simple loops.
void splitLoops(const std::vector<int32_t>& cycle, std::vector<int32_t>& mark, std::vector<std::vector<int32_t>>& loops) {
  std::vector<int32_t> stack;
  for (int32_t v : cycle) {
    int32_t& m = mark[static_cast<size_t>(v)];
    if (m >= 0) {
      loops.emplace_back(stack.begin() + m, stack.end());
      for (size_t i = static_cast<size_t>(m) + 1; i < stack.size(); ++i) mark[static_cast<size_t>(stack[i])] = -1;
      stack.resize(static_cast<size_t>(m) + 1);
      continue;
    }
    m = static_cast<int32_t>(stack.size());
    stack.push_back(v);
  }
  for (int32_t v : stack) mark[static_cast<size_t>(v)] = -1;
  if (stack.size() >= 3) loops.push_back(std::move(stack));
}

struct Loop {
  std::vector<int32_t> nodes;
  Wide area2;
  int32_t face;  // the positive cycle it bounds (-1: an outer boundary of a piece of the graph)
  int32_t component;
  BBox box;  // in grid units
};

bool insideLoop(const Graph& g, const Loop& l, const GridPoint& p) {
  bool in = false;
  for (size_t i = 0, n = l.nodes.size(); i < n; ++i) {
    const GridPoint& a = g.nodes[static_cast<size_t>(l.nodes[i])];
    const GridPoint& b = g.nodes[static_cast<size_t>(l.nodes[(i + 1) % n])];
    if ((a.y > p.y) == (b.y > p.y)) continue;
    // p.x < a.x + (p.y - a.y) (b.x - a.x) / (b.y - a.y), exactly
    Wide lhs = Wide{p.x - a.x} * (b.y - a.y), rhs = Wide{p.y - a.y} * (b.x - a.x);
    if (b.y > a.y ? lhs < rhs : lhs > rhs) in = !in;
  }
  return in;
}

// A point strictly inside a polygon: the middle of the widest run of a horizontal line between two vertex
// heights near the middle of its box.
XY innerPoint(const Polygon& p) {
  BBox b = bbox(p);
  const double mid = (b.miny + b.maxy) / 2;
  double lo = -std::numeric_limits<double>::infinity(), hi = std::numeric_limits<double>::infinity();
  for (const Ring& r : p.rings)
    for (const XY& q : r) {
      if (q.y <= mid) lo = std::max(lo, q.y);
      if (q.y > mid) hi = std::min(hi, q.y);
    }
  const double y = (lo + hi) / 2;
  std::vector<double> xs;
  for (const Ring& r : p.rings)
    for (size_t i = 1; i < r.size(); ++i)
      if ((r[i - 1].y > y) != (r[i].y > y))
        xs.push_back(r[i - 1].x + (y - r[i - 1].y) * (r[i].x - r[i - 1].x) / (r[i].y - r[i - 1].y));
  std::sort(xs.begin(), xs.end());
  XY best{b.center().x, y};
  double width = -1;
  for (size_t i = 0; i + 1 < xs.size(); i += 2)
    if (xs[i + 1] - xs[i] > width) {
      width = xs[i + 1] - xs[i];
      best = {(xs[i] + xs[i + 1]) / 2, y};
    }
  return best;
}

// Walks faces, dropping edges with one face on both sides (and the dangles that leaves) until none is left.
Walk settledWalk(Graph& g) {
  while (true) {
    pruneDangles(g);
    Walk w = walkFaces(g);
    bool dropped = false;
    for (size_t k = 0; k < g.edges.size(); ++k)
      if (g.alive[k] && w.face[2 * k] == w.face[2 * k + 1]) {
        g.alive[k] = 0;
        dropped = true;
      }
    if (!dropped) return w;
  }
}

std::vector<int32_t> components(const Graph& g) {
  std::vector<int32_t> root(g.nodes.size());
  for (size_t v = 0; v < root.size(); ++v) root[v] = static_cast<int32_t>(v);
  auto find = [&](int32_t x) {
    while (root[static_cast<size_t>(x)] != x) x = root[static_cast<size_t>(x)] = root[static_cast<size_t>(root[static_cast<size_t>(x)])];
    return x;
  };
  for (size_t k = 0; k < g.edges.size(); ++k)
    if (g.alive[k]) {
      int32_t a = find(g.edges[k][0]), b = find(g.edges[k][1]);
      if (a != b) root[static_cast<size_t>(std::max(a, b))] = std::min(a, b);
    }
  for (size_t v = 0; v < root.size(); ++v) root[v] = find(static_cast<int32_t>(v));
  return root;
}

// The loops of every face cycle: those of positive cycles bound that face (parts counter-clockwise, holes
// clockwise); those of negative cycles are outer boundaries of pieces of the graph.
std::vector<Loop> faceLoops(const Graph& g, const Walk& w, std::vector<int32_t>& faceOfCycle, int32_t& faces) {
  std::vector<std::vector<int32_t>> cycles(static_cast<size_t>(w.faces));
  std::vector<int32_t> first(static_cast<size_t>(w.faces), -1);
  for (size_t h = 0; h < w.face.size(); ++h)
    if (w.face[h] >= 0 && first[static_cast<size_t>(w.face[h])] < 0) first[static_cast<size_t>(w.face[h])] = static_cast<int32_t>(h);
  std::vector<int32_t> comp = components(g), mark(g.nodes.size(), -1);
  std::vector<Loop> loops;
  faceOfCycle.assign(static_cast<size_t>(w.faces), -1);
  faces = 0;
  for (int32_t c = 0; c < w.faces; ++c) {
    std::vector<int32_t> cycle;
    int32_t h = first[static_cast<size_t>(c)];
    do {
      cycle.push_back(origin(g, h));
      const int32_t t = h ^ 1;
      const size_t v = static_cast<size_t>(origin(g, t));
      const int32_t i = w.pos[static_cast<size_t>(t)] - w.start[v], deg = w.start[v + 1] - w.start[v];
      h = w.out[static_cast<size_t>(w.start[v] + (i - 1 + deg) % deg)];
    } while (h != first[static_cast<size_t>(c)]);
    const bool bounded = twiceArea(g, cycle) > 0;
    if (bounded) faceOfCycle[static_cast<size_t>(c)] = faces++;
    std::vector<std::vector<int32_t>> parts;
    splitLoops(cycle, mark, parts);
    for (auto& p : parts) {
      Loop l{std::move(p), 0, bounded ? faceOfCycle[static_cast<size_t>(c)] : -1, 0, {}};
      l.area2 = twiceArea(g, l.nodes);
      if (l.area2 == 0) continue;
      l.component = comp[static_cast<size_t>(l.nodes[0])];
      for (int32_t v : l.nodes)
        l.box.add(XY{static_cast<double>(g.nodes[static_cast<size_t>(v)].x), static_cast<double>(g.nodes[static_cast<size_t>(v)].y)});
      loops.push_back(std::move(l));
    }
  }
  return loops;
}

Ring toRing(const Graph& g, const Loop& l, double scale) {
  Ring r;
  r.reserve(l.nodes.size() + 1);
  for (int32_t v : l.nodes)
    r.push_back({static_cast<double>(g.nodes[static_cast<size_t>(v)].x) / scale, static_cast<double>(g.nodes[static_cast<size_t>(v)].y) / scale});
  r.push_back(r.front());
  return r;
}

}  // namespace

std::vector<PlanarFace> planarFaces(const std::vector<GridEdge>& edges, double scale) {
  Graph g = makeGraph(edges);
  Walk w = settledWalk(g);
  std::vector<int32_t> faceOfCycle;
  int32_t faces = 0;
  std::vector<Loop> loops = faceLoops(g, w, faceOfCycle, faces);
  // Each loop that is not a part of its face becomes a hole of the smallest part around it: a clockwise loop
  // of a face's own cycle lies in one of that face's parts; an outer boundary of a piece of the graph, in the
  // smallest part of another piece that holds it (none: it bounds the unbounded face).
  std::vector<size_t> shells;
  for (size_t i = 0; i < loops.size(); ++i)
    if (loops[i].face >= 0 && loops[i].area2 > 0) shells.push_back(i);
  std::vector<int32_t> holeOf(loops.size(), -1);
  for (size_t i = 0; i < loops.size(); ++i) {
    const Loop& l = loops[i];
    if (l.area2 > 0 && l.face >= 0) continue;
    int32_t best = -1;
    if (l.face >= 0) {  // touches its face's boundary at a node: in the part holding most of its nodes
      size_t bestCount = 0;
      for (size_t s : shells) {
        if (loops[s].face != l.face) continue;
        size_t count = 1;
        for (int32_t v : l.nodes) count += insideLoop(g, loops[s], g.nodes[static_cast<size_t>(v)]);
        if (count > bestCount) {
          bestCount = count;
          best = static_cast<int32_t>(s);
        }
      }
      holeOf[i] = best;
      continue;
    }
    const GridPoint p = g.nodes[static_cast<size_t>(l.nodes[0])];
    const double px = static_cast<double>(p.x), py = static_cast<double>(p.y);
    for (size_t s : shells) {
      const Loop& sh = loops[s];
      if (sh.component == l.component) continue;
      if (px < sh.box.minx || px > sh.box.maxx || py < sh.box.miny || py > sh.box.maxy) continue;
      if (!insideLoop(g, sh, p)) continue;
      if (best < 0 || sh.area2 < loops[static_cast<size_t>(best)].area2) best = static_cast<int32_t>(s);
    }
    holeOf[i] = best;
  }
  std::vector<PlanarFace> out(static_cast<size_t>(faces));
  std::vector<int32_t> polyOf(loops.size(), -1);
  for (size_t s : shells) {
    PlanarFace& f = out[static_cast<size_t>(loops[s].face)];
    polyOf[s] = static_cast<int32_t>(f.shape.size());
    f.shape.push_back(Polygon{{toRing(g, loops[s], scale)}});
    f.area += static_cast<double>(loops[s].area2) / 2 / (scale * scale);
  }
  for (size_t i = 0; i < loops.size(); ++i) {
    if (holeOf[i] < 0) continue;
    const Loop& sh = loops[static_cast<size_t>(holeOf[i])];
    PlanarFace& f = out[static_cast<size_t>(sh.face)];
    f.shape[static_cast<size_t>(polyOf[static_cast<size_t>(holeOf[i])])].rings.push_back(toRing(g, loops[i], scale));
    f.area -= static_cast<double>(loops[i].area2 < 0 ? -loops[i].area2 : loops[i].area2) / 2 / (scale * scale);
  }
  for (PlanarFace& f : out) {
    size_t largest = 0;
    for (size_t k = 1; k < f.shape.size(); ++k)
      if (area(f.shape[k]) > area(f.shape[largest])) largest = k;
    if (!f.shape.empty()) f.inner = innerPoint(f.shape[largest]);
  }
  return out;
}

}  // namespace gp::geom
