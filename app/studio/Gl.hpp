#pragma once
// Small RAII and helpers over OpenGL 3.3 core (through libepoxy) for the studio's map renderer.
#include <epoxy/gl.h>

#include <string>

namespace gp::studio {

// A linked shader program from <dir>/<name>.vert and <dir>/<name>.frag (dir: Settings::shaderDir). Throws
// std::runtime_error with the compiler's log when a shader does not compile or link.
class Program {
 public:
  Program() = default;
  Program(const std::string& dir, const std::string& name);
  ~Program();
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;
  Program(Program&& o) noexcept : id_(o.id_) { o.id_ = 0; }
  Program& operator=(Program&& o) noexcept;
  GLuint id() const { return id_; }
  GLint uniform(const char* name) const { return glGetUniformLocation(id_, name); }

 private:
  GLuint id_ = 0;
};

// An RGBA8 image drawn into offscreen: a texture behind a framebuffer object, sampled without filtering.
// The studio keeps the map and the panels as last drawn in these, to copy rather than draw again.
class OffscreenImage {
 public:
  OffscreenImage() = default;
  ~OffscreenImage() { release(); }
  OffscreenImage(const OffscreenImage&) = delete;
  OffscreenImage& operator=(const OffscreenImage&) = delete;
  // Allocates the image at w x h (keeping it when it has that size already; its pixels are then kept too).
  // Returns false when the driver cannot draw into it.
  bool resize(int w, int h);
  void release();
  GLuint fbo() const { return fbo_; }
  int width() const { return w_; }
  int height() const { return h_; }

 private:
  GLuint fbo_ = 0, tex_ = 0;
  int w_ = 0, h_ = 0;
  bool complete_ = false;
};

}  // namespace gp::studio
