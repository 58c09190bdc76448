#pragma once
// The grid ledger (网格台账) that `export --format xlsx` writes: the sheets a street office fills in and keeps
// in Excel, and gives back as a roster (--roster). Sheet and column titles live in one table (Ledger.cpp) so the
// plan's language (issue 13, gettext) can replace them in one place; the keys are the stable English names a
// roster may also use as headings.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "geo/plan/Plan.hpp"

namespace gp::io {

enum class LedgerSheet { Grids, Units, Buildings };

// The ledger speaks the plan's language (plan_meta.language), not the reader's: it is the plan's record, filled
// in and kept by the street office. Chinese where the plan is zh_CN or says nothing (plans made before issue 13).
enum class LedgerLanguage { Zh, En };
LedgerLanguage ledgerLanguage(const Plan& plan);

struct LedgerColumn {
  std::string_view key;       // stable English key, e.g. "grid_id"
  std::string_view title;     // heading in a Chinese sheet, e.g. "网格编码"
  std::string_view title_en;  // heading in an English sheet, e.g. "Grid code" (a roster reads all three)
  bool number = false;        // a count written as a number; every other column (codes above all) is text

  std::string_view titleIn(LedgerLanguage l) const { return l == LedgerLanguage::En ? title_en : title; }
};

// 网格台账, 基础治理单元, 楼栋 (English: Grid ledger, Units, Buildings).
std::string_view ledgerSheetTitle(LedgerSheet s, LedgerLanguage l = LedgerLanguage::Zh);
const std::vector<LedgerColumn>& ledgerColumns(LedgerSheet s);

// One cell: text, or a number when the column is a count (empty text for a missing number).
struct LedgerCell {
  std::string text;
  std::optional<double> number;
};
using LedgerRows = std::vector<std::vector<LedgerCell>>;  // without the heading row

// The rows of each sheet, in the order of ledgerColumns():
//  Grids: one row per grid in plan order, with its community's code and name and the worker, phone and duties
//    the plan holds (empty until a roster fills them);
//  Units: one row per unit with its grid, community, leader and the buildings (entrances, floors) it holds;
//  Buildings: one row per piece, grouped by building: a whole building is one row, a split one a row per
//    entrance or floor range, each with its grid and unit.
LedgerRows ledgerRows(const Plan& plan, LedgerSheet s);

// Width of UTF-8 text in Excel's column units: East Asian wide characters (CJK, full-width forms) count 2,
// everything else 1.
int displayWidth(std::string_view utf8);

}  // namespace gp::io
