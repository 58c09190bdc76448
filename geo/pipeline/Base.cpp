#include "geo/pipeline/Base.hpp"

#include <map>
#include <sstream>
#include <unordered_map>

#include "geo/plan/Stats.hpp"

namespace gp::pipeline {

namespace {
const char* kRetired = "retired_grid_codes";
}

std::set<std::string> allUsedCodes(const Plan& plan) {
  std::set<std::string> used;
  for (const std::string& c : plan::usedGridCodes(plan)) used.insert(c);
  for (const Grid& g : plan.grids) used.insert(g.grid_id);
  for (const auto& [k, v] : plan.meta) {
    if (k != kRetired) continue;
    std::stringstream ss(v);
    std::string c;
    while (std::getline(ss, c, ','))
      if (!c.empty()) used.insert(c);
  }
  used.erase("");
  return used;
}

void setRetiredCodes(Plan& plan, const std::set<std::string>& used) {
  std::set<std::string> now;
  for (const Grid& g : plan.grids) now.insert(g.grid_id);
  std::string v;
  for (const std::string& c : used)
    if (!now.count(c)) v += (v.empty() ? "" : ",") + c;
  for (auto it = plan.meta.begin(); it != plan.meta.end();)
    it = it->first == kRetired ? plan.meta.erase(it) : it + 1;
  if (!v.empty()) plan.meta.emplace_back(kRetired, v);
}

BaseRef matchBase(const Plan& plan, const Plan& base) {
  BaseRef r;
  r.base = &base;
  const size_t P = plan.pieces.size();
  r.grid.assign(P, -1);
  r.unit.assign(P, -1);
  r.gridIntact.assign(base.grids.size(), 1);
  r.unitIntact.assign(base.units.size(), 1);
  r.gridPieces.assign(base.grids.size(), 0);

  auto baseBld = [&](const Piece& p) -> const std::string& {
    static const std::string none;
    return p.building >= 0 && p.building < static_cast<int>(base.in.buildings.size())
               ? base.in.buildings[p.building].bld_id
               : none;
  };
  std::unordered_map<std::string, int> basePiece;
  std::unordered_map<std::string, int> soleGrid;  // bld_id → the one base grid of all its pieces, -1 mixed
  for (size_t j = 0; j < base.pieces.size(); ++j) {
    const Piece& bp = base.pieces[j];
    basePiece.emplace(bp.piece_id, static_cast<int>(j));
    auto [it, fresh] = soleGrid.try_emplace(baseBld(bp), bp.grid);
    if (!fresh && it->second != bp.grid) it->second = -1;
  }
  std::unordered_map<std::string, const Building*> newBld;
  for (const Building& b : plan.in.buildings) newBld.emplace(b.bld_id, &b);

  std::vector<char> matched(base.pieces.size(), 0);
  for (size_t i = 0; i < P; ++i) {
    const Piece& p = plan.pieces[i];
    auto it = basePiece.find(p.piece_id);
    if (it != basePiece.end()) {
      r.grid[i] = base.pieces[it->second].grid;
      r.unit[i] = base.pieces[it->second].unit;
      matched[it->second] = 1;
    } else if (p.building >= 0) {
      auto s = soleGrid.find(plan.in.buildings[p.building].bld_id);
      if (s != soleGrid.end()) r.grid[i] = s->second;
    }
    if (r.grid[i] >= static_cast<int>(base.grids.size())) r.grid[i] = -1;
    if (r.unit[i] >= static_cast<int>(base.units.size())) r.unit[i] = -1;
    if (r.grid[i] >= 0) ++r.gridPieces[r.grid[i]];
  }
  for (size_t j = 0; j < base.pieces.size(); ++j) {
    const Piece& bp = base.pieces[j];
    if (bp.unit >= 0 && bp.unit < static_cast<int>(base.units.size()) && !matched[j]) r.unitIntact[bp.unit] = 0;
    if (bp.grid < 0 || bp.grid >= static_cast<int>(base.grids.size())) continue;
    const Grid& g = base.grids[bp.grid];
    auto nb = newBld.find(baseBld(bp));
    const std::string baseCom = g.community >= 0 && g.community < static_cast<int>(base.in.communities.size())
                                    ? base.in.communities[g.community].community_id
                                    : std::string();
    if (nb == newBld.end() || nb->second->community_id != baseCom) r.gridIntact[bp.grid] = 0;
  }
  r.unitPieces.assign(base.units.size(), 0);
  for (const Piece& bp : base.pieces)
    if (bp.unit >= 0 && bp.unit < static_cast<int>(base.units.size())) ++r.unitPieces[bp.unit];
  r.usedCodes = allUsedCodes(base);
  return r;
}

BaseRef selfBase(const Plan& plan) {
  BaseRef r;
  r.base = &plan;
  r.keepUnlocked = false;
  r.grid.resize(plan.pieces.size());
  r.unit.resize(plan.pieces.size());
  r.gridIntact.assign(plan.grids.size(), 1);
  r.unitIntact.assign(plan.units.size(), 1);
  r.gridPieces.assign(plan.grids.size(), 0);
  for (size_t i = 0; i < plan.pieces.size(); ++i) {
    r.grid[i] = plan.pieces[i].grid;
    r.unit[i] = plan.pieces[i].unit;
    if (r.grid[i] >= 0) ++r.gridPieces[r.grid[i]];
  }
  r.unitPieces.assign(plan.units.size(), 0);
  for (const Piece& p : plan.pieces)
    if (p.unit >= 0) ++r.unitPieces[p.unit];
  r.usedCodes = allUsedCodes(plan);
  return r;
}

std::vector<Transfer> transfers(const Plan& plan, const Plan& base, const BaseRef& ref) {
  std::map<std::pair<std::string, std::string>, int> moved;
  for (size_t i = 0; i < plan.pieces.size(); ++i) {
    const Piece& p = plan.pieces[i];
    if (ref.grid[i] < 0 || p.grid < 0 || p.households == 0) continue;
    const std::string& from = base.grids[ref.grid[i]].grid_id;
    const std::string& to = plan.grids[p.grid].grid_id;
    if (from != to) moved[{from, to}] += p.households;
  }
  std::vector<Transfer> out;
  for (auto& [k, n] : moved) out.push_back({k.first, k.second, n});
  return out;
}

}  // namespace gp::pipeline
