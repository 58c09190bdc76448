#include "geo/pipeline/Base.hpp"

#include <algorithm>
#include <map>
#include <sstream>
#include <unordered_map>

#include "geo/plan/Stats.hpp"

namespace gp::pipeline {

namespace {
const char* kRetired = "retired_grid_codes";
const char* kRetiredUnits = "retired_unit_codes";
// Marks a unit code in BaseRef::usedCodes, whose consumers look up grid codes there: no code begins with a
// control character, so a marked unit code is never taken for a grid code.
const char kUnitMark = '\x1f';

void addListed(const Plan& plan, const char* key, std::set<std::string>& out, const std::string& mark) {
  for (const auto& [k, v] : plan.meta) {
    if (k != key) continue;
    std::stringstream ss(v);
    std::string c;
    while (std::getline(ss, c, ','))
      if (!c.empty()) out.insert(mark + c);
  }
}

// Replaces plan_meta `key` by the comma-separated `codes` (none: the key is dropped), appended last.
void setListed(Plan& plan, const char* key, const std::string& codes) {
  for (auto it = plan.meta.begin(); it != plan.meta.end();)
    it = it->first == key ? plan.meta.erase(it) : it + 1;
  if (!codes.empty()) plan.meta.emplace_back(key, codes);
}
}  // namespace

std::string usedUnitCodeKey(const std::string& code) { return kUnitMark + code; }

int adoptBaseRanges(const Inputs& in, const Plan& base, std::vector<Piece>& pieces,
                    std::vector<MultiPolygon>& footprints) {
  std::unordered_map<std::string, int> baseIndex;
  for (size_t j = 0; j < base.pieces.size(); ++j) baseIndex.emplace(base.pieces[j].piece_id, static_cast<int>(j));
  // Base floor ranges by the id they extend: "<x>-F<a>-<b>" → "<x>".
  auto stem = [](const std::string& id) {
    size_t at = id.rfind("-F");
    return at == std::string::npos ? id : id.substr(0, at);
  };
  std::map<std::string, std::vector<const Piece*>> rangesOf;
  for (const Piece& bp : base.pieces)
    if (bp.floor_from >= 1) rangesOf[stem(bp.piece_id)].push_back(&bp);
  if (rangesOf.empty()) return 0;
  for (auto& [k, rs] : rangesOf)
    std::sort(rs.begin(), rs.end(), [](const Piece* a, const Piece* b) { return a->floor_from < b->floor_from; });
  std::vector<Piece> out;
  std::vector<MultiPolygon> fps;
  int replaced = 0;
  for (size_t i = 0; i < pieces.size(); ++i) {
    const Piece& p = pieces[i];
    std::vector<const Piece*> take;
    if (!baseIndex.count(p.piece_id) && p.building >= 0) {
      const Building& b = in.buildings[static_cast<size_t>(p.building)];
      // A one-entrance building's whole piece "<bld>" was divided as entrance 1: "<bld>-E1-F…".
      std::string key = p.floor_from >= 1 ? stem(p.piece_id) : p.entrance < 0 && b.entrances <= 1 ? p.piece_id + "-E1" : p.piece_id;
      auto it = rangesOf.find(key);
      if (it == rangesOf.end() && p.floor_from < 1) it = rangesOf.find(p.piece_id);
      if (it != rangesOf.end()) {
        const int from = p.floor_from >= 1 ? p.floor_from : 1;
        const int to = p.floor_from >= 1 ? p.floor_to : b.floors;
        int next = from, hh = 0;
        for (const Piece* r : it->second) {
          if (r->floor_from < from || (to > 0 && r->floor_to > to)) continue;
          if (r->floor_from != next) {
            take.clear();
            break;
          }
          take.push_back(r);
          hh += r->households;
          next = r->floor_to + 1;
        }
        if (hh != p.households || (to > 0 && next - 1 != to) || take.size() < 2) take.clear();
      }
    }
    if (take.empty()) {
      out.push_back(p);
      fps.push_back(std::move(footprints[i]));
      continue;
    }
    for (const Piece* r : take) {
      Piece q = p;
      q.piece_id = r->piece_id;
      q.entrance = r->entrance;
      q.floor_from = r->floor_from;
      q.floor_to = r->floor_to;
      q.households = r->households;
      out.push_back(std::move(q));
      fps.push_back(footprints[i]);
    }
    ++replaced;
  }
  pieces = std::move(out);
  footprints = std::move(fps);
  return replaced;
}

std::set<std::string> allUsedCodes(const Plan& plan) {
  std::set<std::string> used;
  for (const std::string& c : plan::usedGridCodes(plan)) used.insert(c);
  for (const Grid& g : plan.grids) used.insert(g.grid_id);
  addListed(plan, kRetired, used, "");
  used.erase("");
  // Unit codes too: a base unit that is not kept, or one the base retired, must not lend its code to a
  // different unit of the new plan or of any later one (DESIGN §1).
  for (const Unit& u : plan.units)
    if (!u.unit_id.empty()) used.insert(usedUnitCodeKey(u.unit_id));
  addListed(plan, kRetiredUnits, used, usedUnitCodeKey(""));
  return used;
}

void setRetiredCodes(Plan& plan, const std::set<std::string>& used) {
  std::set<std::string> grids, units;
  for (const Grid& g : plan.grids) grids.insert(g.grid_id);
  for (const Unit& u : plan.units) units.insert(u.unit_id);
  std::string g, u;
  for (const std::string& c : used) {
    if (!c.empty() && c[0] == kUnitMark) {
      const std::string code = c.substr(1);
      if (!units.count(code)) u += (u.empty() ? "" : ",") + code;
    } else if (!grids.count(c)) {
      g += (g.empty() ? "" : ",") + c;
    }
  }
  setListed(plan, kRetired, g);
  setListed(plan, kRetiredUnits, u);
}

BaseRef matchBase(const Plan& plan, const Plan& base) {
  BaseRef r;
  r.base = &base;
  const size_t P = plan.pieces.size();
  r.grid.assign(P, -1);
  r.unit.assign(P, -1);
  r.gridIntact.assign(base.grids.size(), 1);
  r.unitIntact.assign(base.units.size(), 1);
  r.gridPieces.assign(base.grids.size(), 0);

  auto baseBld = [&](const Piece& p) -> const std::string& {
    static const std::string none;
    return p.building >= 0 && p.building < static_cast<int>(base.in.buildings.size())
               ? base.in.buildings[p.building].bld_id
               : none;
  };
  std::unordered_map<std::string, int> basePiece;
  std::unordered_map<std::string, int> soleGrid;  // bld_id → the one base grid of all its pieces, -1 mixed
  for (size_t j = 0; j < base.pieces.size(); ++j) {
    const Piece& bp = base.pieces[j];
    basePiece.emplace(bp.piece_id, static_cast<int>(j));
    auto [it, fresh] = soleGrid.try_emplace(baseBld(bp), bp.grid);
    if (!fresh && it->second != bp.grid) it->second = -1;
  }
  std::unordered_map<std::string, const Building*> newBld;
  for (const Building& b : plan.in.buildings) newBld.emplace(b.bld_id, &b);

  std::vector<char> matched(base.pieces.size(), 0);
  for (size_t i = 0; i < P; ++i) {
    const Piece& p = plan.pieces[i];
    auto it = basePiece.find(p.piece_id);
    if (it != basePiece.end()) {
      r.grid[i] = base.pieces[it->second].grid;
      r.unit[i] = base.pieces[it->second].unit;
      matched[it->second] = 1;
    } else if (p.building >= 0) {
      auto s = soleGrid.find(plan.in.buildings[p.building].bld_id);
      if (s != soleGrid.end()) r.grid[i] = s->second;
    }
    if (r.grid[i] >= static_cast<int>(base.grids.size())) r.grid[i] = -1;
    if (r.unit[i] >= static_cast<int>(base.units.size())) r.unit[i] = -1;
    if (r.grid[i] >= 0) ++r.gridPieces[r.grid[i]];
  }
  for (size_t j = 0; j < base.pieces.size(); ++j) {
    const Piece& bp = base.pieces[j];
    if (bp.unit >= 0 && bp.unit < static_cast<int>(base.units.size()) && !matched[j]) r.unitIntact[bp.unit] = 0;
    if (bp.grid < 0 || bp.grid >= static_cast<int>(base.grids.size())) continue;
    const Grid& g = base.grids[bp.grid];
    auto nb = newBld.find(baseBld(bp));
    const std::string baseCom = g.community >= 0 && g.community < static_cast<int>(base.in.communities.size())
                                    ? base.in.communities[g.community].community_id
                                    : std::string();
    if (nb == newBld.end() || nb->second->community_id != baseCom) r.gridIntact[bp.grid] = 0;
  }
  r.unitPieces.assign(base.units.size(), 0);
  for (const Piece& bp : base.pieces)
    if (bp.unit >= 0 && bp.unit < static_cast<int>(base.units.size())) ++r.unitPieces[bp.unit];
  r.usedCodes = allUsedCodes(base);
  return r;
}

BaseRef selfBase(const Plan& plan) {
  BaseRef r;
  r.base = &plan;
  r.keepUnlocked = false;
  r.grid.resize(plan.pieces.size());
  r.unit.resize(plan.pieces.size());
  r.gridIntact.assign(plan.grids.size(), 1);
  r.unitIntact.assign(plan.units.size(), 1);
  r.gridPieces.assign(plan.grids.size(), 0);
  for (size_t i = 0; i < plan.pieces.size(); ++i) {
    r.grid[i] = plan.pieces[i].grid;
    r.unit[i] = plan.pieces[i].unit;
    if (r.grid[i] >= 0) ++r.gridPieces[r.grid[i]];
  }
  r.unitPieces.assign(plan.units.size(), 0);
  for (const Piece& p : plan.pieces)
    if (p.unit >= 0) ++r.unitPieces[p.unit];
  r.usedCodes = allUsedCodes(plan);
  return r;
}

std::vector<Transfer> transfers(const Plan& plan, const Plan& base, const BaseRef& ref) {
  std::map<std::pair<std::string, std::string>, int> moved;
  for (size_t i = 0; i < plan.pieces.size(); ++i) {
    const Piece& p = plan.pieces[i];
    // Pieces past the reference were divided by floors after it was made (by the self-check's repairs).
    if (i >= ref.grid.size() || ref.grid[i] < 0 || p.grid < 0 || p.households == 0) continue;
    const std::string& from = base.grids[ref.grid[i]].grid_id;
    const std::string& to = plan.grids[p.grid].grid_id;
    if (from != to) moved[{from, to}] += p.households;
  }
  std::vector<Transfer> out;
  for (auto& [k, n] : moved) out.push_back({k.first, k.second, n});
  return out;
}

}  // namespace gp::pipeline
