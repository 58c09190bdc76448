#pragma once
// The grid workers' roster: a CSV with columns grid_id, worker_name, worker_phone, duties (or their
// Chinese headings 网格编码, 网格员, 联系电话, 服务职责), UTF-8 or GBK, with or without a BOM, as
// a street office keeps it in Excel. It fills or overrides the plan's grid attributes.
#include <string>
#include <vector>

#include "geo/core/Problem.hpp"
#include "geo/plan/Plan.hpp"

namespace gp::print {

struct RosterRow {
  int line = 0;  // 1-based line in the file, for messages
  std::string grid_id, worker_name, worker_phone, duties;
};

struct Roster {
  std::string path;
  std::string encoding;  // "UTF-8" or "GBK"
  std::vector<RosterRow> rows;
};

// Parses CSV bytes (RFC 4180 quoting; comma, semicolon or tab separated, found from the header).
// Throws gp::InputError naming `what` when there is no header or no grid_id column, or the text is
// neither UTF-8 nor GBK.
Roster parseRoster(const std::string& bytes, const std::string& what);
// Reads and parses a roster file; throws gp::InputError when it cannot be read.
Roster readRoster(const std::string& path);

// A Chinese mobile number (1[3-9] and 9 digits, optionally +86) or a landline with area code
// (0512-12345678, 010-1234567, optionally an extension -123). Spaces are ignored.
bool isValidPhone(const std::string& phone);

// Writes non-empty roster cells over the grids' attributes. Rows naming an unknown grid, repeating a
// grid, or with no grid_id are reported (kind roster_unknown_grid, roster_duplicate_grid,
// roster_bad_row), naming the grid id and the line.
void applyRoster(const Roster& roster, std::vector<Grid>& grids, ProblemList& problems);

// Reports grids with no worker name or phone (no_worker) and malformed phones (bad_phone), by grid id.
// Only grids whose index is in `which` are checked (all when empty).
void checkWorkers(const std::vector<Grid>& grids, const std::vector<int>& which, ProblemList& problems);

}  // namespace gp::print
