#include "geo/pipeline/Names.hpp"

namespace gp::pipeline {

std::string buildingLabel(const Building& b) {
  if (b.name.empty() || b.name == b.bld_id) return "building bld " + b.bld_id;
  return "building " + b.name + " (bld " + b.bld_id + ")";
}

std::string communityLabel(const Community& c) {
  if (c.name.empty() || c.name == c.community_id) return "community " + c.community_id;
  return "community " + c.community_id + " (" + c.name + ")";
}

std::string pieceLabel(const Inputs& in, const Piece& p) {
  std::string s = p.building >= 0 && p.building < static_cast<int>(in.buildings.size())
                      ? buildingLabel(in.buildings[p.building])
                      : "piece " + p.piece_id;
  if (p.entrance > 0) s += ", entrance " + std::to_string(p.entrance);
  if (p.floor_from > 0) {
    if (p.floor_to > p.floor_from)
      s += ", floors " + std::to_string(p.floor_from) + "–" + std::to_string(p.floor_to);
    else
      s += ", floor " + std::to_string(p.floor_from);
  }
  return s;
}

}  // namespace gp::pipeline
