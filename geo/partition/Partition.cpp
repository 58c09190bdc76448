#include "geo/partition/Partition.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <queue>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

// How it works (why, in short):
//  0. Compounds that fit in a part (a connected run of one group's free nodes, at most max households)
//     are first contracted to one node each, so steps 1-4 run on that smaller graph and cannot split
//     them; the result is then expanded, and repair (3) and local search (4) run again on the full
//     graph, where a compound is split only when the bounds need it or the cut gets much cheaper.
//  1. Fixed labels become their parts untouched; free nodes above max become parts alone; what is left
//     falls into connected components, each split on its own (parts may never span components).
//  2. A component of weight W gets k parts and is split by recursive bisection. Each cut grows one side
//     from a west/north corner along the graph (so that side is connected by construction), with a
//     priority that finishes a compound and a barrier-bounded block before it leaves them, and stops at
//     the prefix whose cut is cheapest among those whose weight leaves both sides feasible for their
//     part counts (k1*min <= w <= k1*max and likewise for the rest). Pockets of the other side cut off
//     by the growth are taken into the grown side, and boundary nodes are handed back while the weight
//     is too high, each hand-over checked not to disconnect anything. So both sides stay connected and,
//     when piece weights are fine enough, within their windows: every leaf lands within [min, max].
//     Upper cuts keep each side's average per part near the parent's (never drifting to a bound over
//     many levels, which would leave lower cuts no room); a heavy piece that would jump over the whole
//     window waits until nothing else is left; and when a cut still misses, each side's part count is
//     re-chosen from its actual weight (any choice feasible for both sides keeps the total feasible).
//  3. Parts still out of bounds (coarse pieces, awkward shapes) are repaired, each attempt undone
//     unless it lowers the total violation: chains of single-node moves along paths of adjacent parts
//     towards one with room (or to spare); an under part whose neighbours cannot spare anything is
//     dissolved into those with room (its area had one part too many); finally a violating part is
//     bisected again together with one or two neighbours, which searches far more combinations of
//     pieces than single moves (units of 20..30 made of pieces of 2..12 need that).
//  4. Local search moves boundary nodes to the neighbouring part where the cut gets cheaper (shared
//     length, barrier edges inside parts, compounds split) and weights get nearer target, only when both
//     parts stay within bounds and the losing part stays connected.
//  5. An area (component of free parts) of at most 128 nodes that still has a part out of bounds is
//     searched exhaustively, within a step budget, for any division into connected parts within bounds;
//     if one exists it replaces the area's parts (then polished by 4), else the reason says none exists.
// Connectivity of a part losing node v is checked by a breadth-first search from one of v's neighbours
// in the part that must reach the others within a small budget; when the budget runs out the move is
// refused, which can only cost quality, never correctness.

namespace gp::partition {
namespace {

enum class Kind { Free, Fixed, Over, Under, Zero };

struct PartRec {
  int64_t w = 0;
  int32_t nodes = 0;
  Kind kind = Kind::Free;
  bool frozen = false;      // no node moves in or out (fixed and oversized parts)
  int32_t fixed_label = -1;
  int32_t node = -1;        // Over: the piece above max
  int64_t extra = 0;        // Over: households of cut-off pieces that joined it
  int64_t comp_w = 0;       // Free: households of the component it was split from
  int32_t comp_k = 0;
  bool comp_feasible = true;
  bool isolated = false;    // Under/Zero: no neighbour at all
  bool whole = false;       // Under: the component is everything there was to split
  bool no_division = false; // Free: exhaustive search found no division of its area within bounds
};

uint64_t splitmix(uint64_t& s) {
  uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::string num(int64_t v) { return std::to_string(v); }

// A set of up to 128 node positions (the exhaustive search on small areas).
struct Mask {
  uint64_t w[2] = {0, 0};
  static Mask bit(int i) {
    Mask m;
    m.w[i >> 6] = uint64_t(1) << (i & 63);
    return m;
  }
  bool has(int i) const { return (w[i >> 6] >> (i & 63)) & 1; }
  bool empty() const { return (w[0] | w[1]) == 0; }
  Mask operator|(const Mask& o) const { return {{w[0] | o.w[0], w[1] | o.w[1]}}; }
  Mask minus(const Mask& o) const { return {{w[0] & ~o.w[0], w[1] & ~o.w[1]}}; }
  bool operator==(const Mask& o) const { return w[0] == o.w[0] && w[1] == o.w[1]; }
  template <class F>
  void each(F f) const {  // calls f(i) for every member, lowest first; stops when f returns false
    for (int k = 0; k < 2; ++k)
      for (uint64_t b = w[k]; b; b &= b - 1)
        if (!f(k * 64 + __builtin_ctzll(b))) return;
  }
};
struct MaskHash {
  size_t operator()(const Mask& m) const { return size_t(m.w[0] * 0x9E3779B97F4A7C15ULL ^ (m.w[1] + 0x632BE59BD9B4E019ULL)); }
};

class Partitioner {
 public:
  Partitioner(const Graph& g, const Config& cfg) : g_(g), cfg_(cfg), n_(g.size()) {}

  Result run() {
    if (n_ == 0 && g_.xadj.size() <= 1 && g_.adjncy.empty()) return {};
    validate();
    setup();
    core();
    exactSmall();
    return finish();
  }

  void validateOnly() const { validate(); }
  void prepare() {
    validate();
    setup();
  }

  // The whole partition on this graph, without the final statuses.
  void core() {
    makeFixedParts();
    makeOverParts();
    splitComponents();
    attachZeroComponents();
    refine(std::max(1, cfg_.refine_passes / 2));
    repair();
    refine(std::max(1, cfg_.refine_passes - cfg_.refine_passes / 2));
    repair();
  }

  // Takes the parts of `coarse`, a partitioner run on a contraction of this graph (super[v] = the
  // coarse node holding v, rep[c] = one original node of coarse node c), then repairs and refines them
  // here, where single pieces can move again.
  Result polish(const Partitioner& coarse, const std::vector<int32_t>& super, const std::vector<int32_t>& rep) {
    validate();
    setup();
    parts_ = coarse.parts_;
    for (PartRec& r : parts_) {
      r.w = 0;
      r.nodes = 0;
      if (r.node >= 0) r.node = rep[size_t(r.node)];
    }
    for (int32_t v = 0; v < n_; ++v) assign(v, coarse.part_[size_t(super[size_t(v)])]);
    repair();
    refine(std::max(1, cfg_.refine_passes / 2));
    repair();
    exactSmall();
    return finish();
  }

 private:
  const Graph& g_;
  Config cfg_;
  int32_t n_;
  std::vector<int32_t> part_;
  std::vector<PartRec> parts_;
  double bpen_ = 0, gpen_ = 0, beta_ = 0;
  std::vector<int32_t> freeComps_;  // component id per free node (-1 otherwise)

  // Scratch, reused with stamps so each use costs only what it touches.
  std::vector<uint32_t> inS_, inA_, seen_, bfs_, tgt_, tierStamp_;
  std::vector<uint8_t> tier_;
  uint32_t sStamp_ = 0, aStamp_ = 0, seenStamp_ = 0, bfsStamp_ = 0, tgtStamp_ = 0, tierClock_ = 0;
  std::vector<int32_t> queue_;

  int32_t wt(int32_t v) const { return g_.weight[v]; }
  double px(int32_t v) const { return g_.x.empty() ? double(v) : g_.x[v]; }
  double py(int32_t v) const { return g_.y.empty() ? 0.0 : g_.y[v]; }
  bool isFixed(int32_t v) const { return !g_.fixed.empty() && g_.fixed[v] >= 0; }
  int32_t grp(int32_t v) const { return g_.group.empty() ? -1 : g_.group[v]; }
  bool barrierEdge(int64_t e) const { return !g_.barrier.empty() && g_.barrier[e]; }
  double len(int64_t e) const { return g_.shared.empty() ? 1.0 : std::max(0.0f, g_.shared[e]); }
  // What it costs to have edge e (v-u) on a part boundary rather than inside a part.
  double cutCost(int64_t e, int32_t v, int32_t u) const {
    double c = len(e);
    if (grp(v) >= 0 && grp(v) == grp(u)) c += gpen_;
    if (barrierEdge(e)) c -= bpen_;
    return c;
  }
  int64_t viol(int64_t w) const {
    if (w > cfg_.max) return w - cfg_.max;
    if (w < cfg_.min) return cfg_.min - w;
    return 0;
  }

  void validate() const {
    const size_t n = g_.weight.size();
    auto bad = [](const std::string& m) { throw std::invalid_argument("partition: " + m); };
    if (g_.xadj.size() != n + 1) bad("xadj must have n + 1 entries");
    if (g_.xadj[0] != 0 || size_t(g_.xadj[n]) != g_.adjncy.size()) bad("xadj must run from 0 to adjncy.size()");
    for (size_t v = 0; v < n; ++v)
      if (g_.xadj[v] > g_.xadj[v + 1]) bad("xadj must not decrease");
    for (int32_t u : g_.adjncy)
      if (u < 0 || size_t(u) >= n) bad("adjncy holds a node id out of range");
    if (!g_.barrier.empty() && g_.barrier.size() != g_.adjncy.size()) bad("barrier must be empty or one per adjncy entry");
    if (!g_.shared.empty() && g_.shared.size() != g_.adjncy.size()) bad("shared must be empty or one per adjncy entry");
    if (!g_.x.empty() && (g_.x.size() != n || g_.y.size() != n)) bad("x and y must be empty or one per node");
    if (!g_.group.empty() && g_.group.size() != n) bad("group must be empty or one per node");
    if (!g_.fixed.empty() && g_.fixed.size() != n) bad("fixed must be empty or one per node");
    for (int32_t w : g_.weight)
      if (w < 0) bad("node weights must not be negative");
    if (cfg_.max < 1 || cfg_.min < 0 || cfg_.max < cfg_.min) bad("bounds must satisfy 0 <= min <= max and max >= 1");
  }

  void setup() {
    cfg_.target = std::clamp(cfg_.target, cfg_.min, cfg_.max);
    part_.assign(n_, -1);
    inS_.assign(n_, 0);
    inA_.assign(n_, 0);
    seen_.assign(n_, 0);
    bfs_.assign(n_, 0);
    tgt_.assign(n_, 0);
    tierStamp_.assign(n_, 0);
    tier_.assign(n_, 0);
    freeComps_.assign(n_, -1);
    double total = 0;
    for (size_t e = 0; e < g_.adjncy.size(); ++e) total += len(int64_t(e));
    const double L = g_.adjncy.empty() ? 1.0 : std::max(1e-6, total / double(g_.adjncy.size()));
    bpen_ = std::max(0.0, cfg_.barrier_penalty);
    gpen_ = std::max(0.0, cfg_.group_weight) * std::max(1.5 * bpen_, 20.0 * L);
    // A part 10% off target costs about six typical boundary edges: balance is the last of the goals.
    beta_ = 60.0 * L / std::max(1, cfg_.target);
  }

  int32_t newPart(Kind k) {
    PartRec r;
    r.kind = k;
    r.frozen = (k == Kind::Fixed || k == Kind::Over);
    parts_.push_back(r);
    return int32_t(parts_.size()) - 1;
  }
  void assign(int32_t v, int32_t p) {
    part_[v] = p;
    parts_[p].w += wt(v);
    parts_[p].nodes += 1;
  }
  void move(int32_t v, int32_t to) {
    const int32_t from = part_[v];
    parts_[from].w -= wt(v);
    parts_[from].nodes -= 1;
    assign(v, to);
  }

  // True when taking v out of the set {u : member(u)} leaves v's neighbours in the set connected to
  // each other, found by a search within `budget` nodes (false when the budget runs out).
  template <class Member>
  bool staysConnected(int32_t v, Member member, size_t budget = 256) {
    ++tgtStamp_;
    int32_t targets = 0, first = -1;
    for (int32_t e = g_.xadj[v]; e < g_.xadj[v + 1]; ++e) {
      const int32_t u = g_.adjncy[e];
      if (u == v || !member(u) || tgt_[u] == tgtStamp_) continue;
      tgt_[u] = tgtStamp_;
      if (first < 0) first = u;
      ++targets;
    }
    if (targets <= 1) return true;
    ++bfsStamp_;
    bfs_[v] = bfsStamp_;
    bfs_[first] = bfsStamp_;
    queue_.clear();
    queue_.push_back(first);
    int32_t found = 1;
    for (size_t head = 0; head < queue_.size(); ++head) {
      const int32_t x = queue_[head];
      for (int32_t e = g_.xadj[x]; e < g_.xadj[x + 1]; ++e) {
        const int32_t y = g_.adjncy[e];
        if (bfs_[y] == bfsStamp_ || !member(y)) continue;
        bfs_[y] = bfsStamp_;
        if (tgt_[y] == tgtStamp_ && ++found == targets) return true;
        queue_.push_back(y);
      }
      if (queue_.size() > budget) return false;
    }
    return false;
  }

  // ---- 1. fixed labels and oversized pieces -------------------------------------------------------

  void makeFixedParts() {
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

  void makeOverParts() {
    for (int32_t v = 0; v < n_; ++v)
      if (part_[v] < 0 && wt(v) > cfg_.max) {
        const int32_t p = newPart(Kind::Over);
        parts_[p].node = v;
        assign(v, p);
      }
  }

  // ---- 2. components and recursive bisection ------------------------------------------------------

  void splitComponents() {
    // Components of the free nodes, in order of their lowest node id.
    std::vector<std::vector<int32_t>> zero;
    std::vector<int32_t> comp;
    int32_t compCount = 0;
    int64_t total = 0;
    for (int32_t v = 0; v < n_; ++v) total += wt(v);
    std::vector<std::pair<std::vector<int32_t>, int64_t>> comps;
    for (int32_t s = 0; s < n_; ++s) {
      if (part_[s] >= 0 || freeComps_[s] >= 0) continue;
      comp.clear();
      comp.push_back(s);
      freeComps_[s] = compCount;
      int64_t W = 0;
      for (size_t h = 0; h < comp.size(); ++h) {
        const int32_t v = comp[h];
        W += wt(v);
        for (int32_t e = g_.xadj[v]; e < g_.xadj[v + 1]; ++e) {
          const int32_t u = g_.adjncy[e];
          if (part_[u] < 0 && freeComps_[u] < 0) {
            freeComps_[u] = compCount;
            comp.push_back(u);
          }
        }
      }
      ++compCount;
      comps.emplace_back(comp, W);
    }
    for (auto& [nodes, W] : comps) {
      if (W == 0) {
        zero.push_back(std::move(nodes));
        continue;
      }
      if (W < cfg_.min) {
        smallComponent(nodes, W, W == total);
        continue;
      }
      int64_t kmin = (W + cfg_.max - 1) / cfg_.max, kmax = cfg_.min > 0 ? W / cfg_.min : kmin + W;
      int64_t k;
      bool feasible = kmin <= kmax;
      if (feasible) {
        k = std::llround(double(W) / cfg_.target);
        k = std::clamp(k, kmin, kmax);
      } else {
        // No count fits (e.g. 35 households with bounds 20..30): take the count with less violation.
        const int64_t v1 = W - kmax * cfg_.max, v2 = kmin * cfg_.min - W;
        k = (v1 < v2 || (v1 == v2 && std::abs(double(W) / cfg_.target - double(kmax)) <=
                                         std::abs(double(W) / cfg_.target - double(kmin))))
                ? kmax
                : kmin;
        k = std::max<int64_t>(k, 1);
      }
      const int32_t firstPart = int32_t(parts_.size());
      bisect(nodes, W, int32_t(k));
      for (size_t p = size_t(firstPart); p < parts_.size(); ++p) {
        parts_[p].comp_w = W;
        parts_[p].comp_k = int32_t(k);
        parts_[p].comp_feasible = feasible;
      }
    }
    zero_ = std::move(zero);
  }
  std::vector<std::vector<int32_t>> zero_;

  // A free component lighter than min: it joins an oversized piece it touches (one violation instead of
  // two), else it is one `under` part.
  void smallComponent(const std::vector<int32_t>& nodes, int64_t W, bool whole) {
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

  void bisect(std::vector<int32_t>& S, int64_t W, int32_t k) {
    if (k <= 1 || S.size() <= 1) {
      const int32_t p = newPart(Kind::Free);
      for (int32_t v : S) assign(v, p);
      return;
    }
    const int32_t k1 = k / 2, k2 = k - k1;
    int64_t lo = std::max<int64_t>(int64_t(k1) * cfg_.min, W - int64_t(k2) * cfg_.max);
    int64_t hi = std::min<int64_t>(int64_t(k1) * cfg_.max, W - int64_t(k2) * cfg_.min);
    int64_t tgt = std::llround(double(W) * k1 / k);
    if (lo > hi) lo = hi = tgt;  // a component no count fits: split in proportion
    tgt = std::clamp(tgt, lo, hi);
    const int32_t kmin12 = std::min(k1, k2);
    // A side that will be split again keeps its average per part near this one's, within 30% of the
    // distance to the nearer bound: averages cannot drift to a bound over many levels, which would
    // leave the lower cuts no room.
    int64_t elo = lo, ehi = hi;
    {
      const double a = double(W) / k, d = 0.3 * std::max(0.0, std::min(a - cfg_.min, cfg_.max - a));
      if (k1 >= 2) {
        elo = std::max<int64_t>(elo, int64_t(std::ceil(k1 * (a - d))));
        ehi = std::min<int64_t>(ehi, int64_t(std::floor(k1 * (a + d))));
      }
      if (k2 >= 2) {
        elo = std::max<int64_t>(elo, W - int64_t(std::floor(k2 * (a + d))));
        ehi = std::min<int64_t>(ehi, W - int64_t(std::ceil(k2 * (a - d))));
      }
    }

    double minx = 1e300, maxx = -1e300, miny = 1e300, maxy = -1e300;
    ++sStamp_;
    for (int32_t v : S) {
      inS_[v] = sStamp_;
      minx = std::min(minx, px(v));
      maxx = std::max(maxx, px(v));
      miny = std::min(miny, py(v));
      maxy = std::max(maxy, py(v));
    }
    // Sweep along the longer side, from the west or from the north.
    const bool alongX = (maxx - minx) >= (maxy - miny);
    auto key = [&](int32_t v) { return alongX ? px(v) : -py(v); };
    int32_t seed = S[0];
    for (int32_t v : S)
      if (key(v) < key(seed) || (key(v) == key(seed) && v < seed)) seed = v;

    // Grow side A from the seed. Tiers: 0 stays inside the block and compound, 1 crosses a barrier,
    // 2 leaves or enters a compound, 3 both.
    struct Item {
      uint8_t tier;
      double key;
      int32_t v;
      bool operator>(const Item& o) const {
        if (tier != o.tier) return tier > o.tier;
        if (key != o.key) return key > o.key;
        return v > o.v;
      }
    };
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> pq;
    ++aStamp_;
    ++tierClock_;
    std::vector<int32_t> order;
    std::vector<int64_t> prefW;
    std::vector<double> prefCut;
    const size_t expect = size_t(double(S.size()) * double(hi) / double(std::max<int64_t>(W, 1)) * 1.1) + 16;
    order.reserve(expect);
    prefW.reserve(expect);
    prefCut.reserve(expect);
    auto tierOf = [&](int32_t v) -> uint8_t { return tierStamp_[v] == tierClock_ ? tier_[v] : 255; };
    tierStamp_[seed] = tierClock_;
    tier_[seed] = 0;
    pq.push({0, key(seed), seed});
    int64_t w = 0;
    double cut = 0;
    // Heavy pieces that would jump over the whole window wait here, for when nothing else is left.
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> deferred;
    while (true) {
      Item it;
      bool forced = false;
      if (!pq.empty()) {
        it = pq.top();
        pq.pop();
      } else if (!deferred.empty()) {
        it = deferred.top();
        deferred.pop();
        forced = true;
      } else {
        break;
      }
      const int32_t u = it.v;
      if (inA_[u] == aStamp_ || (!forced && it.tier != tierOf(u))) continue;
      if (!forced && !order.empty() && w < lo && w + wt(u) > hi) {
        deferred.push(it);
        continue;
      }
      inA_[u] = aStamp_;
      order.push_back(u);
      w += wt(u);
      for (int32_t e = g_.xadj[u]; e < g_.xadj[u + 1]; ++e) {
        const int32_t z = g_.adjncy[e];
        if (inS_[z] != sStamp_ || z == u) continue;
        const double c = cutCost(e, u, z);
        if (inA_[z] == aStamp_) {
          cut -= c;
        } else {
          cut += c;
          const bool gchange = !g_.group.empty() && grp(z) != grp(u);
          const uint8_t t = uint8_t((gchange ? 2 : 0) + (barrierEdge(e) ? 1 : 0));
          if (t < tierOf(z)) {
            tierStamp_[z] = tierClock_;
            tier_[z] = t;
            pq.push({t, key(z), z});
          }
        }
      }
      prefW.push_back(w);
      prefCut.push_back(cut);
      if (w > hi) break;
    }

    // The prefix to keep: cheapest cut among those in the window (the narrower one if any fits),
    // else the one nearest the window.
    auto pick = [&](int64_t a, int64_t b) -> int64_t {
      int64_t best = -1;
      double bestScore = 0;
      for (size_t i = 0; i < order.size(); ++i) {
        if (prefW[i] < a || prefW[i] > b) continue;
        if (size_t(i + 1) >= S.size()) continue;
        const double s = prefCut[i] + beta_ * double(std::llabs(prefW[i] - tgt)) / kmin12;
        if (best < 0 || s < bestScore) {
          best = int64_t(i);
          bestScore = s;
        }
      }
      return best;
    };
    int64_t cutAt = pick(elo, ehi);
    if (cutAt < 0) cutAt = pick(lo, hi);
    if (cutAt < 0) {
      int64_t bestD = std::numeric_limits<int64_t>::max();
      for (size_t i = 0; i < order.size(); ++i) {
        if (i + 1 >= S.size()) break;
        const int64_t d = prefW[i] < lo ? lo - prefW[i] : (prefW[i] > hi ? prefW[i] - hi : 0);
        if (d < bestD) {
          bestD = d;
          cutAt = int64_t(i);
        }
      }
      if (cutAt < 0) cutAt = 0;
    }
    for (size_t i = size_t(cutAt) + 1; i < order.size(); ++i) inA_[order[i]] = 0;
    order.resize(size_t(cutAt) + 1);
    int64_t wA = prefW[size_t(cutAt)];

    // Pockets of B cut off from its main body join A, so B stays connected.
    ++seenStamp_;
    std::vector<std::pair<int64_t, std::vector<int32_t>>> comps;
    for (int32_t s : S) {
      if (inA_[s] == aStamp_ || seen_[s] == seenStamp_) continue;
      std::vector<int32_t> c{s};
      seen_[s] = seenStamp_;
      int64_t cw = 0;
      for (size_t h = 0; h < c.size(); ++h) {
        const int32_t v = c[h];
        cw += wt(v);
        for (int32_t e = g_.xadj[v]; e < g_.xadj[v + 1]; ++e) {
          const int32_t z = g_.adjncy[e];
          if (inS_[z] != sStamp_ || inA_[z] == aStamp_ || seen_[z] == seenStamp_) continue;
          seen_[z] = seenStamp_;
          c.push_back(z);
        }
      }
      comps.emplace_back(cw, std::move(c));
    }
    if (comps.size() > 1) {
      size_t main = 0;
      for (size_t i = 1; i < comps.size(); ++i)
        if (comps[i].first > comps[main].first ||
            (comps[i].first == comps[main].first && comps[i].second.size() > comps[main].second.size()))
          main = i;
      for (size_t i = 0; i < comps.size(); ++i) {
        if (i == main) continue;
        for (int32_t v : comps[i].second) {
          inA_[v] = aStamp_;
          order.push_back(v);
        }
        wA += comps[i].first;
      }
    }
    // Hand boundary nodes across while A is outside its window, never disconnecting either side.
    auto inA = [&](int32_t v) { return inS_[v] == sStamp_ && inA_[v] == aStamp_; };
    auto inB = [&](int32_t v) { return inS_[v] == sStamp_ && inA_[v] != aStamp_; };
    size_t countA = order.size(), countB = S.size() - order.size();
    for (int guard = 0; guard < 64 && (wA > hi || wA < lo); ++guard) {
      bool moved = false;
      if (wA > hi) {
        for (size_t i = order.size(); i-- > 0 && wA > hi;) {
          const int32_t v = order[i];
          if (!inA(v) || wt(v) == 0 || wA - wt(v) < lo || countA <= 1) continue;
          bool touchesB = false;
          for (int32_t e = g_.xadj[v]; e < g_.xadj[v + 1] && !touchesB; ++e) touchesB = inB(g_.adjncy[e]);
          if (!touchesB || !staysConnected(v, inA)) continue;
          inA_[v] = 0;
          wA -= wt(v);
          --countA;
          ++countB;
          moved = true;
        }
      } else {
        std::vector<int32_t> cand;
        for (int32_t v : order)
          if (inA(v))
            for (int32_t e = g_.xadj[v]; e < g_.xadj[v + 1]; ++e) {
              const int32_t z = g_.adjncy[e];
              if (inB(z) && wt(z) > 0) cand.push_back(z);
            }
        std::sort(cand.begin(), cand.end(), [&](int32_t a, int32_t b) {
          return key(a) != key(b) ? key(a) < key(b) : a < b;
        });
        cand.erase(std::unique(cand.begin(), cand.end()), cand.end());
        for (int32_t z : cand) {
          if (wA >= lo) break;
          if (!inB(z) || wA + wt(z) > hi || countB <= 1 || !staysConnected(z, inB)) continue;
          inA_[z] = aStamp_;
          order.push_back(z);
          wA += wt(z);
          ++countA;
          --countB;
          moved = true;
        }
      }
      if (!moved) break;
    }

    std::vector<int32_t> SA, SB;
    SA.reserve(order.size());
    SB.reserve(S.size() - std::min(S.size(), order.size()));
    for (int32_t v : S) (inA_[v] == aStamp_ ? SA : SB).push_back(v);
    if (SA.empty() || SB.empty()) {  // cannot happen for S.size() > 1; kept as a safe fallback
      const int32_t p = newPart(Kind::Free);
      for (int32_t v : S) assign(v, p);
      return;
    }
    std::vector<int32_t>().swap(S);
    const int64_t WA = wA, WB = W - wA;
    // The sides' part counts follow their actual weights: pockets or coarse pieces may have moved the
    // cut off its window, and another split of k often still leaves both sides feasible.
    int32_t kA = k1, kB = k2;
    auto fits = [&](int64_t w, int64_t kk) { return kk * cfg_.min <= w && w <= kk * cfg_.max; };
    if (!fits(WA, kA) || !fits(WB, kB)) {
      // Each side's own feasible range; any choice inside both keeps the component's count within
      // [ceil(W/max), floor(W/min)], so the total may differ from k by a part.
      const double a = double(W) / k;
      auto choose = [&](int64_t w, int32_t fallback) -> int32_t {
        const int64_t kmn = std::max<int64_t>(1, (w + cfg_.max - 1) / cfg_.max);
        const int64_t kmx = cfg_.min > 0 ? w / cfg_.min : kmn;
        if (kmn > kmx) return fallback;
        return int32_t(std::clamp<int64_t>(std::llround(double(w) / a), kmn, kmx));
      };
      const int32_t cA = choose(WA, -1), cB = choose(WB, -1);
      if (cA > 0 && cB > 0) {
        kA = cA;
        kB = cB;
      }
    }
    bisect(SA, WA, kA);
    bisect(SB, WB, kB);
  }

  // Components of weight 0 (non-residential pieces only) go with the neighbouring part they share
  // the longest boundary with, a free part before an oversized one before a kept one.
  void attachZeroComponents() {
    for (auto& nodes : zero_) {
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
    zero_.clear();
  }

  // ---- 3. repair: chains of moves towards a part with room ---------------------------------------

  std::vector<std::vector<int32_t>> lists_;
  void buildLists() {
    lists_.assign(parts_.size(), {});
    for (int32_t v = 0; v < n_; ++v)
      if (!parts_[part_[v]].frozen) lists_[part_[v]].push_back(v);
  }
  std::vector<int32_t> neighbourParts(int32_t p) {
    std::vector<int32_t> out;
    for (int32_t v : lists_[p]) {
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
  int32_t findMover(int32_t from, int32_t to, int64_t wlo, int64_t whi, int64_t want) {
    int32_t best = -1;
    int64_t bestD = 0;
    double bestGain = 0;
    if (parts_[from].nodes <= 1) return -1;
    for (int32_t v : lists_[from]) {
      if (part_[v] != from || isFixed(v) || wt(v) < wlo || wt(v) > whi) continue;
      double gain = 0;
      bool touches = false;
      for (int32_t e = g_.xadj[v]; e < g_.xadj[v + 1]; ++e) {
        const int32_t u = g_.adjncy[e];
        if (u == v) continue;
        if (part_[u] == to) {
          touches = true;
          gain += cutCost(e, v, u);
        } else if (part_[u] == from) {
          gain -= cutCost(e, v, u);
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

  void repair() {
    for (int round = 0; round < 8; ++round) {
      buildLists();
      bool any = false, improved = false;
      for (int32_t p = 0; p < int32_t(parts_.size()); ++p) {
        if (parts_[p].frozen || parts_[p].kind != Kind::Free || viol(parts_[p].w) == 0) continue;
        any = true;
        if (repairPart(p) || (parts_[p].w < cfg_.min && dissolve(p)) || resplitWithNeighbour(p)) improved = true;
      }
      if (!any || !improved) break;
    }
  }

  bool repairPart(int32_t P) {
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

  // An under part among neighbours that cannot spare anything means its area has one part too many:
  // its nodes go to the neighbours with room, lightest first, each to a part it touches (so every
  // receiver stays connected). Undone unless the part empties completely.
  bool dissolve(int32_t P) {
    std::vector<std::pair<int32_t, int32_t>> done;
    bool progress = true;
    while (parts_[P].nodes > 0 && progress) {
      progress = false;
      for (int32_t v : lists_[P]) {
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
    if (parts_[P].nodes == 0) {
      for (auto [v, from] : done) lists_[part_[v]].push_back(v);
      return true;
    }
    for (size_t i = done.size(); i-- > 0;) move(done[i].first, done[i].second);
    return false;
  }

  // Re-splits P together with one, two or three neighbouring parts: the bisection of their union searches many
  // more combinations of pieces than single moves do (it has to, for units of 20..30 made of pieces
  // of 2..12). Neighbours are tried the lightest first for an over P, the heaviest first for an under P.
  bool resplitWithNeighbour(int32_t P) {
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
  bool resplit(const std::vector<int32_t>& ps) {
    std::vector<int32_t> nodes;
    int64_t W = 0;
    int32_t count = 0;
    ++tgtStamp_;
    for (int32_t p : ps) {
      W += parts_[p].w;
      count += parts_[p].nodes;
      for (int32_t v : lists_[p])
        if (part_[v] == p && tgt_[v] != tgtStamp_) {
          tgt_[v] = tgtStamp_;
          nodes.push_back(v);
        }
    }
    if (int32_t(nodes.size()) != count) return false;  // stale lists
    const int32_t m = int32_t(ps.size());
    // As many parts again, else one fewer (an area with a part too many) or one more (too few), each
    // tried in turn: any count whose parts all meet the bounds keeps the component's count feasible.
    const bool over = parts_[ps[0]].w > cfg_.max;
    std::vector<PartRec> rec;
    for (int32_t p : ps) rec.push_back(parts_[p]);
    std::vector<int32_t> old(nodes.size());
    for (size_t i = 0; i < nodes.size(); ++i) old[i] = part_[nodes[i]];
    for (int32_t k : {m, over ? m + 1 : m - 1, over ? m - 1 : m + 1}) {
      if (k < 1 || int64_t(k) * cfg_.min > W || W > int64_t(k) * cfg_.max) continue;
      for (int32_t v : nodes) part_[v] = -1;
      const size_t base = parts_.size();
      std::vector<int32_t> S = nodes;
      bisect(S, W, k);
      const size_t made = parts_.size() - base;
      bool ok = made <= size_t(m) + 1;
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
        lists_.resize(parts_.size());
        for (int32_t v : nodes) lists_[part_[v]].push_back(v);
        return true;
      }
      parts_.resize(base);
      for (size_t i = 0; i < nodes.size(); ++i) part_[nodes[i]] = old[i];
      for (int32_t i = 0; i < m; ++i) parts_[ps[size_t(i)]] = rec[size_t(i)];
    }
    return false;
  }

  // Moves one node per hop along `path` (P first): for an over P from the far end backwards, each
  // part passing a node on before receiving one; for an under P from P outwards, each part pulling
  // one. Kept only when the total violation along the path drops; otherwise undone.
  bool chain(const std::vector<int32_t>& path, bool over) {
    int64_t before = 0;
    for (int32_t q : path) before += viol(parts_[q].w);
    std::vector<std::pair<int32_t, int32_t>> done;  // (node, part it came from)
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
        const int32_t v = findMover(from, to, 1, whi, want);
        if (v < 0) ok = false;
        else {
          done.push_back({v, from});
          move(v, to);
        }
      }
    } else {
      for (size_t j = 1; j <= last && ok; ++j) {
        const int32_t to = path[j - 1], from = path[j];
        const int64_t need = cfg_.min - parts_[to].w;
        if (need <= 0) break;
        int64_t whi = cfg_.max - parts_[to].w;
        if (j == last) whi = std::min(whi, parts_[from].w - cfg_.min);
        const int32_t v = findMover(from, to, 1, whi, need);
        if (v < 0) ok = false;
        else {
          done.push_back({v, from});
          move(v, to);
        }
      }
    }
    int64_t after = 0;
    for (int32_t q : path) after += viol(parts_[q].w);
    if (ok && after < before) {
      for (auto [v, from] : done) lists_[part_[v]].push_back(v);
      return true;
    }
    for (size_t i = done.size(); i-- > 0;) move(done[i].first, done[i].second);
    return false;
  }

  // ---- 4. local search ----------------------------------------------------------------------------

  void refine(int passes) {
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
      ++seenStamp_;
      for (int32_t v : order) {
        const int32_t P = part_[v];
        if (parts_[P].frozen || isFixed(v)) continue;
        nb.clear();
        double sP = 0;
        for (int32_t e = g_.xadj[v]; e < g_.xadj[v + 1]; ++e) {
          const int32_t u = g_.adjncy[e];
          if (u == v) continue;
          const int32_t q = part_[u];
          const double c = cutCost(e, v, u);
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
          const double gain = sQ - sP + beta_ * bal + big * double(vb - va);
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
          if (seen_[u] != seenStamp_) {
            seen_[u] = seenStamp_;
            next.push_back(u);
          }
        }
        if (seen_[v] != seenStamp_) {
          seen_[v] = seenStamp_;
          next.push_back(v);
        }
      }
      if (moved == 0) break;
      std::sort(next.begin(), next.end());
      order.swap(next);
    }
  }

  // ---- 4b. exact search on small areas -------------------------------------------------------------

  // An area of free parts (one connected component of them) of at most 128 nodes that still has a part
  // out of bounds is searched exhaustively, within a step budget, for any division into connected parts
  // within bounds; if one exists it replaces the area's parts and local search polishes it. So for
  // small areas, such as the units of one grid, a violation left means none exists (or the budget ran
  // out on an unusually hard area).
  void exactSmall() {
    std::vector<int32_t> local(size_t(n_), -1), nodes;
    std::vector<char> done(size_t(n_), 0);
    bool changed = false;
    for (int32_t s0 = 0; s0 < n_; ++s0) {
      if (done[s0] || parts_[part_[s0]].kind != Kind::Free) continue;
      nodes.assign(1, s0);
      done[s0] = 1;
      bool bad = false, big = false;
      for (size_t h = 0; h < nodes.size(); ++h) {
        const int32_t v = nodes[h];
        bad |= viol(parts_[part_[v]].w) > 0;
        for (int32_t e = g_.xadj[v]; e < g_.xadj[v + 1]; ++e) {
          const int32_t u = g_.adjncy[e];
          if (done[u] || parts_[part_[u]].kind != Kind::Free) continue;
          done[u] = 1;
          nodes.push_back(u);
        }
        big |= nodes.size() > 128;
      }
      if (!bad || big) continue;
      if (solveExactly(nodes, local)) changed = true;
    }
    if (changed) refine(std::max(1, cfg_.refine_passes / 2));
  }

  bool solveExactly(const std::vector<int32_t>& nodes, std::vector<int32_t>& local) {
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
    std::unordered_set<Mask, MaskHash> failed;
    std::vector<Mask> chosen;  // the parts of the solution
    int64_t budget = cfg_.exact_budget;  // 200,000 by default: about 20 ms at worst
    bool out = false;
    // Covers every weighted node: the lowest one left is put in each connected set (extension order,
    // each set once) of unused nodes whose weight lies within bounds, then the rest recursively.
    std::function<bool(const Mask&)> cover = [&](const Mask& used) -> bool {
      int v = -1;
      for (int i = 0; i < m; ++i)
        if (!used.has(i) && w[size_t(i)] > 0) {
          v = i;
          break;
        }
      if (v < 0) return true;
      if (failed.count(used)) return false;
      bool found = false;
      std::function<void(const Mask&, const Mask&, int64_t)> grow = [&](const Mask& set, const Mask& excluded, int64_t sw) {
        if (found || out) return;
        if (--budget < 0) {
          out = true;
          return;
        }
        if (sw >= cfg_.min && sw <= cfg_.max && cover(used | set)) {
          chosen.push_back(set);
          found = true;
          return;
        }
        Mask fr;
        set.each([&](int i) {
          fr = fr | adj[size_t(i)];
          return true;
        });
        fr = fr.minus(used | set | excluded);
        Mask ex = excluded;
        fr.each([&](int u) {
          if (sw + w[size_t(u)] <= cfg_.max) grow(set | Mask::bit(u), ex, sw + w[size_t(u)]);
          ex = ex | Mask::bit(u);
          return !found && !out;
        });
      };
      grow(Mask::bit(v), Mask{}, w[size_t(v)]);
      if (!found && !out) failed.insert(used);
      return found;
    };
    const bool ok = cover(Mask{}) && !out && !chosen.empty();
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

  // ---- 5. statuses, reasons, counts ---------------------------------------------------------------

  bool connected(int32_t p, int32_t start) {
    ++seenStamp_;
    queue_.clear();
    queue_.push_back(start);
    seen_[start] = seenStamp_;
    for (size_t h = 0; h < queue_.size(); ++h) {
      const int32_t v = queue_[h];
      for (int32_t e = g_.xadj[v]; e < g_.xadj[v + 1]; ++e) {
        const int32_t u = g_.adjncy[e];
        if (part_[u] != p || seen_[u] == seenStamp_) continue;
        seen_[u] = seenStamp_;
        queue_.push_back(u);
      }
    }
    return int32_t(queue_.size()) == parts_[p].nodes;
  }

  // True when the free area around `start` (the nodes of free parts connected to it, total `areaW`)
  // provably cannot be split within bounds, whatever the shapes: its pieces cannot even be grouped
  // into sums within [min, max] (e.g. entrances of 12 with units of 20..30 allow only pairs, so an odd
  // count of them leaves one over). `pieces` lists them as "4×12, 1×16". Exhaustive search over piece
  // counts within a budget; when the budget runs out nothing is claimed.
  bool unpackable(int32_t start, int64_t& areaW, std::string& pieces) {
    ++seenStamp_;
    queue_.assign(1, start);
    seen_[start] = seenStamp_;
    areaW = 0;
    std::vector<std::pair<int32_t, int32_t>> wc;  // (weight, count), heaviest first
    for (size_t h = 0; h < queue_.size(); ++h) {
      const int32_t v = queue_[h];
      areaW += wt(v);
      if (wt(v) > 0) {
        auto it = std::find_if(wc.begin(), wc.end(), [&](auto& x) { return x.first == wt(v); });
        if (it == wc.end()) wc.push_back({wt(v), 1});
        else ++it->second;
      }
      for (int32_t e = g_.xadj[v]; e < g_.xadj[v + 1]; ++e) {
        const int32_t u = g_.adjncy[e];
        if (seen_[u] == seenStamp_ || parts_[part_[u]].kind != Kind::Free) continue;
        seen_[u] = seenStamp_;
        queue_.push_back(u);
      }
    }
    if (wc.empty() || wc.size() > 8) return false;
    std::sort(wc.begin(), wc.end(), [](auto& a, auto& b) { return a.first > b.first; });
    for (auto& [w, c] : wc)
      if (c > 255) return false;
    const size_t d = wc.size();
    std::vector<int32_t> state(d);
    for (size_t i = 0; i < d; ++i) state[i] = wc[i].second;
    auto code = [&](const std::vector<int32_t>& st) {
      uint64_t k = 0;
      for (int32_t c : st) k = k * 256 + uint64_t(c);
      return k;
    };
    std::unordered_set<uint64_t> failed;  // states known not to pack (membership only: order-free)
    int64_t budget = 200000;
    bool exhausted = false;
    // Can `st` be grouped into parts within bounds? The part holding one piece of the heaviest weight
    // left is chosen first (no loss of generality), then the rest recursively.
    std::function<bool(std::vector<int32_t>&)> packs = [&](std::vector<int32_t>& st) -> bool {
      size_t i = 0;
      while (i < d && st[i] == 0) ++i;
      if (i == d) return true;
      const uint64_t key = code(st);
      if (failed.count(key)) return false;
      if (--budget < 0) {
        exhausted = true;
        return true;
      }
      std::vector<int32_t> take(d, 0);
      take[i] = 1;
      std::function<bool(size_t, int64_t)> choose = [&](size_t j, int64_t sum) -> bool {
        if (sum > cfg_.max || exhausted) return exhausted;
        if (--budget < 0) {
          exhausted = true;
          return true;
        }
        if (j == d) {
          if (sum < cfg_.min) return false;
          for (size_t t = 0; t < d; ++t) st[t] -= take[t];
          const bool ok = packs(st);
          for (size_t t = 0; t < d; ++t) st[t] += take[t];
          return ok;
        }
        const int32_t base = take[j];
        for (int32_t c = 0; base + c <= st[j]; ++c) {
          take[j] = base + c;
          if (choose(j + 1, sum + int64_t(c) * wc[j].first)) {
            take[j] = base;
            return true;
          }
          if (sum + int64_t(c + 1) * wc[j].first > cfg_.max) break;
        }
        take[j] = base;
        return false;
      };
      const bool ok = choose(i, wc[i].first);
      if (!ok && !exhausted) failed.insert(key);
      return ok;
    };
    const bool ok = packs(state);
    if (ok || exhausted) return false;
    pieces.clear();
    for (auto& [w, c] : wc) pieces += (pieces.empty() ? "" : ", ") + num(c) + "×" + num(w);
    return true;
  }

  Result finish() {
    Result r;
    // Empty parts cannot arise, but renumbering keeps the promise 0..parts.size()-1 either way.
    std::vector<int32_t> remap(parts_.size(), -1);
    int32_t next = 0;
    for (size_t p = 0; p < parts_.size(); ++p)
      if (parts_[p].nodes > 0) remap[p] = next++;
    std::vector<int32_t> first(parts_.size(), -1), heaviest(parts_.size(), -1);
    for (int32_t v = n_ - 1; v >= 0; --v) {
      const int32_t p = part_[v];
      first[p] = v;
      if (heaviest[p] < 0 || wt(v) >= wt(heaviest[p])) heaviest[p] = v;
    }
    r.parts.resize(size_t(next));
    const std::string& noun = cfg_.noun;
    const std::string bounds = num(cfg_.min) + "–" + num(cfg_.max);
    for (size_t p = 0; p < parts_.size(); ++p) {
      if (remap[p] < 0) continue;
      const PartRec& pr = parts_[p];
      PartInfo& pi = r.parts[size_t(remap[p])];
      pi.households = int32_t(pr.w);
      pi.nodes = pr.nodes;
      pi.fixed_label = pr.fixed_label;
      const bool inBounds = viol(pr.w) == 0;
      const std::string hh = num(pr.w) + " households";
      switch (pr.kind) {
        case Kind::Fixed:
          if (!connected(int32_t(p), first[p])) {
            pi.status = Status::Exception;
            pi.reason = "kept as given (locked or from the base plan), but its pieces are not connected";
          } else if (!inBounds) {
            pi.status = pr.w > cfg_.max ? Status::Over : Status::Under;
            pi.reason = "kept as given (locked or from the base plan) with " + hh + ", " +
                        (pr.w > cfg_.max ? "above the maximum " + num(cfg_.max) : "below the minimum " + num(cfg_.min));
          }
          break;
        case Kind::Over:
          pi.status = Status::Over;
          pi.reason_node = pr.node;
          pi.reason = "one piece alone holds " + num(wt(pr.node)) + " households (maximum " + num(cfg_.max) +
                      " per " + noun + ")";
          if (pr.extra > 0)
            pi.reason += "; " + num(pr.extra) + " households of pieces cut off by it, too few for a " + noun +
                         " of their own, joined it";
          break;
        case Kind::Under:
          pi.status = Status::Under;
          if (pr.whole)
            pi.reason = "only " + hh + ": one " + noun + " below " + num(cfg_.min);
          else if (pr.isolated)
            pi.reason = "an isolated group of " + hh + " (no neighbour to join): one " + noun + " below " +
                        num(cfg_.min);
          else
            pi.reason = "a group of " + hh + " whose only neighbours are kept " + noun +
                        "s or oversized pieces: one " + noun + " below " + num(cfg_.min);
          pi.reason_node = heaviest[p];
          break;
        case Kind::Zero:
          pi.status = Status::Under;
          pi.reason = "no households: " + num(pr.nodes) + " pieces without households and no neighbour to join";
          break;
        case Kind::Free:
          if (!inBounds) {
            pi.status = Status::Exception;
            pi.reason_node = heaviest[p];
            int64_t areaW = 0;
            std::string pieces;
            if (!pr.comp_feasible)
              pi.reason = "the " + num(pr.comp_w) + " households of this connected area cannot be divided into " +
                          noun + "s of " + bounds + " households; this " + noun + " has " + num(pr.w);
            else if (unpackable(first[p], areaW, pieces))
              pi.reason = "the " + num(areaW) + " households of this connected area are in pieces of (count×households) " +
                          pieces + ", which cannot be grouped into " + noun + "s of " + bounds + " at all, so at least one " +
                          noun + " must be off (splitting a piece, e.g. an entrance by floors, would fix it); this " + noun +
                          " has " + num(pr.w);
            else if (pr.no_division)
              pi.reason = "no division of this connected area into connected " + noun + "s of " + bounds +
                          " households exists (searched exhaustively): its pieces are too coarse or placed so that " +
                          "they cannot be grouped (splitting a piece, e.g. an entrance by floors, would help); this " +
                          noun + " has " + num(pr.w);
            else
              pi.reason = "could not be brought within " + bounds + " households while keeping every " + noun +
                          " connected (" + hh + "; pieces too coarse or awkwardly placed, the largest has " +
                          num(wt(heaviest[p])) + ")";
          }
          break;
      }
    }
    r.part.resize(size_t(n_));
    for (int32_t v = 0; v < n_; ++v) r.part[size_t(v)] = remap[part_[v]];
    for (int32_t v = 0; v < n_; ++v)
      for (int32_t e = g_.xadj[v]; e < g_.xadj[v + 1]; ++e) {
        const int32_t u = g_.adjncy[e];
        if (u > v && barrierEdge(e) && part_[u] == part_[v]) {
          r.parts[size_t(r.part[size_t(v)])].barrier_crossings++;
          r.barrier_crossings++;
        }
      }
    if (!g_.group.empty()) {
      std::vector<std::pair<int32_t, int32_t>> gp;
      for (int32_t v = 0; v < n_; ++v)
        if (g_.group[v] >= 0) gp.push_back({g_.group[v], r.part[size_t(v)]});
      std::sort(gp.begin(), gp.end());
      gp.erase(std::unique(gp.begin(), gp.end()), gp.end());
      for (size_t i = 1; i < gp.size(); ++i)
        if (gp[i].first == gp[i - 1].first && (i < 2 || gp[i - 2].first != gp[i].first)) r.groups_split++;
    }
    return r;
  }
};

// Each compound that fits in a part (a connected run of free nodes of one group, at most max households)
// becomes one node, so the partition cannot split it; compounds larger than max, fixed nodes and nodes
// without a group stay as they are. Returns false when that would remove fewer than a tenth of the nodes.
bool contract(const Graph& g, const Config& cfg, Graph& out, std::vector<int32_t>& super, std::vector<int32_t>& rep) {
  const int32_t n = g.size();
  if (g.group.empty() || cfg.group_weight <= 0 || n == 0) return false;
  auto isFree = [&](int32_t v) { return (g.fixed.empty() || g.fixed[size_t(v)] < 0) && g.weight[size_t(v)] <= cfg.max; };
  super.assign(size_t(n), -1);
  rep.clear();
  std::vector<int32_t> comp, members, first;  // members grouped by coarse node: CSR in `first`
  std::vector<int32_t> order;
  int32_t next = 0;
  for (int32_t s = 0; s < n; ++s) {
    if (super[size_t(s)] >= 0) continue;
    comp.assign(1, s);
    super[size_t(s)] = next;
    if (g.group[size_t(s)] >= 0 && isFree(s)) {
      int64_t w = 0;
      for (size_t h = 0; h < comp.size(); ++h) {
        const int32_t v = comp[h];
        w += g.weight[size_t(v)];
        for (int32_t e = g.xadj[size_t(v)]; e < g.xadj[size_t(v) + 1]; ++e) {
          const int32_t u = g.adjncy[size_t(e)];
          if (super[size_t(u)] >= 0 || g.group[size_t(u)] != g.group[size_t(s)] || !isFree(u)) continue;
          super[size_t(u)] = next;
          comp.push_back(u);
        }
      }
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
  const bool pos = !g.x.empty();
  std::vector<std::pair<int32_t, std::pair<float, float>>> nb;  // (coarse neighbour, (length, barrier length))
  out.xadj.push_back(0);
  for (int32_t c = 0; c < next; ++c) {
    nb.clear();
    const int32_t a = first[size_t(c)], b = first[size_t(c) + 1];
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
    out.group[size_t(c)] = g.group[size_t(rep[size_t(c)])];
    if (!g.fixed.empty()) out.fixed[size_t(c)] = g.fixed[size_t(rep[size_t(c)])];
    if (!pos) out.x[size_t(c)] = rep[size_t(c)];
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
  return true;
}

}  // namespace

Result partition(const Graph& g, const Config& cfg) {
  Partitioner whole(g, cfg);
  if (g.size() == 0) return whole.run();
  Graph coarse;
  std::vector<int32_t> super, rep;
  // Malformed input is reported on the original graph, before anything is built from it.
  Partitioner(g, cfg).validateOnly();
  if (!contract(g, cfg, coarse, super, rep)) return whole.run();
  Partitioner pc(coarse, cfg);
  pc.prepare();
  pc.core();
  return whole.polish(pc, super, rep);
}

}  // namespace gp::partition
