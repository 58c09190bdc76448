// App: the map itself, drawn with OpenGL into the map's area of the window, by way of the pan cache
// (MapCache) unless it is off.
#include "app/studio/App.hpp"

#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>

namespace gp::studio {

void App::snapToCache() {
  if (sceneReady_) cache_.snap(view_, scene_->generation(), layers_);
}

void App::renderMap() {
  int fbw = 0, fbh = 0;
  glfwGetFramebufferSize(win_, &fbw, &fbh);
  int ww = 0, wh = 0;
  glfwGetWindowSize(win_, &ww, &wh);
  double sx = ww > 0 ? double(fbw) / ww : 1, sy = wh > 0 ? double(fbh) / wh : 1;
  glViewport(0, 0, fbw, fbh);
  int vx = int(view_.x0 * sx), vy = int(fbh - (view_.y0 + view_.h) * sy);
  int vw = int(view_.w * sx), vh = int(view_.h * sy);
  // Only the map's area: the panels clear (or copy) the rest. A whole-window clear is half a millisecond
  // of a software renderer's frame.
  mapPx_ = {vx, vy, vx + vw, vy + vh};
  if (!sceneReady_) {
    glEnable(GL_SCISSOR_TEST);
    glScissor(vx, vy, std::max(vw, 0), std::max(vh, 0));
    glClearColor(kBackdrop[0], kBackdrop[1], kBackdrop[2], 1);
    glClear(GL_COLOR_BUFFER_BIT);
    glDisable(GL_SCISSOR_TEST);
    return;
  }
  renderer_->setView(view_);
  scene_->prepare(view_.scale);
  glEnable(GL_BLEND);
  glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
  if (cache_.enabled && vw > 0 && vh > 0) cache_.ensure(vw, vh);  // may find the driver cannot: then drawn directly
  if (!cache_.enabled || vw <= 0 || vh <= 0) {
    glViewport(vx, vy, vw, vh);
    glEnable(GL_SCISSOR_TEST);
    glScissor(vx, vy, vw, vh);
    glClearColor(0.89f, 0.91f, 0.93f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    glEnable(GL_MULTISAMPLE);
    scene_->draw(*renderer_, view_, layers_);
    glDisable(GL_SCISSOR_TEST);
    glViewport(0, 0, fbw, fbh);
    return;
  }
  if (cache_.draw(*scene_, *renderer_, view_, layers_, vx, vy, vw, vh)) ++stats_.fullRedraws;
  glViewport(0, 0, fbw, fbh);
}

}  // namespace gp::studio
