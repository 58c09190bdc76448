#include "app/studio/Renderer.hpp"

#include <algorithm>

namespace gp::studio {

namespace {

// A vertex array over one buffer of records: attribute 0 = `floats` floats at the start of each record,
// attribute 1 = the int feature id at `fidOffset`; per instance (a line segment drawn as a quad) or per vertex.
void makeVertexArray(GLuint& vao, GLuint& vbo, GLint floats, size_t stride, size_t fidOffset, bool perInstance) {
  glGenVertexArrays(1, &vao);
  glGenBuffers(1, &vbo);
  glBindVertexArray(vao);
  glBindBuffer(GL_ARRAY_BUFFER, vbo);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, floats, GL_FLOAT, GL_FALSE, GLsizei(stride), nullptr);
  glEnableVertexAttribArray(1);
  glVertexAttribIPointer(1, 1, GL_INT, GLsizei(stride), reinterpret_cast<void*>(fidOffset));
  if (perInstance) {
    glVertexAttribDivisor(0, 1);
    glVertexAttribDivisor(1, 1);
  }
  glBindVertexArray(0);
}

// Replaces the buffer's contents with `records`; returns their count.
template <class T>
GLsizei fillBuffer(GLuint vbo, const std::vector<T>& records) {
  glBindBuffer(GL_ARRAY_BUFFER, vbo);
  glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(records.size() * sizeof(T)), records.data(), GL_STATIC_DRAW);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  return GLsizei(records.size());
}

}  // namespace

ColorTable::~ColorTable() {
  if (tex_) glDeleteTextures(1, &tex_);
  if (buf_) glDeleteBuffers(1, &buf_);
}

void ColorTable::upload(const std::vector<uint32_t>& rgba) {
  if (!buf_) {
    glGenBuffers(1, &buf_);
    glGenTextures(1, &tex_);
  }
  glBindBuffer(GL_TEXTURE_BUFFER, buf_);
  size_t bytes = std::max<size_t>(rgba.size(), 1) * 4;
  if (bytes > capacity_) {
    glBufferData(GL_TEXTURE_BUFFER, GLsizeiptr(bytes), nullptr, GL_DYNAMIC_DRAW);
    capacity_ = bytes;
    glBindTexture(GL_TEXTURE_BUFFER, tex_);
    glTexBuffer(GL_TEXTURE_BUFFER, GL_RGBA8, buf_);
  }
  if (!rgba.empty()) glBufferSubData(GL_TEXTURE_BUFFER, 0, GLsizeiptr(rgba.size() * 4), rgba.data());
  glBindBuffer(GL_TEXTURE_BUFFER, 0);
}

FillMesh::~FillMesh() {
  if (vbo_) glDeleteBuffers(1, &vbo_);
  if (vao_) glDeleteVertexArrays(1, &vao_);
}

void FillMesh::upload(const std::vector<FillVertex>& v) {
  const size_t tris = v.size() / 3;
  TileRuns tiles;
  std::vector<int> order = tiles.build(int(tris), [&](int t) {
    BBox b;
    for (int k = 0; k < 3; ++k) b.add(XY{v[3 * size_t(t) + k].x, v[3 * size_t(t) + k].y});
    return b;
  });
  std::vector<FillVertex> sorted;
  sorted.reserve(tris * 3);
  for (int t : order)
    for (int k = 0; k < 3; ++k) sorted.push_back(v[3 * size_t(t) + k]);
  upload(sorted, std::move(tiles));
}

void FillMesh::upload(const std::vector<FillVertex>& v, TileRuns tiles) {
  if (!vao_) makeVertexArray(vao_, vbo_, 2, sizeof(FillVertex), offsetof(FillVertex, fid), false);
  count_ = fillBuffer(vbo_, v);
  tiles_ = std::move(tiles);
}

LineMesh::~LineMesh() {
  if (vbo_) glDeleteBuffers(1, &vbo_);
  if (vao_) glDeleteVertexArrays(1, &vao_);
}

void LineMesh::upload(const std::vector<Segment>& s) {
  TileRuns tiles;
  std::vector<int> order = tiles.build(int(s.size()), [&](int i) {
    BBox b;
    b.add(XY{s[size_t(i)].ax, s[size_t(i)].ay});
    b.add(XY{s[size_t(i)].bx, s[size_t(i)].by});
    return b;
  });
  std::vector<Segment> sorted;
  sorted.reserve(s.size());
  for (int i : order) sorted.push_back(s[size_t(i)]);
  upload(sorted, std::move(tiles));
}

void LineMesh::upload(const std::vector<Segment>& s, TileRuns tiles) {
  if (!vao_) makeVertexArray(vao_, vbo_, 4, sizeof(Segment), offsetof(Segment, fid), true);
  count_ = fillBuffer(vbo_, s);
  tiles_ = std::move(tiles);
}

void Renderer::init(const std::string& shaderDir) {
  fill_ = Program(shaderDir, "fill");
  line_ = Program(shaderDir, "line");
}

void Renderer::common(const Program& p, const ColorTable& c, float alpha) const {
  glUseProgram(p.id());
  glUniform2f(p.uniform("center"), float(view_.cx), float(view_.cy));
  glUniform2f(p.uniform("scale"), float(2 * view_.scale / view_.w), float(2 * view_.scale / view_.h));
  glUniform1f(p.uniform("alpha"), alpha);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_BUFFER, c.texture());
  glUniform1i(p.uniform("colors"), 0);
}

BBox Renderer::visible(double marginPx) const {
  // Map coordinates of the map area, widened by what a primitive drawn just outside may still paint.
  BBox b = hasCull_ ? cull_ : view_.visible();
  double m = marginPx / std::max(view_.scale, 1e-9);
  b.minx -= m;
  b.miny -= m;
  b.maxx += m;
  b.maxy += m;
  return b;
}

long long Renderer::takeVertexCount() const {
  long long n = vertices_;
  vertices_ = 0;
  return n;
}

void Renderer::fill(const FillMesh& m, const ColorTable& c, float alpha) const {
  if (m.count() == 0 || !c.texture()) return;
  runs_.clear();
  m.tiles().visibleRuns(visible(1.0), runs_);
  if (runs_.empty()) return;
  common(fill_, c, alpha);
  glBindVertexArray(m.vao());
  for (auto [first, count] : runs_) {
    glDrawArrays(GL_TRIANGLES, first * 3, count * 3);
    vertices_ += count * 3;
  }
  glBindVertexArray(0);
}

void Renderer::lines(const LineMesh& m, const ColorTable& c, float widthPx, float alpha) const {
  if (m.count() == 0 || !c.texture()) return;
  runs_.clear();
  m.tiles().visibleRuns(visible(widthPx + 2.0), runs_);
  if (runs_.empty()) return;
  common(line_, c, alpha);
  glUniform2f(line_.uniform("viewport"), float(view_.w), float(view_.h));
  glUniform1f(line_.uniform("width"), widthPx);
  glBindVertexArray(m.vao());
  glBindBuffer(GL_ARRAY_BUFFER, m.vbo());
  // OpenGL 3.3 has no base instance: a run starts where the per-instance attributes are made to point.
  for (auto [first, count] : runs_) {
    const size_t at = size_t(first) * sizeof(Segment);
    glVertexAttribPointer(0, 4, GL_FLOAT, GL_FALSE, sizeof(Segment), reinterpret_cast<void*>(at));
    glVertexAttribIPointer(1, 1, GL_INT, sizeof(Segment), reinterpret_cast<void*>(at + offsetof(Segment, fid)));
    glDrawArraysInstanced(GL_TRIANGLES, 0, 6, count);
    vertices_ += count * 6LL;
  }
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  glBindVertexArray(0);
}

}  // namespace gp::studio
