#pragma once
// GPU side of the map: meshes of filled triangles and of line segments, per-feature colour tables, and
// the two shader programs (shaders/fill.*, shaders/line.*). Geometry is uploaded once per change;
// colours (selection, grid assignment of buildings) change through the colour tables alone.
#include <cstdint>
#include <vector>

#include "app/studio/Gl.hpp"
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
  void upload(const std::vector<FillVertex>& v);
  GLsizei count() const { return count_; }
  GLuint vao() const { return vao_; }

 private:
  GLuint vao_ = 0, vbo_ = 0;
  GLsizei count_ = 0;
};

class LineMesh {
 public:
  LineMesh() = default;
  ~LineMesh();
  LineMesh(const LineMesh&) = delete;
  LineMesh& operator=(const LineMesh&) = delete;
  void upload(const std::vector<Segment>& s);
  GLsizei count() const { return count_; }
  GLuint vao() const { return vao_; }

 private:
  GLuint vao_ = 0, vbo_ = 0;
  GLsizei count_ = 0;
};

class Renderer {
 public:
  void init();  // compiles the programs; needs a current GL 3.3 context
  void setView(const View& v) { view_ = v; }
  void fill(const FillMesh& m, const ColorTable& c, float alpha = 1.0f) const;
  void lines(const LineMesh& m, const ColorTable& c, float widthPx, float alpha = 1.0f) const;

 private:
  void common(const Program& p, const ColorTable& c, float alpha) const;
  Program fill_, line_;
  View view_;
};

}  // namespace gp::studio
