// Plan commands and their undo history, without any window: a small town of square cells.
#include "geo/plan/Command.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <set>

#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
#include "geo/plan/Check.hpp"

using namespace gp;
using namespace gp::plan;

namespace {

Polygon square(double x, double y, double s) {
  return Polygon{{{{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}}}};
}

// cols × rows buildings of `hh` households on 10 m tiles (the cells); grids are blocks of `gridCols`
// columns; units are pairs of buildings along a column.
Plan town(int cols = 8, int rows = 6, int hh = 12, int gridCols = 4) {
  Plan p;
  Community c;
  c.community_id = "320508019044";
  c.name = "测试社区";
  // Exactly the cells, so plan::check finds the grids covering it.
  const double w = 10.0 * cols, h = 10.0 * rows;
  c.area = {Polygon{{{{0, 0}, {w, 0}, {w, h}, {0, h}, {0, 0}}}}};
  p.in.communities.push_back(c);
  for (int x = 0; x < cols; ++x)
    for (int y = 0; y < rows; ++y) {
      Building b;
      b.bld_id = "B" + std::to_string(x) + "_" + std::to_string(y);
      b.footprint = {square(x * 10 + 2, y * 10 + 2, 6)};
      b.households = hh;
      b.community_id = c.community_id;
      p.in.buildings.push_back(b);
      Piece pc;
      pc.piece_id = b.bld_id;
      pc.building = int(p.in.buildings.size()) - 1;
      pc.households = hh;
      pc.cell = {square(x * 10, y * 10, 10)};
      int g = x / gridCols;
      while (int(p.grids.size()) <= g) {
        Grid gr;
        char buf[16];
        std::snprintf(buf, sizeof buf, "%03d", int(p.grids.size()) + 1);
        gr.grid_id = c.community_id + buf;
        gr.community = 0;
        p.grids.push_back(gr);
      }
      pc.grid = g;
      // One unit per two buildings of a column.
      std::string uid = p.grids[g].grid_id;
      int local = (x % gridCols) * ((rows + 1) / 2) + y / 2 + 1;
      char ub[16];
      std::snprintf(ub, sizeof ub, "%02d", local);
      uid += ub;
      int u = findUnit(p, uid);
      if (u < 0) {
        Unit un;
        un.unit_id = uid;
        un.grid = g;
        p.units.push_back(un);
        u = int(p.units.size()) - 1;
      }
      pc.unit = u;
      p.pieces.push_back(pc);
    }
  Touched all;
  for (int g = 0; g < int(p.grids.size()); ++g) all.addGrid(g);
  for (int u = 0; u < int(p.units.size()); ++u) all.addUnit(u);
  refresh(p, all);
  return p;
}

std::vector<std::pair<std::string, std::string>> assignment(const Plan& p) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Piece& pc : p.pieces)
    out.emplace_back(pc.grid >= 0 ? p.grids[pc.grid].grid_id : "", pc.unit >= 0 ? p.units[pc.unit].unit_id : "");
  return out;
}

struct GridSummary {
  std::string id;
  int households, units;
  Status status;
  size_t parts;
  double area;
  bool operator==(const GridSummary& o) const {
    return id == o.id && households == o.households && units == o.units && status == o.status && parts == o.parts &&
           std::abs(area - o.area) < 1e-6;
  }
};
std::vector<GridSummary> grids(const Plan& p) {
  std::vector<GridSummary> out;
  for (const Grid& g : p.grids) out.push_back({g.grid_id, g.households, g.units, g.status, g.shape.size(), gp::area(g.shape)});
  return out;
}

std::string violations(const Plan& p) {
  std::string s;
  for (const Problem& x : check(p))
    if (x.severity != Severity::Info) s += x.kind + " | " + x.feature + " | " + x.message + "\n";
  return s;
}

int sumHouseholds(const Plan& p) {
  int s = 0;
  for (const Grid& g : p.grids) s += g.households;
  return s;
}

// A row of 10 m cells a0 a1 | e1 e2 | b0, and u2 alone 10 m above e2 (touching nothing). Grid A holds a0 and
// a1 (one unit) and u2 (a unit of its own, the nearest to e2); grid B holds building X's two entrances e1, e2
// and b0, in one unit.
Plan farEntrance() {
  Plan p;
  Community c;
  c.community_id = "320508019044";
  c.area = {square(0, 0, 50)};
  p.in.communities.push_back(c);
  auto add = [&](const std::string& bld, int entrance, double x, double y, int grid, int unit) {
    int b = findBuilding(p, bld);
    if (b < 0) {
      Building nb;
      nb.bld_id = bld;
      nb.community_id = c.community_id;
      p.in.buildings.push_back(nb);
      b = int(p.in.buildings.size()) - 1;
    }
    p.in.buildings[b].households += 10;
    Piece pc;
    pc.piece_id = entrance > 0 ? bld + "-E" + std::to_string(entrance) : bld;
    pc.building = b;
    pc.entrance = entrance;
    pc.households = 10;
    pc.cell = {square(x, y, 10)};
    pc.grid = grid;
    pc.unit = unit;
    p.pieces.push_back(pc);
  };
  for (const char* id : {"320508019044001", "320508019044002"}) {
    Grid g;
    g.grid_id = id;
    g.community = 0;
    p.grids.push_back(g);
  }
  for (auto [id, grid] : {std::pair<const char*, int>{"32050801904400101", 0}, {"32050801904400102", 0}, {"32050801904400201", 1}}) {
    Unit u;
    u.unit_id = id;
    u.grid = grid;
    p.units.push_back(u);
  }
  add("a0", -1, 0, 0, 0, 0);
  add("a1", -1, 10, 0, 0, 0);
  add("X", 1, 20, 0, 1, 2);
  add("X", 2, 30, 0, 1, 2);
  add("b0", -1, 40, 0, 1, 2);
  add("u2", -1, 30, 20, 0, 1);
  Touched all;
  for (int g = 0; g < int(p.grids.size()); ++g) all.addGrid(g);
  for (int u = 0; u < int(p.units.size()); ++u) all.addUnit(u);
  refresh(p, all);
  return p;
}

}  // namespace

// A building's far entrance touches only its near one: moved together, both join the unit the near one
// touches, not the nearest unit by distance (which they do not touch: it would be in two parts).
TEST(Command, AssignJoinsUnitsThroughPiecesMovedTogether) {
  Plan p = farEntrance();
  History h;
  h.execute(p, std::make_unique<AssignPieces>(std::vector<int>{2, 3}, 0));
  EXPECT_EQ(p.pieces[2].grid, 0);
  EXPECT_EQ(p.pieces[3].grid, 0);
  EXPECT_EQ(p.pieces[2].unit, p.pieces[0].unit);
  EXPECT_EQ(p.pieces[3].unit, p.pieces[0].unit) << "joined unit " << p.units[p.pieces[3].unit].unit_id;
  EXPECT_EQ(components(p, piecesOfUnit(p, p.pieces[0].unit)), 1);
  EXPECT_EQ(components(p, piecesOfUnit(p, p.pieces[5].unit)), 1);
}

TEST(Command, TownFixtureIsConsistent) {
  Plan p = town();
  ASSERT_EQ(p.grids.size(), 2u);
  EXPECT_EQ(p.grids[0].households, 4 * 6 * 12);
  EXPECT_EQ(p.grids[0].units, 12);
  EXPECT_EQ(p.grids[0].status, Status::Ok);
  EXPECT_EQ(p.grids[0].shape.size(), 1u);
  EXPECT_NEAR(area(p.grids[0].shape), 40.0 * 60.0, 1e-6);
  EXPECT_EQ(p.units[0].households, 24);
}

TEST(Command, AssignMovesPiecesAndUpdatesOnlyTouchedGrids) {
  Plan p = town();
  History h;
  // The column x=3 (pieces 18..23) moves from grid 0 to grid 1.
  std::vector<int> col;
  for (int y = 0; y < 6; ++y) col.push_back(3 * 6 + y);
  Touched t = h.execute(p, std::make_unique<AssignPieces>(col, 1));
  EXPECT_EQ(p.grids[0].households, 288 - 72);
  EXPECT_EQ(p.grids[1].households, 288 + 72);
  EXPECT_EQ(sumHouseholds(p), 576);
  EXPECT_NEAR(area(p.grids[1].shape), 50.0 * 60.0, 1e-6);
  EXPECT_EQ(p.grids[1].shape.size(), 1u);
  for (int i : col) {
    EXPECT_EQ(p.pieces[i].grid, 1);
    EXPECT_EQ(p.units[p.pieces[i].unit].grid, 1) << "a moved piece joins a unit of its new grid";
  }
  EXPECT_TRUE(std::find(t.grids.begin(), t.grids.end(), 0) != t.grids.end());
  EXPECT_TRUE(std::find(t.grids.begin(), t.grids.end(), 1) != t.grids.end());
  EXPECT_TRUE(h.dirty());
  EXPECT_EQ(h.undoLabel(), "Assign 6 pieces to grid 320508019044002");
}

TEST(Command, StatusFollowsBounds) {
  Plan p = town();
  History h;
  std::vector<int> cols;
  for (int i = 0; i < 12; ++i) cols.push_back(i);  // two columns: 144 households
  h.execute(p, std::make_unique<AssignPieces>(cols, 1));
  EXPECT_EQ(p.grids[0].status, Status::Under);
  EXPECT_EQ(p.grids[0].reason.rfind("144 households, below the minimum of 200", 0), 0u) << p.grids[0].reason;
  EXPECT_EQ(p.grids[1].status, Status::Over);
  h.undo(p);
  EXPECT_EQ(p.grids[0].status, Status::Ok);
  EXPECT_TRUE(p.grids[0].reason.empty());
}

// An edited grid reads as a freshly partitioned one: its reason names the true cause ("community X has only N
// households", not a bare count), in the run's language. Edits used to write "216 households, below the minimum
// of 600" in English whatever the language, from a reason function of their own.
TEST(Command, AnEditedGridGetsThePartitionersReasonInTheRunsLanguage) {
  ASSERT_FALSE(i18n::catalogDir().empty()) << "no locale/zh_CN/LC_MESSAGES/gridplan.mo beside the test binary";
  Plan p = town();
  p.bounds.grid_min = 600;  // the community holds 576: no grid of it can reach the minimum
  std::vector<int> col;
  for (int y = 0; y < 6; ++y) col.push_back(3 * 6 + y);
  History h;
  h.execute(p, std::make_unique<AssignPieces>(col, 1));
  EXPECT_EQ(p.grids[0].status, Status::Under);
  EXPECT_EQ(p.grids[0].reason, "community 320508019044 has only 576 households: one grid below 600");
  h.undo(p);
  i18n::setLanguage(i18n::Lang::Zh);
  h.redo(p);
  i18n::setLanguage(i18n::Lang::En);
  EXPECT_EQ(p.grids[1].status, Status::Under);
  EXPECT_NE(p.grids[1].reason.find("576"), std::string::npos) << p.grids[1].reason;
  EXPECT_NE(p.grids[1].reason.find("户"), std::string::npos) << p.grids[1].reason;
  EXPECT_EQ(p.grids[1].reason.find("households"), std::string::npos) << p.grids[1].reason;
  EXPECT_EQ(countViolations(check(p)), 0u);
}

TEST(Command, DisconnectedGridHasTwoParts) {
  Plan p = town();
  History h;
  // A piece in the middle of grid 0 goes to grid 1: grid 1 is now in two parts.
  h.execute(p, std::make_unique<AssignPieces>(std::vector<int>{8}, 1));
  EXPECT_EQ(p.grids[1].shape.size(), 2u);
  EXPECT_EQ(components(p, piecesOfGrid(p, 1)), 2);
  EXPECT_EQ(components(p, piecesOfGrid(p, 0)), 1);
}

TEST(Command, UndoRedoRoundTripsExactly) {
  Plan p = town();
  auto a0 = assignment(p);
  auto g0 = grids(p);
  History h;
  h.execute(p, std::make_unique<AssignPieces>(std::vector<int>{18, 19, 20}, 1));
  h.execute(p, std::make_unique<SplitGrid>(1));
  h.execute(p, std::make_unique<MergeGrids>(0, 2));
  h.execute(p, std::make_unique<NewGridFromSelection>(std::vector<int>{0, 1, 2, 6, 7}));
  h.execute(p, std::make_unique<SetGridField>(0, SetGridField::Field::WorkerName, "张三"));
  h.execute(p, std::make_unique<SetLocked>(0, true));
  auto a1 = assignment(p);
  auto g1 = grids(p);
  auto units1 = p.units.size();
  while (h.undo(p)) {
  }
  EXPECT_EQ(assignment(p), a0);
  EXPECT_EQ(grids(p), g0);
  EXPECT_FALSE(h.dirty());
  EXPECT_TRUE(p.grids[0].worker_name.empty());
  while (h.redo(p)) {
  }
  EXPECT_EQ(assignment(p), a1);
  EXPECT_EQ(grids(p), g1);
  EXPECT_EQ(p.units.size(), units1);
  EXPECT_EQ(p.grids[0].worker_name, "张三");
  EXPECT_TRUE(p.grids[0].locked);
}

TEST(Command, SplitMakesTwoConnectedHalvesWithFreshCode) {
  Plan p = town();
  History h;
  auto cmd = std::make_unique<SplitGrid>(0);
  SplitGrid* s = cmd.get();
  h.execute(p, std::move(cmd));
  ASSERT_EQ(p.grids.size(), 3u);
  int ng = s->newGrid();
  EXPECT_EQ(p.grids[ng].grid_id, "320508019044003");
  EXPECT_EQ(p.grids[0].households + p.grids[ng].households, 288);
  EXPECT_EQ(p.grids[ng].households, 144);
  EXPECT_EQ(p.grids[0].shape.size(), 1u);
  EXPECT_EQ(p.grids[ng].shape.size(), 1u);
  // Units stay whole and are renumbered under the new code.
  for (int u : unitsOfGrid(p, ng)) EXPECT_EQ(p.units[u].unit_id.substr(0, 15), "320508019044003");
  EXPECT_EQ(p.grids[0].units + p.grids[ng].units, 12);
}

TEST(Command, MergeRemovesGridAndRetiresItsCode) {
  Plan p = town();
  History h;
  h.execute(p, std::make_unique<MergeGrids>(0, 1));
  ASSERT_EQ(p.grids.size(), 1u);
  EXPECT_EQ(p.grids[0].households, 576);
  EXPECT_EQ(p.grids[0].units, 24);
  EXPECT_EQ(p.grids[0].status, Status::Over);
  for (const Unit& u : p.units) EXPECT_EQ(u.unit_id.substr(0, 15), "320508019044001");
  // The retired code is never handed out again.
  EXPECT_EQ(nextGridCode(p, 0), "320508019044003");
  h.undo(p);
  ASSERT_EQ(p.grids.size(), 2u);
  EXPECT_EQ(p.grids[1].grid_id, "320508019044002");
  EXPECT_EQ(nextGridCode(p, 0), "320508019044003");
  EXPECT_EQ(p.units[p.pieces.back().unit].unit_id.substr(0, 15), "320508019044002");
}

TEST(Command, LockedGridsRefuseEditsAndLeavePlanUnchanged) {
  Plan p = town();
  History h;
  h.execute(p, std::make_unique<SetLocked>(1, true));
  auto before = assignment(p);
  EXPECT_THROW(h.execute(p, std::make_unique<AssignPieces>(std::vector<int>{0}, 1)), InputError);
  EXPECT_THROW(h.execute(p, std::make_unique<MergeGrids>(0, 1)), InputError);
  EXPECT_THROW(h.execute(p, std::make_unique<SplitGrid>(1)), InputError);
  EXPECT_EQ(assignment(p), before);
  EXPECT_EQ(h.size(), 1u);
  EXPECT_EQ(h.undoLabel(), "Lock grid 320508019044002");
}

TEST(Command, NewGridFromSelectionMovesWholeUnitsAndGathersTheRest) {
  Plan p = town();
  History h;
  // Pieces 0,1 are unit 01 whole; piece 2 is half of unit 02.
  auto cmd = std::make_unique<NewGridFromSelection>(std::vector<int>{0, 1, 2});
  auto* c = cmd.get();
  h.execute(p, std::move(cmd));
  int ng = c->newGrid();
  EXPECT_EQ(p.grids[ng].households, 36);
  EXPECT_EQ(p.grids[ng].units, 2);
  EXPECT_EQ(p.units[p.pieces[0].unit].unit_id, "32050801904400301");
  EXPECT_EQ(p.units[p.pieces[2].unit].unit_id, "32050801904400302");
  EXPECT_EQ(p.units[p.pieces[3].unit].households, 12);
}

TEST(Command, SetGridFieldAndDirtyFlag) {
  Plan p = town();
  History h;
  EXPECT_FALSE(h.dirty());
  h.execute(p, std::make_unique<SetGridField>(0, SetGridField::Field::Duties, "巡查走访"));
  EXPECT_EQ(p.grids[0].duties, "巡查走访");
  h.markSaved();
  EXPECT_FALSE(h.dirty());
  h.undo(p);
  EXPECT_TRUE(h.dirty());
  h.redo(p);
  EXPECT_FALSE(h.dirty());
  h.undo(p);
  // A new edit drops the redo branch the saved state was in: dirty for good.
  h.execute(p, std::make_unique<SetGridField>(0, SetGridField::Field::Name, "一网格"));
  EXPECT_TRUE(h.dirty());
  SetGridField::Field f;
  EXPECT_TRUE(SetGridField::parseField("worker_phone", f));
  EXPECT_FALSE(SetGridField::parseField("colour", f));
}

TEST(Command, RepartitionSnapshotUndoes) {
  Plan p = town();
  Plan q = p;
  // A "re-partition" computed elsewhere: everything into grid 0.
  for (Piece& pc : q.pieces) pc.grid = 0;
  q.grids[0].households = 576;
  History h;
  auto a0 = assignment(p);
  h.execute(p, std::make_unique<Repartition>(p, q, "Re-partition community 320508019044"));
  EXPECT_EQ(p.grids[0].households, 576);
  h.undo(p);
  EXPECT_EQ(assignment(p), a0);
  EXPECT_EQ(p.grids[0].households, 288);
}

// ---- edits that leave a unit or grid empty (issue 10 item 5) ----------------------------------------

// A per-index cache (the studio's meshes) follows an edit by replaying its shifts: the ids from before the
// edit, shifted, must be the ids after it, and each inserted entry must be among the touched ones (so it is
// filled in).
std::vector<std::string> idsOf(const Plan& p, bool units) {
  std::vector<std::string> ids;
  if (units)
    for (const Unit& u : p.units) ids.push_back(u.unit_id);
  else
    for (const Grid& g : p.grids) ids.push_back(g.grid_id);
  return ids;
}
void expectShiftsReplay(const std::vector<std::string>& before, const Plan& after, const Touched& t, bool units) {
  ASSERT_FALSE(t.structure) << "shifts alone should describe this edit";
  std::vector<std::string> ids = before;
  for (const Shift& s : t.shifts) {
    if (s.unit != units) continue;
    ASSERT_GE(s.index, 0);
    ASSERT_LE(size_t(s.index), ids.size());
    if (s.inserted)
      ids.insert(ids.begin() + s.index, "");
    else
      ids.erase(ids.begin() + s.index);
  }
  const std::vector<std::string> now = idsOf(after, units);
  ASSERT_EQ(ids.size(), now.size());
  const std::vector<int>& touched = units ? t.units : t.grids;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (ids[i].empty())
      EXPECT_NE(std::find(touched.begin(), touched.end(), int(i)), touched.end()) << "inserted " << now[i];
    else
      EXPECT_EQ(ids[i], now[i]) << "index " << i;
  }
}

TEST(Command, TownFixtureChecksClean) {
  EXPECT_EQ(violations(town()), "");
  EXPECT_EQ(violations(town(9)), "");
}

// The studio used to leave the emptied unit behind with 0 households, no polygon and its old reason.
TEST(Command, AssignRemovesTheUnitItEmptiesAndUndoBringsItBack) {
  Plan p = town();
  // Pieces 22 and 23 (column 3, rows 4–5) are unit 12 of grid 001, the highest code in that grid.
  const int u = p.pieces[22].unit;
  ASSERT_EQ(p.pieces[23].unit, u);
  p.units[u].leader_name = "陈一";
  const Unit old = p.units[u];
  ASSERT_EQ(old.unit_id, "32050801904400112");
  const auto a0 = assignment(p);
  const size_t units0 = p.units.size();
  History h;
  const auto unitIds0 = idsOf(p, true), gridIds0 = idsOf(p, false);
  Touched t = h.execute(p, std::make_unique<AssignPieces>(std::vector<int>{22, 23}, 1));
  EXPECT_EQ(findUnit(p, old.unit_id), -1) << "the emptied unit is removed";
  EXPECT_EQ(p.units.size(), units0 - 1);
  EXPECT_TRUE(t.renumbered());
  expectShiftsReplay(unitIds0, p, t, true);
  expectShiftsReplay(gridIds0, p, t, false);
  const auto unitIds1 = idsOf(p, true);
  EXPECT_EQ(p.grids[0].units, 11);
  EXPECT_EQ(violations(p), "");
  for (int i : t.units) EXPECT_LT(i, int(p.units.size()));
  // Its code is not given to the next new unit of the grid.
  EXPECT_EQ(nextUnitCode(p, 0), "32050801904400113");

  ASSERT_TRUE(h.undo(p, &t));
  ASSERT_EQ(p.units.size(), units0);
  EXPECT_EQ(p.units[u].unit_id, old.unit_id);
  EXPECT_EQ(p.units[u].grid, old.grid);
  EXPECT_EQ(p.units[u].households, 24);
  EXPECT_EQ(p.units[u].status, old.status);
  EXPECT_EQ(p.units[u].reason, old.reason);
  EXPECT_EQ(p.units[u].leader_name, "陈一");
  EXPECT_NEAR(area(p.units[u].shape), area(old.shape), 1e-6);
  EXPECT_EQ(p.grids[0].units, 12);
  EXPECT_EQ(assignment(p), a0);
  EXPECT_TRUE(t.renumbered());
  expectShiftsReplay(unitIds1, p, t, true);
  EXPECT_NE(std::find(t.units.begin(), t.units.end(), u), t.units.end()) << "the restored unit is reported";
  EXPECT_EQ(violations(p), "");
  EXPECT_EQ(nextUnitCode(p, 0), "32050801904400113");

  ASSERT_TRUE(h.redo(p));
  EXPECT_EQ(findUnit(p, old.unit_id), -1);
  EXPECT_EQ(p.units.size(), units0 - 1);
  EXPECT_EQ(violations(p), "");
}

// Pieces moved to a unit of another grid (AssignUnit) empty their unit the same way.
TEST(Command, AssignUnitRemovesTheUnitItEmpties) {
  Plan p = town();
  const std::string old = p.units[p.pieces[22].unit].unit_id;
  const int target = p.pieces[28].unit;  // column 4, rows 4–5: grid 002
  History h;
  h.execute(p, std::make_unique<AssignUnit>(std::vector<int>{22, 23}, target));
  EXPECT_EQ(findUnit(p, old), -1);
  EXPECT_EQ(p.units[p.pieces[22].unit].households, 48);
  EXPECT_EQ(violations(p), "");
  h.undo(p);
  EXPECT_GE(findUnit(p, old), 0);
  EXPECT_EQ(violations(p), "");
}

// Nine columns: grids 001 and 002 of four columns, grid 003 of the last column alone (72 households).
TEST(Command, AssignRemovesTheGridItEmptiesAndUndoBringsItBack) {
  Plan p = town(9);
  ASSERT_EQ(p.grids.size(), 3u);
  p.grids[2].worker_name = "王五";
  p.grids[2].reason = "only one column of buildings left here";
  const Grid old = p.grids[2];
  const auto a0 = assignment(p);
  const auto g0 = grids(p);
  const size_t units0 = p.units.size();
  ASSERT_EQ(violations(p), "");
  std::vector<int> column;
  for (int y = 0; y < 6; ++y) column.push_back(8 * 6 + y);
  History h;
  const auto unitIds0 = idsOf(p, true), gridIds0 = idsOf(p, false);
  Touched t = h.execute(p, std::make_unique<AssignPieces>(column, 1));
  ASSERT_EQ(p.grids.size(), 2u);
  EXPECT_EQ(findGrid(p, old.grid_id), -1);
  EXPECT_EQ(p.units.size(), units0 - 3) << "its three units went with it";
  EXPECT_EQ(p.grids[1].households, 360);
  EXPECT_TRUE(t.renumbered());
  expectShiftsReplay(unitIds0, p, t, true);
  expectShiftsReplay(gridIds0, p, t, false);
  EXPECT_EQ(violations(p), "");
  EXPECT_EQ(nextGridCode(p, 0), "320508019044004") << "the removed grid's code is not reused";
  const auto a1 = assignment(p);

  // A later edit captures the indices of the plan without grid 003; undo and redo keep them valid.
  h.execute(p, std::make_unique<SplitGrid>(1));
  EXPECT_EQ(p.grids.back().grid_id, "320508019044004");
  h.undo(p);
  EXPECT_EQ(assignment(p), a1);
  const auto unitIds1 = idsOf(p, true), gridIds1 = idsOf(p, false);

  ASSERT_TRUE(h.undo(p, &t));
  expectShiftsReplay(unitIds1, p, t, true);
  expectShiftsReplay(gridIds1, p, t, false);
  ASSERT_EQ(p.grids.size(), 3u);
  EXPECT_EQ(p.grids[2].grid_id, old.grid_id);
  EXPECT_EQ(p.grids[2].worker_name, "王五");
  EXPECT_EQ(p.grids[2].reason, old.reason) << "restored as it was, not recounted";
  EXPECT_EQ(p.grids[2].units, 3);
  EXPECT_EQ(p.units.size(), units0);
  EXPECT_EQ(assignment(p), a0);
  EXPECT_EQ(grids(p), g0);
  EXPECT_NE(std::find(t.grids.begin(), t.grids.end(), 2), t.grids.end());
  EXPECT_EQ(violations(p), "");
  EXPECT_EQ(nextGridCode(p, 0), "320508019044004");

  ASSERT_TRUE(h.redo(p));
  EXPECT_EQ(findGrid(p, old.grid_id), -1);
  EXPECT_EQ(assignment(p), a1);
  ASSERT_TRUE(h.redo(p));
  EXPECT_EQ(p.grids.back().grid_id, "320508019044004");
  EXPECT_EQ(violations(p), "");
  while (h.undo(p)) {
  }
  EXPECT_EQ(assignment(p), a0);
  EXPECT_EQ(grids(p), g0);
}

// A new grid of all of grid 003's buildings: their units move whole, grid 003 is left empty and removed,
// and the new grid's index is the one after the removal.
TEST(Command, NewGridFromAWholeGridRemovesTheEmptiedGrid) {
  Plan p = town(9);
  std::vector<int> column;
  for (int y = 0; y < 6; ++y) column.push_back(8 * 6 + y);
  const auto a0 = assignment(p);
  History h;
  auto cmd = std::make_unique<NewGridFromSelection>(column);
  auto* c = cmd.get();
  h.execute(p, std::move(cmd));
  ASSERT_EQ(p.grids.size(), 3u);
  EXPECT_EQ(findGrid(p, "320508019044003"), -1);
  ASSERT_EQ(c->newGrid(), 2);
  EXPECT_EQ(p.grids[2].grid_id, "320508019044004");
  EXPECT_EQ(p.grids[2].households, 72);
  EXPECT_EQ(p.grids[2].units, 3);
  EXPECT_EQ(violations(p), "");
  h.undo(p);
  EXPECT_EQ(p.grids[2].grid_id, "320508019044003");
  EXPECT_EQ(p.grids.size(), 3u);
  EXPECT_EQ(assignment(p), a0);
  EXPECT_EQ(violations(p), "");
  h.redo(p);
  EXPECT_EQ(p.grids[2].grid_id, "320508019044004");
  EXPECT_EQ(violations(p), "");
}

// Grid 001 merged into 002 and 002 split again: the merged-in units were renumbered twice (0010x → 0021x →
// 0030x). Each code a unit left behind is retired, so a new unit of grid 002 cannot be numbered into one of
// them (before, nextUnitCode gave 00213, the code the first merged-in unit had carried), and undo / redo
// bring plan_meta back exactly.
TEST(Command, RenumberedUnitsRetireTheirOldCodes) {
  Plan p = town();
  std::set<std::string> ever;
  auto note = [&] {
    for (const Unit& u : p.units) ever.insert(u.unit_id);
  };
  auto retired = [&] {
    for (const auto& [k, v] : p.meta)
      if (k == "retired_unit_codes") return v;
    return std::string();
  };
  note();
  const auto meta0 = p.meta;
  const auto a0 = assignment(p);
  History h;
  h.execute(p, std::make_unique<MergeGrids>(1, 0));
  note();
  ASSERT_EQ(p.grids.size(), 1u);
  ASSERT_EQ(p.grids[0].grid_id, "320508019044002");
  EXPECT_EQ(p.units.size(), 24u);
  EXPECT_EQ(retired().substr(0, 35), "32050801904400101,32050801904400102");
  for (int k = 1; k <= 12; ++k) {
    char c[24];
    std::snprintf(c, sizeof c, "320508019044001%02d", k);
    EXPECT_NE(retired().find(c), std::string::npos) << c;
  }
  const auto meta1 = p.meta;
  const auto a1 = assignment(p);

  auto cmd = std::make_unique<SplitGrid>(0);
  auto* split = cmd.get();
  h.execute(p, std::move(cmd));
  note();
  ASSERT_EQ(p.grids.size(), 2u);
  const int source = findGrid(p, "320508019044002");
  ASSERT_GE(source, 0);
  EXPECT_EQ(p.grids[split->newGrid()].grid_id, "320508019044003");
  // The west half (the units merged in from 001) moved on; 002 keeps its own units 01–12.
  for (const Unit& u : p.units) {
    if (u.grid == source) {
      EXPECT_LE(u.unit_id, "32050801904400212");
    }
  }
  EXPECT_NE(retired().find("32050801904400213"), std::string::npos);
  EXPECT_EQ(violations(p), "");

  // A new unit of the source grid, or of any grid, takes a code no unit ever carried.
  for (int g = 0; g < int(p.grids.size()); ++g) {
    const std::string next = nextUnitCode(p, g);
    EXPECT_EQ(ever.count(next), 0u) << next << " was used before";
  }
  EXPECT_EQ(nextUnitCode(p, source), "32050801904400225");
  const auto meta2 = p.meta;

  // Undo restores plan_meta exactly at each step; redo retires the same codes again.
  ASSERT_TRUE(h.undo(p));
  EXPECT_EQ(p.meta, meta1);
  EXPECT_EQ(assignment(p), a1);
  ASSERT_TRUE(h.undo(p));
  EXPECT_EQ(p.meta, meta0);
  EXPECT_EQ(assignment(p), a0);
  EXPECT_EQ(violations(p), "");
  ASSERT_TRUE(h.redo(p));
  EXPECT_EQ(p.meta, meta1);
  ASSERT_TRUE(h.redo(p));
  EXPECT_EQ(p.meta, meta2);
  EXPECT_EQ(nextUnitCode(p, source), "32050801904400225");
  EXPECT_EQ(violations(p), "");
}

// A new grid of whole units retires the codes they had in their old grid; undo frees them again.
TEST(Command, NewGridFromSelectionRetiresTheMovedUnitsCodes) {
  Plan p = town();
  // Column 3 (pieces 18–23): units 10, 11 and 12 of grid 001, the highest codes there.
  std::vector<int> column;
  for (int y = 0; y < 6; ++y) column.push_back(3 * 6 + y);
  const auto meta0 = p.meta;
  History h;
  h.execute(p, std::make_unique<NewGridFromSelection>(column));
  EXPECT_EQ(findUnit(p, "32050801904400112"), -1);
  EXPECT_EQ(nextUnitCode(p, 0), "32050801904400113") << "the moved units' codes are not reused in grid 001";
  EXPECT_EQ(violations(p), "");
  const auto meta1 = p.meta;
  ASSERT_TRUE(h.undo(p));
  EXPECT_EQ(p.meta, meta0);
  EXPECT_GE(findUnit(p, "32050801904400112"), 0);
  ASSERT_TRUE(h.redo(p));
  EXPECT_EQ(p.meta, meta1);
}
