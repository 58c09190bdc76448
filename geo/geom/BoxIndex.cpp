#include "geo/geom/BoxIndex.hpp"

#include <algorithm>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/point.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <iterator>
#include <utility>

namespace gp::geom {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using BBox2 = bg::model::box<BPoint>;
using Value = std::pair<BBox2, int>;

struct BoxIndex::Tree {
  bgi::rtree<Value, bgi::quadratic<16>> rtree;
  explicit Tree(std::vector<Value>&& v) : rtree(v.begin(), v.end()) {}  // packing (STR) construction
};

BoxIndex::BoxIndex(const std::vector<BBox>& boxes) {
  std::vector<Value> v;
  v.reserve(boxes.size());
  for (size_t i = 0; i < boxes.size(); ++i) {
    const BBox& b = boxes[i];
    if (b.empty()) continue;
    v.emplace_back(BBox2(BPoint(b.minx, b.miny), BPoint(b.maxx, b.maxy)), static_cast<int>(i));
  }
  tree_ = std::make_unique<Tree>(std::move(v));
}

BoxIndex::~BoxIndex() = default;

std::vector<int> BoxIndex::overlapping(const BBox& q) const {
  std::vector<int> out;
  if (q.empty()) return out;
  std::vector<Value> hits;
  tree_->rtree.query(bgi::intersects(BBox2(BPoint(q.minx, q.miny), BPoint(q.maxx, q.maxy))), std::back_inserter(hits));
  out.reserve(hits.size());
  for (const Value& h : hits) out.push_back(h.second);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace gp::geom
