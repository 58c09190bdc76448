#pragma once
// What a `--script` needs besides the commands themselves (App_Script.cpp runs those): the script's lines,
// mouse input fed through ImGui one event a frame (`drag`, `click`: the tools then run the same code as under
// a planner's hand), and screenshots of the window as drawn.
#include <cfloat>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/studio/View.hpp"

struct GLFWwindow;

namespace gp::studio {

struct ScriptLine {
  int number;  // in the file, from 1
  std::string text;
};

class ScriptRunner {
 public:
  // Reads the command file at `path`, one command a line; blank lines and '#' comments are skipped.
  // Nothing for an empty path. Throws gp::InputError when the file cannot be read.
  void load(const std::string& path);
  bool empty() const { return lines_.empty(); }
  // The next line to run, or nullptr when every line has run.
  const ScriptLine* next() { return pos_ < lines_.size() ? &lines_[pos_++] : nullptr; }
  // Prints "FILE:LINE: message" for a line that cannot run.
  void report(const ScriptLine& l, const std::string& msg) const;

  // Queues a press at `fromPlan`, `steps` moves towards `toPlan` and a release there (plan coordinates,
  // placed on the screen with `view` around the scene's `origin`). The script waits until it is consumed.
  void queueDrag(XY fromPlan, XY toPlan, int steps, const View& view, XY origin);
  bool mouseBusy() const { return !synthetic_.empty(); }
  // Gives ImGui this frame's event, if any: call between the platform backend's NewFrame and ImGui's. Until the
  // script's last line has run and its last screenshot is taken, ImGui sees only the script's mouse (no mouse
  // before its first event, then where its last event left it), never the real pointer.
  void feedMouse(GLFWwindow* win);
  bool scripting() const { return pos_ < lines_.size() || !pendingShot_.empty(); }

  // A screenshot asked for is taken of the next frame, before its buffers are swapped.
  void requestScreenshot(const std::string& path) { pendingShot_ = path; }
  bool screenshotPending() const { return !pendingShot_.empty(); }
  // Writes the pending screenshot from the back buffer. Returns false, after saying why, when it cannot.
  bool takeScreenshot(GLFWwindow* win);

 private:
  std::string path_;
  std::vector<ScriptLine> lines_;
  size_t pos_ = 0;
  struct SyntheticMouse {
    ImVec2 pos;
    int button;  // -1 unchanged, 0 released, 1 pressed (left)
  };
  std::vector<SyntheticMouse> synthetic_;
  size_t syntheticPos_ = 0;
  bool syntheticDown_ = false;
  ImVec2 lastPos_{-FLT_MAX, -FLT_MAX};  // ImGui's "no mouse"
  std::string pendingShot_;
};

}  // namespace gp::studio
