#include "geo/io/PlanFile_Gpkg.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "geo/core/I18n.hpp"

namespace gp::io::gpkg {

static_assert(std::endian::native == std::endian::little, "GeoPackage blobs are written in the machine's byte order");

Statement::Statement(sqlite3* db, const std::string& sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK)
    throw std::runtime_error(fmt(tr("SQLite says “%1$s” to `%2$s`"), sqlite3_errmsg(db), sql.c_str()));
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::step() {
  int rc = sqlite3_step(stmt_);
  sqlite3_reset(stmt_);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) throw std::runtime_error(fmt(tr("SQLite says “%s”"), sqlite3_errmsg(db_)));
}

std::string Statement::text() {
  std::string out;
  if (sqlite3_step(stmt_) == SQLITE_ROW)
    if (const unsigned char* t = sqlite3_column_text(stmt_, 0)) out = reinterpret_cast<const char*>(t);
  sqlite3_reset(stmt_);
  return out;
}

void exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "?";
    sqlite3_free(err);
    throw std::runtime_error(fmt(tr("SQLite says “%1$s” to `%2$s`"), msg.c_str(), sql.c_str()));
  }
}

std::string quoted(std::string_view name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void Envelope::add(double x, double y) {
  minx = std::min(minx, x), maxx = std::max(maxx, x);
  miny = std::min(miny, y), maxy = std::max(maxy, y);
}

void Envelope::add(const Envelope& e) {
  if (e.empty()) return;
  add(e.minx, e.miny);
  add(e.maxx, e.maxy);
}

namespace {

template <class T>
void put(std::string& out, T v) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  out.append(b, sizeof(T));
}

// "GP", version 0, flags (bit 0 little-endian, bits 1-3 envelope kind, bit 4 empty), srs_id, envelope.
void header(std::string& out, int srsId, const Envelope* env, bool empty) {
  out += "GP";
  out += '\0';
  out += static_cast<char>(1 | (env ? 1 << 1 : 0) | (empty ? 1 << 4 : 0));
  put<int32_t>(out, srsId);
  if (env) {
    put(out, env->minx), put(out, env->maxx);
    put(out, env->miny), put(out, env->maxy);
  }
}

void wkbHead(std::string& out, uint32_t type) {
  out += '\1';  // little-endian
  put(out, type);
}

bool usable(const Ring& r) { return r.size() >= 3; }
bool closed(const Ring& r) { return r.front().x == r.back().x && r.front().y == r.back().y; }

}  // namespace

Envelope multiPolygonBlob(std::string& out, int srsId, const MultiPolygon& mp) {
  Envelope env;
  for (const Polygon& p : mp)
    for (const Ring& r : p.rings)
      if (usable(r))
        for (const XY& q : r) env.add(q.x, q.y);
  header(out, srsId, env.empty() ? nullptr : &env, env.empty());
  wkbHead(out, 6);
  put<uint32_t>(out, static_cast<uint32_t>(mp.size()));
  for (const Polygon& p : mp) {
    wkbHead(out, 3);
    put<uint32_t>(out, static_cast<uint32_t>(std::count_if(p.rings.begin(), p.rings.end(), usable)));
    for (const Ring& r : p.rings) {
      if (!usable(r)) continue;
      bool close = !closed(r);
      put<uint32_t>(out, static_cast<uint32_t>(r.size() + (close ? 1 : 0)));
      for (const XY& q : r) put(out, q.x), put(out, q.y);
      if (close) put(out, r.front().x), put(out, r.front().y);
    }
  }
  return env;
}

Envelope lineStringBlob(std::string& out, int srsId, const LineString& line) {
  Envelope env;
  for (const XY& q : line) env.add(q.x, q.y);
  header(out, srsId, env.empty() ? nullptr : &env, env.empty());
  wkbHead(out, 2);
  put<uint32_t>(out, static_cast<uint32_t>(line.size()));
  for (const XY& q : line) put(out, q.x), put(out, q.y);
  return env;
}

Envelope pointBlob(std::string& out, int srsId, XY at) {
  Envelope env;
  env.add(at.x, at.y);
  header(out, srsId, nullptr, false);
  wkbHead(out, 1);
  put(out, at.x), put(out, at.y);
  return env;
}

// ---------------------------------------------------------------------------------------------------------
// R-tree bulk load. SQLite's rtree module (ext/rtree/rtree.c) keeps each node as one blob in <name>_node:
// a 2-byte depth (meaningful in the root, node 1), a 2-byte cell count, then cells of an 8-byte id (a rowid
// in a leaf, a child node number above) and the box as 4-byte floats, all big-endian; <name>_parent maps each
// non-root node to its parent and <name>_rowid each rowid to its leaf.

namespace {

struct Box {
  float minx, maxx, miny, maxy;
  double cx() const { return (static_cast<double>(minx) + maxx) / 2; }
  double cy() const { return (static_cast<double>(miny) + maxy) / 2; }
};

struct Cell {
  int64_t id;
  Box box;
};

// SQLite's rtreeValueDown / rtreeValueUp: the nearest float below (above) the value.
constexpr double kTowards = 1.0 - 1.0 / 8388608.0, kAway = 1.0 + 1.0 / 8388608.0;
float down(double d) {
  float f = static_cast<float>(d);
  if (f > d) f = static_cast<float>(d * (d < 0 ? kAway : kTowards));
  return f;
}
float up(double d) {
  float f = static_cast<float>(d);
  if (f < d) f = static_cast<float>(d * (d < 0 ? kTowards : kAway));
  return f;
}

void putBig(unsigned char* p, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i, v >>= 8) p[i] = static_cast<unsigned char>(v & 0xff);
}

// Sort-Tile-Recursive order: vertical slices by x, each sorted by y, so consecutive cells lie close together.
void strOrder(std::vector<Cell>& cells, size_t perNode) {
  size_t nodes = (cells.size() + perNode - 1) / perNode;
  size_t slices = static_cast<size_t>(std::ceil(std::sqrt(static_cast<double>(nodes))));
  size_t perSlice = perNode * ((nodes + slices - 1) / slices);
  std::sort(cells.begin(), cells.end(), [](const Cell& a, const Cell& b) { return a.box.cx() < b.box.cx(); });
  for (size_t s = 0; s < cells.size(); s += perSlice)
    std::sort(cells.begin() + static_cast<std::ptrdiff_t>(s),
              cells.begin() + static_cast<std::ptrdiff_t>(std::min(cells.size(), s + perSlice)),
              [](const Cell& a, const Cell& b) { return a.box.cy() < b.box.cy(); });
}

// One level of nodes over `cells`, as even in size as possible (so none is left nearly empty).
std::vector<std::vector<Cell>> pack(std::vector<Cell> cells, size_t perNode) {
  strOrder(cells, perNode);
  size_t k = (cells.size() + perNode - 1) / perNode;
  std::vector<std::vector<Cell>> nodes(k);
  for (size_t j = 0; j < k; ++j)
    nodes[j].assign(cells.begin() + static_cast<std::ptrdiff_t>(j * cells.size() / k),
                    cells.begin() + static_cast<std::ptrdiff_t>((j + 1) * cells.size() / k));
  return nodes;
}

Box bounds(const std::vector<Cell>& node) {
  Box b = node.front().box;
  for (const Cell& c : node)
    b = {std::min(b.minx, c.box.minx), std::max(b.maxx, c.box.maxx), std::min(b.miny, c.box.miny),
         std::max(b.maxy, c.box.maxy)};
  return b;
}

}  // namespace

void bulkLoadRtree(sqlite3* db, const std::string& rtree, std::vector<RtreeEntry> entries) {
  if (entries.empty()) return;
  Statement size(db, "SELECT length(data) FROM " + quoted(rtree + "_node") + " WHERE nodeno = 1");
  const size_t nodeSize = static_cast<size_t>(std::stoul("0" + size.text()));
  const size_t perNode = nodeSize >= 4 ? (nodeSize - 4) / 24 : 0;
  if (perNode < 2) throw std::runtime_error(fmt(tr("the spatial index %s has no usable root node"), rtree.c_str()));

  // levels[0] are the leaves; each level above holds one cell per node of the level below (its index there).
  std::vector<Cell> cells;
  cells.reserve(entries.size());
  for (const RtreeEntry& e : entries)
    cells.push_back({e.id, {down(e.box.minx), up(e.box.maxx), down(e.box.miny), up(e.box.maxy)}});
  std::vector<std::vector<std::vector<Cell>>> levels;
  for (;;) {
    levels.push_back(pack(std::move(cells), perNode));
    if (levels.back().size() == 1) break;
    cells.clear();
    for (size_t j = 0; j < levels.back().size(); ++j) cells.push_back({static_cast<int64_t>(j), bounds(levels.back()[j])});
  }

  // Node numbers top-down from the root (1).
  std::vector<int64_t> first(levels.size());
  int64_t next = 1;
  for (size_t l = levels.size(); l-- > 0;) first[l] = next, next += static_cast<int64_t>(levels[l].size());

  Statement node(db, "INSERT OR REPLACE INTO " + quoted(rtree + "_node") + " (nodeno, data) VALUES (?, ?)");
  Statement parent(db, "INSERT INTO " + quoted(rtree + "_parent") + " (nodeno, parentnode) VALUES (?, ?)");
  Statement rowid(db, "INSERT INTO " + quoted(rtree + "_rowid") + " (rowid, nodeno) VALUES (?, ?)");
  std::vector<unsigned char> blob(nodeSize);
  for (size_t l = 0; l < levels.size(); ++l)
    for (size_t j = 0; j < levels[l].size(); ++j) {
      const int64_t number = first[l] + static_cast<int64_t>(j);
      const std::vector<Cell>& n = levels[l][j];
      std::fill(blob.begin(), blob.end(), 0);
      if (number == 1) putBig(&blob[0], levels.size() - 1, 2);
      putBig(&blob[2], n.size(), 2);
      for (size_t c = 0; c < n.size(); ++c) {
        unsigned char* p = &blob[4 + 24 * c];
        const int64_t id = l == 0 ? n[c].id : first[l - 1] + n[c].id;
        putBig(p, static_cast<uint64_t>(id), 8);
        const float v[4] = {n[c].box.minx, n[c].box.maxx, n[c].box.miny, n[c].box.maxy};
        for (int k = 0; k < 4; ++k) putBig(p + 8 + 4 * k, std::bit_cast<uint32_t>(v[k]), 4);
        sqlite3_stmt* s = (l == 0 ? rowid : parent).get();
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, number);
        (l == 0 ? rowid : parent).step();
      }
      sqlite3_bind_int64(node.get(), 1, number);
      sqlite3_bind_blob(node.get(), 2, blob.data(), static_cast<int>(blob.size()), SQLITE_STATIC);
      node.step();
    }
}

}  // namespace gp::io::gpkg
