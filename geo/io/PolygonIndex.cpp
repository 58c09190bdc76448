#include "geo/io/PolygonIndex.hpp"

#include <algorithm>

namespace gp::io {

PolygonIndex::PolygonIndex(const geos::Context& c) : c_(c) {}

PolygonIndex::~PolygonIndex() {
  if (tree_) GEOSSTRtree_destroy_r(c_, tree_);
}

int PolygonIndex::add(geos::GeomPtr g) {
  geoms_.push_back(std::move(g));
  prepared_.emplace_back();
  return static_cast<int>(geoms_.size() - 1);
}

void PolygonIndex::build() {
  tree_ = GEOSSTRtree_create_r(c_, 10);
  for (size_t i = 0; i < geoms_.size(); ++i)
    if (geoms_[i] && GEOSisEmpty_r(c_, geoms_[i].get()) == 0)
      GEOSSTRtree_insert_r(c_, tree_, geoms_[i].get(), reinterpret_cast<void*>(i));
}

namespace {
void collect(void* item, void* userdata) {
  static_cast<std::vector<int>*>(userdata)->push_back(static_cast<int>(reinterpret_cast<size_t>(item)));
}
}  // namespace

std::vector<int> PolygonIndex::candidates(const GEOSGeometry* g) const {
  std::vector<int> out;
  if (tree_ && g) GEOSSTRtree_query_r(c_, tree_, g, collect, &out);
  std::sort(out.begin(), out.end());
  return out;
}

int PolygonIndex::find(XY p) const {
  if (!tree_) return -1;
  geos::GeomPtr pt = geos::toGeos(c_, p);
  auto cand = candidates(pt.get());
  for (int i : cand) {
    auto& prep = prepared_[static_cast<size_t>(i)];
    if (!prep) prep = geos::prepare(c_, geoms_[static_cast<size_t>(i)].get());
    if (prep && GEOSPreparedCovers_r(c_, prep.get(), pt.get()) == 1) return i;
  }
  return -1;
}

}  // namespace gp::io
