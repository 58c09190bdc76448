#pragma once
// The partitioner: splits a graph of pieces into connected parts whose weights (households) lie within
// hard bounds. Works on plain arrays and knows nothing of GDAL or GEOS, so it can be tested and
// benchmarked alone. Used per community for grids and per grid for units.
#include <cstdint>
#include <string>
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
Result partition(const Graph& g, const Config& cfg);

}  // namespace gp::partition
