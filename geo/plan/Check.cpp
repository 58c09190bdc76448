#include "geo/plan/Check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

#include "geo/core/I18n.hpp"
#include "geo/core/ProblemText.hpp"
#include "geo/core/Text.hpp"
#include "geo/geom/Geos.hpp"

namespace gp::plan {

namespace {

using geos::Context;
using geos::GeomPtr;

// Thousands separators read better in planner messages ("12,345 m²").
std::string num(double v) { return thousands(std::llround(v)); }

// GEOS says why a polygon is invalid in English; the common reasons are said in the reader's language.
std::string geosReason(const std::string& why) {
  static const char* const known[] = {N_("Self-intersection"),       N_("Ring Self-intersection"),
                                      N_("Too few points in geometry component"), N_("Interior is disconnected"),
                                      N_("Hole lies outside shell"), N_("Nested holes"),
                                      N_("Nested shells"),           N_("Duplicate Rings"),
                                      N_("Invalid Coordinate"),      N_("Ring is not closed")};
  for (const char* k : known) {
    std::string key = k;
    if (why.rfind(key, 0) == 0) return tr(k) + why.substr(key.size());  // the coordinates in brackets stay
  }
  return why;
}


bool inRing(const Ring& r, XY p) {
  bool in = false;
  for (size_t i = 0, j = r.size() - 1; i < r.size(); j = i++)
    if ((r[i].y > p.y) != (r[j].y > p.y) && p.x < (r[j].x - r[i].x) * (p.y - r[i].y) / (r[j].y - r[i].y) + r[i].x)
      in = !in;
  return in;
}

// A point strictly inside `mp` without GEOS: the centroid of its largest part, when that lies inside it (as it
// does for the convex cells of a tessellation) and not within 1 mm of its outline. False when it does not;
// the caller then asks GEOS for a point on the surface. Most of a big plan's pieces take this path, which
// spares a GEOS copy of every cell.
bool interiorPoint(const MultiPolygon& mp, XY& out) {
  const Polygon* best = nullptr;
  double bestA = 0;
  for (const Polygon& p : mp) {
    double a = area(p);
    if (!p.rings.empty() && p.rings[0].size() >= 4 && a > bestA) best = &p, bestA = a;
  }
  if (!best) return false;
  double cx = 0, cy = 0, a2 = 0;
  for (const Ring& r : best->rings) {
    XY o = r[0];  // relative to the first vertex, for precision far from the origin
    for (size_t i = 0; i + 1 < r.size(); ++i) {
      double x0 = r[i].x - o.x, y0 = r[i].y - o.y, x1 = r[i + 1].x - o.x, y1 = r[i + 1].y - o.y;
      double c = x0 * y1 - x1 * y0;
      a2 += c;
      cx += (x0 + x1) * c + 3 * o.x * c;
      cy += (y0 + y1) * c + 3 * o.y * c;
    }
  }
  if (std::abs(a2) < 1e-9) return false;
  XY c{cx / (3 * a2), cy / (3 * a2)};
  if (!inRing(best->rings[0], c)) return false;
  for (size_t h = 1; h < best->rings.size(); ++h)
    if (inRing(best->rings[h], c)) return false;
  // Not on the outline: a point on an edge shared with a neighbour would prove nothing.
  for (const Ring& r : best->rings)
    for (size_t i = 0; i + 1 < r.size(); ++i) {
      double dx = r[i + 1].x - r[i].x, dy = r[i + 1].y - r[i].y, len2 = dx * dx + dy * dy;
      double t = len2 > 0 ? std::clamp(((c.x - r[i].x) * dx + (c.y - r[i].y) * dy) / len2, 0.0, 1.0) : 0;
      double ex = r[i].x + t * dx - c.x, ey = r[i].y + t * dy - c.y;
      if (ex * ex + ey * ey < 1e-6) return false;
    }
  out = c;
  return true;
}

// Which part of the geometric work one thread does: the grid level (communities and grids, and every note),
// and the unit level of the grids marked in `unitsOf` (units whose grid is unknown go with the grid level).
struct Share {
  bool gridLevel = true;
  const std::vector<char>* unitsOf = nullptr;  // per grid; nullptr = all
};

class Checker {
 public:
  Checker(const Plan& p, const CheckOptions& o, std::vector<Problem>& out)
      : plan(p), opt(o), out(out), spanningGrid(p.grids.size(), 0), spanningUnit(p.units.size(), 0) {}

  void attributes();
  void geometry(const Share& share);
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
  GeomPtr prepare(const MultiPolygon& mp, const std::string& feature, bool report = true);
  std::vector<Part> significantParts(const GEOSGeometry* g) const;
  void collectParts(const GEOSGeometry* g, std::vector<Part>& parts) const;
  double areaOf(const GEOSGeometry* g) const {
    double a = 0;
    if (g) GEOSArea_r(ctx, g, &a);
    return a;
  }
  XY pointOn(const GEOSGeometry* g) const;

  struct Allowance {
    std::map<std::pair<int, int>, double> pair;  // overlap allowed between two children (stacked pieces)
    std::map<std::pair<int, int>, bool> unknown;  // stacked pieces there but no cell to measure
  };
  // parents: community or grid polygons; children: grids or units; parentOf: child → parent index.
  void coverage(const std::vector<const GEOSGeometry*>& parents, const std::vector<const GEOSGeometry*>& children,
                const std::vector<int>& parentOf, const std::vector<BBox>& childBox, const Allowance& allow,
                bool units);
  // Reports the part of child `k` outside its parent `p` (invariant 3).
  void outside(const GEOSGeometry* child, const GEOSGeometry* parent, int k, int p, bool units);
  GeomPtr unionOf(std::vector<GEOSGeometry*>& parts, bool coverage, double sumA);
};

void Checker::attributes() {
  const int nb = static_cast<int>(plan.in.buildings.size());
  const int ng = static_cast<int>(plan.grids.size()), nu = static_cast<int>(plan.units.size());

  // `what` is the feature's key word, `plural` how a message names several of them.
  auto dupes = [&](const char* what, const char* plural, auto size, auto idOf) {
    std::unordered_map<std::string, int> seen;
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

  std::vector<long long> bsum(nb, 0), gsum(ng, 0), usum(nu, 0);
  std::vector<int> bcount(nb, 0), gunits(ng, 0), gcount(ng, 0), ucount(nu, 0);
  for (const Piece& p : plan.pieces) {
    const std::string f = "piece " + p.piece_id;
    std::string what = validBuilding(p.building) ? bldWords(p.building) : pieceW(p.piece_id);
    if (!validBuilding(p.building))
      add("piece_no_building", f,
          fmt(tr("piece %s names no known building: remove it or restore its building"), p.piece_id.c_str()));
    else
      bsum[p.building] += p.households, bcount[p.building]++;
    if (!validGrid(p.grid))
      add("piece_no_grid", f,
          fmt(trn("piece %1$s of %2$s (%3$d household) has no grid: assign it to the grid around it",
                  "piece %1$s of %2$s (%3$d households) has no grid: assign it to the grid around it", p.households),
              p.piece_id.c_str(), what.c_str(), p.households));
    else
      gsum[p.grid] += p.households, gcount[p.grid]++;
    if (!validUnit(p.unit))
      add("piece_no_unit", f,
          fmt(trn("piece %1$s of %2$s (%3$d household) has no unit: assign it to a unit of its grid",
                  "piece %1$s of %2$s (%3$d households) has no unit: assign it to a unit of its grid", p.households),
              p.piece_id.c_str(), what.c_str(), p.households));
    else
      usum[p.unit] += p.households, ucount[p.unit]++;
    if (validGrid(p.grid) && validUnit(p.unit) && plan.units[p.unit].grid != p.grid) {
      int ug = plan.units[p.unit].grid;
      add("unit_grid_mismatch", f,
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

void Checker::status() {
  const Bounds& b = plan.bounds;
  // A grid or unit spanning separate parts of its community is `exception` for that, whatever its households.
  // Without the geometric work, the plain polygons stand in: several parts of both it and its community.
  auto spans = [&](bool found, const MultiPolygon& shape, int c, Status st, const std::string& reason) {
    return opt.geometry ? found : shape.size() > 1 && mayBeInSeveralParts(st, reason, c);
  };
  auto one = [&](const std::string& feature, const std::string& what, int hh, Status st, const std::string& reason,
                 int lo, int hi, bool spanning) {
    bool in = hh >= lo && hh <= hi;
    std::string range = std::to_string(lo) + "–" + std::to_string(hi);
    std::string s = statusLabel(st);
    if (st == Status::Ok && !in)
      add("status_bounds", feature,
          fmt(trn("%1$s has status ok but %2$d household, outside %3$s: set under/over with a reason, or fix it",
                  "%1$s has status ok but %2$d households, outside %3$s: set under/over with a reason, or fix it", hh),
              what.c_str(), hh, range.c_str()));
    else if (st != Status::Ok && in && !spanning)
      add("status_bounds", feature,
          fmt(trn("%1$s has status %2$s but its %3$d household is within %4$s: set status to ok",
                  "%1$s has status %2$s but its %3$d households are within %4$s: set status to ok", hh),
              what.c_str(), s.c_str(), hh, range.c_str()));
    else if (st == Status::Under && hh > hi)
      add("status_bounds", feature,
          fmt(trn("%1$s has status %2$s but %3$d household is above %4$s: set status to over",
                  "%1$s has status %2$s but %3$d households are above %4$s: set status to over", hh),
              what.c_str(), s.c_str(), hh, range.c_str()));
    else if (st == Status::Over && hh < lo)
      add("status_bounds", feature,
          fmt(trn("%1$s has status %2$s but %3$d household is below %4$s: set status to under",
                  "%1$s has status %2$s but %3$d households are below %4$s: set status to under", hh),
              what.c_str(), s.c_str(), hh, range.c_str()));
    if (st != Status::Ok && trim(reason).empty())
      add("status_no_reason", feature,
          fmt(tr("%1$s has status %2$s with no reason: say why it cannot meet %3$s (e.g. \"community has only 143 "
                 "households\")"),
              what.c_str(), s.c_str(), range.c_str()));
  };
  for (size_t g = 0; g < plan.grids.size(); ++g) {
    const Grid& x = plan.grids[g];
    one(gridF(static_cast<int>(g)), gridW(x.grid_id), x.households, x.status, x.reason, b.grid_min, b.grid_max,
        spans(spanningGrid[g], x.shape, x.community, x.status, x.reason));
  }
  for (size_t u = 0; u < plan.units.size(); ++u) {
    const Unit& x = plan.units[u];
    int c = validGrid(x.grid) ? plan.grids[x.grid].community : -1;
    one(unitF(static_cast<int>(u)), unitW(x.unit_id), x.households, x.status, x.reason, b.unit_min, b.unit_max,
        spans(spanningUnit[u], x.shape, c, x.status, x.reason));
  }
}

GeomPtr Checker::prepare(const MultiPolygon& mp, const std::string& feature, bool report) {
  if (mp.empty()) return nullptr;
  GeomPtr g = geos::toGeos(ctx, mp);
  if (GEOSisValid_r(ctx, g.get()) != 1) {
    char* why = GEOSisValidReason_r(ctx, g.get());
    std::string reason = geosReason(why ? why : "invalid");
    if (why) GEOSFree_r(ctx, why);
    // A multipolygon whose parts share an edge is invalid but means one connected area (QGIS edits make
    // these); only report what stays wrong after merging the parts.
    GeomPtr merged = geos::own(ctx, GEOSUnaryUnion_r(ctx, g.get()));
    if (merged && GEOSisValid_r(ctx, merged.get()) == 1 && std::abs(areaOf(merged.get()) - areaOf(g.get())) < opt.min_area)
      return merged;
    if (report)
      add("invalid_geometry", feature,
          fmt(tr("%1$s has an invalid polygon (%2$s): repair it in QGIS (Fix Geometries)"), featureLabel(feature).c_str(),
              reason.c_str()),
          pointOn(g.get()));
    GeomPtr fixed = geos::own(ctx, GEOSMakeValid_r(ctx, g.get()));
    if (fixed) return fixed;
  }
  return g;
}

void Checker::collectParts(const GEOSGeometry* g, std::vector<Part>& parts) const {
  if (!g || GEOSisEmpty_r(ctx, g) == 1) return;
  int t = GEOSGeomTypeId_r(ctx, g);
  if (t == GEOS_POLYGON) {
    double a = 0, len = 0;
    GEOSArea_r(ctx, g, &a);
    GEOSLength_r(ctx, g, &len);
    if (a >= opt.min_area && len > 0 && 2 * a / len >= opt.sliver_width) parts.push_back({a, pointOn(g)});
  } else if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
    int n = GEOSGetNumGeometries_r(ctx, g);
    for (int i = 0; i < n; ++i) collectParts(GEOSGetGeometryN_r(ctx, g, i), parts);
  }
}

std::vector<Checker::Part> Checker::significantParts(const GEOSGeometry* g) const {
  std::vector<Part> parts;
  collectParts(g, parts);
  std::sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) { return a.area > b.area; });
  return parts;
}

XY Checker::pointOn(const GEOSGeometry* g) const {
  XY p;
  GeomPtr pt = geos::own(ctx, GEOSPointOnSurface_r(ctx, g));
  if (pt && GEOSisEmpty_r(ctx, pt.get()) != 1) {
    GEOSGeomGetX_r(ctx, pt.get(), &p.x);
    GEOSGeomGetY_r(ctx, pt.get(), &p.y);
  }
  return p;
}

const GEOSGeometry* Checker::community(int c) {
  if (!commReady[c]) {
    // Only the grid level reports a community's invalid polygon: the other share reads it too, for its units.
    comm[c] = prepare(plan.in.communities[c].area, commF(c), gridLevel);
    commReady[c] = 1;
  }
  return comm[c].get();
}

const std::vector<const GEOSGeometry*>& Checker::communityParts(int c) {
  std::vector<const GEOSGeometry*>& parts = commParts[c];
  const GEOSGeometry* whole = community(c);
  if (!parts.empty() || !whole) return parts;
  // Parts sharing an edge were merged when the polygon was prepared: those left are separate areas.
  std::vector<const GEOSGeometry*> stack{whole};
  while (!stack.empty()) {
    const GEOSGeometry* g = stack.back();
    stack.pop_back();
    int t = GEOSGeomTypeId_r(ctx, g);
    if (t == GEOS_POLYGON) {
      if (areaOf(g) >= opt.min_area) parts.push_back(g);
    } else if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
      for (int i = GEOSGetNumGeometries_r(ctx, g) - 1; i >= 0; --i) stack.push_back(GEOSGetGeometryN_r(ctx, g, i));
    }
  }
  return parts;
}

std::vector<int> Checker::partsHolding(int c, const std::vector<XY>& at) {
  const auto& parts = communityParts(c);
  std::vector<int> out(at.size(), -1);
  for (size_t k = 0; k < at.size(); ++k) {
    GeomPtr pt = geos::toGeos(ctx, at[k]);
    for (size_t i = 0; i < parts.size() && out[k] < 0; ++i)
      if (GEOSIntersects_r(ctx, parts[i], pt.get()) == 1) out[k] = static_cast<int>(i);
  }
  return out;
}

void Checker::coverage(const std::vector<const GEOSGeometry*>& parents,
                       const std::vector<const GEOSGeometry*>& children, const std::vector<int>& parentOf, const std::vector<BBox>& childBox, const Allowance& allow,
                       bool units) {
  const char* gapKind = units ? "unit_coverage_gap" : "coverage_gap";
  const char* overlapKind = units ? "unit_coverage_overlap" : "coverage_overlap";
  auto childId = [&](int i) { return units ? plan.units[i].unit_id : plan.grids[i].grid_id; };
  auto parentF = [&](int p) { return units ? gridF(p) : commF(p); };
  auto parentW = [&](int p) {
    return units ? gridW(plan.grids[p].grid_id) : fmt(tr("community %s"), plan.in.communities[p].community_id.c_str());
  };

  std::vector<std::vector<int>> kids(parents.size());
  for (size_t i = 0; i < children.size(); ++i)
    if (children[i] && parentOf[i] >= 0 && parentOf[i] < static_cast<int>(parents.size()))
      kids[parentOf[i]].push_back(static_cast<int>(i));

  // Overlap allowed per parent: the stacked cells shared by two of its children.
  std::vector<double> allowedOf(parents.size(), 0);
  std::vector<char> unknownOf(parents.size(), 0);
  auto parentIndex = [&](int child) {
    int p = child >= 0 && child < static_cast<int>(parentOf.size()) ? parentOf[child] : -1;
    return p >= 0 && p < static_cast<int>(parents.size()) ? p : -1;
  };
  for (auto& [key, a] : allow.pair)
    if (int p = parentIndex(key.first); p >= 0) allowedOf[p] += a;
  for (auto& [key, u] : allow.unknown)
    if (int p = parentIndex(key.first); p >= 0 && u) unknownOf[p] = 1;

  for (size_t p = 0; p < parents.size(); ++p) {
    const GEOSGeometry* parent = parents[p];
    if (!parent) continue;
    if (kids[p].empty()) {
      // No child polygon at all: a gap as large as the parent, where it has children (without shapes) or
      // households that some child should serve.
      // A community with no pieces at all needs no grid (it was said once, as community_no_buildings).
      bool expected = std::find(parentOf.begin(), parentOf.end(), static_cast<int>(p)) != parentOf.end() ||
                      (!units && piecesInCommunity(static_cast<int>(p)) > 0);
      double a = areaOf(parent);
      if (expected && a > opt.min_area)
        add(gapKind, parentF(static_cast<int>(p)),
            fmt(units ? tr("%1$s (%2$s m²) is covered by no unit polygon: draw its units")
                      : tr("%1$s (%2$s m²) is covered by no grid polygon: draw its grids"),
                parentW(static_cast<int>(p)).c_str(), num(a).c_str()),
            pointOn(parent));
      continue;
    }
    double sumA = 0, allowed = 0;
    bool unknown = false;
    std::vector<GEOSGeometry*> clones;
    for (int k : kids[p]) {
      sumA += areaOf(children[k]);
      clones.push_back(GEOSGeom_clone_r(ctx, children[k]));
    }
    allowed = allowedOf[p];
    unknown = unknownOf[p];
    GeomPtr uni = unionOf(clones, allowed == 0 && !unknown, sumA);
    if (!uni) continue;
    double unionA = areaOf(uni.get());

    // Overlaps: the children's areas add up to more than their union.
    if (sumA - unionA > allowed + opt.min_area || unknown) {
      std::vector<int> order = kids[p];
      std::sort(order.begin(), order.end(), [&](int a, int b) { return childBox[a].minx < childBox[b].minx; });
      for (size_t i = 0; i < order.size(); ++i) {
        int a = order[i];
        for (size_t j = i + 1; j < order.size(); ++j) {
          int b = order[j];
          if (childBox[b].minx > childBox[a].maxx) break;
          if (childBox[b].miny > childBox[a].maxy || childBox[b].maxy < childBox[a].miny) continue;
          std::pair<int, int> key{std::min(a, b), std::max(a, b)};
          auto un = allow.unknown.find(key);
          if (un != allow.unknown.end() && un->second) continue;  // stacked pieces with no cell: cannot tell
          GeomPtr inter = geos::own(ctx, GEOSIntersection_r(ctx, children[a], children[b]));
          if (!inter) continue;
          auto parts = significantParts(inter.get());
          double ov = 0;
          for (auto& part : parts) ov += part.area;
          auto al = allow.pair.find(key);
          double ok = al == allow.pair.end() ? 0 : al->second;
          if (parts.empty() || ov <= ok + opt.min_area) continue;
          int first = std::min(a, b), second = std::max(a, b);
          const char* msg =
              units ? (ok > 0 ? tr("units %1$s and %2$s overlap by %3$s m² beyond their shared stacked floors: each "
                                   "place belongs to one unit; redraw the shared edge")
                              : tr("units %1$s and %2$s overlap by %3$s m²: each place belongs to one unit; redraw the "
                                   "shared edge"))
                    : (ok > 0 ? tr("grids %1$s and %2$s overlap by %3$s m² beyond their shared stacked floors: each "
                                   "place belongs to one grid; redraw the shared edge")
                              : tr("grids %1$s and %2$s overlap by %3$s m²: each place belongs to one grid; redraw the "
                                   "shared edge"));
          add(overlapKind, std::string(units ? "unit " : "grid ") + childId(first),
              fmt(msg, childId(first).c_str(), childId(second).c_str(), num(ov - ok).c_str()),
              parts[0].at);
        }
      }
    }

    // Outside: the union reaches beyond the parent; only then is each child measured on its own.
    double parentA = areaOf(parent);
    GeomPtr inside = geos::own(ctx, GEOSIntersection_r(ctx, uni.get(), parent));
    double coveredA = inside ? areaOf(inside.get()) : unionA;
    if (unionA - coveredA > opt.min_area)
      for (int k : kids[p]) outside(children[k], parent, k, static_cast<int>(p), units);

    // Gaps: the parent is not covered by the union of its children.
    if (parentA - coveredA > opt.min_area) {
      GeomPtr gap = geos::own(ctx, GEOSDifference_r(ctx, parent, uni.get()));
      for (const Part& part : significantParts(gap.get())) {
        // Name the children around the gap, so the planner knows which edge to move.
        GeomPtr pt = geos::toGeos(ctx, part.at);
        std::vector<std::pair<double, int>> near;
        for (int k : kids[p]) {
          double d = 0;
          GEOSDistance_r(ctx, children[k], pt.get(), &d);
          near.push_back({d, k});
        }
        std::sort(near.begin(), near.end());
        std::string around;
        for (size_t i = 0; i < near.size() && i < 2; ++i) around += (i ? tr(", ") : "") + childId(near[i].second);
        const char* msg =
            units ? (around.empty() ? tr("a gap of %1$s m² in %2$s belongs to no unit: give it to a neighbouring unit")
                                    : tr("a gap of %1$s m² in %2$s belongs to no unit (nearest: %3$s): give it to a "
                                         "neighbouring unit"))
                  : (around.empty() ? tr("a gap of %1$s m² in %2$s belongs to no grid: give it to a neighbouring grid")
                                    : tr("a gap of %1$s m² in %2$s belongs to no grid (nearest: %3$s): give it to a "
                                         "neighbouring grid"));
        add(gapKind, parentF(static_cast<int>(p)),
            fmt(msg, num(part.area).c_str(), parentW(static_cast<int>(p)).c_str(), around.c_str()),
            part.at);
      }
    }
  }
}

void Checker::outside(const GEOSGeometry* child, const GEOSGeometry* parent, int k, int p, bool units) {
  GeomPtr diff = geos::own(ctx, GEOSDifference_r(ctx, child, parent));
  auto parts = significantParts(diff.get());
  if (parts.empty()) return;
  double a = 0;
  for (auto& part : parts) a += part.area;
  if (units)
    add("unit_outside_grid", unitF(k),
        fmt(tr("unit %1$s reaches %2$s m² outside its grid %3$s: a unit lies inside one grid; clip it to the grid or "
               "move it to the grid it lies in"),
            plan.units[k].unit_id.c_str(), num(a).c_str(), plan.grids[p].grid_id.c_str()),
        parts[0].at);
  else
    add("grid_outside_community", gridF(k),
        fmt(tr("grid %1$s reaches %2$s m² outside its community %3$s: a grid lies inside exactly one community; clip "
               "it to the boundary"),
            plan.grids[k].grid_id.c_str(), num(a).c_str(), plan.in.communities[p].community_id.c_str()),
        parts[0].at);
}

// Union of polygons that should form a coverage. GEOS coverage union only drops shared edges, far cheaper than
// a full overlay, but assumes what is being checked: its result is kept only when it is valid and loses no
// area (any overlap would), else the full union decides.
GeomPtr Checker::unionOf(std::vector<GEOSGeometry*>& parts, bool coverage, double sumA) {
  GeomPtr coll = geos::own(ctx, GEOSGeom_createCollection_r(ctx, GEOS_GEOMETRYCOLLECTION,
                                                            parts.data(),
                                                            static_cast<unsigned>(parts.size())));
  if (coverage) {
    GeomPtr fast = geos::own(ctx, GEOSCoverageUnion_r(ctx, coll.get()));
    if (fast && std::abs(areaOf(fast.get()) - sumA) <= opt.min_area && GEOSisValid_r(ctx, fast.get()) == 1) return fast;
  }
  return geos::own(ctx, GEOSUnaryUnion_r(ctx, coll.get()));
}

void Checker::geometry(const Share& share) {
  const int nc = static_cast<int>(plan.in.communities.size());
  const int ng = static_cast<int>(plan.grids.size()), nu = static_cast<int>(plan.units.size());
  const bool G = share.gridLevel;
  auto unitsOfGrid = [&](int g) { return !share.unitsOf || (*share.unitsOf)[g] != 0; };
  auto ownsUnit = [&](int u) {
    int g = plan.units[u].grid;
    return validGrid(g) ? unitsOfGrid(g) : G;
  };
  std::vector<int> gridPieces(ng, 0), unitPieces(nu, 0);
  for (const Piece& p : plan.pieces) {
    if (validGrid(p.grid)) gridPieces[p.grid]++;
    if (validUnit(p.unit)) unitPieces[p.unit]++;
  }

  std::vector<GeomPtr> grid(ng), unit(nu);
  gridLevel = G;
  comm.clear(), comm.resize(nc), commReady.assign(nc, 0), commParts.assign(nc, {});
  if (G)
    for (int c = 0; c < nc; ++c) community(c);
  for (int g = 0; g < ng; ++g)
    if (G || unitsOfGrid(g)) grid[g] = prepare(plan.grids[g].shape, gridF(g), G);
  for (int u = 0; u < nu; ++u)
    if (ownsUnit(u)) unit[u] = prepare(plan.units[u].shape, unitF(u));

  // 2 on the map: each piece lies in its grid's and its unit's polygon (a boundary redrawn in QGIS without
  // moving the pieces breaks this). Tested at a point inside the piece's cell, or inside its building when the
  // building is whole and the cell unknown.
  {
    std::vector<geos::PreparedPtr> gprep(ng), uprep(nu);
    auto prepOf = [&](std::vector<geos::PreparedPtr>& cache, const std::vector<GeomPtr>& geoms, int i) {
      if (!cache[i] && geoms[i]) cache[i] = geos::prepare(ctx, geoms[i].get());
      return cache[i].get();
    };
    for (const Piece& p : plan.pieces) {
      const MultiPolygon* where = !p.cell.empty() ? &p.cell : nullptr;
      if (!where && p.entrance < 0 && validBuilding(p.building) && !plan.in.buildings[p.building].footprint.empty())
        where = &plan.in.buildings[p.building].footprint;
      bool testGrid = G && validGrid(p.grid), testUnit = validUnit(p.unit) && ownsUnit(p.unit);
      if (!where || (!testGrid && !testUnit)) continue;
      XY at;
      GeomPtr pt;
      if (interiorPoint(*where, at)) {
        pt = geos::toGeos(ctx, at);
      } else {
        GeomPtr g = geos::toGeos(ctx, *where);
        pt = geos::own(ctx, GEOSPointOnSurface_r(ctx, g.get()));
        if (!pt || GEOSisEmpty_r(ctx, pt.get()) == 1) continue;
        GEOSGeomGetX_r(ctx, pt.get(), &at.x);
        GEOSGeomGetY_r(ctx, pt.get(), &at.y);
      }
      if (testGrid)
        if (auto* gp = prepOf(gprep, grid, p.grid); gp && GEOSPreparedIntersects_r(ctx, gp, pt.get()) != 1)
          add("piece_outside_grid", "piece " + p.piece_id,
              fmt(tr("piece %1$s is assigned to grid %2$s but lies outside its polygon: move the piece to the grid it "
                     "lies in, or redraw the grid"),
                  p.piece_id.c_str(), plan.grids[p.grid].grid_id.c_str()),
              at);
      if (testUnit)
        if (auto* up = prepOf(uprep, unit, p.unit); up && GEOSPreparedIntersects_r(ctx, up, pt.get()) != 1)
          add("piece_outside_unit", "piece " + p.piece_id,
              fmt(tr("piece %1$s is assigned to unit %2$s but lies outside its polygon: move the piece to the unit it "
                     "lies in, or redraw the unit"),
                  p.piece_id.c_str(), plan.units[p.unit].unit_id.c_str()),
              at);
    }
  }

  // 5: one connected polygon each.
  // 5 and 7: one connected polygon each, unless its community's polygon is itself in separate parts and it
  // must span them: then each of its parts lies in a different part of the community, and it is `exception`
  // with that reason. Returns whether it is such a spanning one.
  auto connected = [&](const GeomPtr& g, int pieces, const std::string& feature, const std::string& what, int c,
                       Status st, const std::string& reason, bool isGrid) {
    if (!g || GEOSisEmpty_r(ctx, g.get()) == 1) {
      if (pieces > 0)
        add(isGrid ? "grid_no_shape" : "unit_no_shape", feature,
            fmt(trn("%1$s has %2$d piece but no polygon: redraw it as the union of its pieces' cells",
                    "%1$s has %2$d pieces but no polygon: redraw it as the union of its pieces' cells", pieces),
                what.c_str(), pieces));
      return false;
    }
    auto parts = significantParts(g.get());
    if (parts.size() <= 1) return false;
    // Each part in a different part of the community?
    bool apart = false;
    size_t communityParts = validCommunity(c) ? this->communityParts(c).size() : 0;
    if (communityParts > 1) {
      std::vector<XY> at;
      for (const Part& part : parts) at.push_back(part.at);
      std::vector<int> in = partsHolding(c, at);
      std::sort(in.begin(), in.end());
      apart = in.front() >= 0 && std::adjacent_find(in.begin(), in.end()) == in.end();
    }
    const std::string commName = validCommunity(c) ? plan.in.communities[c].community_id : "";
    if (apart && st == Status::Exception && !trim(reason).empty()) {
      add(isGrid ? "grid_spans_community_parts" : "unit_spans_community_parts", feature,
          fmt(tr("%1$s spans %2$d of the %3$d separate parts of community %4$s (status exception: %5$s)"), what.c_str(),
              static_cast<int>(parts.size()), static_cast<int>(communityParts), commName.c_str(), trim(reason).c_str()),
          parts[1].at, Severity::Info);
      return true;
    }
    std::string sizes;
    for (size_t i = 1; i < parts.size() && i < 4; ++i) sizes += (i > 1 ? tr(", ") : "") + num(parts[i].area);
    std::string todo =
        apart ? fmt(isGrid ? tr("community %1$s is itself in %2$d separate parts and each part of this grid lies in a "
                                "different one: if the grid must span them, set its status to exception with that "
                                "reason; else give each cut-off part to the grid around it")
                           : tr("community %1$s is itself in %2$d separate parts and each part of this unit lies in a "
                                "different one: if the unit must span them, set its status to exception with that "
                                "reason; else give each cut-off part to the unit around it"),
                    commName.c_str(), static_cast<int>(communityParts))
              : std::string(isGrid ? tr("give the cut-off part to the grid around it")
                                   : tr("give the cut-off part to the unit around it"));
    add(isGrid ? "grid_disconnected" : "unit_disconnected", feature,
        fmt(tr("%1$s is in %2$d separate parts (largest %3$s m², others %4$s m²): %5$s"), what.c_str(),
            static_cast<int>(parts.size()), num(parts[0].area).c_str(), sizes.c_str(), todo.c_str()),
        parts[1].at);
    return false;
  };
  for (int g = 0; g < ng && G; ++g) {
    const Grid& x = plan.grids[g];
    spanningGrid[g] = connected(grid[g], gridPieces[g], gridF(g), gridW(x.grid_id), x.community, x.status, x.reason, true);
  }
  for (int u = 0; u < nu; ++u)
    if (ownsUnit(u)) {
      const Unit& x = plan.units[u];
      int c = validGrid(x.grid) ? plan.grids[x.grid].community : -1;
      spanningUnit[u] = connected(unit[u], unitPieces[u], unitF(u), unitW(x.unit_id), c, x.status, x.reason, false);
    }

  // 3 and 4: inside the parent, and covering it. Stacked floor pieces of one entrance share a cell, so the grids (units) holding them may
  // overlap by exactly that cell: measure the allowance per pair.
  // Pieces stacked on one cell: the floors of an entrance, and buildings standing within another's footprint (a
  // tower on its podium, a duplicate footprint), whose cells are the host's. Grouped by the cell itself (its
  // vertices to the millimetre); without cells, by building and entrance for floor pieces.
  Allowance gridAllow, unitAllow;
  std::map<std::pair<uint64_t, uint64_t>, std::vector<int>> stacked;
  for (size_t i = 0; i < plan.pieces.size(); ++i) {
    const Piece& p = plan.pieces[i];
    if (!p.cell.empty()) {
      uint64_t h = 1469598103934665603ull, n = 0;
      for (const Polygon& poly : p.cell)
        for (const Ring& r : poly.rings)
          for (const XY& v : r) {
            for (double c : {v.x, v.y}) {
              h ^= static_cast<uint64_t>(std::llround(c * 1000.0));
              h *= 1099511628211ull;
            }
            ++n;
          }
      stacked[{h, n}].push_back(static_cast<int>(i));
    } else if (p.floor_from > 0 && validBuilding(p.building)) {
      stacked[{~uint64_t(0), (uint64_t(uint32_t(p.building)) << 32) | uint32_t(p.entrance + 1)}].push_back(static_cast<int>(i));
    }
  }
  bool cellsMissing = false;
  for (auto& entry : stacked) {
    auto& members = entry.second;  // not a structured binding: clang 14 cannot capture one in a lambda
    if (members.size() < 2) continue;
    double a = -1;
    for (int i : members)
      if (!plan.pieces[i].cell.empty()) {
        a = gp::area(plan.pieces[i].cell);
        break;
      }
    if (a < 0) cellsMissing = true;
    auto addPairs = [&](Allowance& al, auto of) {
      std::vector<int> ids;
      for (int i : members) {
        int v = of(plan.pieces[i]);
        if (v >= 0 && std::find(ids.begin(), ids.end(), v) == ids.end()) ids.push_back(v);
      }
      for (size_t x = 0; x < ids.size(); ++x)
        for (size_t y = x + 1; y < ids.size(); ++y) {
          std::pair<int, int> k{std::min(ids[x], ids[y]), std::max(ids[x], ids[y])};
          if (a < 0)
            al.unknown[k] = true;
          else
            al.pair[k] += a;
        }
    };
    addPairs(gridAllow, [&](const Piece& p) { return validGrid(p.grid) ? p.grid : -1; });
    addPairs(unitAllow, [&](const Piece& p) { return validUnit(p.unit) ? p.unit : -1; });
  }
  if (cellsMissing && G)
    add("cells_missing", "plan",
        tr("the plan has no cells for stacked floor pieces, so overlaps between the units holding them are not verified"),
        std::nullopt, Severity::Info);

  std::vector<int> gridParent(ng), unitParent(nu);
  std::vector<BBox> gridBox(ng), unitBox(nu);
  for (int g = 0; g < ng; ++g) gridParent[g] = plan.grids[g].community, gridBox[g] = bbox(plan.grids[g].shape);
  for (int u = 0; u < nu; ++u) unitParent[u] = plan.units[u].grid, unitBox[u] = bbox(plan.units[u].shape);
  auto raw = [](const std::vector<GeomPtr>& v, auto keep) {
    std::vector<const GEOSGeometry*> out(v.size(), nullptr);
    for (size_t i = 0; i < v.size(); ++i)
      if (keep(static_cast<int>(i))) out[i] = v[i].get();
    return out;
  };
  auto all = [](int) { return true; };
  if (G) coverage(raw(comm, all), raw(grid, all), gridParent, gridBox, gridAllow, false);
  coverage(raw(grid, unitsOfGrid), raw(unit, all), unitParent, unitBox, unitAllow, true);
}

}  // namespace

std::vector<Problem> check(const Plan& plan, const CheckOptions& opt) {
  std::vector<Problem> out;
  Checker c(plan, opt, out);
  c.attributes();
  if (opt.geometry) {
    // Two threads on big plans, each with its own GEOS context and geometries: this one takes the grid level
    // and the units of the first grids, the other the units of the rest (unit unions are most of the work).
    const size_t nu = plan.units.size(), ng = plan.grids.size();
    if (nu >= 2000 && std::thread::hardware_concurrency() >= 2) {
      std::vector<size_t> perGrid(ng, 0);
      for (const Unit& u : plan.units)
        if (u.grid >= 0 && u.grid < static_cast<int>(ng)) perGrid[u.grid]++;
      std::vector<char> mine(ng, 0), theirs(ng, 0);
      size_t seen = 0;
      for (size_t g = 0; g < ng; ++g) {
        // Measured on the 1M town, this thread (the grid level and 55% of the units) and the other (45% of the
        // units, whose grids come later and hold more stacked floors) then finish together.
        (seen * 20 < nu * 11 ? mine : theirs)[g] = 1;
        seen += perGrid[g];
      }
      std::vector<Problem> other;
      std::exception_ptr failed;
      Checker c2(plan, opt, other);
      std::thread t([&] {
        try {
          c2.geometry(Share{false, &theirs});
        } catch (...) {
          failed = std::current_exception();
        }
      });
      try {
        c.geometry(Share{true, &mine});
      } catch (...) {
        t.join();
        throw;
      }
      t.join();
      if (failed) std::rethrow_exception(failed);
      c.adoptSpanning(c2);
      out.insert(out.end(), std::make_move_iterator(other.begin()), std::make_move_iterator(other.end()));
    } else {
      c.geometry(Share{});
    }
  }
  c.status();
  return out;
}

size_t countViolations(const std::vector<Problem>& found) {
  return static_cast<size_t>(std::count_if(found.begin(), found.end(), [](const Problem& p) {
    return p.severity == Severity::Error || p.severity == Severity::Warning;
  }));
}

}  // namespace gp::plan
