#pragma once
// The input reader's parts, one file a layer (issue 12 step 5): Loader.cpp runs them in order;
// Loader_Buildings.cpp, Loader_Households.cpp, Loader_Communities.cpp, Loader_Compounds.cpp and
// Loader_Barriers.cpp read one input layer each; Loader_Crs.cpp decides and checks coordinate systems.
// Internal to geo/io.
#include <ogr_spatialref.h>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
#include "geo/core/Text.hpp"
#include "geo/geom/Geos.hpp"
#include "geo/io/FieldValues.hpp"
#include "geo/io/GdalMessages.hpp"
#include "geo/io/MetricCrs.hpp"
#include "geo/io/OgrGeometry.hpp"
#include "geo/io/Loader.hpp"
#include "geo/io/PolygonIndex.hpp"
#include "geo/io/Reprojector.hpp"
#include "geo/io/SourceLayer.hpp"

namespace gp::io::loader {

// Field names planners' data uses, in order of preference (issue 2; ../shared/data README).
inline const std::vector<std::string> kHouseholdFields = {"households", "户数", "住户数", "总户数", "dwellings"};
inline const std::vector<std::string> kFloorFields = {"floors",          "层数",      "楼层数", "地上层数", "storeys_count",
                                               "building:levels", "lev_above", "levels", "storeys"};
inline const std::vector<std::string> kHeightFields = {"height", "高度", "building:height"};
inline const std::vector<std::string> kEntranceFields = {"entrances", "单元数", "entrance_count"};
inline const std::vector<std::string> kNameFields = {"name", "楼号", "名称", "楼栋号", "楼栋名称"};
inline const std::vector<std::string> kBuildingIdFields = {"bld_id"};
inline const std::vector<std::string> kCompoundIdFields = {"compound_id", "小区编号", "小区代码"};
inline const std::vector<std::string> kCommunityIdFields = {"community_id", "社区代码", "社区编码", "code", "区划代码"};
inline const std::vector<std::string> kCommunityNameFields = {"name", "社区名称", "名称"};
inline const std::vector<std::string> kCompoundNameFields = {"name", "小区名称", "名称"};
inline const std::vector<std::string> kLivingFields = {"is_living"};
inline const std::vector<std::string> kHhIdFields = {"hh_id", "户号"};
inline const std::vector<std::string> kHhEntranceFields = {"entrance", "单元", "单元号"};
inline const std::vector<std::string> kHhFloorFields = {"floor", "楼层", "层"};
inline const std::vector<std::string> kCompoundOtherIdFields = {"id", "code", "block_id"};
inline const std::vector<std::string> kBarrierKindFields = {"kind", "type", "类型"};
inline const std::vector<std::string> kBarrierNameFields = {"name", "名称"};
inline const std::vector<std::string> kTunnelFields = {"tunnel", "is_tunnel"};

// The field names a layer's reader looks for (SourceLayer's `known`): the ones named by options (empty ones left
// out), then the usual names, in that order.
inline std::vector<std::string> knownFields(const std::vector<std::string>& named,
                                            const std::vector<const std::vector<std::string>*>& usual) {
  std::vector<std::string> out;
  for (const auto& n : named)
    if (!n.empty()) out.push_back(n);
  for (const auto* names : usual) out.insert(out.end(), names->begin(), names->end());
  return out;
}

// OSM `building=*` values that are not homes: their estimate is 0 households.
inline const std::unordered_set<std::string> kNonResidential = {
    "commercial", "retail",     "industrial", "office",       "school",     "church",        "cathedral",
    "chapel",     "mosque",     "temple",     "synagogue",    "shrine",     "garage",        "garages",
    "shed",       "warehouse",  "hospital",   "university",   "college",    "kindergarten",  "public",
    "civic",      "government", "hotel",      "train_station", "transportation", "parking", "service",
    "roof",       "stadium",    "sports_hall", "sports_centre", "hangar",  "barn",          "farm_auxiliary",
    "greenhouse", "kiosk",      "toilets",    "bunker",       "supermarket", "fire_station", "museum",
    "theatre",    "cinema",     "library",    "bridge",       "carport",    "stable",        "pavilion",
    "grandstand", "ruins",      "tower",      "water_tower",  "transformer_tower", "power",  "boathouse",
    "construction", "manufacture", "factory", "data_center",  "hut",        "cabin"};

// OSM railway values that run under or along streets, or no longer exist.
inline const std::unordered_set<std::string> kMinorRailways = {"tram", "subway", "abandoned", "disused", "razed", "platform",
                                                        "construction", "proposed", "miniature", "funicular"};

// OSM highway values too small to bound a grid (they run inside compounds).
inline const std::unordered_set<std::string> kMinorHighways = {"footway", "path",     "steps", "cycleway", "bridleway",
                                                        "service", "track",    "corridor", "proposed", "construction",
                                                        "platform", "elevator", "bus_stop", "raceway", "via_ferrata"};

inline constexpr size_t kFewExamples = 5;
// No cap may be raised beyond this: a building's households are an int, and a grid sums a few hundred buildings.
inline constexpr long long kHardCap = 1000000;
// Parts of one building feature further apart than this (metres) are reported as probably separate buildings.
inline constexpr double kPartsApart = 50.0;

// A feature's label for problems ("buildings.gpkg:buildings:fid=12 (bld_id=B12)"), made only when a problem names
// it: made for every building, labels were a twentieth of the load's instructions.
using Label = std::function<std::string()>;

// Counts of how buildings' households, floors and entrances were decided, for the summary problems.
struct HouseholdTally {
  long long nullHh = 0, estimated = 0, estimatedHh = 0, fromPop = 0, defaultFloors = 0, heightFloors = 0,
            estEntr = 0, fromPoints = 0, zeroPoints = 0, mismatch = 0, mismatchDiff = 0, halfFloors = 0;
  long long leftOut = 0, leftOutHh = 0, leftOutPoints = 0;
};

// A feature of an areas layer (communities, compounds), in the layer's CRS.
struct RawArea {
  long long fid = -1;
  std::string id, name;
  MultiPolygon area;
};

struct RawBuilding {
  long long fid = -1;
  MultiPolygon geom;  // source CRS until reprojected
  std::vector<std::string> attrs;
  std::vector<bool> nulls;
  std::string id, name, compound;
  Count hh, pop, floors, entrances;
  double height = -1;
  bool nonResidential = false;
  bool dedicated = false;
};

class Loader {
 public:
  explicit Loader(const LoadOptions& o) : opt_(o) {}
  Inputs run();

 private:
  std::string feat(const SourceLayer& s, long long fid, const std::string& extra = {}) const {
    return s.label() + ":fid=" + std::to_string(fid) + (extra.empty() ? "" : " (" + extra + ")");
  }
  void problem(const std::string& kind, Severity sev, const std::string& feature, const std::string& msg,
               std::optional<XY> at = std::nullopt) {
    in_.problems.add(kind, sev, feature, msg, at);
  }
  void addLayerInfo(const SourceLayer& s, long long n);
  // Reports progress and honours cancel; cheap enough to call every few thousand features. `stage` is a key,
  // worded where it is shown (geo/core/ProgressStage).
  void step(const char* stage, double fraction) const {
    if (opt_.cancel && opt_.cancel->load()) throw Cancelled();
    if (opt_.progress) opt_.progress(stage, fraction);
  }
  const OGRSpatialReference* layerCrs(const SourceLayer& s, const BBox& sourceBox);
  void checkCoordinatesFit(const SourceLayer& s, const OGRSpatialReference& srs, const BBox& box);
  std::string farFeature(const SourceLayer& s);
  Reprojector reprojector(const SourceLayer& s, const OGRSpatialReference* from);
  // Valid polygonal geometry in the metric CRS; reports repairs. Empty result: nothing usable.
  MultiPolygon repair(MultiPolygon mp, const std::string& feature, const std::string& what);
  // The same on GEOS context `g`, the repairs said into `said`: callable on any thread, a context each.
  static MultiPolygon repair(const geos::Context& g, MultiPolygon mp, const std::string& feature,
                             const std::string& what, std::vector<Problem>& said);
  bool countUsable(const Count& c, long long cap, const char* what, const std::string& field, const char* capOption,
                   const Label& label, XY at, bool halvesAllowed);
  // Drops the buildings whose keep[i] is 0 from every per-building array, and unlinks household points from them.
  void removeBuildings(const std::vector<char>& keep);
  // Households of a building skipped before its count was checked: its field value when that is a usable count.
  long long knownHouseholds(const Count& hh) const {
    return hh.state == Count::Ok && hh.value <= maxHouseholds() ? hh.value : 0;
  }
  // The caps as used: never beyond what a building's int count and the partitioner's sums can hold.
  long long maxHouseholds() const { return std::clamp<long long>(opt_.max_households, 0, kHardCap); }
  long long maxFloors() const { return std::clamp<long long>(opt_.max_floors, 0, 100000); }
  long long maxEntrances() const { return std::clamp<long long>(opt_.max_entrances, 0, 100000); }

  void readBuildings();
  [[noreturn]] void refuseUnreadableHouseholds(const SourceLayer& s) const;
  void chooseCrs();
  void finishBuildings();
  void readHouseholdPoints();
  // Households of building i from its checked counts (field, population, points or estimate), its floors and
  // entrances; false when the building must be left out.
  bool decideBuilding(size_t i, const Label& label, HouseholdTally& t);
  bool checkCounts(size_t i, const Label& label, HouseholdTally& t);
  void reportHouseholdSources(const HouseholdTally& t);
  void decideHouseholds();
  // Every feature of an areas layer: its id from idIdx, else idPrefix<fid>; its name from nmIdx. A feature
  // with no polygon is skipped with a not_polygon warning saying `noPolygon`.
  std::vector<RawArea> readAreas(const SourceLayer& s, int idIdx, int nmIdx, const char* idPrefix,
                                 const char* idKey, const char* noPolygon);
  void readCommunities();
  void checkCommunityCodes(const SourceLayer& s, int idIdx, const std::vector<Community>& raw,
                           const std::vector<long long>& fids);
  void checkCommunityOverlaps();
  void defaultCommunity();
  void assignCommunities();
  void readCompounds();
  void readBarriers(const LayerSource& src);
  void fixText();

  const LoadOptions& opt_;
  Inputs in_;
  geos::Context g_;
  OGRSpatialReference target_;
  std::unique_ptr<SourceLayer> bsrc_;
  std::unique_ptr<OGRSpatialReference> bcrs_;  // buildings' CRS, traditional axis order
  std::vector<RawBuilding> raw_;
  std::vector<XY> inside_;              // point on surface of each building
  std::vector<int> pointCount_;         // household points per building
  bool haveHhField_ = false, havePop_ = false;
  std::string hhFieldName_, floorsFieldName_, idFieldName_, entrancesFieldName_;
  bool floorsFromHeight_ = false;
  std::unique_ptr<PolygonIndex> bindex_;
  std::map<std::string, std::string> checksums_;
  std::deque<OGRSpatialReference> guessed_;  // CRSs assumed for layers without one (stable addresses)
  GdalMessages gdal_;  // first member to go: its handler is popped after everything that reads
};

}  // namespace gp::io::loader
