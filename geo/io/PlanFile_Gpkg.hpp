#pragma once
// The fast path under the plan writer: rows go into the GeoPackage that GDAL created through prepared SQLite
// statements, geometry is encoded once straight from gridplan's plain geometry into GeoPackage blobs, and
// each layer's R-tree is bulk-loaded after its rows. GDAL 3.6 (Debian 12) inserts R-tree entries one by one
// at close (about 10 µs each, most of a 1M-household write); GDAL 3.7 bulk-loads them itself, in the same
// way as here.
#include <sqlite3.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "geo/core/Geometry.hpp"

namespace gp::io::gpkg {

// A prepared statement, finalized on destruction.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  sqlite3_stmt* get() const { return stmt_; }
  // Runs it once (binds stay as set), then resets it for the next row. Throws std::runtime_error on failure.
  void step();
  // The first column of the first row, as text ("" when there is no row or it is NULL).
  std::string text();

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// Runs one or more statements; throws std::runtime_error with SQLite's message on failure.
void exec(sqlite3* db, const std::string& sql);
// A name quoted for SQL ("a""b").
std::string quoted(std::string_view name);

struct Envelope {
  double minx = std::numeric_limits<double>::infinity(), maxx = -std::numeric_limits<double>::infinity();
  double miny = std::numeric_limits<double>::infinity(), maxy = -std::numeric_limits<double>::infinity();
  bool empty() const { return minx > maxx; }
  void add(double x, double y);
  void add(const Envelope& e);
};

// GeoPackage geometry blobs as GDAL writes them: little-endian header and ISO WKB; polygons and lines carry
// their envelope, points none (GeoPackage spec §2.1.3). Each returns the geometry's envelope (empty for an
// empty geometry). Rings of fewer than 3 points are left out and open rings are closed, as OGR does.
Envelope multiPolygonBlob(std::string& out, int srsId, const MultiPolygon& mp);
Envelope lineStringBlob(std::string& out, int srsId, const LineString& line);
Envelope pointBlob(std::string& out, int srsId, XY at);

struct RtreeEntry {
  int64_t id;
  Envelope box;
};

// Fills the empty SQLite R-tree `rtree` (a virtual table created by GDAL, its shadow tables rtree_node,
// rtree_parent and rtree_rowid) with `entries`, packed bottom-up in Sort-Tile-Recursive order. The entries'
// boxes are rounded outwards to 32-bit floats exactly as SQLite's rtree module rounds them on insert.
void bulkLoadRtree(sqlite3* db, const std::string& rtree, std::vector<RtreeEntry> entries);

}  // namespace gp::io::gpkg
