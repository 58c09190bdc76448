#include "geo/geom/Pieces.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <string>
#include <unordered_map>

#include "geo/core/I18n.hpp"
#include "geo/core/ParallelFor.hpp"
#include "geo/geom/Geos.hpp"

namespace gp::geom {

namespace {

// n integers as equal as possible summing to total; the first (total % n) get one more.
std::vector<int> evenSplit(int total, int n) {
  std::vector<int> out(static_cast<size_t>(n), total / n);
  for (int i = 0; i < total % n; ++i) ++out[static_cast<size_t>(i)];
  return out;
}

// n integers summing to total, spread evenly along the sequence (as a Bresenham line), so that any run of
// consecutive items holds its fair share.
std::vector<int> spread(int total, int n) {
  std::vector<int> out(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i)
    out[static_cast<size_t>(i)] = static_cast<int>(static_cast<long long>(i + 1) * total / n -
                                                   static_cast<long long>(i) * total / n);
  return out;
}

// Households per entrance and per (entrance, floor) from household points, when the points describe the
// building completely (their count equals the building's and each names an entrance in range).
struct PointCounts {
  std::vector<int> per_entrance;                // size = entrances
  std::vector<std::map<int, int>> per_floor;    // per entrance: floor → households, when every floor is known
  std::vector<bool> floors_known;               // per entrance
};

bool countsFromPoints(const Building& b, const std::vector<const HouseholdPoint*>& pts, PointCounts& out) {
  if (pts.empty() || static_cast<int>(pts.size()) != b.households) return false;
  int e = std::max(1, b.entrances);
  out.per_entrance.assign(static_cast<size_t>(e), 0);
  out.per_floor.assign(static_cast<size_t>(e), {});
  out.floors_known.assign(static_cast<size_t>(e), true);
  for (const HouseholdPoint* p : pts) {
    if (p->entrance < 1 || p->entrance > e) return false;
    size_t k = static_cast<size_t>(p->entrance - 1);
    ++out.per_entrance[k];
    if (p->floor >= 1)
      ++out.per_floor[k][p->floor];
    else
      out.floors_known[k] = false;
  }
  return true;
}

// Floor ranges [from, to] (1-based, inclusive) with their households.
struct FloorRange {
  int from, to, households;
};

// Splits the floors of one entrance into the fewest contiguous ranges, of floor counts as even as possible
// (lower ranges take the extra floors), that keep every range at or below unit_max. perFloor[f] = households on floor f+1.
std::vector<FloorRange> splitFloors(const std::vector<int>& perFloor, int unitMax) {
  int floors = static_cast<int>(perFloor.size());
  int total = 0;
  for (int h : perFloor) total += h;
  int rMin = std::max(1, (total + unitMax - 1) / unitMax);
  std::vector<FloorRange> best;
  for (int r = std::min(rMin, floors); r <= floors; ++r) {
    std::vector<FloorRange> ranges;
    int worst = 0, a = 0;
    for (int count : evenSplit(floors, r)) {
      int h = 0;
      for (int f = a; f < a + count; ++f) h += perFloor[static_cast<size_t>(f)];
      ranges.push_back({a + 1, a + count, h});
      worst = std::max(worst, h);
      a += count;
    }
    best = std::move(ranges);
    if (worst <= unitMax) break;
  }
  return best;
}

}  // namespace

std::string pieceId(const std::string& bld_id, int entrance, int floor_from, int floor_to) {
  std::string id = bld_id;
  if (entrance >= 1) id += "-E" + std::to_string(entrance);
  if (floor_from >= 1) id += "-F" + std::to_string(floor_from) + "-" + std::to_string(floor_to);
  return id;
}

namespace {

// The floors of a piece and the households on each, as splitByFloors divides them.
struct FloorsOfPiece {
  int from = 0, to = 0, entrance = -1;
  std::vector<int> perFloor;  // [f - from]
};

bool floorsOfPiece(const Inputs& in, const Piece& p, const std::vector<const HouseholdPoint*>& points,
                   FloorsOfPiece& out) {
  if (p.building < 0 || p.building >= static_cast<int>(in.buildings.size()) || p.households < 2) return false;
  const Building& b = in.buildings[static_cast<size_t>(p.building)];
  // A building of several entrances taken whole stands on one cell, so its entrances cannot be told apart
  // on the map: its floor ranges span every entrance ("<bld_id>-F<a>-<b>", entrance unset).
  const bool allEntrances = p.entrance < 0 && b.entrances > 1;
  int floors = b.floors > 0 ? b.floors : std::clamp((p.households + 1) / 2, 1, 100);
  out.from = p.floor_from > 0 ? p.floor_from : 1;
  out.to = p.floor_from > 0 ? p.floor_to : floors;
  if (out.to <= out.from) return false;
  const int n = out.to - out.from + 1;
  out.entrance = allEntrances ? -1 : p.entrance > 0 ? p.entrance : 1;
  // Households per floor of the range: from the points when they describe it completely.
  out.perFloor.assign(static_cast<size_t>(n), 0);
  int counted = 0;
  bool complete = true;
  for (const HouseholdPoint* h : points) {
    bool sameEntrance = allEntrances || h->entrance == out.entrance || (b.entrances <= 1 && h->entrance <= 0);
    if (!sameEntrance) continue;
    if (h->floor < 1) {
      complete = false;
      break;
    }
    if (h->floor < out.from || h->floor > out.to) continue;
    ++out.perFloor[static_cast<size_t>(h->floor - out.from)];
    ++counted;
  }
  if (!complete || counted != p.households) out.perFloor = spread(p.households, n);
  return true;
}

std::vector<Piece> cutFloors(const Inputs& in, const Piece& p, const FloorsOfPiece& f, int cut) {
  const int n = f.to - f.from + 1;
  if (cut < 1 || cut >= n) return {};
  int lower = 0;
  for (int k = 0; k < cut; ++k) lower += f.perFloor[static_cast<size_t>(k)];
  if (lower == 0 || lower == p.households) return {};
  const Building& b = in.buildings[static_cast<size_t>(p.building)];
  std::vector<Piece> out(2);
  const int ranges[2][3] = {{f.from, f.from + cut - 1, lower}, {f.from + cut, f.to, p.households - lower}};
  for (int k = 0; k < 2; ++k) {
    Piece& q = out[static_cast<size_t>(k)];
    q.building = p.building;
    q.entrance = f.entrance;
    q.floor_from = ranges[k][0];
    q.floor_to = ranges[k][1];
    q.households = ranges[k][2];
    q.piece_id = pieceId(b.bld_id, f.entrance, q.floor_from, q.floor_to);
  }
  return out;
}

}  // namespace

std::vector<int> householdsPerFloor(const Inputs& in, const Piece& p, const std::vector<const HouseholdPoint*>& points) {
  FloorsOfPiece f;
  if (!floorsOfPiece(in, p, points, f)) return {p.households};
  return f.perFloor;
}

std::vector<Piece> splitByFloorsAt(const Inputs& in, const Piece& p, const std::vector<const HouseholdPoint*>& points,
                                   int lowerFloors) {
  FloorsOfPiece f;
  if (!floorsOfPiece(in, p, points, f)) return {};
  return cutFloors(in, p, f, lowerFloors);
}

std::vector<Piece> splitByFloors(const Inputs& in, const Piece& p, const std::vector<const HouseholdPoint*>& points) {
  FloorsOfPiece f;
  if (!floorsOfPiece(in, p, points, f)) return {};
  // The cut (after floor from + c - 1) nearest to half the households, both sides holding some.
  const int n = f.to - f.from + 1;
  int total = p.households, below = 0, cut = -1, bestGap = 0;
  for (int c = 1; c < n; ++c) {
    below += f.perFloor[static_cast<size_t>(c - 1)];
    if (below == 0 || below == total) continue;
    int gap = std::abs(2 * below - total);
    if (cut < 0 || gap < bestGap) cut = c, bestGap = gap;
  }
  if (cut < 0) return {};
  return cutFloors(in, p, f, cut);
}

MultiPolygon entranceSlice(const MultiPolygon& footprint, int n, int k) {
  if (n <= 1 || footprint.empty()) return footprint;
  geos::Context c;
  auto fp = geos::toGeos(c, footprint);
  if (GEOSisValid_r(c, fp.get()) != 1) {
    // Loaders repair footprints; a hand-made one may still be invalid: slice its repaired polygonal parts.
    auto fixed = geos::own(c, GEOSMakeValid_r(c, fp.get()));
    if (fixed) fp = geos::toGeos(c, geos::toMultiPolygon(c, fixed.get()));
  }
  auto rect = geos::own(c, GEOSMinimumRotatedRectangle_r(c, fp.get()));
  if (!rect || GEOSGeomTypeId_r(c, rect.get()) != GEOS_POLYGON) return k == 1 ? footprint : MultiPolygon{};
  MultiPolygon rp = geos::toMultiPolygon(c, rect.get());
  if (rp.empty() || rp[0].rings.empty() || rp[0].rings[0].size() < 4) return k == 1 ? footprint : MultiPolygon{};
  const Ring& r = rp[0].rings[0];
  XY c0 = r[0], c1 = r[1], c2 = r[2];
  double l01 = std::hypot(c1.x - c0.x, c1.y - c0.y), l12 = std::hypot(c2.x - c1.x, c2.y - c1.y);
  // Long axis from a to b; the short side spans from a along w.
  XY a = c0, b = c1, w{c2.x - c1.x, c2.y - c1.y};
  double len = l01;
  if (l12 > l01) {
    a = c1;
    b = c2;
    w = {c0.x - c1.x, c0.y - c1.y};
    len = l12;
  }
  if (len <= 0) return k == 1 ? footprint : MultiPolygon{};
  XY u{(b.x - a.x) / len, (b.y - a.y) / len};
  // Entrance 1 is the west end (south end for a north-south building), so numbering is stable.
  if (u.x < -1e-9 || (std::fabs(u.x) <= 1e-9 && u.y < 0)) {
    a = b;
    u = {-u.x, -u.y};
  }
  double margin = 1.0 + 0.01 * len;
  double wl = std::hypot(w.x, w.y);
  XY wh = wl > 0 ? XY{w.x / wl, w.y / wl} : XY{-u.y, u.x};
  // The cut at position j is computed by the same expression for both slices it bounds, so the two
  // slices share identical cut coordinates.
  auto at = [&](int j, double s) {
    double t = j == 0 ? -margin : (j == n ? len + margin : len * j / n);
    return XY{a.x + u.x * t + wh.x * s, a.y + u.y * t + wh.y * s};
  };
  double s0 = -margin, s1 = wl + margin;
  Polygon strip{{Ring{at(k - 1, s0), at(k, s0), at(k, s1), at(k - 1, s1), at(k - 1, s0)}}};
  auto sg = geos::toGeos(c, strip);
  auto cut = geos::own(c, GEOSIntersection_r(c, fp.get(), sg.get()));
  if (!cut) return {};
  return geos::toMultiPolygon(c, cut.get());
}

namespace {

using PointsOf = std::unordered_map<std::string, std::vector<const HouseholdPoint*>>;

// The pieces of building i, appended to `out`, and the problems they raise.
void piecesOfBuilding(const Inputs& in, size_t i, int unitMax, const PointsOf& pointsOf, PieceLayout& out,
                      ProblemList& problems) {
  auto add = [&](int bi, int entrance, int from, int to, int hh, const MultiPolygon& fp) {
    const Building& b = in.buildings[static_cast<size_t>(bi)];
    Piece p;
    p.building = bi;
    p.entrance = entrance;
    p.floor_from = from;
    p.floor_to = to;
    p.households = hh;
    p.piece_id = pieceId(b.bld_id, entrance, from, to);
    out.pieces.push_back(std::move(p));
    out.footprint.push_back(fp);
  };

  const Building& b = in.buildings[i];
  int bi = static_cast<int>(i);
  int hh = std::max(0, b.households);
  if (hh <= unitMax) {
    add(bi, -1, -1, -1, hh, b.footprint);
    return;
  }
  std::string feature = "buildings:bld_id=" + b.bld_id;
  int entrances = std::max(1, b.entrances);
  PointCounts pc;
  auto it = pointsOf.find(b.bld_id);
  bool fromPoints = it != pointsOf.end() && countsFromPoints(b, it->second, pc);
  std::vector<int> perEntrance = fromPoints ? pc.per_entrance : evenSplit(hh, entrances);
  if (hh < entrances)
    problems.add("entrances_without_households", Severity::Info, feature,
                 fmt(tr("building has %1$d households but %2$d entrances: some entrances are pieces with no "
                        "households; check the entrances field"),
                     hh, entrances));

  for (int e = 1; e <= entrances; ++e) {
    int eh = perEntrance[static_cast<size_t>(e - 1)];
    MultiPolygon slice = entrances == 1 ? b.footprint : entranceSlice(b.footprint, entrances, e);
    if (eh <= unitMax) {
      add(bi, e, -1, -1, eh, slice);
      continue;
    }
    // Households per floor: counted from points where every point of this entrance names its floor;
    // otherwise spread evenly over the building's floors. With the
    // floor count unknown, assume 2 households per floor (一梯两户, the commonest stairwell layout),
    // at most 100 floors, and say that the floor ranges are estimated.
    std::vector<int> perFloor;
    size_t ek = static_cast<size_t>(e - 1);
    if (fromPoints && pc.floors_known[ek] && !pc.per_floor[ek].empty()) {
      int top = pc.per_floor[ek].rbegin()->first;
      perFloor.assign(static_cast<size_t>(top), 0);
      for (auto [f, n] : pc.per_floor[ek]) perFloor[static_cast<size_t>(f - 1)] = n;
    } else {
      int floors = b.floors;
      if (floors <= 0) {
        floors = std::clamp((eh + 1) / 2, 1, 100);
        if (e == 1)
          problems.add("floors_unknown", Severity::Info, feature,
                       fmt(tr("floor count unknown: floor ranges of its entrances assume %d floors; give a floors "
                              "field for real floor ranges"),
                           floors));
      }
      perFloor = spread(eh, floors);
    }
    std::vector<FloorRange> ranges = splitFloors(perFloor, unitMax);
    for (const FloorRange& r : ranges) {
      if (r.households > unitMax && r.from == r.to)
        problems.add("floor_over_unit_max", Severity::Warning, feature,
                     fmt(tr("entrance %1$d floor %2$d alone holds %3$d households, above the unit maximum of %4$d: "
                            "it stays one piece"),
                         e, r.from, r.households, unitMax));
      add(bi, e, r.from, r.to, r.households, slice);
    }
  }
}

}  // namespace

PieceLayout makePieces(const Inputs& in, const Bounds& bounds, ProblemList& problems, int jobs) {
  const int unitMax = std::max(1, bounds.unit_max);
  PointsOf pointsOf;
  for (const HouseholdPoint& p : in.households)
    if (!p.bld_id.empty()) pointsOf[p.bld_id].push_back(&p);

  // Consecutive buildings in chunks, each into a layout and problems of its own, joined in building order:
  // the same pieces and problems in the same order on any number of threads (cutting entrances is GEOS work).
  constexpr size_t kChunk = 256;
  const size_t n = in.buildings.size();
  const int chunks = static_cast<int>((n + kChunk - 1) / kChunk);
  std::vector<PieceLayout> parts(static_cast<size_t>(chunks));
  std::vector<ProblemList> found(static_cast<size_t>(chunks));
  parallelFor(chunks, jobs, [&](int k) {
    const size_t from = static_cast<size_t>(k) * kChunk, to = std::min(n, from + kChunk);
    for (size_t i = from; i < to; ++i)
      piecesOfBuilding(in, i, unitMax, pointsOf, parts[static_cast<size_t>(k)], found[static_cast<size_t>(k)]);
  });
  PieceLayout out;
  size_t total = 0;
  for (const PieceLayout& part : parts) total += part.pieces.size();
  out.pieces.reserve(total);
  out.footprint.reserve(total);
  for (size_t k = 0; k < parts.size(); ++k) {
    std::move(parts[k].pieces.begin(), parts[k].pieces.end(), std::back_inserter(out.pieces));
    std::move(parts[k].footprint.begin(), parts[k].footprint.end(), std::back_inserter(out.footprint));
    parts[k] = PieceLayout();
    problems.append(found[k]);
  }
  return out;
}

}  // namespace gp::geom
