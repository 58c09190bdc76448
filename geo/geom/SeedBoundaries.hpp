#pragma once
// The boundaries between seeds' Voronoi regions, from Boost.Polygon's Voronoi diagram of their sites.
// Internal to geo/geom (the tessellation's linework).
#include <cstdint>
#include <optional>
#include <vector>

#include "geo/core/Geometry.hpp"

namespace gp::geom {

struct SiteSegment {
  XY a, b;
};

// The sites of the seeds: points, or segments (a seed's outline), each with the index of its seed.
// Segments must not cross nor overlap; they may share end points.
struct SeedSites {
  std::vector<XY> points;
  std::vector<int32_t> point_seed;
  std::vector<SiteSegment> segments;
  std::vector<int32_t> segment_seed;
};

// The edges of the Voronoi diagram of the sites that lie between regions of different seeds, as polylines
// between junctions (parabolic arcs between a point and a segment drawn within tol / 4), simplified within
// tol, and limited to those near `box`. The sites are rounded to millimetres from a local origin (coarser
// beyond ~500 km; an error beyond ~50,000 km). Empty when the segments, so rounded, cross or overlap: the
// caller then passes points instead.
std::optional<std::vector<LineString>> seedBoundaries(const SeedSites& sites, const BBox& box, double tol);

// Douglas-Peucker on an open polyline within tol; end points are kept.
LineString simplifyLine(const std::vector<XY>& pts, double tol);

}  // namespace gp::geom
