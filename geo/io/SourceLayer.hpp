#pragma once
// Opening one input layer of any GDAL vector source, with errors a planner can act on: a missing file,
// an unknown layer (listing the layers that exist), an unknown field (suggesting the closest), a bad
// attribute filter. Shapefiles honour their .cpg; a GBK file without one is detected and re-read as GBK.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <optional>
#include <string>
#include <vector>

#include "geo/io/LoadOptions.hpp"

namespace gp::io {

class SourceLayer {
 public:
  // `role` names the option in messages ("buildings" → --buildings, --buildings-layer). `preferred` are
  // layer names tried when src.layer is empty and the source holds several layers. `known` are field names the
  // caller looks for (户数, floors…): a Shapefile read without --encoding whose names, re-read as GBK, hold more of
  // them than as GDAL decoded them (e.g. by a .dbf code page byte saying ISO-8859-1) is read as GBK, with a note.
  // Throws gp::InputError when the source or layer cannot be used.
  SourceLayer(const std::string& role, const LayerSource& src, const std::string& encoding,
              const std::vector<std::string>& preferred, const std::vector<std::string>& known = {});

  OGRLayer* layer() const { return layer_; }
  GDALDataset* dataset() const { return ds_.get(); }
  const std::string& role() const { return role_; }
  const std::string& source() const { return source_; }
  const std::string& layerName() const { return layerName_; }
  // "buildings.shp" or "town.gpkg:buildings": used in feature ids of problems.
  const std::string& label() const { return label_; }
  const std::vector<std::string>& fieldNames() const { return fields_; }
  bool isOsm() const { return osm_; }
  const std::string& encodingNote() const { return encodingNote_; }
  // Fields whose names are not UTF-8 after every decoding tried (--encoding, or the .cpg / the .dbf's code page byte /
  // UTF-8, then GBK for a Shapefile): their indices. Messages show such names escaped (`\xFF\xFF`, FieldNames'
  // escapeUtf8), and an option naming a field matches that form too.
  const std::vector<int>& unreadableFields() const { return unreadable_; }
  // The decodings tried on the names, for messages: "the .cpg's UTF-8, GBK (CP936)".
  std::string encodingsTried() const;
  // Sentences naming the fields of unreadableFields(), what was tried and what to do (`option`: the option that would
  // name the field, e.g. "households-field"). Empty when every name was read.
  std::string unreadableAdvice(const std::string& option) const;

  // The field the user named (must exist: otherwise InputError listing fields and the closest name, and the names
  // that could not be read),
  // or when `explicitName` is empty the first of `candidates` present. -1 when none.
  int resolveField(const std::string& option, const std::string& explicitName,
                   const std::vector<std::string>& candidates) const;
  // For OSM sources: tags outside the fixed columns live in `other_tags`; looks `key` up there.
  bool hasOtherTags() const { return otherTags_ >= 0; }
  int otherTagsIndex() const { return otherTags_; }

  // Adds `where` (ANDed with any default filter, e.g. `building IS NOT NULL` for OSM buildings).
  // Throws InputError naming the expression and the layer's fields when GDAL rejects it.
  void setFilter(const std::string& defaultFilter, const std::string& where);

  // FNV-1a 64 hex of the source's files; empty for databases.
  std::string checksum() const;

 private:
  void open(const std::string& encoding);
  void pickLayer(const std::vector<std::string>& preferred);
  bool namesLookGarbled() const;
  std::string gbkNote(const std::vector<std::string>& known) const;
  std::vector<std::string> rawFieldNames() const;
  void refuseWithoutDbf() const;
  std::string firstDecoding(const std::string& encoding) const;
  std::vector<std::string> shownFieldNames() const;

  std::string role_, source_, requestedLayer_, layerName_, label_, encodingNote_;
  GDALDatasetUniquePtr ds_;
  OGRLayer* layer_ = nullptr;
  std::vector<std::string> fields_;
  std::vector<int> unreadable_;
  std::vector<std::string> tried_;
  bool osm_ = false;
  int otherTags_ = -1;
};

// Reads every feature of every layer of the file at `path` and throws gp::InputError naming the layer and the
// feature where GDAL failed (a damaged page, a truncated file). `what` names the file in the message ("plan file").
// Does nothing when the file cannot be opened (the caller's own open reports that).
void refuseDamaged(const std::string& path, const std::string& what);

// Value of `key` inside an OSM `other_tags` hstore string (`"k"=>"v","k2"=>"v2"`), if present.
std::optional<std::string> osmTag(const char* otherTags, const std::string& key);

}  // namespace gp::io
