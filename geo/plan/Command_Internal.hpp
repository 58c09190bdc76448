#pragma once
// Helpers shared by the edit commands (Command.cpp, Command_SplitGrid.cpp); not part of the library's interface.
#include <algorithm>
#include <string>
#include <vector>

#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
#include "geo/plan/Command.hpp"

namespace gp::plan::command_detail {

inline void checkGrid(const Plan& plan, int g) {
  if (g < 0 || g >= int(plan.grids.size())) throw InputError(fmt(tr("no such grid (index %d)"), g));
}
inline void checkUnit(const Plan& plan, int u) {
  if (u < 0 || u >= int(plan.units.size())) throw InputError(fmt(tr("no such unit (index %d)"), u));
}
inline void refuseLocked(const Plan& plan, int g) {
  if (g >= 0 && g < int(plan.grids.size()) && plan.grids[g].locked)
    throw InputError(fmt(tr("grid %s is locked: unlock it first (L) to change it"), plan.grids[g].grid_id.c_str()));
}

inline XY piecePos(const Plan& plan, const Piece& p) {
  if (!p.cell.empty()) return bbox(p.cell).center();
  if (p.building >= 0 && p.building < int(plan.in.buildings.size()))
    return bbox(plan.in.buildings[p.building].footprint).center();
  return {};
}

// Removes grid `g` from the vector, shifting the indices held by pieces and units.
inline void eraseGrid(Plan& plan, int g) {
  plan.grids.erase(plan.grids.begin() + g);
  for (Piece& p : plan.pieces)
    if (p.grid > g) --p.grid;
  for (Unit& u : plan.units)
    if (u.grid > g) --u.grid;
}
// Inserts `value` at index g, shifting indices at or above g.
inline void insertGrid(Plan& plan, int g, Grid value) {
  for (Piece& p : plan.pieces)
    if (p.grid >= g) ++p.grid;
  for (Unit& u : plan.units)
    if (u.grid >= g) ++u.grid;
  plan.grids.insert(plan.grids.begin() + g, std::move(value));
}

inline Grid freshGrid(const Plan& plan, int community) {
  Grid g;
  g.grid_id = nextGridCode(plan, community);
  g.community = community;
  return g;
}

inline int communityOfPiece(const Plan& plan, const Piece& p) {
  if (p.grid >= 0 && p.grid < int(plan.grids.size())) return plan.grids[p.grid].community;
  if (p.building >= 0 && p.building < int(plan.in.buildings.size()))
    return findCommunity(plan, plan.in.buildings[p.building].community_id);
  return -1;
}

// Refresh after an undo, leaving out the grids and units it restored from their copies: those are already
// exactly as before the edit, and a recount would replace a reason the partitioner or planner gave.
inline void refreshUndone(Plan& plan, const Touched& t, const Removed& r) {
  if (r.empty()) return refresh(plan, t);
  Touched rest = t;
  for (const auto& [g, grid] : r.grids) rest.grids.erase(std::remove(rest.grids.begin(), rest.grids.end(), g), rest.grids.end());
  for (const auto& [u, unit] : r.units) rest.units.erase(std::remove(rest.units.begin(), rest.units.end(), u), rest.units.end());
  refresh(plan, rest);
}

// Adds the restored grids and units to what an undo reports, at their indices once the undo is complete.
inline void addRestored(Touched& t, const Removed& r) {
  for (const auto& [g, grid] : r.grids) t.addGrid(g);
  for (const auto& [u, unit] : r.units) t.addUnit(u);
  t.structure = t.structure || !r.empty();
}

// A unit renumbered under another grid leaves its old code behind: retire it, or a later new unit of its
// old grid could be numbered into it (DESIGN §1: codes are never reused). `retired` collects the codes this
// apply retired, not those retired already, so that undo frees exactly them.
inline void retireOldUnitCode(Plan& plan, const std::string& code, std::vector<std::string>& retired) {
  if (retireUnitCode(plan, code)) retired.push_back(code);
}
// Undo of the above, after restoreRemoved: plan_meta is then exactly as before the apply.
inline void unretireOldUnitCodes(Plan& plan, const std::vector<std::string>& retired) {
  for (auto it = retired.rbegin(); it != retired.rend(); ++it) unretireUnitCode(plan, *it);
}

}  // namespace gp::plan::command_detail
