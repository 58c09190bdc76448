#pragma once
// QGIS styles for the plan GeoPackage: QML documents stored in the standard `layer_styles` table, so the plan
// opens styled in QGIS: grids filled by their colour index (`grids.colour`, touching grids differ, the studio's
// palette), status drawn over the fill as outline and hatch, grid labels (code and households) above all others
// and always shown for grids not ok; units as thin outlines labelled from a large scale on; buildings light grey;
// problems by severity. Texts (legend, descriptions, layer titles) are in the language of the run (tr()).
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

// The title QGIS shows for a layer of the plan file (gpkg_contents.identifier, unique in the file); the table
// name for layers without one.
std::string layerTitle(const std::string& table);

}  // namespace gp::io
