#pragma once
// Grid colours: every grid gets an index into one palette so that touching grids never look alike, on the map
// of the studio and in QGIS (the plan file's `grids.colour`, DESIGN §4, and its stored style). One source for
// both: the palette and the colouring live here.
#include <array>
#include <cstdint>
#include <vector>

#include "geo/plan/Plan.hpp"

namespace gp::plan {

struct Rgb {
  uint8_t r, g, b;
};

// Soft, distinct colours, none of which reads as an error (ColorBrewer Set3 without its red): the status of a
// grid is drawn over them, as an outline or hatch, never as the fill.
inline constexpr int kGridColours = 10;
const std::array<Rgb, kGridColours>& gridPalette();

// Colours a graph: `neighbours[g]` lists the grids touching g (each pair on both sides or on one, duplicates
// allowed). A grid keeps `preferred[g]` (a palette index, or -1 for none) where no touching grid has already
// kept it, so an edit or a re-plan does not repaint the whole city; the rest are coloured by DSatur (most
// distinct neighbour colours first), each with the least used colour its neighbours leave free. Touching grids
// always differ unless a grid touches kGridColours others that do (a map of grids never needs that many).
std::vector<int> colourGraph(const std::vector<std::vector<int>>& neighbours, const std::vector<int>& preferred);

// Grids that touch on the map: their outlines share boundary of positive length, or they hold pieces drawn on
// one cell (a building split by floors between grids, a building stacked on another's footprint).
std::vector<std::vector<int>> touchingGrids(const Plan& plan);

// The colour of every grid of the plan: Grid::colour where it is valid and no touching grid kept it first,
// else a new one (colourGraph over touchingGrids).
std::vector<int> gridColours(const Plan& plan);

}  // namespace gp::plan
