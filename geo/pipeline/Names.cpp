#include "geo/pipeline/Names.hpp"

#include "geo/core/I18n.hpp"

namespace gp::pipeline {

std::string buildingLabel(const Building& b) {
  if (b.name.empty() || b.name == b.bld_id) return fmt(tr("building bld %s"), b.bld_id.c_str());
  return fmt(tr("building %1$s (bld %2$s)"), b.name.c_str(), b.bld_id.c_str());
}

std::string communityLabel(const Community& c) {
  if (c.name.empty() || c.name == c.community_id) return fmt(tr("community %s"), c.community_id.c_str());
  return fmt(tr("community %1$s (%2$s)"), c.community_id.c_str(), c.name.c_str());
}

std::string pieceLabel(const Inputs& in, const Piece& p) {
  std::string s = p.building >= 0 && p.building < static_cast<int>(in.buildings.size())
                      ? buildingLabel(in.buildings[p.building])
                      : fmt(tr("piece %s"), p.piece_id.c_str());
  if (p.entrance > 0) s += fmt(tr(", entrance %d"), p.entrance);
  if (p.floor_from > 0) {
    if (p.floor_to > p.floor_from)
      s += fmt(tr(", floors %1$d–%2$d"), p.floor_from, p.floor_to);
    else
      s += fmt(tr(", floor %d"), p.floor_from);
  }
  return s;
}

}  // namespace gp::pipeline
