#pragma once
// One community's share of buildPlan: cells, the grid-level graph, grids, units, polygons, codes and
// statuses. Communities are independent, so the pipeline runs these in parallel; each writes only its
// own pieces' cells and returns its grids, merged afterwards in community order (so the plan does not
// depend on thread timing).
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "geo/geom/Adjacency.hpp"
#include "geo/pipeline/Pipeline.hpp"
#include "geo/plan/Plan.hpp"

namespace gp::pipeline {

// What a base plan says about the pieces of the plan being made.
struct BaseRef {
  const Plan* base = nullptr;
  std::vector<int> grid;         // per plan piece: its base grid (by piece_id, else by bld_id), -1 none
  std::vector<int> unit;         // per plan piece: its base unit (by piece_id only), -1 none
  std::vector<char> gridIntact;  // per base grid: every base piece's building is still there, same community
  std::vector<char> unitIntact;  // per base unit: every base piece is still there (by piece_id)
  std::vector<int> gridPieces;   // per base grid: how many plan pieces point to it (all communities)
  std::vector<int> unitPieces;   // per base unit: how many base pieces it has
  bool sameBounds = false;       // the plan is made with the base's bounds: unchanged grids and units
                                 // are kept even outside them (the partitioner could do no better)
  bool keepUnlocked = true;      // false: keep locked grids only (re-partitioning a community on request)
  std::set<std::string> usedCodes;  // grid codes never to give to a new grid
};

// The cells of a set of pieces: stacked floor pieces of one entrance share one cell ("group").
struct Cells {
  std::vector<int> pieces;                    // plan piece indices
  std::vector<int> groupOf;                   // per local piece
  std::vector<std::vector<int>> groupPieces;  // per group: local pieces
  std::vector<const MultiPolygon*> cell;      // per group (points into plan.pieces)
  std::vector<double> area, perimeter;        // per group
  std::vector<XY> centroid;                   // per group
  geom::CellGraph graph;                      // over groups
  // Per building (plan.in.buildings index): its household points, for households per floor; may be null.
  const std::vector<std::vector<const HouseholdPoint*>>* points = nullptr;

  // The local index of a plan piece (pieces are ascending); -1 when not here.
  int local(int planPiece) const;
};

// Floor ranges made while dividing one grid into units: where whole entrances cannot be grouped into units
// within the bounds, entrances are split by floors. A plan piece may be narrowed to its first range
// (`replaced`) and the further ranges are new pieces (`added`, each standing on the cell of the plan piece
// `addedOrigin` names). In GridOut::pieces and unitPieces an index >= 0 names a plan piece and -2 - k names
// added[k], until resolveRanges() puts them into the plan.
struct FloorRanges {
  std::map<int, Piece> replaced;
  std::vector<Piece> added;
  std::vector<int> addedOrigin;

  const Piece& piece(const Plan& plan, int p) const {
    if (p < 0) return added[static_cast<size_t>(-p - 2)];
    auto it = replaced.find(p);
    return it != replaced.end() ? it->second : plan.pieces[static_cast<size_t>(p)];
  }
  int origin(int p) const { return p >= 0 ? p : addedOrigin[static_cast<size_t>(-p - 2)]; }
};

struct GridOut : FloorRanges {
  Grid grid;
  std::vector<int> pieces;  // plan piece indices
  std::vector<Unit> units;
  std::vector<std::vector<int>> unitPieces;
  int baseGrid = -1;        // the base grid it continues (kept or identical), -1 new
};

struct CommunityOut {
  std::vector<GridOut> grids;
  ProblemList problems;
  Timings t;
};

struct CommunityInput {
  int community = -1;
  std::vector<int> pieces;                               // plan piece indices, ascending
  const std::vector<MultiPolygon>* footprints = nullptr; // per plan piece; null: cells already in the plan
  std::vector<LineString> barriers;                      // barrier lines near the community
  std::vector<LineString> walls;                         // compound outlines near it (cut cells only)
  const MultiPolygon* area = nullptr;                    // what to tessellate; null: the community's area
  const std::vector<std::vector<const HouseholdPoint*>>* points = nullptr;  // per building; may be null
};

// Household points per building index (empty lists when the plan has none).
std::vector<std::vector<const HouseholdPoint*>> pointsByBuilding(const Plan& plan);

// Puts the floor ranges of g into the plan: a replaced piece takes its range in place, added ones are
// appended (with their origin's cell), and g.pieces / g.unitPieces name plan indices only afterwards.
// `origins`, when given, receives the plan piece each appended one was divided from, in order.
void resolveRanges(Plan& plan, GridOut& g, std::vector<int>* origins = nullptr);

// Groups pieces by footprint and, when `ci.footprints` is set, tessellates the community and stores
// each piece's cell in `plan`; then computes cell adjacency against the barriers.
Cells makeCells(Plan& plan, const CommunityInput& ci, ProblemList& problems, Timings& t);

// Grids and units of one community. `stageDone` is told "tessellate", "grids", "units", "polygons".
CommunityOut planCommunity(Plan& plan, const CommunityInput& ci, const Options& opt, const BaseRef* base,
                           const std::function<void(const char*)>& stageDone);

// Units of one grid whose pieces are `gridPieces` (plan indices, all in `cells`); g.grid must carry its
// code. Keeps base units that still meet the bounds when `base` says which (unit-level `fixed`).
void planUnits(const Plan& plan, const Cells& cells, GridOut& g, const Options& opt, const BaseRef* base,
               Timings* t = nullptr);

// The cells under a set of plan pieces (all in `cells`), unioned into one shape.
MultiPolygon shapeOfPieces(const Cells& cells, const std::vector<int>& planPieces);

// Seed for one partitioner call: the run's seed mixed with a stable name (community or grid code).
uint64_t mixSeed(uint64_t seed, const std::string& name);

}  // namespace gp::pipeline
