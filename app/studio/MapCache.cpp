#include "app/studio/MapCache.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <vector>

namespace gp::studio {

namespace {

bool sameLayers(const Layers& a, const Layers& b) {
  return a.communities == b.communities && a.grids == b.grids && a.units == b.units && a.buildings == b.buildings &&
         a.barriers == b.barriers && a.problems == b.problems && a.labels == b.labels &&
         a.colourByStatus == b.colourByStatus;
}

}  // namespace

bool MapCache::reusable(const View& view, uint64_t generation, const Layers& layers) const {
  const View& c = view_;
  return enabled && valid_ && generation_ == generation && sameLayers(layers_, layers) && c.scale == view.scale &&
         c.x0 == view.x0 && c.y0 == view.y0 && c.w == view.w && c.h == view.h && view.fbScale == 1.0;
}

void MapCache::snap(View& view, uint64_t generation, const Layers& layers) const {
  if (!reusable(view, generation, layers)) return;
  double dx = (view.cx - view_.cx) * view.scale, dy = (view.cy - view_.cy) * view.scale;
  if (std::abs(dx) >= view.w || std::abs(dy) >= view.h) return;
  view.cx = view_.cx + std::round(dx) / view.scale;
  view.cy = view_.cy + std::round(dy) / view.scale;
}

void MapCache::ensure(int w, int h) {
  if (image_[0].width() == w && image_[0].height() == h) return;
  for (OffscreenImage& im : image_)
    if (!im.resize(w, h)) enabled = false;
  valid_ = false;
}

void MapCache::release() {
  for (OffscreenImage& im : image_) im.release();
  valid_ = false;
}

bool MapCache::draw(const Scene& scene, const Renderer& renderer, const View& view, const Layers& layers, int vx,
                    int vy, int vw, int vh) {
  long ix = 0, iy = 0;
  bool reuse = reusable(view, scene.generation(), layers);
  if (reuse) {
    ix = std::lround((view.cx - view_.cx) * view.scale);
    iy = std::lround((view.cy - view_.cy) * view.scale);
    reuse = std::labs(ix) < vw && std::labs(iy) < vh;
  }
  glViewport(0, 0, vw, vh);
  glClearColor(0.89f, 0.91f, 0.93f, 1);
  // Map coordinates of a rectangle of the image (pixels, y up), for drawing only what meets it.
  auto mapBox = [&](int x, int y, int w, int h) {
    BBox b;
    b.add(view.toMap({view.x0 + x, view.y0 + (vh - y)}));
    b.add(view.toMap({view.x0 + x + w, view.y0 + (vh - y - h)}));
    return b;
  };
  if (!reuse) {
    glBindFramebuffer(GL_FRAMEBUFFER, image_[cur_].fbo());
    glDisable(GL_SCISSOR_TEST);
    glClear(GL_COLOR_BUFFER_BIT);
    scene.draw(renderer, view, layers);
  } else if (ix != 0 || iy != 0) {
    const int src = cur_, dst = 1 - src;
    const int cw = vw - int(std::labs(ix)), ch = vh - int(std::labs(iy));
    const int sx0 = int(std::max(ix, 0L)), sy0 = int(std::max(iy, 0L)), dx0 = int(std::max(-ix, 0L)), dy0 = int(std::max(-iy, 0L));
    glBindFramebuffer(GL_READ_FRAMEBUFFER, image_[src].fbo());
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, image_[dst].fbo());
    glDisable(GL_SCISSOR_TEST);
    glBlitFramebuffer(sx0, sy0, sx0 + cw, sy0 + ch, dx0, dy0, dx0 + cw, dy0 + ch, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, image_[dst].fbo());
    struct Rect {
      int x, y, w, h;
    };
    std::vector<Rect> strips;
    if (ix > 0) strips.push_back({vw - int(ix), 0, int(ix), vh});
    if (ix < 0) strips.push_back({0, 0, int(-ix), vh});
    if (iy > 0) strips.push_back({0, vh - int(iy), vw, int(iy)});
    if (iy < 0) strips.push_back({0, 0, vw, int(-iy)});
    glEnable(GL_SCISSOR_TEST);
    for (const Rect& r : strips) {
      glScissor(r.x, r.y, r.w, r.h);
      glClear(GL_COLOR_BUFFER_BIT);
      BBox cull = mapBox(r.x, r.y, r.w, r.h);
      scene.draw(renderer, view, layers, &cull);
    }
    glDisable(GL_SCISSOR_TEST);
    cur_ = dst;
  }
  renderer.setCull(nullptr);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, image_[cur_].fbo());
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
  glBlitFramebuffer(0, 0, vw, vh, vx, vy, vx + vw, vy + vh, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  valid_ = true;
  view_ = view;
  generation_ = scene.generation();
  layers_ = layers;
  return !reuse;
}

}  // namespace gp::studio
