#pragma once
// `--frames N`: N frames panning across the map at four times the fitted zoom, then their frame times
// (p50, p95, max), the map vertices given to OpenGL, the map images drawn whole and the panel pixels drawn.
// With `--timings`, also each stage of a measured frame, finished on the GPU before the next starts (the
// waits cost a little overlap, so the stages add up to slightly more than the plain frame time).
#include <vector>

#include "app/studio/View.hpp"

namespace gp::studio {

class FrameStats {
 public:
  enum Stage { UiBuild, Map, ImGuiDrawing, Swap, kStages };

  FrameStats(int frames, bool timings) : frames_(frames), timings_(timings), left_(frames > 0 ? frames : -1) {}

  // Frames still to measure (<= 0 when none were asked for or all are done).
  int left() const { return left_; }
  // Measuring starts once the script is done and the first frames are drawn.
  bool measuring(bool scriptDone, int frameNo) const { return scriptDone && left_ > 0 && frameNo >= 2; }
  bool started() const { return !frameMs_.empty(); }
  // The first measured frame: the counters start from zero and the pan from `view`, zoomed in.
  void start(const View& view, const BBox& bounds);
  // The camera of the next measured frame.
  void moveCamera(View& view, const BBox& bounds) const;

  // Counted over every frame, reported over the measured ones.
  int fullRedraws = 0;       // map images drawn whole (not shifted from the cache)
  long long panelPixels = 0;  // pixels of panels drawn (not copied from their cache)

  // Whether this frame's stages are timed (--timings while measuring); the frame loop sets it.
  bool timeStages = false;
  void addStage(Stage s, double ms) { stageMs_[s].push_back(ms); }

  // A measured frame's time and map vertices. Returns true when it was the last: the report is printed.
  bool frameDone(double ms, long long vertices);

 private:
  void report();

  int frames_;
  bool timings_;
  int left_;
  std::vector<double> frameMs_;
  long long vertices_ = 0;  // vertices given to OpenGL over the measured frames
  View start_;
  double span_ = 0;
  std::vector<double> stageMs_[kStages];
};

}  // namespace gp::studio
