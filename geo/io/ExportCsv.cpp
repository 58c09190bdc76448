#include "geo/io/Export.hpp"
#include "geo/io/ExportFiles.hpp"

namespace gp::io {

namespace {
// RFC 4180: quote a field holding a comma, quote, or line break; double the quotes inside.
// A text starting with = + - @ (or a tab or carriage return) would run as a formula in a spreadsheet: it is written
// quoted with a leading apostrophe, so it shows as text (OWASP, CSV injection; issue 11). Numbers are written by
// the caller, never through here.
void field(std::string& out, const std::string& v) {
  bool formula = !v.empty() && std::string("=+-@\t\r").find(v[0]) != std::string::npos;
  if (!formula && v.find_first_of(",\"\r\n") == std::string::npos) {
    out += v;
    return;
  }
  out += '"';
  if (formula) out += '\'';
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}
std::string optInt(int v) { return v < 0 ? std::string() : std::to_string(v); }
}  // namespace

std::string exportCsv(const Plan& plan, const std::string& path) {
  std::string out = "\xEF\xBB\xBF";  // UTF-8 BOM: Excel otherwise reads the Chinese names as the local code page
  out.reserve(plan.pieces.size() * 80);
  out += "piece_id,bld_id,building_name,entrance,floor_from,floor_to,households,grid_id,unit_id\r\n";
  const int nb = static_cast<int>(plan.in.buildings.size());
  const int ng = static_cast<int>(plan.grids.size()), nu = static_cast<int>(plan.units.size());
  for (const Piece& p : plan.pieces) {
    const Building* b = p.building >= 0 && p.building < nb ? &plan.in.buildings[p.building] : nullptr;
    field(out, p.piece_id);
    out += ',';
    field(out, b ? b->bld_id : "");
    out += ',';
    field(out, b ? b->name : "");
    out += ',' + optInt(p.entrance) + ',' + optInt(p.floor_from) + ',' + optInt(p.floor_to) + ',' +
           std::to_string(p.households) + ',';
    field(out, p.grid >= 0 && p.grid < ng ? plan.grids[p.grid].grid_id : "");
    out += ',';
    field(out, p.unit >= 0 && p.unit < nu ? plan.units[p.unit].unit_id : "");
    out += "\r\n";
  }
  writeFileAtomically(path, out);
  return path;
}

}  // namespace gp::io
