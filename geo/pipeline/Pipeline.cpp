#include "geo/pipeline/Pipeline.hpp"

#include "geo/core/I18n.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "geo/core/Error.hpp"
#include "geo/core/ParallelFor.hpp"
#include "geo/geom/BoxIndex.hpp"
#include "geo/geom/Pieces.hpp"
#include "geo/pipeline/Base.hpp"
#include "geo/pipeline/CommunityPlanner.hpp"
#include "geo/pipeline/Names.hpp"
#include "geo/pipeline/Report.hpp"
#include "geo/pipeline/Verify.hpp"

namespace gp::pipeline {

namespace {

using Clock = std::chrono::steady_clock;

BBox grow(BBox b, double by) {
  if (b.empty()) return b;
  b.minx -= by;
  b.miny -= by;
  b.maxx += by;
  b.maxy += by;
  return b;
}

bool overlaps(const BBox& a, const BBox& b) {
  return !a.empty() && !b.empty() && a.minx <= b.maxx && b.minx <= a.maxx && a.miny <= b.maxy && b.miny <= a.maxy;
}

// Barrier lines and compound outlines near one area (by bounding box: the tessellation clips them). Over a whole
// city the boxes are indexed once (LinesNearby); a single community (the studio's re-partition) scans them.
class LinesNearby {
 public:
  LinesNearby(const Inputs& in, bool index) : in_(in) {
    barrierBox_.reserve(in.barriers.size());
    for (const Barrier& b : in.barriers) barrierBox_.push_back(b.line.size() >= 2 ? bbox(b.line) : BBox{});
    compoundBox_.reserve(in.compounds.size());
    for (const Compound& c : in.compounds) compoundBox_.push_back(bbox(c.area));
    if (index) {
      barrierIndex_ = std::make_unique<geom::BoxIndex>(barrierBox_);
      compoundIndex_ = std::make_unique<geom::BoxIndex>(compoundBox_);
    }
  }

  void collect(const BBox& box, std::vector<LineString>& barriers, std::vector<LineString>& walls,
               bool compoundWalls) const {
    for (int i : near(barrierBox_, barrierIndex_.get(), box)) barriers.push_back(in_.barriers[size_t(i)].line);
    if (!compoundWalls) return;
    for (int i : near(compoundBox_, compoundIndex_.get(), box))
      for (const Polygon& p : in_.compounds[size_t(i)].area)
        for (const Ring& r : p.rings)
          if (r.size() >= 4) walls.push_back(r);
  }

 private:
  static std::vector<int> near(const std::vector<BBox>& boxes, const geom::BoxIndex* index, const BBox& box) {
    if (index) return index->overlapping(box);
    std::vector<int> out;
    for (size_t i = 0; i < boxes.size(); ++i)
      if (overlaps(boxes[i], box)) out.push_back(static_cast<int>(i));
    return out;
  }

  const Inputs& in_;
  std::vector<BBox> barrierBox_, compoundBox_;
  std::unique_ptr<geom::BoxIndex> barrierIndex_, compoundIndex_;
};

void linesNear(const Inputs& in, const BBox& box, std::vector<LineString>& barriers, std::vector<LineString>& walls,
               bool compoundWalls) {
  LinesNearby(in, false).collect(box, barriers, walls, compoundWalls);
}

// Moves the communities' grids and units into the plan, in community order, and points pieces at them.
// `origins` receives, for each piece appended by a division into floor ranges, the piece it came from.
void assemble(Plan& plan, std::vector<CommunityOut>& outs, std::vector<int>* origins = nullptr) {
  for (CommunityOut& out : outs) {
    for (GridOut& g : out.grids) {
      resolveRanges(plan, g, origins);
      int gi = static_cast<int>(plan.grids.size());
      for (int p : g.pieces) plan.pieces[p].grid = gi;
      for (size_t u = 0; u < g.units.size(); ++u) {
        int ui = static_cast<int>(plan.units.size());
        g.units[u].grid = gi;
        for (int p : g.unitPieces[u]) plan.pieces[p].unit = ui;
        plan.units.push_back(std::move(g.units[u]));
      }
      g.grid.units = static_cast<int>(g.units.size());
      plan.grids.push_back(std::move(g.grid));
    }
    plan.problems.append(out.problems);
  }
}

// Grids by community then code, units by grid then code; piece indices follow.
void normalizeOrder(Plan& plan) {
  std::vector<int> go(plan.grids.size());
  for (size_t i = 0; i < go.size(); ++i) go[i] = static_cast<int>(i);
  std::stable_sort(go.begin(), go.end(), [&](int a, int b) {
    const Grid &x = plan.grids[a], &y = plan.grids[b];
    return x.community != y.community ? x.community < y.community : x.grid_id < y.grid_id;
  });
  std::vector<int> gnew(go.size());
  std::vector<Grid> grids;
  for (size_t i = 0; i < go.size(); ++i) {
    gnew[go[i]] = static_cast<int>(i);
    grids.push_back(std::move(plan.grids[go[i]]));
  }
  plan.grids = std::move(grids);
  for (Unit& u : plan.units)
    if (u.grid >= 0) u.grid = gnew[u.grid];
  std::vector<int> uo(plan.units.size());
  for (size_t i = 0; i < uo.size(); ++i) uo[i] = static_cast<int>(i);
  std::stable_sort(uo.begin(), uo.end(), [&](int a, int b) {
    const Unit &x = plan.units[a], &y = plan.units[b];
    return x.grid != y.grid ? x.grid < y.grid : x.unit_id < y.unit_id;
  });
  std::vector<int> unew(uo.size());
  std::vector<Unit> units;
  for (size_t i = 0; i < uo.size(); ++i) {
    unew[uo[i]] = static_cast<int>(i);
    units.push_back(std::move(plan.units[uo[i]]));
  }
  plan.units = std::move(units);
  for (Piece& p : plan.pieces) {
    if (p.grid >= 0) p.grid = gnew[p.grid];
    if (p.unit >= 0) p.unit = unew[p.unit];
  }
  for (Grid& g : plan.grids) g.units = 0;
  for (const Unit& u : plan.units)
    if (u.grid >= 0) ++plan.grids[u.grid].units;
}

// Pieces by building, entrance and floors, so a plan's piece order does not depend on which pieces were
// divided by floors on the way (re-planning an unchanged plan then gives the same plan). `alongside` are
// per-piece arrays permuted with them.
void sortPieces(Plan& plan, std::initializer_list<std::vector<int>*> alongside) {
  const size_t n = plan.pieces.size();
  std::vector<int> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = static_cast<int>(i);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    const Piece &x = plan.pieces[a], &y = plan.pieces[b];
    return std::make_tuple(x.building, x.entrance, x.floor_from) < std::make_tuple(y.building, y.entrance, y.floor_from);
  });
  std::vector<Piece> pieces;
  pieces.reserve(n);
  for (int i : order) pieces.push_back(std::move(plan.pieces[i]));
  plan.pieces = std::move(pieces);
  for (std::vector<int>* v : alongside) {
    if (!v || v->size() != n) continue;
    std::vector<int> w(n);
    for (size_t k = 0; k < n; ++k) w[k] = (*v)[static_cast<size_t>(order[k])];
    *v = std::move(w);
  }
}

void setMeta(Plan& plan, const Options& opt) {
  auto& m = plan.meta;
  m.clear();
  m.emplace_back("tool", "gridplan");
  m.emplace_back("version", GRIDPLAN_VERSION);
  std::string created = opt.created;
  if (created.empty()) {
    std::time_t now = std::time(nullptr);
    char buf[32];
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    created = buf;
  }
  m.emplace_back("created", created);
  const Bounds& b = opt.bounds;
  m.emplace_back("grid_min", std::to_string(b.grid_min));
  m.emplace_back("grid_max", std::to_string(b.grid_max));
  m.emplace_back("grid_target", std::to_string(b.grid_target));
  m.emplace_back("unit_min", std::to_string(b.unit_min));
  m.emplace_back("unit_max", std::to_string(b.unit_max));
  m.emplace_back("seed", std::to_string(opt.seed));
  m.emplace_back("compound_walls", opt.compound_walls ? "1" : "0");
  m.emplace_back("split_entrances", opt.split_entrances ? "auto" : "never");
  // The language of the plan's reasons and problem messages (kinds, statuses and fields stay English keys).
  m.emplace_back("language", i18n::code(i18n::language()));
  if (plan.in.epsg) m.emplace_back("crs", "EPSG:" + std::to_string(plan.in.epsg));
  std::map<std::string, int> seen;
  for (const LayerInfo& l : plan.in.layers) {
    int k = ++seen[l.role];
    std::string key = "input." + l.role + (k > 1 ? "." + std::to_string(k) : "");
    m.emplace_back(key + ".source", l.source);
    if (!l.layer.empty()) m.emplace_back(key + ".layer", l.layer);
    if (!l.crs.empty()) m.emplace_back(key + ".crs", l.crs);
    m.emplace_back(key + ".features", std::to_string(l.features));
    if (!l.checksum.empty()) m.emplace_back(key + ".checksum", l.checksum);
  }
  if (opt.base) {
    std::string baseCreated;
    for (const auto& [k, v] : opt.base->meta)
      if (k == "created") baseCreated = v;
    m.emplace_back("base", baseCreated.empty() ? "yes" : "plan created " + baseCreated);
  }
}

void setTotals(Plan& plan) {
  long long hh = 0;
  for (const Piece& p : plan.pieces) hh += p.households;
  plan.meta.emplace_back("households", std::to_string(hh));
  plan.meta.emplace_back("pieces", std::to_string(plan.pieces.size()));
  plan.meta.emplace_back("grids", std::to_string(plan.grids.size()));
  plan.meta.emplace_back("units", std::to_string(plan.units.size()));
  EntranceSplits es = entranceSplits(plan);
  plan.meta.emplace_back("entrances_split_by_floors", std::to_string(es.split));
  plan.meta.emplace_back("entrances", std::to_string(es.entrances));
}

void addTimings(Timings* into, const Timings& t) {
  if (!into) return;
  into->pieces += t.pieces;
  into->tessellate += t.tessellate;
  into->adjacency += t.adjacency;
  into->grids += t.grids;
  into->units += t.units;
  into->polygons += t.polygons;
  into->verify += t.verify;
}

// Serialises progress reports from the worker threads.
class Progress {
 public:
  Progress(const Options& opt, int steps) : opt_(opt), steps_(std::max(steps, 1)) {}
  void step(const char* stage) {
    if (!opt_.progress) return;
    std::lock_guard<std::mutex> lock(mu_);
    ++done_;
    opt_.progress(std::min(1.0, static_cast<double>(done_) / steps_), stage);
  }

 private:
  const Options& opt_;
  int steps_;
  int done_ = 0;
  std::mutex mu_;
};

// Footprints for pieces that lost their cells (a plan without its cells layer, e.g. edited elsewhere), so the
// community can be tessellated again; null when every piece still has its cell.
std::unique_ptr<std::vector<MultiPolygon>> footprintsIfCellsMissing(const Plan& plan, const std::vector<int>& pieces) {
  bool missing = false;
  for (int p : pieces) missing = missing || plan.pieces[p].cell.empty();
  if (!missing) return nullptr;
  auto fp = std::make_unique<std::vector<MultiPolygon>>(plan.pieces.size());
  for (int p : pieces) {
    const Piece& pc = plan.pieces[p];
    if (pc.building < 0) continue;
    const Building& b = plan.in.buildings[pc.building];
    (*fp)[p] = pc.entrance > 0 && b.entrances > 1 ? geom::entranceSlice(b.footprint, b.entrances, pc.entrance)
                                                  : b.footprint;
  }
  return fp;
}

void checkCancel(const Options& opt) {
  if (opt.cancel && opt.cancel->load()) throw Cancelled();
}

// The pieces of each community (as work for planCommunity). Buildings in no community are reported with their
// households; those without households lose their pieces (and footprints, kept in step).
std::vector<CommunityInput> piecesByCommunity(Plan& plan, std::vector<MultiPolygon>& footprint) {
  const Inputs& inp = plan.in;
  std::unordered_map<std::string, int> communityOf;
  for (size_t c = 0; c < inp.communities.size(); ++c)
    communityOf.emplace(inp.communities[c].community_id, static_cast<int>(c));
  const int C = static_cast<int>(inp.communities.size());
  std::vector<CommunityInput> work(C);
  for (int c = 0; c < C; ++c) work[c].community = c;
  std::map<int, int> outside;  // building → households
  for (size_t p = 0; p < plan.pieces.size(); ++p) {
    int bi = plan.pieces[p].building;
    auto it = bi >= 0 ? communityOf.find(inp.buildings[bi].community_id) : communityOf.end();
    if (it == communityOf.end()) outside[bi] += plan.pieces[p].households;
  }
  // A building without households outside every community holds nothing a grid must serve: it gets no
  // piece (its households, none, are all accounted for) and a warning names it. One with households keeps
  // its pieces, without a grid, and is an error.
  {
    size_t kept = 0;
    for (size_t p = 0; p < plan.pieces.size(); ++p) {
      int bi = plan.pieces[p].building;
      auto o = outside.find(bi);
      if (o != outside.end() && o->second == 0) continue;
      if (kept != p) {
        plan.pieces[kept] = std::move(plan.pieces[p]);
        footprint[kept] = std::move(footprint[p]);
      }
      ++kept;
    }
    plan.pieces.resize(kept);
    footprint.resize(kept);
  }
  for (size_t p = 0; p < plan.pieces.size(); ++p) {
    int bi = plan.pieces[p].building;
    auto it = bi >= 0 ? communityOf.find(inp.buildings[bi].community_id) : communityOf.end();
    if (it != communityOf.end()) work[it->second].pieces.push_back(static_cast<int>(p));
  }
  for (auto& [bi, n] : outside) {
    if (bi < 0) continue;
    const Building& b = inp.buildings[bi];
    plan.problems.add("outside_community", n > 0 ? Severity::Error : Severity::Warning, "buildings:bld_id=" + b.bld_id,
                      (b.community_id.empty()
                           ? fmt(tr("%s lies in no community"), buildingLabel(b).c_str())
                           : fmt(tr("%1$s lies in no community (its community_id '%2$s' is unknown)"),
                                 buildingLabel(b).c_str(), b.community_id.c_str())) +
                          (n > 0 ? fmt(trn(": its %d household has no grid. Extend a community boundary over it, or "
                                           "remove it from the input.",
                                           ": its %d households have no grid. Extend a community boundary over it, or "
                                           "remove it from the input.",
                                           static_cast<unsigned long>(n)),
                                       static_cast<int>(n))
                                 : std::string(tr(": it has no households and is left out of the plan. Extend a "
                                                  "community boundary over it if it belongs to one."))),
                      b.footprint.empty() ? std::nullopt : std::optional<XY>(centroid(b.footprint)));
  }
  return work;
}

}  // namespace

Plan buildPlan(Inputs in, const Options& opt) {
  Plan plan;
  VerifyReport verified;
  plan.in = std::move(in);
  plan.bounds = opt.bounds;
  const Inputs& inp = plan.in;
  checkCancel(opt);

  auto t0 = Clock::now();
  geom::PieceLayout layout = geom::makePieces(inp, opt.bounds, plan.problems, opt.jobs);
  if (layout.footprint.size() != layout.pieces.size()) layout.footprint.resize(layout.pieces.size());
  if (opt.base) adoptBaseRanges(inp, *opt.base, layout.pieces, layout.footprint);
  plan.pieces = std::move(layout.pieces);
  Timings total;
  total.pieces = std::chrono::duration<double>(Clock::now() - t0).count();

  std::vector<CommunityInput> work = piecesByCommunity(plan, layout.footprint);
  const int C = static_cast<int>(work.size());
  const auto points = pointsByBuilding(plan);
  const LinesNearby nearby(inp, true);
  for (int c = 0; c < C; ++c) {
    work[c].footprints = &layout.footprint;
    work[c].points = &points;
  }

  BaseRef baseRef;
  if (opt.base) {
    baseRef = matchBase(plan, *opt.base);
    const Bounds &x = opt.base->bounds, &y = opt.bounds;
    baseRef.sameBounds = x.grid_min == y.grid_min && x.grid_max == y.grid_max && x.unit_min == y.unit_min &&
                         x.unit_max == y.unit_max;
  }
  const BaseRef* br = opt.base ? &baseRef : nullptr;

  Progress progress(opt, 4 * C);
  std::vector<CommunityOut> outs(C);
  parallelFor(C, opt.jobs, [&](int c) {
    checkCancel(opt);
    // The lines near a community are copied only while it is planned (held for every community at once,
    // the copies grew with the city).
    CommunityInput& ci = work[c];
    nearby.collect(grow(bbox(inp.communities[c].area), 1.0), ci.barriers, ci.walls, opt.compound_walls);
    outs[c] = planCommunity(plan, ci, opt, br, [&](const char* s) { progress.step(s); });
    std::vector<LineString>().swap(ci.barriers);
    std::vector<LineString>().swap(ci.walls);
  });
  checkCancel(opt);
  // What only planning needed goes before the self-check, the run's peak of memory: a footprint per piece
  // (copies of buildings' outlines, as much again as the cells on a big city) and the work lists.
  std::vector<MultiPolygon>().swap(layout.footprint);
  std::vector<CommunityInput>().swap(work);
  for (const CommunityOut& o : outs) addTimings(&total, o.t);
  std::vector<int> origins;
  assemble(plan, outs, &origins);
  std::vector<CommunityOut>().swap(outs);
  // A floor range divided from a piece continues that piece's base grid (by piece id it matches nothing).
  if (opt.base)
    for (int o : origins) {
      baseRef.grid.push_back(baseRef.grid[static_cast<size_t>(o)]);
      baseRef.unit.push_back(-1);
    }
  normalizeOrder(plan);
  finishPlan(plan);
  {
    auto tv = Clock::now();
    VerifyReport vr = verifyPlan(plan, opt, /*finished=*/true);
    total.verify = std::chrono::duration<double>(Clock::now() - tv).count();
    verified = vr;
  }
  if (opt.base) {
    // Pieces the self-check's repairs divided further have no base grid of their own to report.
    baseRef.grid.resize(plan.pieces.size(), -1);
    baseRef.unit.resize(plan.pieces.size(), -1);
  }
  sortPieces(plan, {&baseRef.grid, &baseRef.unit});
  setMeta(plan, opt);
  if (opt.base) {
    plan.transfers = transfers(plan, *opt.base, baseRef);
    setRetiredCodes(plan, baseRef.usedCodes);
  }
  setTotals(plan);
  plan.meta.emplace_back("verify.parts_moved", std::to_string(verified.parts_moved));
  plan.meta.emplace_back("verify.pieces_placed", std::to_string(verified.pieces_placed));
  plan.meta.emplace_back("verify.violations", std::to_string(verified.violations));
  if (opt.timings) addTimings(opt.timings, total);
  return plan;
}

void repartitionCommunity(Plan& plan, int community, const Options& opt) {
  if (community < 0 || community >= static_cast<int>(plan.in.communities.size())) return;
  BaseRef self = selfBase(plan);
  CommunityInput ci;
  ci.community = community;
  for (size_t p = 0; p < plan.pieces.size(); ++p) {
    int g = plan.pieces[p].grid;
    if (g >= 0 && plan.grids[g].community == community) ci.pieces.push_back(static_cast<int>(p));
  }
  linesNear(plan.in, grow(bbox(plan.in.communities[community].area), 1.0), ci.barriers, ci.walls, false);
  auto footprints = footprintsIfCellsMissing(plan, ci.pieces);
  ci.footprints = footprints.get();
  const auto points = pointsByBuilding(plan);
  ci.points = &points;
  Options o = opt;
  o.bounds = plan.bounds;
  int step = 0;
  CommunityOut out = planCommunity(plan, ci, o, &self, [&](const char* stage) {
    if (opt.progress) opt.progress(++step / 4.0, stage);
  });

  // Replace the community's grids and units.
  std::vector<int> gmap(plan.grids.size(), -1), umap(plan.units.size(), -1);
  std::vector<Grid> grids;
  std::vector<Unit> units;
  for (size_t g = 0; g < plan.grids.size(); ++g)
    if (plan.grids[g].community != community) {
      gmap[g] = static_cast<int>(grids.size());
      grids.push_back(std::move(plan.grids[g]));
    }
  for (size_t u = 0; u < plan.units.size(); ++u) {
    int g = plan.units[u].grid;
    if (g >= 0 && gmap[g] >= 0) {
      umap[u] = static_cast<int>(units.size());
      Unit x = std::move(plan.units[u]);
      x.grid = gmap[g];
      units.push_back(std::move(x));
    }
  }
  for (Piece& p : plan.pieces) {
    if (p.grid >= 0) p.grid = gmap[p.grid];
    if (p.unit >= 0) p.unit = umap[p.unit];
  }
  plan.grids = std::move(grids);
  plan.units = std::move(units);
  std::vector<CommunityOut> outs;
  outs.push_back(std::move(out));
  assemble(plan, outs);
  normalizeOrder(plan);
  finishPlan(plan);
  setRetiredCodes(plan, self.usedCodes);
}

void repartitionUnits(Plan& plan, int grid, const Options& opt) {
  if (grid < 0 || grid >= static_cast<int>(plan.grids.size())) return;
  CommunityInput ci;
  ci.community = plan.grids[grid].community;
  for (size_t p = 0; p < plan.pieces.size(); ++p)
    if (plan.pieces[p].grid == grid) ci.pieces.push_back(static_cast<int>(p));
  if (ci.community >= 0)
    linesNear(plan.in, grow(bbox(plan.grids[grid].shape), 1.0), ci.barriers, ci.walls, false);
  auto footprints = footprintsIfCellsMissing(plan, ci.pieces);
  ci.footprints = footprints.get();
  if (!plan.grids[grid].shape.empty()) ci.area = &plan.grids[grid].shape;  // units tile their grid
  const auto points = pointsByBuilding(plan);
  ci.points = &points;
  ProblemList scratch;
  Timings t;
  Cells cells = makeCells(plan, ci, scratch, t);
  GridOut g;
  g.grid = plan.grids[grid];
  g.pieces = ci.pieces;
  Options o = opt;
  o.bounds = plan.bounds;
  planUnits(plan, cells, g, o, nullptr);
  resolveRanges(plan, g);

  std::vector<Unit> units;
  std::vector<int> umap(plan.units.size(), -1);
  for (size_t u = 0; u < plan.units.size(); ++u)
    if (plan.units[u].grid != grid) {
      umap[u] = static_cast<int>(units.size());
      units.push_back(std::move(plan.units[u]));
    }
  for (Piece& p : plan.pieces)
    if (p.unit >= 0) p.unit = umap[p.unit];
  for (size_t u = 0; u < g.units.size(); ++u) {
    int ui = static_cast<int>(units.size());
    g.units[u].grid = grid;
    for (int p : g.unitPieces[u]) plan.pieces[p].unit = ui;
    units.push_back(std::move(g.units[u]));
  }
  plan.units = std::move(units);
  normalizeOrder(plan);
  finishPlan(plan);
}

}  // namespace gp::pipeline
