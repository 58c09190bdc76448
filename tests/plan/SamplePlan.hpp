#pragma once
// A small, consistent plan built in memory from rectangles, shared by the plan, io and app tests:
// two communities (沧浪社区 with two grids, 金阊社区 with one), six units, eight buildings with Chinese
// names, one building split by entrances, one tower entrance split by floors (two stacked pieces in two
// units whose polygons overlap by exactly that entrance's cell), a building with no households, household
// points, a compound, a barrier, problems, a transfer and plan_meta. Coordinates are local metres offset
// into CGCS2000 / 3-degree GK CM 120E (EPSG:4549). It satisfies every invariant of DESIGN §4.
#include <string>
#include <vector>

#include "geo/plan/Plan.hpp"

namespace gp::test {

inline constexpr double kX0 = 500000, kY0 = 3500000;

inline Ring ringOf(std::vector<XY> pts) {
  for (XY& p : pts) p.x += kX0, p.y += kY0;
  pts.push_back(pts.front());
  return pts;
}
inline MultiPolygon poly(std::vector<XY> pts) { return {Polygon{{ringOf(std::move(pts))}}}; }
inline MultiPolygon rect(double x0, double y0, double x1, double y1) {
  return poly({{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}});
}
inline XY at(double x, double y) { return {x + kX0, y + kY0}; }

inline Plan samplePlan() {
  Plan p;
  p.in.epsg = 4549;
  p.bounds = Bounds{40, 100, 70, 15, 50};

  p.in.communities = {
      Community{"320508019044", "沧浪社区", rect(0, 0, 200, 100), 160},
      Community{"320508019045", "金阊社区", rect(200, 0, 300, 100), 55},
  };
  p.in.compounds = {Compound{"X1", "幸福小区", rect(0, 0, 100, 100)}};
  p.in.barriers = {Barrier{"road", "人民路", {at(100, 0), at(100, 100)}}};

  p.in.building_fields = {{"楼名", 4}, {"floors", 0}, {"households", 0}, {"area_m2", 2}};
  auto bld = [&](std::string id, std::string name, MultiPolygon fp, int hh, int entrances, int floors,
                 std::string comm, std::string compound) {
    Building b;
    b.bld_id = std::move(id);
    b.name = name;
    b.footprint = std::move(fp);
    b.households = hh;
    b.entrances = entrances;
    b.entrances_estimated = false;
    b.floors = floors;
    b.community_id = std::move(comm);
    b.compound_id = std::move(compound);
    b.source_fid = static_cast<long long>(p.in.buildings.size()) + 1;
    b.attrs = {name, std::to_string(floors), std::to_string(hh), std::to_string(area(b.footprint))};
    b.attr_null = {false, false, false, false};
    p.in.buildings.push_back(std::move(b));
  };
  bld("B1", "1号楼", rect(40, 20, 60, 40), 40, 2, 6, "320508019044", "X1");
  bld("B2", "2号楼", rect(70, 70, 90, 90), 30, 1, 6, "320508019044", "X1");
  bld("B0", "幼儿园", rect(10, 70, 30, 90), 0, 1, 2, "320508019044", "X1");
  bld("T", "3号楼", rect(145, 45, 155, 55), 50, 1, 18, "320508019044", "");
  bld("S1", "4号楼", rect(110, 10, 130, 30), 20, 1, 6, "320508019044", "");
  bld("S2", "5号楼", rect(110, 70, 130, 90), 20, 1, 6, "320508019044", "");
  bld("C1", "6号楼", rect(210, 40, 240, 60), 30, 1, 6, "320508019045", "");
  bld("C2", "7号楼", rect(260, 40, 290, 60), 25, 1, 6, "320508019045", "");
  p.in.buildings[2].hh_source = HhSource::Estimate;
  p.in.buildings[2].attr_null[2] = true;
  p.in.buildings[2].attrs[2] = "";
  p.in.buildings[6].hh_source = HhSource::Points;
  p.in.buildings[5].dedicated = true;

  p.in.household_fields = {{"姓名", 4}, {"room", 0}};
  p.in.households = {
      HouseholdPoint{"H1", at(220, 50), "C1", 1, 2, {"王五", "201"}, {false, false}},
      HouseholdPoint{"H2", at(230, 50), "C1", 1, 3, {"赵六", ""}, {false, true}},
  };

  auto piece = [&](std::string id, int b, int e, int f0, int f1, int hh, int g, int u, MultiPolygon cell) {
    p.pieces.push_back(Piece{std::move(id), b, e, f0, f1, hh, g, u, std::move(cell)});
  };
  piece("B1-E1", 0, 1, -1, -1, 20, 0, 0, rect(0, 0, 50, 50));
  piece("B1-E2", 0, 2, -1, -1, 20, 0, 1, rect(50, 0, 100, 50));
  piece("B2", 1, -1, -1, -1, 30, 0, 1, rect(50, 50, 100, 100));
  piece("B0", 2, -1, -1, -1, 0, 0, 0, rect(0, 50, 50, 100));
  piece("T-E1-F1-9", 3, 1, 1, 9, 25, 1, 2, rect(140, 40, 160, 60));
  piece("T-E1-F10-18", 3, 1, 10, 18, 25, 1, 3, rect(140, 40, 160, 60));
  piece("S1", 4, -1, -1, -1, 20, 1, 2,
        poly({{100, 0}, {200, 0}, {200, 50}, {160, 50}, {160, 40}, {140, 40}, {140, 50}, {100, 50}}));
  piece("S2", 5, -1, -1, -1, 20, 1, 3,
        poly({{100, 50}, {140, 50}, {140, 60}, {160, 60}, {160, 50}, {200, 50}, {200, 100}, {100, 100}}));
  piece("C1", 6, -1, -1, -1, 30, 2, 4, rect(200, 0, 250, 100));
  piece("C2", 7, -1, -1, -1, 25, 2, 5, rect(250, 0, 300, 100));

  Grid g0;
  g0.grid_id = "320508019044001";
  g0.community = 0;
  g0.name = "沧浪一网格";
  g0.households = 70;
  g0.units = 2;
  g0.locked = true;
  g0.worker_name = "张三";
  g0.worker_phone = "13800000001";
  g0.duties = "巡查走访、矛盾调解";
  g0.shape = rect(0, 0, 100, 100);
  g0.compounds_split = 0;
  Grid g1 = g0;
  g1.grid_id = "320508019044002";
  g1.name = "沧浪二网格";
  g1.households = 90;
  g1.locked = false;
  g1.worker_name = "李四";
  g1.worker_phone = "13800000002";
  g1.shape = rect(100, 0, 200, 100);
  Grid g2 = g1;
  g2.grid_id = "320508019045001";
  g2.community = 1;
  g2.name = "金阊一网格";
  g2.households = 55;
  g2.worker_name = "";
  g2.worker_phone = "";
  g2.duties = "";
  g2.shape = rect(200, 0, 300, 100);
  g2.barrier_crossings = 1;
  p.grids = {g0, g1, g2};

  auto unit = [&](std::string id, int g, int hh, std::string leader, MultiPolygon shape) {
    Unit u;
    u.unit_id = std::move(id);
    u.grid = g;
    u.households = hh;
    u.leader_name = std::move(leader);
    u.shape = std::move(shape);
    p.units.push_back(std::move(u));
  };
  unit("32050801904400101", 0, 20, "陈一", rect(0, 0, 50, 100));
  unit("32050801904400102", 0, 50, "", rect(50, 0, 100, 100));
  unit("32050801904400201", 1, 45, "",
       poly({{100, 0}, {200, 0}, {200, 50}, {160, 50}, {160, 60}, {140, 60}, {140, 50}, {100, 50}}));
  unit("32050801904400202", 1, 45, "",
       poly({{100, 50}, {140, 50}, {140, 40}, {160, 40}, {160, 50}, {200, 50}, {200, 100}, {100, 100}}));
  unit("32050801904500101", 2, 30, "", rect(200, 0, 250, 100));
  unit("32050801904500102", 2, 25, "", rect(250, 0, 300, 100));

  p.transfers = {Transfer{"320508019044003", "320508019044001", 12}};
  p.meta = {{"seed", "1"}, {"tool", "gridplan test — 测试"}};
  p.in.problems.add("estimated_households", Severity::Warning, "building B0", "幼儿园的户数为估算值", at(20, 80));
  p.problems.add("small_community", Severity::Info, "community 320508019045", "金阊社区只有55户");
  return p;
}

}  // namespace gp::test
