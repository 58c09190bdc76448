#pragma once
// The partitioner: splits a graph of pieces into connected parts whose weights (households) lie within
// hard bounds. Works on plain arrays and knows nothing of GDAL or GEOS, so it can be tested and
// benchmarked alone. Used per community for grids and per grid for units.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "geo/core/Status.hpp"

namespace gp::partition {

// An undirected graph in CSR form (as METIS): the neighbours of node v are adjncy[xadj[v] .. xadj[v+1]).
// Every edge appears in both directions with the same attributes.
struct Graph {
  std::vector<int32_t> xadj;        // n + 1 entries
  std::vector<int32_t> adjncy;
  std::vector<uint8_t> barrier;     // per adjncy entry: 1 when the shared edge crosses a barrier line
  std::vector<float> shared;        // per adjncy entry: length of the shared cell boundary (m); may be empty
  std::vector<int32_t> weight;      // households per node (0 allowed: non-residential pieces)
  std::vector<double> x, y;         // node position (m), for compactness and west→east, north→south order
  std::vector<int32_t> group;       // soft group (compound) per node, -1 none; may be empty
  std::vector<int32_t> fixed;       // per node: -1 free, else the label of a part that must be kept
                                    // exactly (locked or kept base grids); may be empty

  int32_t size() const { return static_cast<int32_t>(weight.size()); }
};

struct Config {
  int32_t min = 200;
  int32_t max = 400;
  int32_t target = 300;
  uint64_t seed = 1;        // same graph, config and seed → same result
  // How hard to try to keep a group (compound) whole, relative to compactness.
  double group_weight = 1.0;
  // Crossing a barrier costs this many metres of boundary; crossings are allowed only when needed.
  double barrier_penalty = 1000.0;
  // Refinement passes; more passes give more compact parts.
  int refine_passes = 8;
  // Steps the exhaustive search of a small area may take (about 0.1 µs each) before it gives up; a caller
  // trying many variants of one graph may spend less on each.
  int64_t exact_budget = 200000;
  // What a part is called in reasons ("grid", "unit"), so they read as a planner's sentence.
  std::string noun = "part";
};

struct PartInfo {
  int32_t households = 0;
  int32_t nodes = 0;
  Status status = Status::Ok;
  std::string reason;       // non-empty exactly when status != Ok; says why in a planner's words
  int32_t fixed_label = -1; // the `fixed` label this part keeps, -1 if new
  int32_t barrier_crossings = 0;
  int32_t reason_node = -1; // the node the reason is about (e.g. the one piece above max), -1 none
};

struct Result {
  std::vector<int32_t> part;      // per node, 0 .. parts.size()-1
  std::vector<PartInfo> parts;
  int32_t barrier_crossings = 0;  // edges inside a part that cross a barrier
  int32_t groups_split = 0;       // groups whose nodes fall in more than one part
};

// Partitions g into connected parts within [cfg.min, cfg.max] wherever that is feasible, with a part
// count between ceil(W/max) and floor(W/min) near W/target. Parts that cannot meet the bounds carry a
// status and reason: `under` (the whole graph is below min, or a component is isolated), `over` (a node
// alone exceeds max), `exception` (a component cannot be split within bounds).
// Nodes with fixed >= 0 keep their label's part exactly. Deterministic for a given seed.
//
// Guarantees, in detail:
//  - Every node gets a part; every part is non-empty and connected in g (a `fixed` label whose nodes
//    are not connected in g is kept as given and marked `exception`).
//  - Each connected component of the free nodes (not fixed, not above max) of weight W is split on its
//    own, starting from k parts nearest W/target within [ceil(W/max), floor(W/min)]; parts never span
//    components. Repair may end one part fewer or more somewhere, but whenever all parts of a component
//    meet the bounds its count is within [ceil(W/max), floor(W/min)] (k*min <= W <= k*max). When no
//    count fits at all (e.g. W = 35 with bounds 20..30) k is the count with the least violation and the
//    parts out of bounds are `exception`.
//  - A part out of [min, max] always has status != ok and a reason; `ok` exactly where the bounds hold.
//  - In a component of at most 128 free nodes (e.g. the units of one grid) a part is left out of bounds
//    only when an exhaustive search found that no division into connected parts within bounds exists
//    (reason "no division ... exists"), or, rarely, when that search ran out of its step budget.
//    Where piece weights alone rule a division out (entrances of 12 with bounds 20..30 and an odd count
//    of them), the reason names the pieces.
//  - A node above max is a part alone (`over`, reason_node = that node); free components below min that
//    touch it and have no other way out join it. A component below min is one `under` part. Nodes of
//    weight 0 go with a neighbouring part (a component of weight 0 joins an adjacent part, if any).
//  - Fixed nodes keep their label: one part per distinct label (fixed_label set), never losing or
//    gaining weighted nodes; only weight-0 free nodes with nowhere else to go may join such a part.
//  - Soft goals, in order: groups whole where they fit (a group's connected free nodes of at most max
//    households are placed as one unit first and split afterwards only to repair bounds), no barrier
//    edge inside a part,
//    short boundaries (sum of `shared` over cut edges), weights near target. Moves that improve them
//    keep every part connected and never take a part out of bounds.
//  - Optional arrays may be empty: barrier (no barriers), shared (every edge length 1), group (none),
//    fixed (all free), x/y (node ids stand in for positions).
//  - Same graph, config and seed -> same result (single-threaded; no result depends on hash order); safe to
//    call from several threads at once on different graphs.
// Throws std::invalid_argument when g is malformed (array sizes, node ids) or cfg has max < min or max < 1.
// Runs in about O(m log n log k) time and O(n + m) memory.
Result partition(const Graph& g, const Config& cfg);

// What the exhaustive searches of one partition found, for the next partitions of the same graph with the
// same bounds and search budget (a caller trying other targets on one graph, as the pipeline does where a
// part is left out of bounds). A search's answer depends only on its area's nodes, the bounds and the
// budget, never on the target, so a search repeated on the same area takes the answer from here: the same
// result, without spending the budget again. A memo is for the partitions of one graph, unchanged between
// them; used with another graph (told apart by its address, weights and edges), other bounds or another
// budget, it starts afresh. One memo belongs to one thread at a time.
class SearchMemo {
 public:
  SearchMemo();
  ~SearchMemo();
  SearchMemo(const SearchMemo&) = delete;
  SearchMemo& operator=(const SearchMemo&) = delete;
  struct Entries;  // ExactSearch.cpp

 private:
  friend Result partition(const Graph& g, const Config& cfg, SearchMemo* memo);
  std::unique_ptr<Entries> entries_;
};

// partition(g, cfg), reusing and filling `memo` (may be null): the same result.
Result partition(const Graph& g, const Config& cfg, SearchMemo* memo);

// Whether pieces of the given weights ((weight, count) pairs, any order; weights of 0 are ignored) can be
// grouped into sums each within [min, max], whatever their places: 1 yes, 0 no, -1 not decided (more than 8
// distinct weights, a count above 255, or the search's step budget ran out). The arithmetic behind the
// reason "cannot be grouped into units of 20–30 at all".
int sumsWithin(std::vector<std::pair<int32_t, int32_t>> weightCounts, int32_t min, int32_t max);

// What provably keeps a node out of every part within [min, max], whatever the division of g (Obstacles.cpp):
//  - CutOff: the connected area around `node` holds only `households` (< min);
//  - Alone: no connected set of nodes holding `node` weighs min..max: alone or with what it reaches (its
//    neighbours are `nodes`), it is below min or above max;
//  - Through: `nodes` (holding fewer than min households between each connected lot of them) reach the
//    rest of g only through `node`, so the part holding `node` holds them all: `households` > max.
struct Obstacle {
  enum class Kind { None, CutOff, Alone, Through };
  Kind kind = Kind::None;
  int32_t node = -1;
  std::vector<int32_t> nodes;
  int64_t households = 0;
};

// The first obstacle that involves one of `candidates` (nodes of g), Alone checked for each candidate within
// a step budget (none is claimed when it runs out), CutOff and Through for the whole graph.
Obstacle findObstacle(const Graph& g, int32_t min, int32_t max, const std::vector<int32_t>& candidates,
                      int64_t budget = 100000);

}  // namespace gp::partition
