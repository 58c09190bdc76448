// `gridplan export plan.gpkg --format csv|xlsx|geojson|shp|metis -o OUT [--roster FILE]`: the plan for other tools.
#include <CLI/CLI.hpp>

#include <iostream>

#include "app/CliCommand.hpp"
#include "geo/core/AtomicFile.hpp"
#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
#include "geo/core/Secrets.hpp"
#include "geo/core/ProblemText.hpp"
#include "geo/io/Export.hpp"
#include "geo/io/PlanFile.hpp"
#include "geo/io/SourceLayer.hpp"
#include "geo/print/Roster.hpp"

namespace gp::app {
namespace {

struct ExportArgs {
  std::string plan, format, out, roster, encoding;
};

int runExport(const ExportArgs& a) {
  auto format = io::parseExportFormat(a.format);
  if (!format)
    throw InputError(fmt(tr("unknown --format %s: use csv, xlsx, geojson, shp or metis"), a.format.c_str()));
  const char* example = *format == io::ExportFormat::Xlsx    ? "ledger.xlsx"
                        : *format == io::ExportFormat::Csv   ? "assignment.csv"
                        : *format == io::ExportFormat::Metis ? "pieces.graph"
                                                             : "folder/";
  refuseDatabaseOutput("-o", a.out, example);
  // Every file the export may write, against its inputs: a METIS graph writes OUT, OUT.xy and OUT.ids, the folder
  // formats OUT/grids.* and OUT/units.*.
  for (const std::string& o : {a.out, a.out + ".xy", a.out + ".ids", a.out + "/grids.shp", a.out + "/grids.dbf",
                               a.out + "/units.shp", a.out + "/units.dbf", a.out + "/grids.geojson",
                               a.out + "/units.geojson"})
    refuseOverwritingInputs("-o", o, {{tr("plan file"), a.plan}, {"--roster", a.roster}});
  io::refuseDamaged(a.plan, tr("plan file"));
  std::vector<Problem> repaired;  // text that was not UTF-8, exported as U+FFFD (issue 11)
  Plan plan = io::readPlan(a.plan, &repaired);
  ProblemList problems;
  for (const Problem& p : repaired) problems.add(p);
  if (!a.roster.empty()) print::applyRoster(print::readRoster(a.roster), plan, problems);
  for (const std::string& f : io::exportPlan(plan, *format, a.out, {a.encoding, &problems}))
    std::cout << fmt(tr("wrote %s"), f.c_str()) << "\n";
  for (const auto& p : problems.items())
    std::cerr << severityLabel(p.severity) << "  " << p.kind << "  " << p.message << "\n";
  return problems.count(Severity::Error) ? 1 : 0;
}

const RegisterCommand reg{
    "export",
    N_("Export a plan: assignment CSV, grid ledger xlsx, grids and units as GeoJSON or Shapefile, piece graph for "
       "METIS"),
    50,
    [](CLI::App& sub) {
      auto a = std::make_shared<ExportArgs>();
      sub.add_option("plan", a->plan, tr("plan GeoPackage written by `gridplan partition`"))->required();
      sub.add_option("--format", a->format,
                     tr("csv: one row per piece (piece, building, entrance, floors, households, grid, unit), UTF-8 with BOM "
                     "for Excel; xlsx: the grid ledger (sheets 网格台账, 基础治理单元, 楼栋; codes as text) to fill in and give back as "
                     "--roster; geojson: OUT/grids.geojson and OUT/units.geojson in EPSG:4326; shp: OUT/grids.shp and "
                     "OUT/units.shp (UTF-8); metis: OUT as a METIS graph of pieces weighted by households, plus OUT.xy "
                     "(coordinates) and OUT.ids (piece ids)"))
          ->required()
          ->check(CLI::IsMember({"csv", "xlsx", "geojson", "shp", "shapefile", "metis"}));
      sub.add_option("-o,--out", a->out, tr("output file (csv, xlsx, metis) or folder (geojson, shp)"))->required();
      sub.add_option("--roster", a->roster,
                     tr("roster (.xlsx or .csv, e.g. an edited ledger) whose worker, phone and duties fill the grids "
                        "first"));
      sub.add_option("--encoding", a->encoding,
                     tr("code page of a Shapefile's .dbf: UTF-8 (the default) or GBK, for older tools that read only "
                        "the Chinese Windows code page (.cpg CP936)"));
      return [a] { return runExport(*a); };
    }};

}  // namespace
}  // namespace gp::app
