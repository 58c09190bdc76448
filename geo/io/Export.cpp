#include "geo/io/Export.hpp"

#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"

namespace gp::io {

std::optional<ExportFormat> parseExportFormat(const std::string& s) {
  if (s == "csv") return ExportFormat::Csv;
  if (s == "xlsx") return ExportFormat::Xlsx;
  if (s == "geojson") return ExportFormat::GeoJson;
  if (s == "shp" || s == "shapefile") return ExportFormat::Shapefile;
  if (s == "metis") return ExportFormat::Metis;
  return std::nullopt;
}

std::vector<std::string> exportPlan(const Plan& plan, ExportFormat format, const std::string& out,
                                    const ExportOptions& opt) {
  if (!opt.encoding.empty() && format != ExportFormat::Shapefile)
    throw InputError(fmt(tr("--encoding %s: only a Shapefile (--format shp) has a code page to choose; the other "
                            "formats are UTF-8"),
                         opt.encoding.c_str()));
  switch (format) {
    case ExportFormat::Csv: return {exportCsv(plan, out)};
    case ExportFormat::Xlsx: return {exportXlsx(plan, out)};
    case ExportFormat::GeoJson: return exportGeoJson(plan, out);
    case ExportFormat::Shapefile: return exportShapefile(plan, out, opt);
    case ExportFormat::Metis: return exportMetis(plan, out);
  }
  return {};
}

}  // namespace gp::io
