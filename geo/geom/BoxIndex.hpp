#pragma once
// Which of many boxes overlap a query box: Boost.Geometry's R-tree, bulk-loaded once. For lookups repeated over
// a whole city (barriers and compounds near each of thousands of communities), where a scan per query grows
// with the square of the city.
#include <memory>
#include <vector>

#include "geo/core/Geometry.hpp"

namespace gp::geom {

class BoxIndex {
 public:
  // Indexes boxes[i] as i; empty boxes are never found.
  explicit BoxIndex(const std::vector<BBox>& boxes);
  ~BoxIndex();
  BoxIndex(const BoxIndex&) = delete;
  BoxIndex& operator=(const BoxIndex&) = delete;

  // The indices of the boxes that overlap `q` (touching counts), in increasing order.
  std::vector<int> overlapping(const BBox& q) const;

 private:
  struct Tree;
  std::unique_ptr<Tree> tree_;
};

}  // namespace gp::geom
