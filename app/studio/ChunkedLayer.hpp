#pragma once
// A map layer of many features (grids, units) split by place into chunks of about a thousand features,
// each chunk its own mesh stored tile by tile. An edit re-uploads only the chunks holding the features it
// touched (a 5M-household town has 200k units: re-uploading all their outlines took a quarter of a second),
// and drawing skips chunks out of view before their tiles are looked at.
#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "app/studio/Renderer.hpp"
#include "app/studio/TileRuns.hpp"

namespace gp::studio {

// Mesh: FillMesh (Vertex = FillVertex, 3 per primitive) or LineMesh (Vertex = Segment, 1 per primitive).
template <class Mesh, class Vertex, int kPerPrimitive>
class ChunkedLayer {
 public:
  // append(f, out) appends feature f's vertices to `out`; boxes[f] is its bounding box (map coordinates).
  // Chunks are laid out anew from the boxes.
  template <class Append>
  void build(const std::vector<BBox>& boxes, Append&& append) {
    const int n = static_cast<int>(boxes.size());
    BBox extent;
    for (const BBox& b : boxes) extent.add(b);
    int side = std::clamp(static_cast<int>(std::sqrt(n / 1000.0)), 1, 64);
    double w = std::max(extent.width(), 1e-6), h = std::max(extent.height(), 1e-6);
    int nx = std::max(1, static_cast<int>(std::lround(side * std::sqrt(w / h))));
    int ny = std::max(1, static_cast<int>(std::lround(side * std::sqrt(h / w))));
    chunks_.clear();
    chunks_.resize(size_t(nx) * ny);
    chunkOf_.assign(n, -1);
    for (int f = 0; f < n; ++f) {
      XY c = boxes[f].empty() ? XY{extent.minx, extent.miny} : boxes[f].center();
      int cx = std::clamp(static_cast<int>((c.x - extent.minx) / (w / nx)), 0, nx - 1);
      int cy = std::clamp(static_cast<int>((c.y - extent.miny) / (h / ny)), 0, ny - 1);
      chunkOf_[f] = cy * nx + cx;
      chunks_[chunkOf_[f]].features.push_back(f);
    }
    for (Chunk& c : chunks_) {
      c.mesh = std::make_unique<Mesh>();
      upload(c, boxes, append);
    }
  }

  // Re-uploads the chunks holding `features` (indices as given to build; their boxes may have changed).
  template <class Append>
  void refresh(const std::vector<int>& features, const std::vector<BBox>& boxes, Append&& append) {
    std::vector<int> dirty;
    for (int f : features)
      if (f >= 0 && f < static_cast<int>(chunkOf_.size())) dirty.push_back(chunkOf_[f]);
    std::sort(dirty.begin(), dirty.end());
    dirty.erase(std::unique(dirty.begin(), dirty.end()), dirty.end());
    for (int c : dirty) upload(chunks_[c], boxes, append);
  }

  // Calls draw(mesh) for every chunk that may meet `visible`.
  template <class Draw>
  void draw(const BBox& visible, Draw&& draw) const {
    for (const Chunk& c : chunks_)
      if (c.mesh && c.mesh->count() > 0 && !c.box.empty() && c.box.maxx >= visible.minx &&
          c.box.minx <= visible.maxx && c.box.maxy >= visible.miny && c.box.miny <= visible.maxy)
        draw(*c.mesh);
  }

  int features() const { return static_cast<int>(chunkOf_.size()); }
  long long primitives() const {
    long long n = 0;
    for (const Chunk& c : chunks_) n += c.mesh ? c.mesh->count() / kPerPrimitive : 0;
    return n;
  }

 private:
  struct Chunk {
    std::vector<int> features;
    BBox box;
    std::unique_ptr<Mesh> mesh;
  };

  template <class Append>
  void upload(Chunk& c, const std::vector<BBox>& boxes, Append&& append) {
    const int m = static_cast<int>(c.features.size());
    std::vector<Vertex> all;
    std::vector<size_t> at(size_t(m) + 1, 0);
    std::vector<BBox> box(m);
    std::vector<int> prims(m);
    c.box = BBox{};
    for (int i = 0; i < m; ++i) {
      append(c.features[i], all);
      at[i + 1] = all.size();
      prims[i] = static_cast<int>((at[i + 1] - at[i]) / kPerPrimitive);
      box[i] = boxes[c.features[i]];
      if (prims[i] > 0) c.box.add(box[i]);
    }
    TileRuns tiles;
    std::vector<Vertex> sorted;
    sorted.reserve(all.size());
    for (int i : tiles.buildFeatures(box, prims)) sorted.insert(sorted.end(), all.begin() + at[i], all.begin() + at[i + 1]);
    c.mesh->upload(sorted, std::move(tiles));
  }

  std::vector<Chunk> chunks_;
  std::vector<int> chunkOf_;
};

using ChunkedFill = ChunkedLayer<FillMesh, FillVertex, 3>;
using ChunkedLines = ChunkedLayer<LineMesh, Segment, 1>;

}  // namespace gp::studio
