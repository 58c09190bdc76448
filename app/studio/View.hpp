#pragma once
// The map camera: which point of the plan is at the centre of the map area and how many pixels a metre
// takes. Map coordinates are metres relative to the scene origin (so floats keep their precision);
// screen coordinates are pixels from the window's top-left, y down.
#include <algorithm>
#include <cmath>

#include "geo/core/Geometry.hpp"

namespace gp::studio {

struct View {
  double cx = 0, cy = 0;     // centre, metres relative to the origin
  double scale = 1;          // pixels per metre
  double x0 = 0, y0 = 0;     // map area top-left in the window, pixels
  double w = 1, h = 1;       // map area size, pixels
  double fbScale = 1;        // framebuffer pixels per window pixel

  XY toScreen(XY m) const { return {x0 + w / 2 + (m.x - cx) * scale, y0 + h / 2 - (m.y - cy) * scale}; }
  XY toMap(XY s) const { return {cx + (s.x - x0 - w / 2) / scale, cy - (s.y - y0 - h / 2) / scale}; }

  // Frames `b` (map coordinates) with a margin.
  void fit(const BBox& b, double margin = 0.06) {
    if (b.empty()) return;
    cx = b.center().x;
    cy = b.center().y;
    double bw = std::max(b.width(), 1.0), bh = std::max(b.height(), 1.0);
    scale = std::min(w / bw, h / bh) * (1 - 2 * margin);
  }
  // Zooms by `factor` keeping the map point under screen point `s` fixed.
  void zoomAbout(XY s, double factor) {
    XY before = toMap(s);
    scale = std::clamp(scale * factor, 1e-4, 500.0);
    XY after = toMap(s);
    cx += before.x - after.x;
    cy += before.y - after.y;
  }
  void panPixels(double dx, double dy) {
    cx -= dx / scale;
    cy += dy / scale;
  }
  BBox visible() const {
    BBox b;
    b.add(toMap({x0, y0}));
    b.add(toMap({x0 + w, y0 + h}));
    return b;
  }
};

}  // namespace gp::studio
