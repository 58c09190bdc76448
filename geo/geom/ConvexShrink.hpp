#pragma once
// A convex polygon shrunk by a distance, without GEOS. Internal to geo/geom (the tessellation's seeds).
#include "geo/core/Geometry.hpp"

namespace gp::geom {

// When mp is one convex polygon without holes whose every edge survives an inward offset by d (> 0), sets
// out to that offset (each vertex where its two edges' offset lines meet: what GEOS's negative mitred
// buffer gives a convex polygon) and returns true; otherwise (concave, holes, several parts, repeated
// vertices, too thin) returns false and leaves out alone.
bool shrinkConvex(const MultiPolygon& mp, double d, MultiPolygon& out);

// True when mp is one polygon without holes whose ring is closed, turns the same way at every vertex by a
// clear margin and goes round once: a simple convex polygon, valid without asking GEOS. False says nothing
// (concave, several parts, holes, repeated or collinear vertices, a star).
bool isSimpleConvex(const MultiPolygon& mp);

// For two simple convex polygons (isSimpleConvex): true when an edge direction of one of them separates
// them (their projections onto its normal meet at most at a point), so their interiors are disjoint up to
// rounding (an overlap, if any, thinner than the rounding of the projections). False says nothing.
bool separatedConvex(const MultiPolygon& a, const MultiPolygon& b);

}  // namespace gp::geom
