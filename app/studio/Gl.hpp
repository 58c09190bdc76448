#pragma once
// Small RAII and helpers over OpenGL 3.3 core (through libepoxy) for the studio's map renderer.
#include <epoxy/gl.h>

#include <string>

namespace gp::studio {

// A linked shader program from shaders/<name>.vert and shaders/<name>.frag. Throws std::runtime_error
// with the compiler's log when a shader does not compile or link.
class Program {
 public:
  Program() = default;
  explicit Program(const std::string& name);
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

// The directory shaders are read from: $GRIDPLAN_SHADER_DIR, else the source tree's shaders/.
std::string shaderDir();

}  // namespace gp::studio
