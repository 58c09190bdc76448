// `gridplan export plan.gpkg --format csv|geojson|shp|metis -o OUT`: the plan for other tools.
#include <CLI/CLI.hpp>

#include <iostream>

#include "app/CliCommand.hpp"
#include "geo/core/Error.hpp"
#include "geo/io/Export.hpp"
#include "geo/io/PlanFile.hpp"

namespace gp::app {
namespace {

struct ExportArgs {
  std::string plan, format, out;
};

int runExport(const ExportArgs& a) {
  auto format = io::parseExportFormat(a.format);
  if (!format) throw InputError("unknown --format " + a.format + ": use csv, geojson, shp or metis");
  Plan plan = io::readPlan(a.plan);
  for (const std::string& f : io::exportPlan(plan, *format, a.out)) std::cout << "wrote " << f << "\n";
  return 0;
}

const RegisterCommand reg{
    "export", "Export a plan: assignment CSV, grids and units as GeoJSON or Shapefile, piece graph for METIS", 50,
    [](CLI::App& sub) {
      auto a = std::make_shared<ExportArgs>();
      sub.add_option("plan", a->plan, "plan GeoPackage written by `gridplan partition`")->required();
      sub.add_option("--format", a->format,
                     "csv: one row per piece (piece, building, entrance, floors, households, grid, unit), UTF-8 with BOM "
                     "for Excel; geojson: OUT/grids.geojson and OUT/units.geojson in EPSG:4326; shp: OUT/grids.shp and "
                     "OUT/units.shp (UTF-8); metis: OUT as a METIS graph of pieces weighted by households, plus OUT.xy "
                     "(coordinates) and OUT.ids (piece ids)")
          ->required()
          ->check(CLI::IsMember({"csv", "geojson", "shp", "shapefile", "metis"}));
      sub.add_option("-o,--out", a->out, "output file (csv, metis) or folder (geojson, shp)")->required();
      return [a] { return runExport(*a); };
    }};

}  // namespace
}  // namespace gp::app
