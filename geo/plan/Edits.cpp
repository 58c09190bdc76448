#include "geo/plan/Edits.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <unordered_map>

#include "geo/geom/Adjacency.hpp"
#include "geo/geom/Coverage.hpp"
#include "geo/plan/Stats.hpp"

namespace gp::plan {

void Touched::addGrid(int g) {
  if (g >= 0 && std::find(grids.begin(), grids.end(), g) == grids.end()) grids.push_back(g);
}
void Touched::addUnit(int u) {
  if (u >= 0 && std::find(units.begin(), units.end(), u) == units.end()) units.push_back(u);
}
void Touched::merge(const Touched& o) {
  for (int g : o.grids) addGrid(g);
  for (int u : o.units) addUnit(u);
  pieces.insert(pieces.end(), o.pieces.begin(), o.pieces.end());
  // Two edits' lists and shifts refer to different states of the plan: caches rebuild.
  structure = structure || o.structure || !shifts.empty() || !o.shifts.empty();
  shifts.clear();
  attributes_only = attributes_only && o.attributes_only;
}

namespace {

// Stacked floor pieces of one entrance carry copies of the same cell: union it once.
uint64_t cellKey(const Piece& p) {
  if (p.floor_from < 0) return ~uint64_t(0);
  return (uint64_t(uint32_t(p.building)) << 32) | uint32_t(p.entrance + 1);
}

}  // namespace

MultiPolygon outlineOfPieces(const Plan& plan, const std::vector<int>& pieces) {
  std::vector<const MultiPolygon*> cells;
  cells.reserve(pieces.size());
  std::vector<uint64_t> seen;
  for (int i : pieces) {
    const Piece& p = plan.pieces[i];
    if (p.cell.empty()) continue;
    uint64_t k = cellKey(p);
    if (k != ~uint64_t(0)) {
      if (std::find(seen.begin(), seen.end(), k) != seen.end()) continue;
      seen.push_back(k);
    }
    cells.push_back(&p.cell);
  }
  if (cells.empty()) return {};
  return geom::unionCells(cells);
}

std::vector<int> piecesOfGrid(const Plan& plan, int grid) {
  std::vector<int> out;
  for (int i = 0, n = int(plan.pieces.size()); i < n; ++i)
    if (plan.pieces[i].grid == grid) out.push_back(i);
  return out;
}
std::vector<int> piecesOfUnit(const Plan& plan, int unit) {
  std::vector<int> out;
  for (int i = 0, n = int(plan.pieces.size()); i < n; ++i)
    if (plan.pieces[i].unit == unit) out.push_back(i);
  return out;
}
std::vector<int> piecesOfBuilding(const Plan& plan, int building) {
  std::vector<int> out;
  for (int i = 0, n = int(plan.pieces.size()); i < n; ++i)
    if (plan.pieces[i].building == building) out.push_back(i);
  return out;
}
std::vector<int> unitsOfGrid(const Plan& plan, int grid) {
  std::vector<int> out;
  for (int i = 0, n = int(plan.units.size()); i < n; ++i)
    if (plan.units[i].grid == grid) out.push_back(i);
  return out;
}

MultiPolygon gridOutline(const Plan& plan, int grid) { return outlineOfPieces(plan, piecesOfGrid(plan, grid)); }
MultiPolygon unitOutline(const Plan& plan, int unit) { return outlineOfPieces(plan, piecesOfUnit(plan, unit)); }

void refresh(Plan& plan, const Touched& t) {
  const int ng = int(plan.grids.size()), nu = int(plan.units.size());
  std::vector<int> gridSel, unitSel;
  for (int g : t.grids)
    if (g >= 0 && g < ng) gridSel.push_back(g);
  for (int u : t.units)
    if (u >= 0 && u < nu) unitSel.push_back(u);
  if (t.attributes_only || (gridSel.empty() && unitSel.empty())) return;

  // One pass over the pieces collects the members of every touched grid and unit.
  std::vector<int> gslot(ng, -1), uslot(nu, -1);
  for (size_t k = 0; k < gridSel.size(); ++k) gslot[gridSel[k]] = int(k);
  for (size_t k = 0; k < unitSel.size(); ++k) uslot[unitSel[k]] = int(k);
  std::vector<std::vector<int>> gm(gridSel.size()), um(unitSel.size());
  for (int i = 0, n = int(plan.pieces.size()); i < n; ++i) {
    const Piece& p = plan.pieces[i];
    if (p.grid >= 0 && p.grid < ng && gslot[p.grid] >= 0) gm[gslot[p.grid]].push_back(i);
    if (p.unit >= 0 && p.unit < nu && uslot[p.unit] >= 0) um[uslot[p.unit]].push_back(i);
  }
  std::vector<int> unitCount(gridSel.size(), 0);
  for (const Unit& u : plan.units)
    if (u.grid >= 0 && u.grid < ng && gslot[u.grid] >= 0) ++unitCount[gslot[u.grid]];

  // Counts first: a grid's reason reads its community's total, a unit's its grid's count.
  auto largestOf = [&](const std::vector<int>& members) {
    int best = -1;
    for (int i : members)
      if (best < 0 || plan.pieces[i].households > plan.pieces[best].households) best = i;
    return best;
  };
  for (size_t k = 0; k < gridSel.size(); ++k) {
    Grid& g = plan.grids[gridSel[k]];
    int hh = 0;
    for (int i : gm[k]) hh += plan.pieces[i].households;
    g.households = hh;
    g.units = unitCount[k];
  }
  for (size_t k = 0; k < unitSel.size(); ++k) {
    Unit& u = plan.units[unitSel[k]];
    int hh = 0;
    for (int i : um[k]) hh += plan.pieces[i].households;
    u.households = hh;
  }
  const std::vector<long long> commHh = gridSel.empty() ? std::vector<long long>{} : communityHouseholdsOfGrids(plan);
  for (size_t k = 0; k < gridSel.size(); ++k) {
    Grid& g = plan.grids[gridSel[k]];
    const long long c = g.community >= 0 && size_t(g.community) < commHh.size() ? commHh[size_t(g.community)] : 0;
    gridStatus(plan, g, c, largestOf(gm[k]));
    g.shape = outlineOfPieces(plan, gm[k]);
  }
  for (size_t k = 0; k < unitSel.size(); ++k) {
    Unit& u = plan.units[unitSel[k]];
    unitStatus(plan, u, largestOf(um[k]));
    u.shape = outlineOfPieces(plan, um[k]);
  }
}

std::vector<std::vector<int>> pieceAdjacency(const Plan& plan, const std::vector<int>& pieces) {
  // Cells of stacked floor pieces are copies of their entrance's cell: pass each cell once to
  // geom::adjacency (which finds shared boundaries of positive length, whatever the vertices on each side).
  std::vector<MultiPolygon> cells;
  std::vector<int> cellOf(pieces.size(), -1);
  std::unordered_map<uint64_t, int> seen;  // cell key → index in `cells`; a whole city passes through here
  for (size_t k = 0; k < pieces.size(); ++k) {
    const Piece& p = plan.pieces[pieces[k]];
    if (p.cell.empty()) continue;
    uint64_t key = cellKey(p);
    if (key != ~uint64_t(0)) {
      auto [it, fresh] = seen.try_emplace(key, int(cells.size()));
      if (!fresh) {
        cellOf[k] = it->second;
        continue;
      }
    }
    cellOf[k] = int(cells.size());
    cells.push_back(p.cell);
  }
  std::vector<std::vector<int>> byCell(cells.size());
  for (size_t k = 0; k < pieces.size(); ++k)
    if (cellOf[k] >= 0) byCell[cellOf[k]].push_back(int(k));
  std::vector<std::vector<int>> adj(pieces.size());
  auto link = [&](int a, int b) {
    if (a == b) return;
    if (std::find(adj[a].begin(), adj[a].end(), b) == adj[a].end()) adj[a].push_back(b);
    if (std::find(adj[b].begin(), adj[b].end(), a) == adj[b].end()) adj[b].push_back(a);
  };
  if (!cells.empty()) {
    geom::CellGraph g = geom::adjacency(cells, {});
    for (int c = 0; c < int(cells.size()); ++c)
      for (int e = g.xadj[c]; e < g.xadj[c + 1]; ++e)
        for (int a : byCell[c])
          for (int b : byCell[g.adjncy[e]]) link(a, b);
  }
  // Floors stacked on one cell touch each other.
  for (const auto& on : byCell)
    for (size_t i = 1; i < on.size(); ++i) link(on[i - 1], on[i]);
  // A piece without a cell (a plan without its cells layer) touches the other pieces of its building. Pieces
  // with cells do not by being in one building: another building overlapping it can leave its entrances'
  // cells apart, and a grid holding only those would be drawn in several parts.
  std::vector<std::pair<int, int>> byBuilding;
  for (size_t k = 0; k < pieces.size(); ++k) byBuilding.emplace_back(plan.pieces[pieces[k]].building, int(k));
  std::sort(byBuilding.begin(), byBuilding.end());
  for (size_t i = 0, j; i < byBuilding.size(); i = j) {
    j = i + 1;
    while (j < byBuilding.size() && byBuilding[j].first == byBuilding[i].first) ++j;
    if (byBuilding[i].first < 0) continue;
    int anchor = -1;
    for (size_t x = i; x < j; ++x) {
      int k = byBuilding[x].second;
      if (cellOf[k] < 0) continue;
      anchor = k;
      break;
    }
    for (size_t x = i; x < j; ++x) {
      int k = byBuilding[x].second;
      if (cellOf[k] >= 0) continue;
      if (anchor >= 0) link(anchor, k);
      anchor = k;
    }
  }
  return adj;
}

int components(const Plan& plan, const std::vector<int>& pieces) {
  auto adj = pieceAdjacency(plan, pieces);
  std::vector<char> seen(pieces.size(), 0);
  int parts = 0;
  std::vector<int> stack;
  for (size_t s = 0; s < pieces.size(); ++s) {
    if (seen[s]) continue;
    ++parts;
    seen[s] = 1;
    stack.push_back(int(s));
    while (!stack.empty()) {
      int v = stack.back();
      stack.pop_back();
      for (int w : adj[v])
        if (!seen[w]) {
          seen[w] = 1;
          stack.push_back(w);
        }
    }
  }
  return parts;
}

int findGrid(const Plan& plan, const std::string& id) {
  for (int i = 0, n = int(plan.grids.size()); i < n; ++i)
    if (plan.grids[i].grid_id == id) return i;
  return -1;
}
int findUnit(const Plan& plan, const std::string& id) {
  for (int i = 0, n = int(plan.units.size()); i < n; ++i)
    if (plan.units[i].unit_id == id) return i;
  return -1;
}
int findPiece(const Plan& plan, const std::string& id) {
  for (int i = 0, n = int(plan.pieces.size()); i < n; ++i)
    if (plan.pieces[i].piece_id == id) return i;
  return -1;
}
int findBuilding(const Plan& plan, const std::string& id) {
  for (int i = 0, n = int(plan.in.buildings.size()); i < n; ++i)
    if (plan.in.buildings[i].bld_id == id) return i;
  return -1;
}
int findCommunity(const Plan& plan, const std::string& id) {
  for (int i = 0, n = int(plan.in.communities.size()); i < n; ++i)
    if (plan.in.communities[i].community_id == id) return i;
  return -1;
}

namespace {

const std::string kRetired = "retired_grid_codes";
const std::string kRetiredUnits = "retired_unit_codes";

std::vector<std::string> retiredCodes(const Plan& plan, const std::string& key = kRetired) {
  std::vector<std::string> out;
  for (const auto& [k, v] : plan.meta) {
    if (k != key) continue;
    size_t s = 0;
    while (s <= v.size()) {
      size_t e = v.find(',', s);
      if (e == std::string::npos) e = v.size();
      if (e > s) out.push_back(v.substr(s, e - s));
      s = e + 1;
    }
  }
  return out;
}

void setRetired(Plan& plan, const std::vector<std::string>& codes, const std::string& key = kRetired) {
  std::string joined;
  for (const auto& c : codes) joined += (joined.empty() ? "" : ",") + c;
  for (auto it = plan.meta.begin(); it != plan.meta.end(); ++it)
    if (it->first == key) {
      if (joined.empty())
        plan.meta.erase(it);
      else
        it->second = joined;
      return;
    }
  if (!joined.empty()) plan.meta.emplace_back(key, joined);
}

// The numeric suffix of `code` after `prefix` when it has exactly `digits` digits there, else -1.
int suffixNumber(const std::string& code, const std::string& prefix, size_t digits) {
  if (code.size() != prefix.size() + digits || code.compare(0, prefix.size(), prefix) != 0) return -1;
  int v = 0;
  for (size_t i = prefix.size(); i < code.size(); ++i) {
    if (code[i] < '0' || code[i] > '9') return -1;
    v = v * 10 + (code[i] - '0');
  }
  return v;
}

std::string padded(int v, size_t digits) {
  std::string s = std::to_string(v);
  if (s.size() < digits) s.insert(0, digits - s.size(), '0');
  return s;
}

}  // namespace

std::string nextGridCode(const Plan& plan, int community) {
  std::string prefix;
  if (community >= 0 && community < int(plan.in.communities.size()))
    prefix = plan.in.communities[community].community_id;
  int top = 0;
  for (const Grid& g : plan.grids) top = std::max(top, suffixNumber(g.grid_id, prefix, 3));
  for (const auto& c : retiredCodes(plan)) top = std::max(top, suffixNumber(c, prefix, 3));
  return prefix + padded(std::min(top + 1, 999), 3);
}

std::string nextUnitCode(const Plan& plan, int grid, const std::vector<std::string>& taken) {
  const std::string prefix = plan.grids[grid].grid_id;
  int top = 0;
  for (const Unit& u : plan.units)
    if (u.grid == grid) top = std::max(top, suffixNumber(u.unit_id, prefix, 2));
  for (const auto& c : taken) top = std::max(top, suffixNumber(c, prefix, 2));
  const auto retired = retiredCodes(plan, kRetiredUnits);
  for (const auto& c : retired) top = std::max(top, suffixNumber(c, prefix, 2));
  if (top < 99) return prefix + padded(top + 1, 2);
  // The two digits above every code are spent: take the lowest one that no unit carries, no unit of this edit
  // takes and none is retired, never one given out before (DESIGN §1).
  std::vector<char> out(100, 0);
  auto mark = [&](const std::string& c) {
    int v = suffixNumber(c, prefix, 2);
    if (v >= 0) out[size_t(v)] = 1;
  };
  for (const Unit& u : plan.units) mark(u.unit_id);
  for (const auto& c : taken) mark(c);
  for (const auto& c : retired) mark(c);
  for (int v = 1; v <= 99; ++v)
    if (!out[size_t(v)]) return prefix + padded(v, 2);
  return prefix + padded(99, 2);  // all 99 spent: a grid of 20–30-household units never gets here
}

void retireGridCode(Plan& plan, const std::string& code) {
  auto codes = retiredCodes(plan);
  if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
  setRetired(plan, codes);
}

void unretireGridCode(Plan& plan, const std::string& code) {
  auto codes = retiredCodes(plan);
  codes.erase(std::remove(codes.begin(), codes.end(), code), codes.end());
  setRetired(plan, codes);
}

bool retireUnitCode(Plan& plan, const std::string& code) {
  auto codes = retiredCodes(plan, kRetiredUnits);
  if (code.empty() || std::find(codes.begin(), codes.end(), code) != codes.end()) return false;
  codes.push_back(code);
  setRetired(plan, codes, kRetiredUnits);
  return true;
}

void unretireUnitCode(Plan& plan, const std::string& code) {
  auto codes = retiredCodes(plan, kRetiredUnits);
  codes.erase(std::remove(codes.begin(), codes.end(), code), codes.end());
  setRetired(plan, codes, kRetiredUnits);
}

Removed removeEmpty(Plan& plan, Touched& t) {
  Removed r;
  const int ng = int(plan.grids.size()), nu = int(plan.units.size());
  std::vector<char> gridHeld(ng, 0), unitHeld(nu, 0);
  for (const Piece& p : plan.pieces) {
    if (p.grid >= 0 && p.grid < ng) gridHeld[p.grid] = 1;
    if (p.unit >= 0 && p.unit < nu) unitHeld[p.unit] = 1;
  }
  std::vector<char> dropGrid(ng, 0), dropUnit(nu, 0);
  bool any = false;
  for (int g : t.grids)
    if (g >= 0 && g < ng && !gridHeld[g]) dropGrid[g] = 1, any = true;
  for (int u : t.units)
    if (u >= 0 && u < nu && !unitHeld[u]) dropUnit[u] = 1, any = true;
  if (!any) return r;
  // A grid goes together with its units, so none is left naming a grid that is gone; a unit with pieces
  // (a plan whose units disagree with its pieces' grids) keeps its grid.
  for (int u = 0; u < nu; ++u) {
    int g = plan.units[u].grid;
    if (g >= 0 && g < ng && unitHeld[u]) dropGrid[g] = 0;
  }
  for (int u = 0; u < nu; ++u) {
    int g = plan.units[u].grid;
    if (g >= 0 && g < ng && dropGrid[g]) dropUnit[u] = 1;
  }

  std::vector<int> gridTo(ng), unitTo(nu);
  for (int g = 0, n = 0; g < ng; ++g) gridTo[g] = dropGrid[g] ? -1 : n++;
  for (int u = 0, n = 0; u < nu; ++u) unitTo[u] = dropUnit[u] ? -1 : n++;
  for (int g = 0; g < ng; ++g)
    if (dropGrid[g]) r.grids.emplace_back(g, std::move(plan.grids[g]));
  for (int u = 0; u < nu; ++u)
    if (dropUnit[u]) r.units.emplace_back(u, std::move(plan.units[u]));
  if (r.empty()) return r;

  // Codes stay out of use while their grid or unit is out. The units of a removed grid are numbered under its
  // retired code, so that code alone keeps theirs.
  for (const auto& [g, grid] : r.grids) retireGridCode(plan, grid.grid_id);
  for (const auto& [u, unit] : r.units)
    if (unit.grid < 0 || unit.grid >= ng || !dropGrid[unit.grid]) retireUnitCode(plan, unit.unit_id);

  for (Piece& p : plan.pieces) {
    if (p.grid >= 0 && p.grid < ng) p.grid = gridTo[p.grid];
    if (p.unit >= 0 && p.unit < nu) p.unit = unitTo[p.unit];
  }
  for (int u = 0; u < nu; ++u)
    if (unitTo[u] >= 0 && plan.units[u].grid >= 0 && plan.units[u].grid < ng)
      plan.units[u].grid = gridTo[plan.units[u].grid];
  for (int g = 0; g < ng; ++g)
    if (gridTo[g] >= 0 && gridTo[g] != g) plan.grids[gridTo[g]] = std::move(plan.grids[g]);
  for (int u = 0; u < nu; ++u)
    if (unitTo[u] >= 0 && unitTo[u] != u) plan.units[unitTo[u]] = std::move(plan.units[u]);
  plan.grids.resize(size_t(ng) - r.grids.size());
  plan.units.resize(size_t(nu) - r.units.size());

  Touched after;
  after.pieces = std::move(t.pieces);
  after.attributes_only = t.attributes_only;
  for (int g : t.grids)
    if (g >= 0 && g < ng && gridTo[g] >= 0) after.addGrid(gridTo[g]);
  for (int u : t.units)
    if (u >= 0 && u < nu && unitTo[u] >= 0) after.addUnit(unitTo[u]);
  // The grids that lost a unit recount their units.
  for (const auto& [u, unit] : r.units)
    if (unit.grid >= 0 && unit.grid < ng && gridTo[unit.grid] >= 0) after.addGrid(gridTo[unit.grid]);
  after.structure = t.structure;
  after.shifts = std::move(t.shifts);
  // Highest index first, so each removal's index is still the one it had before any of them.
  for (auto it = r.grids.rbegin(); it != r.grids.rend(); ++it) after.shifts.push_back({false, false, it->first});
  for (auto it = r.units.rbegin(); it != r.units.rend(); ++it) after.shifts.push_back({true, false, it->first});
  t = std::move(after);
  return r;
}

void restoreRemoved(Plan& plan, const Removed& r, Touched& t) {
  t.shifts.clear();
  if (r.empty()) return;
  // Index now → index with the removed ones back: shifted past every restored index at or below it.
  auto mapping = [](const auto& removed, int n) {
    std::vector<int> to(size_t(std::max(n, 0)));
    size_t k = 0;
    for (int i = 0, at = 0; i < n; ++i, ++at) {
      while (k < removed.size() && removed[k].first <= at) ++k, ++at;
      to[i] = at;
    }
    return to;
  };
  const int ng = int(plan.grids.size()), nu = int(plan.units.size());
  std::vector<int> gridTo = mapping(r.grids, ng), unitTo = mapping(r.units, nu);
  for (Piece& p : plan.pieces) {
    if (p.grid >= 0 && p.grid < ng) p.grid = gridTo[p.grid];
    if (p.unit >= 0 && p.unit < nu) p.unit = unitTo[p.unit];
  }
  for (Unit& u : plan.units)
    if (u.grid >= 0 && u.grid < ng) u.grid = gridTo[u.grid];
  // Restored units carry their grid's index from before the removal, which is its index again now.
  for (const auto& [g, grid] : r.grids) plan.grids.insert(plan.grids.begin() + g, grid);
  for (const auto& [u, unit] : r.units) plan.units.insert(plan.units.begin() + u, unit);
  for (const auto& [g, grid] : r.grids) unretireGridCode(plan, grid.grid_id);
  for (const auto& [u, unit] : r.units) unretireUnitCode(plan, unit.unit_id);

  Touched before;
  before.pieces = std::move(t.pieces);
  before.attributes_only = t.attributes_only;
  for (int g : t.grids)
    if (g >= 0 && g < ng) before.addGrid(gridTo[g]);
  for (int u : t.units)
    if (u >= 0 && u < nu) before.addUnit(unitTo[u]);
  for (const auto& [g, grid] : r.grids) before.addGrid(g);
  for (const auto& [u, unit] : r.units) before.addUnit(u);
  before.structure = t.structure;
  // Ascending, as they were put back: each lands at its final index.
  for (const auto& [g, grid] : r.grids) before.shifts.push_back({false, true, g});
  for (const auto& [u, unit] : r.units) before.shifts.push_back({true, true, u});
  t = std::move(before);
}

}  // namespace gp::plan
