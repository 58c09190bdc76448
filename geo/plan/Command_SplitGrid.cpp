#include "geo/plan/Command.hpp"

#include <algorithm>
#include <cmath>
#include <queue>

#include "geo/plan/Command_Internal.hpp"

namespace gp::plan {

using namespace command_detail;

// ---- SplitGrid ----------------------------------------------------------------------------------

namespace {

// What SplitGrid divides: whole units where the grid has several with pieces (units stay whole), else pieces.
struct SplitAtoms {
  std::vector<int> members;          // the grid's pieces
  std::vector<int> unitsWithPieces;  // per atom when byUnits
  bool byUnits = false;
  int n = 0;
  std::vector<int> atomOf;  // per member
  std::vector<double> w;    // households per atom
  std::vector<XY> pos;      // mean piece position per atom
  std::vector<std::vector<int>> adj;
};

SplitAtoms splitAtoms(const Plan& plan, int grid) {
  SplitAtoms s;
  s.members = piecesOfGrid(plan, grid);
  const std::vector<int>& members = s.members;
  if (members.size() < 2)
    throw InputError(
        fmt(tr("grid %s has fewer than two pieces: nothing to split"), plan.grids[grid].grid_id.c_str()));
  std::vector<int> units = unitsOfGrid(plan, grid);
  for (int u : units)
    for (int i : members)
      if (plan.pieces[i].unit == u) {
        s.unitsWithPieces.push_back(u);
        break;
      }
  s.byUnits = s.unitsWithPieces.size() >= 2;
  const int nAtoms = s.n = s.byUnits ? int(s.unitsWithPieces.size()) : int(members.size());
  s.atomOf.resize(members.size());
  for (size_t k = 0; k < members.size(); ++k) {
    if (s.byUnits) {
      auto it = std::find(s.unitsWithPieces.begin(), s.unitsWithPieces.end(), plan.pieces[members[k]].unit);
      s.atomOf[k] = it == s.unitsWithPieces.end() ? 0 : int(it - s.unitsWithPieces.begin());
    } else {
      s.atomOf[k] = int(k);
    }
  }
  s.w.assign(nAtoms, 0);
  std::vector<double> sx(nAtoms, 0), sy(nAtoms, 0), cnt(nAtoms, 0);
  for (size_t k = 0; k < members.size(); ++k) {
    const Piece& p = plan.pieces[members[k]];
    XY c = piecePos(plan, p);
    int a = s.atomOf[k];
    s.w[a] += p.households;
    sx[a] += c.x;
    sy[a] += c.y;
    cnt[a] += 1;
  }
  s.pos.resize(nAtoms);
  for (int a = 0; a < nAtoms; ++a) s.pos[a] = {sx[a] / cnt[a], sy[a] / cnt[a]};
  s.adj.assign(nAtoms, {});
  auto adj = pieceAdjacency(plan, members);
  for (size_t k = 0; k < members.size(); ++k)
    for (int j : adj[k]) {
      int a = s.atomOf[k], b = s.atomOf[j];
      if (a != b && std::find(s.adj[a].begin(), s.adj[a].end(), b) == s.adj[a].end()) s.adj[a].push_back(b);
    }
  return s;
}

// Each position's place along the long axis (the principal direction) of all of them.
std::vector<double> alongLongAxis(const std::vector<XY>& pos) {
  const int n = int(pos.size());
  XY mean{0, 0};
  for (const XY& p : pos) {
    mean.x += p.x / n;
    mean.y += p.y / n;
  }
  double cxx = 0, cxy = 0, cyy = 0;
  for (const XY& p : pos) {
    double dx = p.x - mean.x, dy = p.y - mean.y;
    cxx += dx * dx, cxy += dx * dy, cyy += dy * dy;
  }
  double theta = 0.5 * std::atan2(2 * cxy, cxx - cyy);
  double ux = std::cos(theta), uy = std::sin(theta);
  std::vector<double> proj(n);
  for (int a = 0; a < n; ++a) proj[a] = (pos[a].x - mean.x) * ux + (pos[a].y - mean.y) * uy;
  return proj;
}

// The atoms of the new half: grown from the far end of the long axis, always taking the frontier atom furthest
// along that end, while the grown side gets closer to half the households.
std::vector<char> growHalf(const SplitAtoms& s, const std::vector<double>& proj) {
  const int nAtoms = s.n;
  double total = 0;
  for (double x : s.w) total += x;
  const double half = total / 2;
  std::vector<char> in(nAtoms, 0), queued(nAtoms, 0);
  using Item = std::pair<double, int>;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> frontier;
  int start = int(std::min_element(proj.begin(), proj.end()) - proj.begin());
  frontier.push({proj[start], start});
  queued[start] = 1;
  double sum = 0;
  int taken = 0;
  while (taken < nAtoms - 1) {
    int a;
    if (!frontier.empty()) {
      a = frontier.top().second;
      frontier.pop();
    } else {  // disconnected rest: continue with the nearest unvisited atom along the axis
      a = -1;
      for (int b = 0; b < nAtoms; ++b)
        if (!in[b] && (a < 0 || proj[b] < proj[a])) a = b;
      if (a < 0) break;
    }
    if (taken > 0 && std::abs(sum + s.w[a] - half) >= std::abs(sum - half) && (total > 0)) break;
    in[a] = 1;
    sum += s.w[a];
    ++taken;
    for (int b : s.adj[a])
      if (!queued[b]) {
        queued[b] = 1;
        frontier.push({proj[b], b});
      }
    if (total == 0 && taken * 2 >= nAtoms) break;
  }
  return in;
}

}  // namespace

void SplitGrid::apply(Plan& plan) {
  checkGrid(plan, grid_);
  refuseLocked(plan, grid_);
  const SplitAtoms atoms = splitAtoms(plan, grid_);
  const std::vector<char> in = growHalf(atoms, alongLongAxis(atoms.pos));
  const std::vector<int>& members = atoms.members;
  const std::vector<int>& atomOf = atoms.atomOf;
  const std::vector<int>& unitsWithPieces = atoms.unitsWithPieces;
  const bool byUnits = atoms.byUnits;
  const int nAtoms = atoms.n;

  Grid fresh = freshGrid(plan, plan.grids[grid_].community);
  describe_ = fmt(tr("Split grid %1$s (new grid %2$s)"), plan.grids[grid_].grid_id.c_str(), fresh.grid_id.c_str());
  plan.grids.push_back(fresh);
  newGrid_ = int(plan.grids.size()) - 1;
  touched_ = Touched{};
  touched_.structure = true;
  touched_.addGrid(grid_);
  touched_.addGrid(newGrid_);
  movedPieces_.clear();
  movedUnits_.clear();
  retiredUnitCodes_.clear();
  newUnitMade_ = false;
  if (byUnits) {
    std::vector<std::string> takenCodes;
    for (int a = 0; a < nAtoms; ++a) {
      if (!in[a]) continue;
      int u = unitsWithPieces[a];
      movedUnits_.emplace_back(u, plan.units[u].unit_id);
      std::string id = nextUnitCode(plan, newGrid_, takenCodes);
      takenCodes.push_back(id);
      retireOldUnitCode(plan, plan.units[u].unit_id, retiredUnitCodes_);
      plan.units[u].unit_id = id;
      plan.units[u].grid = newGrid_;
      touched_.addUnit(u);
    }
    for (size_t k = 0; k < members.size(); ++k)
      if (in[atomOf[k]]) {
        movedPieces_.emplace_back(members[k], plan.pieces[members[k]].unit);
        plan.pieces[members[k]].grid = newGrid_;
      }
  } else {
    Unit nu;
    nu.unit_id = nextUnitCode(plan, newGrid_);
    nu.grid = newGrid_;
    plan.units.push_back(nu);
    newUnitMade_ = true;
    int u = int(plan.units.size()) - 1;
    touched_.addUnit(u);
    for (size_t k = 0; k < members.size(); ++k)
      if (in[atomOf[k]]) {
        Piece& p = plan.pieces[members[k]];
        movedPieces_.emplace_back(members[k], p.unit);
        touched_.addUnit(p.unit);
        p.grid = newGrid_;
        p.unit = u;
      }
  }
  for (auto& [i, u] : movedPieces_) touched_.pieces.push_back(i);
  // Both halves keep pieces; only units the plan had wrong (naming another grid) can be left empty.
  removed_ = removeEmpty(plan, touched_);
  newGrid_ = int(plan.grids.size()) - 1;
  refresh(plan, touched_);
}

void SplitGrid::undo(Plan& plan) {
  restoreRemoved(plan, removed_, touched_);
  unretireOldUnitCodes(plan, retiredUnitCodes_);
  for (auto& [i, u] : movedPieces_) {
    plan.pieces[i].grid = grid_;
    plan.pieces[i].unit = u;
  }
  for (auto& [u, id] : movedUnits_) {
    plan.units[u].grid = grid_;
    plan.units[u].unit_id = id;
  }
  touched_ = Touched{};
  touched_.structure = true;
  touched_.addGrid(grid_);
  for (auto& [u, id] : movedUnits_) touched_.addUnit(u);
  for (auto& [i, u] : movedPieces_) {
    touched_.addUnit(u);
    touched_.pieces.push_back(i);
  }
  if (newUnitMade_) plan.units.pop_back();
  plan.grids.pop_back();
  addRestored(touched_, removed_);  // the new grid and unit were last: restored indices hold
  refreshUndone(plan, touched_, removed_);
}

}  // namespace gp::plan
