// gridplan partition: inputs → a complete plan GeoPackage (DESIGN §5), with a printed summary.
//
// --options FILE holds the same options without their leading dashes, either as `key = value` lines
// (# starts a comment; a repeatable option may appear on several lines) or as one JSON object
// ({"grid-min": 200, "barriers": ["roads.gpkg", "rivers.gpkg"]}). Options given on the command line win
// over the file. `config = KEY VALUE` lines are GDAL's --config (issue 14: --config FILE was this file's option).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/Allocator.hpp"
#include "app/CliCommand.hpp"
#include "app/GdalConfig.hpp"
#include "app/InputOptions.hpp"
#include "app/Progress.hpp"
#include "geo/core/AtomicFile.hpp"
#include "geo/core/Text.hpp"
#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
#include "geo/core/ProblemText.hpp"
#include "geo/core/ProgressStage.hpp"
#include "geo/core/Secrets.hpp"
#include "geo/io/LoadOptions.hpp"
#include "geo/io/Loader.hpp"
#include "geo/io/PlanFile.hpp"
#include "geo/partition/Partition.hpp"
#include "geo/pipeline/Pipeline.hpp"
#include "geo/pipeline/Report.hpp"

namespace gp::app {
namespace {

std::string unquote(std::string v) {
  if (v.size() >= 2 && ((v.front() == '"' && v.back() == '"') || (v.front() == '\'' && v.back() == '\'')))
    return v.substr(1, v.size() - 2);
  return v;
}

// key → values, in file order.
std::vector<std::pair<std::string, std::vector<std::string>>> readConfig(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw InputError(fmt(tr("cannot read the options file %s: check the path given to --options"), path.c_str()));
  std::stringstream ss;
  ss << f.rdbuf();
  std::string text = ss.str();
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  auto put = [&](std::string key, std::string value) {
    for (char& c : key)
      if (c == '_') c = '-';
    while (!key.empty() && key[0] == '-') key.erase(0, 1);
    for (auto& [k, vs] : out)
      if (k == key) {
        vs.push_back(std::move(value));
        return;
      }
    out.push_back({key, {std::move(value)}});
  };
  if (!trim(text).empty() && trim(text)[0] == '{') {
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(text);
    } catch (const std::exception& e) {
      throw InputError(fmt(tr("the options file %1$s is not valid JSON: %2$s"), path.c_str(), e.what()));
    }
    if (!j.is_object()) throw InputError(fmt(tr("the options file %s must hold one JSON object of options"), path.c_str()));
    for (auto& [key, v] : j.items()) {
      const std::string k = key;  // clang 14 cannot capture a structured binding in a lambda
      auto one = [&](const nlohmann::json& x) {
        if (x.is_string())
          put(k, x.get<std::string>());
        else if (x.is_boolean())
          put(k, x.get<bool>() ? "true" : "false");
        else
          put(k, x.dump());
      };
      if (v.is_array())
        for (auto& x : v) one(x);
      else
        one(v);
    }
    return out;
  }
  std::string line;
  int n = 0;
  std::istringstream in(text);
  while (std::getline(in, line)) {
    ++n;
    line = trim(line);
    if (line.empty() || line[0] == '#' || line[0] == ';' || line[0] == '[') continue;
    size_t eq = line.find('=');
    if (eq == std::string::npos)
      throw InputError(fmt(tr("the options file %1$s, line %2$d: expected `key = value`, got `%3$s`"), path.c_str(), n,
                           line.c_str()));
    put(trim(line.substr(0, eq)), unquote(trim(line.substr(eq + 1))));
  }
  return out;
}

void applyConfig(CLI::App& sub, const std::string& path) {
  for (auto& [key, values] : readConfig(path)) {
    if (key == "options") continue;
    if (key == "config") {  // GDAL's: the command line's and the environment's win
      for (auto& v : values) {
        auto [k, val] = splitGdalConfig(v, path + ": config");
        setGdalConfigDefault(k, val);
      }
      continue;
    }
    CLI::Option* opt = sub.get_option_no_throw("--" + key);
    if (!opt)
      throw InputError(fmt(tr("the options file %1$s names an unknown option `%2$s`: use the long option names of "
                              "`gridplan partition --help` without their dashes"),
                           path.c_str(), key.c_str()));
    if (opt->count() > 0) continue;  // the command line wins
    for (auto& v : values) opt->add_result(v);
    try {
      opt->run_callback();
    } catch (const CLI::Error& e) {
      throw InputError(fmt(tr("the options file %1$s: bad value for `%2$s`: %3$s"), path.c_str(), key.c_str(), e.what()));
    }
  }
}

constexpr size_t kProblemsShown = 30;

double secondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// --dump-graphs DIR: every partitioner input as text, one file each ("<serial>-<code>.txt": a line with node
// count, bounds and seed, then per node its households, position, compound, fixed label and edges
// neighbour:barrier:length), to replay a partition alone (bench/RESULTS.md).
std::function<void(const partition::Graph&, const partition::Config&, const std::string&)> graphWriter(
    const std::string& dir) {
  auto serial = std::make_shared<std::atomic<int>>(0);
  return [dir, serial](const partition::Graph& graph, const partition::Config& cfg, const std::string& name) {
    const std::string path = dir + "/" + std::to_string((*serial)++) + "-" + name + ".txt";
    FILE* f = std::fopen(path.c_str(), "w");
    if (!f) throw InputError(fmt(tr("cannot write %s (--dump-graphs): check that the folder is writable"), path.c_str()));
    const int A = graph.size();
    std::fprintf(f, "%d %d %d %llu\n", A, cfg.min, cfg.max, static_cast<unsigned long long>(cfg.seed));
    for (int a = 0; a < A; ++a) {
      std::fprintf(f, "%d %.3f %.3f %d %d", graph.weight[a], graph.x[a], graph.y[a],
                   graph.group.empty() ? -1 : graph.group[a], graph.fixed.empty() ? -1 : graph.fixed[a]);
      for (int e = graph.xadj[a]; e < graph.xadj[a + 1]; ++e)
        std::fprintf(f, " %d:%d:%.2f", graph.adjncy[e], graph.barrier[e], graph.shared[e]);
      std::fprintf(f, "\n");
    }
    std::fclose(f);
  };
}

// What the command line gives `partition`; shared by the option parser and the run.
struct State {
  io::LoadOptions load;
  std::string out, base, options;
  Bounds bounds;
  uint64_t seed = 1;
  int jobs = 0;
  bool noWalls = false, timings = false, quiet = false;
  std::string splitEntrances = "auto";
  std::string dumpGraphs;
  CLI::Option* targetOpt = nullptr;  // to tell a --grid-target given from the default
};

// Declares partition's options on `sub`, bound to `st`.
void addOptions(CLI::App& sub, State* st) {
  sub.add_option("-o,--out", st->out, tr("The plan GeoPackage to write"))->type_name("PLAN.gpkg");
  addInputOptions(sub, st->load);
  if (CLI::Option* b = sub.get_option_no_throw("--buildings")) b->required(false);  // may come from --options
  sub.add_option("--grid-min", st->bounds.grid_min, tr("Fewest households in a grid"))->capture_default_str();
  sub.add_option("--grid-max", st->bounds.grid_max, tr("Most households in a grid"))->capture_default_str();
  st->targetOpt =
      sub.add_option("--grid-target", st->bounds.grid_target, tr("Households a grid aims at (within the grid bounds)"))
          ->capture_default_str();
  sub.add_option("--unit-min", st->bounds.unit_min, tr("Fewest households in a unit"))->capture_default_str();
  sub.add_option("--unit-max", st->bounds.unit_max, tr("Most households in a unit"))->capture_default_str();
  sub.add_option("--base", st->base,
                 tr("An earlier plan: keep its grids that still meet the bounds (with codes, workers and duties) "
                    "and its locked grids exactly; report the households moved"))
      ->type_name("OLD.gpkg");
  sub.add_option("--seed", st->seed, tr("Same inputs and seed give the same plan"))->capture_default_str();
  sub.add_option("--jobs", st->jobs, tr("Communities partitioned in parallel (0 = all cores)"))
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  sub.add_option("--options", st->options,
                 tr("A file of these options without their dashes: `key = value` lines or one JSON object; the "
                    "command line wins"))
      ->type_name("FILE");
  sub.add_option("--split-entrances", st->splitEntrances,
                 tr("auto: where whole entrances cannot be grouped into units within the bounds, divide the fewest "
                    "by floors; never: keep entrances whole and say why a unit is off"))
      ->check(CLI::IsMember({"auto", "never"}))
      ->capture_default_str();
  sub.add_flag("--no-compound-walls", st->noWalls, tr("Do not cut the tessellation along compound (小区) outlines"));
  sub.add_flag("--timings", st->timings, tr("Print the time of each stage to stderr"));
  sub.add_option("--dump-graphs", st->dumpGraphs,
                 tr("Write every graph given to the partitioner into this folder as text, to replay a partition "
                    "alone (a debugging and benchmarking aid)"))
      ->type_name("DIR");
  sub.add_flag("-q,--quiet", st->quiet, tr("Print no summary"));
}

// Refuses options that cannot give a plan, before anything is read; throws InputError saying what to pass.
void validate(CLI::App& app, State* st) {
  if (!st->options.empty()) applyConfig(app, st->options);
  if (st->out.empty()) throw InputError(tr("say where to write the plan: -o plan.gpkg"));
  refuseDatabaseOutput("-o", st->out, "plan.gpkg");
  if (st->load.buildings.path.empty())
    throw InputError(tr("say which buildings to partition: --buildings PATH (or `buildings = PATH` in --options)"));
  requireGeoPackageName("-o", st->out, tr("a plan"));
  auto inputs = inputPaths(st->load);
  inputs.push_back({"--base", st->base});
  inputs.push_back({"--options", st->options});
  refuseOverwritingInputs("-o", st->out, inputs);
  const Bounds& b = st->bounds;
  if (b.grid_min < 1 || b.grid_min > b.grid_max || b.unit_min < 1 || b.unit_min > b.unit_max)
    throw InputError(tr("the bounds must satisfy 1 <= --grid-min <= --grid-max and 1 <= --unit-min <= --unit-max"));
  // A target given outside the bounds was once moved silently to their middle (issue 11); the default 300
  // still follows bounds given without a target.
  if (st->targetOpt->count() > 0 && (b.grid_target < b.grid_min || b.grid_target > b.grid_max))
    throw InputError(fmt(tr("--grid-target %1$d is outside --grid-min %2$d … --grid-max %3$d: give a target within "
                            "the bounds, or leave it out (then it is their middle)"),
                         b.grid_target, b.grid_min, b.grid_max));
  if (st->jobs < 0) throw InputError(fmt(tr("--jobs %d: give 0 (all cores) or more"), st->jobs));
  if (b.unit_max > b.grid_min)
    throw InputError(
        fmt(tr("--unit-max (%1$d) must not exceed --grid-min (%2$d): units lie inside grids"), b.unit_max, b.grid_min));
}

// Notes that say the counts themselves are estimates: the summary's households are then not counts, and a
// planner reading only the terminal must know it (a field name read wrongly leaves every count estimated).
bool isCountNote(const Problem& p) {
  return p.severity == Severity::Info && (p.kind == "estimated_households" || p.kind == "households_from_population");
}

// The inputs' errors and warnings are named on stderr, feature by feature: a planner must not have to open the
// problems layer to learn that a building was left out (issue 11), and so are the notes that counts were
// estimated. -q keeps them: they are not the summary.
void printInputProblems(const Plan& plan, const std::string& out) {
  size_t shown = 0, total = 0;
  auto items = plan.in.problems.items();
  auto print = [](const Problem& p) {
    std::cerr << severityLabel(p.severity) << "  " << p.kind << "  " << featureLabel(p.feature) << ": " << p.message
              << "\n";
  };
  for (Severity sev : {Severity::Error, Severity::Warning})
    for (const Problem& p : items) {
      if (p.severity != sev) continue;
      if (++total > kProblemsShown) continue;
      print(p);
      ++shown;
    }
  if (total > shown)
    std::cerr << fmt(tr("… and %1$zu more in the problems layer of %2$s"), total - shown, out.c_str()) << "\n";
  for (const Problem& p : items)
    if (isCountNote(p)) print(p);
}

// Reads, partitions, checks and writes; the exit code is 1 when the plan has errors or lost households.
int run(CLI::App& app, State* st) {
  validate(app, st);
  keepFreedPages();
  const Bounds& b = st->bounds;
  Progress progress(Progress::forStderr(st->quiet));
  auto t0 = std::chrono::steady_clock::now();
  progress.stage(tr("reading the inputs…"));
  st->load.progress = progress.loaderProgress();
  st->load.jobs = st->jobs;
  Inputs in = io::loadInputs(st->load);
  st->load.progress = nullptr;
  double tLoad = secondsSince(t0);

  std::optional<Plan> base;
  if (!st->base.empty()) {
    progress.stage(tr("reading the base plan…"));
    base = io::readPlan(st->base);
  }

  pipeline::Options opt;
  opt.bounds = st->bounds;
  if (opt.bounds.grid_target < b.grid_min || opt.bounds.grid_target > b.grid_max)
    opt.bounds.grid_target = (b.grid_min + b.grid_max) / 2;
  opt.seed = st->seed;
  opt.jobs = st->jobs;
  opt.base = base ? &*base : nullptr;
  opt.compound_walls = !st->noWalls;
  opt.split_entrances = st->splitEntrances != "never";
  // For benchmarks and tests: the self-check's batch size (pieces; 0 = the whole plan at once), README.
  if (const char* e = std::getenv("GRIDPLAN_CHECK_BATCH_PIECES")) opt.check_batch_pieces = std::strtoull(e, nullptr, 10);
  pipeline::Timings tm;
  opt.timings = &tm;
  progress.stage(tr("partitioning"));
  opt.progress = [&progress](double f, const std::string& s) { progress.update(f, progressStage(s)); };
  if (!st->dumpGraphs.empty()) {
    if (!std::filesystem::is_directory(st->dumpGraphs))
      throw InputError(fmt(tr("--dump-graphs %s: no such folder; create it first"), st->dumpGraphs.c_str()));
    opt.partition_input = graphWriter(st->dumpGraphs);
  }

  auto t1 = std::chrono::steady_clock::now();
  Plan plan = pipeline::buildPlan(std::move(in), opt);
  double tPlan = secondsSince(t1);
  progress.done();
  if (base) plan.meta.emplace_back("base_file", st->base);
  // Households read = households in the plan + this (each left-out building is a problem of severity error).
  const long long leftOut = plan.in.households_left_out;
  plan.meta.emplace_back("households_left_out", std::to_string(leftOut));

  auto t2 = std::chrono::steady_clock::now();
  progress.stage(tr("writing the plan…"));
  io::writePlan(plan, st->out, st->jobs);
  progress.done();
  double tWrite = secondsSince(t2);

  printInputProblems(plan, st->out);
  if (!st->quiet) {
    std::cout << pipeline::summaryText(plan);
    if (leftOut > 0)
      std::cout << fmt(tr("households left out: %lld (buildings or household records the inputs could not "
                          "place; see the errors above)"),
                       leftOut)
                << "\n";
    std::cout << fmt(tr("plan written to %s"), st->out.c_str()) << "\n";
  }
  if (st->timings)
    std::fprintf(
        stderr, "%s\n",
        fmt(tr("timings (s): load %1$.2f, plan %2$.2f (pieces %3$.2f; summed over threads: tessellate "
               "%4$.2f, adjacency %5$.2f, grids %6$.2f, units %7$.2f, polygons %8$.2f; self-check %9$.2f), "
               "write %10$.2f"),
            tLoad, tPlan, tm.pieces, tm.tessellate, tm.adjacency, tm.grids, tm.units, tm.polygons, tm.verify, tWrite)
            .c_str());
  pipeline::Summary s = pipeline::summarize(plan);
  return s.errors > 0 || s.unassigned_households > 0 || leftOut > 0 ? 1 : 0;
}

RegisterCommand reg{
    "partition",
    N_("Divide every community into full-service grids (200–400 households) and basic units (20–30), write the plan "
       "GeoPackage and print a summary"),
    30, [](CLI::App& sub) {
      auto st = std::make_shared<State>();
      addOptions(sub, st.get());
      CLI::App* app = &sub;
      return [st, app]() -> int { return run(*app, st.get()); };
    }};

}  // namespace
}  // namespace gp::app
