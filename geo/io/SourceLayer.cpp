#include "geo/io/SourceLayer.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "geo/io/Gdal.hpp"
#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
#include "geo/io/FieldNames.hpp"

namespace gp::io {

namespace fs = std::filesystem;

namespace {
// /vsizip/…, /vsicurl/…, /vsimem/…: GDAL's virtual files, paths all the same.
bool isVirtualPath(const std::string& s) { return s.rfind("/vsi", 0) == 0; }

// "PG:dbname=x", "MySQL:..." etc. are connection strings, not paths.
bool isConnectionString(const std::string& s) {
  if (isVirtualPath(s)) return false;
  auto colon = s.find(':');
  if (colon == std::string::npos || colon < 2) return false;  // "C:" is a drive letter
  for (size_t i = 0; i < colon; ++i)
    if (!std::isalpha(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

std::string joinNames(const std::vector<std::string>& v, size_t max = 40) {
  std::string out;
  for (size_t i = 0; i < v.size() && i < max; ++i) out += (i ? ", " : "") + v[i];
  if (v.size() > max) out += fmt(tr(", … (%zu more)"), v.size() - max);
  return out.empty() ? std::string(tr("(none)")) : out;
}

// Files are looked at through GDAL's VSI, so a path inside a zip (/vsizip/…), on a server (/vsicurl/…) or in
// memory is checked the same way as one on disk (issue 11).
bool vsiExists(const std::string& path) {
  VSIStatBufL st;
  return VSIStatExL(path.c_str(), &st, VSI_STAT_EXISTS_FLAG) == 0;
}

bool vsiIsDirectory(const std::string& path) {
  VSIStatBufL st;
  return VSIStatExL(path.c_str(), &st, VSI_STAT_NATURE_FLAG) == 0 && VSI_ISDIR(st.st_mode);
}

std::string lastGdalError() {
  const char* m = CPLGetLastErrorMsg();
  return m && *m ? std::string(": ") + m : std::string();
}

// True when `s` is well-formed GBK (CP936): ASCII, or a lead byte 81–FE followed by a trail byte 40–FE other than 7F.
bool isGbk(const std::string& s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) continue;
    if (b == 0x80 || b == 0xFF || i + 1 >= s.size()) return false;
    const auto t = static_cast<unsigned char>(s[++i]);
    if (t < 0x40 || t == 0x7F || t == 0xFF) return false;
  }
  return true;
}

std::string fromGbk(const std::string& s) {
  char* u = CPLRecode(s.c_str(), "CP936", CPL_ENC_UTF8);
  std::string out = u ? u : "";
  CPLFree(u);
  return out;
}

// How many of `known` are among `names`.
size_t knownCount(const std::vector<std::string>& names, const std::vector<std::string>& known) {
  size_t n = 0;
  for (const auto& k : known)
    if (findName(names, k)) ++n;
  return n;
}
}  // namespace

SourceLayer::SourceLayer(const std::string& role, const LayerSource& src, const std::string& encoding,
                         const std::vector<std::string>& preferred, const std::vector<std::string>& known)
    : role_(role), source_(src.path), requestedLayer_(src.layer) {
  if (source_.empty()) throw InputError(fmt(tr("--%s needs a file path or a connection string"), role_.c_str()));
  open(encoding);
  pickLayer(preferred);
  tried_.push_back(firstDecoding(encoding));
  const bool shapefile = std::string(ds_->GetDriverName()) == "ESRI Shapefile";
  std::string gbk;
  // A Shapefile without .cpg whose names are not UTF-8 is almost always GBK in Chinese practice.
  if (encoding.empty() && shapefile && namesLookGarbled()) {
    const char* cpg = layer_->GetMetadataItem("CPG_VALUE", "SHAPEFILE");
    encodingNote_ = cpg && *cpg ? fmt(tr("field names or values were not %s as the .cpg says; read as GBK (CP936). "
                                         "Fix the .cpg, or pass --encoding to choose another code page."),
                                      escapeUtf8(cpg).c_str())
                                : std::string(tr("field names or values were not UTF-8 and the file has no .cpg; read "
                                                 "as GBK (CP936). Pass --encoding to choose another code page."));
    open("CP936");
    pickLayer(preferred);
    tried_.push_back("GBK (CP936)");
  } else if (encoding.empty() && shapefile && !known.empty() && !(gbk = gbkNote(known)).empty()) {
    encodingNote_ = gbk;
    open("CP936");
    pickLayer(preferred);
    tried_.push_back("GBK (CP936)");
  }
  // What no decoding made UTF-8 (bytes FF FF, Shift-JIS): a field that cannot be matched by name (issue 11).
  for (size_t i = 0; i < fields_.size(); ++i)
    if (escapeUtf8(fields_[i]) != fields_[i]) unreadable_.push_back(static_cast<int>(i));
}

// How the names were decoded at the first opening: --encoding, else what GDAL took from the Shapefile (its .cpg, or
// the code page byte of the .dbf's header), else none (UTF-8 expected).
std::string SourceLayer::firstDecoding(const std::string& encoding) const {
  if (!encoding.empty()) return "--encoding " + escapeUtf8(encoding);
  if (std::string(ds_->GetDriverName()) == "ESRI Shapefile") {
    const char* cpg = layer_->GetMetadataItem("CPG_VALUE", "SHAPEFILE");
    if (cpg && *cpg) return fmt(tr("the .cpg's %s"), escapeUtf8(cpg).c_str());
    const char* ldid = layer_->GetMetadataItem("ENCODING_FROM_LDID", "SHAPEFILE");
    if (ldid && *ldid) return fmt(tr("the .dbf's code page byte (%s)"), ldid);
  }
  return "UTF-8";
}

std::string SourceLayer::encodingsTried() const {
  std::string out;
  for (const auto& t : tried_) out += (out.empty() ? "" : ", ") + t;
  return out;
}

// The field names as messages show them: bytes that are not UTF-8 escaped.
std::vector<std::string> SourceLayer::shownFieldNames() const {
  std::vector<std::string> out;
  out.reserve(fields_.size());
  for (const auto& f : fields_) out.push_back(escapeUtf8(f));
  return out;
}

std::string SourceLayer::unreadableAdvice(const std::string& option) const {
  if (unreadable_.empty()) return {};
  std::vector<std::string> names;
  for (int i : unreadable_) names.push_back(escapeUtf8(fields_[static_cast<size_t>(i)]));
  return fmt(trn("The name of field %1$s cannot be read: its bytes are neither UTF-8 nor GBK (tried: %2$s). If it is "
                 "the field meant, pass --encoding with the file's code page (e.g. BIG5, SHIFT_JIS, CP1252), fix the "
                 "file's .cpg (a Shapefile's code page), or name the field as shown here: --%3$s '%4$s'.",
                 "The names of fields %1$s cannot be read: their bytes are neither UTF-8 nor GBK (tried: %2$s). If one "
                 "of them is the field meant, pass --encoding with the file's code page (e.g. BIG5, SHIFT_JIS, CP1252), "
                 "fix the file's .cpg (a Shapefile's code page), or name the field as shown here, e.g. --%3$s '%4$s'.",
                 static_cast<unsigned long>(names.size())),
             joinNames(names).c_str(), encodingsTried().c_str(), option.c_str(), names[0].c_str());
}

void SourceLayer::open(const std::string& encoding) {
  registerGdal();
  if (!isConnectionString(source_) && !vsiExists(source_)) {
    std::error_code ec;
    const std::string cwd = fs::current_path(ec).string();
    if (isVirtualPath(source_))
      throw InputError(fmt(tr("--%1$s %2$s: GDAL finds no such file. Check the archive's path or URL (a path is "
                              "relative to %3$s) and the path inside it, e.g. /vsizip/town.zip/buildings.shp."),
                           role_.c_str(), source_.c_str(), cwd.c_str()));
    throw InputError(fmt(tr("--%1$s %2$s: the file does not exist. Check the path (it is relative to %3$s)."),
                         role_.c_str(), source_.c_str(), cwd.c_str()));
  }
  CPLStringList oo;
  if (!encoding.empty()) {
    oo.SetNameValue("ENCODING", encoding.c_str());
  }
  CPLErrorReset();
  // Drivers that do not know ENCODING ignore it with a warning; keep GDAL quiet and report ourselves.
  CPLPushErrorHandler(CPLQuietErrorHandler);
  GDALDataset* d = GDALDataset::Open(source_.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                     encoding.empty() ? nullptr : oo.List(), nullptr);
  CPLPopErrorHandler();
  if (!d)
    // TRANSLATORS: %3$s is GDAL's own message, ": …", or nothing.
    throw InputError(fmt(tr("--%1$s %2$s: GDAL cannot open it as a vector data source%3$s. Give a GeoPackage, "
                            "Shapefile, GeoJSON, FlatGeobuf, OSM PBF file or a PG: connection string."),
                         role_.c_str(), source_.c_str(), lastGdalError().c_str()));
  ds_.reset(d);
  osm_ = std::string(d->GetDriverName()) == "OSM";
  if (std::string(d->GetDriverName()) == "ESRI Shapefile") refuseWithoutDbf();
}

// GDAL opens a .shp whose .dbf is missing as a layer without fields: every count would silently become an
// estimate (issue 11). The attributes are the point of the file, so it is refused.
// Through VSI, so a zipped Shapefile without its .dbf is refused the same way.
void SourceLayer::refuseWithoutDbf() const {
  std::vector<fs::path> shps;
  if (vsiIsDirectory(source_)) {
    CPLStringList names(VSIReadDir(source_.c_str()));
    for (int i = 0; i < names.size(); ++i) shps.push_back(fs::path(source_) / names[i]);
  } else {
    shps.push_back(source_);
  }
  for (const fs::path& shp : shps) {
    std::string ext = shp.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (ext != ".shp") continue;
    bool found = false;
    for (const char* e : {".dbf", ".DBF", ".Dbf"})
      found = found || vsiExists(fs::path(shp).replace_extension(e).string());
    if (!found)
      throw InputError(fmt(tr("--%1$s %2$s: the Shapefile %3$s has no %4$s beside it, so none of its attributes "
                              "(households, floors, ids) can be read. Copy the .dbf together with the .shp, .shx, .prj "
                              "and .cpg."),
                           role_.c_str(), source_.c_str(), shp.filename().string().c_str(),
                           fs::path(shp).replace_extension(".dbf").filename().string().c_str()));
  }
}

void SourceLayer::pickLayer(const std::vector<std::string>& preferred) {
  std::vector<std::string> names;
  for (auto* l : ds_->GetLayers()) names.push_back(l->GetName());
  layer_ = nullptr;
  if (!requestedLayer_.empty()) {
    layer_ = ds_->GetLayerByName(requestedLayer_.c_str());
    if (!layer_) {
      std::string closest = closestName(requestedLayer_, names);
      throw InputError(closest.empty()
                           ? fmt(tr("--%1$s-layer %2$s: %3$s has no layer of that name. Its layers are: %4$s"),
                                 role_.c_str(), requestedLayer_.c_str(), source_.c_str(), joinNames(names).c_str())
                           : fmt(tr("--%1$s-layer %2$s: %3$s has no layer of that name. Its layers are: %4$s. Did you "
                                    "mean %5$s?"),
                                 role_.c_str(), requestedLayer_.c_str(), source_.c_str(), joinNames(names).c_str(),
                                 closest.c_str()));
    }
  } else if (names.size() == 1) {
    layer_ = ds_->GetLayer(0);
  } else {
    for (const auto& p : preferred)
      if (auto i = findName(names, p)) {
        layer_ = ds_->GetLayer(static_cast<int>(*i));
        break;
      }
    if (!layer_)
      throw InputError(fmt(tr("--%1$s %2$s holds %3$zu layers; say which with --%1$s-layer. Its layers are: %4$s"),
                           role_.c_str(), source_.c_str(), names.size(), joinNames(names).c_str()));
  }
  layerName_ = layer_->GetName();
  std::string base = fs::path(source_).filename().string();
  if (isConnectionString(source_)) base = source_.substr(0, source_.find(':'));
  label_ = names.size() == 1 ? base : base + ":" + layerName_;
  fields_.clear();
  otherTags_ = -1;
  OGRFeatureDefn* defn = layer_->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    fields_.push_back(defn->GetFieldDefn(i)->GetNameRef());
    if (osm_ && fields_.back() == "other_tags") otherTags_ = i;
  }
}

// A Shapefile whose GBK field names GDAL decoded in a code page that reads any bytes (a .dbf code page byte saying
// ISO-8859-1, what GDAL writes by default, and no .cpg): 户数 became "»§Êý", valid UTF-8, so namesLookGarbled() does
// not fire, no households field matched and every count was silently estimated. Re-read as GBK, a name that is exactly
// one the caller looks for is no guess between Latin and Chinese text. Returns the note saying so when the names,
// all valid GBK, hold more of `known` read as GBK than as first decoded; else empty (the first decoding is kept).
std::string SourceLayer::gbkNote(const std::vector<std::string>& known) const {
  const std::vector<std::string> raw = rawFieldNames();
  if (raw.size() != fields_.size()) return {};
  std::vector<std::string> gbk;
  for (const auto& r : raw) {
    if (!isGbk(r)) return {};
    gbk.push_back(fromGbk(r));
  }
  if (knownCount(gbk, known) <= knownCount(fields_, known)) return {};
  for (const auto& k : known) {  // the note names the first in the caller's order: households before floors
    const auto found = findName(gbk, k);
    if (!found || gbk[*found] == fields_[*found]) continue;
    const size_t i = *found;
    const char* first = layer_->GetMetadataItem("SOURCE_ENCODING", "SHAPEFILE");
    return fmt(tr("--%1$s %2$s, layer %3$s: decoded by %4$s, field %5$s is no name gridplan looks for, but read as GBK "
                  "(CP936) it is %6$s; the layer is read as GBK. Pass --encoding to choose another code page (e.g. "
                  "--encoding %7$s keeps the first reading)."),
               role_.c_str(), source_.c_str(), layerName_.c_str(), tried_.front().c_str(),
               escapeUtf8(fields_[i]).c_str(), gbk[i].c_str(),
               first && *first ? escapeUtf8(first).c_str() : "UTF-8");
  }
  return {};
}

// The field names' bytes as the .dbf holds them (GDAL's ENCODING="" recodes nothing); empty if it cannot be reopened.
std::vector<std::string> SourceLayer::rawFieldNames() const {
  CPLStringList oo;
  oo.SetNameValue("ENCODING", "");
  CPLPushErrorHandler(CPLQuietErrorHandler);
  GDALDatasetUniquePtr raw(
      GDALDataset::Open(source_.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, oo.List(), nullptr));
  CPLPopErrorHandler();
  std::vector<std::string> out;
  OGRLayer* l = raw ? raw->GetLayerByName(layerName_.c_str()) : nullptr;
  if (!l) return out;
  OGRFeatureDefn* defn = l->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) out.push_back(defn->GetFieldDefn(i)->GetNameRef());
  return out;
}

bool SourceLayer::namesLookGarbled() const {
  for (const auto& n : fields_)
    if (!isUtf8(n)) return true;
  // ASCII field names may still hold GBK text (名称 = "NAME"): look at the first few hundred values.
  OGRFeatureDefn* defn = layer_->GetLayerDefn();
  std::vector<int> strings;
  for (int i = 0; i < defn->GetFieldCount(); ++i)
    if (defn->GetFieldDefn(i)->GetType() == OFTString) strings.push_back(i);
  if (strings.empty()) return false;
  bool garbled = false;
  layer_->ResetReading();
  int seen = 0;
  for (auto& f : *layer_) {
    for (int i : strings)
      if (f->IsFieldSetAndNotNull(i) && !isUtf8(f->GetFieldAsString(i))) garbled = true;
    if (garbled || ++seen >= 300) break;
  }
  layer_->ResetReading();
  return garbled;
}

int SourceLayer::resolveField(const std::string& option, const std::string& explicitName,
                              const std::vector<std::string>& candidates) const {
  if (!explicitName.empty()) {
    if (auto i = findName(fields_, explicitName)) return static_cast<int>(*i);
    // A name that cannot be read is named as messages show it, \xFF\xFF (quotes kept by a shell that has none).
    std::string typed = explicitName;
    if (typed.size() >= 2 && (typed.front() == '\'' || typed.front() == '"') && typed.back() == typed.front())
      typed = typed.substr(1, typed.size() - 2);
    for (int i : unreadable_)
      if (escapeUtf8(fields_[static_cast<size_t>(i)]) == typed) return i;
    if (osm_ && otherTags_ >= 0) return -2;  // an OSM tag: looked up in other_tags per feature
    const std::string shown = joinNames(shownFieldNames()), wanted = escapeUtf8(explicitName);
    if (!unreadable_.empty())
      throw InputError(fmt(tr("--%1$s %2$s: layer %3$s of %4$s has no field of that name. %5$s Its fields are: %6$s"),
                           option.c_str(), wanted.c_str(), layerName_.c_str(), source_.c_str(),
                           unreadableAdvice(option).c_str(), shown.c_str()));
    std::string closest = escapeUtf8(closestName(explicitName, fields_));
    throw InputError(closest.empty()
                         ? fmt(tr("--%1$s %2$s: layer %3$s of %4$s has no field of that name. Its fields are: %5$s"),
                               option.c_str(), wanted.c_str(), layerName_.c_str(), source_.c_str(), shown.c_str())
                         : fmt(tr("--%1$s %2$s: layer %3$s of %4$s has no field of that name. Did you mean %6$s? Its "
                                  "fields are: %5$s"),
                               option.c_str(), wanted.c_str(), layerName_.c_str(), source_.c_str(), shown.c_str(),
                               closest.c_str()));
  }
  if (auto i = findAny(fields_, candidates)) return static_cast<int>(*i);
  return -1;
}

void SourceLayer::setFilter(const std::string& defaultFilter, const std::string& where) {
  std::string f;
  if (!defaultFilter.empty() && !where.empty())
    f = "(" + defaultFilter + ") AND (" + where + ")";
  else
    f = defaultFilter.empty() ? where : defaultFilter;
  if (f.empty()) return;
  CPLErrorReset();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  OGRErr e = layer_->SetAttributeFilter(f.c_str());
  CPLPopErrorHandler();
  if (e == OGRERR_NONE) {
    // Some drivers (GeoPackage) hand the filter to SQLite only when reading starts: read one feature to see.
    CPLErrorReset();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    layer_->ResetReading();
    OGRFeatureUniquePtr first(layer_->GetNextFeature());
    layer_->ResetReading();
    CPLPopErrorHandler();
    if (CPLGetLastErrorType() >= CE_Failure) e = OGRERR_FAILURE;
  }
  if (e != OGRERR_NONE)
    throw InputError(fmt(tr("--where %1$s: GDAL rejects this filter on layer %2$s of %3$s%4$s. Use OGR SQL, e.g. "
                            "\"households > 0\"; the fields are: %5$s"),
                         where.c_str(), layerName_.c_str(), source_.c_str(), lastGdalError().c_str(),
                         joinNames(shownFieldNames()).c_str()));
}

std::string SourceLayer::checksum() const {
  char** files = ds_->GetFileList();
  if (!files) return {};
  // FNV-1a over 64-bit words (bytes for the tail): a change detector for plan_meta, not cryptography,
  // and fast enough for a 200 MB GeoPackage.
  uint64_t h = 1469598103934665603ull;
  constexpr uint64_t kPrime = 1099511628211ull;
  std::vector<char> buf(1 << 20);
  for (char** f = files; *f; ++f) {
    // Through VSI: the files of a /vsizip/ source are inside the archive, where std::ifstream read nothing.
    VSILFILE* in = VSIFOpenL(*f, "rb");
    if (!in) continue;
    for (;;) {
      size_t n = VSIFReadL(buf.data(), 1, buf.size(), in), i = 0;
      if (n == 0) break;
      for (; i + 8 <= n; i += 8) {
        uint64_t w;
        std::memcpy(&w, buf.data() + i, 8);
        h = (h ^ w) * kPrime;
      }
      for (; i < n; ++i) h = (h ^ static_cast<unsigned char>(buf[i])) * kPrime;
    }
    VSIFCloseL(in);
  }
  CSLDestroy(files);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

namespace {
struct FailureLog {
  unsigned long long failures = 0;
  std::string first;
  static void CPL_STDCALL handle(CPLErr e, CPLErrorNum, const char* msg) {
    auto* self = static_cast<FailureLog*>(CPLGetErrorHandlerUserData());
    if (!self || e < CE_Failure) return;
    if (self->failures++ == 0 && msg) self->first = msg;
  }
};
}  // namespace

void refuseDamaged(const std::string& path, const std::string& what) {
  registerGdal();
  FailureLog log;
  CPLPushErrorHandlerEx(&FailureLog::handle, &log);
  struct Pop {
    ~Pop() { CPLPopErrorHandler(); }
  } pop;
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds) return;
  log.failures = 0;
  for (OGRLayer* l : ds->GetLayers()) {
    long long n = 0, last = -1;
    for (auto& f : *l) {
      ++n;
      if (log.failures) break;
      last = f->GetFID();
    }
    if (log.failures)
      throw InputError(fmt(tr("%1$s %2$s, layer %3$s: reading failed %4$s: GDAL said: %5$s. The file is damaged; "
                              "nothing was written. Use a backup copy, or partition again."),
                           what.c_str(), path.c_str(), l->GetName(),
                           last < 0 ? tr("at its first feature")
                                    : fmt(tr("after feature fid=%1$lld (feature %2$lld)"), last, n).c_str(),
                           log.first.c_str()));
  }
}

std::optional<std::string> osmTag(const char* otherTags, const std::string& key) {
  if (!otherTags) return std::nullopt;
  std::string s = otherTags, pat = "\"" + key + "\"=>\"";
  size_t p = s.find(pat);
  if (p == std::string::npos) return std::nullopt;
  p += pat.size();
  std::string v;
  for (; p < s.size() && s[p] != '"'; ++p) {
    if (s[p] == '\\' && p + 1 < s.size()) ++p;
    v += s[p];
  }
  return v;
}

}  // namespace gp::io
