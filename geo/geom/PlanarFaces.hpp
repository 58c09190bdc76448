#pragma once
// The faces of a noded planar graph on a grid (what GEOS's polygonizer does, on exact integer coordinates).
// Internal to geo/geom (the tessellation's faces).
#include <vector>

#include "geo/core/Geometry.hpp"
#include "geo/geom/SnapRound.hpp"

namespace gp::geom {

struct PlanarFace {
  MultiPolygon shape;  // grid coordinates / scale; shells counter-clockwise, holes clockwise
  XY inner;            // a point strictly inside the face
  double area = 0;
};

// The bounded faces of the graph of `edges` (noded: they meet only at end points; duplicates and
// zero-length edges are ignored). Dangling edges and edges with one face on both sides bound no face and
// are dropped; a face whose boundary touches itself at a node is split there into parts or holes; a
// separate piece of the graph lying inside a face makes a hole in it (its outer boundary).
std::vector<PlanarFace> planarFaces(const std::vector<GridEdge>& edges, double scale);

}  // namespace gp::geom
