// `gridplan signs`: print the grid service sign (网格服务公示牌) of every grid of a plan (issue 5):
// one PDF and/or PNG per grid, an optional atlas, worker details from a roster (.xlsx or .csv).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/CliCommand.hpp"
#include "app/Progress.hpp"
#include "geo/core/AtomicFile.hpp"
#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
#include "geo/core/Secrets.hpp"
#include "geo/core/ProblemText.hpp"
#include "geo/io/PlanFile.hpp"
#include "geo/print/Roster.hpp"
#include "geo/print/SignBatch.hpp"
#include "geo/print/SignTemplate.hpp"

namespace gp::app {
namespace {

struct SignsArgs {
  std::string plan, out_dir, roster, tmpl, formats = "pdf", atlas, date;
  double dpi = 300;
  int jobs = 0;
  std::vector<std::string> grids;
};

int run(const SignsArgs& a) {
  if (a.out_dir.empty() && a.atlas.empty())
    throw InputError(tr("signs: say where the signs go: -o DIR (a file per grid) and/or --atlas FILE.pdf"));
  print::BatchOptions opt;
  opt.out_dir = a.out_dir;
  opt.pdf = opt.png = false;
  size_t start = 0;
  while (start <= a.formats.size()) {
    size_t end = a.formats.find(',', start);
    if (end == std::string::npos) end = a.formats.size();
    std::string f = a.formats.substr(start, end - start);
    if (f == "pdf") opt.pdf = true;
    else if (f == "png") opt.png = true;
    else if (!f.empty())
      throw InputError(fmt(tr("--format: \"%s\" is not a sign format; use pdf, png or pdf,png"), f.c_str()));
    start = end + 1;
  }
  if (!a.out_dir.empty() && !opt.pdf && !opt.png) throw InputError(tr("--format: give pdf, png or pdf,png"));
  opt.dpi = a.dpi;
  opt.atlas = a.atlas;
  opt.jobs = a.jobs;
  opt.print_date = a.date;

  refuseDatabaseOutput("-o", a.out_dir, "signs/");
  refuseDatabaseOutput("--atlas", a.atlas, "atlas.pdf");
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {tr("plan file"), a.plan}, {"--roster", a.roster}, {"--template", a.tmpl}};
  refuseOverwritingInputs("--atlas", a.atlas, inputs);
  refuseOverwritingInputs("-o", a.out_dir, inputs);
  print::SignTemplate t = a.tmpl.empty() ? print::SignTemplate{} : print::loadTemplate(a.tmpl);
  std::vector<Problem> repaired;  // text that was not UTF-8, printed as U+FFFD (issue 11)
  Plan plan = io::readPlan(a.plan, &repaired);
  if (plan.grids.empty())
    throw InputError(
        fmt(tr("%s: the plan has no grids (layer grids is empty); run gridplan partition first"), a.plan.c_str()));

  ProblemList problems;
  for (const Problem& p : repaired) problems.add(p);
  if (!a.roster.empty()) {
    print::Roster roster = print::readRoster(a.roster);
    print::applyRoster(roster, plan, problems);
  }
  for (const auto& id : a.grids) {
    int g = -1;
    for (size_t i = 0; i < plan.grids.size(); ++i)
      if (plan.grids[i].grid_id == id) g = int(i);
    if (g < 0)
      problems.add("unknown_grid", Severity::Error, "grid " + id,
                   fmt(tr("--grid %1$s: no such grid in %2$s; check the code against the grids layer"), id.c_str(),
                       a.plan.c_str()));
    else
      opt.grids.push_back(g);
  }
  if (!a.grids.empty() && opt.grids.empty()) {
    for (const auto& p : problems.items()) std::cerr << fmt(tr("%1$s: %2$s"), tr("error"), p.message.c_str()) << "\n";
    throw InputError(fmt(tr("none of the --grid codes is in %s"), a.plan.c_str()));
  }
  print::checkWorkers(plan.grids, opt.grids, problems);
  // Each file of -o DIR is an output too: DIR/<grid_id>.pdf or .png may be (or link to) an input (issue 11).
  if (!a.out_dir.empty())
    for (size_t i = 0; i < plan.grids.size(); ++i) {
      if (!opt.grids.empty() && std::find(opt.grids.begin(), opt.grids.end(), int(i)) == opt.grids.end()) continue;
      for (const char* ext : {".pdf", ".png"})
        if (std::string(ext) == ".pdf" ? opt.pdf : opt.png)
          refuseOverwritingInputs("-o", (std::filesystem::path(a.out_dir) / (print::fileStem(plan.grids[i].grid_id) + ext)).string(),
                                  {{"plan", a.plan}, {"--roster", a.roster}, {"--template", a.tmpl}});
    }

  auto t0 = std::chrono::steady_clock::now();
  Progress progress(Progress::forStderr(false));
  progress.stage(tr("printing signs"));
  opt.progress = [&progress](int done, int total) {
    progress.update(total > 0 ? double(done) / total : 1.0, std::to_string(done) + "/" + std::to_string(total));
  };
  print::BatchResult res = print::printSigns(plan, t, opt);
  progress.done();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  problems.append(res.problems);

  std::string what;
  if (!a.out_dir.empty())
    what = fmt(tr("%1$s in %2$s"), opt.pdf && opt.png ? tr("PDF and PNG") : opt.pdf ? "PDF" : "PNG", a.out_dir.c_str());
  if (!a.atlas.empty()) what += (what.empty() ? "" : tr(", ")) + fmt(tr("atlas %s"), a.atlas.c_str());
  std::cout << fmt(trn("signs: %1$d printed (%2$s) in %3$.1f s, %4$.1f signs/s",
                       "signs: %1$d printed (%2$s) in %3$.1f s, %4$.1f signs/s", static_cast<unsigned long>(res.signs)),
                   static_cast<int>(res.signs), what.c_str(), secs, secs > 0 ? res.signs / secs : 0.0)
            << "\n";

  auto items = problems.items();
  for (const auto& p : items) std::cerr << severityLabel(p.severity) << "  " << p.kind << "  " << p.message << "\n";
  size_t errors = problems.count(Severity::Error);
  if (errors)
    std::cerr << fmt(trn("signs: %zu problem to fix (listed above by grid); the signs are printed",
                         "signs: %zu problems to fix (listed above by grid); the signs are printed", errors),
                     errors)
              << "\n";
  return errors ? 1 : 0;
}

RegisterCommand reg{"signs", N_("Print the grid service sign (网格服务公示牌) of every grid: PDF/PNG per grid, atlas"), 60,
                    [](CLI::App& sub) {
                      auto a = std::make_shared<SignsArgs>();
                      sub.add_option("plan", a->plan, tr("plan GeoPackage written by `gridplan partition`"))->required();
                      sub.add_option("-o,--out", a->out_dir, tr("folder for one file per grid, named <grid_id>.pdf/.png"));
                      sub.add_option("--roster", a->roster,
                                     tr("roster that fills or overrides the plan's worker, phone and duties: .xlsx (e.g. "
                                     "the ledger of `export --format xlsx`, filled in) or .csv / Unicode text (UTF-8, "
                                     "GBK or UTF-16); columns grid_id/网格编码 or grid_name/网格名称 (with "
                                     "社区编码/社区名称), worker_name/网格员, worker_phone/联系电话, duties/服务职责"));
                      sub.add_option("--template", a->tmpl, tr("sign template JSON (see assets/sign-a3.json)"));
                      sub.add_option("--format", a->formats, tr("pdf, png or pdf,png"))->capture_default_str();
                      sub.add_option("--dpi", a->dpi, tr("PNG resolution"))->check(CLI::Range(36.0, 1200.0))->capture_default_str();
                      sub.add_option("--atlas", a->atlas, tr("also write one PDF with a page per grid, in code order"));
                      sub.add_option("--grid", a->grids, tr("print only this grid (repeatable)"));
                      sub.add_option("--jobs", a->jobs, tr("threads (0 = all cores)"))->check(CLI::NonNegativeNumber);
                      sub.add_option("--date", a->date, tr("print date shown in the footer (default today)"));
                      return [a] { return run(*a); };
                    }};

}  // namespace
}  // namespace gp::app
