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
#include "geo/core/ProblemText.hpp"
#include "geo/core/Text.hpp"
#include "geo/io/InputsFile.hpp"
#include "geo/io/LoadOptions.hpp"
#include "geo/io/Loader.hpp"

namespace gp::app {
namespace {

std::string num(long long v) { return thousands(v); }

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

// What a planner calls an input layer (its role is the option's name), a household source and a barrier kind;
// a word not in the table (a barrier kind from the data) stays as it is.
std::string word(const std::string& key) {
  static const char* const words[][2] = {
      {"buildings", N_("buildings")}, {"household-points", N_("household-points")},
      {"communities", N_("communities")}, {"compounds", N_("compounds")},
      {"barriers", N_("barriers")}, {"field", N_("field")},
      {"points", N_("points")}, {"estimate", N_("estimate")},
      {"road", N_("road")}, {"river", N_("river")},
      {"railway", N_("railway")}, {"none", N_("none")}};  // "none": a layer without a CRS (io::crsLabel)
  for (const auto& w : words)
    if (key == w[0]) return tr(w[1]);
  return key;
}

constexpr size_t kShowPerKind = 3;
constexpr size_t kShowCommunities = 40;

void printReport(const Inputs& in, std::ostream& os) {
  os << tr("Layers") << "\n";
  for (const auto& l : in.layers)
    os << "  " << pad(word(l.role), 17) << l.source << " [" << l.layer << "]  " << word(l.crs) << "  "
       << fmt(tr("%s features"), num(l.features).c_str()) << "\n";
  os << "\n"
     << fmt(tr("Metric CRS: %s"), in.epsg ? ("EPSG:" + std::to_string(in.epsg)).c_str() : tr("as given (no EPSG code)"));
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
  os << "\n" << fmt(tr("Buildings: %s"), num(static_cast<long long>(in.buildings.size())).c_str()) << "\n";
  os << "  " << (in.building_id_field.empty()
                     ? std::string(tr("ids: made from each footprint (no --id-field and no bld_id field), the same "
                                      "from every format"))
                     : fmt(tr("ids: from field %s"), in.building_id_field.c_str()))
     << "\n";
  os << "  " << tr("households by source:") << "\n";
  for (HhSource s : {HhSource::Field, HhSource::Points, HhSource::Estimate}) {
    auto it = bySource.find(s);
    if (it == bySource.end()) continue;
    os << "    " << pad(word(toString(s)), 9)
       << fmt(tr("%1$s buildings %2$s households"), rpad(num(it->second.first), 9).c_str(),
              rpad(num(it->second.second), 11).c_str())
       << "\n";
  }
  os << "  " << fmt(tr("total households: %s"), num(total).c_str()) << "\n";
  if (in.households_left_out > 0)
    os << "  "
       << fmt(tr("households left out (buildings or records that could not be used, see the errors): %s"),
              num(in.households_left_out).c_str())
       << "\n";
  os << "  " << fmt(tr("non-residential buildings (0 households): %s"), num(nonRes).c_str()) << "\n";
  os << "  " << fmt(tr("floors estimated: %1$s, entrances estimated: %2$s"), num(flEst).c_str(), num(enEst).c_str())
     << "\n";
  if (!in.households.empty()) {
    long long placed = 0;
    for (const auto& h : in.households) placed += !h.bld_id.empty();
    os << "  "
       << fmt(tr("household points: %1$s, in a building: %2$s"), num(static_cast<long long>(in.households.size())).c_str(),
              num(placed).c_str())
       << "\n";
  }

  std::map<std::string, long long> bldPerCommunity;
  for (const auto& b : in.buildings) bldPerCommunity[b.community_id] += 1;
  os << "\n" << fmt(tr("Communities: %s"), num(static_cast<long long>(in.communities.size())).c_str()) << "\n";
  for (size_t i = 0; i < in.communities.size() && i < kShowCommunities; ++i) {
    const auto& c = in.communities[i];
    os << "  " << pad(c.community_id, 14) << pad(c.name, 24)
       << fmt(tr("%1$s households %2$s buildings"), rpad(num(c.households), 10).c_str(),
              rpad(num(bldPerCommunity[c.community_id]), 7).c_str())
       << "\n";
  }
  if (in.communities.size() > kShowCommunities)
    os << "  " << fmt(tr("… and %s more"), num(static_cast<long long>(in.communities.size() - kShowCommunities)).c_str())
       << "\n";
  if (auto it = bldPerCommunity.find(""); it != bldPerCommunity.end())
    os << "  " << fmt(tr("(in no community: %s buildings)"), num(it->second).c_str()) << "\n";
  os << fmt(tr("Compounds: %s"), num(static_cast<long long>(in.compounds.size())).c_str()) << "\n";
  std::map<std::string, long long> kinds;
  for (const auto& b : in.barriers) kinds[b.kind] += 1;
  std::string kindList;
  for (auto& [k, n] : kinds) kindList += (kindList.empty() ? "" : tr(", ")) + word(k) + " " + num(n);
  os << (kinds.empty() ? fmt(tr("Barriers: %s lines"), num(static_cast<long long>(in.barriers.size())).c_str())
                       : fmt(tr("Barriers: %1$s lines (%2$s)"), num(static_cast<long long>(in.barriers.size())).c_str(),
                             kindList.c_str()))
     << "\n";

  // Problems grouped by severity then kind: counts and the first few of each.
  auto items = in.problems.items();
  os << "\n"
     << fmt(tr("Problems: %1$s errors, %2$s warnings, %3$s notes"),
            num(static_cast<long long>(in.problems.count(Severity::Error))).c_str(),
            num(static_cast<long long>(in.problems.count(Severity::Warning))).c_str(),
            num(static_cast<long long>(in.problems.count(Severity::Info))).c_str())
     << "\n";
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
      os << "  [" << severityLabel(sev) << "] " << k
         << (v.size() > 1 ? " ×" + num(static_cast<long long>(v.size())) : "") << "\n";
      for (size_t i = 0; i < v.size() && i < kShowPerKind; ++i)
        os << "    " << featureLabel(v[i]->feature) << ": " << v[i]->message << "\n";
      if (v.size() > kShowPerKind)
        os << "    "
           << fmt(tr("… and %s more of this kind (all are in the problems layer of --out)"),
                  num(static_cast<long long>(v.size() - kShowPerKind)).c_str())
           << "\n";
    }
  }
}

RegisterCommand reg{
    "inspect", N_("Load the inputs and report what a planner needs to trust them: layers, CRS, households, problems"),
    20, [](CLI::App& sub) {
      auto opt = std::make_shared<io::LoadOptions>();
      auto out = std::make_shared<std::string>();
      addInputOptions(sub, *opt);
      sub.add_option("--out", *out, tr("Write the normalised inputs and a problems layer to this GeoPackage"));
      return [opt, out]() -> int {
        if (!out->empty()) {
          refuseDatabaseOutput("--out", *out, "inputs.gpkg");
          requireGeoPackageName("--out", *out, tr("the normalised inputs file"));
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
          std::cout << "\n" << fmt(tr("Wrote %s"), out->c_str()) << "\n";
        }
        return in.problems.count(Severity::Error) > 0 ? 1 : 0;
      };
    }};

}  // namespace
}  // namespace gp::app
