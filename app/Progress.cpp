#include "app/Progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "geo/core/I18n.hpp"
#include "geo/core/ProgressStage.hpp"

namespace gp::app {

Progress::Mode Progress::forStderr(bool quiet) {
  if (quiet) return Mode::Off;
  return isatty(STDERR_FILENO) ? Mode::Terminal : Mode::Lines;
}

void Progress::stage(const std::string& label) {
  if (mode_ == Mode::Off) return;
  std::lock_guard<std::mutex> lock(mu_);
  stage_ = label;
  lastTenth_ = -1;
  if (mode_ == Mode::Lines) {
    std::fprintf(stderr, "gridplan: %s\n", label.c_str());
    std::fflush(stderr);
    lastTenth_ = 0;  // the stage's own line stands for 0 %
  } else {
    terminalLine(label);
  }
}

void Progress::terminalLine(const std::string& text) {
  std::fprintf(stderr, "\r  %-60s", text.c_str());
  std::fflush(stderr);
  shown_ = true;
}

std::function<void(const std::string&, double)> Progress::loaderProgress() {
  return [this](const std::string& key, double fraction) {
    if (key != loaderStage_) {
      loaderStage_ = key;
      stage(progressStage(key));
      if (fraction <= 0 || fraction >= 1) return;  // a stage without steps: its line is enough
    }
    update(fraction);
  };
}

void Progress::update(double fraction, const std::string& detail) {
  if (mode_ == Mode::Off) return;
  std::lock_guard<std::mutex> lock(mu_);
  const int percent = std::clamp(static_cast<int>(fraction * 100 + 0.5), 0, 100);
  if (mode_ == Mode::Lines) {
    if (percent / 10 <= lastTenth_) return;
    lastTenth_ = percent / 10;
    draw(lastTenth_ * 10, detail);
    return;
  }
  auto now = std::chrono::steady_clock::now();
  if (percent < 100 && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  draw(percent, detail);
}

void Progress::draw(int percent, const std::string& detail) {
  // TRANSLATORS: a stage and how much of it is done ("partitioning:  40%").
  std::string line = fmt(tr("%1$s: %2$3d%%"), stage_.c_str(), percent);
  if (!detail.empty()) line += "  " + detail;
  if (mode_ == Mode::Lines) {
    std::fprintf(stderr, "gridplan: %s\n", line.c_str());
    std::fflush(stderr);
  } else {
    terminalLine(line);
  }
}

void Progress::done() {
  if (mode_ != Mode::Terminal) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (shown_) std::fprintf(stderr, "\r%64s\r", "");
  shown_ = false;
}

}  // namespace gp::app
