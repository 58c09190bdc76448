#pragma once
// The grid workers' roster, as a street office keeps it in Excel: an .xlsx workbook (read with GDAL's XLSX
// driver; the ledger `gridplan export --format xlsx` writes is one, to fill in and give back) or a CSV /
// tab-separated text (UTF-8 with or without a BOM, GBK, or UTF-16 with a BOM as Excel saves "Unicode text").
// Columns are found by English or Chinese heading (grid_id/网格编码, grid_name/网格名称, community_id/社区编码,
// community_name/社区名称, worker_name/网格员, worker_phone/联系电话, duties/服务职责). A row names its grid by
// code, or by name within its community. It fills or overrides the plan's grid attributes.
#include <string>
#include <vector>

#include "geo/core/Problem.hpp"
#include "geo/plan/Plan.hpp"

namespace gp::print {

struct RosterRow {
  int line = 0;  // 1-based line of a CSV, or row of a sheet, for messages
  std::string grid_id, grid_name, community_id, community_name;
  std::string worker_name, worker_phone, duties;
};

struct Roster {
  std::string path;      // what messages name, e.g. "roster r.csv" or "roster r.xlsx sheet 网格台账"
  std::string encoding;  // "UTF-8", "GBK", "UTF-16LE", "UTF-16BE", or "xlsx"
  std::string line_word = "line";  // "line" (CSV) or "row" (a sheet), as messages count
  std::vector<RosterRow> rows;
};

// Parses CSV bytes (RFC 4180 quoting; comma, semicolon or tab separated, found from the header).
// Throws gp::InputError naming `what` when there is no header, no column naming the grid (grid_id or
// grid_name), no column to fill (worker_name, worker_phone or duties), a quote is never closed (naming the
// line it opens on), or the text is in no encoding above.
Roster parseRoster(const std::string& bytes, const std::string& what);
// The same from a table already split into cells: `rows[0]` the headings, `lines[i]` the line or row of rows[i].
// `line_word` is how messages count them ("line" or "row").
Roster rosterFromTable(const std::vector<std::vector<std::string>>& rows, const std::vector<int>& lines,
                       const std::string& what, const std::string& line_word = "line");
// Reads a roster file: .xlsx through GDAL (the first sheet with a grid column; the ledger's 网格台账), anything
// else as CSV. Throws gp::InputError when it cannot be read or used.
Roster readRoster(const std::string& path);

// A Chinese mobile number (1[3-9] and 9 digits, optionally +86) or a landline with area code
// (0512-12345678, 010-1234567, optionally an extension -123). Spaces are ignored.
bool isValidPhone(const std::string& phone);

// Writes non-empty roster cells over the plan's grid attributes. A row names its grid by grid_id, or else by
// grid name within the community its row names (code or name; any community when it names none). Reported,
// naming the line: rows naming an unknown grid (roster_unknown_grid), a name that matches several grids
// (roster_ambiguous_grid, listing them), a grid named twice (roster_duplicate_grid), a row naming no grid
// (roster_bad_row). A row naming only a community (code or name) is one of its workers: after every other row,
// such rows fill the community's grids that still have no worker, in code order; a community not in the plan
// is an error (roster_unknown_community), a worker left over is noted (roster_spare_worker, info).
void applyRoster(const Roster& roster, Plan& plan, ProblemList& problems);

// Reports grids with no worker name or phone (no_worker) and malformed phones (bad_phone), by grid id.
// Only grids whose index is in `which` are checked (all when empty).
void checkWorkers(const std::vector<Grid>& grids, const std::vector<int>& which, ProblemList& problems);

}  // namespace gp::print
