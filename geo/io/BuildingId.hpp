#pragma once
// Building ids from the buildings themselves, for sources without an id field: the same footprint gives the
// same id whatever the format it was read from (Shapefile, GeoPackage, PostGIS…) and whatever its feature
// number there, so a re-plan against a base plan (`--base`) matches buildings by what they are.
#include <string>
#include <unordered_set>
#include <vector>

#include "geo/core/Geometry.hpp"

namespace gp::io {

// "B" + 10 characters (Crockford base32, 50 bits) of a hash of the footprint (in the metric CRS the loader
// works in) rounded to the centimetre: independent of where each ring starts, of its orientation, and of the
// order of parts and holes; changes when any vertex moves by a centimetre or more.
std::string footprintId(const MultiPolygon& footprint);

// Issues unique ids in reading order. A building gets footprintId(); a later building on the same footprint
// (a duplicate, or a tower drawn exactly on its podium) gets that id + "-" + 4 characters of a hash of its
// attribute values; copies alike in footprint and attributes too get -2, -3… after that, in reading order
// (interchangeable anyway). Every format keeps a layer's order (ogr2ogr, shp2pgsql), so copies get the same ids.
class BuildingIds {
 public:
  std::string issue(const MultiPolygon& footprint, const std::vector<std::string>& attributes);

 private:
  std::unordered_set<std::string> used_;
};

}  // namespace gp::io
