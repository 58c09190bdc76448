#include "geo/plan/Check_Internal.hpp"

#include <string_view>
#include <unordered_map>

namespace gp::plan::check_detail {

// Invariants 1, 2 and 7 on the attributes alone: ids, households and unit counts, communities' polygons.
void Checker::attributes() {
  duplicateIds();
  countedTotals();
  communityShapes();
}

void Checker::duplicateIds() {
  const int nb = static_cast<int>(plan.in.buildings.size());
  const int ng = static_cast<int>(plan.grids.size()), nu = static_cast<int>(plan.units.size());

  // `what` is the feature's key word, `plural` how a message names several of them.
  auto dupes = [&](const char* what, const char* plural, auto size, auto idOf) {
    std::unordered_map<std::string_view, int> seen;  // views of the plan's ids, not copies
    seen.reserve(static_cast<size_t>(size));
    for (int i = 0; i < size; ++i) {
      const std::string& id = idOf(i);
      auto [it, fresh] = seen.emplace(id, i);
      if (!fresh)
        add("duplicate_id", std::string(what) + " " + id,
            fmt(tr("two %1$s share the id %2$s (features %3$d and %4$d): give each its own id"), tr(plural),
                id.c_str(), it->second + 1, i + 1));
    }
  };
  dupes("grid", N_("grids"), ng, [&](int i) -> const std::string& { return plan.grids[i].grid_id; });
  dupes("unit", N_("units"), nu, [&](int i) -> const std::string& { return plan.units[i].unit_id; });
  dupes("building", N_("buildings"), nb, [&](int i) -> const std::string& { return plan.in.buildings[i].bld_id; });
  dupes("piece", N_("pieces"), static_cast<int>(plan.pieces.size()), [&](int i) -> const std::string& { return plan.pieces[i].piece_id; });
}

// Every household in one piece, every piece in a grid and a unit of that grid; the totals the grids and units
// say they hold.
void Checker::countedTotals() {
  const int nb = static_cast<int>(plan.in.buildings.size());
  const int ng = static_cast<int>(plan.grids.size()), nu = static_cast<int>(plan.units.size());
  std::vector<long long> bsum(nb, 0), gsum(ng, 0), usum(nu, 0);
  std::vector<int> bcount(nb, 0), gunits(ng, 0), gcount(ng, 0), ucount(nu, 0);
  for (const Piece& p : plan.pieces) {
    // Feature key and words only for a message: formatted for every piece, they were a tenth of a big check.
    auto f = [&] { return "piece " + p.piece_id; };
    auto what = [&] { return validBuilding(p.building) ? bldWords(p.building) : pieceW(p.piece_id); };
    if (!validBuilding(p.building))
      add("piece_no_building", f(),
          fmt(tr("piece %s names no known building: remove it or restore its building"), p.piece_id.c_str()));
    else
      bsum[p.building] += p.households, bcount[p.building]++;
    if (!validGrid(p.grid))
      add("piece_no_grid", f(),
          fmt(trn("piece %1$s of %2$s (%3$d household) has no grid: assign it to the grid around it",
                  "piece %1$s of %2$s (%3$d households) has no grid: assign it to the grid around it", p.households),
              p.piece_id.c_str(), what().c_str(), p.households));
    else
      gsum[p.grid] += p.households, gcount[p.grid]++;
    if (!validUnit(p.unit))
      add("piece_no_unit", f(),
          fmt(trn("piece %1$s of %2$s (%3$d household) has no unit: assign it to a unit of its grid",
                  "piece %1$s of %2$s (%3$d households) has no unit: assign it to a unit of its grid", p.households),
              p.piece_id.c_str(), what().c_str(), p.households));
    else
      usum[p.unit] += p.households, ucount[p.unit]++;
    if (validGrid(p.grid) && validUnit(p.unit) && plan.units[p.unit].grid != p.grid) {
      int ug = plan.units[p.unit].grid;
      add("unit_grid_mismatch", f(),
          validGrid(ug)
              ? fmt(tr("piece %1$s is in grid %2$s but its unit %3$s belongs to grid %4$s: a unit never spans grids; "
                       "move the piece or its unit"),
                    p.piece_id.c_str(), plan.grids[p.grid].grid_id.c_str(), plan.units[p.unit].unit_id.c_str(),
                    plan.grids[ug].grid_id.c_str())
              : fmt(tr("piece %1$s is in grid %2$s but its unit %3$s belongs to no grid: a unit never spans grids; "
                       "move the piece or its unit"),
                    p.piece_id.c_str(), plan.grids[p.grid].grid_id.c_str(), plan.units[p.unit].unit_id.c_str()));
    }
  }
  for (int b = 0; b < nb; ++b) {
    const Building& x = plan.in.buildings[b];
    if (bsum[b] == x.households) continue;
    if (bcount[b] == 0)
      add("building_households", "building " + x.bld_id,
          fmt(trn("%1$s has %2$d household but is in no piece, so in no grid",
                  "%1$s has %2$d households but is in no piece, so in no grid", x.households),
              bldWords(b).c_str(), x.households));
    else
      add("building_households", "building " + x.bld_id,
          fmt(trn("%1$s has %2$d household but its %3$d piece(s) hold %4$lld: every household must be in exactly "
                  "one piece",
                  "%1$s has %2$d households but its %3$d piece(s) hold %4$lld: every household must be in exactly "
                  "one piece",
                  x.households),
              bldWords(b).c_str(), x.households, bcount[b], bsum[b]));
  }
  for (int u = 0; u < nu; ++u) {
    const Unit& x = plan.units[u];
    if (!validGrid(x.grid))
      add("unit_no_grid", unitF(u),
          fmt(tr("unit %s belongs to no grid of this plan: give it its grid's code"), x.unit_id.c_str()));
    else
      gunits[x.grid]++;
    if (usum[u] != x.households)
      add("unit_households", unitF(u),
          fmt(trn("unit %1$s says %2$d household but its pieces hold %3$lld: recount it",
                  "unit %1$s says %2$d households but its pieces hold %3$lld: recount it", x.households),
              x.unit_id.c_str(), x.households, usum[u]));
    if (ucount[u] == 0)
      add("unit_empty", unitF(u),
          fmt(tr("unit %s has no buildings in it (no pieces): remove the unit, or give it buildings"), x.unit_id.c_str()));
  }
  for (int g = 0; g < ng; ++g) {
    const Grid& x = plan.grids[g];
    if (!validCommunity(x.community))
      add("grid_no_community", gridF(g),
          fmt(tr("grid %s belongs to no community of this plan: every grid lies in exactly one community"),
              x.grid_id.c_str()));
    if (gsum[g] != x.households)
      add("grid_households", gridF(g),
          fmt(trn("grid %1$s says %2$d household but its pieces hold %3$lld: recount it",
                  "grid %1$s says %2$d households but its pieces hold %3$lld: recount it", x.households),
              x.grid_id.c_str(), x.households, gsum[g]));
    if (gunits[g] != x.units)
      add("grid_units", gridF(g),
          fmt(trn("grid %1$s says %2$d unit but %3$d units name it: recount it",
                  "grid %1$s says %2$d units but %3$d units name it: recount it", x.units),
              x.grid_id.c_str(), x.units, gunits[g]));
    if (gcount[g] == 0)
      add("grid_empty", gridF(g),
          fmt(tr("grid %s has no buildings in it (no pieces): remove the grid (and its units), or give it buildings"),
              x.grid_id.c_str()));
  }
}

void Checker::communityShapes() {
  const int ng = static_cast<int>(plan.grids.size());
  // 7 for communities: a community with grids needs its polygon, or nothing says where its grids belong; one
  // with no buildings at all needs no grid (nothing to serve), which is said, not flagged.
  const int nc = static_cast<int>(plan.in.communities.size());
  std::vector<std::vector<int>> gridsOf(nc);
  for (int g = 0; g < ng; ++g)
    if (validCommunity(plan.grids[g].community)) gridsOf[plan.grids[g].community].push_back(g);
  for (int c = 0; c < nc; ++c) {
    const Community& x = plan.in.communities[c];
    std::string label = x.name.empty() ? fmt(tr("community %s"), x.community_id.c_str())
                                       : fmt(tr("community %1$s (%2$s)"), x.community_id.c_str(), x.name.c_str());
    if (!gridsOf[c].empty() && x.area.empty()) {
      std::string codes;
      for (size_t i = 0; i < gridsOf[c].size() && i < 3; ++i) codes += (i ? tr(", ") : "") + plan.grids[gridsOf[c][i]].grid_id;
      if (gridsOf[c].size() > 3) codes += tr(", …");
      add("community_no_shape", commF(c),
          fmt(tr("%1$s has no boundary polygon, yet %2$d grid(s) lie in it (%3$s): add its boundary to the "
                 "communities layer"),
              label.c_str(), static_cast<int>(gridsOf[c].size()), codes.c_str()));
    }
    if (gridsOf[c].empty() && piecesInCommunity(c) == 0)
      add("community_no_buildings", commF(c),
          fmt(tr("%s has no buildings, so no grid: nothing to divide until buildings are added"), label.c_str()),
          std::nullopt,
          Severity::Info);
  }
}

int Checker::piecesInCommunity(int c) {
  if (perCommunity.empty()) {
    perCommunity.assign(plan.in.communities.size(), 0);
    std::unordered_map<std::string, int> byId;
    for (size_t k = 0; k < plan.in.communities.size(); ++k) byId.emplace(plan.in.communities[k].community_id, static_cast<int>(k));
    for (const Piece& p : plan.pieces) {
      int byGrid = validGrid(p.grid) ? plan.grids[p.grid].community : -1, byBuilding = -1;
      if (validBuilding(p.building))
        if (auto it = byId.find(plan.in.buildings[p.building].community_id); it != byId.end()) byBuilding = it->second;
      if (validCommunity(byGrid)) perCommunity[byGrid]++;
      if (validCommunity(byBuilding) && byBuilding != byGrid) perCommunity[byBuilding]++;
    }
  }
  return validCommunity(c) ? perCommunity[c] : 0;
}

}  // namespace gp::plan::check_detail
