// `gridplan inspect`: load the inputs as `partition` would and print what a planner needs to trust them
// before partitioning (issue 2): layers, CRS, households by source, communities, every problem.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include "app/CliCommand.hpp"
#include "app/InputOptions.hpp"
#include "app/Progress.hpp"
#include "geo/core/AtomicFile.hpp"
#include "geo/core/I18n.hpp"
#include "geo/core/Secrets.hpp"
#include "geo/io/InputsFile.hpp"
#include "geo/io/LoadOptions.hpp"
#include "geo/io/Loader.hpp"

namespace gp::app {
namespace {

std::string num(long long v) {
  std::string s = std::to_string(v < 0 ? -v : v), out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return v < 0 ? "-" + out : out;
}

// Columns a terminal shows: CJK characters take two, other code points one.
size_t displayWidth(const std::string& s) {
  size_t w = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    char32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    w += (cp >= 0x2E80 && cp <= 0xFFDC) ? 2 : 1;
    i += static_cast<size_t>(len);
  }
  return w;
}
std::string pad(const std::string& s, size_t w) {
  size_t d = displayWidth(s);
  return d >= w ? s + " " : s + std::string(w - d, ' ');
}
std::string rpad(const std::string& s, size_t w) {
  size_t d = displayWidth(s);
  return d >= w ? s : std::string(w - d, ' ') + s;
}

constexpr size_t kShowPerKind = 3;
constexpr size_t kShowCommunities = 40;

void printReport(const Inputs& in, std::ostream& os) {
  os << "Layers\n";
  for (const auto& l : in.layers)
    os << "  " << pad(l.role, 17) << l.source << " [" << l.layer << "]  " << l.crs << "  " << num(l.features)
       << " features\n";
  os << "\nMetric CRS: " << (in.epsg ? "EPSG:" + std::to_string(in.epsg) : std::string("as given (no EPSG code)"));
  for (const auto& p : in.problems.items())
    if (p.kind == "metric_crs") os << " — " << p.message;
  os << "\n";

  long long total = 0, nonRes = 0, flEst = 0, enEst = 0;
  std::map<HhSource, std::pair<long long, long long>> bySource;
  for (const auto& b : in.buildings) {
    total += b.households;
    nonRes += b.households == 0;
    flEst += b.floors_estimated;
    enEst += b.entrances_estimated && b.households > 0;
    auto& s = bySource[b.hh_source];
    s.first += 1;
    s.second += b.households;
  }
  os << "\nBuildings: " << num(static_cast<long long>(in.buildings.size())) << "\n";
  os << "  " << (in.building_id_field.empty()
                     ? std::string(tr("ids: made from each footprint (no --id-field and no bld_id field), the same "
                                      "from every format"))
                     : fmt(tr("ids: from field %s"), in.building_id_field.c_str()))
     << "\n";
  os << "  households by source:\n";
  for (HhSource s : {HhSource::Field, HhSource::Points, HhSource::Estimate}) {
    auto it = bySource.find(s);
    if (it == bySource.end()) continue;
    os << "    " << pad(toString(s), 9) << rpad(num(it->second.first), 9) << " buildings " << rpad(num(it->second.second), 11)
       << " households\n";
  }
  os << "  total households: " << num(total) << "\n";
  if (in.households_left_out > 0)
    os << "  households left out (buildings or records that could not be used, see the errors): "
       << num(in.households_left_out) << "\n";
  os << "  non-residential buildings (0 households): " << num(nonRes) << "\n";
  os << "  floors estimated: " << num(flEst) << ", entrances estimated: " << num(enEst) << "\n";
  if (!in.households.empty()) {
    long long placed = 0;
    for (const auto& h : in.households) placed += !h.bld_id.empty();
    os << "  household points: " << num(static_cast<long long>(in.households.size())) << ", in a building: "
       << num(placed) << "\n";
  }

  std::map<std::string, long long> bldPerCommunity;
  for (const auto& b : in.buildings) bldPerCommunity[b.community_id] += 1;
  os << "\nCommunities: " << num(static_cast<long long>(in.communities.size())) << "\n";
  for (size_t i = 0; i < in.communities.size() && i < kShowCommunities; ++i) {
    const auto& c = in.communities[i];
    os << "  " << pad(c.community_id, 14) << pad(c.name, 24) << rpad(num(c.households), 10) << " households "
       << rpad(num(bldPerCommunity[c.community_id]), 7) << " buildings\n";
  }
  if (in.communities.size() > kShowCommunities)
    os << "  … and " << num(static_cast<long long>(in.communities.size() - kShowCommunities)) << " more\n";
  if (auto it = bldPerCommunity.find(""); it != bldPerCommunity.end())
    os << "  (in no community: " << num(it->second) << " buildings)\n";
  os << "Compounds: " << num(static_cast<long long>(in.compounds.size())) << "\n";
  std::map<std::string, long long> kinds;
  for (const auto& b : in.barriers) kinds[b.kind] += 1;
  os << "Barriers: " << num(static_cast<long long>(in.barriers.size())) << " lines";
  if (!kinds.empty()) {
    os << " (";
    bool first = true;
    for (auto& [k, n] : kinds) os << (first ? "" : ", ") << k << " " << num(n), first = false;
    os << ")";
  }
  os << "\n";

  // Problems grouped by severity then kind: counts and the first few of each.
  auto items = in.problems.items();
  os << "\nProblems: " << num(static_cast<long long>(in.problems.count(Severity::Error))) << " errors, "
     << num(static_cast<long long>(in.problems.count(Severity::Warning))) << " warnings, "
     << num(static_cast<long long>(in.problems.count(Severity::Info))) << " notes\n";
  for (Severity sev : {Severity::Error, Severity::Warning, Severity::Info}) {
    std::map<std::string, std::vector<const Problem*>> byKind;
    std::vector<std::string> order;
    for (const auto& p : items) {
      if (p.severity != sev || p.kind == "metric_crs") continue;
      if (!byKind.count(p.kind)) order.push_back(p.kind);
      byKind[p.kind].push_back(&p);
    }
    for (const auto& k : order) {
      const auto& v = byKind[k];
      os << "  [" << toString(sev) << "] " << k << (v.size() > 1 ? " ×" + num(static_cast<long long>(v.size())) : "")
         << "\n";
      for (size_t i = 0; i < v.size() && i < kShowPerKind; ++i)
        os << "    " << v[i]->feature << ": " << v[i]->message << "\n";
      if (v.size() > kShowPerKind)
        os << "    … and " << num(static_cast<long long>(v.size() - kShowPerKind))
           << " more of this kind (all are in the problems layer of --out)\n";
    }
  }
}

RegisterCommand reg{
    "inspect", "Load the inputs and report what a planner needs to trust them: layers, CRS, households, problems",
    20, [](CLI::App& sub) {
      auto opt = std::make_shared<io::LoadOptions>();
      auto out = std::make_shared<std::string>();
      addInputOptions(sub, *opt);
      sub.add_option("--out", *out, "Write the normalised inputs and a problems layer to this GeoPackage");
      return [opt, out]() -> int {
        if (!out->empty()) {
          refuseDatabaseOutput("--out", *out, "inputs.gpkg");
          requireGeoPackageName("--out", *out, "the normalised inputs file");
          refuseOverwritingInputs("--out", *out, inputPaths(*opt));
        }
        Progress progress(Progress::forStderr(false));
        opt->progress = progress.loaderProgress();
        Inputs in = io::loadInputs(*opt);
        opt->progress = nullptr;
        progress.done();
        std::ostringstream os;
        printReport(in, os);
        std::cout << os.str();
        if (!out->empty()) {
          io::writeInputs(in, *out);
          std::cout << "\nWrote " << *out << "\n";
        }
        return in.problems.count(Severity::Error) > 0 ? 1 : 0;
      };
    }};

}  // namespace
}  // namespace gp::app
