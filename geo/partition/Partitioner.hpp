#pragma once
// The partitioner's internals, shared by its stages; included only by the files of geo/partition.
// One file per stage, in the order a partition runs them:
//   Validate.cpp     the input contract (array sizes, node ids, bounds)
//   Compounds.cpp    0. compounds that fit in a part contracted to one node each
//   Components.cpp   1. fixed labels, oversized pieces, components of the free nodes
//   Bisect.cpp       2. recursive bisection of a component by growing one side
//   Repair.cpp       3. parts still out of bounds: chains of moves, dissolving, re-splitting
//   Refine.cpp       4. local search on the cut
//   ExactSearch.cpp  5. exhaustive search of small areas that still have a part out of bounds
//   Reasons.cpp      statuses and reasons in a planner's words, counts
//   Partition.cpp    the order of the stages, the costs they share, `partition` itself
//
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
#include <algorithm>
#include <cstdint>
#include <span>
#include <unordered_set>
#include <utility>
#include <vector>

#include "geo/partition/Partition.hpp"

namespace gp::partition::detail {

enum class Kind { Free, Fixed, Over, Under, Zero };

// What the partitioner knows of one part while it builds it; Reasons.cpp turns it into a PartInfo.
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

// A set of nodes that empties in O(1): a node is in it while its stamp is the current one.
struct Marks {
  std::vector<uint32_t> stamp;
  uint32_t now = 0;
  void reset(int32_t n) { stamp.assign(size_t(n), 0); }
  void clear() { ++now; }
  bool has(int32_t v) const { return stamp[size_t(v)] == now; }
  void add(int32_t v) { stamp[size_t(v)] = now; }
  void remove(int32_t v) { stamp[size_t(v)] = 0; }
  bool insert(int32_t v) {  // false when v was in already
    if (has(v)) return false;
    add(v);
    return true;
  }
};

// The one breadth-first search of the partitioner. Starts from the nodes in `queue` (the caller has
// marked them); nodes leave the queue first in, first out and their neighbours are offered in adjacency
// order, the order that results depend on. `enter(u)` decides whether neighbour u joins the queue and
// marks it; `visit(v)` runs as v leaves the queue and returns false to end the search there.
// Returns false when `visit` ended it. The queue holds every node entered, in order, afterwards.
template <class Enter, class Visit>
bool breadthFirst(const Graph& g, std::vector<int32_t>& queue, Enter&& enter, Visit&& visit) {
  for (size_t head = 0; head < queue.size(); ++head) {
    const int32_t v = queue[head];
    if (!visit(v)) return false;
    for (int32_t e = g.xadj[size_t(v)]; e < g.xadj[size_t(v) + 1]; ++e) {
      const int32_t u = g.adjncy[size_t(e)];
      if (enter(u)) queue.push_back(u);
    }
  }
  return true;
}
inline bool visitAll(int32_t) { return true; }

// Each compound that fits in a part (a connected run of free nodes of one group, at most max households)
// becomes one node, so the partition cannot split it; compounds larger than max, fixed nodes and nodes
// without a group stay as they are. Returns false when that would remove fewer than a tenth of the nodes.
bool contract(const Graph& g, const Config& cfg, Graph& out, std::vector<int32_t>& super, std::vector<int32_t>& rep);

// Can pieces of these (weight, count)s, heaviest first (at most 8 weights, counts at most 255), be grouped
// into sums within [cfg.min, cfg.max]? `exhausted` says the search ran out of budget (the answer is then
// true). Reasons.cpp; also behind partition::sumsWithin.
bool groupable(const std::vector<std::pair<int32_t, int32_t>>& wc, const Config& cfg, bool& exhausted);

// The entries of `memo` for partitions of g with cfg's bounds and budget: those it holds when it was last
// used on the same, else a fresh set (ExactSearch.cpp).
SearchMemo::Entries* memoFor(std::unique_ptr<SearchMemo::Entries>& memo, const Graph& g, const Config& cfg);

// One partition of one graph: the stages are its member functions, each defined in its stage's file.
class Partitioner {
 public:
  Partitioner(const Graph& g, const Config& cfg) : g_(g), cfg_(cfg), n_(g.size()) {}

  Result run();
  void validateOnly() const { validate(); }
  // The exhaustive searches (stage 5) take the answers of earlier partitions of this graph from `memo` and
  // leave theirs there (null: none kept).
  void useMemo(SearchMemo::Entries* memo) { memo_ = memo; }
  void prepare();
  // The whole partition on this graph, without the final statuses.
  void core();
  // Takes the parts of `coarse`, a partitioner run on a contraction of this graph (super[v] = the
  // coarse node holding v, rep[c] = one original node of coarse node c), then repairs and refines them
  // here, where single pieces can move again.
  Result polish(const Partitioner& coarse, const std::vector<int32_t>& super, const std::vector<int32_t>& rep);

 private:
  // Bisect.cpp: the weights a bisection's grown side may take, and the prefix of the growth it keeps.
  struct Window;
  struct Growth {
    std::vector<int32_t> order;   // nodes in the order the growth took them
    std::vector<int64_t> prefW;   // weight of each prefix of `order`
    std::vector<double> prefCut;  // cut cost of each prefix
  };
  // A node the growth may take next, by tier, then sweep key, then id (a min-heap on this order).
  struct GrowItem {
    uint8_t tier;
    double key;
    int32_t v;
    bool operator>(const GrowItem& o) const {
      if (tier != o.tier) return tier > o.tier;
      if (key != o.key) return key > o.key;
      return v > o.v;
    }
  };
  using Moves = std::vector<std::pair<int32_t, int32_t>>;  // (node, part it came from), to keep or undo

  // The input and the partition being built.
  const Graph& g_;
  Config cfg_;
  int32_t n_;
  std::vector<int32_t> part_;         // part per node, -1 while unassigned
  std::vector<PartRec> parts_;
  // The costs every stage weighs moves with (set up from cfg_ and the typical edge length).
  double barrierPenalty_ = 0;         // metres of boundary a barrier edge inside a part costs
  double groupPenalty_ = 0;           // metres of boundary an edge inside a compound is worth keeping
  double balanceWeight_ = 0;          // cost per household of a part's distance from target
  std::vector<double> cutCost_;       // per adjncy entry: edgeCost
  // State handed from one stage to the next.
  std::vector<int32_t> freeComponent_;                 // component id per free node (-1 otherwise)
  std::vector<std::vector<int32_t>> zeroComponents_;   // free components without households, to attach
  std::vector<std::vector<int32_t>> partNodes_;        // repair: nodes per part (stale: check part_)
  struct KeyHash {
    size_t operator()(const std::vector<int32_t>& k) const {
      uint64_t h = 0xcbf29ce484222325ULL;
      for (int32_t x : k) h = (h ^ uint32_t(x)) * 0x100000001b3ULL;
      return size_t(h ^ (h >> 29));
    }
  };
  std::unordered_set<std::vector<int32_t>, KeyHash> failedResplits_;  // repair: node lists resplit could not divide
  std::vector<int32_t> resplitKey_;  // repair: the key of the node list being re-split
  // Scratch sets, each emptied with a stamp so a use costs only what it touches.
  Marks inSet_;        // the nodes being bisected
  Marks inGrown_;      // the side a bisection grows
  Marks tierSet_;      // nodes with a growth tier (tier_) in the current bisection
  Marks seen_;         // reached by the current search, or listed by the current refine pass
  Marks reached_;      // reached by the current connectivity check
  Marks targets_;      // the neighbours a connectivity check must reach
  Marks gathered_;     // the nodes a re-split gathers from its parts
  std::vector<uint8_t> tier_;
  std::vector<int32_t> queue_;
  // Bisect.cpp's buffers, reused from one bisection to the next (a bisection is done with them before it
  // recurses): the growth, its two heaps, the pockets.
  Growth growth_;
  std::vector<GrowItem> heap_, deferred_;
  std::vector<int32_t> pocket_, pocketNodes_, sideB_;  // sideB_: the other side while S is reordered
  std::vector<std::pair<int64_t, std::pair<size_t, size_t>>> pockets_;  // weight, [begin, end) in pocketNodes_
  // A bisection run as a trial (Repair.cpp, resplit) that is kept only when every part it makes is within
  // bounds and they are at most maxParts in all: it stops at the first part that is not.
  struct Trial {
    bool on = false;
    bool failed = false;
    size_t maxParts = 0;
  } trial_;
  SearchMemo::Entries* memo_ = nullptr;  // exhaustive searches' answers, shared with other partitions of g_

  int32_t wt(int32_t v) const { return g_.weight[v]; }
  double px(int32_t v) const { return g_.x.empty() ? double(v) : g_.x[v]; }
  double py(int32_t v) const { return g_.y.empty() ? 0.0 : g_.y[v]; }
  bool isFixed(int32_t v) const { return !g_.fixed.empty() && g_.fixed[v] >= 0; }
  int32_t grp(int32_t v) const { return g_.group.empty() ? -1 : g_.group[v]; }
  bool barrierEdge(int64_t e) const { return !g_.barrier.empty() && g_.barrier[e]; }
  double len(int64_t e) const { return g_.shared.empty() ? 1.0 : std::max(0.0f, g_.shared[e]); }
  // What it costs to have edge e (v-u) on a part boundary rather than inside a part.
  double edgeCost(int64_t e, int32_t v, int32_t u) const {
    double c = len(e);
    if (grp(v) >= 0 && grp(v) == grp(u)) c += groupPenalty_;
    if (barrierEdge(e)) c -= barrierPenalty_;
    return c;
  }
  // The same, for every edge as setup() found it (the stages weigh the same edges many times).
  double cutCost(int64_t e) const { return cutCost_[size_t(e)]; }
  int64_t viol(int64_t w) const {
    if (w > cfg_.max) return w - cfg_.max;
    if (w < cfg_.min) return cfg_.min - w;
    return 0;
  }

  // Partition.cpp: costs and scratch, part bookkeeping.
  void setup();
  int32_t newPart(Kind k);
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
    targets_.clear();
    int32_t targets = 0, first = -1;
    for (int32_t e = g_.xadj[v]; e < g_.xadj[v + 1]; ++e) {
      const int32_t u = g_.adjncy[e];
      if (u == v || !member(u) || !targets_.insert(u)) continue;
      if (first < 0) first = u;
      ++targets;
    }
    if (targets <= 1) return true;
    reached_.clear();
    reached_.add(v);
    reached_.add(first);
    queue_.assign(1, first);
    int32_t found = 1;
    bool all = false;
    breadthFirst(
        g_, queue_,
        [&](int32_t y) {
          if (all || reached_.has(y) || !member(y)) return false;
          reached_.add(y);
          all = targets_.has(y) && ++found == targets;
          return true;
        },
        [&](int32_t) { return !all && queue_.size() <= budget; });
    return all;
  }

  // Validate.cpp
  void validate() const;

  // Components.cpp
  void makeFixedParts();
  void makeOverParts();
  void splitComponents();
  void smallComponent(const std::vector<int32_t>& nodes, int64_t W, bool whole);
  void attachZeroComponents();

  // Bisect.cpp
  // Divides the nodes of S into k parts; reorders S (each side's nodes together, in their order in S).
  void bisect(std::span<int32_t> S, int64_t W, int32_t k);
  Window window(int64_t W, int32_t k) const;
  double sweepKey(int32_t v, bool alongX) const { return alongX ? px(v) : -py(v); }
  Growth& grow(std::span<const int32_t> S, int64_t W, const Window& win, bool alongX);
  int64_t pickCut(const Growth& gr, size_t setSize, const Window& win) const;
  int64_t joinPockets(std::span<const int32_t> S, std::vector<int32_t>& order, int64_t wA);
  int64_t rebalance(std::span<const int32_t> S, std::vector<int32_t>& order, int64_t wA, const Window& win,
                    bool alongX);
  void sideCounts(int64_t W, int32_t k, int64_t WA, int32_t& kA, int32_t& kB) const;

  // Repair.cpp
  void repair();
  void listPartNodes();
  std::vector<int32_t> neighbourParts(int32_t p);
  int32_t findMover(int32_t from, int32_t to, int64_t wlo, int64_t whi, int64_t want);
  bool repairPart(int32_t P);
  bool chain(const std::vector<int32_t>& path, bool over);
  bool dissolve(int32_t P);
  bool resplitWithNeighbour(int32_t P);
  bool resplit(const std::vector<int32_t>& ps);
  bool keepOrUndo(const Moves& done, bool keep);

  // Refine.cpp
  void refine(int passes);

  // ExactSearch.cpp
  void exactSmall();
  bool solveExactly(const std::vector<int32_t>& nodes, std::vector<int32_t>& local);

  // Reasons.cpp
  Result finish();
  void describe(int32_t p, int32_t first, int32_t heaviest, PartInfo& pi);
  void countCrossings(Result& r) const;
  bool connected(int32_t p, int32_t start);
  bool unpackable(int32_t start, int64_t& areaW, std::string& pieces);
};

}  // namespace gp::partition::detail
