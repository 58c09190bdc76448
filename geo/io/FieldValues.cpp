#include "geo/io/FieldValues.hpp"

#include <ogrsf_frmts.h>

#include <climits>
#include <cmath>
#include <cstdlib>

#include "geo/core/Text.hpp"
#include "geo/io/SourceLayer.hpp"

namespace gp::io {

Count countFromNumber(double v, std::string text) {
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

Count countFromText(const std::string& raw) {
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
  return countFromNumber(v, t);
}

Count readCount(OGRFeature* f, int idx, const SourceLayer& src, const std::string& key) {
  if (idx == -1) return {};
  if (idx == -2) {
    auto v = osmTag(f->GetFieldAsString(src.otherTagsIndex()), key);
    return v ? countFromText(*v) : Count{};
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
  if (t == OFTReal) return countFromNumber(f->GetFieldAsDouble(idx), f->GetFieldAsString(idx));
  return countFromText(f->GetFieldAsString(idx));
}

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

std::string fieldString(OGRFeature* f, int idx) {
  // GDAL writes integers with snprintf ("%d", CPL_FRMT_GIB): the same digits, made here, cost a tenth of it (they
  // were a tenth of the load's instructions at 1M).
  switch (f->GetFieldDefnRef(idx)->GetType()) {
    case OFTInteger: return std::to_string(f->GetFieldAsInteger(idx));
    case OFTInteger64: return std::to_string(static_cast<long long>(f->GetFieldAsInteger64(idx)));
    default: return f->GetFieldAsString(idx);
  }
}

std::string fieldText(OGRFeature* f, int idx) {
  if (idx < 0 || !f->IsFieldSetAndNotNull(idx)) return {};
  return trim(fieldString(f, idx));
}

void readAttributes(OGRFeature* f, std::vector<std::string>& attrs, std::vector<bool>& nulls) {
  const int nf = f->GetFieldCount();
  attrs.assign(static_cast<size_t>(nf), std::string());
  nulls.assign(static_cast<size_t>(nf), false);
  for (int i = 0; i < nf; ++i) {
    bool isNull = !f->IsFieldSetAndNotNull(i);
    nulls[static_cast<size_t>(i)] = isNull;
    if (!isNull) attrs[static_cast<size_t>(i)] = fieldString(f, i);
  }
}

}  // namespace gp::io
