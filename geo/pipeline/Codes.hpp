#pragma once
// Grid and unit codes (DESIGN §1): the community's code + a 3-digit sequence for grids, the grid's code
// + a 2-digit sequence for units, numbered west→east, north→south.
#include <set>
#include <string>
#include <vector>

#include "geo/core/Geometry.hpp"

namespace gp::pipeline {

// The reading order of points: rows from north to south, west to east within a row. Rows are bands of
// height `band` counted down from `top`, so points whose y differ by less than a band's jitter still
// read left to right (a plain sort by y would zig-zag). Ties keep input order. Returns indices.
std::vector<int> readingOrder(const std::vector<XY>& at, double top, double band);

// The band height for n shapes spread over `area` m²: the side of a typical shape's square.
double readingBand(double area, int n);

// "<prefix><seq>" zero-padded to `digits`.
std::string makeCode(const std::string& prefix, int seq, int digits);

// The next sequence number after `from` (exclusive) whose code is in neither `used` set; advances `from`.
std::string nextFreeCode(const std::string& prefix, int digits, int& from, const std::set<std::string>& used);

}  // namespace gp::pipeline
