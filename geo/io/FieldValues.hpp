#pragma once
// Values read from an input layer's fields: counts (households, floors, entrances, population) kept wide and
// classified so the caller can check them against a cap before they become an int (issue 11: 1e12 households
// once became -727,379,968), and trimmed texts.
#include <string>
#include <vector>

class OGRFeature;

namespace gp::io {

class SourceLayer;

struct Count {
  enum State { Null, Ok, Negative, Fractional, NonNumeric, NonFinite } state = Null;
  long long value = 0;  // rounded; LLONG_MAX (LLONG_MIN) for values beyond long long
  std::string text;     // as written in the data, for messages
};

// A number read as a double: NonFinite for NaN and ±Inf, Negative, Fractional (beyond 1e-9 of a whole number),
// else Ok.
Count countFromNumber(double v, std::string text);

// A count written as text ("12", " 3.0 ", "1e12", "twelve"): empty or blank is Null, text that is not wholly a
// number is NonNumeric.
Count countFromText(const std::string& raw);

// The count in a feature: `idx` >= 0 is a column, -2 the OSM tag `key` in the layer's other_tags, -1 no field
// (Null). Integer columns are read as 64-bit, reals as doubles, anything else as text.
Count readCount(OGRFeature* f, int idx, const SourceLayer& src, const std::string& key);

// SourceLayer::resolveField, and where the layer is OSM data with other_tags, the first candidate that can be
// an OSM tag (building:levels, height): returns -2 and sets `key`, looked up per feature.
int resolveWithTags(const SourceLayer& src, const std::string& option, const std::string& explicitName,
                    const std::vector<std::string>& candidates, std::string& key);

// The text of a set, non-NULL field, exactly as OGRFeature::GetFieldAsString gives it.
std::string fieldString(OGRFeature* f, int idx);

// The field's text, trimmed; empty for no field (idx < 0) or NULL.
std::string fieldText(OGRFeature* f, int idx);

// Every field of the feature as text, as the source wrote it (attrs[i] "" and nulls[i] true where NULL).
void readAttributes(OGRFeature* f, std::vector<std::string>& attrs, std::vector<bool>& nulls);

}  // namespace gp::io
