#pragma once
// The map block of a sign: the grid, its buildings with names, unit boundaries with numbers,
// neighbouring grids in grey with their codes, roads and rivers with names, a north arrow and a
// scale bar with a round length.
#include <cairo.h>

#include <vector>

#include "geo/print/SignData.hpp"
#include "geo/print/SignTemplate.hpp"
#include "geo/print/Typesetter.hpp"

namespace gp::print {

// Draws `d` into `box` (page units). d.view must have the box's aspect (SignIndex::make does that).
void drawMap(cairo_t* cr, Typesetter& ts, const SignData& d, const SignTemplate& t, const Box& box);

// A round scale-bar length in metres (1, 2 or 5 × 10^k) not longer than `max_m`.
double roundScaleLength(double max_m);

// Points well inside a polygon for a label, best first: midpoints of the widest horizontal spans at a
// few heights. Empty for an empty polygon.
std::vector<XY> labelCandidates(const MultiPolygon& mp);

// The polygon clipped to an axis-aligned box (Sutherland–Hodgman on every ring; for labelling).
MultiPolygon clipToBox(const MultiPolygon& mp, const BBox& box);

}  // namespace gp::print
