#pragma once
// Progress of long work (reading inputs, partitioning, writing, printing signs) on stderr. On a terminal one
// line redrawn in place, at most ten times a second, as before. Anywhere else (a pipe, a file, the log of a
// batch job) a carriage-return bar would pile up into one unreadable line, so there it is a line per stage
// and per 10 % within a stage (issue 14, point 7).
#include <chrono>
#include <functional>
#include <mutex>
#include <string>

namespace gp::app {

class Progress {
 public:
  enum class Mode { Off, Terminal, Lines };
  // Off when `quiet`, Terminal when stderr is a terminal, else Lines.
  static Mode forStderr(bool quiet);

  explicit Progress(Mode mode) : mode_(mode) {}
  ~Progress() { done(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // A new stage (already in the reader's language): a line of its own in Lines mode.
  void stage(const std::string& label);
  // `fraction` (0…1) of the current stage done; `detail` (e.g. the step a worker finished) is shown beside it.
  // Safe to call from several threads.
  void update(double fraction, const std::string& detail = {});
  // For io::LoadOptions::progress: a stage per loader stage, its fraction within it.
  std::function<void(const std::string& stage, double fraction)> loaderProgress();
  // Clears the terminal line (nothing to do in Lines mode).
  void done();

 private:
  void draw(int percent, const std::string& detail);
  void terminalLine(const std::string& text);

  Mode mode_;
  std::mutex mu_;
  std::string stage_;
  int lastTenth_ = -1;  // Lines: the last 10 % step written in this stage
  bool shown_ = false;  // Terminal: a line is on screen
  std::chrono::steady_clock::time_point last_{};
  std::string loaderStage_;
};

}  // namespace gp::app
