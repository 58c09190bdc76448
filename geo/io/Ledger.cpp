#include "geo/io/Ledger.hpp"

#include <algorithm>
#include <numeric>

namespace gp::io {

namespace {

// The one table of sheet and column titles (translations replace the titles, never the keys).
const std::vector<LedgerColumn> kGridColumns = {
    {"grid_id", "网格编码", "Grid code"},
    {"community_id", "社区编码", "Community code"},
    {"community_name", "社区名称", "Community name"},
    {"grid_name", "网格名称", "Grid name"},
    {"households", "户数", "Households", true},
    {"units", "治理单元数", "Units", true},
    {"status", "状态", "Status"},
    {"reason", "原因", "Reason"},
    {"worker_name", "网格员", "Grid worker"},
    {"worker_phone", "联系电话", "Phone"},
    {"duties", "服务职责", "Duties"},
};
const std::vector<LedgerColumn> kUnitColumns = {
    {"unit_id", "治理单元编码", "Unit code"},
    {"grid_id", "网格编码", "Grid code"},
    {"community_id", "社区编码", "Community code"},
    {"households", "户数", "Households", true},
    {"status", "状态", "Status"},
    {"reason", "原因", "Reason"},
    {"leader_name", "楼栋长", "Building leader"},
    {"buildings", "楼栋", "Buildings"},
};
const std::vector<LedgerColumn> kBuildingColumns = {
    {"bld_id", "楼栋编码", "Building code"},
    {"building_name", "楼栋名称", "Building name"},
    {"community_id", "社区编码", "Community code"},
    {"entrance", "单元", "Entrance", true},
    {"floor_from", "起始楼层", "From floor", true},
    {"floor_to", "结束楼层", "To floor", true},
    {"households", "户数", "Households", true},
    {"grid_id", "网格编码", "Grid code"},
    {"unit_id", "治理单元编码", "Unit code"},
    {"piece_id", "片段编码", "Piece code"},
};

LedgerCell text(std::string s) { return {std::move(s), std::nullopt}; }
LedgerCell num(int v) { return {{}, double(v)}; }
LedgerCell optNum(int v) { return v < 0 ? LedgerCell{} : num(v); }

// "3号楼", "3号楼 2单元", "3号楼 2单元 10-18层" (English: "3号楼 entrance 2 floors 10-18"): how a planner names
// a piece.
std::string pieceLabel(const Plan& plan, const Piece& p, LedgerLanguage lang) {
  const bool en = lang == LedgerLanguage::En;
  std::string s;
  if (p.building >= 0 && size_t(p.building) < plan.in.buildings.size()) {
    const Building& b = plan.in.buildings[size_t(p.building)];
    s = b.name.empty() ? b.bld_id : b.name;
  } else {
    s = p.piece_id;
  }
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string.
  if (p.entrance >= 0) {
    s += en ? " entrance " : " ";
    s += std::to_string(p.entrance);
    if (!en) s += "单元";
  }
  if (p.floor_from >= 0) {
    s += en ? " floors " : " ";
    s += std::to_string(p.floor_from);
    s += '-';
    s += std::to_string(p.floor_to);
    if (!en) s += "层";
  }
  return s;
}

}  // namespace

LedgerLanguage ledgerLanguage(const Plan& plan) {
  for (const auto& [k, v] : plan.meta)
    if (k == "language") return v.rfind("en", 0) == 0 ? LedgerLanguage::En : LedgerLanguage::Zh;
  return LedgerLanguage::Zh;
}

std::string_view ledgerSheetTitle(LedgerSheet s, LedgerLanguage l) {
  const bool en = l == LedgerLanguage::En;
  switch (s) {
    case LedgerSheet::Grids: return en ? "Grid ledger" : "网格台账";
    case LedgerSheet::Units: return en ? "Units" : "基础治理单元";
    case LedgerSheet::Buildings: return en ? "Buildings" : "楼栋";
  }
  return "";
}

const std::vector<LedgerColumn>& ledgerColumns(LedgerSheet s) {
  switch (s) {
    case LedgerSheet::Grids: return kGridColumns;
    case LedgerSheet::Units: return kUnitColumns;
    case LedgerSheet::Buildings: return kBuildingColumns;
  }
  return kGridColumns;
}

LedgerRows ledgerRows(const Plan& plan, LedgerSheet s) {
  LedgerRows rows;
  const LedgerLanguage lang = ledgerLanguage(plan);
  const auto& comms = plan.in.communities;
  auto community = [&](int c) -> const Community* {
    return c >= 0 && size_t(c) < comms.size() ? &comms[size_t(c)] : nullptr;
  };
  auto grid = [&](int g) -> const Grid* { return g >= 0 && size_t(g) < plan.grids.size() ? &plan.grids[size_t(g)] : nullptr; };
  auto unit = [&](int u) -> const Unit* { return u >= 0 && size_t(u) < plan.units.size() ? &plan.units[size_t(u)] : nullptr; };

  switch (s) {
    case LedgerSheet::Grids:
      for (const Grid& g : plan.grids) {
        const Community* c = community(g.community);
        rows.push_back({text(g.grid_id), text(c ? c->community_id : ""), text(c ? c->name : ""), text(g.name),
                        num(g.households), num(g.units), text(toString(g.status)), text(g.reason),
                        text(g.worker_name), text(g.worker_phone), text(g.duties)});
      }
      break;
    case LedgerSheet::Units: {
      std::vector<std::string> held(plan.units.size());
      for (const Piece& p : plan.pieces) {
        if (!unit(p.unit)) continue;
        std::string& h = held[size_t(p.unit)];
        h += (h.empty() ? "" : lang == LedgerLanguage::En ? ", " : "、") + pieceLabel(plan, p, lang);
      }
      for (size_t i = 0; i < plan.units.size(); ++i) {
        const Unit& u = plan.units[i];
        const Grid* g = grid(u.grid);
        const Community* c = g ? community(g->community) : nullptr;
        rows.push_back({text(u.unit_id), text(g ? g->grid_id : ""), text(c ? c->community_id : ""),
                        num(u.households), text(toString(u.status)), text(u.reason), text(u.leader_name),
                        text(held[i])});
      }
      break;
    }
    case LedgerSheet::Buildings: {
      // Pieces grouped by building (in building order), a building's pieces in plan order.
      std::vector<size_t> order(plan.pieces.size());
      std::iota(order.begin(), order.end(), size_t(0));
      std::stable_sort(order.begin(), order.end(),
                       [&](size_t a, size_t b) { return plan.pieces[a].building < plan.pieces[b].building; });
      const int nb = int(plan.in.buildings.size());
      for (size_t i : order) {
        const Piece& p = plan.pieces[i];
        const Building* b = p.building >= 0 && p.building < nb ? &plan.in.buildings[size_t(p.building)] : nullptr;
        const Grid* g = grid(p.grid);
        const Unit* u = unit(p.unit);
        rows.push_back({text(b ? b->bld_id : ""), text(b ? b->name : ""), text(b ? b->community_id : ""),
                        optNum(p.entrance), optNum(p.floor_from), optNum(p.floor_to), num(p.households),
                        text(g ? g->grid_id : ""), text(u ? u->unit_id : ""), text(p.piece_id)});
      }
      break;
    }
  }
  return rows;
}

int displayWidth(std::string_view s) {
  int w = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned c = p[i], cp;
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    if (i + len > n) len = 1;
    cp = len == 1 ? c : c & (0xFF >> (len + 1));
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (p[i + k] & 0x3F);
    i += len;
    // East Asian Wide / Fullwidth ranges (UAX #11), the ones Chinese text uses.
    bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF) ||
                (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
                (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
                (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
    w += wide ? 2 : 1;
  }
  return w;
}

}  // namespace gp::io
