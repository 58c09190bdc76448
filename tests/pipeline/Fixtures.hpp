#pragma once
// Small inline towns for the pipeline's tests: one community, buildings on rectangles, the plan built with one
// job, and what every such test asserts of it (statuses, a clean check, households kept).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "geo/pipeline/Pipeline.hpp"
#include "geo/plan/Check.hpp"

namespace gp::test {

inline MultiPolygon rect(double x0, double y0, double x1, double y1) {
  return {Polygon{{Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}};
}

constexpr const char* kCommunity = "310101001001";

// A building of known entrances in community kCommunity.
inline Building building(const std::string& id, const MultiPolygon& footprint, int households, int floors,
                         int entrances = 1) {
  Building b;
  b.bld_id = id;
  b.footprint = footprint;
  b.households = households;
  b.floors = floors;
  b.entrances = entrances;
  b.entrances_estimated = false;
  b.community_id = kCommunity;
  return b;
}

// Inputs of one community kCommunity over `area`, holding `buildings`.
inline Inputs oneCommunity(const MultiPolygon& area, const std::vector<Building>& buildings) {
  Inputs in;
  Community c;
  c.community_id = kCommunity;
  c.area = area;
  for (const Building& b : buildings) c.households += b.households;
  in.communities.push_back(c);
  in.buildings = buildings;
  return in;
}

inline pipeline::Options oneJob() {
  pipeline::Options o;
  o.jobs = 1;
  o.created = "2026-01-01T00:00:00Z";
  return o;
}

inline void expectGridsOk(const Plan& plan) {
  for (const Grid& g : plan.grids) EXPECT_EQ(g.status, Status::Ok) << g.grid_id << " " << g.households << " " << g.reason;
}

inline void expectUnitsOk(const Plan& plan) {
  for (const Unit& u : plan.units) EXPECT_EQ(u.status, Status::Ok) << u.unit_id << " " << u.households << " " << u.reason;
}

// `check` finds no violation, and every building's households are in its pieces.
inline void expectCleanCheck(const Plan& plan) {
  auto found = plan::check(plan);
  EXPECT_EQ(plan::countViolations(found), 0u) << (found.empty() ? "" : found.front().message);
  std::map<int, long> perBuilding;
  for (const Piece& p : plan.pieces) perBuilding[p.building] += p.households;
  for (size_t i = 0; i < plan.in.buildings.size(); ++i)
    EXPECT_EQ(perBuilding[static_cast<int>(i)], plan.in.buildings[i].households) << plan.in.buildings[i].bld_id;
}

// How a plan's floor ranges are spread: units holding floor ranges of one entrance that are not one contiguous
// run of floors, grids likewise, and entrances whose floors are in more than two grids (the places named).
struct FloorScatter {
  std::vector<std::string> units, grids, entrances;
};

inline FloorScatter floorScatter(const Plan& plan) {
  std::map<std::pair<int, int>, std::vector<const Piece*>> byEntrance;
  for (const Piece& p : plan.pieces)
    if (p.floor_from > 0) byEntrance[{p.building, p.entrance}].push_back(&p);
  FloorScatter out;
  auto gaps = [](std::vector<std::pair<int, int>> r) {
    std::sort(r.begin(), r.end());
    for (size_t i = 1; i < r.size(); ++i)
      if (r[i].first != r[i - 1].second + 1) return true;
    return false;
  };
  for (auto& [key, pieces] : byEntrance) {
    std::map<int, std::vector<std::pair<int, int>>> inUnit, inGrid;
    for (const Piece* p : pieces) {
      inUnit[p->unit].push_back({p->floor_from, p->floor_to});
      inGrid[p->grid].push_back({p->floor_from, p->floor_to});
    }
    const std::string what = pieces[0]->piece_id;
    for (auto& [u, r] : inUnit)
      if (gaps(r)) out.units.push_back(plan.units[static_cast<size_t>(u)].unit_id + " " + what);
    for (auto& [g, r] : inGrid)
      if (gaps(r)) out.grids.push_back(plan.grids[static_cast<size_t>(g)].grid_id + " " + what);
    if (inGrid.size() > 2) out.entrances.push_back(what);
  }
  return out;
}

inline std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

// Every unit and grid holds one contiguous range of floors of each entrance, and no entrance is in more than
// two grids.
inline void expectFloorsTogether(const Plan& plan) {
  const FloorScatter f = floorScatter(plan);
  EXPECT_TRUE(f.units.empty()) << "units holding floors of one entrance apart: " << joined(f.units);
  EXPECT_TRUE(f.grids.empty()) << "grids holding floors of one entrance apart: " << joined(f.grids);
  EXPECT_TRUE(f.entrances.empty()) << "entrances in more than two grids: " << joined(f.entrances);
}

}  // namespace gp::test
