#include "geo/print/Roster.hpp"

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>
#include <unordered_map>

#include "geo/core/Error.hpp"
#include "geo/print/TextEncoding.hpp"

namespace gp::print {

namespace {

std::string trim(const std::string& s) {
  // ASCII whitespace and the ideographic space U+3000 that Chinese input methods type.
  size_t b = 0, e = s.size();
  for (;;) {
    if (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
    else if (e - b >= 3 && s.compare(b, 3, "\xE3\x80\x80") == 0) b += 3;
    else break;
  }
  for (;;) {
    if (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
    else if (e - b >= 3 && s.compare(e - 3, 3, "\xE3\x80\x80") == 0) e -= 3;
    else break;
  }
  return s.substr(b, e - b);
}

std::string lower(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return s;
}

// Splits CSV text into records of fields, with the line each record starts on.
std::vector<std::pair<int, std::vector<std::string>>> splitCsv(const std::string& t, char sep) {
  std::vector<std::pair<int, std::vector<std::string>>> out;
  std::vector<std::string> rec;
  std::string field;
  bool quoted = false, any = false;
  int line = 1, rec_line = 1;
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < t.size() && t[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == sep) {
      rec.push_back(field);
      field.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < t.size() && t[i + 1] == '\n') ++i;
      rec.push_back(field);
      field.clear();
      if (any || rec.size() > 1 || !rec[0].empty()) out.emplace_back(rec_line, rec);
      rec.clear();
      any = false;
      ++line;
      rec_line = line;
    } else {
      field += c;
      any = true;
    }
  }
  if (any || !field.empty()) {
    rec.push_back(field);
    out.emplace_back(rec_line, rec);
  }
  return out;
}

int columnRole(const std::string& heading) {
  static const std::vector<std::vector<std::string>> names = {
      {"grid_id", "grid", "gridid", "grid_code", "网格编码", "网格编号", "网格代码", "网格id"},
      {"worker_name", "worker", "name", "网格员", "网格员姓名", "姓名"},
      {"worker_phone", "phone", "tel", "联系电话", "电话", "手机", "手机号", "网格员电话"},
      {"duties", "duty", "服务职责", "职责", "工作职责"}};
  std::string h = lower(trim(heading));
  for (size_t r = 0; r < names.size(); ++r)
    if (std::find(names[r].begin(), names[r].end(), h) != names[r].end()) return int(r);
  return -1;
}

}  // namespace

Roster parseRoster(const std::string& bytes, const std::string& what) {
  Roster r;
  r.path = what;
  std::string text = toUtf8(bytes, what, &r.encoding);
  // The separator is whichever of , ; TAB the header line has most of.
  std::string first = text.substr(0, text.find('\n'));
  char sep = ',';
  size_t best = std::count(first.begin(), first.end(), ',');
  for (char c : {';', '\t'}) {
    size_t n = std::count(first.begin(), first.end(), c);
    if (n > best) best = n, sep = c;
  }
  auto recs = splitCsv(text, sep);
  if (recs.empty()) throw InputError(what + ": the roster is empty; it needs a header line grid_id,worker_name,worker_phone,duties");
  int col[4] = {-1, -1, -1, -1};
  const auto& header = recs[0].second;
  for (size_t i = 0; i < header.size(); ++i) {
    int role = columnRole(header[i]);
    if (role >= 0 && col[role] < 0) col[role] = int(i);
  }
  if (col[0] < 0)
    throw InputError(what + ": no grid_id column in the header line (\"" + trim(first) +
                     "\"); the roster needs columns grid_id,worker_name,worker_phone,duties (or 网格编码,网格员,联系电话,服务职责)");
  for (size_t k = 1; k < recs.size(); ++k) {
    const auto& [line, f] = recs[k];
    auto get = [&](int role) { return col[role] >= 0 && size_t(col[role]) < f.size() ? trim(f[col[role]]) : std::string(); };
    RosterRow row;
    row.line = line;
    row.grid_id = get(0);
    row.worker_name = get(1);
    row.worker_phone = get(2);
    row.duties = get(3);
    bool blank = row.grid_id.empty() && row.worker_name.empty() && row.worker_phone.empty() && row.duties.empty();
    if (!blank) r.rows.push_back(std::move(row));
  }
  return r;
}

Roster readRoster(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("roster " + path + ": cannot be read; give an existing CSV file to --roster");
  std::stringstream ss;
  ss << in.rdbuf();
  return parseRoster(ss.str(), "roster " + path);
}

bool isValidPhone(const std::string& phone) {
  std::string p;
  for (char c : phone)
    if (c != ' ') p += c;
  static const std::regex mobile(R"((\+?86-?)?1[3-9]\d{9})");
  static const std::regex landline(R"(0\d{2,3}-?\d{7,8}(-\d{1,6})?)");
  return std::regex_match(p, mobile) || std::regex_match(p, landline);
}

void applyRoster(const Roster& roster, std::vector<Grid>& grids, ProblemList& problems) {
  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < grids.size(); ++i) index.emplace(grids[i].grid_id, i);
  std::unordered_map<std::string, int> seen;
  static const std::regex mangled(R"(\d(\.\d+)?[eE]\+?\d+)");
  for (const auto& row : roster.rows) {
    std::string where = roster.path + " line " + std::to_string(row.line);
    if (row.grid_id.empty()) {
      problems.add("roster_bad_row", Severity::Error, "roster:line " + std::to_string(row.line),
                   where + ": no grid_id; fill in the grid code or delete the row");
      continue;
    }
    auto it = index.find(row.grid_id);
    if (it == index.end()) {
      std::string msg = where + ": grid " + row.grid_id + " is not in the plan";
      if (std::regex_match(row.grid_id, mangled))
        msg += " (Excel turned the code into a number: format the grid_id column as Text and type the codes again)";
      else
        msg += "; check the code against the plan's grids layer";
      problems.add("roster_unknown_grid", Severity::Error, "grid " + row.grid_id, msg);
      continue;
    }
    auto [s, fresh] = seen.emplace(row.grid_id, row.line);
    if (!fresh) {
      problems.add("roster_duplicate_grid", Severity::Error, "grid " + row.grid_id,
                   where + ": grid " + row.grid_id + " is already on line " + std::to_string(s->second) +
                       "; this later row wins; keep one row per grid");
    }
    Grid& g = grids[it->second];
    if (!row.worker_name.empty()) g.worker_name = row.worker_name;
    if (!row.worker_phone.empty()) g.worker_phone = row.worker_phone;
    if (!row.duties.empty()) g.duties = row.duties;
  }
}

void checkWorkers(const std::vector<Grid>& grids, const std::vector<int>& which, ProblemList& problems) {
  auto check = [&](const Grid& g) {
    std::string f = "grid " + g.grid_id;
    if (g.worker_name.empty() || g.worker_phone.empty()) {
      std::string missing = g.worker_name.empty() && g.worker_phone.empty() ? "no worker name or phone"
                            : g.worker_name.empty()                         ? "no worker name"
                                                                            : "no worker phone";
      problems.add("no_worker", Severity::Error, f,
                   "grid " + g.grid_id + " has " + missing +
                       "; its sign prints blank lines to fill in by hand; add it to the roster (--roster)");
    }
    if (!g.worker_phone.empty() && !isValidPhone(g.worker_phone))
      problems.add("bad_phone", Severity::Error, f,
                   "grid " + g.grid_id + ": phone \"" + g.worker_phone +
                       "\" is neither a mobile number (11 digits, 1[3-9]…) nor a landline with area code (0512-12345678)");
  };
  if (which.empty())
    for (const auto& g : grids) check(g);
  else
    for (int i : which) check(grids[size_t(i)]);
}

}  // namespace gp::print
