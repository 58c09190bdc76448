// Reading the compounds (小区) layer, or compounds around the buildings that name one.
#include "geo/io/LoaderCommon.hpp"

#include <algorithm>
#include <map>
#include <unordered_set>

#include "geo/core/I18n.hpp"
#include "geo/core/ParallelFor.hpp"
#include "geo/geom/Operations.hpp"

namespace gp::io::loader {

void Loader::readCompounds() {
  if (opt_.compounds.path.empty()) {
    // Compounds named by the buildings themselves: an area around each compound's buildings.
    std::map<std::string, std::vector<size_t>> members;
    for (size_t i = 0; i < in_.buildings.size(); ++i)
      if (!in_.buildings[i].compound_id.empty()) members[in_.buildings[i].compound_id].push_back(i);
    for (auto& [id, list] : members) {
      std::vector<const MultiPolygon*> shapes;
      for (size_t i : list) shapes.push_back(&in_.buildings[i].footprint);
      in_.compounds.push_back({id, "", geos::hullAround(g_, shapes, 5.0, 4)});
    }
    if (!members.empty())
      problem("derived_compounds", Severity::Info, bsrc_->label(),
              fmt(trn("%s compound comes from the buildings' compound field; its area is the hull of its buildings "
                      "plus 5 m. Pass --compounds with the real 小区 walls for better grid edges.",
                      "%s compounds come from the buildings' compound field; their areas are the hull of their "
                      "buildings plus 5 m. Pass --compounds with the real 小区 walls for better grid edges.",
                      static_cast<unsigned long>(members.size())),
                  thousands(static_cast<long long>(members.size())).c_str()));
    return;
  }
  SourceLayer s("compounds", opt_.compounds, opt_.encoding, {"compounds", "compound", "小区"},
                knownFields({opt_.compound_id_field}, {&kCompoundIdFields, &kCompoundOtherIdFields, &kCompoundNameFields}));
  if (!s.encodingNote().empty()) problem("encoding", Severity::Info, s.label(), s.encodingNote());
  int idIdx = s.resolveField("compound-id-field", opt_.compound_id_field, kCompoundIdFields);
  if (idIdx < 0) idIdx = s.resolveField("", "", kCompoundOtherIdFields);
  int nmIdx = s.resolveField("", "", kCompoundNameFields);
  std::vector<Compound> raw;
  std::vector<long long> fids;
  for (RawArea& a : readAreas(s, idIdx, nmIdx, "K", "compound_id", tr("The compound has no polygon; it is skipped."))) {
    raw.push_back({std::move(a.id), std::move(a.name), std::move(a.area)});
    fids.push_back(a.fid);
  }
  BBox box;
  for (auto& c : raw) box.add(bbox(c.area));
  Reprojector rp = reprojector(s, layerCrs(s, box));
  std::unordered_set<std::string> seen;
  for (size_t i = 0; i < raw.size(); ++i) {
    Compound& c = raw[i];
    std::string label = feat(s, fids[i], "compound_id=" + c.compound_id);
    if (!rp.apply(c.area)) continue;
    c.area = repair(std::move(c.area), label, "compound");
    if (c.area.empty()) continue;
    if (!seen.insert(c.compound_id).second) {
      std::string renamed = c.compound_id + "-" + std::to_string(fids[i]);
      problem("duplicate_id", Severity::Warning, label,
              fmt(tr("Compound id %1$s is used twice; this one is called %2$s."), c.compound_id.c_str(),
                  renamed.c_str()));
      c.compound_id = renamed;
    }
    in_.compounds.push_back(std::move(c));
  }
  PolygonIndex idx(g_);
  for (auto& c : in_.compounds) idx.add(geos::toGeos(g_, c.area));
  idx.build();
  // Each building's compound looked up on the --jobs threads (a lookup each), in chunks of 256.
  const size_t n = in_.buildings.size();
  parallelFor(static_cast<int>((n + 255) / 256), opt_.jobs, [&](int chunk) {
    PolygonIndex::Lookup look(idx);
    for (size_t i = static_cast<size_t>(chunk) * 256; i < std::min(n, (static_cast<size_t>(chunk) + 1) * 256); ++i) {
      int k = look.find(inside_[i]);
      in_.buildings[i].compound_id = k < 0 ? std::string() : in_.compounds[static_cast<size_t>(k)].compound_id;
    }
  });
}

}  // namespace gp::io::loader
