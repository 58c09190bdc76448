#include "geo/pipeline/Report.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "geo/pipeline/Names.hpp"
#include "geo/core/I18n.hpp"

namespace gp::pipeline {

namespace {

std::string joinCodes(const std::set<int>& grids, const Plan& plan, int except) {
  std::string s;
  int n = 0;
  for (int g : grids) {
    if (g == except) continue;
    s += (n++ ? ", " : "") + plan.grids[g].grid_id;
  }
  return s;
}

XY where(const MultiPolygon& mp) { return centroid(mp); }

}  // namespace

namespace {

int partsOf(const MultiPolygon& m) {
  int n = 0;
  for (const Polygon& p : m) n += area(p) >= 0.5;
  return n;
}

// Status exception, with that reason, for grids and units spanning separate parts of their community; a
// reason of an earlier pass that no longer holds (the part was joined since) gives way to the bounds.
// Returns per grid whether it spans.
std::vector<char> markSpanning(Plan& plan) {
  std::vector<int> communityParts(plan.in.communities.size(), 0);
  for (size_t c = 0; c < plan.in.communities.size(); ++c) communityParts[c] = partsOf(plan.in.communities[c].area);
  // The reason ends in a fixed clause, so a later pass knows the reason as its own in either language.
  static const char* kTail = N_(": a part with too few households for a grid of its own belongs to the grid nearest to it");
  auto reasonFor = [&](int c, int parts) {
    return fmt(tr("spans %1$d separate parts of %2$s, whose boundary is itself drawn in %3$d parts"), parts,
               communityLabel(plan.in.communities[c]).c_str(), communityParts[c]) +
           tr(kTail);
  };
  auto endsWith = [](const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
  };
  const Bounds& b = plan.bounds;
  auto mark = [&](Status& st, std::string& reason, const MultiPolygon& shape, int c, int hh, int lo, int hi) {
    int parts = c >= 0 && c < static_cast<int>(communityParts.size()) && communityParts[c] >= 2 ? partsOf(shape) : 1;
    if (parts >= 2) {
      st = Status::Exception;
      reason = reasonFor(c, parts);
      return true;
    }
    if (st == Status::Exception && (endsWith(reason, tr(kTail)) || endsWith(reason, kTail))) {
      st = Status::Ok;
      reason.clear();
      if (hh < lo || hh > hi)
        st = hh < lo ? Status::Under : Status::Over;
      if (hh < lo)
        reason = fmt(trn("%1$d household, below the minimum of %2$d", "%1$d households, below the minimum of %2$d",
                         static_cast<unsigned long>(hh)),
                     hh, lo);
      else if (hh > hi)
        reason = fmt(trn("%1$d household, above the maximum of %2$d", "%1$d households, above the maximum of %2$d",
                         static_cast<unsigned long>(hh)),
                     hh, hi);
    }
    return false;
  };
  std::vector<char> spans(plan.grids.size(), 0);
  for (size_t g = 0; g < plan.grids.size(); ++g) {
    Grid& x = plan.grids[g];
    spans[g] = mark(x.status, x.reason, x.shape, x.community, x.households, b.grid_min, b.grid_max);
  }
  for (Unit& u : plan.units) {
    int c = u.grid >= 0 && u.grid < static_cast<int>(plan.grids.size()) ? plan.grids[u.grid].community : -1;
    mark(u.status, u.reason, u.shape, c, u.households, b.unit_min, b.unit_max);
  }
  return spans;
}

}  // namespace

void finishPlan(Plan& plan) {
  const Bounds& b = plan.bounds;
  const std::vector<char> spans = markSpanning(plan);
  // Buildings divided between grids.
  std::map<int, std::set<int>> gridsOfBuilding;
  std::map<int, int> hhOfBuilding;
  std::map<std::pair<int, int>, int> gridOfEntrance;  // (building, entrance) → its grid, -2 several
  std::set<int> byFloors;                              // buildings with an entrance in several grids
  for (const Piece& p : plan.pieces) {
    if (p.grid < 0) continue;
    gridsOfBuilding[p.building].insert(p.grid);
    hhOfBuilding[p.building] += p.households;
    auto [it, fresh] = gridOfEntrance.try_emplace({p.building, p.entrance}, p.grid);
    if (!fresh && it->second != p.grid) byFloors.insert(p.building);
  }
  std::vector<Problem> kept;
  for (const Problem& pr : plan.problems.items())
    if (pr.kind != "grid_bounds" && pr.kind != "unit_bounds" && pr.kind != "building_split") kept.push_back(pr);
  plan.problems.clear();
  for (Problem& pr : kept) plan.problems.add(std::move(pr));

  for (auto& [bi, grids] : gridsOfBuilding) {
    if (grids.size() < 2) continue;
    const Building& bld = plan.in.buildings[bi];
    std::string label = buildingLabel(bld);
    // Divided by floors (pieces of one entrance in several grids) or by entrances.
    const bool floors = byFloors.count(bi) > 0;
    const unsigned long bhh = static_cast<unsigned long>(hhOfBuilding[bi]);
    plan.problems.add("building_split", Severity::Info, "buildings:bld_id=" + bld.bld_id,
                      floors ? fmt(trn("%1$s (%2$d household) is divided by floors between grids %3$s",
                                       "%1$s (%2$d households) is divided by floors between grids %3$s", bhh),
                                   label.c_str(), hhOfBuilding[bi], joinCodes(grids, plan, -1).c_str())
                             : fmt(trn("%1$s (%2$d household) is divided by entrances between grids %3$s",
                                       "%1$s (%2$d households) is divided by entrances between grids %3$s", bhh),
                                   label.c_str(), hhOfBuilding[bi], joinCodes(grids, plan, -1).c_str()),
                      where(bld.footprint));
    for (int g : grids) {
      Grid& gr = plan.grids[g];
      if (spans[g]) continue;
      if (gr.status != Status::Under && gr.status != Status::Exception && gr.status != Status::Split) continue;
      if (gr.households >= b.grid_min && gr.households <= b.grid_max) continue;
      gr.status = Status::Split;
      const std::string bound = gr.households < b.grid_min ? fmt(tr("below the minimum of %d"), b.grid_min)
                                                           : fmt(tr("above the maximum of %d"), b.grid_max);
      gr.reason = fmt(floors ? tr("%1$d households: %2$s (%3$d households) is divided by floors with grid %4$s, "
                                  "which leaves this grid %5$s")
                             : tr("%1$d households: %2$s (%3$d households) is divided by entrances with grid %4$s, "
                                  "which leaves this grid %5$s"),
                      gr.households, label.c_str(), hhOfBuilding[bi], joinCodes(grids, plan, g).c_str(),
                      bound.c_str());
    }
  }

  // Compounds with households in more than one grid.
  std::map<std::string, std::set<int>> gridsOfCompound;
  for (const Piece& p : plan.pieces) {
    if (p.grid < 0 || p.households == 0) continue;
    const std::string& c = plan.in.buildings[p.building].compound_id;
    if (!c.empty()) gridsOfCompound[c].insert(p.grid);
  }
  for (Grid& g : plan.grids) g.compounds_split = 0;
  for (auto& [c, grids] : gridsOfCompound)
    if (grids.size() > 1)
      for (int g : grids) ++plan.grids[g].compounds_split;

  for (const Grid& g : plan.grids)
    if (g.status != Status::Ok)
      plan.problems.add("grid_bounds", Severity::Warning, "grid " + g.grid_id,
                        fmt(tr("grid %1$s is %2$s: %3$s"), g.grid_id.c_str(), statusLabel(g.status), g.reason.c_str()),
                        g.shape.empty() ? std::nullopt : std::optional<XY>(where(g.shape)));
  for (const Unit& u : plan.units)
    if (u.status != Status::Ok)
      plan.problems.add("unit_bounds", Severity::Warning, "unit " + u.unit_id,
                        fmt(tr("unit %1$s is %2$s: %3$s"), u.unit_id.c_str(), statusLabel(u.status), u.reason.c_str()),
                        u.shape.empty() ? std::nullopt : std::optional<XY>(where(u.shape)));
}

EntranceSplits entranceSplits(const Plan& plan) {
  EntranceSplits e;
  for (const Building& b : plan.in.buildings)
    if (b.households > 0) e.entrances += std::max(1, b.entrances);
  std::set<std::pair<int, int>> split;
  for (const Piece& p : plan.pieces)
    if (p.floor_from > 0 && p.households > 0) split.insert({p.building, std::max(1, p.entrance)});
  e.split = static_cast<long long>(split.size());
  return e;
}

Summary summarize(const Plan& plan) {
  Summary s;
  s.entrances = entranceSplits(plan);
  s.communities = static_cast<int>(plan.in.communities.size());
  s.grids = static_cast<int>(plan.grids.size());
  s.units = static_cast<int>(plan.units.size());
  s.pieces = static_cast<int>(plan.pieces.size());
  for (const Piece& p : plan.pieces) {
    s.households += p.households;
    if (p.grid < 0 || p.unit < 0) s.unassigned_households += p.households;
  }
  for (const Grid& g : plan.grids) s.grids_ok += g.status == Status::Ok;
  std::vector<char> dedicated(plan.grids.size(), 1), any(plan.grids.size(), 0);
  for (const Piece& p : plan.pieces) {
    if (p.grid < 0) continue;
    any[p.grid] = 1;
    if (p.building < 0 || !plan.in.buildings[p.building].dedicated) dedicated[p.grid] = 0;
  }
  for (size_t g = 0; g < plan.grids.size(); ++g)
    s.grids_dedicated += any[g] && dedicated[g] && plan.grids[g].status != Status::Ok;
  for (const Unit& u : plan.units) s.units_ok += u.status == Status::Ok;
  for (const Transfer& t : plan.transfers) s.households_moved += t.households;
  s.errors = static_cast<int>(plan.problems.count(Severity::Error) + plan.in.problems.count(Severity::Error));
  s.warnings = static_cast<int>(plan.problems.count(Severity::Warning) + plan.in.problems.count(Severity::Warning));
  return s;
}

std::string summaryText(const Plan& plan, int maxListed) {
  Summary s = summarize(plan);
  std::ostringstream o;
  auto pct = [](int a, int b) { return b ? 100.0 * a / b : 100.0; };
  o << fmt(tr("communities %1$d, grids %2$d, units %3$d, households %4$lld (in %5$d pieces)"), s.communities, s.grids,
           s.units, static_cast<long long>(s.households), s.pieces)
    << "\n";
  const int residential = s.grids - s.grids_dedicated;
  o << fmt(tr("grids within %1$d–%2$d households: %3$d of %4$d (%5$.1f%%)"), plan.bounds.grid_min, plan.bounds.grid_max,
           s.grids_ok, residential, pct(s.grids_ok, residential));
  if (s.grids_dedicated)
    o << fmt(trn(", besides %d dedicated grid (专属网格)", ", besides %d dedicated grids (专属网格)",
                 static_cast<unsigned long>(s.grids_dedicated)),
             s.grids_dedicated);
  o << "\n";
  o << fmt(tr("units within %1$d–%2$d households: %3$d of %4$d (%5$.1f%%)"), plan.bounds.unit_min, plan.bounds.unit_max,
           s.units_ok, s.units, pct(s.units_ok, s.units))
    << "\n";
  o << fmt(tr("entrances split by floors: %1$d of %2$d"), s.entrances.split, s.entrances.entrances) << "\n";
  if (s.unassigned_households)
    o << fmt(tr("households with no grid (their buildings lie in no community): %lld"),
             static_cast<long long>(s.unassigned_households))
      << "\n";
  int listed = 0, notOk = s.grids - s.grids_ok;
  if (notOk) o << tr("grids outside the bounds:") << "\n";
  for (const Grid& g : plan.grids) {
    if (g.status == Status::Ok) continue;
    if (listed++ >= maxListed) {
      o << "  " << fmt(tr("… and %d more (see the problems layer)"), notOk - maxListed) << "\n";
      break;
    }
    o << "  " << g.grid_id << "  " << statusLabel(g.status) << "  "
      << fmt(trn("%d household: %s", "%d households: %s", static_cast<unsigned long>(g.households)), g.households,
             g.reason.c_str())
      << "\n";
  }
  bool based = false;
  for (const auto& [k, v] : plan.meta) based = based || k == "base";
  if (based || !plan.transfers.empty())
    o << fmt(tr("households moved from the base plan: %lld"), static_cast<long long>(s.households_moved)) << "\n";
  if (s.errors || s.warnings)
    o << fmt(tr("problems: %1$d errors, %2$d warnings (see the problems layer)"), s.errors, s.warnings) << "\n";
  return o.str();
}

}  // namespace gp::pipeline
