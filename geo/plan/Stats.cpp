#include "geo/plan/Stats.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "geo/core/I18n.hpp"

namespace gp::plan {

namespace {

bool inBounds(int hh, int lo, int hi) { return hh >= lo && hh <= hi; }

// The planner (or the partitioner) said why this one may stay outside the bounds (a dedicated grid, a tower
// above the maximum, a community in several parts): that stands while the count is still outside them.
bool keepsItsReason(Status s, const std::string& reason) {
  return (s == Status::Split || s == Status::Exception) && !reason.empty();
}

// How a piece is named to a planner: "12号楼 entrance 2 floors 1–7".
std::string pieceWords(const Plan& plan, const Piece& p) {
  std::string s;
  if (p.building >= 0 && p.building < static_cast<int>(plan.in.buildings.size())) {
    const Building& b = plan.in.buildings[p.building];
    s = b.name.empty() ? fmt(tr("building %s"), b.bld_id.c_str())
                       : fmt(tr("building %1$s (%2$s)"), b.name.c_str(), b.bld_id.c_str());
  } else {
    s = fmt(tr("piece %s"), p.piece_id.c_str());
  }
  if (p.entrance > 0) s += fmt(tr(" entrance %d"), p.entrance);
  if (p.floor_from > 0) s += fmt(tr(" floors %1$d–%2$d"), p.floor_from, p.floor_to);
  return s;
}

// The largest piece of each grid (or unit), to explain an `over` that no split can fix.
template <typename Key>
std::vector<int> largestPiece(const Plan& plan, size_t n, Key key) {
  std::vector<int> best(n, -1);
  for (size_t i = 0; i < plan.pieces.size(); ++i) {
    int k = key(plan.pieces[i]);
    if (k < 0 || k >= static_cast<int>(n)) continue;
    if (best[k] < 0 || plan.pieces[i].households > plan.pieces[best[k]].households) best[k] = static_cast<int>(i);
  }
  return best;
}

// A level's sentences for a count outside its bounds, each a msgid of its own (marked N_, translated when used).
struct LevelWords {
  const char* below;  // "%1$d households, below the minimum of %2$d: …", what to do at this level
  const char* above;  // "%1$d households, above the maximum of %2$d: …"
};

// Status and reason of a grid or unit of `households`, bounds [lo, hi], the same logic at both levels.
// `wholeTooSmall()`: the reason when what it belongs to holds fewer than lo, or empty; `largest`: its largest piece,
// named when that piece alone is above hi (no division at this level can fix it).
template <typename WholeTooSmall>
void setStatus(const Plan& plan, int households, int lo, int hi, int largest, const LevelWords& words,
               WholeTooSmall wholeTooSmall, Status& status, std::string& reason) {
  if (inBounds(households, lo, hi)) {
    status = Status::Ok;
    reason.clear();
    return;
  }
  if (keepsItsReason(status, reason)) return;
  if (households < lo) {
    status = Status::Under;
    reason = wholeTooSmall();
    if (reason.empty()) reason = fmt(tr(words.below), households, lo);
    return;
  }
  status = Status::Over;
  if (largest >= 0 && plan.pieces[largest].households > hi)
    reason = fmt(tr("%1$s alone holds %2$d households, above the maximum of %3$d"),
                 pieceWords(plan, plan.pieces[largest]).c_str(), plan.pieces[largest].households, hi);
  else
    reason = fmt(tr(words.above), households, hi);
}

}  // namespace

void recount(Plan& plan) {
  for (Grid& g : plan.grids) g.households = 0, g.units = 0;
  for (Unit& u : plan.units) u.households = 0;
  for (Community& c : plan.in.communities) c.households = 0;
  const int ng = static_cast<int>(plan.grids.size()), nu = static_cast<int>(plan.units.size());
  for (const Piece& p : plan.pieces) {
    if (p.grid >= 0 && p.grid < ng) plan.grids[p.grid].households += p.households;
    if (p.unit >= 0 && p.unit < nu) plan.units[p.unit].households += p.households;
  }
  for (const Unit& u : plan.units)
    if (u.grid >= 0 && u.grid < ng) plan.grids[u.grid].units += 1;
  // Community totals count every household of its buildings, assigned or not, as the loader does.
  const int nc = static_cast<int>(plan.in.communities.size());
  std::vector<int> commOfGrid(ng, -1);
  for (int g = 0; g < ng; ++g) commOfGrid[g] = plan.grids[g].community;
  for (const Piece& p : plan.pieces) {
    int c = -1;
    if (p.grid >= 0 && p.grid < ng) c = commOfGrid[p.grid];
    if (c < 0 && p.building >= 0 && p.building < static_cast<int>(plan.in.buildings.size())) {
      const std::string& cid = plan.in.buildings[p.building].community_id;
      for (int k = 0; k < nc; ++k)
        if (plan.in.communities[k].community_id == cid) {
          c = k;
          break;
        }
    }
    if (c >= 0 && c < nc) plan.in.communities[c].households += p.households;
  }
}

void gridStatus(const Plan& plan, Grid& g, long long communityHouseholds, int largest) {
  const Bounds& b = plan.bounds;
  const int nc = static_cast<int>(plan.in.communities.size());
  setStatus(
      plan, g.households, b.grid_min, b.grid_max, largest,
      {N_("%1$d households, below the minimum of %2$d: merge it with a neighbouring grid or move buildings into it"),
       N_("%1$d households, above the maximum of %2$d: split it or move buildings to a neighbouring grid")},
      [&] {
        if (g.community < 0 || g.community >= nc || communityHouseholds >= b.grid_min) return std::string();
        return fmt(tr("community %1$s has only %2$lld households: one grid below %3$d"),
                   plan.in.communities[g.community].community_id.c_str(), communityHouseholds, b.grid_min);
      },
      g.status, g.reason);
}

void unitStatus(const Plan& plan, Unit& u, int largest) {
  const Bounds& b = plan.bounds;
  const int ng = static_cast<int>(plan.grids.size());
  setStatus(
      plan, u.households, b.unit_min, b.unit_max, largest,
      {N_("%1$d households, below the minimum of %2$d: merge it with a neighbouring unit of the same grid"),
       N_("%1$d households, above the maximum of %2$d: split it or move buildings to a neighbouring unit")},
      [&] {
        if (u.grid < 0 || u.grid >= ng || plan.grids[u.grid].households >= b.unit_min) return std::string();
        return fmt(tr("grid %1$s has only %2$d households: one unit below %3$d"), plan.grids[u.grid].grid_id.c_str(),
                   plan.grids[u.grid].households, b.unit_min);
      },
      u.status, u.reason);
}

std::vector<long long> communityHouseholdsOfGrids(const Plan& plan) {
  const int nc = static_cast<int>(plan.in.communities.size());
  std::vector<long long> hh(size_t(nc), 0);
  for (const Grid& g : plan.grids)
    if (g.community >= 0 && g.community < nc) hh[size_t(g.community)] += g.households;
  return hh;
}

void restatus(Plan& plan) {
  const int ng = static_cast<int>(plan.grids.size()), nu = static_cast<int>(plan.units.size());
  const std::vector<long long> commHh = communityHouseholdsOfGrids(plan);
  const auto bigG = largestPiece(plan, size_t(ng), [](const Piece& p) { return p.grid; });
  const auto bigU = largestPiece(plan, size_t(nu), [](const Piece& p) { return p.unit; });
  for (int i = 0; i < ng; ++i) {
    Grid& g = plan.grids[size_t(i)];
    gridStatus(plan, g, g.community >= 0 && size_t(g.community) < commHh.size() ? commHh[size_t(g.community)] : 0,
               bigG[size_t(i)]);
  }
  for (int i = 0; i < nu; ++i) unitStatus(plan, plan.units[size_t(i)], bigU[size_t(i)]);
}

std::vector<std::string> retiredGridCodes(const Plan& plan) {
  std::vector<std::string> out;
  for (const auto& [k, v] : plan.meta) {
    if (k != kRetiredGridCodesKey) continue;
    size_t start = 0;
    while (start <= v.size()) {
      size_t end = v.find(',', start);
      if (end == std::string::npos) end = v.size();
      std::string code = v.substr(start, end - start);
      while (!code.empty() && code.front() == ' ') code.erase(code.begin());
      while (!code.empty() && code.back() == ' ') code.pop_back();
      if (!code.empty()) out.push_back(code);
      start = end + 1;
    }
  }
  return out;
}

std::vector<std::string> usedGridCodes(const Plan& plan) {
  std::set<std::string> codes;
  for (const Grid& g : plan.grids)
    if (!g.grid_id.empty()) codes.insert(g.grid_id);
  for (const std::string& c : retiredGridCodes(plan)) codes.insert(c);
  // A transfer names the grids households left: an old code, used even when that grid is gone.
  for (const Transfer& t : plan.transfers) {
    if (!t.from_grid.empty()) codes.insert(t.from_grid);
    if (!t.to_grid.empty()) codes.insert(t.to_grid);
  }
  return {codes.begin(), codes.end()};
}

}  // namespace gp::plan
