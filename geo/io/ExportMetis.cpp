// The piece adjacency graph in METIS format, for benchmarks against gpmetis.
#include <algorithm>
#include <cstdio>
#include <map>

#include "geo/geom/Adjacency.hpp"
#include "geo/io/Export.hpp"
#include "geo/io/ExportFiles.hpp"

namespace gp::io {

PieceGraph pieceGraph(const Plan& plan) {
  const int n = static_cast<int>(plan.pieces.size());
  // Stacked floor pieces of one entrance share one cell: the adjacency is computed once per distinct cell.
  std::vector<int> cellOf(n, -1);
  std::vector<std::vector<int>> members;
  std::map<std::pair<int, int>, int> stacked;
  for (int i = 0; i < n; ++i) {
    const Piece& p = plan.pieces[i];
    if (p.floor_from > 0 && p.building >= 0) {
      auto [it, fresh] = stacked.emplace(std::make_pair(p.building, p.entrance), static_cast<int>(members.size()));
      if (fresh) members.emplace_back();
      cellOf[i] = it->second;
    } else {
      cellOf[i] = static_cast<int>(members.size());
      members.emplace_back();
    }
    members[cellOf[i]].push_back(i);
  }
  std::vector<MultiPolygon> cells(members.size());
  for (size_t c = 0; c < members.size(); ++c)
    for (int i : members[c])
      if (!plan.pieces[i].cell.empty()) {
        cells[c] = plan.pieces[i].cell;
        break;
      }
  std::vector<LineString> barriers;
  barriers.reserve(plan.in.barriers.size());
  for (const Barrier& b : plan.in.barriers) barriers.push_back(b.line);
  geom::CellGraph cg = geom::adjacency(cells, barriers);

  PieceGraph g;
  g.xadj.assign(1, 0);
  g.weight.resize(n);
  g.xy.resize(n);
  std::vector<int32_t> nb;
  for (int i = 0; i < n; ++i) {
    const Piece& p = plan.pieces[i];
    int c = cellOf[i];
    nb.clear();
    for (int j : members[c])
      if (j != i) nb.push_back(j);
    if (c + 1 < static_cast<int>(cg.xadj.size()))
      for (int32_t e = cg.xadj[c]; e < cg.xadj[c + 1]; ++e)
        for (int j : members[cg.adjncy[e]]) nb.push_back(j);
    std::sort(nb.begin(), nb.end());
    nb.erase(std::unique(nb.begin(), nb.end()), nb.end());
    g.adjncy.insert(g.adjncy.end(), nb.begin(), nb.end());
    g.xadj.push_back(static_cast<int32_t>(g.adjncy.size()));
    g.weight[i] = std::max(0, p.households);
    if (!cells[c].empty())
      g.xy[i] = centroid(cells[c]);
    else if (p.building >= 0 && p.building < static_cast<int>(plan.in.buildings.size()))
      g.xy[i] = centroid(plan.in.buildings[p.building].footprint);
  }
  return g;
}

std::vector<std::string> exportMetis(const Plan& plan, const std::string& path) {
  PieceGraph g = pieceGraph(plan);
  const size_t n = g.weight.size();
  std::string graph, xy, ids;
  graph.reserve(n * 40);
  graph += std::to_string(n) + " " + std::to_string(g.adjncy.size() / 2) + " 010\n";
  char buf[64];
  for (size_t i = 0; i < n; ++i) {
    graph += std::to_string(g.weight[i]);
    for (int32_t e = g.xadj[i]; e < g.xadj[i + 1]; ++e) {
      graph += ' ';
      graph += std::to_string(g.adjncy[e] + 1);  // METIS numbers vertices from 1
    }
    graph += '\n';
    std::snprintf(buf, sizeof buf, "%.3f %.3f\n", g.xy[i].x, g.xy[i].y);
    xy += buf;
    ids += plan.pieces[i].piece_id + '\n';
  }
  writeFileAtomically(path, graph);
  writeFileAtomically(path + ".xy", xy);
  writeFileAtomically(path + ".ids", ids);
  return {path, path + ".xy", path + ".ids"};
}

}  // namespace gp::io
