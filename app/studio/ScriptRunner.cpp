#include "app/studio/ScriptRunner.hpp"

#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "app/studio/Png.hpp"
#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
#include "geo/core/Secrets.hpp"

namespace gp::studio {

void ScriptRunner::load(const std::string& path) {
  path_ = path;
  if (path.empty()) return;
  std::ifstream f(path);
  if (!f) throw InputError(fmt(tr("cannot read script %s: check the path"), path.c_str()));
  std::string line;
  int n = 0;
  while (std::getline(f, line)) {
    ++n;
    size_t a = line.find_first_not_of(" \t\r");
    if (a == std::string::npos || line[a] == '#') continue;
    size_t b = line.find_last_not_of(" \t\r");
    lines_.push_back({n, line.substr(a, b - a + 1)});
  }
}

void ScriptRunner::report(const ScriptLine& l, const std::string& msg) const {
  std::fprintf(stderr, "%s:%d: %s\n", path_.c_str(), l.number, maskPasswords(msg).c_str());
}

void ScriptRunner::queueDrag(XY fromPlan, XY toPlan, int steps, const View& view, XY origin) {
  auto screen = [&](XY p) {
    XY s = view.toScreen({p.x - origin.x, p.y - origin.y});
    return ImVec2(float(s.x), float(s.y));
  };
  // Move there, press, move in steps, release, and one quiet frame for the tool to finish its edit.
  synthetic_.push_back({screen(fromPlan), -1});
  synthetic_.push_back({screen(fromPlan), 1});
  for (int i = 1; i <= steps; ++i) {
    double t = double(i) / steps;
    synthetic_.push_back({screen({fromPlan.x + (toPlan.x - fromPlan.x) * t, fromPlan.y + (toPlan.y - fromPlan.y) * t}), -1});
  }
  synthetic_.push_back({screen(toPlan), 0});
  synthetic_.push_back({screen(toPlan), -1});
}

void ScriptRunner::feedMouse(GLFWwindow* win) {
  // ImGui 1.86 reads the mouse as state (set by the GLFW backend just before): override it for this frame.
  ImGuiIO& io = ImGui::GetIO();
  if (syntheticPos_ < synthetic_.size()) {
    const SyntheticMouse& e = synthetic_[syntheticPos_++];
    glfwSetCursorPos(win, e.pos.x, e.pos.y);  // the real pointer agrees, so GLFW's own events do not move it back
    if (e.button >= 0) syntheticDown_ = e.button == 1;
    lastPos_ = e.pos;
    if (syntheticPos_ == synthetic_.size()) synthetic_.clear(), syntheticPos_ = 0;
  } else if (!scripting()) {
    return;
  }
  // While a script runs, the mouse is the script's alone: the real pointer, wherever the X server has it (another
  // program, another studio on the same display), would otherwise hover, show its coordinates and change what a
  // screenshot shows.
  io.MousePos = lastPos_;
  for (bool& down : io.MouseDown) down = false;
  io.MouseDown[ImGuiMouseButton_Left] = syntheticDown_;
  io.MouseWheel = io.MouseWheelH = 0;
}

bool ScriptRunner::takeScreenshot(GLFWwindow* win) {
  const std::string path = std::move(pendingShot_);
  pendingShot_.clear();
  try {
    int w = 0, h = 0;
    glfwGetFramebufferSize(win, &w, &h);
    std::vector<uint8_t> px(size_t(w) * h * 4), flipped(px.size());
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
    for (int y = 0; y < h; ++y)
      std::copy_n(&px[size_t(h - 1 - y) * w * 4], size_t(w) * 4, &flipped[size_t(y) * w * 4]);
    for (size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;
    writePng(path, w, h, flipped);
    std::printf("%s\n", fmt(tr("screenshot %1$s (%2$dx%3$d)"), path.c_str(), w, h).c_str());
    std::fflush(stdout);
    return true;
  } catch (const InputError& e) {
    std::fprintf(stderr, "studio: %s\n", e.what());
    return false;
  }
}

}  // namespace gp::studio
