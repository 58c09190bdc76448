// An edit that takes grids or units out of the plan (an assign that empties a unit) or puts them back (its
// undo) moves every later index by one. What the scene keeps per index moves with them here, so only the
// touched grids and units are meshed again; the chunked layers are uploaded again because each segment and
// triangle carries its feature's index for the colour tables.
#include "app/studio/Scene.hpp"

#include <algorithm>

namespace gp::studio {

namespace {

template <class T>
void apply(std::vector<T>& v, const plan::Shift& s, const T& fresh = T{}) {
  if (s.inserted)
    v.insert(v.begin() + s.index, fresh);
  else
    v.erase(v.begin() + s.index);
}

void renumber(std::vector<std::vector<Segment>>& perFeature, size_t from) {
  for (size_t f = from; f < perFeature.size(); ++f)
    for (Segment& s : perFeature[f]) s.fid = int(f);
}

}  // namespace

bool Scene::replay(const std::vector<plan::Shift>& shifts) {
  // All or nothing: a shift that does not fit (a scene not in step with the plan) leaves the scene as it
  // was, to be rebuilt.
  size_t ng = gridSegs_.size(), nu = unitSegs_.size();
  for (const plan::Shift& s : shifts) {
    size_t& n = s.unit ? nu : ng;
    if (s.index < 0 || size_t(s.index) > n || (!s.inserted && size_t(s.index) == n)) return false;
    n = s.inserted ? n + 1 : n - 1;
  }
  size_t firstGrid = gridSegs_.size(), firstUnit = unitSegs_.size();
  for (const plan::Shift& s : shifts) {
    if (s.unit) {
      if (!s.inserted) violations_ -= unitBad_[size_t(s.index)];
      apply(unitSegs_, s);
      apply(unitBox_, s);
      apply(unitAnchor_, s);
      apply(unitBad_, s, uint8_t(0));
      firstUnit = std::min(firstUnit, size_t(s.index));
    } else {
      if (!s.inserted) countGrid(bad_[size_t(s.index)], -1);
      apply(gridSegs_, s);
      for (auto& level : gridSegsLod_) apply(level, s);
      apply(gridBox_, s);
      apply(gridAnchor_, s);
      apply(gridIds_, s);
      apply(gridPalette_, s, -1);  // recolourTouched gives it its colour back
      apply(gridRgba_, s, 0xFFCCCCCCu);
      apply(bad_, s, uint8_t(0));
      firstGrid = std::min(firstGrid, size_t(s.index));
    }
  }
  renumber(gridSegs_, firstGrid);
  for (auto& level : gridSegsLod_) renumber(level, firstGrid);
  renumber(unitSegs_, firstUnit);
  return true;
}

}  // namespace gp::studio
