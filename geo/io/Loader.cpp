#include "geo/io/Loader.hpp"

#include <functional>
#include <map>
#include <set>

#include "geo/core/I18n.hpp"
#include "geo/core/Secrets.hpp"
#include "geo/io/LoaderCommon.hpp"

namespace gp::io {
namespace loader {

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


void Loader::fixText() {
  std::map<std::pair<std::string, std::string>, long long> perField;  // (layer, field) → texts fixed
  std::set<std::pair<std::string, std::string>> said;  // (feature, field): the id is also among the attributes
  auto fix = [&](std::string& text, const std::string& layer, const std::string& field,
                 const std::function<std::string()>& feature) {
    if (!toValidUtf8(text)) return;
    if (!said.insert({feature(), field}).second) return;
    if (++perField[{layer, field}] > 20) return;
    problem("invalid_text", Severity::Warning, feature(),
            fmt(tr("Field %1$s holds bytes that are not UTF-8; they are shown as �: \"%2$s\". The file's text is "
                   "probably in another code page: pass --encoding (CP936 for GBK), or fix the text."),
                field.c_str(), text.c_str()));
  };
  const std::string bl = bsrc_ ? bsrc_->label() : std::string("buildings");
  for (auto& f : in_.building_fields) fix(f.name, bl, tr("(a field name)"), [&] { return bl; });
  for (auto& b : in_.buildings) {
    auto where = [&] { return bsrc_ ? feat(*bsrc_, b.source_fid, "bld_id=" + b.bld_id) : b.bld_id; };
    fix(b.bld_id, bl, idFieldName_.empty() ? std::string("bld_id") : idFieldName_, where);
    fix(b.name, bl, "name", where);
    fix(b.compound_id, bl, "compound_id", where);
    fix(b.community_id, bl, "community_id", where);
    for (size_t i = 0; i < b.attrs.size(); ++i)
      fix(b.attrs[i], bl, i < in_.building_fields.size() ? in_.building_fields[i].name : "?", where);
  }
  for (auto& f : in_.household_fields) fix(f.name, "household-points", tr("(a field name)"), [] { return std::string("household-points"); });
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
    fix(l.source, l.role, tr("(the file name)"), [&] { return l.role; });
    fix(l.layer, l.role, tr("(the layer name)"), [&] { return l.role; });
  }
  for (const auto& [key, n] : perField)
    if (n > 20)
      problem("invalid_text", Severity::Warning, key.first,
              fmt(tr("%1$s texts in field %2$s were not UTF-8 (the first 20 are listed); pass --encoding with the "
                     "file's code page (CP936 for GBK)."),
                  thousands(n).c_str(), key.second.c_str()));
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
  step(N_("communities"), 0);
  readCommunities();
  assignCommunities();
  step(N_("compounds"), 0);
  readCompounds();
  step(N_("barriers"), 0);
  for (const auto& b : opt_.barriers) readBarriers(b);
  step(N_("done"), 1);
  gdal_.report(in_.problems);
  fixText();
  return std::move(in_);
}

std::vector<RawArea> Loader::readAreas(const SourceLayer& s, int idIdx, int nmIdx, const char* idPrefix,
                                       const char* idKey, const char* noPolygon) {
  std::vector<RawArea> out;
  long long n = 0;
  ReadWatch watch(gdal_, s);
  for (auto& fp : *s.layer()) {
    watch.next(fp->GetFID());
    ++n;
    OGRFeature* f = fp.get();
    RawArea a;
    a.fid = f->GetFID();
    a.area = f->GetGeometryRef() ? ogr::toMultiPolygon(f->GetGeometryRef()) : MultiPolygon{};
    std::string id = fieldText(f, idIdx);
    // Appended, not prefix + …: gcc 12 warns falsely (-Wrestrict) on that form once inlined.
    a.id = id.empty() ? std::string(idPrefix).append(std::to_string(a.fid)) : id;
    a.name = fieldText(f, nmIdx);
    if (a.area.empty()) {
      problem("not_polygon", Severity::Warning, feat(s, a.fid, std::string(idKey) + "=" + a.id), noPolygon);
      continue;
    }
    out.push_back(std::move(a));
  }
  watch.done();
  addLayerInfo(s, n);
  return out;
}

}  // namespace loader

Inputs loadInputs(const LoadOptions& opt) {
  loader::Loader l(opt);
  return l.run();
}

}  // namespace gp::io
