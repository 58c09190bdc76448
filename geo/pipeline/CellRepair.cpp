#include "geo/pipeline/CellRepair.hpp"

#include <cstddef>

#include "geo/geom/Adjacency.hpp"
#include "geo/geom/Coverage.hpp"
#include "geo/geom/Geos.hpp"

#include <cmath>

namespace gp::pipeline {

namespace {
bool overlaps(const BBox& a, const BBox& b, double eps) {
  return !a.empty() && !b.empty() && a.minx <= b.maxx + eps && b.minx <= a.maxx + eps && a.miny <= b.maxy + eps &&
         b.miny <= a.maxy + eps;
}

// The cell a loose part (a detached part, a gap) joins: the one sharing the most boundary with it across no
// barrier, then the most boundary at all; -1 when it touches none. `boxes` are the cells' bounding boxes;
// cell `except` is never chosen.
int neighbourSharingMost(const MultiPolygon& part, const std::vector<MultiPolygon>& cells, const std::vector<BBox>& boxes,
                         int except, const std::vector<LineString>& barriers) {
  const BBox pb = bbox(part);
  std::vector<int> cand;
  std::vector<MultiPolygon> local{part};
  for (int h = 0; h < static_cast<int>(cells.size()); ++h)
    if (h != except && overlaps(boxes[h], pb, 0.1)) {
      cand.push_back(h);
      local.push_back(cells[h]);
    }
  if (cand.empty()) return -1;
  int best = -1;
  double bestOpen = -1, bestLen = -1;
  for (const geom::SharedBoundary& s : geom::sharedBoundaries(local, barriers)) {
    if (s.a != 0) continue;
    double open = s.length - s.barrier_length;
    if (open > bestOpen + 1e-9 || (open >= bestOpen - 1e-9 && s.length > bestLen)) {
      bestOpen = open;
      bestLen = s.length;
      best = cand[s.b - 1];
    }
  }
  return best;
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
      const int best = neighbourSharingMost(part, cells, boxes, g, barriers);
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

namespace gp::pipeline {

namespace {

bool inRing(const Ring& r, XY p) {
  bool in = false;
  for (size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
    if (((r[i].y > p.y) != (r[j].y > p.y)) &&
        (p.x < (r[j].x - r[i].x) * (p.y - r[i].y) / (r[j].y - r[i].y) + r[i].x))
      in = !in;
  }
  return in;
}

bool contains(const MultiPolygon& mp, XY p) {
  for (const Polygon& poly : mp) {
    if (poly.rings.empty() || !inRing(poly.rings[0], p)) continue;
    bool hole = false;
    for (size_t k = 1; k < poly.rings.size() && !hole; ++k) hole = inRing(poly.rings[k], p);
    if (!hole) return true;
  }
  return false;
}

}  // namespace

int hostCell(const std::vector<MultiPolygon>& cells, XY at) {
  int best = -1;
  double bestD = 0;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (cells[i].empty()) continue;
    BBox b = bbox(cells[i]);
    if (at.x >= b.minx && at.x <= b.maxx && at.y >= b.miny && at.y <= b.maxy && contains(cells[i], at))
      return static_cast<int>(i);
    XY c = centroid(cells[i]);
    double d = (c.x - at.x) * (c.x - at.x) + (c.y - at.y) * (c.y - at.y);
    if (best < 0 || d < bestD) {
      best = static_cast<int>(i);
      bestD = d;
    }
  }
  return best;
}

int fillGaps(const MultiPolygon& region, std::vector<MultiPolygon>& cells, const std::vector<LineString>& barriers,
             double minArea) {
  std::vector<const MultiPolygon*> parts;
  for (const MultiPolygon& c : cells)
    if (!c.empty()) parts.push_back(&c);
  if (parts.empty()) return 0;
  MultiPolygon covered = geom::unionCells(parts);
  geos::Context ctx;
  geos::GeomPtr a = geos::toGeos(ctx, region), u = geos::toGeos(ctx, covered);
  if (!a || !u) return 0;
  geos::GeomPtr diff = geos::own(ctx, GEOSDifference_r(ctx, a.get(), u.get()));
  if (!diff) return 0;
  MultiPolygon gaps = geos::toMultiPolygon(ctx, diff.get());
  int filled = 0;
  for (const Polygon& gap : gaps) {
    if (gap.rings.empty() || std::abs(area(gap)) < minArea) continue;
    // Hand it over as a detached part of no cell: the same rule as mergeDetachedParts.
    std::vector<BBox> boxes(cells.size());
    for (size_t h = 0; h < cells.size(); ++h) boxes[h] = bbox(cells[h]);
    const int best = neighbourSharingMost(MultiPolygon{gap}, cells, boxes, -1, barriers);
    if (best < 0) continue;
    MultiPolygon g{gap};
    cells[best] = geom::unionCells({&cells[best], &g});
    ++filled;
  }
  return filled;
}

}  // namespace gp::pipeline
