// App: the map labels: grid codes and households (community names when zoomed out), unit codes,
// placed greedily by priority without overlaps.
#include "app/studio/App.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace gp::studio {

void App::drawLabels(ImDrawList* dl) {
  const Plan& p = doc_.plan;
  ImFont* font = fonts_.label;
  ImFont* small = fonts_.labelSmall ? fonts_.labelSmall : font;
  const float fs = font->FontSize;
  struct Cand {
    int priority;
    XY at;
    std::string line1, line2;
    ImU32 colour;
  };
  std::vector<Cand> cands;
  BBox vis = view_.visible();
  // Zoomed out until grids are small, a label per grid is a wall of numbers: the communities are named
  // instead, and only the grids that need attention (and the selected ones) keep their codes.
  const bool overview = scene_->typicalGridSize() * view_.scale < 40;
  if (overview) {
    for (int c = 0; c < int(p.in.communities.size()); ++c) {
      XY a = scene_->communityAnchor(c);
      if (a.x < vis.minx || a.x > vis.maxx || a.y < vis.miny || a.y > vis.maxy) continue;
      const Community& cm = p.in.communities[c];
      Cand cd;
      cd.priority = 500000 + cm.households;
      cd.at = view_.toScreen(a);
      cd.line1 = cm.name.empty() ? lastDigits(cm.community_id, 3) : cm.name;
      cd.line2 = std::to_string(cm.households) + "户";
      cd.colour = IM_COL32(30, 34, 44, 255);
      cands.push_back(std::move(cd));
    }
  }
  for (int g = 0; g < int(p.grids.size()); ++g) {
    if (overview && !sel_.hasGrid(g) && !scene_->gridOutOfBounds(g)) continue;
    XY a = scene_->gridAnchor(g);
    if (a.x < vis.minx || a.x > vis.maxx || a.y < vis.miny || a.y > vis.maxy) continue;
    const Grid& gr = p.grids[g];
    Cand c;
    c.priority = (sel_.hasGrid(g) ? 3000000 : 0) + (scene_->gridOutOfBounds(g) ? 1000000 : 0) + gr.households;
    c.at = view_.toScreen(a);
    c.line1 = lastDigits(gr.grid_id, 3) + (gr.locked ? " 锁" : "");
    if (view_.scale > 1.5 && !gr.name.empty()) c.line1 += " " + gr.name;
    c.line2 = std::to_string(gr.households) + "户";
    c.colour = scene_->gridOutOfBounds(g) ? IM_COL32(190, 20, 20, 255) : IM_COL32(30, 34, 44, 255);
    cands.push_back(std::move(c));
  }
  if (layers_.units && view_.scale > 1.2) {
    for (int u = 0; u < int(p.units.size()); ++u) {
      XY a = scene_->unitAnchor(u);
      if (a.x < vis.minx || a.x > vis.maxx || a.y < vis.miny || a.y > vis.maxy) continue;
      Cand c;
      c.priority = -1000 + (u == sel_.unit ? 5000000 : 0);
      c.at = view_.toScreen(a);
      c.line1 = lastDigits(p.units[u].unit_id, 2);
      c.line2 = view_.scale > 3 ? std::to_string(p.units[u].households) + "户" : "";
      c.colour = scene_->unitDisconnected(u) ? IM_COL32(190, 20, 20, 255) : IM_COL32(80, 86, 100, 255);
      cands.push_back(std::move(c));
    }
  }
  std::sort(cands.begin(), cands.end(), [](const Cand& a, const Cand& b) { return a.priority > b.priority; });
  // Greedy placement by priority; placed boxes are bucketed by screen cell so the check stays cheap.
  const float cell = 64;
  int cols = int(view_.w / cell) + 3, rows = int(view_.h / cell) + 3;
  std::vector<std::vector<ImVec4>> buckets(size_t(cols) * rows);
  int placed = 0;
  for (const Cand& c : cands) {
    if (placed > 1500) break;
    ImVec2 s1 = font->CalcTextSizeA(fs, 1e9f, 0, c.line1.c_str());
    ImVec2 s2 = c.line2.empty() ? ImVec2(0, 0) : small->CalcTextSizeA(small->FontSize, 1e9f, 0, c.line2.c_str());
    float w = std::max(s1.x, s2.x) + 4, h = s1.y + s2.y + 2;
    ImVec4 r(float(c.at.x) - w / 2, float(c.at.y) - h / 2, float(c.at.x) + w / 2, float(c.at.y) + h / 2);
    // Labels keep some air between them, so a zoomed-out city reads as a map, not a wall of numbers.
    const float pad = view_.scale < 0.4 ? 10.0f : 4.0f;
    ImVec4 rp(r.x - pad, r.y - pad, r.z + pad, r.w + pad);
    if (r.x < view_.x0 || r.z > view_.x0 + view_.w || r.y < view_.y0 || r.w > view_.y0 + view_.h) continue;
    int bx0 = std::clamp(int((r.x - view_.x0) / cell), 0, cols - 1), bx1 = std::clamp(int((r.z - view_.x0) / cell), 0, cols - 1);
    int by0 = std::clamp(int((r.y - view_.y0) / cell), 0, rows - 1), by1 = std::clamp(int((r.w - view_.y0) / cell), 0, rows - 1);
    bool clash = false;
    for (int y = by0; y <= by1 && !clash; ++y)
      for (int x = bx0; x <= bx1 && !clash; ++x)
        for (const ImVec4& o : buckets[size_t(y) * cols + x])
          if (rp.x < o.z && o.x < rp.z && rp.y < o.w && o.y < rp.w) {
            clash = true;
            break;
          }
    if (clash) continue;
    for (int y = by0; y <= by1; ++y)
      for (int x = bx0; x <= bx1; ++x) buckets[size_t(y) * cols + x].push_back(r);
    ++placed;
    // A soft plate behind the text keeps it readable on any fill at the cost of one quad (a halo drawn
    // by offset copies costs eight more glyph runs per label, which a software renderer feels). Square:
    // rounded corners with their anti-aliased fringe are forty triangles a label, 2.5 ms a frame on llvmpipe.
    dl->AddRectFilled(ImVec2(r.x, r.y), ImVec2(r.z, r.w), IM_COL32(255, 255, 255, 150));
    // Whole pixels: the atlas is sampled without filtering.
    dl->AddText(font, fs, ImVec2(std::floor(float(c.at.x) - s1.x / 2), std::floor(r.y + 1)), c.colour, c.line1.c_str());
    if (!c.line2.empty())
      dl->AddText(small, small->FontSize, ImVec2(std::floor(float(c.at.x) - s2.x / 2), std::floor(r.y + 1 + s1.y)),
                  IM_COL32(60, 66, 80, 255), c.line2.c_str());
  }
}

}  // namespace gp::studio
