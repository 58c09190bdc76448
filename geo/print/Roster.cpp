#include "geo/print/Roster.hpp"

#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>
#include <regex>
#include <sstream>
#include <unordered_map>

#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
#include "geo/core/Text.hpp"
#include "geo/io/Gdal.hpp"
#include "geo/print/TextEncoding.hpp"

namespace gp::print {

namespace {

// "roster x.csv line 5" (CSV) or "… row 5" (a sheet): where a message points in the roster.
std::string lineOf(const std::string& what, const std::string& line_word, int line) {
  return fmt(line_word == "row" ? tr("%1$s row %2$d") : tr("%1$s line %2$d"), what.c_str(), line);
}

// Splits CSV text into records of fields, with the line each record starts on. Throws gp::InputError naming
// `what` and the line when a quote is never closed (everything after it would be one field).
std::vector<std::pair<int, std::vector<std::string>>> splitCsv(const std::string& t, char sep, const std::string& what) {
  std::vector<std::pair<int, std::vector<std::string>>> out;
  std::vector<std::string> rec;
  std::string field;
  bool quoted = false, any = false;
  int line = 1, rec_line = 1, quote_line = 0;
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
      quote_line = line;
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
  if (quoted)
    throw InputError(fmt(tr("%1$s line %2$d: a quote (\") opens a cell that is never closed; close it or remove it (a "
                            "quote inside a cell is written twice, \"\")"),
                         what.c_str(), quote_line));
  if (any || !field.empty()) {
    rec.push_back(field);
    out.emplace_back(rec_line, rec);
  }
  return out;
}

enum Role { GridId, WorkerName, WorkerPhone, Duties, GridName, CommunityId, CommunityName, kRoles };

// Headings a roster may use for each role: the ledger's keys and titles in both its languages
// (geo/io/Ledger.cpp, lower-cased here), and the words street offices' own sheets use.
int columnRole(const std::string& heading) {
  static const std::vector<std::vector<std::string>> names = {
      {"grid_id", "grid", "gridid", "grid_code", "grid code", "网格编码", "网格编号", "网格代码", "网格id"},
      {"worker_name", "worker", "name", "grid worker", "网格员", "网格员姓名", "姓名"},
      {"worker_phone", "phone", "tel", "联系电话", "电话", "手机", "手机号", "手机号码", "联系方式", "网格员电话"},
      {"duties", "duty", "服务职责", "职责", "工作职责"},
      {"grid_name", "grid name", "网格名称", "网格名"},
      {"community_id", "community_code", "community code", "社区编码", "社区代码", "社区编号"},
      {"community_name", "community", "community name", "社区名称", "社区", "所属社区"}};
  std::string h = lower(trim(heading));
  for (size_t r = 0; r < names.size(); ++r)
    if (std::find(names[r].begin(), names[r].end(), h) != names[r].end()) return int(r);
  return -1;
}

// A heading row names where its workers go: a grid (code or name), or at least their community.
bool namesGrid(const std::vector<std::string>& headings) {
  for (const auto& h : headings) {
    int r = columnRole(h);
    if (r == GridId || r == GridName || r == CommunityId || r == CommunityName) return true;
  }
  return false;
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v)
    if (!trim(x).empty()) s += (s.empty() ? "" : ", ") + trim(x);
  return s.empty() ? "(none)" : s;
}

// Sets GDAL config options for this thread while reading, and restores what was there.
class ThreadConfig {
 public:
  ThreadConfig(const char* key, const char* value) : key_(key) {
    const char* old = CPLGetThreadLocalConfigOption(key, nullptr);
    had_ = old != nullptr;
    if (had_) old_ = old;
    CPLSetThreadLocalConfigOption(key, value);
  }
  ~ThreadConfig() { CPLSetThreadLocalConfigOption(key_, had_ ? old_.c_str() : nullptr); }
  ThreadConfig(const ThreadConfig&) = delete;
  ThreadConfig& operator=(const ThreadConfig&) = delete;

 private:
  const char* key_;
  std::string old_;
  bool had_ = false;
};

bool isXlsx(const std::string& path, const std::string& bytes_start) {
  std::string ext = lower(path.size() >= 5 ? path.substr(path.size() - 5) : path);
  return ext == ".xlsx" || bytes_start.compare(0, 4, "PK\x03\x04") == 0;
}

// Every sheet of the workbook as rows of text cells, with their row numbers; the first sheet whose first rows
// name a grid column is the roster.
Roster readXlsxRoster(const std::string& path) {
  io::registerGdal();
  // No header guessing and no number typing: the header row is found below, and codes stay as written.
  ThreadConfig headers("OGR_XLSX_HEADERS", "DISABLE"), types("OGR_XLSX_FIELD_TYPES", "STRING");
  const char* drivers[] = {"XLSX", nullptr};
  // GDAL's own message would repeat ours on stderr; it is kept for ours.
  CPLErrorReset();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers));
  CPLPopErrorHandler();
  if (!ds) {
    std::string why = CPLGetLastErrorMsg();
    throw InputError(fmt(tr("roster %1$s: not a workbook GDAL's XLSX driver can read (GDAL: %2$s); open it in Excel and "
                            "save it again as .xlsx, or as \"CSV UTF-8\""),
                         path.c_str(), why.empty() ? "-" : why.c_str()));
  }
  std::vector<std::string> sheets;
  std::string first_headings;
  for (OGRLayer* layer : ds->GetLayers()) {
    sheets.emplace_back(layer->GetName());
    std::vector<std::vector<std::string>> rows;
    std::vector<int> lines;
    const int nf = layer->GetLayerDefn()->GetFieldCount();
    for (auto& f : *layer) {
      std::vector<std::string> cells(static_cast<size_t>(nf));
      for (int i = 0; i < nf; ++i)
        if (f->IsFieldSetAndNotNull(i)) cells[size_t(i)] = f->GetFieldAsString(i);
      rows.push_back(std::move(cells));
      lines.push_back(int(f->GetFID()));  // the XLSX driver numbers features by sheet row
    }
    bool found = false;
    for (size_t r = 0; r < rows.size() && r < 10 && !found; ++r) found = namesGrid(rows[r]);
    if (found) {
      Roster out = rosterFromTable(rows, lines, fmt(tr("roster %1$s sheet %2$s"), path.c_str(), layer->GetName()), "row");
      out.encoding = "xlsx";
      return out;
    }
    if (sheets.size() == 1 && !rows.empty()) first_headings = joined(rows[0]);
  }
  throw InputError(fmt(tr("roster %1$s: no sheet (%2$s) has a 网格编码 (grid_id), 网格名称 (grid_name) or 社区编码 "
                          "(community_id) column in its first rows (first sheet's first row: %3$s); the roster needs one "
                          "of them and 网格员 (worker_name), 联系电话 (worker_phone) or 服务职责 (duties)"),
                       path.c_str(), joined(sheets).c_str(), first_headings.c_str()));
}

}  // namespace

Roster parseRoster(const std::string& bytes, const std::string& what) {
  std::string encoding;
  std::string text = toUtf8(bytes, what, &encoding);
  // The separator is whichever of , ; TAB the first line that has any has most of (a title line above the
  // headings has none or few).
  char sep = ',';
  size_t best = 0, start = 0;
  while (start < text.size() && best == 0) {
    size_t end = std::min(text.find('\n', start), text.size());
    std::string line = text.substr(start, end - start);
    for (char c : {',', ';', '\t'}) {
      size_t n = std::count(line.begin(), line.end(), c);
      if (n > best) best = n, sep = c;
    }
    start = end + 1;
  }
  auto recs = splitCsv(text, sep, what);
  if (recs.empty())
    throw InputError(fmt(tr("%s: the roster is empty; it needs a header line grid_id,worker_name,worker_phone,duties "
                            "(or 网格编码,网格员,联系电话,服务职责)"),
                         what.c_str()));
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;
  for (auto& [line, fields] : recs) {
    lines.push_back(line);
    rows.push_back(std::move(fields));
  }
  Roster r = rosterFromTable(rows, lines, what);
  r.encoding = encoding;
  return r;
}

Roster rosterFromTable(const std::vector<std::vector<std::string>>& rows, const std::vector<int>& lines,
                       const std::string& what, const std::string& line_word) {
  Roster r;
  r.path = what;
  r.line_word = line_word;
  // The heading row is the first (of the first ten) naming a grid column: sheets often carry a title row above.
  size_t head = 0;
  while (head < rows.size() && head < 10 && !namesGrid(rows[head])) ++head;
  if (head == rows.size() || head == 10) {
    throw InputError(fmt(tr("%1$s: no grid_id (网格编码), grid_name (网格名称) or community (社区编码, 社区名称) column in "
                            "the header line (%2$s); the roster needs columns grid_id,worker_name,worker_phone,duties (or "
                            "网格编码,网格员,联系电话,服务职责)"),
                         what.c_str(), rows.empty() ? tr("empty") : joined(rows[0]).c_str()));
  }
  int col[kRoles];
  std::fill(col, col + kRoles, -1);
  const auto& header = rows[head];
  for (size_t i = 0; i < header.size(); ++i) {
    int role = columnRole(header[i]);
    if (role >= 0 && col[role] < 0) col[role] = int(i);
  }
  if (col[WorkerName] < 0 && col[WorkerPhone] < 0 && col[Duties] < 0)
    throw InputError(fmt(tr("%1$s: the header (%2$s) has no worker_name (网格员), worker_phone (联系电话) or duties "
                            "(服务职责) column, so the roster fills nothing; add the columns to fill"),
                         lineOf(what, line_word, lines[head]).c_str(), joined(header).c_str()));
  for (size_t k = head + 1; k < rows.size(); ++k) {
    const auto& f = rows[k];
    auto get = [&](int role) { return col[role] >= 0 && size_t(col[role]) < f.size() ? trim(f[size_t(col[role])]) : std::string(); };
    RosterRow row;
    row.line = lines[k];
    row.grid_id = get(GridId);
    row.grid_name = get(GridName);
    row.community_id = get(CommunityId);
    row.community_name = get(CommunityName);
    row.worker_name = get(WorkerName);
    row.worker_phone = get(WorkerPhone);
    row.duties = get(Duties);
    bool blank = row.grid_id.empty() && row.grid_name.empty() && row.worker_name.empty() &&
                 row.worker_phone.empty() && row.duties.empty();
    if (!blank) r.rows.push_back(std::move(row));
  }
  return r;
}

Roster readRoster(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(fmt(tr("roster %s: cannot be read; give an existing .xlsx or .csv file to --roster"), path.c_str()));
  std::stringstream ss;
  ss << in.rdbuf();
  std::string bytes = ss.str();
  if (isXlsx(path, bytes)) return readXlsxRoster(path);
  return parseRoster(bytes, fmt(tr("roster %s"), path.c_str()));
}

bool isValidPhone(const std::string& phone) {
  std::string p;
  for (char c : phone)
    if (c != ' ') p += c;
  static const std::regex mobile(R"((\+?86-?)?1[3-9]\d{9})");
  static const std::regex landline(R"(0\d{2,3}-?\d{7,8}(-\d{1,6})?)");
  return std::regex_match(p, mobile) || std::regex_match(p, landline);
}

namespace {

// Places the roster's rows on the plan's grids: rows that name their grid first, then rows that name only
// their community; the state the two share.
struct RosterPlacer {
  const Roster& roster;
  std::vector<Grid>& grids;
  const std::vector<Community>& comms;
  ProblemList& problems;
  std::unordered_map<std::string, size_t> index;  // grid code → grid
  std::map<size_t, int> seen;                     // grid → the line that named it first
  std::vector<const RosterRow*> pool;             // rows naming only their community
  std::map<size_t, std::vector<size_t>> free;     // community → its grids still to fill, in code order
  std::map<size_t, size_t> next;
  std::map<size_t, std::vector<const RosterRow*>> spare;  // community → its rows left without a grid

  const Community* community(const Grid& g) const {
    return g.community >= 0 && size_t(g.community) < comms.size() ? &comms[size_t(g.community)] : nullptr;
  }
  // The grid a row names by its code, or by its name (and community); false, with the problem listed, when
  // the plan has no such grid or several.
  bool gridByCode(const RosterRow& row, const std::string& where, size_t& gi);
  bool gridByName(const RosterRow& row, const std::string& at, const std::string& where, size_t& gi);
  void placeNamed(const RosterRow& row);
  void placePooled(const RosterRow* row);
  void reportSpare() const;
};

bool RosterPlacer::gridByCode(const RosterRow& row, const std::string& where, size_t& gi) {
  static const std::regex mangled(R"(\d(\.\d+)?[eE]\+?\d+)");
  auto it = index.find(row.grid_id);
  if (it == index.end()) {
    std::string msg =
        std::regex_match(row.grid_id, mangled)
            ? fmt(tr("%1$s: grid %2$s is not in the plan (Excel turned the code into a number: format the grid_id "
                     "column as Text and type the codes again)"),
                  where.c_str(), row.grid_id.c_str())
            : fmt(tr("%1$s: grid %2$s is not in the plan; check the code against the plan's grids layer"),
                  where.c_str(), row.grid_id.c_str());
    problems.add("roster_unknown_grid", Severity::Error, "grid " + row.grid_id, msg);
    return false;
  }
  gi = it->second;
  return true;
}

bool RosterPlacer::gridByName(const RosterRow& row, const std::string& at, const std::string& where, size_t& gi) {
  std::vector<size_t> match;
  for (size_t i = 0; i < grids.size(); ++i) {
    const Community* c = community(grids[i]);
    if (grids[i].name != row.grid_name) continue;
    if (!row.community_id.empty() && (!c || c->community_id != row.community_id)) continue;
    if (!row.community_name.empty() && (!c || c->name != row.community_name)) continue;
    match.push_back(i);
  }
  // The grid's name, and its community where the row gives one.
  std::string named =
      row.community_id.empty() && row.community_name.empty()
          ? row.grid_name
          : fmt(tr("%1$s in community %2$s"), row.grid_name.c_str(),
                (row.community_id.empty() ? row.community_name : row.community_id).c_str());
  if (match.empty()) {
    problems.add("roster_unknown_grid", Severity::Error, "roster:" + at,
                 fmt(tr("%1$s: no grid named %2$s in the plan; check the name against the grids layer, or give its "
                        "code (网格编码, grid_id)"),
                     where.c_str(), named.c_str()));
    return false;
  }
  if (match.size() > 1) {
    std::string list;
    for (size_t i : match) {
      const Community* c = community(grids[i]);
      list += (list.empty() ? "" : tr(", ")) + grids[i].grid_id + " (" + (c ? c->name : std::string("?")) + ")";
    }
    problems.add("roster_ambiguous_grid", Severity::Error, "roster:" + at,
                 fmt(tr("%1$s: grid name %2$s matches %3$zu grids: %4$s; give the grid code (网格编码, grid_id) or "
                        "the community (社区编码, community_id) to say which"),
                     where.c_str(), named.c_str(), match.size(), list.c_str()));
    return false;
  }
  gi = match[0];
  return true;
}

void RosterPlacer::placeNamed(const RosterRow& row) {
  std::string at = roster.line_word + " " + std::to_string(row.line);  // the feature: a key
  std::string where = lineOf(roster.path, roster.line_word, row.line);
  size_t gi = 0;
  if (!row.grid_id.empty()) {
    if (!gridByCode(row, where, gi)) return;
  } else if (!row.grid_name.empty()) {
    if (!gridByName(row, at, where, gi)) return;
  } else if (!row.community_id.empty() || !row.community_name.empty()) {
    pool.push_back(&row);  // after every row that names its grid
    return;
  } else {
    problems.add("roster_bad_row", Severity::Error, "roster:" + at,
                 fmt(tr("%s: no grid_id, grid name or community; fill in the grid code (网格编码) or delete the row"),
                     where.c_str()));
    return;
  }
  Grid& g = grids[gi];
  auto [s, fresh] = seen.emplace(gi, row.line);
  if (!fresh) {
    problems.add("roster_duplicate_grid", Severity::Error, "grid " + g.grid_id,
                 fmt(roster.line_word == "row"
                         ? tr("%1$s: grid %2$s is already on row %3$d; this later row wins; keep one row per grid")
                         : tr("%1$s: grid %2$s is already on line %3$d; this later row wins; keep one row per grid"),
                     where.c_str(), g.grid_id.c_str(), s->second));
  }
  if (!row.worker_name.empty()) g.worker_name = row.worker_name;
  if (!row.worker_phone.empty()) g.worker_phone = row.worker_phone;
  if (!row.duties.empty()) g.duties = row.duties;
}

// A row naming only its community (a street office's list of the community's workers, before the grids
// exist) takes the next of the community's grids, in code order, that has no worker and no row of its own.
void RosterPlacer::placePooled(const RosterRow* row) {
  std::string at = roster.line_word + " " + std::to_string(row->line);
  std::string where = lineOf(roster.path, roster.line_word, row->line);
  size_t ci = comms.size();
  for (size_t c = 0; c < comms.size() && ci == comms.size(); ++c)
    if ((row->community_id.empty() || comms[c].community_id == row->community_id) &&
        (row->community_name.empty() || comms[c].name == row->community_name))
      ci = c;
  std::string named = row->community_id.empty() ? row->community_name : row->community_id;
  if (ci == comms.size()) {
    problems.add("roster_unknown_community", Severity::Error, "roster:" + at,
                 fmt(tr("%1$s: community %2$s is not in the plan; check it against the communities layer"),
                     where.c_str(), named.c_str()));
    return;
  }
  if (!free.count(ci)) {
    std::vector<size_t>& f = free[ci];
    for (size_t i = 0; i < grids.size(); ++i)
      if (grids[i].community == int(ci) && grids[i].worker_name.empty() && !seen.count(i)) f.push_back(i);
    std::sort(f.begin(), f.end(), [&](size_t a, size_t b) { return grids[a].grid_id < grids[b].grid_id; });
  }
  size_t& k = next[ci];
  if (k == free[ci].size()) {
    spare[ci].push_back(row);
    return;
  }
  Grid& g = grids[free[ci][k++]];
  if (!row->worker_name.empty()) g.worker_name = row->worker_name;
  if (!row->worker_phone.empty()) g.worker_phone = row->worker_phone;
  if (!row->duties.empty()) g.duties = row->duties;
}

// One note for the whole roster: listing more workers than the plan has grids is no mistake.
void RosterPlacer::reportSpare() const {
  if (!spare.empty()) {
    std::string parts;
    size_t total = 0;
    for (const auto& [ci, rows] : spare) {
      // Lines as ranges: "9-13, 20".
      std::string lines;
      for (size_t i = 0; i < rows.size();) {
        size_t j = i;
        while (j + 1 < rows.size() && rows[j + 1]->line == rows[j]->line + 1) ++j;
        lines += (lines.empty() ? "" : tr(", ")) + std::to_string(rows[i]->line);
        if (j > i) lines += "-" + std::to_string(rows[j]->line);
        i = j + 1;
      }
      const Community& c = comms[ci];
      const bool row = roster.line_word == "row";
      parts += (parts.empty() ? "" : tr("; ")) +
               fmt(row ? trn("%1$s %2$zu (row %3$s)", "%1$s %2$zu (rows %3$s)", rows.size())
                       : trn("%1$s %2$zu (line %3$s)", "%1$s %2$zu (lines %3$s)", rows.size()),
                   (c.name.empty() ? c.community_id : c.name).c_str(), rows.size(), lines.c_str());
      total += rows.size();
    }
    problems.add("roster_spare_worker", Severity::Info, "roster",
                 fmt(trn("%1$s: %2$zu worker has no grid left in their community (each of its grids has a worker): "
                         "%3$s; give a grid code (网格编码) to place them",
                         "%1$s: %2$zu workers have no grid left in their community (each of its grids has a worker): "
                         "%3$s; give a grid code (网格编码) to place them",
                         total),
                     roster.path.c_str(), total, parts.c_str()));
  }
}

}  // namespace

void applyRoster(const Roster& roster, Plan& plan, ProblemList& problems) {
  RosterPlacer p{roster, plan.grids, plan.in.communities, problems, {}, {}, {}, {}, {}, {}};
  for (size_t i = 0; i < p.grids.size(); ++i) p.index.emplace(p.grids[i].grid_id, i);
  for (const auto& row : roster.rows) p.placeNamed(row);
  for (const RosterRow* row : p.pool) p.placePooled(row);
  p.reportSpare();
}

void checkWorkers(const std::vector<Grid>& grids, const std::vector<int>& which, ProblemList& problems) {
  auto check = [&](const Grid& g) {
    std::string f = "grid " + g.grid_id;
    if (g.worker_name.empty() || g.worker_phone.empty()) {
      const char* msg =
          g.worker_name.empty() && g.worker_phone.empty()
              ? tr("grid %s has no worker name or phone; its sign prints blank lines to fill in by hand; add it to the "
                   "roster (--roster)")
          : g.worker_name.empty()
              ? tr("grid %s has no worker name; its sign prints blank lines to fill in by hand; add it to the roster "
                   "(--roster)")
              : tr("grid %s has no worker phone; its sign prints blank lines to fill in by hand; add it to the roster "
                   "(--roster)");
      problems.add("no_worker", Severity::Error, f, fmt(msg, g.grid_id.c_str()));
    }
    if (!g.worker_phone.empty() && !isValidPhone(g.worker_phone))
      problems.add("bad_phone", Severity::Error, f,
                   fmt(tr("grid %1$s: phone \"%2$s\" is neither a mobile number (11 digits, 1[3-9]…) nor a landline "
                          "with area code (0512-12345678)"),
                       g.grid_id.c_str(), g.worker_phone.c_str()));
  };
  if (which.empty())
    for (const auto& g : grids) check(g);
  else
    for (int i : which) check(grids[size_t(i)]);
}

}  // namespace gp::print
