#pragma once
// A small realistic plan built in memory for the printer's tests: one community (幸福社区) cut by
// a road (幸福路, 和平街) with a river (青龙河) along its south edge, three grids, twelve buildings
// named 1号楼…12号楼 with three entrances each, units per building, one building split between
// units by floors, and households that carry private fields (names, phones, ID numbers) that must
// never reach a sign.
#include <string>

#include "geo/plan/Plan.hpp"
#include "tests/support/TestSupport.hpp"

namespace gp::test {

// The QR codes zbarimg finds in an image, one per line ("" when none). zbar's own chatter about
// D-Bus goes to stdout on machines without a bus, so it is filtered out.
inline std::string decodeQr(const std::string& png) {
  return runShell("zbarimg --raw -q " + q(png) + " 2>/dev/null | grep -v -e '^Connection'").out;
}

inline MultiPolygon rectPoly(double x0, double y0, double x1, double y1) {
  Polygon p;
  p.rings.push_back({{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}});
  return {p};
}

// Private values planted in the households and building attributes.
inline const char* kSecretName = "赵秘密";
inline const char* kSecretPhone = "13900001111";
inline const char* kSecretId = "320501198001011234";
inline const char* kSecretOwner = "钱隐私";

inline Plan signFixturePlan() {
  Plan plan;
  Community c;
  c.community_id = "320508019044";
  c.name = "幸福社区";
  c.area = rectPoly(0, 0, 600, 420);
  plan.in.communities.push_back(c);
  plan.in.barriers.push_back({"road", "幸福路", {{300, -40}, {300, 460}}});
  plan.in.barriers.push_back({"road", "和平街", {{300, 210}, {640, 210}}});
  plan.in.barriers.push_back({"river", "青龙河", {{-40, 4}, {150, 10}, {320, 2}, {640, 8}}});
  plan.in.building_fields.push_back({"产权人", 4});
  plan.in.household_fields = {{"owner_name", 4}, {"owner_phone", 4}, {"id_number", 4}};

  struct G {
    const char* id;
    const char* name;
    double x0, y0, x1, y1;
    int cols, rows;
  };
  const G gs[3] = {{"320508019044001", "幸福一网格", 0, 20, 300, 420, 2, 3},
                   {"320508019044002", "幸福二网格", 300, 210, 600, 420, 3, 1},
                   {"320508019044003", "幸福三网格", 300, 20, 600, 210, 3, 1}};
  int bno = 0;
  for (int gi = 0; gi < 3; ++gi) {
    const G& g = gs[gi];
    Grid grid;
    grid.grid_id = g.id;
    grid.community = 0;
    grid.name = g.name;
    grid.shape = rectPoly(g.x0, g.y0, g.x1, g.y1);
    int useq = 0;
    double cw = (g.x1 - g.x0) / g.cols, ch = (g.y1 - g.y0) / g.rows;
    for (int r = 0; r < g.rows; ++r)
      for (int col = 0; col < g.cols; ++col) {
        ++bno;
        double cx0 = g.x0 + col * cw, cy1 = g.y1 - r * ch;
        Building b;
        b.bld_id = "B" + std::to_string(bno);
        b.name = std::to_string(bno) + "号楼";
        double bx = cx0 + cw / 2, by = cy1 - ch / 2;
        b.footprint = rectPoly(bx - 30, by - 8, bx + 30, by + 8);
        b.households = 36;
        b.floors = 6;
        b.entrances = 3;
        b.community_id = c.community_id;
        b.attrs = {kSecretOwner};
        b.attr_null = {false};
        plan.in.buildings.push_back(b);
        Unit u;
        char seq[16];
        std::snprintf(seq, sizeof seq, "%02d", ++useq);
        u.unit_id = grid.grid_id + seq;
        u.grid = gi;
        u.shape = rectPoly(cx0, cy1 - ch, cx0 + cw, cy1);
        if (plan.units.empty()) u.leader_name = "王建国";
        plan.units.push_back(u);
        for (int e = 1; e <= 3; ++e) {
          Piece p;
          p.building = bno - 1;
          p.entrance = e;
          p.households = 12;
          p.grid = gi;
          p.unit = int(plan.units.size()) - 1;
          p.piece_id = b.bld_id + "-E" + std::to_string(e);
          if (bno == 3 && e == 3) {
            // 3号楼 entrance 3: floors 1–3 stay in its unit, floors 4–6 go to the next (4号楼's).
            p.floor_from = 1, p.floor_to = 3, p.households = 6;
            p.piece_id += "-F1-3";
            plan.pieces.push_back(p);
            p.floor_from = 4, p.floor_to = 6;
            p.piece_id = b.bld_id + "-E3-F4-6";
            p.unit = int(plan.units.size());  // the unit made for 4号楼, next
            plan.pieces.push_back(p);
            continue;
          }
          plan.pieces.push_back(p);
        }
        for (int h = 0; h < 36; ++h) {
          HouseholdPoint hp;
          hp.hh_id = b.bld_id + "-H" + std::to_string(h);
          hp.at = {bx, by};
          hp.bld_id = b.bld_id;
          hp.entrance = h / 12 + 1;
          hp.floor = (h % 12) / 2 + 1;
          hp.attrs = {kSecretName, kSecretPhone, kSecretId};
          hp.attr_null = {false, false, false};
          plan.in.households.push_back(hp);
        }
      }
    plan.grids.push_back(grid);
  }
  plan.grids[0].worker_name = "张伟";
  plan.grids[0].worker_phone = "13812345678";
  plan.grids[0].duties = "负责本网格信息采集、矛盾调解、安全巡查和便民服务。";
  plan.grids[1].worker_name = "李娜";
  plan.grids[1].worker_phone = "0512-66881234";
  // Grid 3 has no worker yet: its sign prints blank lines.
  for (const auto& p : plan.pieces) {
    plan.grids[size_t(p.grid)].households += p.households;
    plan.units[size_t(p.unit)].households += p.households;
  }
  for (const auto& u : plan.units) plan.grids[size_t(u.grid)].units++;
  return plan;
}

}  // namespace gp::test

namespace gp::test {

// A plan of `n` grids tiled on a square lattice of 300 m × 200 m blocks in one community, each with
// six named buildings and three units, for batch and speed tests.
inline Plan tiledPlan(int n) {
  Plan plan;
  int side = 1;
  while (side * side < n) ++side;
  Community c;
  c.community_id = "320508019045";
  c.name = "和平社区";
  c.area = rectPoly(0, 0, side * 300.0, ((n + side - 1) / side) * 200.0);
  plan.in.communities.push_back(c);
  for (int r = 0; r <= (n + side - 1) / side; ++r)
    plan.in.barriers.push_back({"road", "和平" + std::to_string(r + 1) + "路", {{0, r * 200.0}, {side * 300.0, r * 200.0}}});
  int bno = 0;
  for (int g = 0; g < n; ++g) {
    double x0 = (g % side) * 300.0, y0 = (g / side) * 200.0;
    Grid grid;
    char id[32];
    std::snprintf(id, sizeof id, "320508019045%03d", g + 1);
    grid.grid_id = id;
    grid.community = 0;
    grid.name = "和平第" + std::to_string(g + 1) + "网格";
    grid.shape = rectPoly(x0, y0, x0 + 300, y0 + 200);
    grid.worker_name = "网格员" + std::to_string(g + 1);
    grid.worker_phone = "138" + std::to_string(10000000 + g);
    grid.duties = "信息采集、矛盾调解、安全巡查、便民服务。";
    for (int u = 0; u < 3; ++u) {
      Unit unit;
      char uid[40];
      std::snprintf(uid, sizeof uid, "%s%02d", id, u + 1);
      unit.unit_id = uid;
      unit.grid = g;
      unit.shape = rectPoly(x0 + u * 100, y0, x0 + u * 100 + 100, y0 + 200);
      plan.units.push_back(unit);
      for (int k = 0; k < 2; ++k) {
        Building b;
        // Appended, not "B" + to_string(): gcc 12 -O3 warns falsely (-Wrestrict) on that operator+.
        b.bld_id = "B";
        b.bld_id += std::to_string(++bno);
        b.name = std::to_string(bno) + "号楼";
        double bx = x0 + u * 100 + 50, by = y0 + 50 + k * 100;
        b.footprint = rectPoly(bx - 35, by - 9, bx + 35, by + 9);
        b.households = 50;
        b.entrances = 3;
        plan.in.buildings.push_back(b);
        Piece p;
        p.piece_id = b.bld_id;
        p.building = bno - 1;
        p.households = 50;
        p.grid = g;
        p.unit = int(plan.units.size()) - 1;
        plan.pieces.push_back(p);
        plan.units.back().households += 50;
        grid.households += 50;
      }
    }
    grid.units = 3;
    plan.grids.push_back(grid);
  }
  return plan;
}

}  // namespace gp::test
