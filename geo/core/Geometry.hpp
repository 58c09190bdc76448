#pragma once
// Plain planar geometry shared by every part of gridplan. No GDAL, GEOS or UI types here, so the
// partitioner, the printer and the studio can all read it; geo/geom converts to and from GEOS.
// Coordinates are in the plan's metric CRS (metres) once loaded.
#include <limits>
#include <vector>

namespace gp {

struct XY {
  double x = 0, y = 0;
};

// A closed ring: the last point repeats the first, as in WKT and GEOS.
using Ring = std::vector<XY>;

// rings[0] is the shell, the rest are holes.
struct Polygon {
  std::vector<Ring> rings;
};

using MultiPolygon = std::vector<Polygon>;
using LineString = std::vector<XY>;

struct BBox {
  double minx = std::numeric_limits<double>::infinity();
  double miny = std::numeric_limits<double>::infinity();
  double maxx = -std::numeric_limits<double>::infinity();
  double maxy = -std::numeric_limits<double>::infinity();

  bool empty() const { return minx > maxx; }
  void add(XY p) {
    if (p.x < minx) minx = p.x;
    if (p.y < miny) miny = p.y;
    if (p.x > maxx) maxx = p.x;
    if (p.y > maxy) maxy = p.y;
  }
  void add(const BBox& b) {
    if (b.empty()) return;
    add(XY{b.minx, b.miny});
    add(XY{b.maxx, b.maxy});
  }
  double width() const { return empty() ? 0 : maxx - minx; }
  double height() const { return empty() ? 0 : maxy - miny; }
  XY center() const { return {(minx + maxx) / 2, (miny + maxy) / 2}; }
};

BBox bbox(const Ring& r);  // also a LineString: both are std::vector<XY>
BBox bbox(const Polygon& p);
BBox bbox(const MultiPolygon& mp);

// Signed shoelace area of a ring (positive when counter-clockwise).
double signedArea(const Ring& r);
// Area of shells minus holes.
double area(const Polygon& p);
double area(const MultiPolygon& mp);
double perimeter(const MultiPolygon& mp);
// Area-weighted centroid; the bbox centre for degenerate input.
XY centroid(const MultiPolygon& mp);
// Polsby-Popper compactness 4*pi*A/P^2, in [0,1]; 0 for empty input.
double polsbyPopper(const MultiPolygon& mp);

}  // namespace gp
