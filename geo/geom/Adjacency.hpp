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

CellGraph adjacency(const std::vector<MultiPolygon>& cells, const std::vector<LineString>& barriers,
                    double tolerance = 0.05);

}  // namespace gp::geom
