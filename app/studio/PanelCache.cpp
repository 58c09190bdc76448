#include "app/studio/PanelCache.hpp"

#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace gp::studio {

namespace {

bool intersects(const PixelRect& a, const PixelRect& b) {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

PixelRect intersection(const PixelRect& a, const PixelRect& b) {
  return {std::max(a.x0, b.x0), std::max(a.y0, b.y0), std::min(a.x1, b.x1), std::min(a.y1, b.y1)};
}

PixelRect hull(const PixelRect& a, const PixelRect& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return {std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
}

// The scissor box ImGui's OpenGL backend gives a command (imgui_impl_opengl3.cpp, with no display offset
// and a framebuffer scale of 1), computed the same way so that a redraw clipped to a part of it draws the
// same pixels there.
PixelRect scissorOf(const ImVec4& c, int fbh) {
  if (c.z <= c.x || c.w <= c.y) return {};
  PixelRect r;
  r.x0 = int(c.x);
  r.x1 = r.x0 + int(c.z - c.x);
  r.y0 = int(float(fbh) - c.w);
  r.y1 = r.y0 + int(c.w - c.y);
  return r;
}

// The pixels a list can touch: each command's scissor box around its triangles. (Clip rectangles alone would
// not do: a window draws its frame under the whole screen's clip rectangle.)
PixelRect boundsOf(const ImDrawList* l, int fbw, int fbh) {
  PixelRect b;
  for (const ImDrawCmd& c : l->CmdBuffer) {
    if (c.UserCallback) return {0, 0, fbw, fbh};
    if (c.ElemCount == 0) continue;
    float minx = 1e30f, miny = 1e30f, maxx = -1e30f, maxy = -1e30f;
    for (unsigned i = 0; i < c.ElemCount; ++i) {
      const ImVec2& p = l->VtxBuffer[int(c.VtxOffset + l->IdxBuffer[int(c.IdxOffset + i)])].pos;
      minx = std::min(minx, p.x), maxx = std::max(maxx, p.x);
      miny = std::min(miny, p.y), maxy = std::max(maxy, p.y);
    }
    const PixelRect tris{int(std::floor(minx)), fbh - int(std::ceil(maxy)), int(std::ceil(maxx)), fbh - int(std::floor(miny))};
    b = hull(b, intersection(intersection(scissorOf(c.ClipRect, fbh), tris), {0, 0, fbw, fbh}));
  }
  return b;
}

void renderLists(const ImDrawData* dd, ImDrawList** lists, int n) {
  if (n <= 0) return;
  ImDrawData d = *dd;
  d.CmdLists = lists;
  d.CmdListsCount = n;
  d.TotalVtxCount = d.TotalIdxCount = 0;
  for (int i = 0; i < n; ++i) {
    d.TotalVtxCount += lists[i]->VtxBuffer.Size;
    d.TotalIdxCount += lists[i]->IdxBuffer.Size;
  }
  ImGui_ImplOpenGL3_RenderDrawData(&d);
}

// `lists` drawn as they would be, but only within `r`: each command is clipped to its scissor box within it.
void renderClipped(const ImDrawData* dd, std::vector<ImDrawList*>& lists, const PixelRect& r, int fbh) {
  std::vector<ImVec4> saved;
  for (ImDrawList* l : lists)
    for (ImDrawCmd& c : l->CmdBuffer) {
      saved.push_back(c.ClipRect);
      const PixelRect s = intersection(scissorOf(c.ClipRect, fbh), r);
      c.ClipRect = s.empty() ? ImVec4(0, 0, 0, 0) : ImVec4(float(s.x0), float(fbh - s.y1), float(s.x1), float(fbh - s.y0));
    }
  renderLists(dd, lists.data(), int(lists.size()));
  size_t i = 0;
  for (ImDrawList* l : lists)
    for (ImDrawCmd& c : l->CmdBuffer) c.ClipRect = saved[i++];
}

// Rectangles that overlap are merged until none do, so no pixel is drawn twice.
std::vector<PixelRect> merged(std::vector<PixelRect> rs) {
  rs.erase(std::remove_if(rs.begin(), rs.end(), [](const PixelRect& r) { return r.empty(); }), rs.end());
  for (bool again = true; again;) {
    again = false;
    for (size_t i = 0; i < rs.size() && !again; ++i)
      for (size_t j = i + 1; j < rs.size(); ++j)
        if (intersects(rs[i], rs[j])) {
          rs[i] = hull(rs[i], rs[j]);
          rs.erase(rs.begin() + long(j));
          again = true;
          break;
        }
  }
  return rs;
}

}  // namespace

void PanelCache::release() {
  image_.release();
  valid_ = false;
  snaps_.clear();
}

bool PanelCache::Snap::sameAs(const ImDrawList* l) const {
  bool same = vtx.size() == size_t(l->VtxBuffer.Size) && idx.size() == size_t(l->IdxBuffer.Size) &&
              cmd.size() == size_t(l->CmdBuffer.Size) &&
              std::memcmp(vtx.data(), l->VtxBuffer.Data, vtx.size() * sizeof(ImDrawVert)) == 0 &&
              std::memcmp(idx.data(), l->IdxBuffer.Data, idx.size() * sizeof(ImDrawIdx)) == 0;
  for (size_t c = 0; same && c < cmd.size(); ++c) {
    const ImDrawCmd& d = l->CmdBuffer[int(c)];
    const Cmd& e = cmd[c];
    same = e.clip[0] == d.ClipRect.x && e.clip[1] == d.ClipRect.y && e.clip[2] == d.ClipRect.z &&
           e.clip[3] == d.ClipRect.w && e.texture == d.TextureId && e.vtxOffset == d.VtxOffset &&
           e.idxOffset == d.IdxOffset && e.elemCount == d.ElemCount &&
           e.callback == reinterpret_cast<void*>(d.UserCallback) && e.callbackData == d.UserCallbackData;
  }
  return same;
}

void PanelCache::Snap::take(const ImDrawList* l, const PixelRect& b) {
  vtx.assign(l->VtxBuffer.Data, l->VtxBuffer.Data + l->VtxBuffer.Size);
  idx.assign(l->IdxBuffer.Data, l->IdxBuffer.Data + l->IdxBuffer.Size);
  cmd.clear();
  for (const ImDrawCmd& d : l->CmdBuffer)
    cmd.push_back({{d.ClipRect.x, d.ClipRect.y, d.ClipRect.z, d.ClipRect.w}, d.TextureId, d.VtxOffset, d.IdxOffset,
                   d.ElemCount, reinterpret_cast<void*>(d.UserCallback), d.UserCallbackData});
  bounds = b;
}

// Snapshots of the cached lists; returns the rectangles of the image to draw again: all of it when the image
// is not valid, else where a list changed (before and after) and where a list went.
std::vector<PixelRect> PanelCache::snapshot(const std::vector<ImDrawList*>& cached,
                                            const std::vector<PixelRect>& cachedBounds, const PixelRect& screen) {
  std::vector<PixelRect> dirty;
  if (!valid_) {
    dirty.push_back(screen);
    snaps_.clear();
  }
  const size_t n = std::max(cached.size(), snaps_.size());
  std::vector<Snap> next(cached.size());
  for (size_t k = 0; k < n; ++k) {
    if (k >= cached.size()) {
      dirty.push_back(snaps_[k].bounds);
      continue;
    }
    Snap& s = next[k];
    if (k < snaps_.size() && snaps_[k].sameAs(cached[k])) {
      s = std::move(snaps_[k]);
      continue;
    }
    s.take(cached[k], cachedBounds[k]);
    if (k < snaps_.size()) dirty.push_back(snaps_[k].bounds);
    dirty.push_back(s.bounds);
  }
  snaps_ = std::move(next);
  return dirty;
}

void PanelCache::render(ImDrawData* dd, const PixelRect& mapIn, const float clear[3]) {
  lastRedrawn_ = 0;
  const int fbw = int(dd->DisplaySize.x * dd->FramebufferScale.x), fbh = int(dd->DisplaySize.y * dd->FramebufferScale.y);
  const PixelRect screen{0, 0, fbw, fbh};
  const PixelRect map = intersection(mapIn, screen);
  // Around the map: four rectangles, or the whole screen when there is no map.
  std::vector<PixelRect> around;
  if (map.empty())
    around.push_back(screen);
  else
    around = {{0, 0, fbw, map.y0}, {0, map.y1, fbw, fbh}, {0, map.y0, map.x0, map.y1}, {map.x1, map.y0, fbw, map.y1}};
  auto allLive = [&] {
    valid_ = false;
    lastRedrawn_ = long(std::max(fbw, 0)) * std::max(fbh, 0);
    glEnable(GL_SCISSOR_TEST);
    glClearColor(clear[0], clear[1], clear[2], 1);
    for (const PixelRect& r : around)
      if (!r.empty()) {
        glScissor(r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
        glClear(GL_COLOR_BUFFER_BIT);
      }
    glDisable(GL_SCISSOR_TEST);
    ImGui_ImplOpenGL3_RenderDrawData(dd);
  };
  if (!enabled || fbw <= 0 || fbh <= 0 || dd->FramebufferScale.x != 1 || dd->FramebufferScale.y != 1 ||
      dd->DisplayPos.x != 0 || dd->DisplayPos.y != 0)
    return allLive();

  // ImGui's order: the background list (the map's labels and markers), the windows from back to front, the
  // foreground list. The panels are the windows at the back that stay off the map.
  const ImDrawList* bg = ImGui::GetBackgroundDrawList();
  const ImDrawList* fg = ImGui::GetForegroundDrawList();
  std::vector<ImDrawList*> before, cached, after;
  // A panel's border and its anti-aliased fringe reach a pixel or two into the map: that band is drawn live.
  auto mostlyOffMap = [&](const PixelRect& b) { return intersection(b, map).area() * 4 <= b.area(); };
  std::vector<PixelRect> cachedBounds;
  for (int i = 0; i < dd->CmdListsCount; ++i) {
    ImDrawList* l = dd->CmdLists[i];
    if (l == bg) {
      // Drawn before the panels are copied in: it must not reach them.
      const PixelRect b = boundsOf(l, fbw, fbh);
      if (!b.empty() && (b.x0 < map.x0 || b.y0 < map.y0 || b.x1 > map.x1 || b.y1 > map.y1)) return allLive();
      before.push_back(l);
    } else if (PixelRect b = boundsOf(l, fbw, fbh); l != fg && after.empty() && mostlyOffMap(b)) {
      cached.push_back(l);
      cachedBounds.push_back(b);
    } else {
      after.push_back(l);
    }
  }

  if (image_.width() != fbw || image_.height() != fbh) valid_ = false;
  if (!image_.resize(fbw, fbh)) {
    enabled = false;
    return allLive();
  }
  std::vector<PixelRect> dirty = snapshot(cached, cachedBounds, screen);

  if (!dirty.empty()) {
    glBindFramebuffer(GL_FRAMEBUFFER, image_.fbo());
    for (const PixelRect& r : merged(std::move(dirty))) {
      glEnable(GL_SCISSOR_TEST);
      glScissor(r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
      glClearColor(clear[0], clear[1], clear[2], 1);
      glClear(GL_COLOR_BUFFER_BIT);
      glDisable(GL_SCISSOR_TEST);
      lastRedrawn_ += r.area();
      // Every panel list again, clipped to the rectangle: the same pixels as a whole redraw there.
      renderClipped(dd, cached, r, fbh);
    }
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
  }
  valid_ = true;

  renderLists(dd, before.data(), int(before.size()));
  // Everything off the map comes from the image, copied without blending.
  glBindFramebuffer(GL_READ_FRAMEBUFFER, image_.fbo());
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
  for (const PixelRect& r : around)
    if (!r.empty()) glBlitFramebuffer(r.x0, r.y0, r.x1, r.y1, r.x0, r.y0, r.x1, r.y1, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  // The panels' edges over the map, drawn over it as a whole redraw would.
  for (size_t k = 0; k < cached.size(); ++k) {
    const PixelRect band = intersection(cachedBounds[k], map);
    if (band.empty()) continue;
    std::vector<ImDrawList*> one{cached[k]};
    renderClipped(dd, one, band, fbh);
  }
  renderLists(dd, after.data(), int(after.size()));
}

}  // namespace gp::studio
