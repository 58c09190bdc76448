#pragma once
// How the pipeline names things in reasons and problems, so a planner recognises them on the map.
#include <string>

#include "geo/core/Inputs.hpp"
#include "geo/plan/Plan.hpp"

namespace gp::pipeline {

// "building 3号楼 (bld 1234)", or "building bld 1234" when it has no name.
std::string buildingLabel(const Building& b);
// "community 320508019044 (桂花社区)", or "community 320508019044" when it has no name.
std::string communityLabel(const Community& c);
// "building 3号楼 (bld 1234), entrance 2, floors 1–7"; the whole building when the piece is.
std::string pieceLabel(const Inputs& in, const Piece& p);

}  // namespace gp::pipeline
