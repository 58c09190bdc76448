// `gridplan check plan.gpkg [--json]`: verifies every invariant of DESIGN §4 on a plan file, also one edited
// in QGIS. Exit 0 clean, 1 violations, 2 unreadable (missing file, not a GeoPackage, missing layer or field).
#include <CLI/CLI.hpp>

#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "app/CliCommand.hpp"
#include "geo/core/I18n.hpp"
#include "geo/core/ProblemText.hpp"
#include "geo/io/PlanFile.hpp"
#include "geo/core/Text.hpp"
#include "geo/io/SourceLayer.hpp"
#include "geo/plan/Check.hpp"

namespace gp::app {
namespace {

std::string num(size_t v) { return thousands(static_cast<long long>(v)); }

int runCheck(const std::string& path, bool asJson) {
  // A damaged page is damage, exit 2 naming the layer, not a plan with rows silently missing (issue 11).
  io::refuseDamaged(path, tr("plan file"));
  // Text that is not UTF-8 is read as U+FFFD (issue 11): the warnings naming where are findings of check too.
  std::vector<Problem> repaired;
  Plan plan = io::readPlan(path, &repaired);
  std::vector<Problem> found = plan::check(plan);
  found.insert(found.end(), repaired.begin(), repaired.end());
  size_t violations = plan::countViolations(found);

  if (asJson) {
    nlohmann::json out;
    out["file"] = path;
    out["violations"] = nlohmann::json::array();
    out["notes"] = nlohmann::json::array();
    std::map<std::string, size_t> byKind;
    size_t errors = 0, warnings = 0;
    for (const Problem& p : found) {
      nlohmann::json j = {{"kind", p.kind}, {"severity", toString(p.severity)}, {"feature", p.feature}, {"message", p.message}};
      j["at"] = p.at ? nlohmann::json::array({p.at->x, p.at->y}) : nlohmann::json(nullptr);
      if (p.severity == Severity::Info) {
        out["notes"].push_back(j);
        continue;
      }
      out["violations"].push_back(j);
      byKind[p.kind]++;
      (p.severity == Severity::Error ? errors : warnings)++;
    }
    out["counts"] = {{"violations", violations},
                     {"errors", errors},
                     {"warnings", warnings},
                     {"by_kind", byKind},
                     {"communities", plan.in.communities.size()},
                     {"grids", plan.grids.size()},
                     {"units", plan.units.size()},
                     {"buildings", plan.in.buildings.size()},
                     {"pieces", plan.pieces.size()}};
    // Texts from a plan edited elsewhere may hold bytes that are not UTF-8: shown as U+FFFD, never an internal error.
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    // The reader's language, whatever the plan's (issue 13); kinds stay the stable keys.
    std::cout << fmt(tr("%1$s: %2$s communities, %3$s grids, %4$s units, %5$s buildings, %6$s pieces"), path.c_str(),
                     num(plan.in.communities.size()).c_str(), num(plan.grids.size()).c_str(),
                     num(plan.units.size()).c_str(), num(plan.in.buildings.size()).c_str(),
                     num(plan.pieces.size()).c_str())
              << "\n";
    for (const Problem& p : found)
      std::cout << severityLabel(p.severity) << "  " << p.kind << "  "
                << featureLabel(p.feature) << ": " << p.message << "\n";
    if (violations == 0)
      std::cout << tr("no violations: every invariant of the plan file holds") << "\n";
    else {
      std::map<std::string, size_t> byKind;
      for (const Problem& p : found)
        if (p.severity != Severity::Info) byKind[p.kind]++;
      std::string kinds;
      for (const auto& [k, n] : byKind) kinds += (kinds.empty() ? "" : tr(", ")) + k + " " + num(n);
      std::cout << fmt(trn("%1$s violation (%2$s): fix them in QGIS or the studio, or partition again",
                           "%1$s violations (%2$s): fix them in QGIS or the studio, or partition again", violations),
                       num(violations).c_str(), kinds.c_str())
                << "\n";
    }
  }
  return violations == 0 ? 0 : 1;
}

const RegisterCommand reg{
    "check", N_("Verify a plan file: sums, coverage without gaps or overlaps, connected grids and units, statuses"), 40,
    [](CLI::App& sub) {
      auto path = std::make_shared<std::string>();
      auto json = std::make_shared<bool>(false);
      sub.add_option("plan", *path, tr("plan GeoPackage written by `gridplan partition` (or edited in QGIS)"))->required();
      sub.add_flag("--json", *json,
                   tr("print {violations:[{kind,severity,feature,message,at}], notes, counts} as JSON (messages in "
                      "the reader's language, keys in English)"));
      return [path, json] { return runCheck(*path, *json); };
    }};

}  // namespace
}  // namespace gp::app
