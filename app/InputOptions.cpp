#include "app/InputOptions.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
#include "geo/io/LoadOptions.hpp"

namespace gp::app {

void addInputOptions(CLI::App& sub, gp::io::LoadOptions& o) {
  sub.add_option("--buildings", o.buildings.path,
                 tr("Building footprints: any GDAL vector source (GeoPackage, Shapefile, GeoJSON, FlatGeobuf, "
                 "OSM PBF, PG:connection)"))
      ->required();
  sub.add_option("--buildings-layer", o.buildings.layer, tr("Layer of --buildings (default: the only one, or `buildings`)"));
  sub.add_option("--households-field", o.households_field,
                 tr("Field with households per building (default: `households`, `户数` or `dwellings` when present)"));
  sub.add_option("--floors-field", o.floors_field,
                 tr("Field with floors (default: `floors`, `层数`, `storeys_count`, `building:levels`, `lev_above`…)"));
  sub.add_option("--entrances-field", o.entrances_field,
                 tr("Field with stairwell entrances (单元) per building (default: `entrances`, `单元数`; else estimated)"));
  sub.add_option("--id-field", o.id_field, tr("Field with a unique building id (default: `bld_id`, else generated)"));
  sub.add_option("--name-field", o.name_field, tr("Field with the building name (default: `name`, `楼号`, `名称`)"));
  sub.add_option("--where", o.where, tr("Attribute filter on buildings in OGR SQL, e.g. \"households > 0\""));
  sub.add_option("--encoding", o.encoding,
                 tr("Code page of Shapefiles without .cpg, e.g. CP936 (default: GBK when names are not UTF-8)"));
  sub.add_option("--population-field", o.population_field,
                 tr("Field with population per building; households = population / --persons-per-household"));
  sub.add_option("--persons-per-household", o.persons_per_household, tr("Persons per household (default 2.5)"))
      ->check(CLI::PositiveNumber);
  sub.add_option("--floor-area-factor", o.floor_area_factor,
                 tr("Estimate: share of floor area that is dwelling space (default 0.75)"))
      ->check(CLI::PositiveNumber);
  sub.add_option("--area-per-household", o.area_per_household,
                 tr("Estimate: floor area per household in m² (default 90)"))
      ->check(CLI::PositiveNumber);
  sub.add_option("--default-floors", o.default_floors,
                 tr("Estimate: floors assumed where neither floors nor height is known (default 1)"))
      ->check(CLI::PositiveNumber);
  sub.add_option("--max-households", o.max_households,
                 tr("A building with more households (by field, population or estimate) is an error and left out "
                 "(default 10000, at most 1000000)"))
      ->check(CLI::Range(1LL, 1000000LL));
  sub.add_option("--max-floors", o.max_floors, tr("A building with more floors is an error and left out (default 300)"))
      ->check(CLI::Range(1LL, 100000LL));
  sub.add_option("--max-entrances", o.max_entrances,
                 tr("A building with more entrances (单元) is an error and left out (default 100)"))
      ->check(CLI::Range(1LL, 100000LL));
  sub.add_flag("--estimate-missing", o.estimate_missing,
               tr("Estimate households where the households field is empty (default: empty means 0, non-residential)"));

  sub.add_option("--household-points", o.household_points.path,
                 tr("Household points (a register geocoded to points), counted per building"));
  sub.add_option("--household-points-layer", o.household_points.layer, tr("Layer of --household-points"));
  sub.add_option("--household-building-field", o.household_building_field,
                 tr("Field of the household points naming their building id (default: point in polygon)"));

  sub.add_option("--communities", o.communities.path,
                 tr("Community (社区) boundaries; without it one community covers all buildings"));
  sub.add_option("--communities-layer", o.communities.layer, tr("Layer of --communities"));
  sub.add_option("--community-id-field", o.community_id_field,
                 tr("Field with the community's 12-digit code (default: `community_id`, `code`, `社区代码`)"));
  sub.add_option("--community-name-field", o.community_name_field, tr("Field with the community's name (default: `name`)"));

  sub.add_option("--compounds", o.compounds.path, tr("Residential compound (小区) boundaries, kept whole where possible"));
  sub.add_option("--compounds-layer", o.compounds.layer, tr("Layer of --compounds"));
  sub.add_option("--compound-id-field", o.compound_id_field, tr("Field with the compound id (default: `compound_id`)"));

  // --barriers and --barriers-layer pair up in order; one path with several layers reads each layer of it.
  // Option callbacks run in the order options are defined, so the layers are known when --barriers runs.
  auto layers = std::make_shared<std::vector<std::string>>();
  sub.add_option("--barriers-layer", *layers, tr("Layer of the matching --barriers; repeatable"));
  sub.add_option_function<std::vector<std::string>>(
         "--barriers",
         [layers, &o](const std::vector<std::string>& paths) {
           o.barriers.clear();
           if (paths.size() == 1 && layers->size() > 1) {
             for (const auto& l : *layers) o.barriers.push_back({paths.front(), l});
             return;
           }
           if (layers->size() > paths.size())
             throw CLI::ValidationError("--barriers-layer", tr("there are more --barriers-layer than --barriers options"));
           for (size_t i = 0; i < paths.size(); ++i)
             o.barriers.push_back({paths[i], i < layers->size() ? (*layers)[i] : std::string()});
         },
         tr("Roads, railways, rivers (lines; areas give their outlines); repeatable"))
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sub.add_option("--crs", o.crs,
                 tr("Metric CRS for everything, e.g. EPSG:4549 (default: the buildings' projected CRS, else the "
                 "CGCS2000 Gauss-Kruger or UTM zone of the data)"));
}

std::vector<std::pair<std::string, std::string>> inputPaths(const gp::io::LoadOptions& o) {
  std::vector<std::pair<std::string, std::string>> v = {{"--buildings", o.buildings.path},
                                                        {"--household-points", o.household_points.path},
                                                        {"--communities", o.communities.path},
                                                        {"--compounds", o.compounds.path}};
  for (const auto& b : o.barriers) v.push_back({"--barriers", b.path});
  return v;
}

void requireGeoPackageName(const std::string& option, const std::string& path, const std::string& what) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext != ".gpkg")
    throw InputError(
        ext == ".shp" || ext == ".geojson" || ext == ".json" || ext == ".csv"
            ? fmt(tr("%1$s %2$s: %3$s is a GeoPackage; give a file name ending in .gpkg (for a Shapefile, GeoJSON or CSV "
                     "of a plan use `gridplan export plan.gpkg --format ...`)."),
                  option.c_str(), path.c_str(), what.c_str())
            : fmt(tr("%1$s %2$s: %3$s is a GeoPackage; give a file name ending in .gpkg."), option.c_str(), path.c_str(),
                  what.c_str()));
}

}  // namespace gp::app
