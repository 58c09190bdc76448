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
  // GEOS builds the tree on the first query: one now, so that later queries, from any thread, only read it.
  geos::GeomPtr origin = geos::toGeos(c_, XY{0, 0});
  candidates(origin.get());
}

namespace {
void collect(void* item, void* userdata) {
  static_cast<std::vector<int>*>(userdata)->push_back(static_cast<int>(reinterpret_cast<size_t>(item)));
}
}  // namespace

std::vector<int> PolygonIndex::query(const PolygonIndex& idx, const geos::Context& c, const GEOSGeometry* g) {
  std::vector<int> out;
  if (idx.tree_ && g) GEOSSTRtree_query_r(c, idx.tree_, g, collect, &out);
  std::sort(out.begin(), out.end());
  return out;
}

int PolygonIndex::findIn(const PolygonIndex& idx, const geos::Context& c, std::vector<geos::PreparedPtr>& prepared,
                         XY p) {
  if (!idx.tree_) return -1;
  geos::GeomPtr pt = geos::toGeos(c, p);
  for (int i : query(idx, c, pt.get())) {
    auto& prep = prepared[static_cast<size_t>(i)];
    if (!prep) prep = geos::prepare(c, idx.geoms_[static_cast<size_t>(i)].get());
    if (prep && GEOSPreparedCovers_r(c, prep.get(), pt.get()) == 1) return i;
  }
  return -1;
}

std::vector<int> PolygonIndex::candidates(const GEOSGeometry* g) const { return query(*this, c_, g); }

int PolygonIndex::find(XY p) const { return findIn(*this, c_, prepared_, p); }

int PolygonIndex::Lookup::find(XY p) { return findIn(idx_, c_, prepared_, p); }

std::vector<int> PolygonIndex::Lookup::candidates(const GEOSGeometry* g) const { return query(idx_, c_, g); }

}  // namespace gp::io
