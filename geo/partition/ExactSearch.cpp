// Stage 5: an area of free parts (one connected component of them) of at most 128 nodes that still has
// a part out of bounds is searched exhaustively, within a step budget, for any division into connected
// parts within bounds; if one exists it replaces the area's parts and local search polishes it. So for
// small areas, such as the units of one grid, a violation left means none exists (or the budget ran
// out on an unusually hard area).
#include <algorithm>
#include <type_traits>
#include <unordered_map>

#include "geo/partition/Partitioner.hpp"

namespace gp::partition::detail {

namespace {

// A set of up to 64 * N node positions: areas of up to 64 nodes are searched with one word per set, larger
// ones (up to 128) with two. The sets and the order the search takes them do not depend on N.
template <int N>
struct Bits {
  uint64_t w[N] = {};
  static Bits bit(int i) {
    Bits m;
    m.w[i >> 6] = uint64_t(1) << (i & 63);
    return m;
  }
  bool has(int i) const { return (w[i >> 6] >> (i & 63)) & 1; }
  bool empty() const {
    uint64_t any = 0;
    for (int k = 0; k < N; ++k) any |= w[k];
    return any == 0;
  }
  Bits operator|(const Bits& o) const {
    Bits r;
    for (int k = 0; k < N; ++k) r.w[k] = w[k] | o.w[k];
    return r;
  }
  Bits operator&(const Bits& o) const {
    Bits r;
    for (int k = 0; k < N; ++k) r.w[k] = w[k] & o.w[k];
    return r;
  }
  Bits minus(const Bits& o) const {
    Bits r;
    for (int k = 0; k < N; ++k) r.w[k] = w[k] & ~o.w[k];
    return r;
  }
  bool operator==(const Bits& o) const {
    for (int k = 0; k < N; ++k)
      if (w[k] != o.w[k]) return false;
    return true;
  }
  int lowest() const {  // the first member; the set is not empty
    for (int k = 0; k + 1 < N; ++k)
      if (w[k]) return k * 64 + __builtin_ctzll(w[k]);
    return (N - 1) * 64 + __builtin_ctzll(w[N - 1]);
  }
  int count() const {
    int c = 0;
    for (int k = 0; k < N; ++k) c += __builtin_popcountll(w[k]);
    return c;
  }
  template <class F>
  void each(F f) const {  // calls f(i) for every member, lowest first; stops when f returns false
    for (int k = 0; k < N; ++k)
      for (uint64_t b = w[k]; b; b &= b - 1)
        if (!f(k * 64 + __builtin_ctzll(b))) return;
  }
};
using Mask = Bits<2>;  // an area's sets as the memo keeps them

// A set of masks by open addressing (no allocation per insert, unlike std::unordered_set). The empty mask
// marks free slots and is kept aside.
template <int N>
class MaskSet {
 public:
  using M = Bits<N>;
  bool has(const M& m) const {
    if (m.empty()) return hasEmpty_;
    if (slots_.empty()) return false;
    for (size_t i = slot(m);; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i] == m) return true;
      if (slots_[i].empty()) return false;
    }
  }
  void insert(const M& m) {
    if (m.empty()) {
      hasEmpty_ = true;
      return;
    }
    if (2 * (count_ + 1) > slots_.size()) grow();
    size_t i = slot(m);
    for (; !slots_[i].empty(); i = (i + 1) & (slots_.size() - 1))
      if (slots_[i] == m) return;
    slots_[i] = m;
    ++count_;
  }

 private:
  size_t slot(const M& m) const {
    uint64_t h = m.w[0];
    if constexpr (N > 1) h ^= m.w[1] * 0x9E3779B97F4A7C15ULL;
    h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ULL;
    h = (h ^ (h >> 27)) * 0x94D049BB133111EBULL;
    return size_t(h ^ (h >> 31)) & (slots_.size() - 1);
  }
  void grow() {
    std::vector<M> old(slots_.empty() ? 64 : slots_.size() * 2);
    old.swap(slots_);
    count_ = 0;
    for (const M& m : old)
      if (!m.empty()) insert(m);
  }
  std::vector<M> slots_;
  size_t count_ = 0;
  bool hasEmpty_ = false;
};

// Twins: nodes of one weight with the same neighbours (apart from each other), such as the floors of one
// entrance with equal households. Swapping two twins maps every division onto another, so the search takes
// them in index order only and remembers a failed state by how many of each class are used: without that, a
// grid of single floors of 8 households (units of three floors) has too many equal divisions to search.
template <int N>
struct Twins {
  using M = Bits<N>;
  std::vector<M> of;       // per node: its class, itself included
  std::vector<M> classes;  // the classes of two nodes or more (a node alone is its own state)
  // The state equal to `used` up to swapping twins: the lowest members of each class, as many as are used.
  M canonical(const M& used) const {
    M out = used;
    for (const M& c : classes) {
      int count = (used & c).count();
      out = out.minus(c);
      c.each([&](int j) {
        if (count-- <= 0) return false;
        out = out | M::bit(j);
        return true;
      });
    }
    return out;
  }
};

template <int N>
Twins<N> twinsOf(const std::vector<Bits<N>>& adj, const std::vector<int64_t>& w) {
  using M = Bits<N>;
  const int m = int(w.size());
  Twins<N> t;
  t.of.assign(size_t(m), M{});
  std::vector<char> placed(size_t(m), 0);
  for (int i = 0; i < m; ++i) {
    if (placed[size_t(i)]) continue;
    M cls = M::bit(i);
    for (int j = i + 1; j < m; ++j)
      if (!placed[size_t(j)] && w[size_t(j)] == w[size_t(i)] &&
          adj[size_t(i)].minus(M::bit(j)) == adj[size_t(j)].minus(M::bit(i))) {
        cls = cls | M::bit(j);
        placed[size_t(j)] = 1;
      }
    cls.each([&](int j) {
      t.of[size_t(j)] = cls;
      return true;
    });
    if (!(cls == M::bit(i))) t.classes.push_back(cls);
  }
  return t;
}

// The search itself on an area of m nodes (adjacency `adj`, weights `w`): covers every weighted node by
// putting the lowest one left in each connected set (extension order, each set once, twins in index order) of
// unused nodes whose weight lies within bounds, then the rest recursively. Sets `out` when the budget runs
// out. Plain member recursion (no std::function, which allocated on every call) with each set's neighbourhood
// carried along as it grows instead of recomputed from all its members: the same sets in the same order as the
// recursion it replaced, twins aside.
template <int N>
class AreaCover {
 public:
  using M = Bits<N>;
  using Arg = std::conditional_t<N == 1, M, const M&>;  // sets of one word are passed by value
  AreaCover(const std::vector<M>& adj, const std::vector<int64_t>& w, const Config& cfg, int64_t budget,
            std::vector<M>& chosen, bool& out)
      : adj_(adj), w_(w), min_(cfg.min), max_(cfg.max), budget_(budget), chosen_(chosen), out_(out),
        twins_(twinsOf(adj, w)) {
    for (int i = 0; i < int(w.size()); ++i)
      if (w[size_t(i)] > 0) weighted_ = weighted_ | M::bit(i);
    // From `enough_` households on, every count of households is some number k of parts within the bounds:
    // from the first k whose range [k*min, k*max] meets the next one's (200..400: from 200; 20..30: from 40,
    // as 31..39 is none; 24..24: never).
    if (min_ <= 1) enough_ = 1;
    else if (max_ > min_) enough_ = std::max<int64_t>(1, (min_ - 1 + max_ - min_ - 1) / (max_ - min_)) * min_;
  }

  bool cover(Arg used) {
    const M left = weighted_.minus(used);
    if (left.empty()) return true;
    const int v = left.lowest();
    const M key = twins_.canonical(used);
    if (failed_.has(key)) return false;
    bool found = false;
    grow(used, M::bit(v), adj_[size_t(v)], M{}, w_[size_t(v)], found);
    if (!found && !out_) failed_.insert(key);
    return found;
  }

 private:
  // `near` is the union of the neighbours of the members of `set`.
  void grow(Arg used, Arg set, Arg near, Arg excluded, int64_t sw, bool& found) {
    if (found || out_) return;
    if (--budget_ < 0) {
      out_ = true;
      return;
    }
    if (sw >= min_ && sw <= max_ && leftDivisible(used | set, near) && cover(used | set)) {
      chosen_.push_back(set);
      found = true;
      return;
    }
    const M fr = near.minus(used | set | excluded);
    M ex = excluded;
    fr.each([&](int u) {
      if (ex.has(u)) return true;  // a twin of a node already tried here
      const int64_t su = sw + w_[size_t(u)];
      if (su <= max_) grow(used, set | M::bit(u), near | adj_[size_t(u)], ex, su, found);
      ex = ex | twins_.of[size_t(u)].minus(set);
      return !found && !out_;
    });
  }

  // Whether every lot of nodes left (connected, unused) that the set just chosen cut off could still be
  // parts within the bounds by its households alone: a lot of W > 0 needs some count k of parts with
  // k*min <= W <= k*max, as no part reaches across lots. Such a lot touches the set (`near`: its members'
  // neighbours, `used` with the set in it); the other lots are as the last check left them. A lot is only
  // followed until it holds `enough_` households, or until it meets the nodes followed from an earlier
  // neighbour that reached that many (the same lot). A lot that cannot rules out every way of covering the
  // rest: the search skips what would find nothing (the same answer, without spending the budget on it).
  bool leftDivisible(Arg used, Arg near) const {
    M seeds = near.minus(used);
    M big;  // nodes of lots found to hold `enough_` households or more
    while (!seeds.empty()) {
      const int s = seeds.lowest();
      M lot = M::bit(s), fresh = lot;
      int64_t W = w_[size_t(s)];
      while (!fresh.empty() && W < enough_) {
        M reach;
        fresh.each([&](int u) {
          reach = reach | adj_[size_t(u)];
          return true;
        });
        fresh = reach.minus(used).minus(lot);
        if (!(fresh & big).empty()) {  // the lot of an earlier neighbour, which holds enough
          W = enough_;
          break;
        }
        fresh.each([&](int u) {
          W += w_[size_t(u)];
          return true;
        });
        lot = lot | fresh;
      }
      if (W > 0 && W < enough_ && (W + max_ - 1) / max_ > W / min_) return false;
      if (W >= enough_) big = big | lot;
      seeds = seeds.minus(lot);
    }
    return true;
  }

  const std::vector<M>& adj_;
  const std::vector<int64_t>& w_;
  const int64_t min_, max_;
  int64_t budget_;
  std::vector<M>& chosen_;
  bool& out_;
  M weighted_;
  int64_t enough_ = INT64_MAX;
  MaskSet<N> failed_;
  Twins<N> twins_;
};

// The search on an area's sets as the memo keeps them (two words), run on one word where the area has at most
// 64 nodes.
bool coverArea(const std::vector<Mask>& adj, const std::vector<int64_t>& w, const Config& cfg, int64_t budget,
               std::vector<Mask>& chosen, bool& out) {
  if (adj.size() > 64) return AreaCover<2>(adj, w, cfg, budget, chosen, out).cover(Mask{});
  std::vector<Bits<1>> adj1(adj.size());
  for (size_t i = 0; i < adj.size(); ++i) adj1[i].w[0] = adj[i].w[0];
  std::vector<Bits<1>> chosen1;
  const bool found = AreaCover<1>(adj1, w, cfg, budget, chosen1, out).cover(Bits<1>{});
  for (const Bits<1>& c : chosen1) {
    Mask m;
    m.w[0] = c.w[0];
    chosen.push_back(m);
  }
  return found;
}

// What the search of one area found: a division (`ok`, its parts `chosen`), or none: none exists, or `out`,
// the budget ran out first.
struct Found {
  bool ok = false;
  bool out = false;
  std::vector<Mask> chosen;
};

struct NodesHash {
  size_t operator()(const std::vector<int32_t>& k) const {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (int32_t x : k) h = (h ^ uint32_t(x)) * 0x100000001b3ULL;
    return size_t(h ^ (h >> 29));
  }
};

}  // namespace
}  // namespace gp::partition::detail

namespace gp::partition {

// The answers by area: its nodes in the order the search numbers them (that order decides which division
// it finds first), for one graph, bounds and budget.
struct SearchMemo::Entries {
  const Graph* graph = nullptr;
  uint64_t fingerprint = 0;
  int32_t min = 0, max = 0;
  int64_t budget = 0;
  std::unordered_map<std::vector<int32_t>, detail::Found, detail::NodesHash> found;
};

SearchMemo::SearchMemo() = default;
SearchMemo::~SearchMemo() = default;

namespace detail {

SearchMemo::Entries* memoFor(std::unique_ptr<SearchMemo::Entries>& memo, const Graph& g, const Config& cfg) {
  uint64_t h = 0xcbf29ce484222325ULL;  // the weights and edges, so that a graph changed in place is told apart
  auto mix = [&](int32_t x) { h = (h ^ uint32_t(x)) * 0x100000001b3ULL; };
  for (int32_t x : g.weight) mix(x);
  for (int32_t x : g.xadj) mix(x);
  for (int32_t x : g.adjncy) mix(x);
  if (!memo || memo->graph != &g || memo->fingerprint != h || memo->min != cfg.min || memo->max != cfg.max ||
      memo->budget != cfg.exact_budget) {
    memo = std::make_unique<SearchMemo::Entries>();
    memo->graph = &g;
    memo->fingerprint = h;
    memo->min = cfg.min;
    memo->max = cfg.max;
    memo->budget = cfg.exact_budget;
  }
  return memo.get();
}

void Partitioner::exactSmall() {
  std::vector<int32_t> local(size_t(n_), -1), nodes;
  std::vector<char> done(size_t(n_), 0);
  bool changed = false;
  for (int32_t s0 = 0; s0 < n_; ++s0) {
    if (done[s0] || parts_[part_[s0]].kind != Kind::Free) continue;
    nodes.assign(1, s0);
    done[s0] = 1;
    bool bad = false;
    breadthFirst(
        g_, nodes,
        [&](int32_t u) {
          if (done[u] || parts_[part_[u]].kind != Kind::Free) return false;
          done[u] = 1;
          return true;
        },
        [&](int32_t v) {
          bad |= viol(parts_[part_[v]].w) > 0;
          return true;
        });
    if (!bad || nodes.size() > 128) continue;
    if (solveExactly(nodes, local)) changed = true;
  }
  if (changed) refine(std::max(1, cfg_.refine_passes / 2));
}

bool Partitioner::solveExactly(const std::vector<int32_t>& nodes, std::vector<int32_t>& local) {
  // Pieces that cannot be grouped into sums within bounds at all (all of 8 households with units of 20..30
  // allow only 24s, so 272 households leave one over) have no division whatever their places: the search
  // would take its whole budget to find none. The reason says so either way (Reasons.cpp, unpackable, on
  // the same area).
  {
    std::vector<std::pair<int32_t, int32_t>> wc;  // (weight, count), heaviest first, as unpackable builds it
    for (int32_t v : nodes) {
      if (wt(v) <= 0) continue;
      auto it = std::find_if(wc.begin(), wc.end(), [&](auto& x) { return x.first == wt(v); });
      if (it == wc.end()) wc.push_back({wt(v), 1});
      else ++it->second;
    }
    bool small = !wc.empty() && wc.size() <= 8;
    for (auto& x : wc) small = small && x.second <= 255;
    if (small) {
      std::sort(wc.begin(), wc.end(), [](auto& a, auto& b) { return a.first > b.first; });
      bool exhausted = false;
      if (!groupable(wc, cfg_, exhausted) && !exhausted) {
        for (int32_t v : nodes) parts_[part_[v]].no_division = true;
        return false;
      }
    }
  }
  const int m = int(nodes.size());
  for (int i = 0; i < m; ++i) local[nodes[size_t(i)]] = i;
  std::vector<Mask> adj(static_cast<size_t>(m));
  std::vector<int64_t> w(static_cast<size_t>(m));
  for (int i = 0; i < m; ++i) {
    const int32_t v = nodes[size_t(i)];
    w[size_t(i)] = wt(v);
    for (int32_t e = g_.xadj[v]; e < g_.xadj[v + 1]; ++e) {
      const int32_t u = g_.adjncy[e];
      if (u != v && local[u] >= 0 && parts_[part_[u]].kind == Kind::Free) adj[size_t(i)] = adj[size_t(i)] | Mask::bit(local[u]);
    }
  }
  std::vector<Mask> chosen;  // the parts of the solution
  bool out = false, ok = false;
  const Found* known = nullptr;
  if (memo_) {
    const auto it = memo_->found.find(nodes);
    if (it != memo_->found.end()) known = &it->second;
  }
  if (known) {
    chosen = known->chosen;
    out = known->out;
    ok = known->ok;
  } else {
    // 200,000 steps by default: about 20 ms at worst.
    ok = coverArea(adj, w, cfg_, cfg_.exact_budget, chosen, out) && !out && !chosen.empty();
    if (memo_) memo_->found.emplace(nodes, Found{ok, out, chosen});
  }
  for (int32_t v : nodes) local[v] = -1;
  if (!ok) {
    if (!out)  // searched to the end: no division exists, whatever the algorithm
      for (int32_t v : nodes) parts_[part_[v]].no_division = true;
    return false;
  }
  // Old part ids of the area are reused, then new ones made; nodes of weight 0 left over join a
  // neighbouring part (each joins one it touches, so every part stays connected).
  std::vector<int32_t> ids;
  for (int32_t v : nodes)
    if (std::find(ids.begin(), ids.end(), part_[v]) == ids.end()) ids.push_back(part_[v]);
  std::sort(ids.begin(), ids.end());
  const PartRec proto = parts_[ids[0]];
  for (int32_t p : ids) {
    parts_[p].w = 0;
    parts_[p].nodes = 0;
  }
  std::vector<int32_t> target(static_cast<size_t>(m), -1);
  for (size_t k = 0; k < chosen.size(); ++k) {
    int32_t p;
    if (k < ids.size()) p = ids[k];
    else {
      parts_.push_back(proto);
      p = int32_t(parts_.size()) - 1;
      parts_[p].w = 0;
      parts_[p].nodes = 0;
    }
    chosen[k].each([&](int i) {
      target[size_t(i)] = p;
      return true;
    });
  }
  for (bool progress = true; progress;) {
    progress = false;
    for (int i = 0; i < m; ++i) {
      if (target[size_t(i)] >= 0) continue;
      adj[size_t(i)].each([&](int u) {
        if (target[size_t(u)] < 0) return true;
        target[size_t(i)] = target[size_t(u)];
        progress = true;
        return false;
      });
    }
  }
  for (int i = 0; i < m; ++i) {
    const int32_t v = nodes[size_t(i)];
    part_[v] = target[size_t(i)];
    parts_[target[size_t(i)]].w += wt(v);
    parts_[target[size_t(i)]].nodes += 1;
  }
  return true;
}

}  // namespace detail
}  // namespace gp::partition
