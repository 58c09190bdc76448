#include "geo/pipeline/GridReasons.hpp"

#include <functional>
#include <map>
#include <set>
#include <string>

#include "geo/core/I18n.hpp"
#include "geo/geom/Pieces.hpp"
#include "geo/partition/Hints.hpp"
#include "geo/partition/Partition.hpp"

namespace gp::pipeline {

namespace {

// The households per floor of the area's pieces ("1×230, 19×10", most households first) when even single
// floors cannot be grouped into grids within the bounds (floors above the maximum, grids of their own, left
// out); empty when they can or it is not decided.
std::string ungroupableFloors(const Plan& plan, const Cells& cells, const std::set<int>& pieces, const Bounds& b) {
  static const std::vector<const HouseholdPoint*> kNone;
  std::map<int, int, std::greater<int>> count;
  for (int p : pieces) {
    const Piece& q = plan.pieces[static_cast<size_t>(p)];
    const auto& pts = cells.points && q.building >= 0 ? (*cells.points)[static_cast<size_t>(q.building)] : kNone;
    for (int h : geom::householdsPerFloor(plan.in, q, pts))
      if (h > 0 && h <= b.grid_max) ++count[h];
  }
  if (count.empty() || partition::sumsWithin({count.begin(), count.end()}, b.grid_min, b.grid_max) != 0) return "";
  std::string list;
  for (auto [h, n] : count) list += (list.empty() ? "" : ", ") + std::to_string(n) + "×" + std::to_string(h);
  return list;
}

}  // namespace

void reasonsAfterFloors(const Plan& plan, const Cells& cells, const LevelNodes& level, const partition::Result& r,
                        std::vector<GridOut>& grids, const Bounds& b) {
  if (!level.graph) return;
  const partition::Graph& graph = *level.graph;
  const int n = graph.size();
  if (n == 0 || static_cast<int>(r.part.size()) != n || static_cast<int>(level.pieces.size()) != n) return;
  const std::string fix = tr(partition::kHintFix), help = tr(partition::kHintHelp);
  // Free nodes: in parts the partitioner divided (neither kept as given nor one piece above the maximum).
  auto isFree = [&](int v) {
    const partition::PartInfo& p = r.parts[static_cast<size_t>(r.part[static_cast<size_t>(v)])];
    return p.fixed_label < 0 && p.status != Status::Over && p.status != Status::Under;
  };
  std::map<int, int> nodeOfPiece;
  for (int v = 0; v < n; ++v)
    for (int p : level.pieces[static_cast<size_t>(v)]) nodeOfPiece[p] = v;
  for (GridOut& g : grids) {
    std::string& why = g.grid.reason;
    if (g.grid.status != Status::Exception) continue;
    const size_t atFix = why.find(fix), atHelp = why.find(help);
    if (atFix == std::string::npos && atHelp == std::string::npos) continue;
    // The grid's connected area, as the partitioner's reason counted it.
    std::vector<int> queue;
    std::vector<char> seen(static_cast<size_t>(n), 0);
    for (int p : g.pieces) {
      auto it = nodeOfPiece.find(g.origin(p));
      if (it == nodeOfPiece.end() || seen[static_cast<size_t>(it->second)] || !isFree(it->second)) continue;
      seen[static_cast<size_t>(it->second)] = 1;
      queue.push_back(it->second);
    }
    for (size_t head = 0; head < queue.size(); ++head)
      for (int e = graph.xadj[static_cast<size_t>(queue[head])]; e < graph.xadj[static_cast<size_t>(queue[head]) + 1];
           ++e) {
        const int u = graph.adjncy[static_cast<size_t>(e)];
        if (seen[static_cast<size_t>(u)] || !isFree(u)) continue;
        seen[static_cast<size_t>(u)] = 1;
        queue.push_back(u);
      }
    std::set<int> pieces;
    for (int v : queue)
      for (int p : level.pieces[static_cast<size_t>(v)]) pieces.insert(p);
    const std::string floors = atFix != std::string::npos ? ungroupableFloors(plan, cells, pieces, b) : "";
    const std::string& hint = atFix != std::string::npos ? fix : help;
    why.replace(atFix != std::string::npos ? atFix : atHelp, hint.size(),
                floors.empty()
                    ? tr("(dividing entrances by floors between grids, tried, did not bring this grid within the bounds)")
                    : fmt(tr("(nor can its floors, of (count×households) %s, be grouped so: one floor is the finest "
                             "division allowed)"),
                          floors.c_str()));
  }
}

}  // namespace gp::pipeline
