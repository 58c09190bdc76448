#include "geo/pipeline/CellRepair.hpp"

#include <cstddef>

#include "geo/geom/Adjacency.hpp"
#include "geo/geom/Coverage.hpp"

namespace gp::pipeline {

namespace {
bool overlaps(const BBox& a, const BBox& b, double eps) {
  return !a.empty() && !b.empty() && a.minx <= b.maxx + eps && b.minx <= a.maxx + eps && a.miny <= b.maxy + eps &&
         b.miny <= a.maxy + eps;
}
}  // namespace

int mergeDetachedParts(std::vector<MultiPolygon>& cells, const std::vector<LineString>& barriers) {
  int moved = 0;
  const int n = static_cast<int>(cells.size());
  std::vector<BBox> boxes(n);
  for (int i = 0; i < n; ++i) boxes[i] = bbox(cells[i]);
  for (int g = 0; g < n; ++g) {
    if (cells[g].size() < 2) continue;
    size_t keep = 0;
    for (size_t k = 1; k < cells[g].size(); ++k)
      if (area(cells[g][k]) > area(cells[g][keep])) keep = k;
    MultiPolygon stay{cells[g][keep]};
    for (size_t k = 0; k < cells[g].size(); ++k) {
      if (k == keep) continue;
      MultiPolygon part{cells[g][k]};
      BBox pb = bbox(part);
      std::vector<int> cand;
      std::vector<MultiPolygon> local{part};
      for (int h = 0; h < n; ++h)
        if (h != g && overlaps(boxes[h], pb, 0.1)) {
          cand.push_back(h);
          local.push_back(cells[h]);
        }
      int best = -1;
      double bestOpen = -1, bestLen = -1;
      if (!cand.empty()) {
        for (const geom::SharedBoundary& s : geom::sharedBoundaries(local, barriers)) {
          if (s.a != 0) continue;
          double open = s.length - s.barrier_length;
          if (open > bestOpen + 1e-9 || (open >= bestOpen - 1e-9 && s.length > bestLen)) {
            bestOpen = open;
            bestLen = s.length;
            best = cand[s.b - 1];
          }
        }
      }
      if (best < 0) {
        stay.push_back(cells[g][k]);  // nowhere to go: stays, so no area is lost
        continue;
      }
      MultiPolygon merged = geom::unionCells({&cells[best], &part});
      cells[best] = std::move(merged);
      boxes[best] = bbox(cells[best]);
      ++moved;
    }
    cells[g] = std::move(stay);
    boxes[g] = bbox(cells[g]);
  }
  return moved;
}

}  // namespace gp::pipeline
