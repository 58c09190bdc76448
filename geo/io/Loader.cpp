#include "geo/io/Loader.hpp"

#include <cpl_conv.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "geo/core/Error.hpp"
#include "geo/core/Secrets.hpp"
#include "geo/geom/Geos.hpp"
#include "geo/io/Estimates.hpp"
#include "geo/io/MetricCrs.hpp"
#include "geo/io/OgrGeometry.hpp"
#include "geo/io/PolygonIndex.hpp"
#include "geo/io/SourceLayer.hpp"

namespace gp::io {

namespace {

namespace fs = std::filesystem;

// Field names planners' data uses, in order of preference (issue 2; ../shared/data README).
const std::vector<std::string> kHouseholdFields = {"households", "户数", "住户数", "总户数", "dwellings"};
const std::vector<std::string> kFloorFields = {"floors",          "层数",      "楼层数", "地上层数", "storeys_count",
                                               "building:levels", "lev_above", "levels", "storeys"};
const std::vector<std::string> kHeightFields = {"height", "高度", "building:height"};
const std::vector<std::string> kEntranceFields = {"entrances", "单元数", "entrance_count"};
const std::vector<std::string> kNameFields = {"name", "楼号", "名称", "楼栋号", "楼栋名称"};
const std::vector<std::string> kBuildingIdFields = {"bld_id"};
const std::vector<std::string> kCompoundIdFields = {"compound_id", "小区编号", "小区代码"};
const std::vector<std::string> kCommunityIdFields = {"community_id", "社区代码", "社区编码", "code", "区划代码"};
const std::vector<std::string> kCommunityNameFields = {"name", "社区名称", "名称"};
const std::vector<std::string> kCompoundNameFields = {"name", "小区名称", "名称"};
const std::vector<std::string> kLivingFields = {"is_living"};
const std::vector<std::string> kHhIdFields = {"hh_id", "户号"};
const std::vector<std::string> kHhEntranceFields = {"entrance", "单元", "单元号"};
const std::vector<std::string> kHhFloorFields = {"floor", "楼层", "层"};

// OSM `building=*` values that are not homes: their estimate is 0 households.
const std::unordered_set<std::string> kNonResidential = {
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
const std::unordered_set<std::string> kMinorRailways = {"tram", "subway", "abandoned", "disused", "razed", "platform",
                                                        "construction", "proposed", "miniature", "funicular"};

// OSM highway values too small to bound a grid (they run inside compounds).
const std::unordered_set<std::string> kMinorHighways = {"footway", "path",     "steps", "cycleway", "bridleway",
                                                        "service", "track",    "corridor", "proposed", "construction",
                                                        "platform", "elevator", "bus_stop", "raceway", "via_ferrata"};

constexpr size_t kFewExamples = 5;
// No cap may be raised beyond this: a building's households are an int, and a grid sums a few hundred buildings.
constexpr long long kHardCap = 1000000;
// Parts of one building feature further apart than this (metres) are reported as probably separate buildings.
constexpr double kPartsApart = 50.0;

std::string trim(std::string s) {
  size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

std::string fmtInt(long long v) {
  std::string s = std::to_string(v < 0 ? -v : v), out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return v < 0 ? "-" + out : out;
}

std::string fmtNum(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// Strict UTF-8 (no overlong forms, surrogates or code points above U+10FFFF: what JSON writers and Pango
// accept); each byte that does not start a valid sequence becomes U+FFFD. Returns whether anything changed.
bool toValidUtf8(std::string& s) {
  auto valid = [&](size_t i) -> size_t {  // length of the valid sequence at i, 0 if none
    auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = b(i);
    if (c < 0x80) return 1;
    size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return 0;
    for (size_t k = 1; k < len; ++k)
      if ((b(i + k) & 0xC0) != 0x80) return 0;
    unsigned char d = b(i + 1);
    if ((c == 0xE0 && d < 0xA0) || (c == 0xED && d >= 0xA0) || (c == 0xF0 && d < 0x90) || (c == 0xF4 && d >= 0x90))
      return 0;
    return len;
  };
  size_t i = 0;
  for (; i < s.size(); i += valid(i))
    if (valid(i) == 0) break;
  if (i == s.size()) return false;
  std::string out = s.substr(0, i);
  while (i < s.size()) {
    size_t n = valid(i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s, i, n);
      i += n;
    }
  }
  s = std::move(out);
  return true;
}

// A count read from a field: households, floors, entrances, population. Never narrowed here: the caller checks
// it against its cap before it becomes an int (issue 11: 1e12 households once became -727,379,968).
struct Count {
  enum State { Null, Ok, Negative, Fractional, NonNumeric, NonFinite } state = Null;
  long long value = 0;  // rounded; LLONG_MAX for values beyond long long
  std::string text;
};

Count fromNumber(double v, std::string text) {
  Count c;
  c.text = std::move(text);
  if (!std::isfinite(v)) {
    c.state = Count::NonFinite;
    return c;
  }
  c.value = v >= 9.2e18 ? LLONG_MAX : v <= -9.2e18 ? LLONG_MIN : std::llround(v);
  c.state = v < 0 ? Count::Negative : (std::fabs(v - std::round(v)) > 1e-9 ? Count::Fractional : Count::Ok);
  return c;
}

Count parseText(const std::string& raw) {
  std::string t = trim(raw);
  if (t.empty()) return {};
  char* end = nullptr;
  double v = std::strtod(t.c_str(), &end);
  if (end == t.c_str() || *end != '\0') {
    Count c;
    c.text = t;
    c.state = Count::NonNumeric;
    return c;
  }
  return fromNumber(v, t);
}

// idx >= 0: a column; idx == -2: the OSM tag `key` in other_tags; -1: no field.
Count readCount(OGRFeature* f, int idx, const SourceLayer& src, const std::string& key) {
  if (idx == -1) return {};
  if (idx == -2) {
    auto v = osmTag(f->GetFieldAsString(src.otherTagsIndex()), key);
    return v ? parseText(*v) : Count{};
  }
  if (!f->IsFieldSetAndNotNull(idx)) return {};
  OGRFieldType t = f->GetFieldDefnRef(idx)->GetType();
  if (t == OFTInteger || t == OFTInteger64) {
    Count c;
    c.value = f->GetFieldAsInteger64(idx);
    c.text = std::to_string(c.value);
    c.state = c.value < 0 ? Count::Negative : Count::Ok;
    return c;
  }
  if (t == OFTReal) return fromNumber(f->GetFieldAsDouble(idx), f->GetFieldAsString(idx));
  return parseText(f->GetFieldAsString(idx));
}

// OSM other_tags columns may also hold the default field names (building:levels, height).
int resolveWithTags(const SourceLayer& src, const std::string& option, const std::string& explicitName,
                    const std::vector<std::string>& candidates, std::string& key) {
  int idx = src.resolveField(option, explicitName, candidates);
  if (idx == -2) {
    key = explicitName;
    return idx;
  }
  if (idx >= 0 || !src.hasOtherTags() || !explicitName.empty()) return idx;
  for (const auto& c : candidates)
    if (c.find(':') != std::string::npos || c == "height") {
      key = c;
      return -2;  // looked up per feature; absent tags read as NULL
    }
  return -1;
}

std::string fieldText(OGRFeature* f, int idx) {
  if (idx < 0 || !f->IsFieldSetAndNotNull(idx)) return {};
  return trim(f->GetFieldAsString(idx));
}

// Transforms plain coordinates in bulk from a layer's CRS to the metric CRS.
class Reprojector {
 public:
  Reprojector() = default;
  Reprojector(const OGRSpatialReference* from, const OGRSpatialReference& to) {
    if (!from) return;
    // The layer's own data-axis mapping says how its coordinates are stored (GDAL drivers give x = easting or
    // longitude even for latitude-first CRSs such as EPSG:4490), so it is kept as the driver set it.
    OGRSpatialReference src(*from);
    if (src.IsSame(&to) && src.GetDataAxisToSRSAxisMapping() == to.GetDataAxisToSRSAxisMapping()) return;
    ct_.reset(OGRCreateCoordinateTransformation(&src, &to));
    if (!ct_)
      throw InputError("cannot transform from " + crsLabel(&src) + " to " + crsLabel(&to) +
                       ": PROJ knows no path between them. Reproject the layer in QGIS or pass --crs.");
  }
  // False when some point could not be transformed.
  bool apply(std::vector<XY>& pts) const {
    if (!ct_ || pts.empty()) return true;
    xs_.resize(pts.size());
    ys_.resize(pts.size());
    ok_.assign(pts.size(), TRUE);
    for (size_t i = 0; i < pts.size(); ++i) xs_[i] = pts[i].x, ys_[i] = pts[i].y;
    bool all = ct_->Transform(pts.size(), xs_.data(), ys_.data(), nullptr, ok_.data()) == TRUE;
    for (size_t i = 0; i < pts.size(); ++i) {
      pts[i] = {xs_[i], ys_[i]};
      if (!ok_[i] || !std::isfinite(xs_[i]) || !std::isfinite(ys_[i])) {
        all = false;
        pts[i] = {NAN, NAN};
      }
    }
    return all;
  }
  bool apply(MultiPolygon& mp) const {
    bool ok = true;
    for (auto& p : mp)
      for (auto& r : p.rings) ok = apply(r) && ok;
    return ok;
  }

 private:
  std::unique_ptr<OGRCoordinateTransformation> ct_;
  mutable std::vector<double> xs_, ys_;
  mutable std::vector<int> ok_;
};

// GDAL's own warnings (e.g. unclosed OSM rings) become one note per distinct message, not stderr noise. Failures
// are counted too: while features are read, any failure means a damaged file (ReadWatch below).
class GdalMessages {
 public:
  GdalMessages() { CPLPushErrorHandlerEx(&GdalMessages::handle, this); }
  ~GdalMessages() { CPLPopErrorHandler(); }
  GdalMessages(const GdalMessages&) = delete;
  GdalMessages& operator=(const GdalMessages&) = delete;
  void report(ProblemList& out) const {
    for (const auto& [msg, n] : counts_)
      out.add("gdal_message", Severity::Info, "GDAL",
              "GDAL said: " + msg + (n > 1 ? " (" + std::to_string(n) + " times)" : std::string()));
  }
  unsigned long long failures() const { return failures_; }
  // The first failure message since the last forgetFailure().
  const std::string& failure() const { return failure_; }
  void forgetFailure() { failure_.clear(); }

 private:
  static void CPL_STDCALL handle(CPLErr e, CPLErrorNum, const char* msg) {
    auto* self = static_cast<GdalMessages*>(CPLGetErrorHandlerUserData());
    if (!self || e < CE_Warning || !msg) return;
    if (e >= CE_Failure) {
      ++self->failures_;
      if (self->failure_.empty()) self->failure_ = msg;
    }
    self->counts_[msg] += 1;
  }
  std::map<std::string, long long> counts_;
  unsigned long long failures_ = 0;
  std::string failure_;
};

// Watches one pass over a layer's features: a GDAL failure while they are read (a damaged GeoPackage page, a
// truncated .dbf or FlatGeobuf) stops the run with exit 2 naming the file, layer and feature (issue 11); before,
// reading just ended early and up to half the households vanished from a plan that looked right.
class ReadWatch {
 public:
  ReadWatch(GdalMessages& g, const SourceLayer& s) : g_(g), s_(s), start_(g.failures()) { g.forgetFailure(); }
  // At the top of each iteration: the feature just read.
  void next(long long fid) {
    ++n_;
    if (g_.failures() != start_) fail("at feature fid=" + std::to_string(fid) + " (feature " + std::to_string(n_) + ")");
    last_ = fid;
  }
  // After the loop: reading may also have ended at an unreadable feature.
  void done() const {
    if (g_.failures() != start_)
      fail(n_ == 0 ? std::string("at its first feature")
                   : "after feature fid=" + std::to_string(last_) + " (feature " + std::to_string(n_) + ")");
  }

 private:
  [[noreturn]] void fail(const std::string& where) const {
    throw InputError("--" + s_.role() + " " + s_.source() + ", layer " + s_.layerName() + ": reading failed " + where +
                     ": GDAL said: " + g_.failure() +
                     ". The file is damaged (truncated, or copied incompletely); nothing was written. Copy it again "
                     "from its source, or open it in QGIS and save a copy to see what is lost.");
  }
  GdalMessages& g_;
  const SourceLayer& s_;
  unsigned long long start_;
  long long n_ = 0, last_ = -1;
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
  // Reports progress and honours cancel; cheap enough to call every few thousand features.
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
  XY pointOnSurface(const MultiPolygon& mp);
  bool countUsable(const Count& c, long long cap, const char* what, const std::string& field, const char* capOption,
                   const std::string& label, XY at, bool halvesAllowed);
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
  void chooseCrs();
  void finishBuildings();
  void readHouseholdPoints();
  void decideHouseholds();
  void readCommunities();
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

void Loader::addLayerInfo(const SourceLayer& s, long long n) {
  LayerInfo li;
  li.role = s.role();
  li.source = maskPasswords(s.source());  // plan_meta and inspect show it: never a password
  li.layer = s.layerName();
  li.crs = crsLabel(s.layer()->GetSpatialRef());
  li.features = n;
  // Several layers of one GeoPackage share its checksum: hash the file once.
  auto it = checksums_.find(s.source());
  li.checksum = it != checksums_.end() ? it->second : (checksums_[s.source()] = s.checksum());
  in_.layers.push_back(std::move(li));
}

// The layer's CRS; a layer without one is assumed WGS 84 when its coordinates look like degrees,
// else already in the metric CRS. Either way the planner is told.
const OGRSpatialReference* Loader::layerCrs(const SourceLayer& s, const BBox& box) {
  const OGRSpatialReference* srs = s.layer()->GetSpatialRef();
  // A GeoPackage's srs_id 0 and -1 ("Undefined geographic SRS", "Undefined Cartesian SRS") say there is no CRS.
  if (srs && srs->GetName() && std::string(srs->GetName()).rfind("Undefined ", 0) == 0) srs = nullptr;
  if (srs) {
    checkCoordinatesFit(s, *srs, box);
    return srs;
  }
  if (box.empty()) return nullptr;  // a table (e.g. a household register as CSV): nothing to place
  checkCoordinatesFit(s, OGRSpatialReference(), box);  // no CRS to compare with: only an absurd vertex is caught
  bool degrees = !box.empty() && box.minx >= -180 && box.maxx <= 180 && box.miny >= -90 && box.maxy <= 90;
  if (degrees) {
    auto& wgs84 = guessed_.emplace_back();
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    problem("missing_crs", Severity::Warning, s.label(),
            "The layer has no CRS (a Shapefile without .prj?); its coordinates look like degrees, so it is read as "
            "WGS 84 (EPSG:4326). If that is wrong, add the .prj or set the CRS in QGIS and save again.");
    return &wgs84;
  }
  // Chinese survey data often comes without .prj; a zone-prefixed easting (25,xxx,xxx–45,xxx,xxx m) names its
  // CGCS2000 3-degree Gauss-Krüger zone (EPSG:4513 = zone 25 … EPSG:4533 = zone 45).
  int zone = box.empty() ? 0 : static_cast<int>(std::floor(box.minx / 1e6));
  if (zone >= 25 && zone <= 45 && std::floor(box.maxx / 1e6) == zone && box.miny > 1e6 && box.maxy < 6.5e6) {
    auto& gk = guessed_.emplace_back();
    gk.importFromEPSG(4513 + zone - 25);
    gk.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    problem("missing_crs", Severity::Warning, s.label(),
            "The layer has no CRS (a Shapefile without .prj?); its eastings start with " + std::to_string(zone) +
                ", so it is read as CGCS2000 3-degree Gauss-Kruger zone " + std::to_string(zone) + " (EPSG:" +
                std::to_string(4513 + zone - 25) + "). If that is wrong, add the .prj.");
    return &gk;
  }
  problem("missing_crs", Severity::Warning, s.label(),
          "The layer has no CRS (a Shapefile without .prj?) and its coordinates (x " + fmtNum(box.minx) + " … " +
              fmtNum(box.maxx) + ", y " + fmtNum(box.miny) + " … " + fmtNum(box.maxy) +
              ") are neither degrees nor zone-prefixed eastings; they are taken to be metres in the CRS gridplan "
              "works in. Pass --crs EPSG:N naming their CRS, or add the .prj.");
  return nullptr;
}

// Coordinates that cannot be in the layer's CRS get a message naming what was seen and what it means (issue 11):
// before, each of these ended in "no usable building after reprojection" or in a plan far from its town.
void Loader::checkCoordinatesFit(const SourceLayer& s, const OGRSpatialReference& srs, const BBox& box) {
  if (box.empty()) return;
  auto range = [](double a, double b) { return fmtNum(a) + " … " + fmtNum(b); };
  const std::string head = "--" + s.role() + " " + s.source() + ", layer " + s.layerName() + ": ";
  const std::string seen = "x runs " + range(box.minx, box.maxx) + ", y " + range(box.miny, box.maxy);
  if (!std::isfinite(box.minx) || !std::isfinite(box.maxx) || !std::isfinite(box.miny) || !std::isfinite(box.maxy) ||
      std::max({std::fabs(box.minx), std::fabs(box.maxx), std::fabs(box.miny), std::fabs(box.maxy)}) > 1e9) {
    // One absurd vertex (1e300) spoils every bounding box and area: name the feature that holds it.
    throw InputError(head + "a coordinate is absurdly large (" + seen + "); " + farFeature(s) +
                     ". Fix or delete that vertex in QGIS.");
  }
  if (srs.IsGeographic()) {
    bool xIsLat = std::fabs(box.minx) <= 90 && std::fabs(box.maxx) <= 90;
    bool yBeyondLat = std::fabs(box.miny) > 90 || std::fabs(box.maxy) > 90;
    if (xIsLat && yBeyondLat && std::fabs(box.miny) <= 180 && std::fabs(box.maxy) <= 180)
      throw InputError(head + "the layer's CRS " + crsLabel(&srs) + " is in degrees, but " + seen +
                       ": x looks like latitude and y like longitude, so the two are swapped. Export the layer again "
                       "with longitude as x (in QGIS, swap them with the field calculator or a new CSV import).");
    if (std::fabs(box.minx) > 180 || std::fabs(box.maxx) > 180 || std::fabs(box.miny) > 90 ||
        std::fabs(box.maxy) > 90) {
      int zone = static_cast<int>(std::floor(box.minx / 1e6));
      std::string guess = zone >= 25 && zone <= 45 && std::floor(box.maxx / 1e6) == zone
                              ? " (zone-prefixed eastings: CGCS2000 3-degree Gauss-Kruger zone " + std::to_string(zone) +
                                    ", EPSG:" + std::to_string(4513 + zone - 25) + ")"
                          : box.minx > 1e5 && box.maxx < 1e6 ? " (CGCS2000 3-degree Gauss-Kruger eastings, e.g. "
                                                               "EPSG:4549 for central meridian 120°E)"
                                                             : std::string();
      throw InputError(head + "the layer's CRS " + crsLabel(&srs) + " is in degrees, but " + seen +
                       ": these are metres" + guess + ", not degrees. Assign the layer its real CRS (QGIS: Layer "
                       "Properties › Source › Assigned CRS, then save; for a Shapefile replace the .prj). --crs only "
                       "chooses the CRS gridplan works in, and names the CRS of layers that have none.");
    }
    return;
  }
  if (srs.IsProjected()) {
    double fe = srs.GetProjParm(SRS_PP_FALSE_EASTING, 0.0);
    double unit = srs.GetLinearUnits();
    int zone = static_cast<int>(std::floor(box.minx * unit / 1e6));
    if (fe < 1e6 && zone >= 13 && zone <= 45 && std::floor(box.maxx * unit / 1e6) == zone && unit > 0.9 && unit < 1.1) {
      int epsg = zone >= 25 ? 4513 + zone - 25 : 4491 + zone - 13;
      throw InputError(head + "the layer's CRS " + crsLabel(&srs) + " has eastings around " + fmtNum(fe) + " m, but " +
                       seen + ": the eastings start with the Gauss-Kruger zone number " + std::to_string(zone) +
                       ". The matching CRS is EPSG:" + std::to_string(epsg) + " (CGCS2000 " +
                       (zone >= 25 ? "3" : "6") + "-degree zone " + std::to_string(zone) +
                       " with the zone prefix): assign it to the layer (QGIS: Layer Properties › Source › Assigned "
                       "CRS, then save), or remove the .prj and pass --crs EPSG:" + std::to_string(epsg) + ".");
    }
  }
}

// The first feature of `s` with a coordinate beyond ±1e9 (for the message of an absurd vertex).
std::string Loader::farFeature(const SourceLayer& s) {
  s.layer()->ResetReading();
  for (auto& f : *s.layer()) {
    const OGRGeometry* g = f->GetGeometryRef();
    if (!g) continue;
    OGREnvelope e;
    g->getEnvelope(&e);
    for (double v : {e.MinX, e.MaxX, e.MinY, e.MaxY})
      if (!std::isfinite(v) || std::fabs(v) > 1e9) {
        s.layer()->ResetReading();
        return "it is in feature " + feat(s, f->GetFID());
      }
  }
  s.layer()->ResetReading();
  return "no single feature holds it";
}

Reprojector Loader::reprojector(const SourceLayer& s, const OGRSpatialReference* from) {
  if (from && target_.IsEmpty())
    throw InputError("--" + s.role() + " " + s.source() + ": layer " + s.layerName() + " is in " + crsLabel(from) +
                     " but the buildings have no CRS, so the two cannot be lined up. Add a .prj to the buildings, "
                     "or pass --crs EPSG:N naming the buildings' CRS.");
  return Reprojector(from, target_);
}

MultiPolygon Loader::repair(MultiPolygon mp, const std::string& feature, const std::string& what) {
  // Drop degenerate rings first: they make GEOS throw rather than report invalidity.
  for (auto& p : mp) {
    if (!p.rings.empty() && p.rings[0].size() < 4) p.rings.clear();
    p.rings.erase(std::remove_if(p.rings.begin() + (p.rings.empty() ? 0 : 1), p.rings.end(),
                                 [](const Ring& r) { return r.size() < 4; }),
                  p.rings.end());
  }
  mp.erase(std::remove_if(mp.begin(), mp.end(), [](const Polygon& p) { return p.rings.empty(); }), mp.end());
  if (mp.empty()) {
    problem("invalid_geometry", Severity::Warning, feature,
            "The " + what + " polygon has fewer than 3 distinct corners; it is skipped. Redraw it in QGIS.");
    return mp;
  }
  geos::GeomPtr gg = geos::toGeos(g_, mp);
  if (!gg) return {};
  char valid = GEOSisValid_r(g_, gg.get());
  if (valid == 1) return mp;
  char* reason = GEOSisValidReason_r(g_, gg.get());
  std::string why = reason ? reason : "invalid";
  if (reason) GEOSFree_r(g_, reason);
  geos::GeomPtr fixed = geos::own(g_, GEOSMakeValid_r(g_, gg.get()));
  MultiPolygon out = fixed ? geos::toMultiPolygon(g_, fixed.get()) : MultiPolygon{};
  XY at = mp[0].rings[0][0];
  if (out.empty() || area(out) <= 0) {
    problem("invalid_geometry", Severity::Warning, feature,
            "The " + what + " polygon is invalid (" + why + ") and has no area once repaired; it is skipped. "
            "Redraw it in QGIS.", at);
    return {};
  }
  problem("invalid_geometry", Severity::Warning, feature,
          "The " + what + " polygon was invalid (" + why + ") and was repaired with GEOS MakeValid. "
          "Check its shape in QGIS (Vector › Geometry Tools › Check Validity).", at);
  return out;
}

XY Loader::pointOnSurface(const MultiPolygon& mp) {
  geos::GeomPtr gg = geos::toGeos(g_, mp);
  geos::GeomPtr p = geos::own(g_, gg ? GEOSPointOnSurface_r(g_, gg.get()) : nullptr);
  XY out = centroid(mp);
  if (p && GEOSisEmpty_r(g_, p.get()) == 0) {
    GEOSGeomGetX_r(g_, p.get(), &out.x);
    GEOSGeomGetY_r(g_, p.get(), &out.y);
  }
  return out;
}

void Loader::readBuildings() {
  bsrc_ = std::make_unique<SourceLayer>("buildings", opt_.buildings, opt_.encoding,
                                        std::vector<std::string>{"buildings", "building", "建筑", "楼栋", "multipolygons"});
  SourceLayer& s = *bsrc_;
  if (!s.encodingNote().empty()) problem("encoding", Severity::Info, s.label(), s.encodingNote());
  bool osmPolys = s.isOsm() && s.layerName() == "multipolygons";
  s.setFilter(osmPolys ? "building IS NOT NULL" : "", opt_.where);

  std::string floorsKey, heightKey, hhKey, entKey;
  int hhIdx = resolveWithTags(s, "households-field", opt_.households_field, kHouseholdFields, hhKey);
  int popIdx = opt_.population_field.empty() ? -1 : s.resolveField("population-field", opt_.population_field, {});
  int flIdx = resolveWithTags(s, "floors-field", opt_.floors_field, kFloorFields, floorsKey);
  int htIdx = resolveWithTags(s, "floors-field", "", kHeightFields, heightKey);
  int enIdx = resolveWithTags(s, "entrances-field", opt_.entrances_field, kEntranceFields, entKey);
  int idIdx = s.resolveField("id-field", opt_.id_field, kBuildingIdFields);
  int nmIdx = s.resolveField("name-field", opt_.name_field, kNameFields);
  int cpIdx = s.resolveField("compound-id-field", opt_.compounds.path.empty() ? opt_.compound_id_field : "",
                             kCompoundIdFields);
  int livIdx = s.resolveField("", "", kLivingFields);
  int kindIdx = s.resolveField("", "", {"building", "kind_detail"});
  int dedIdx = s.resolveField("", "", {"dedicated", "专属网格"});
  haveHhField_ = hhIdx != -1;
  havePop_ = popIdx >= 0;
  hhFieldName_ = hhIdx >= 0 ? s.fieldNames()[static_cast<size_t>(hhIdx)] : hhKey;
  idFieldName_ = idIdx >= 0 ? s.fieldNames()[static_cast<size_t>(idIdx)] : std::string();
  floorsFieldName_ = flIdx >= 0 ? s.fieldNames()[static_cast<size_t>(flIdx)] : floorsKey;
  entrancesFieldName_ = enIdx >= 0 ? s.fieldNames()[static_cast<size_t>(enIdx)] : entKey;
  if (flIdx == -1 && htIdx != -1) floorsFromHeight_ = true;

  OGRFeatureDefn* defn = s.layer()->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i)
    in_.building_fields.push_back({defn->GetFieldDefn(i)->GetNameRef(), static_cast<int>(defn->GetFieldDefn(i)->GetType())});

  long long n = 0, skipped = 0, skippedHh = 0;
  std::map<std::string, long long> skippedKinds;
  GIntBig expected = std::max<GIntBig>(1, s.layer()->GetFeatureCount(FALSE));
  step("buildings", 0);
  s.layer()->ResetReading();
  ReadWatch watch(gdal_, s);
  for (auto& fp : *s.layer()) {
    watch.next(fp->GetFID());
    OGRFeature* f = fp.get();
    if (++n % 4096 == 0) step("buildings", std::min(1.0, static_cast<double>(n) / static_cast<double>(expected)));
    RawBuilding b;
    b.fid = f->GetFID();
    b.hh = readCount(f, hhIdx, s, hhKey);
    b.pop = readCount(f, popIdx, s, "");
    b.floors = readCount(f, flIdx, s, floorsKey);
    if (htIdx != -1) {
      Count h = readCount(f, htIdx, s, heightKey);
      if (h.state == Count::Ok || h.state == Count::Fractional) b.height = std::atof(h.text.c_str());
    }
    b.entrances = readCount(f, enIdx, s, entKey);
    b.id = fieldText(f, idIdx);
    b.name = fieldText(f, nmIdx);
    b.compound = fieldText(f, cpIdx);
    if (livIdx >= 0 && f->IsFieldSetAndNotNull(livIdx) && f->GetFieldAsInteger(livIdx) == 0) b.nonResidential = true;
    if (kindIdx >= 0 && kNonResidential.count(fieldText(f, kindIdx))) b.nonResidential = true;
    if (dedIdx >= 0 && f->IsFieldSetAndNotNull(dedIdx) && f->GetFieldAsInteger(dedIdx) != 0) b.dedicated = true;

    const OGRGeometry* geom = f->GetGeometryRef();
    std::string why;
    if (!geom || geom->IsEmpty()) {
      why = "empty_geometry";
    } else {
      b.geom = ogr::toMultiPolygon(geom);
      if (b.geom.empty()) why = "not_polygon";
    }
    if (!why.empty()) {
      ++skipped;
      ++skippedKinds[why];
      long long hh = knownHouseholds(b.hh);
      skippedHh += hh;
      std::string what = why == "empty_geometry" ? "has no geometry"
                                                 : std::string("is a ") + OGRGeometryTypeToName(geom->getGeometryType()) +
                                                       ", not a polygon";
      problem(why, hh > 0 ? Severity::Error : Severity::Warning, feat(s, b.fid, b.id.empty() ? "" : "bld_id=" + b.id),
              "The building " + what + "; it is skipped" +
                  (hh > 0 ? " and its " + fmtInt(hh) + " households are not counted. Draw its footprint." : "."));
      continue;
    }
    int nf = f->GetFieldCount();
    b.attrs.resize(static_cast<size_t>(nf));
    b.nulls.resize(static_cast<size_t>(nf));
    for (int i = 0; i < nf; ++i) {
      bool isNull = !f->IsFieldSetAndNotNull(i);
      b.nulls[static_cast<size_t>(i)] = isNull;
      if (!isNull) b.attrs[static_cast<size_t>(i)] = f->GetFieldAsString(i);
    }
    raw_.push_back(std::move(b));
  }
  watch.done();
  addLayerInfo(s, n);
  std::string kinds;
  for (auto& [k, c] : skippedKinds) kinds += (kinds.empty() ? "" : ", ") + fmtInt(c) + " " + k;
  in_.households_left_out += skippedHh;
  if (skipped > 0 && skipped < n) {
    problem("skipped_buildings", skippedHh > 0 ? Severity::Error : Severity::Warning, s.label(),
            fmtInt(skipped) + " of " + fmtInt(n) + " features were skipped (" + kinds + ")" +
                (haveHhField_ ? ", holding " + fmtInt(skippedHh) + " households by field " + hhFieldName_ : "") + ". " +
                (skippedHh > 0 ? "Give them footprints, or these households are in no grid."
                               : "Points and lines cannot be buildings; this is harmless if they are labels."));
  }
  if (raw_.empty())
    throw InputError("--buildings " + s.source() + ", layer " + s.layerName() + ": no usable building polygon among " +
                     fmtInt(n) + " features" + (opt_.where.empty() ? "" : " matching --where " + opt_.where) +
                     (kinds.empty() ? "" : " (" + kinds + ")") + ". Give a polygon layer of building footprints" +
                     (s.dataset()->GetLayerCount() > 1 ? " (--buildings-layer picks another layer)." : "."));
}

void Loader::chooseCrs() {
  BBox box;
  for (const auto& b : raw_) box.add(bbox(b.geom));
  const OGRSpatialReference* src = layerCrs(*bsrc_, box);
  if (src) {
    bcrs_ = std::make_unique<OGRSpatialReference>(*src);  // keeps the driver's data-axis mapping
  }
  if (!opt_.crs.empty()) {
    target_ = parseMetricCrs(opt_.crs);
    in_.epsg = 0;
    const char* auth = target_.GetAuthorityName(nullptr);
    const char* code = target_.GetAuthorityCode(nullptr);
    if (auth && code && std::string(auth) == "EPSG") in_.epsg = std::atoi(code);
  } else {
    // The centre of the buildings in degrees picks the zone.
    XY c = box.center();
    double lon = c.x, lat = c.y;
    if (bcrs_) {
      OGRSpatialReference wgs;
      wgs.importFromEPSG(4326);
      wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
      std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(bcrs_.get(), &wgs));
      if (ct) ct->Transform(1, &lon, &lat);
    }
    if (!bcrs_) {
      // No CRS and not degrees: the coordinates are used as they are.
      target_ = OGRSpatialReference();
      in_.epsg = 0;
      return;
    }
    MetricChoice mc = chooseMetricCrs(bcrs_.get(), lon, lat);
    target_ = mc.srs;
    in_.epsg = mc.epsg;
    problem("metric_crs", Severity::Info, "crs",
            "All layers are reprojected to " + (mc.epsg ? "EPSG:" + std::to_string(mc.epsg) : crsLabel(&target_)) +
                ": " + mc.why + ". Pass --crs EPSG:N to choose another.");
  }
  target_.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  char* wkt = nullptr;
  const char* wktOpts[] = {"FORMAT=WKT2_2019", nullptr};
  if (target_.exportToWkt(&wkt, wktOpts) == OGRERR_NONE && wkt) in_.crs_wkt = wkt;
  CPLFree(wkt);
}

void Loader::finishBuildings() {
  Reprojector rp(bcrs_.get(), target_);
  const SourceLayer& s = *bsrc_;
  std::unordered_map<std::string, int> seen;
  long long missingIds = 0, dupIds = 0;
  in_.buildings.reserve(raw_.size());
  std::vector<RawBuilding> kept;
  kept.reserve(raw_.size());
  for (auto& b : raw_) {
    std::string label = feat(s, b.fid, b.id.empty() ? "" : "bld_id=" + b.id);
    if (!rp.apply(b.geom)) {
      long long hh = knownHouseholds(b.hh);
      in_.households_left_out += hh;
      problem("transform_failed", Severity::Error, label,
              "The building could not be reprojected to the metric CRS (coordinates outside the CRS's area?); it "
              "is skipped" + (hh > 0 ? " with its " + fmtInt(hh) + " households" : std::string()) +
              ". Check its coordinates and the layer's CRS.");
      continue;
    }
    MultiPolygon fp = repair(std::move(b.geom), label, "building");
    if (fp.empty()) {
      if (long long hh = knownHouseholds(b.hh); hh > 0) {
        problem("skipped_households", Severity::Error, label,
                "The building was skipped (see above), so its " + fmtInt(hh) +
                    " households are not counted. Redraw its footprint.");
        in_.households_left_out += hh;
      }
      continue;
    }
    Building out;
    if (b.id.empty()) {
      out.bld_id = "B" + std::to_string(b.fid);
      if (!idFieldName_.empty()) ++missingIds;
    } else {
      out.bld_id = b.id;
    }
    int& count = seen[out.bld_id];
    if (++count > 1) {
      std::string renamed = out.bld_id + "-" + std::to_string(count);
      while (seen.count(renamed)) renamed += "b";
      seen[renamed] = 1;
      ++dupIds;
      problem("duplicate_id", Severity::Warning, label,
              "Building id " + out.bld_id + " is used by more than one building; this one is called " + renamed +
                  " here. Give every building its own id" +
                  (idFieldName_.empty() ? "." : " in field " + idFieldName_ + "."),
              centroid(fp));
      out.bld_id = renamed;
    }
    out.name = b.name;
    out.footprint = std::move(fp);
    out.source_fid = b.fid;
    out.compound_id = b.compound;
    out.dedicated = b.dedicated;
    out.attrs = std::move(b.attrs);
    out.attr_null = std::move(b.nulls);
    in_.buildings.push_back(std::move(out));
    b.geom.clear();
    kept.push_back(std::move(b));
  }
  raw_ = std::move(kept);
  if (missingIds > 0)
    problem("missing_id", Severity::Warning, s.label(),
            fmtInt(missingIds) + " buildings have no value in " + idFieldName_ +
                "; they were given ids B<fid>. Fill the field so plans stay comparable.");
  if (dupIds > 1)
    problem("duplicate_ids", Severity::Warning, s.label(),
            fmtInt(dupIds) + " buildings share an id with another; they were renamed <id>-2, <id>-3… Give every "
                             "building its own id.");
  if (in_.buildings.empty())
    throw InputError("--buildings " + s.source() + ", layer " + s.layerName() +
                     ": no building has a usable polygon after reprojection and repair. Check the layer's CRS and "
                     "geometry in QGIS.");

  step("checking buildings", 1);
  inside_.resize(in_.buildings.size());
  bindex_ = std::make_unique<PolygonIndex>(g_);
  for (size_t i = 0; i < in_.buildings.size(); ++i) {
    geos::GeomPtr gg = geos::toGeos(g_, in_.buildings[i].footprint);
    inside_[i] = pointOnSurface(in_.buildings[i].footprint);
    bindex_->add(std::move(gg));
  }
  bindex_->build();
}

void Loader::readHouseholdPoints() {
  pointCount_.assign(in_.buildings.size(), 0);
  if (opt_.household_points.path.empty()) return;
  SourceLayer s("household-points", opt_.household_points, opt_.encoding, {"households", "household", "住户", "户"});
  if (!s.encodingNote().empty()) problem("encoding", Severity::Info, s.label(), s.encodingNote());
  int bIdx = opt_.household_building_field.empty()
                 ? -1
                 : s.resolveField("household-building-field", opt_.household_building_field, {});
  int idIdx = s.resolveField("", "", kHhIdFields);
  int enIdx = s.resolveField("", "", kHhEntranceFields);
  int flIdx = s.resolveField("", "", kHhFloorFields);
  OGRFeatureDefn* defn = s.layer()->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i)
    in_.household_fields.push_back({defn->GetFieldDefn(i)->GetNameRef(), static_cast<int>(defn->GetFieldDefn(i)->GetType())});

  std::unordered_map<std::string, int> byId;
  for (size_t i = 0; i < in_.buildings.size(); ++i) byId.emplace(in_.buildings[i].bld_id, static_cast<int>(i));

  std::vector<HouseholdPoint> pts;
  std::vector<long long> fids;
  std::vector<std::string> claimed;
  GIntBig expected = s.layer()->GetFeatureCount(FALSE);  // cheap where the driver knows it (GPKG)
  if (expected > 0) {
    pts.reserve(static_cast<size_t>(expected));
    fids.reserve(static_cast<size_t>(expected));
    if (bIdx >= 0) claimed.reserve(static_cast<size_t>(expected));
  }
  long long n = 0, noGeom = 0;
  step("household points", 0);
  ReadWatch watch(gdal_, s);
  for (auto& fp : *s.layer()) {
    watch.next(fp->GetFID());
    OGRFeature* f = fp.get();
    if (++n % 16384 == 0)
      step("household points", std::min(1.0, static_cast<double>(n) / static_cast<double>(std::max<GIntBig>(1, expected))));
    const OGRGeometry* geom = f->GetGeometryRef();
    HouseholdPoint h;
    bool hasPoint = false;
    if (geom && !geom->IsEmpty()) {
      auto t = wkbFlatten(geom->getGeometryType());
      if (t == wkbPoint) {
        h.at = {geom->toPoint()->getX(), geom->toPoint()->getY()};
        hasPoint = true;
      } else {
        OGRPoint c;
        if (geom->Centroid(&c) == OGRERR_NONE && !c.IsEmpty()) {
          h.at = {c.getX(), c.getY()};
          hasPoint = true;
        }
      }
    }
    std::string hid = fieldText(f, idIdx);
    h.hh_id = hid.empty() ? "H" + std::to_string(f->GetFID()) : hid;
    if (enIdx >= 0 && f->IsFieldSetAndNotNull(enIdx)) h.entrance = f->GetFieldAsInteger(enIdx);
    if (flIdx >= 0 && f->IsFieldSetAndNotNull(flIdx)) h.floor = f->GetFieldAsInteger(flIdx);
    int nf = f->GetFieldCount();
    h.attrs.resize(static_cast<size_t>(nf));
    h.attr_null.resize(static_cast<size_t>(nf));
    for (int i = 0; i < nf; ++i) {
      bool isNull = !f->IsFieldSetAndNotNull(i);
      h.attr_null[static_cast<size_t>(i)] = isNull;
      if (!isNull) h.attrs[static_cast<size_t>(i)] = f->GetFieldAsString(i);
    }
    if (bIdx >= 0) claimed.push_back(fieldText(f, bIdx));
    if (!hasPoint) {
      ++noGeom;
      h.at = {NAN, NAN};
    }
    pts.push_back(std::move(h));
    fids.push_back(f->GetFID());
  }
  watch.done();
  addLayerInfo(s, n);

  BBox box;
  for (const auto& h : pts)
    if (std::isfinite(h.at.x)) box.add(h.at);
  const OGRSpatialReference* crs = layerCrs(s, box);
  Reprojector rp = reprojector(s, crs);
  {
    // One bulk transform: PROJ is much faster on arrays than point by point.
    std::vector<XY> all;
    all.reserve(pts.size());
    for (const auto& h : pts) all.push_back(std::isfinite(h.at.x) ? h.at : XY{0, 0});
    rp.apply(all);  // points that fail come back non-finite
    for (size_t i = 0; i < pts.size(); ++i)
      if (std::isfinite(pts[i].at.x))
        pts[i].at = std::isfinite(all[i].x) && std::isfinite(all[i].y) ? all[i] : XY{NAN, NAN};
  }
  long long outside = 0, unknownBld = 0;
  std::vector<std::string> unknownEx;
  for (size_t i = 0; i < pts.size(); ++i) {
    HouseholdPoint& h = pts[i];
    int bi = -1;
    if (bIdx >= 0 && !claimed[i].empty()) {
      auto it = byId.find(claimed[i]);
      if (it != byId.end()) {
        bi = it->second;
      } else {
        ++unknownBld;
        if (unknownEx.size() < kFewExamples) unknownEx.push_back(claimed[i]);
      }
    }
    if (bi < 0 && std::isfinite(h.at.x)) bi = bindex_->find(h.at);
    if (bi < 0) {
      // One problem per point for the first few hundred; the summary below counts them all.
      if (++outside > 200) continue;
      problem("household_outside_building", Severity::Warning, feat(s, fids[i], "hh_id=" + h.hh_id),
              std::isfinite(h.at.x) ? "The household point lies in no building, so it is counted in none. Move it "
                                      "into its building or fill the building field."
                                    : "The household has no location and no known building; it is counted in none.",
              std::isfinite(h.at.x) ? std::optional<XY>(h.at) : std::nullopt);
      continue;
    }
    h.bld_id = in_.buildings[static_cast<size_t>(bi)].bld_id;
    ++pointCount_[static_cast<size_t>(bi)];
  }
  if (noGeom > 0 && opt_.household_building_field.empty())
    problem("household_no_location", Severity::Warning, s.label(),
            fmtInt(noGeom) + " household records have no point; without --household-building-field they cannot be "
                             "placed in a building.");
  if (unknownBld > 0) {
    std::string ex;
    for (auto& e : unknownEx) ex += (ex.empty() ? "" : ", ") + e;
    problem("household_unknown_building", Severity::Warning, s.label(),
            fmtInt(unknownBld) + " household points name a building that is not in the buildings layer (in field " +
                opt_.household_building_field + ", e.g. " + ex +
                "); they were placed by location where they have one. " +
                (idFieldName_.empty() ? "The buildings' ids are generated (B<fid>): pass --id-field naming the "
                                        "buildings' field that holds the ids the register uses."
                                      : "Check the ids in " + idFieldName_ + " match the register's."));
  }
  if (outside > 0) {
    // Without a households field the points are the counts: a point in no building is a household lost (issue 11:
    // 500 of 500 register records without a location once gave exit 0).
    bool lost = !haveHhField_;
    if (lost) in_.households_left_out += outside;
    problem("households_unplaced", lost ? Severity::Error : Severity::Warning, s.label(),
            fmtInt(outside) + " of " + fmtInt(n) + " household records land in no building" +
                (lost ? ", so these " + fmtInt(outside) + " households are in no grid. Give each record a point "
                        "inside its building, or pass --household-building-field naming the field that holds its "
                        "building id."
                      : "; the buildings' households field is used, so no household is lost."));
  }
  in_.households = std::move(pts);
}

void Loader::removeBuildings(const std::vector<char>& keep) {
  std::unordered_set<std::string> gone;
  size_t k = 0;
  for (size_t i = 0; i < in_.buildings.size(); ++i) {
    if (!keep[i]) {
      gone.insert(in_.buildings[i].bld_id);
      continue;
    }
    if (k != i) {
      in_.buildings[k] = std::move(in_.buildings[i]);
      raw_[k] = std::move(raw_[i]);
      inside_[k] = inside_[i];
      pointCount_[k] = pointCount_[i];
    }
    ++k;
  }
  in_.buildings.resize(k);
  raw_.resize(k);
  inside_.resize(k);
  pointCount_.resize(k);
  bindex_.reset();  // indexed by the old positions; nothing after this step looks buildings up by location
  for (auto& h : in_.households)
    if (!h.bld_id.empty() && gone.count(h.bld_id)) h.bld_id.clear();
  if (in_.buildings.empty()) {
    std::string ex;
    size_t shown = 0;
    for (const auto& p : in_.problems.items())
      if (p.severity == Severity::Error && p.kind.find("count") != std::string::npos && shown++ < 3)
        ex += "\n  " + p.feature + ": " + p.message;
    throw InputError("--buildings " + bsrc_->source() + ", layer " + bsrc_->layerName() +
                     ": every building was left out because a count in it is not usable; nothing to plan. Correct "
                     "the values. The first:" + ex);
  }
}

// Whether a count is usable: NULL, or a whole number from 0 to `cap`. Anything else is a problem of severity error
// naming the feature, field and value (issue 11), and the caller leaves the building out.
bool Loader::countUsable(const Count& c, long long cap, const char* what, const std::string& field,
                         const char* capOption, const std::string& label, XY at, bool halvesAllowed) {
  std::string why, kind;
  switch (c.state) {
    case Count::Null: return true;
    case Count::Ok:
      if (c.value <= cap) return true;
      kind = "count_too_large";
      why = "is above the cap of " + fmtInt(cap) + " a building (" + capOption + ")";
      break;
    case Count::Fractional:
      if (halvesAllowed) return true;
      kind = "fractional_count";
      why = "is not a whole number";
      break;
    case Count::Negative:
      kind = "negative_count";
      why = "is negative";
      break;
    case Count::NonNumeric:
      kind = "non_numeric_count";
      why = "is not a number";
      break;
    case Count::NonFinite:
      kind = "non_finite_count";
      why = "is not a finite number";
      break;
  }
  problem(kind, Severity::Error, label,
          std::string(what) + " \"" + c.text + "\" in field " + field + " " + why +
              "; the building is left out of the plan. Correct the value" +
              (kind == "count_too_large" ? std::string(", or pass ") + capOption + " N if the building really holds that many"
                                         : std::string()) +
              ".",
          at);
  return false;
}

void Loader::decideHouseholds() {
  const SourceLayer& s = *bsrc_;
  long long nullHh = 0, estimated = 0, estimatedHh = 0, fromPop = 0, defaultFloors = 0, heightFloors = 0,
            estEntr = 0, fromPoints = 0, zeroPoints = 0, mismatch = 0, mismatchDiff = 0, halfFloors = 0;
  long long leftOut = 0, leftOutHh = 0, leftOutPoints = 0;
  bool pointsGiven = !opt_.household_points.path.empty();
  std::vector<char> keep(in_.buildings.size(), 1);
  const std::string popField = opt_.population_field;
  for (size_t i = 0; i < in_.buildings.size(); ++i) {
    Building& b = in_.buildings[i];
    const RawBuilding& r = raw_[i];
    std::string label = feat(s, b.source_fid, "bld_id=" + b.bld_id);
    // Every count is checked before it is used; one bad count leaves the building out (its households cannot be
    // trusted, and guessing them would hide the typo).
    bool usable = true;
    if (haveHhField_)
      usable = countUsable(r.hh, maxHouseholds(), "Households", hhFieldName_, "--max-households", label, inside_[i],
                           false) && usable;
    if (havePop_)
      usable = countUsable(r.pop, maxHouseholds() * 100, "Population", popField, "--max-households", label,
                           inside_[i], true) && usable;
    // OpenStreetMap tags half storeys (an attic: building:levels=2.5); elsewhere a fractional floor count is a typo.
    usable = countUsable(r.floors, maxFloors(), "Floors", floorsFieldName_, "--max-floors", label, inside_[i],
                         s.isOsm()) && usable;
    usable = countUsable(r.entrances, maxEntrances(), "Entrances", entrancesFieldName_, "--max-entrances", label,
                         inside_[i], false) && usable;
    if (usable && r.height > 3.0 * static_cast<double>(maxFloors())) {
      problem("count_too_large", Severity::Error, label,
              "Height " + fmtNum(r.height) + " m is above " + fmtInt(3 * maxFloors()) + " m (" +
                  fmtInt(maxFloors()) + " floors, --max-floors); the building is left out of the plan. Correct "
                  "the value.",
              inside_[i]);
      usable = false;
    }
    if (!usable) {
      keep[i] = 0;
      ++leftOut;
      // What is known of its households is reported, so households read = households planned + left out.
      if (pointsGiven && !haveHhField_) leftOutPoints += pointCount_[i];
      if (haveHhField_) leftOutHh += knownHouseholds(r.hh);
      continue;
    }

    // Floors: the field, else height ÷ 3 m, else the default; used for the estimate and kept for pieces.
    if (r.floors.state == Count::Ok) {
      b.floors = static_cast<int>(r.floors.value);
    } else if (r.floors.state == Count::Fractional) {
      b.floors = std::max(1, static_cast<int>(std::floor(std::atof(r.floors.text.c_str()))));
      ++halfFloors;
    }
    if (b.floors <= 0 && r.height > 0) {
      b.floors = std::max(1, static_cast<int>(std::lround(r.height / 3.0)));
      b.floors_estimated = true;
      ++heightFloors;
    }

    bool decided = false;
    if (haveHhField_) {
      if (r.hh.state == Count::Ok) {
        b.households = static_cast<int>(r.hh.value);
        b.hh_source = HhSource::Field;
        decided = true;
      } else if (!opt_.estimate_missing && !pointsGiven && !havePop_) {
        b.households = 0;
        b.hh_source = HhSource::Field;
        decided = true;
        ++nullHh;
      }
    }
    if (decided && pointsGiven && b.hh_source == HhSource::Field && pointCount_[i] != b.households) {
      ++mismatch;
      mismatchDiff += pointCount_[i] - b.households;
      if (mismatch <= 200)
        problem("households_mismatch", Severity::Warning, label,
                "Field " + hhFieldName_ + " says " + std::to_string(b.households) + " households but " +
                    std::to_string(pointCount_[i]) + " household points lie in the building; the field is used. "
                    "Check the register or the count.",
                inside_[i]);
    }
    long long guess = -1;
    std::string guessHow;
    if (!decided && havePop_ && (r.pop.state == Count::Ok || r.pop.state == Count::Fractional)) {
      guess = std::llround(static_cast<double>(r.pop.value) / std::max(0.1, opt_.persons_per_household));
      guessHow = "population " + r.pop.text + " ÷ " + fmtNum(opt_.persons_per_household);
      b.hh_source = HhSource::Estimate;
      decided = true;
      ++fromPop;
    }
    if (!decided && pointsGiven) {
      b.households = pointCount_[i];
      b.hh_source = HhSource::Points;
      decided = true;
      ++fromPoints;
      if (b.households == 0) ++zeroPoints;
    }
    if (!decided) {
      int floors = b.floors;
      if (floors <= 0) {
        floors = std::max(1, opt_.default_floors);
        b.floors = floors;
        b.floors_estimated = true;
        ++defaultFloors;
      }
      guess = r.nonResidential ? 0
                               : estimateHouseholds(floors, area(b.footprint), opt_.floor_area_factor,
                                                    opt_.area_per_household);
      guessHow = std::to_string(floors) + " floors × " + fmtNum(std::round(area(b.footprint))) + " m² × " +
                 fmtNum(opt_.floor_area_factor) + " ÷ " + fmtNum(opt_.area_per_household) + " m²";
      b.hh_source = HhSource::Estimate;
      ++estimated;
    }
    if (guess >= 0) {
      if (guess > maxHouseholds()) {
        problem("count_too_large", Severity::Error, label,
                "The household estimate " + guessHow + " = " + fmtInt(guess) + " is above the cap of " +
                    fmtInt(maxHouseholds()) + " a building (--max-households); the building is left out of the "
                    "plan. Check the layer's CRS and units (a footprint in the wrong units is huge) or give a "
                    "households field.",
                inside_[i]);
        keep[i] = 0;
        ++leftOut;
        continue;
      }
      b.households = static_cast<int>(guess);
      if (b.hh_source == HhSource::Estimate && guessHow.rfind("population", 0) != 0) estimatedHh += guess;
    }

    // Entrances: the field, else from the footprint's shape.
    if (r.entrances.state == Count::Ok && r.entrances.value >= 1) {
      b.entrances = static_cast<int>(r.entrances.value);
      b.entrances_estimated = false;
    } else {
      b.entrances =
          b.households > 0 ? std::min(estimateEntrances(b.footprint, 15.0, b.households, b.floors), b.households) : 1;
      b.entrances_estimated = true;
      if (b.households > 0) ++estEntr;
    }
  }
  if (leftOut > 0) removeBuildings(keep);
  leftOutHh += leftOutPoints;
  in_.households_left_out += leftOutHh;
  if (leftOut > 0)
    problem("buildings_left_out", Severity::Error, s.label(),
            fmtInt(leftOut) + " buildings are left out of the plan because a count in them is not usable (listed "
                              "above by feature)" +
                (leftOutPoints > 0 ? ", with the " + fmtInt(leftOutPoints) + " household points that lie in them" : "") +
                ". Correct the values and run again.");

  const std::string L = s.label();
  const size_t nb = in_.buildings.size();
  if (nullHh > 0)
    problem("missing_count", Severity::Info, L,
            fmtInt(nullHh) + " of " + fmtInt(nb) + " buildings have no value in " + hhFieldName_ +
                "; they are counted as non-residential (0 households). Fill the field, or pass --estimate-missing "
                "to estimate them from floors and area.");
  if (fromPop > 0)
    problem("households_from_population", Severity::Info, L,
            fmtInt(fromPop) + " buildings' households are their population in " + opt_.population_field + " ÷ " +
                fmtNum(opt_.persons_per_household) + " persons per household (an estimate).");
  if (estimated > 0)
    problem("estimated_households", Severity::Info, L,
            fmtInt(estimated) + " of " + fmtInt(nb) + " buildings have households estimated as floors × area × " +
                fmtNum(opt_.floor_area_factor) + " ÷ " + fmtNum(opt_.area_per_household) + " m² (" + fmtInt(estimatedHh) +
                " households in all). Give a households field or household points for real counts.");
  if (defaultFloors > 0)
    problem("estimated_floors", Severity::Info, L,
            fmtInt(defaultFloors) + " buildings have no floors" +
                (floorsFieldName_.empty() ? "" : " in " + floorsFieldName_) + " and no height; " +
                std::to_string(std::max(1, opt_.default_floors)) +
                " floor(s) assumed for their household estimate. Fill the floors or pass --default-floors N.");
  if (heightFloors > 0)
    problem("floors_from_height", Severity::Info, L,
            fmtInt(heightFloors) + " buildings' floors are their height ÷ 3 m.");
  if (halfFloors > 0)
    problem("half_floors", Severity::Info, L,
            fmtInt(halfFloors) + " buildings have a fractional floors value in " + floorsFieldName_ +
                " (OpenStreetMap's half storeys); the whole floors below it are used.");
  if (mismatch > 0)
    problem("households_mismatches", Severity::Warning, L,
            fmtInt(mismatch) + " buildings' households field disagrees with their household points (points minus "
                               "field: " + fmtInt(mismatchDiff) + " in all); the field is used.");
  if (zeroPoints > 0)
    problem("no_household_points", Severity::Info, L,
            fmtInt(zeroPoints) + " of " + fmtInt(fromPoints) +
                " buildings counted from household points hold none; they are non-residential (0 households).");
  if (estEntr > 0)
    problem("estimated_entrances", Severity::Info, L,
            fmtInt(estEntr) + " residential buildings have entrances (单元) estimated from their footprint (towers "
                              "1, or one per 8 households a floor; slab blocks one per 15 m). Give an entrances field for real numbers.");
}

void Loader::readCommunities() {
  if (opt_.communities.path.empty()) {
    defaultCommunity();
    return;
  }
  SourceLayer s("communities", opt_.communities, opt_.encoding, {"communities", "community", "社区"});
  if (!s.encodingNote().empty()) problem("encoding", Severity::Info, s.label(), s.encodingNote());
  int idIdx = s.resolveField("community-id-field", opt_.community_id_field, kCommunityIdFields);
  int nmIdx = s.resolveField("community-name-field", opt_.community_name_field, kCommunityNameFields);
  std::vector<Community> raw;
  std::vector<long long> fids;
  long long n = 0;
  ReadWatch watch(gdal_, s);
  for (auto& fp : *s.layer()) {
    watch.next(fp->GetFID());
    ++n;
    OGRFeature* f = fp.get();
    Community c;
    c.area = f->GetGeometryRef() ? ogr::toMultiPolygon(f->GetGeometryRef()) : MultiPolygon{};
    std::string id = fieldText(f, idIdx);
    c.community_id = id.empty() ? "C" + std::to_string(f->GetFID()) : id;
    c.name = fieldText(f, nmIdx);
    if (c.area.empty()) {
      problem("not_polygon", Severity::Warning, feat(s, f->GetFID(), "community_id=" + c.community_id),
              "The community has no polygon; it is skipped.");
      continue;
    }
    raw.push_back(std::move(c));
    fids.push_back(f->GetFID());
  }
  watch.done();
  addLayerInfo(s, n);
  if (idIdx >= 0) {
    // Grid codes extend the community's 12-digit statistical division code (DESIGN §1); say what they will look
    // like when the code is missing or not one.
    const std::string field = s.fieldNames()[static_cast<size_t>(idIdx)];
    for (size_t i = 0; i < raw.size(); ++i) {
      const std::string& id = raw[i].community_id;
      bool digits = !id.empty() && id.find_first_not_of("0123456789") == std::string::npos;
      bool nullId = id == "C" + std::to_string(fids[i]);
      if (digits && (id.size() == 12 || id.size() == 9)) continue;
      problem("community_code", Severity::Warning, feat(s, fids[i], "community_id=" + id),
              (nullId ? "The community has no code in field " + field + ", so it is called " + id
                      : "Community code \"" + id + "\" in field " + field +
                            " is not a 12-digit (or 9-digit) statistical division code") +
                  "; its grid codes will be " + id + "001, " + id + "002… and its units " + id + "00101…. Fill the "
                  "12-digit code (6 county + 3 street + 3 community digits) for codes that match the register.");
    }
  }
  if (idIdx < 0)
    problem("missing_id", Severity::Warning, s.label(),
            "The communities layer has no id field (community_id, code, 社区代码…); ids C<fid> are used, so grid "
            "codes will not extend the statistical code. Pass --community-id-field.");
  BBox box;
  for (auto& c : raw) box.add(bbox(c.area));
  Reprojector rp = reprojector(s, layerCrs(s, box));
  std::unordered_map<std::string, int> seen;
  for (size_t i = 0; i < raw.size(); ++i) {
    Community& c = raw[i];
    std::string label = feat(s, fids[i], "community_id=" + c.community_id);
    if (!rp.apply(c.area)) {
      problem("transform_failed", Severity::Error, label, "The community could not be reprojected; it is skipped.");
      continue;
    }
    c.area = repair(std::move(c.area), label, "community");
    if (c.area.empty()) continue;
    if (++seen[c.community_id] > 1) {
      std::string renamed = c.community_id + "-" + std::to_string(seen[c.community_id]);
      problem("duplicate_id", Severity::Warning, label,
              "Community id " + c.community_id + " is used twice; this one is called " + renamed +
                  ". Give each community its own code (or merge the parts into one multipolygon).");
      c.community_id = renamed;
    }
    in_.communities.push_back(std::move(c));
  }
  if (in_.communities.empty())
    throw InputError("--communities " + s.source() + ", layer " + s.layerName() +
                     ": no usable community polygon. Give a polygon layer of community boundaries.");

  // Overlaps make a building's community ambiguous: a hard error for the plan.
  PolygonIndex idx(g_);
  for (auto& c : in_.communities) idx.add(geos::toGeos(g_, c.area));
  idx.build();
  for (size_t i = 0; i < in_.communities.size(); ++i) {
    for (int j : idx.candidates(idx.geom(static_cast<int>(i)))) {
      if (j <= static_cast<int>(i)) continue;
      geos::GeomPtr inter = geos::own(g_, GEOSIntersection_r(g_, idx.geom(static_cast<int>(i)), idx.geom(j)));
      double a = 0;
      if (inter) GEOSArea_r(g_, inter.get(), &a);
      double smaller = std::min(area(in_.communities[i].area), area(in_.communities[static_cast<size_t>(j)].area));
      if (a <= 1.0) continue;
      bool sliver = a < 0.01 * smaller;
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.0f", a);
      XY at = centroid(geos::toMultiPolygon(g_, inter.get()));
      problem("communities_overlap", sliver ? Severity::Warning : Severity::Error,
              "communities " + in_.communities[i].community_id + " and " +
                  in_.communities[static_cast<size_t>(j)].community_id,
              std::string("Communities ") + in_.communities[i].community_id + " and " +
                  in_.communities[static_cast<size_t>(j)].community_id + " overlap by " + buf + " m²" +
                  (sliver ? " (a sliver); buildings there go to the first. Snap the boundaries in QGIS."
                          : "; a building there would be in two communities. Fix the boundaries so they only touch."),
              at);
    }
  }
}

void Loader::defaultCommunity() {
  // One community around all buildings: their convex hull grown by 50 m.
  std::vector<GEOSGeometry*> pts;
  for (const auto& b : in_.buildings)
    for (const auto& p : b.footprint)
      if (!p.rings.empty())
        for (const XY& v : p.rings[0]) pts.push_back(geos::toGeos(g_, v).release());
  geos::GeomPtr mp = geos::own(g_, GEOSGeom_createCollection_r(g_, GEOS_MULTIPOINT, pts.data(),
                                                                static_cast<unsigned>(pts.size())));
  geos::GeomPtr hull = geos::own(g_, GEOSConvexHull_r(g_, mp.get()));
  geos::GeomPtr buf = geos::own(g_, GEOSBuffer_r(g_, hull.get(), 50.0, 8));
  Community c;
  c.community_id = "000000000000";
  c.name = fs::path(opt_.buildings.path).stem().string();
  c.area = geos::toMultiPolygon(g_, buf.get());
  in_.communities.push_back(std::move(c));
  bool ownField = false;
  for (const auto& f : in_.building_fields) ownField = ownField || f.name == "community_id" || f.name == "社区代码";
  problem("default_community", Severity::Info, "communities",
          "No --communities given: one community (" + in_.communities[0].community_id +
              ") covers all buildings, 50 m around them" +
              (ownField ? std::string(" (the buildings' own community field is not used for this)") : "") +
              ". Pass --communities with the real 社区 boundaries: grids never cross a community boundary.");
}

void Loader::assignCommunities() {
  PolygonIndex idx(g_);
  for (auto& c : in_.communities) idx.add(geos::toGeos(g_, c.area));
  idx.build();
  long long outside = 0, outsideHh = 0;
  for (size_t i = 0; i < in_.buildings.size(); ++i) {
    Building& b = in_.buildings[i];
    int ci = idx.find(inside_[i]);
    if (ci < 0) {
      ++outside;
      outsideHh += b.households;
      problem("building_outside_community", b.households > 0 ? Severity::Error : Severity::Warning,
              feat(*bsrc_, b.source_fid, "bld_id=" + b.bld_id),
              "The building lies in no community" +
                  (b.households > 0 ? ", so its " + fmtInt(b.households) + " households are in no grid" : std::string()) +
                  ". Extend the community boundary to cover it.",
              inside_[i]);
      continue;
    }
    Community& c = in_.communities[static_cast<size_t>(ci)];
    b.community_id = c.community_id;
    c.households += b.households;
    std::string label = feat(*bsrc_, b.source_fid, "bld_id=" + b.bld_id);
    // A footprint across a boundary is planned whole in the community of its point on surface: said, not hidden.
    geos::GeomPtr gg = geos::toGeos(g_, b.footprint);
    std::vector<int> cands = gg ? idx.candidates(gg.get()) : std::vector<int>{};
    if (cands.size() > 1) {
      double total = area(b.footprint);
      for (int other : cands) {
        if (other == ci) continue;
        geos::GeomPtr inter = geos::own(g_, GEOSIntersection_r(g_, gg.get(), idx.geom(other)));
        double a = 0;
        if (inter) GEOSArea_r(g_, inter.get(), &a);
        if (a <= 1.0 || a < 0.02 * total) continue;
        char pct[16];
        std::snprintf(pct, sizeof pct, "%.0f%%", 100.0 * a / std::max(total, 1e-9));
        problem("building_in_two_communities", Severity::Warning, label,
                "The building lies in communities " + c.community_id + " and " +
                    in_.communities[static_cast<size_t>(other)].community_id + " (" + pct + " of it in the second); " +
                    "it is planned whole in " + c.community_id + ". Correct the footprint or the boundary.",
                inside_[i]);
        break;
      }
    }
    // The parts of one feature far apart are probably separate buildings sharing a record (one count, one grid).
    if (b.footprint.size() > 1) {
      double far = 0;
      for (size_t p = 0; p < b.footprint.size(); ++p)
        for (size_t q = p + 1; q < b.footprint.size(); ++q) {
          BBox bp = bbox(b.footprint[p]), bq = bbox(b.footprint[q]);
          double dx = std::max({0.0, bp.minx - bq.maxx, bq.minx - bp.maxx});
          double dy = std::max({0.0, bp.miny - bq.maxy, bq.miny - bp.maxy});
          far = std::max(far, std::hypot(dx, dy));
        }
      if (far > kPartsApart)
        problem("building_parts_apart", Severity::Warning, label,
                "The building's " + std::to_string(b.footprint.size()) + " parts lie up to " +
                    fmtInt(std::llround(far)) + " m apart; they are planned as one building (one household count, "
                    "one grid). If they are separate buildings, give each its own feature.",
                inside_[i]);
    }
  }
  if (outside > 0)
    problem("buildings_outside_communities", outsideHh > 0 ? Severity::Error : Severity::Warning, bsrc_->label(),
            fmtInt(outside) + " buildings (" + fmtInt(outsideHh) + " households) lie in no community.");
}

void Loader::readCompounds() {
  if (opt_.compounds.path.empty()) {
    // Compounds named by the buildings themselves: an area around each compound's buildings.
    std::map<std::string, std::vector<size_t>> members;
    for (size_t i = 0; i < in_.buildings.size(); ++i)
      if (!in_.buildings[i].compound_id.empty()) members[in_.buildings[i].compound_id].push_back(i);
    for (auto& [id, list] : members) {
      std::vector<GEOSGeometry*> pts;
      for (size_t i : list)
        for (const auto& p : in_.buildings[i].footprint)
          if (!p.rings.empty())
            for (const XY& v : p.rings[0]) pts.push_back(geos::toGeos(g_, v).release());
      geos::GeomPtr mp = geos::own(g_, GEOSGeom_createCollection_r(g_, GEOS_MULTIPOINT, pts.data(),
                                                                    static_cast<unsigned>(pts.size())));
      geos::GeomPtr hull = geos::own(g_, GEOSConvexHull_r(g_, mp.get()));
      geos::GeomPtr buf = geos::own(g_, GEOSBuffer_r(g_, hull.get(), 5.0, 4));
      in_.compounds.push_back({id, "", geos::toMultiPolygon(g_, buf.get())});
    }
    if (!members.empty())
      problem("derived_compounds", Severity::Info, bsrc_->label(),
              fmtInt(static_cast<long long>(members.size())) +
                  " compounds come from the buildings' compound field; their areas are the hull of their buildings "
                  "plus 5 m. Pass --compounds with the real 小区 walls for better grid edges.");
    return;
  }
  SourceLayer s("compounds", opt_.compounds, opt_.encoding, {"compounds", "compound", "小区"});
  if (!s.encodingNote().empty()) problem("encoding", Severity::Info, s.label(), s.encodingNote());
  int idIdx = s.resolveField("compound-id-field", opt_.compound_id_field, kCompoundIdFields);
  if (idIdx < 0) idIdx = s.resolveField("", "", {"id", "code", "block_id"});
  int nmIdx = s.resolveField("", "", kCompoundNameFields);
  std::vector<Compound> raw;
  std::vector<long long> fids;
  long long n = 0;
  ReadWatch watch(gdal_, s);
  for (auto& fp : *s.layer()) {
    watch.next(fp->GetFID());
    ++n;
    OGRFeature* f = fp.get();
    Compound c;
    c.area = f->GetGeometryRef() ? ogr::toMultiPolygon(f->GetGeometryRef()) : MultiPolygon{};
    std::string id = fieldText(f, idIdx);
    c.compound_id = id.empty() ? "K" + std::to_string(f->GetFID()) : id;
    c.name = fieldText(f, nmIdx);
    if (c.area.empty()) {
      problem("not_polygon", Severity::Warning, feat(s, f->GetFID(), "compound_id=" + c.compound_id),
              "The compound has no polygon; it is skipped.");
      continue;
    }
    raw.push_back(std::move(c));
    fids.push_back(f->GetFID());
  }
  watch.done();
  addLayerInfo(s, n);
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
              "Compound id " + c.compound_id + " is used twice; this one is called " + renamed + ".");
      c.compound_id = renamed;
    }
    in_.compounds.push_back(std::move(c));
  }
  PolygonIndex idx(g_);
  for (auto& c : in_.compounds) idx.add(geos::toGeos(g_, c.area));
  idx.build();
  for (size_t i = 0; i < in_.buildings.size(); ++i) {
    int k = idx.find(inside_[i]);
    in_.buildings[i].compound_id = k < 0 ? std::string() : in_.compounds[static_cast<size_t>(k)].compound_id;
  }
}

void Loader::readBarriers(const LayerSource& src) {
  SourceLayer s("barriers", src, opt_.encoding, {"roads", "barriers", "lines", "river", "道路"});
  if (!s.encodingNote().empty()) problem("encoding", Severity::Info, s.label(), s.encodingNote());
  OGRwkbGeometryType gt = wkbFlatten(s.layer()->GetGeomType());
  if (gt == wkbPoint || gt == wkbMultiPoint)
    throw InputError("--barriers " + s.source() + ", layer " + s.layerName() +
                     ": the layer holds points, but a barrier is a line (a road, railway or river) or an area. Give "
                     "the line layer" + (s.dataset()->GetLayerCount() > 1 ? " (--barriers-layer picks it)." : "."));
  int hwIdx = s.resolveField("", "", {"highway"});
  int wwIdx = s.resolveField("", "", {"waterway"});
  int rwIdx = s.resolveField("", "", {"railway"});
  int kindIdx = s.resolveField("", "", {"kind", "type", "类型"});
  int nmIdx = s.resolveField("", "", {"name", "名称"});
  int tunIdx = s.resolveField("", "", {"tunnel", "is_tunnel"});
  if (s.isOsm() && s.layerName() == "lines") {
    std::string f;
    for (int i : {hwIdx, wwIdx, rwIdx})
      if (i >= 0) f += (f.empty() ? "" : " OR ") + s.fieldNames()[static_cast<size_t>(i)] + " IS NOT NULL";
    s.setFilter(f, "");
  }
  std::string lname = s.layerName();
  std::transform(lname.begin(), lname.end(), lname.begin(), [](unsigned char c) { return std::tolower(c); });
  auto has = [&](const char* w) { return lname.find(w) != std::string::npos; };
  std::string layerKind = has("river") || has("water") || has("河") || has("水")   ? "river"
                          : has("rail") || has("铁路")                           ? "railway"
                          : has("road") || has("street") || has("路") || has("街") || has("line") ? "road"
                                                                                   : "barrier";
  std::vector<Barrier> out;
  long long n = 0, minor = 0, polygons = 0, underground = 0;
  ReadWatch watch(gdal_, s);
  for (auto& fp : *s.layer()) {
    watch.next(fp->GetFID());
    ++n;
    OGRFeature* f = fp.get();
    const OGRGeometry* geom = f->GetGeometryRef();
    if (!geom || geom->IsEmpty()) continue;
    std::string kind = layerKind;
    std::string hw = fieldText(f, hwIdx), k = fieldText(f, kindIdx), rw = fieldText(f, rwIdx);
    // Tunnels and underground or disused lines do not separate anything on the ground.
    bool tunnel = (tunIdx >= 0 && f->IsFieldSetAndNotNull(tunIdx) && fieldText(f, tunIdx) != "no" &&
                   fieldText(f, tunIdx) != "0") ||
                  (s.hasOtherTags() && osmTag(f->GetFieldAsString(s.otherTagsIndex()), "tunnel").value_or("no") != "no");
    if (tunnel || kMinorRailways.count(rw)) {
      ++underground;
      continue;
    }
    if (!hw.empty()) {
      if (kMinorHighways.count(hw)) {
        ++minor;
        continue;
      }
      kind = "road";
    } else if (!fieldText(f, wwIdx).empty()) {
      kind = "river";
    } else if (!rw.empty()) {
      kind = "railway";
    } else if (!k.empty()) {
      if (k == "path" || k == "ferry" || k == "aerialway") {
        ++minor;
        continue;
      }
      if (k.find("road") != std::string::npos || k == "highway") kind = "road";
      else if (k == "rail") kind = "railway";
      else if (k == "river" || k == "riverbank" || k == "water" || k == "canal" || k == "stream") kind = "river";
    }
    std::vector<LineString> lines = ogr::toLineStrings(geom);
    MultiPolygon polys = ogr::toMultiPolygon(geom);
    if (!polys.empty()) ++polygons;
    for (auto& p : polys)
      for (auto& r : p.rings) lines.push_back(r);
    std::string name = fieldText(f, nmIdx);
    for (auto& l : lines)
      if (l.size() >= 2) out.push_back({kind, name, std::move(l)});
  }
  watch.done();
  addLayerInfo(s, n);
  BBox box;
  for (auto& b : out) box.add(bbox(b.line));
  Reprojector rp = reprojector(s, layerCrs(s, box));
  long long failed = 0;
  for (auto& b : out) {
    if (!rp.apply(b.line)) {
      ++failed;
      continue;
    }
    in_.barriers.push_back(std::move(b));
  }
  if (polygons > 0)
    problem("barrier_polygons", Severity::Info, s.label(),
            fmtInt(polygons) + " barrier features are areas (e.g. a river drawn as water); their outlines are used as "
                               "barrier lines.");
  if (minor > 0)
    problem("minor_paths_ignored", Severity::Info, s.label(),
            fmtInt(minor) + " footways, paths and service roads are not used as barriers: they run inside compounds.");
  if (underground > 0)
    problem("tunnels_ignored", Severity::Info, s.label(),
            fmtInt(underground) + " tunnels, subway, tram and disused railway lines are not used as barriers.");
  if (failed > 0)
    problem("transform_failed", Severity::Warning, s.label(),
            fmtInt(failed) + " barrier lines could not be reprojected and are skipped.");
}

// Text that is not valid UTF-8 (a wrong --encoding, a damaged field) once reached the plan file's JSON writer and
// ended the run with an internal error (issue 11). Every text read is made valid here, once: undecodable bytes
// become U+FFFD, with a warning naming the feature and field, and a count per field.
void Loader::fixText() {
  std::map<std::pair<std::string, std::string>, long long> perField;  // (layer, field) → texts fixed
  std::set<std::pair<std::string, std::string>> said;  // (feature, field): the id is also among the attributes
  auto fix = [&](std::string& text, const std::string& layer, const std::string& field,
                 const std::function<std::string()>& feature) {
    if (!toValidUtf8(text)) return;
    if (!said.insert({feature(), field}).second) return;
    if (++perField[{layer, field}] > 20) return;
    problem("invalid_text", Severity::Warning, feature(),
            "Field " + field + " holds bytes that are not UTF-8; they are shown as \xEF\xBF\xBD: \"" + text +
                "\". The file's text is probably in another code page: pass --encoding (CP936 for GBK), or fix "
                "the text.");
  };
  const std::string bl = bsrc_ ? bsrc_->label() : std::string("buildings");
  for (auto& f : in_.building_fields) fix(f.name, bl, "(a field name)", [&] { return bl; });
  for (auto& b : in_.buildings) {
    auto where = [&] { return bsrc_ ? feat(*bsrc_, b.source_fid, "bld_id=" + b.bld_id) : b.bld_id; };
    fix(b.bld_id, bl, idFieldName_.empty() ? std::string("bld_id") : idFieldName_, where);
    fix(b.name, bl, "name", where);
    fix(b.compound_id, bl, "compound_id", where);
    fix(b.community_id, bl, "community_id", where);
    for (size_t i = 0; i < b.attrs.size(); ++i)
      fix(b.attrs[i], bl, i < in_.building_fields.size() ? in_.building_fields[i].name : "?", where);
  }
  for (auto& f : in_.household_fields) fix(f.name, "household-points", "(a field name)", [] { return std::string("household-points"); });
  for (auto& h : in_.households) {
    auto where = [&] { return "household-points:hh_id=" + h.hh_id; };
    fix(h.hh_id, "household-points", "hh_id", where);
    fix(h.bld_id, "household-points", "building", where);
    for (size_t i = 0; i < h.attrs.size(); ++i)
      fix(h.attrs[i], "household-points", i < in_.household_fields.size() ? in_.household_fields[i].name : "?", where);
  }
  for (auto& c : in_.communities) {
    auto where = [&] { return "communities:community_id=" + c.community_id; };
    fix(c.community_id, "communities", "community_id", where);
    fix(c.name, "communities", "name", where);
  }
  for (auto& c : in_.compounds) {
    auto where = [&] { return "compounds:compound_id=" + c.compound_id; };
    fix(c.compound_id, "compounds", "compound_id", where);
    fix(c.name, "compounds", "name", where);
  }
  for (auto& b : in_.barriers) fix(b.name, "barriers", "name", [&] { return std::string("barriers"); });
  for (auto& l : in_.layers) {
    fix(l.source, l.role, "(the file name)", [&] { return l.role; });
    fix(l.layer, l.role, "(the layer name)", [&] { return l.role; });
  }
  for (const auto& [key, n] : perField)
    if (n > 20)
      problem("invalid_text", Severity::Warning, key.first,
              fmtInt(n) + " texts in field " + key.second + " were not UTF-8 (the first 20 are listed); pass "
                          "--encoding with the file's code page (CP936 for GBK).");
  // Problem texts quote the data (ids, names, file names): they are made valid too.
  auto items = in_.problems.items();
  bool any = false;
  for (auto& p : items) {
    any = toValidUtf8(p.feature) || any;
    any = toValidUtf8(p.message) || any;
  }
  if (any) {
    in_.problems.clear();
    for (auto& p : items) in_.problems.add(std::move(p));
  }
}

Inputs Loader::run() {
  readBuildings();
  chooseCrs();
  finishBuildings();
  readHouseholdPoints();
  decideHouseholds();
  step("communities", 0);
  readCommunities();
  assignCommunities();
  step("compounds", 0);
  readCompounds();
  step("barriers", 0);
  for (const auto& b : opt_.barriers) readBarriers(b);
  step("done", 1);
  gdal_.report(in_.problems);
  fixText();
  return std::move(in_);
}

}  // namespace

Inputs loadInputs(const LoadOptions& opt) {
  Loader l(opt);
  return l.run();
}

}  // namespace gp::io
