#pragma once
// Internal to geo/print: the map of a sign in parts.
//   SignMap.cpp         drawMap: the layers (grid, neighbours, water, roads, communities, buildings, units),
//                       the labels in their order, the north arrow and the scale bar
//   SignMap_Page.cpp    world to page: outlines simplified within the print resolution, paths, clipping
//   SignMap_Labels.cpp  labels that never overlap: unit badges, building names, numbers and their key,
//                       neighbouring grid codes, road and river names
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "geo/print/SignMap.hpp"
#include "geo/print/SignData.hpp"
#include "geo/print/SignTemplate.hpp"
#include "geo/print/Typesetter.hpp"

namespace gp::print::signmap {

struct View {
  Box box;
  BBox world;
  double s = 1;      // page units per metre
  double tol = 0.1;  // page units (a fifth of a pixel at 150 dpi): outlines are drawn simplified within it
  double px(double x) const { return box.x + (x - world.minx) * s; }
  double py(double y) const { return box.y + (world.maxy - y) * s; }
};

struct Rect {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  double overlap(const Rect& o) const {
    double w = std::min(x1, o.x1) - std::max(x0, o.x0), h = std::min(y1, o.y1) - std::max(y0, o.y0);
    return w > 0 && h > 0 ? w * h : 0;
  }
};
// The labels placed so far, by cells of the map frame: a grid of hundreds of buildings tries thousands of
// spots against hundreds of labels, which a list made quadratic.
class Placed {
 public:
  explicit Placed(const Box& frame) : frame_(frame) {
    nx_ = std::max(1, int(frame.w / kCell) + 1), ny_ = std::max(1, int(frame.h / kCell) + 1);
    cells_.resize(size_t(nx_) * size_t(ny_));
  }
  void add(const Rect& r) {
    rects_.push_back(r);
    int x0, x1, y0, y1;
    span(r, x0, x1, y0, y1);
    for (int y = y0; y <= y1; ++y)
      for (int x = x0; x <= x1; ++x) cells_[size_t(y) * size_t(nx_) + size_t(x)].push_back(int(rects_.size()) - 1);
  }
  bool hits(const Rect& r) const {
    int x0, x1, y0, y1;
    span(r, x0, x1, y0, y1);
    for (int y = y0; y <= y1; ++y)
      for (int x = x0; x <= x1; ++x)
        for (int i : cells_[size_t(y) * size_t(nx_) + size_t(x)])
          if (rects_[size_t(i)].overlap(r) > 0) return true;
    return false;
  }

 private:
  static constexpr double kCell = 40;  // page units
  void span(const Rect& r, int& x0, int& x1, int& y0, int& y1) const {
    x0 = std::clamp(int(std::floor((r.x0 - frame_.x) / kCell)), 0, nx_ - 1);
    x1 = std::clamp(int(std::floor((r.x1 - frame_.x) / kCell)), 0, nx_ - 1);
    y0 = std::clamp(int(std::floor((r.y0 - frame_.y) / kCell)), 0, ny_ - 1);
    y1 = std::clamp(int(std::floor((r.y1 - frame_.y) / kCell)), 0, ny_ - 1);
  }
  Box frame_;
  int nx_ = 1, ny_ = 1;
  std::vector<std::vector<int>> cells_;
  std::vector<Rect> rects_;
};

// The points of a ring or line on the page, simplified within `tol` page units (SignMap_Page.cpp).
void pagePoints(const View& v, const std::vector<XY>& in, std::vector<XY>& out);
void pathRing(cairo_t* cr, const View& v, const Ring& r);
void pathPolys(cairo_t* cr, const View& v, const MultiPolygon& mp);
void pathLine(cairo_t* cr, const View& v, const LineString& l);
// Liang–Barsky: clips segment a–b to the box; false when nothing is left.
bool clipSegment(XY& a, XY& b, const BBox& box);

// Places and draws a sign's map labels so that none lies over another (SignMap_Labels.cpp); drawMap calls
// its steps in order. The members are the state the steps share.
struct MapLabeler {
    struct Named {
      const MapBuilding* b;
      double area;
      Rect page;             // footprint's box on the page
      std::vector<XY> cands; // inside the footprint
      double hw, hh;         // half size of the name plate
    };
    struct Pass {
      Placed placed;
      std::vector<XY> badge;          // per unit
      std::vector<XY> name_at;        // per own building; NaN when not named in place
      std::vector<size_t> unfit;      // own buildings without a name in place
    };
    struct Key {
      Rect rect;
      int cols = 0, rows = 0;
      size_t capacity() const { return size_t(cols) * size_t(rows); }
    };

  MapLabeler(cairo_t* cr, Typesetter& ts, const SignData& d, const SignTemplate& t, const View& v, MapLabels* out);
  // Unit badges and building names, with and without a key panel for the names that do not fit.
  void placeBadgesAndNames();
  // Numbers near the buildings in the key, in the order of their names.
  void placeNumbers();
  void drawBadgesAndNames();
  void drawNumbers();
  void drawKey();
  // The north arrow and the scale bar among the labels placed (MapLabels::boxes).
  void recordArrowAndScale();
  // Neighbouring grid codes, grey, where they fit.
  void labelNeighbours();
  // Road and river names along their longest visible segment, once per name.
  void labelRoads();

  bool inFrame(const Rect& rr) const;
  bool isFree(const Placed& pl, const Rect& rr) const { return inFrame(rr) && !pl.hits(rr); }
  static Rect around(XY c, double hw, double hh) { return Rect{c.x - hw, c.y - hh, c.x + hw, c.y + hh}; }
  std::vector<XY> toPage(const std::vector<XY>& w) const;
    // Spots for a plate of half size hw×hh: the given points inside the footprint, then just outside its
    // four sides, then its four corners.
  void spots(const Named& n, double hw, double hh, std::vector<XY>& spots_out) const;
  Pass runPass(const Rect* key_rect);
    // The key panel for n buildings: columns of "number  name", at most 70% of the map high and 30% wide, and
    // a line at the foot for the buildings it has no room for ("另有 N 栋未标注"; the unit table names them
    // where it has room).
  bool keyFor(size_t n, Key& k);
  // Shifts a label's rectangle (and its centre) to lie inside the map frame.
  void keepInside(Rect& rr, double& x, double& y) const;

  cairo_t* cr;
  Typesetter& ts;
  const SignData& d;
  const SignTemplate& t;
  const View v;
  const Box box;
  MapLabels* out;
  // The north arrow and the scale bar: labels keep clear of them.
  const double arrow_cx, arrow_top, arrow_size = 48;
  const Rect arrow_rect, scale_rect;
  const double fm = 4;  // labels keep this far inside the frame
  const double r = 11, badge_half = r + 1;  // unit badges
  std::vector<std::vector<XY>> unit_cands;  // per unit, best first
  TextStyle bst, numst;  // building names, their numbers
  const double name_halo = 2.2, num_halo = 1.6;
  std::vector<Named> own;  // this grid's buildings with a name, largest footprint first
  TextStyle kst, ktitle;   // the key panel
  const std::string key_title = "楼栋编号";
  const std::string key_more = "另有 000 栋未标注";
  double key_name_w = 0, key_line = 0;
  const double key_pad = 5;
  double key_num_w = 0, key_title_h = 0, key_col_w = 0;
  Pass pass{Placed(Box{}), {}, {}, {}};
  Key key;
  bool has_key = false;
  Placed placed{Box{}};
  std::vector<size_t> keyed;         // own buildings in the key, in the order of their names
  std::vector<std::string> key_num;  // per keyed; empty: not on the map (too crowded, or the key is full)
  std::vector<XY> num_at;            // per keyed
  BBox inner;                        // the view less a margin, for neighbour codes and road names
};

}  // namespace gp::print::signmap
