#pragma once
#include <cstdint>
#include <vector>

#include "geo/core/Geometry.hpp"

namespace gp::geom {

// Adjacency of cells in CSR form: cells are adjacent when they share a boundary of positive length
// (a shared point is not adjacency). Symmetric; each neighbour once.
struct CellGraph {
  std::vector<int32_t> xadj, adjncy;
  std::vector<float> shared;     // shared boundary length (m) per adjncy entry
  std::vector<uint8_t> barrier;  // 1 when the shared boundary lies along a barrier line
};

// Builds the graph from sharedBoundaries(): barrier = 1 when at least half of the shared boundary lies
// along barrier lines (within tolerance), so a pair that can also meet off the barrier is not flagged.
CellGraph adjacency(const std::vector<MultiPolygon>& cells, const std::vector<LineString>& barriers,
                    double tolerance = 0.05);

// One pair of cells (a < b) sharing boundary, with the length of that boundary and of its part along barriers.
struct SharedBoundary {
  int32_t a = -1, b = -1;
  double length = 0;
  double barrier_length = 0;
};

// Every pair of cells sharing boundary of positive length, sorted by (a, b). Edges present in both cells
// with identical end points (snapped tessellation cells) are matched exactly through a hash map; the rest
// are matched by collinear overlap within tolerance (an edge split by a vertex on one side only), where an
// overlap shorter than tolerance does not count.
std::vector<SharedBoundary> sharedBoundaries(const std::vector<MultiPolygon>& cells,
                                             const std::vector<LineString>& barriers, double tolerance = 0.05);

}  // namespace gp::geom
