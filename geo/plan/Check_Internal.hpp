#pragma once
// The checker behind plan::check (Check.hpp), spread over files by stage: Check.cpp (threads and statuses),
// Check_Attributes.cpp (invariants 1, 2, 7 on the attributes), Check_Shapes.cpp (GEOS polygons and their parts),
// Check_Geometry.cpp (the geometric stages: pieces on the map, connectivity, stacked floors) and
// Check_Coverage.cpp (invariants 3 and 4: inside the parent, covering it). Not part of the library's interface.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "geo/core/I18n.hpp"
#include "geo/core/Text.hpp"
#include "geo/geom/Geos.hpp"
#include "geo/plan/Check.hpp"

namespace gp::plan::check_detail {

using geos::Context;
using geos::GeomPtr;

// Thousands separators read better in planner messages ("12,345 m²").
std::string num(double v);
// GEOS says why a polygon is invalid in English; the common reasons are said in the reader's language.
std::string geosReason(const std::string& why);
// A point strictly inside `mp` without GEOS (see Check_Shapes.cpp); false when there is none that cheap.
bool interiorPoint(const MultiPolygon& mp, XY& out);

// Which part of the geometric work one thread does: the grid level (communities and grids, and every note),
// and the unit level of the grids marked in `unitsOf` (units whose grid is unknown go with the grid level).
struct Share {
  bool gridLevel = true;
  const std::vector<char>* unitsOf = nullptr;  // per grid; nullptr = all
};

class Checker {
 public:
  Checker(const Plan& p, const CheckOptions& o, std::vector<Problem>& found)
      : plan(p), opt(o), out(found), spanningGrid(p.grids.size(), 0), spanningUnit(p.units.size(), 0) {}

  struct Allowance {
    std::map<std::pair<int, int>, double> pair;  // overlap allowed between two children (stacked pieces)
    std::map<std::pair<int, int>, bool> unknown;  // stacked pieces there but no cell to measure
    // Per parent: cells stacked pieces stand on that several of its children hold, and how many of them beyond
    // the first (the times the children's polygons cover that cell beyond once).
    std::map<int, std::vector<std::pair<const MultiPolygon*, int>>> stacked;
  };
  // The allowances of both levels, for every grid and unit of the plan.
  struct Allowances {
    Allowance grid, unit;
    bool cellsMissing = false;  // stacked pieces without cells (a note of the grid level)
  };

  void attributes();
  // The geometric invariants on one share; `allow`: stackedAllowances() of the plan, when already computed.
  void geometry(const Share& share, const Allowances* allow = nullptr);
  Allowances stackedAllowances() const;
  void status();
  // Takes the spanning units another Checker found in its share of the geometric work.
  void adoptSpanning(const Checker& other) {
    for (size_t u = 0; u < spanningUnit.size(); ++u) spanningUnit[u] = spanningUnit[u] || other.spanningUnit[u];
  }

 private:
  const Plan& plan;
  const CheckOptions& opt;
  std::vector<Problem>& out;
  // Grids and units in several parts that may be (invariant 7): each of their parts lies in a different part of
  // their community's polygon, and their status is exception with a reason. Filled by geometry().
  std::vector<char> spanningGrid, spanningUnit;
  std::vector<int> perCommunity;  // pieces per community (by grid or by building), see piecesInCommunity()

  void add(const char* kind, std::string feature, std::string message, std::optional<XY> at = std::nullopt,
           Severity s = Severity::Error) {
    out.push_back(Problem{kind, s, std::move(feature), std::move(message), at});
  }
  std::string gridF(int g) const { return "grid " + plan.grids[g].grid_id; }
  std::string unitF(int u) const { return "unit " + plan.units[u].unit_id; }
  std::string commF(int c) const { return "community " + plan.in.communities[c].community_id; }
  // The words for a grid, unit, piece or building in a message (the feature itself stays an English key).
  static std::string gridW(const std::string& id) { return fmt(tr("grid %s"), id.c_str()); }
  static std::string unitW(const std::string& id) { return fmt(tr("unit %s"), id.c_str()); }
  static std::string pieceW(const std::string& id) { return fmt(tr("piece %s"), id.c_str()); }
  std::string bldWords(int b) const {
    const Building& x = plan.in.buildings[b];
    return x.name.empty() ? fmt(tr("building %s"), x.bld_id.c_str())
                          : fmt(tr("building %1$s (%2$s)"), x.bld_id.c_str(), x.name.c_str());
  }
  bool validGrid(int g) const { return g >= 0 && g < static_cast<int>(plan.grids.size()); }
  bool validUnit(int u) const { return u >= 0 && u < static_cast<int>(plan.units.size()); }
  bool validBuilding(int b) const { return b >= 0 && b < static_cast<int>(plan.in.buildings.size()); }
  bool validCommunity(int c) const { return c >= 0 && c < static_cast<int>(plan.in.communities.size()); }

  // The stages of attributes() (Check_Attributes.cpp).
  void duplicateIds();
  void countedTotals();
  void communityShapes();
  // Pieces of community c: those in its grids and those of its buildings (one piece may count for both).
  int piecesInCommunity(int c);
  // Whether `status`/`reason` and the polygon of community c let a grid or unit be in these several parts.
  bool mayBeInSeveralParts(Status st, const std::string& reason, int c) const {
    return st == Status::Exception && !trim(reason).empty() && validCommunity(c) &&
           plan.in.communities[c].area.size() > 1;
  }

  // --- geometry helpers ---
  Context ctx;
  bool gridLevel = true;
  std::vector<GeomPtr> comm;      // community polygons, prepared on first use by the unit-only share
  std::vector<char> commReady;
  std::vector<std::vector<const GEOSGeometry*>> commParts;  // separate parts of each community polygon
  const GEOSGeometry* community(int c);
  const std::vector<const GEOSGeometry*>& communityParts(int c);
  // Which part of community c holds each of `at`; -1 where none does.
  std::vector<int> partsHolding(int c, const std::vector<XY>& at);
  struct Part {
    double area;
    XY at;
  };
  // The GEOS polygon of `mp`, merged or made valid where it is invalid (reported when `report`); *asGiven says
  // whether it is `mp` itself, valid.
  GeomPtr prepare(const MultiPolygon& mp, const std::string& feature, bool report = true, char* asGiven = nullptr);
  std::vector<char> commGiven, gridGiven, unitGiven;  // per community, grid, unit: its polygon valid as given
  std::vector<Part> significantParts(const GEOSGeometry* g) const;
  void collectParts(const GEOSGeometry* g, std::vector<Part>& parts) const;
  double areaOf(const GEOSGeometry* g) const {
    double a = 0;
    if (g) GEOSArea_r(ctx, g, &a);
    return a;
  }
  XY pointOn(const GEOSGeometry* g) const;

  // The polygons of one level as plain coordinates, where GEOS found them valid as given (else null).
  struct Given {
    std::vector<const MultiPolygon*> parents, children;
  };
  // parents: community or grid polygons; children: grids or units; parentOf: child → parent index.
  void coverage(const std::vector<const GEOSGeometry*>& parents, const std::vector<const GEOSGeometry*>& children,
                const std::vector<int>& parentOf, const std::vector<BBox>& childBox, const Allowance& allow,
                const Given& given, bool units);
  // Whether parent p's children add up, as given, to exactly p plus its stacked cells (see Check_Coverage.cpp).
  bool sameCover(int p, const GEOSGeometry* parent, const std::vector<int>& kids, const Allowance& allow,
                 const Given& given);
  std::string childId(int i, bool units) const;
  std::string parentFeature(int p, bool units) const;
  std::string parentWords(int p, bool units) const;
  void overlaps(const std::vector<int>& kids, const std::vector<const GEOSGeometry*>& children,
                const std::vector<BBox>& childBox, const Allowance& allow, bool units);
  void gaps(const GEOSGeometry* parent, int p, const GEOSGeometry* uni, const std::vector<int>& kids,
            const std::vector<const GEOSGeometry*>& children, bool units);
  // Reports the part of child `k` outside its parent `p` (invariant 3).
  void outside(const GEOSGeometry* child, const GEOSGeometry* parent, int k, int p, bool units);
  GeomPtr unionOf(std::vector<GEOSGeometry*>& parts, bool coverage, double sumA);

  // --- the stages of geometry() (Check_Geometry.cpp), in order ---
  const Share* share = nullptr;
  std::vector<GeomPtr> gridGeom, unitGeom;  // prepared polygons of this share's grids and units
  std::vector<int> gridPieces, unitPieces;  // pieces per grid and per unit
  bool unitsOfGrid(int g) const { return !share->unitsOf || (*share->unitsOf)[g] != 0; }
  bool ownsUnit(int u) const {
    int g = plan.units[u].grid;
    return validGrid(g) ? unitsOfGrid(g) : gridLevel;
  }
  void prepareShapes();
  void piecesOnMap();
  // Whether grid or unit `id` is one connected polygon (reported when not), or spans its community's parts.
  bool connected(const GeomPtr& g, int pieces, const std::string& id, int c, Status st, const std::string& reason,
                 bool isGrid);
  void connectivity();
  void coverageOfAll(const Allowance& gridAllow, const Allowance& unitAllow);
};

}  // namespace gp::plan::check_detail
