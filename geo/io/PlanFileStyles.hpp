#pragma once
// QGIS styles for the plan GeoPackage: QML documents stored in the standard `layer_styles` table, so the plan
// opens styled in QGIS (grids coloured by status and labelled with code and households, units as thin outlines
// labelled with their 2-digit suffix, buildings light grey).
#include <string>
#include <vector>

namespace gp::io {

struct LayerStyle {
  std::string table;        // f_table_name
  std::string name;         // styleName
  std::string description;
  std::string qml;          // styleQML
};

// One default style per styled layer of the plan file (grids, units, buildings, communities, problems).
std::vector<LayerStyle> planStyles();

}  // namespace gp::io
