#pragma once
// GPU side of the map: meshes of filled triangles and of line segments, per-feature colour tables, and
// the two shader programs (shaders/fill.*, shaders/line.*). Geometry is uploaded once per change;
// colours (selection, grid assignment of buildings) change through the colour tables alone.
#include <cstdint>
#include <vector>

#include "app/studio/Gl.hpp"
#include "app/studio/TileRuns.hpp"
#include "app/studio/View.hpp"

namespace gp::studio {

struct FillVertex {
  float x, y;
  int32_t fid;  // index into the layer's colour table
};

struct Segment {
  float ax, ay, bx, by;
  int32_t fid;
};

// RGBA8 colour per feature, read by the shaders with texelFetch.
class ColorTable {
 public:
  ColorTable() = default;
  ~ColorTable();
  ColorTable(const ColorTable&) = delete;
  ColorTable& operator=(const ColorTable&) = delete;
  void upload(const std::vector<uint32_t>& rgba);  // 0xAABBGGRR (ImGui's IM_COL32 layout)
  GLuint texture() const { return tex_; }

 private:
  GLuint buf_ = 0, tex_ = 0;
  size_t capacity_ = 0;
};

class FillMesh {
 public:
  FillMesh() = default;
  ~FillMesh();
  FillMesh(const FillMesh&) = delete;
  FillMesh& operator=(const FillMesh&) = delete;
  // Triangles (three vertices each); stored reordered by tile for culling.
  void upload(const std::vector<FillVertex>& v);
  // Triangles already stored tile by tile, with their tiles (TileRuns::buildFeatures).
  void upload(const std::vector<FillVertex>& v, TileRuns tiles);
  GLsizei count() const { return count_; }
  GLuint vao() const { return vao_; }
  const TileRuns& tiles() const { return tiles_; }

 private:
  GLuint vao_ = 0, vbo_ = 0;
  GLsizei count_ = 0;
  TileRuns tiles_;  // over triangles
};

class LineMesh {
 public:
  LineMesh() = default;
  ~LineMesh();
  LineMesh(const LineMesh&) = delete;
  LineMesh& operator=(const LineMesh&) = delete;
  // Segments; stored reordered by tile for culling.
  void upload(const std::vector<Segment>& s);
  // Segments already stored tile by tile, with their tiles (TileRuns::buildFeatures).
  void upload(const std::vector<Segment>& s, TileRuns tiles);
  GLsizei count() const { return count_; }
  GLuint vao() const { return vao_; }
  GLuint vbo() const { return vbo_; }
  const TileRuns& tiles() const { return tiles_; }

 private:
  GLuint vao_ = 0, vbo_ = 0;
  GLsizei count_ = 0;
  TileRuns tiles_;  // over segments
};

class Renderer {
 public:
  void init(const std::string& shaderDir);  // compiles the programs; needs a current GL 3.3 context
  void setView(const View& v) { view_ = v; }
  // Draw only what may meet `box` (map coordinates) rather than the whole view; nullptr for the view.
  void setCull(const BBox* box) const {
    hasCull_ = box != nullptr;
    if (box) cull_ = *box;
  }
  // Both draw only the tiles of the mesh in view.
  void fill(const FillMesh& m, const ColorTable& c, float alpha = 1.0f) const;
  void lines(const LineMesh& m, const ColorTable& c, float widthPx, float alpha = 1.0f) const;
  // Vertices given to OpenGL since the last call (what culling saves), for --timings.
  long long takeVertexCount() const;

 private:
  void common(const Program& p, const ColorTable& c, float alpha) const;
  BBox visible(double marginPx) const;
  Program fill_, line_;
  View view_;
  mutable std::vector<std::pair<int, int>> runs_;
  mutable long long vertices_ = 0;
  mutable bool hasCull_ = false;
  mutable BBox cull_;
};

}  // namespace gp::studio
