#pragma once
// The map as last drawn, in one of two offscreen images. While only the camera's position changes (a pan),
// the last image is shifted by whole pixels and only the strips that come into view are drawn: the cost
// of a panning frame then hardly depends on the town's size (as QGIS's map canvas pans its cached image).
// GL objects: release() before the context goes.
#include <cstdint>

#include "app/studio/Gl.hpp"
#include "app/studio/Scene.hpp"
#include "app/studio/View.hpp"

namespace gp::studio {

class MapCache {
 public:
  bool enabled = true;  // Settings::panCache; off too when the driver cannot draw into the images

  // The last image shows the scene of `generation` with `layers` at the scale and size of `view`.
  bool reusable(const View& view, uint64_t generation, const Layers& layers) const;
  // A pan by a fraction of a pixel moves the camera to the nearest whole pixel, so the cached image can be
  // shifted exactly (half a pixel is not visible; labels are placed after this, with the same camera).
  void snap(View& view, uint64_t generation, const Layers& layers) const;
  // Images of w x h pixels (the map's area).
  void ensure(int w, int h);
  void release();
  // Draws the scene into the bound framebuffer's pixels (vx, vy, vw, vh) by way of the images: shifted
  // from the last one where it can be, drawn whole where not. Returns true when it was drawn whole.
  bool draw(const Scene& scene, const Renderer& renderer, const View& view, const Layers& layers, int vx, int vy,
            int vw, int vh);

 private:
  OffscreenImage image_[2];
  int cur_ = 0;
  bool valid_ = false;
  View view_;
  uint64_t generation_ = 0;
  Layers layers_;
};

}  // namespace gp::studio
