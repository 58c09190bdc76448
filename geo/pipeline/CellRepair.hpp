#pragma once
// Tessellation cells may come back in several parts (a cell cut by a barrier or a compound wall keeps a
// sliver on the far side). A grid or unit made of such a cell would not be one connected polygon
// (DESIGN §4, invariant 5), so each cell keeps its largest part and every other part goes to the
// neighbouring cell it shares the longest boundary with (preferring boundary off the barriers).
#include <vector>

#include "geo/core/Geometry.hpp"

namespace gp::pipeline {

// Returns how many detached parts were moved. Parts with no neighbour sharing boundary stay where they
// are. The cells keep covering exactly the same area.
int mergeDetachedParts(std::vector<MultiPolygon>& cells, const std::vector<LineString>& barriers);

// Gaps the tessellation left inside `area` (parts of it no cell covers, above `minArea` m²) go to the
// cell sharing the longest boundary with them, so the cells cover the area seamlessly. Returns how many.
int fillGaps(const MultiPolygon& area, std::vector<MultiPolygon>& cells, const std::vector<LineString>& barriers,
             double minArea = 0.01);

// The cell containing `at`, else the one with the nearest centroid; -1 when every cell is empty.
int hostCell(const std::vector<MultiPolygon>& cells, XY at);

}  // namespace gp::pipeline
