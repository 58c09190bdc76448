#include "app/studio/Gl.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "geo/core/I18n.hpp"

namespace gp::studio {

namespace {

std::string readFile(const std::string& path) {
  std::ifstream f(path);
  if (!f)
    throw std::runtime_error(
        fmt(tr("cannot read shader %s (set GRIDPLAN_SHADER_DIR to the shaders/ folder)"), path.c_str()));
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// GL's log of a shader (or program) whose `status` query failed; empty when it succeeded. The getters are
// glGetShaderiv/glGetShaderInfoLog or their program twins (function pointers under GLEW-style loaders).
template <class GetIv, class GetLog>
std::string failureLog(GLuint id, GLenum status, GetIv getIv, GetLog getLog) {
  GLint ok = 0;
  getIv(id, status, &ok);
  if (ok) return {};
  char log[4096] = {};
  getLog(id, sizeof log, nullptr, log);
  return log[0] ? std::string(log) : std::string("(no log)");
}

GLuint compile(GLenum type, const std::string& path) {
  std::string src = readFile(path);
  GLuint s = glCreateShader(type);
  const char* p = src.c_str();
  glShaderSource(s, 1, &p, nullptr);
  glCompileShader(s);
  if (std::string log = failureLog(s, GL_COMPILE_STATUS, glGetShaderiv, glGetShaderInfoLog); !log.empty()) {
    glDeleteShader(s);
    throw std::runtime_error("shader " + path + ": " + log);
  }
  return s;
}

}  // namespace

Program::Program(const std::string& dir, const std::string& name) {
  GLuint vs = compile(GL_VERTEX_SHADER, dir + "/" + name + ".vert");
  GLuint fs = compile(GL_FRAGMENT_SHADER, dir + "/" + name + ".frag");
  id_ = glCreateProgram();
  glAttachShader(id_, vs);
  glAttachShader(id_, fs);
  glLinkProgram(id_);
  glDeleteShader(vs);
  glDeleteShader(fs);
  if (std::string log = failureLog(id_, GL_LINK_STATUS, glGetProgramiv, glGetProgramInfoLog); !log.empty())
    throw std::runtime_error("shader program " + name + ": " + log);
}

Program::~Program() {
  if (id_) glDeleteProgram(id_);
}

Program& Program::operator=(Program&& o) noexcept {
  std::swap(id_, o.id_);
  return *this;
}

bool OffscreenImage::resize(int w, int h) {
  if (fbo_ && w_ == w && h_ == h) return complete_;
  release();
  glGenFramebuffers(1, &fbo_);
  glGenTextures(1, &tex_);
  glBindTexture(GL_TEXTURE_2D, tex_);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glBindTexture(GL_TEXTURE_2D, 0);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex_, 0);
  complete_ = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  w_ = w;
  h_ = h;
  return complete_;
}

void OffscreenImage::release() {
  if (fbo_) glDeleteFramebuffers(1, &fbo_);
  if (tex_) glDeleteTextures(1, &tex_);
  fbo_ = tex_ = 0;
  w_ = h_ = 0;
  complete_ = false;
}

}  // namespace gp::studio
