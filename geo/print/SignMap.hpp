#pragma once
// The map block of a sign: the grid, its buildings with names, unit boundaries with numbers,
// neighbouring grids in grey with their codes, roads and rivers with names, a north arrow and a
// scale bar with a round length.
#include <cairo.h>

#include <string>
#include <vector>

#include "geo/print/SignData.hpp"
#include "geo/print/SignTemplate.hpp"
#include "geo/print/Typesetter.hpp"

namespace gp::print {

// One label on the map in page units: its text plate, badge or panel, as drawn.
struct LabelBox {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  std::string text;
};

// What drawMap placed. Labels never overlap one another. Every building of the grid is named in place, or
// numbered on the map and listed by number in a key panel ("楼栋编号") when its name fits nowhere near it, or,
// where even a number finds no room or the key is full, counted in the key's last line ("另有 N 栋未标注"; the
// unit table under the map names every building where it has room).
struct MapLabels {
  std::vector<LabelBox> boxes;        // every label, badge and the key panel
  std::vector<std::string> named;     // buildings named in place
  std::vector<std::string> keyed;     // buildings numbered on the map and listed in the key
  std::vector<std::string> in_table;  // buildings only in the key's count (and the unit table)
};

// True when the two boxes share area (touching edges do not count).
bool overlap(const LabelBox& a, const LabelBox& b);

// Draws `d` into `box` (page units). d.view must have the box's aspect (SignIndex::make does that).
// `placed`, when given, receives the labels as placed.
void drawMap(cairo_t* cr, Typesetter& ts, const SignData& d, const SignTemplate& t, const Box& box,
             MapLabels* placed = nullptr);

// A round scale-bar length in metres (1, 2 or 5 × 10^k) not longer than `max_m`.
double roundScaleLength(double max_m);

// Points well inside a polygon for a label, best first: midpoints of the widest horizontal spans at a
// few heights. Empty for an empty polygon.
std::vector<XY> labelCandidates(const MultiPolygon& mp);

// The polygon clipped to an axis-aligned box (Sutherland–Hodgman on every ring; for labelling and drawing:
// where a concave ring leaves and re-enters the box it runs along the box's edge).
MultiPolygon clipToBox(const MultiPolygon& mp, const BBox& box);

// The runs of a line inside an axis-aligned box, in order.
std::vector<LineString> clipLine(const LineString& line, const BBox& box);

}  // namespace gp::print
