// joinEmptyParts, a stage of planCommunity after the grid level: parts of a community in several pieces that
// hold no households join the nearest grid.
#include <algorithm>
#include <cmath>

#include "geo/pipeline/CommunityPlannerCommon.hpp"

namespace gp::pipeline::detail {

void joinEmptyParts(const Cells& cells, const Community& com, int communityHH, std::vector<GridOut>& grids) {
  int parts = 0;
  for (const Polygon& p : com.area) parts += area(p) >= 0.5;
  if (communityHH == 0 || parts < 2) return;
  auto groupsOf = [&](const GridOut& g) {
    std::vector<int> groups;
    for (int p : g.pieces) groups.push_back(cells.groupOf[cells.local(p)]);
    return groups;
  };
  std::vector<XY> at(grids.size());
  for (size_t i = 0; i < grids.size(); ++i) at[i] = centroidOf(cells, groupsOf(grids[i]));
  std::vector<char> gone(grids.size(), 0);
  for (size_t z = 0; z < grids.size(); ++z) {
    if (grids[z].grid.households != 0 || grids[z].baseGrid >= 0) continue;
    int target = -1;
    double best = 0;
    for (size_t t = 0; t < grids.size(); ++t) {
      if (t == z || gone[t] || grids[t].grid.households == 0 || grids[t].baseGrid >= 0) continue;
      double d = std::hypot(at[t].x - at[z].x, at[t].y - at[z].y);
      if (target < 0 || d < best) target = static_cast<int>(t), best = d;
    }
    if (target < 0) continue;
    GridOut& t = grids[static_cast<size_t>(target)];
    t.pieces.insert(t.pieces.end(), grids[z].pieces.begin(), grids[z].pieces.end());
    std::sort(t.pieces.begin(), t.pieces.end());
    gone[z] = 1;
  }
  std::vector<GridOut> kept;
  for (size_t i = 0; i < grids.size(); ++i)
    if (!gone[i]) kept.push_back(std::move(grids[i]));
  grids = std::move(kept);
}

}  // namespace gp::pipeline::detail
