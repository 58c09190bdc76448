// Reading the communities layer, or one community around all buildings, and each building's community.
#include "geo/io/LoaderCommon.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <unordered_map>

#include "geo/core/I18n.hpp"
#include "geo/core/ParallelFor.hpp"
#include "geo/geom/Operations.hpp"

namespace gp::io::loader {

void Loader::readCommunities() {
  if (opt_.communities.path.empty()) {
    defaultCommunity();
    return;
  }
  // The names looked for: GBK names that a .dbf's code page byte made Latin-1 are re-read as GBK when that finds one.
  SourceLayer s("communities", opt_.communities, opt_.encoding, {"communities", "community", "社区"},
                knownFields({opt_.community_id_field, opt_.community_name_field},
                            {&kCommunityIdFields, &kCommunityNameFields}));
  if (!s.encodingNote().empty()) problem("encoding", Severity::Info, s.label(), s.encodingNote());
  int idIdx = s.resolveField("community-id-field", opt_.community_id_field, kCommunityIdFields);
  int nmIdx = s.resolveField("community-name-field", opt_.community_name_field, kCommunityNameFields);
  std::vector<Community> raw;
  std::vector<long long> fids;
  for (RawArea& a : readAreas(s, idIdx, nmIdx, "C", "community_id", tr("The community has no polygon; it is skipped."))) {
    Community c;
    c.community_id = std::move(a.id);
    c.name = std::move(a.name);
    c.area = std::move(a.area);
    raw.push_back(std::move(c));
    fids.push_back(a.fid);
  }
  if (idIdx >= 0) checkCommunityCodes(s, idIdx, raw, fids);
  if (idIdx < 0)
    problem("missing_id", Severity::Warning, s.label(),
            tr("The communities layer has no id field (community_id, code, 社区代码…); ids C<fid> are used, so grid "
               "codes will not extend the statistical code. Pass --community-id-field."));
  BBox box;
  for (auto& c : raw) box.add(bbox(c.area));
  Reprojector rp = reprojector(s, layerCrs(s, box));
  std::unordered_map<std::string, int> seen;
  for (size_t i = 0; i < raw.size(); ++i) {
    Community& c = raw[i];
    std::string label = feat(s, fids[i], "community_id=" + c.community_id);
    if (!rp.apply(c.area)) {
      problem("transform_failed", Severity::Error, label, tr("The community could not be reprojected; it is skipped."));
      continue;
    }
    c.area = repair(std::move(c.area), label, "community");
    if (c.area.empty()) continue;
    if (++seen[c.community_id] > 1) {
      std::string renamed = c.community_id + "-" + std::to_string(seen[c.community_id]);
      problem("duplicate_id", Severity::Warning, label,
              fmt(tr("Community id %1$s is used twice; this one is called %2$s. Give each community its own code (or "
                     "merge the parts into one multipolygon)."),
                  c.community_id.c_str(), renamed.c_str()));
      c.community_id = renamed;
    }
    in_.communities.push_back(std::move(c));
  }
  if (in_.communities.empty())
    throw InputError(fmt(tr("--communities %1$s, layer %2$s: no usable community polygon. Give a polygon layer of "
                            "community boundaries."),
                         s.source().c_str(), s.layerName().c_str()));

  checkCommunityOverlaps();
}

void Loader::checkCommunityCodes(const SourceLayer& s, int idIdx, const std::vector<Community>& raw,
                                 const std::vector<long long>& fids) {
  // Grid codes extend the community's 12-digit statistical division code (DESIGN §1); say what they will look
  // like when the code is missing or not one.
  const std::string field = s.fieldNames()[static_cast<size_t>(idIdx)];
  for (size_t i = 0; i < raw.size(); ++i) {
    const std::string& id = raw[i].community_id;
    bool digits = !id.empty() && id.find_first_not_of("0123456789") == std::string::npos;
    bool nullId = id == std::string("C").append(std::to_string(fids[i]));
    if (digits && (id.size() == 12 || id.size() == 9)) continue;
    problem("community_code", Severity::Warning, feat(s, fids[i], "community_id=" + id),
            nullId ? fmt(tr("The community has no code in field %1$s, so it is called %2$s; its grid codes will be "
                            "%2$s001, %2$s002… and its units %2$s00101…. Fill the 12-digit code (6 county + 3 street + 3 "
                            "community digits) for codes that match the register."),
                         field.c_str(), id.c_str())
                   : fmt(tr("Community code \"%2$s\" in field %1$s is not a 12-digit (or 9-digit) statistical division "
                            "code; its grid codes will be %2$s001, %2$s002… and its units %2$s00101…. Fill the 12-digit "
                            "code (6 county + 3 street + 3 community digits) for codes that match the register."),
                         field.c_str(), id.c_str()));
  }
}

// Overlaps make a building's community ambiguous: a hard error for the plan.
void Loader::checkCommunityOverlaps() {
  PolygonIndex idx(g_);
  for (auto& c : in_.communities) idx.add(geos::toGeos(g_, c.area));
  idx.build();
  // The overlaps of each community with the later ones, on the --jobs threads; said in community order.
  const int n = static_cast<int>(in_.communities.size());
  std::vector<std::vector<std::pair<int, geos::Overlap>>> found(static_cast<size_t>(n));
  parallelFor(n, opt_.jobs, [&](int i) {
    PolygonIndex::Lookup look(idx);
    for (int j : look.candidates(idx.geom(i))) {
      if (j <= i) continue;
      geos::Overlap o = geos::overlap(look.context(), idx.geom(i), idx.geom(j), true);
      if (o.area > 1.0) found[static_cast<size_t>(i)].emplace_back(j, o);
    }
  });
  for (size_t i = 0; i < in_.communities.size(); ++i) {
    for (const auto& [j, o] : found[i]) {
      double a = o.area;
      double smaller = std::min(area(in_.communities[i].area), area(in_.communities[static_cast<size_t>(j)].area));
      bool sliver = a < 0.01 * smaller;
      XY at = o.at;
      const char* ci = in_.communities[i].community_id.c_str();
      const char* cj = in_.communities[static_cast<size_t>(j)].community_id.c_str();
      problem("communities_overlap", sliver ? Severity::Warning : Severity::Error,
              fmt(tr("communities %1$s and %2$s"), ci, cj),
              sliver ? fmt(tr("Communities %1$s and %2$s overlap by %3$.0f m² (a sliver); buildings there go to the first. "
                              "Snap the boundaries in QGIS."),
                           ci, cj, a)
                     : fmt(tr("Communities %1$s and %2$s overlap by %3$.0f m²; a building there would be in two "
                              "communities. Fix the boundaries so they only touch."),
                           ci, cj, a),
              at);
    }
  }
}

void Loader::defaultCommunity() {
  // One community around all buildings: their convex hull grown by 50 m.
  std::vector<const MultiPolygon*> shapes;
  shapes.reserve(in_.buildings.size());
  for (const auto& b : in_.buildings) shapes.push_back(&b.footprint);
  Community c;
  c.community_id = "000000000000";
  c.name = std::filesystem::path(opt_.buildings.path).stem().string();
  c.area = geos::hullAround(g_, shapes, 50.0, 8);
  in_.communities.push_back(std::move(c));
  bool ownField = false;
  for (const auto& f : in_.building_fields) ownField = ownField || f.name == "community_id" || f.name == "社区代码";
  problem("default_community", Severity::Info, "communities",
          ownField ? fmt(tr("No --communities given: one community (%s) covers all buildings, 50 m around them (the "
                            "buildings' own community field is not used for this). Pass --communities with the real 社区 "
                            "boundaries: grids never cross a community boundary."),
                         in_.communities[0].community_id.c_str())
                   : fmt(tr("No --communities given: one community (%s) covers all buildings, 50 m around them. Pass "
                            "--communities with the real 社区 boundaries: grids never cross a community boundary."),
                         in_.communities[0].community_id.c_str()));
}

namespace {

// Where building i lies: its community, another community holding a good part of it, how far apart its parts are.
struct Placement {
  int community = -1;
  int other = -1;          // a second community holding more than 1 m² and 2 % of it, or -1
  double otherArea = 0;
  double partsApart = 0;   // the largest gap between the boxes of two of its parts (m)
};

double partsApart(const MultiPolygon& mp) {
  double far = 0;
  for (size_t p = 0; p < mp.size(); ++p)
    for (size_t q = p + 1; q < mp.size(); ++q) {
      BBox bp = bbox(mp[p]), bq = bbox(mp[q]);
      double dx = std::max({0.0, bp.minx - bq.maxx, bq.minx - bp.maxx});
      double dy = std::max({0.0, bp.miny - bq.maxy, bq.miny - bp.maxy});
      far = std::max(far, std::hypot(dx, dy));
    }
  return far;
}

constexpr size_t kChunk = 256;  // buildings per task of the --jobs threads

}  // namespace

void Loader::assignCommunities() {
  PolygonIndex idx(g_);
  for (auto& c : in_.communities) idx.add(geos::toGeos(g_, c.area));
  idx.build();
  // Each building placed on the --jobs threads (a lookup each); the problems are said in building order below.
  const size_t n = in_.buildings.size();
  std::vector<Placement> placed(n);
  parallelFor(static_cast<int>((n + kChunk - 1) / kChunk), opt_.jobs, [&](int chunk) {
    PolygonIndex::Lookup look(idx);
    const geos::Context& g = look.context();
    const size_t end = std::min(n, (static_cast<size_t>(chunk) + 1) * kChunk);
    for (size_t i = static_cast<size_t>(chunk) * kChunk; i < end; ++i) {
      const Building& b = in_.buildings[i];
      Placement& p = placed[i];
      p.community = look.find(inside_[i]);
      if (p.community < 0) continue;
      // A footprint across a boundary is planned whole in the community of its point on surface: said, not hidden.
      geos::GeomPtr gg = geos::toGeos(g, b.footprint);
      std::vector<int> cands = gg ? look.candidates(gg.get()) : std::vector<int>{};
      if (cands.size() > 1) {
        double total = area(b.footprint);
        for (int other : cands) {
          if (other == p.community) continue;
          double a = geos::overlap(g, gg.get(), idx.geom(other)).area;
          if (a <= 1.0 || a < 0.02 * total) continue;
          p.other = other;
          p.otherArea = a;
          break;
        }
      }
      if (b.footprint.size() > 1) p.partsApart = partsApart(b.footprint);
    }
  });
  long long outside = 0, outsideHh = 0;
  for (size_t i = 0; i < n; ++i) {
    Building& b = in_.buildings[i];
    const Placement& p = placed[i];
    int ci = p.community;
    if (ci < 0) {
      ++outside;
      outsideHh += b.households;
      problem("building_outside_community", b.households > 0 ? Severity::Error : Severity::Warning,
              feat(*bsrc_, b.source_fid, "bld_id=" + b.bld_id),
              b.households > 0
                  ? fmt(trn("The building lies in no community, so its %s household is in no grid. Extend the "
                            "community boundary to cover it.",
                            "The building lies in no community, so its %s households are in no grid. Extend the "
                            "community boundary to cover it.",
                            static_cast<unsigned long>(b.households)),
                        thousands(b.households).c_str())
                  : std::string(tr("The building lies in no community. Extend the community boundary to cover it.")),
              inside_[i]);
      continue;
    }
    Community& c = in_.communities[static_cast<size_t>(ci)];
    b.community_id = c.community_id;
    c.households += b.households;
    if (p.other >= 0) {
      double total = area(b.footprint);
      problem("building_in_two_communities", Severity::Warning, feat(*bsrc_, b.source_fid, "bld_id=" + b.bld_id),
              fmt(tr("The building lies in communities %1$s and %2$s (%3$.0f%% of it in the second); it is planned "
                     "whole in %1$s. Correct the footprint or the boundary."),
                  c.community_id.c_str(), in_.communities[static_cast<size_t>(p.other)].community_id.c_str(),
                  100.0 * p.otherArea / std::max(total, 1e-9)),
              inside_[i]);
    }
    // The parts of one feature far apart are probably separate buildings sharing a record (one count, one grid).
    if (p.partsApart > kPartsApart)
      problem("building_parts_apart", Severity::Warning, feat(*bsrc_, b.source_fid, "bld_id=" + b.bld_id),
              fmt(tr("The building's %1$zu parts lie up to %2$s m apart; they are planned as one building (one "
                     "household count, one grid). If they are separate buildings, give each its own feature."),
                  b.footprint.size(), thousands(std::llround(p.partsApart)).c_str()),
              inside_[i]);
  }
  if (outside > 0)
    problem("buildings_outside_communities", outsideHh > 0 ? Severity::Error : Severity::Warning, bsrc_->label(),
            fmt(trn("%1$s building (%2$s households) lies in no community.",
                    "%1$s buildings (%2$s households) lie in no community.", static_cast<unsigned long>(outside)),
                thousands(outside).c_str(), thousands(outsideHh).c_str()));
}

}  // namespace gp::io::loader
