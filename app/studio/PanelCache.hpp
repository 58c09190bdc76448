#pragma once
// The studio's panels (menu bar, tools, plan tables, status bar) as last drawn, kept in an offscreen image.
// Under a software renderer every ImGui pixel is textured and blended, and the panels were half of a panning
// frame (5.8 of 12 ms with 100k buildings) although nothing in them changed. A frame whose panel draw lists
// equal the last frame's copies them from the image; a list that changed is drawn again within its own
// rectangle (the status bar as the pointer moves; a table row as it is hovered).
#include <imgui.h>

#include <vector>

#include "app/studio/Gl.hpp"

namespace gp::studio {

// A rectangle of framebuffer pixels, OpenGL's way up: x0 <= x < x1, y0 <= y < y1 (y = 0 at the bottom).
struct PixelRect {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool empty() const { return x1 <= x0 || y1 <= y0; }
  long area() const { return empty() ? 0 : long(x1 - x0) * (y1 - y0); }
};

class PanelCache {
 public:
  // Draws `dd` (a frame's ImGui draw data, after ImGui::Render) over the map already in the bound default
  // framebuffer, whose map area is `map`; outside the map that framebuffer need not be cleared. The result
  // is that of ImGui_ImplOpenGL3_RenderDrawData(dd) over a framebuffer cleared to `clear` outside the map,
  // to a level or two on a few anti-aliased edges (Mesa rasterises a window's buffer upside down against an
  // offscreen image). Window lists that stay mostly off the map, in ImGui's order up to the first one that
  // does not (a tooltip over the map, a menu, a modal's dimming), come from the image, and their edges over
  // the map are drawn live; the rest are drawn live on top. Where the cache cannot keep the promise (a
  // framebuffer scale other than 1, a background list reaching outside the map) the frame is drawn live.
  void render(ImDrawData* dd, const PixelRect& map, const float clear[3]);

  // Forgets the image (fonts rebuilt: the same lists may now mean other glyphs).
  void invalidate() { valid_ = false; }
  void release();
  bool enabled = true;

  // Pixels the panels were drawn on by the last render(): the rectangles drawn again into the image (0 when
  // it was only copied), or the whole framebuffer when the frame was drawn live.
  long lastDrawnPixels() const { return lastRedrawn_; }

 private:
  // A panel's draw list as last drawn into the image, and the pixels it covered.
  struct Snap {
    std::vector<ImDrawVert> vtx;
    std::vector<ImDrawIdx> idx;
    struct Cmd {
      float clip[4];
      void* texture;
      unsigned vtxOffset, idxOffset, elemCount;
      void* callback;
      void* callbackData;
    };
    std::vector<Cmd> cmd;
    PixelRect bounds;
    bool sameAs(const ImDrawList* l) const;  // the list as drawn now equals this snapshot
    void take(const ImDrawList* l, const PixelRect& b);
  };
  std::vector<PixelRect> snapshot(const std::vector<ImDrawList*>& cached, const std::vector<PixelRect>& cachedBounds,
                                  const PixelRect& screen);
  OffscreenImage image_;
  bool valid_ = false;
  std::vector<Snap> snaps_;
  long lastRedrawn_ = 0;
};

}  // namespace gp::studio
