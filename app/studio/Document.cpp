#include "app/studio/Document.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "geo/core/AtomicFile.hpp"
#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
#include "geo/core/Secrets.hpp"
#include "geo/plan/Edits.hpp"

namespace fs = std::filesystem;

namespace gp::studio {

std::vector<std::string> splitWords(const std::string& line) {
  std::vector<std::string> out;
  size_t i = 0, n = line.size();
  while (i < n) {
    while (i < n && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    if (i >= n) break;
    std::string w;
    if (line[i] == '"') {
      ++i;
      while (i < n && line[i] != '"') {
        if (line[i] == '\\' && i + 1 < n) {
          ++i;
          w += line[i] == 'n' ? '\n' : line[i];
        } else {
          w += line[i];
        }
        ++i;
      }
      ++i;  // closing quote
    } else {
      while (i < n && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') w += line[i++];
    }
    out.push_back(w);
  }
  return out;
}

std::string quoteWord(const std::string& w) {
  if (!w.empty() && w.find_first_of(" \t\"\n\\") == std::string::npos) return w;
  std::string q = "\"";
  for (char c : w) {
    if (c == '"' || c == '\\') q += '\\', q += c;
    else if (c == '\n') q += "\\n";
    else q += c;
  }
  return q + "\"";
}

std::string Document::fileStamp() const {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) return "none";
  auto t = fs::last_write_time(path, ec);
  return "size=" + std::to_string(size) + " mtime=" + std::to_string(t.time_since_epoch().count());
}

void Document::adopt(Plan p, const std::string& p2) {
  plan = std::move(p);
  path = p2;
  history = plan::History{};
  open_ = true;
  recoveryLines_ = 0;
  std::string jp = journalPath();
  std::error_code ec;
  if (jp.empty() || !fs::exists(jp, ec)) return;
  std::ifstream f(jp);
  std::string header, line;
  std::getline(f, header);
  if (header != "# gridplan studio journal " + fileStamp()) {
    // Written against another version of the file: not applicable; keep it aside, never silently lost.
    std::string aside = moveAside(jp).string();
    std::fprintf(stderr, "%s\n",
                 fmt(tr("studio: the recovery journal %1$s belongs to an older version of the plan; kept as %2$s"),
                     jp.c_str(), aside.c_str())
                     .c_str());
    return;
  }
  while (std::getline(f, line))
    if (!line.empty() && line[0] != '#') ++recoveryLines_;
}

void Document::open(const std::string& p) {
  if (!services_.read) throw InputError(fmt(tr("cannot open %s: no plan reader in this build"), p.c_str()));
  adopt(services_.read(p), p);
}

void Document::save(const std::string& p) {
  std::string target = p.empty() ? path : p;
  if (target.empty()) throw InputError(tr("no file to save to: use Save as"));
  refuseDatabaseOutput("save", target, "plan.gpkg");  // else a local file named "PG:…", password and all
  if (!services_.write) throw InputError(fmt(tr("cannot save %s: no plan writer in this build"), target.c_str()));
  services_.write(plan, target);
  std::error_code ec;
  if (!path.empty()) fs::remove(journalPath(), ec);
  path = target;
  fs::remove(journalPath(), ec);
  history.markSaved();
  recoveryLines_ = 0;
}

plan::Touched Document::recover() {
  std::ifstream f(journalPath());
  std::string line;
  std::getline(f, line);  // header
  std::vector<std::string> lines;
  while (std::getline(f, line))
    if (!line.empty() && line[0] != '#') lines.push_back(line);
  plan::Touched all;
  replaying_ = true;
  try {
    for (const std::string& l : lines) all.merge(run(l));
  } catch (...) {
    replaying_ = false;
    throw;
  }
  replaying_ = false;
  recoveryLines_ = 0;
  all.structure = true;
  return all;
}

void Document::discardRecovery() {
  std::error_code ec;
  if (!journalPath().empty()) fs::remove(journalPath(), ec);
  recoveryLines_ = 0;
}

void Document::journal(const std::string& line) {
  if (replaying_ || path.empty()) return;
  std::string jp = journalPath();
  std::error_code ec;
  bool fresh = !fs::exists(jp, ec);
  // Opened and closed per edit: after a kill -9 every completed edit is in the file.
  std::ofstream f(jp, std::ios::app);
  if (!f) return;  // a read-only folder: editing still works, only recovery is lost
  if (fresh) f << "# gridplan studio journal " << fileStamp() << "\n";
  f << line << "\n";
}

plan::Touched Document::execute(std::unique_ptr<plan::Command> cmd, const std::string& line) {
  plan::Touched t = history.execute(plan, std::move(cmd));
  journal(line);
  return t;
}

plan::Touched Document::undo() {
  plan::Touched t;
  if (history.undo(plan, &t)) journal("undo");
  return t;
}

plan::Touched Document::redo() {
  plan::Touched t;
  if (history.redo(plan, &t)) journal("redo");
  return t;
}

namespace {

int needGrid(const Plan& p, const std::string& id) {
  int g = plan::findGrid(p, id);
  if (g < 0) throw InputError(fmt(tr("unknown grid '%s'"), id.c_str()));
  return g;
}
int needUnit(const Plan& p, const std::string& id) {
  int u = plan::findUnit(p, id);
  if (u < 0) throw InputError(fmt(tr("unknown unit '%s'"), id.c_str()));
  return u;
}
int needPiece(const Plan& p, const std::string& id) {
  int i = plan::findPiece(p, id);
  if (i < 0) throw InputError(fmt(tr("unknown piece '%s'"), id.c_str()));
  return i;
}
void arity(const std::vector<std::string>& w, size_t n, const char* usage) {
  if (w.size() < n) throw InputError(fmt(tr("missing argument: %s"), usage));
}

}  // namespace

plan::Touched Document::run(const std::string& line, bool* handled) {
  using namespace plan;
  if (handled) *handled = true;
  auto w = splitWords(line);
  if (w.empty()) return {};
  const std::string& c = w[0];
  if (c == "undo") {
    if (!history.canUndo()) throw InputError(tr("nothing to undo"));
    return undo();
  }
  if (c == "redo") {
    if (!history.canRedo()) throw InputError(tr("nothing to redo"));
    return redo();
  }
  if (c == "save") {
    save(w.size() > 1 ? w[1] : "");
    return {};
  }
  if (c == "assign") {
    arity(w, 3, "assign BLD_ID GRID_ID");
    int b = findBuilding(plan, w[1]);
    if (b < 0) throw InputError(fmt(tr("unknown building '%s'"), w[1].c_str()));
    int g = needGrid(plan, w[2]);
    return execute(std::make_unique<AssignPieces>(piecesOfBuilding(plan, b), g), line);
  }
  if (c == "assign-unit") {
    arity(w, 3, "assign-unit PIECE_ID UNIT_ID");
    int i = needPiece(plan, w[1]);
    int u = needUnit(plan, w[2]);
    return execute(std::make_unique<AssignUnit>(std::vector<int>{i}, u), line);
  }
  if (c == "assign-pieces") {
    arity(w, 4, "assign-pieces GRID_ID UNIT_ID|- PIECE_ID...");
    int g = needGrid(plan, w[1]);
    int u = w[2] == "-" ? -1 : needUnit(plan, w[2]);
    std::vector<int> ps;
    for (size_t k = 3; k < w.size(); ++k) ps.push_back(needPiece(plan, w[k]));
    return execute(std::make_unique<AssignPieces>(ps, u >= 0 ? -1 : g, u), line);
  }
  if (c == "merge") {
    arity(w, 3, "merge GRID_A GRID_B");
    int a = needGrid(plan, w[1]);
    int b = needGrid(plan, w[2]);
    return execute(std::make_unique<MergeGrids>(a, b), line);
  }
  if (c == "split") {
    arity(w, 2, "split GRID");
    return execute(std::make_unique<SplitGrid>(needGrid(plan, w[1])), line);
  }
  if (c == "new-grid") {
    arity(w, 2, "new-grid PIECE_ID...");
    std::vector<int> ps;
    for (size_t k = 1; k < w.size(); ++k) ps.push_back(needPiece(plan, w[k]));
    return execute(std::make_unique<NewGridFromSelection>(ps), line);
  }
  if (c == "lock" || c == "unlock") {
    arity(w, 2, "lock GRID");
    return execute(std::make_unique<SetLocked>(needGrid(plan, w[1]), c == "lock"), line);
  }
  if (c == "set") {
    arity(w, 4, "set GRID FIELD VALUE");
    int g = needGrid(plan, w[1]);
    SetGridField::Field f;
    if (!SetGridField::parseField(w[2], f))
      throw InputError(fmt(tr("unknown field '%s': use name, worker_name, worker_phone or duties"), w[2].c_str()));
    std::string value = w[3];
    for (size_t k = 4; k < w.size(); ++k) value += " " + w[k];
    return execute(std::make_unique<SetGridField>(g, f, value), line);
  }
  if (c == "repartition" || c == "repartition-units") {
    arity(w, 2, c == "repartition" ? "repartition COMMUNITY_ID" : "repartition-units GRID_ID");
    Plan after = plan;
    std::string what;
    if (c == "repartition") {
      int com = findCommunity(plan, w[1]);
      if (com < 0) throw InputError(fmt(tr("unknown community '%s'"), w[1].c_str()));
      if (!services_.repartitionCommunity) throw InputError(tr("re-partition is not available in this build"));
      services_.repartitionCommunity(after, com, {}, nullptr);
      what = fmt(tr("Re-partition community %s"), w[1].c_str());
    } else {
      int g = needGrid(plan, w[1]);
      if (!services_.repartitionUnits) throw InputError(tr("re-partition is not available in this build"));
      services_.repartitionUnits(after, g, {}, nullptr);
      what = fmt(tr("Re-partition units of grid %s"), w[1].c_str());
    }
    return execute(std::make_unique<Repartition>(plan, after, what), line);
  }
  if (handled) *handled = false;
  return {};
}

}  // namespace gp::studio
