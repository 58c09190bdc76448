#pragma once
// Building the partitioner's graph at one level (grids: buildings or entrances; units: pieces) from the
// adjacency of tessellation cells. A node stands on one or more cells ("groups": the distinct footprints
// of a community); stacked floor pieces stand on the same cell and are adjacent to each other.
#include <vector>

#include "geo/geom/Adjacency.hpp"
#include "geo/partition/Partition.hpp"

namespace gp::pipeline {

// nodeGroups[n]: the cells node n stands on. groupNodes[g]: the nodes standing on cell g (empty for cells
// outside this level's scope, whose edges are then ignored). Two nodes are adjacent when one of their
// cells touches one of the other's, or when they share a cell; the shared length is summed, and the edge
// crosses a barrier only when every touching cell pair does. Neighbours are listed in ascending order,
// so the graph depends only on its inputs. Weights, positions and groups are left for the caller.
partition::Graph buildLevelGraph(const std::vector<std::vector<int>>& nodeGroups,
                                 const std::vector<std::vector<int>>& groupNodes, const geom::CellGraph& cells,
                                 const std::vector<double>& cellPerimeter);

// One node's place in a stack of floor ranges: nodes of one entrance standing on one cell share `stack`
// (>= 0; -1 for a node that is no floor range) and hold floors [from, to].
struct StackPlace {
  int stack = -1;
  int from = -1, to = -1;
};

// Makes stacked floor ranges a chain (a grid, like a unit, holds one contiguous range of an entrance's
// floors). Among nodes of one stack, only a range and the one just above it (floors contiguous) stay
// adjacent; of each run of contiguous ranges only the lowest keeps its edges to other nodes (the ground floor,
// or the lowest floor this level holds, is where the entrance meets its neighbours), so any connected set of
// nodes holds of each run one contiguous range of floors. With `topMeetsOthers` the highest does too (the
// upper floors of a walk-up's entrance may make a unit with the next entrance): a connected set then holds
// one contiguous range, or the two ends of a run around floors that are parts of their own. Other edges
// are left as they are.
void chainStacks(partition::Graph& g, const std::vector<StackPlace>& place, bool topMeetsOthers = false);

// True when `nodes` induce a connected subgraph of g (an empty set is not connected).
bool connectedSubset(const partition::Graph& g, const std::vector<int>& nodes);

// Connected components of g: component index per node.
std::vector<int> components(const partition::Graph& g, int* count);

}  // namespace gp::pipeline
