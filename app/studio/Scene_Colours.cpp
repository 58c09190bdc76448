// The grid fills' neighbour colours: whole (on open and after a rebuild) or for the grids an edit touched.
#include "app/studio/Scene.hpp"

#include "geo/plan/GridColours.hpp"

namespace gp::studio {

namespace {

// Neighbouring grids get different colours from the plan's palette (geo/plan/GridColours, as in QGIS).
uint32_t paletteColour(int k) {
  const plan::Rgb& c = plan::gridPalette()[size_t(k)];
  return 0xFF000000u | (uint32_t(c.b) << 16) | (uint32_t(c.g) << 8) | uint32_t(c.r);
}
constexpr int kPaletteSize = plan::kGridColours;

}  // namespace

void Scene::colourGrids(const Plan& plan) {
  const int n = int(plan.grids.size());
  std::vector<std::vector<int>> nb(n);
  for (int p = 0; p + 1 < int(padjStart_.size()) && p < int(plan.pieces.size()); ++p) {
    int gp = plan.pieces[p].grid;
    if (gp < 0 || gp >= n) continue;
    for (int k = padjStart_[p]; k < padjStart_[p + 1]; ++k) {
      int gq = plan.pieces[padj_[k]].grid;
      if (gq >= 0 && gq < n && gq != gp) nb[gp].push_back(gq);
    }
  }
  for (auto& v : nb) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  }
  // Keep each grid's previous colour (else the plan file's) where no neighbour took it, so an edit does not
  // repaint the city and an opened plan shows the colours QGIS shows.
  std::map<std::string, int>& previous = previousPalette_;
  std::vector<int> preferred(n, -1);
  for (int g = 0; g < n; ++g) {
    auto it = previous.find(plan.grids[g].grid_id);
    preferred[g] = it != previous.end() ? it->second : plan.grids[g].colour;
  }
  std::vector<int> slot = plan::colourGraph(nb, preferred);
  for (int g = 0; g < n; ++g) previous[plan.grids[g].grid_id] = slot[g];
  gridPalette_ = slot;
  gridRgba_.assign(n, 0);
  for (int g = 0; g < n; ++g) gridRgba_[g] = paletteColour(slot[g]);
}

void Scene::recolourTouched(const Plan& plan, const std::vector<int>& grids) {
  // Only the touched grids' neighbourhoods changed: re-check just their colours. A grid put back (its slot
  // -1) first takes the colour it had, or the plan's.
  const int n = int(plan.grids.size());
  for (int g = 0; g < n; ++g) {
    if (gridPalette_[g] >= 0) continue;
    auto it = previousPalette_.find(plan.grids[g].grid_id);
    int slot = it != previousPalette_.end() ? it->second : plan.grids[g].colour;
    gridPalette_[g] = slot >= 0 && slot < kPaletteSize ? slot : 0;
    gridRgba_[g] = paletteColour(gridPalette_[g]);
  }
  std::vector<char> touched(n, 0);
  for (int g : grids)
    if (g >= 0 && g < n) touched[g] = 1;
  std::vector<std::vector<int>> nb(n);
  for (int p = 0; p + 1 < int(padjStart_.size()) && p < int(plan.pieces.size()); ++p) {
    int gp = plan.pieces[p].grid;
    if (gp < 0 || gp >= n || !touched[gp]) continue;
    for (int k = padjStart_[p]; k < padjStart_[p + 1]; ++k) {
      int gq = plan.pieces[padj_[k]].grid;
      if (gq >= 0 && gq < n && gq != gp) nb[gp].push_back(gq);
    }
  }
  for (int g : grids) {
    if (g < 0 || g >= n) continue;
    bool taken[kPaletteSize] = {};
    for (int h : nb[g]) taken[gridPalette_[h]] = true;
    if (!taken[gridPalette_[g]]) continue;
    for (int k = 0; k < kPaletteSize; ++k)
      if (!taken[k]) {
        gridPalette_[g] = k;
        break;
      }
    gridRgba_[g] = paletteColour(gridPalette_[g]);
    previousPalette_[plan.grids[g].grid_id] = gridPalette_[g];
  }
}

}  // namespace gp::studio
