// The grid ledger as an Excel workbook, written with libxlsxwriter: codes are text cells in text-formatted
// columns (Excel turns a 15-digit code typed or pasted as a number into 3.20508E+14 and a 17-digit one into a
// different number), the heading row is frozen and filtered, and columns are as wide as their widest cell.
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>

#include "geo/core/AtomicFile.hpp"
#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
#include "geo/io/Export.hpp"
#include "geo/io/Ledger.hpp"

namespace gp::io {

namespace fs = std::filesystem;

namespace {

constexpr int kMinWidth = 6, kMaxWidth = 50;

std::string numberText(double v) {
  return v == std::floor(v) ? std::to_string(static_cast<long long>(v)) : std::to_string(v);
}

void writeSheet(lxw_workbook* wb, const Plan& plan, LedgerSheet which, lxw_format* heading, lxw_format* textFmt,
                std::string& err) {
  const LedgerLanguage lang = ledgerLanguage(plan);
  std::string title(ledgerSheetTitle(which, lang));
  lxw_worksheet* ws = workbook_add_worksheet(wb, title.c_str());
  if (!ws) {
    err = fmt(tr("cannot add sheet %s"), title.c_str());
    return;
  }
  const auto& cols = ledgerColumns(which);
  LedgerRows rows = ledgerRows(plan, which);
  std::vector<int> width(cols.size());
  for (size_t c = 0; c < cols.size(); ++c) {
    width[c] = displayWidth(cols[c].titleIn(lang));
    worksheet_write_string(ws, 0, lxw_col_t(c), std::string(cols[c].titleIn(lang)).c_str(), heading);
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    const auto row = lxw_row_t(r + 1);
    for (size_t c = 0; c < cols.size() && c < rows[r].size(); ++c) {
      const LedgerCell& cell = rows[r][c];
      lxw_error e = LXW_NO_ERROR;
      if (cell.number) {
        e = worksheet_write_number(ws, row, lxw_col_t(c), *cell.number, nullptr);
        width[c] = std::max(width[c], int(numberText(*cell.number).size()));
      } else if (!cell.text.empty()) {
        e = worksheet_write_string(ws, row, lxw_col_t(c), cell.text.c_str(), textFmt);
        width[c] = std::max(width[c], displayWidth(cell.text));
      }
      if (e != LXW_NO_ERROR && err.empty())
        err = fmt(tr("sheet %1$s row %2$zu: %3$s"), title.c_str(), r + 2, lxw_strerror(e));
    }
  }
  for (size_t c = 0; c < cols.size(); ++c) {
    // Text columns keep the "@" (Text) format for cells typed in later, so new codes stay text too.
    double w = std::clamp(width[c] + 2, kMinWidth, kMaxWidth);
    worksheet_set_column(ws, lxw_col_t(c), lxw_col_t(c), w, cols[c].number ? nullptr : textFmt);
  }
  worksheet_freeze_panes(ws, 1, 0);
  worksheet_autofilter(ws, 0, 0, lxw_row_t(rows.size()), lxw_col_t(cols.size() - 1));
}

}  // namespace

std::string exportXlsx(const Plan& plan, const std::string& path) {
  // Written beside the target and renamed into place, so a failure never leaves a half-written workbook.
  AtomicFile file(path, tr("workbook"), ".xlsx");
  const fs::path tmp = file.temp();
  std::error_code ec;
  lxw_workbook* wb = workbook_new(tmp.c_str());
  if (!wb)
    throw InputError(fmt(tr("cannot write %1$s: cannot create %2$s; check the folder is writable"), path.c_str(),
                         tmp.c_str()));
  lxw_format* heading = workbook_add_format(wb);
  format_set_bold(heading);
  format_set_num_format(heading, "@");
  format_set_bottom(heading, LXW_BORDER_THIN);
  format_set_bg_color(heading, 0xDDEBF7);
  lxw_format* textFmt = workbook_add_format(wb);
  format_set_num_format(textFmt, "@");

  std::string err;
  for (LedgerSheet s : {LedgerSheet::Grids, LedgerSheet::Units, LedgerSheet::Buildings})
    writeSheet(wb, plan, s, heading, textFmt, err);
  lxw_error closed = workbook_close(wb);  // writes the file and frees the workbook
  if (err.empty() && closed != LXW_NO_ERROR) err = lxw_strerror(closed);
  if (!err.empty()) {
    fs::remove(tmp, ec);
    throw InputError(fmt(tr("cannot write %1$s: %2$s; check the folder is writable and the disk has room"), path.c_str(),
                         err.c_str()));
  }
  file.commit();
  return path;
}

}  // namespace gp::io
