// Times the plan file and its checks on an existing plan GeoPackage: readPlan, check (attributes only and
// full), writePlan, and each export. Usage: bench_planfile PLAN.gpkg OUT_DIR [REPEATS] [STAGES]. STAGES is a
// comma-separated subset of read,check,write,export (default all). Prints one line per stage with the median wall
// time and the median CPU time (user + system, all threads) of REPEATS runs (default 3) and the peak RSS at the
// end; on a shared machine the CPU time moves less with the load than the wall time.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "geo/io/Export.hpp"
#include "geo/io/PlanFile.hpp"
#include "geo/plan/Check.hpp"

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double cpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

void stage(const char* name, int repeats, const std::function<std::string()>& run) {
  std::vector<double> t, cpu;
  std::string note;
  for (int i = 0; i < repeats; ++i) {
    auto a = std::chrono::steady_clock::now();
    double c = cpuSeconds();
    note = run();
    t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count());
    cpu.push_back(cpuSeconds() - c);
  }
  std::printf("%-22s %8.2f s  (cpu %6.2f s)   %s\n", name, median(t), median(cpu), note.c_str());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bench_planfile PLAN.gpkg OUT_DIR [REPEATS] [read,check,write,export]\n");
    return 2;
  }
  std::string in = argv[1], out = argv[2];
  int repeats = argc > 3 ? std::max(1, std::atoi(argv[3])) : 3;
  std::string stages = argc > 4 ? "," + std::string(argv[4]) + "," : ",read,check,write,export,";
  auto want = [&](const char* s) { return stages.find("," + std::string(s) + ",") != std::string::npos; };
  std::filesystem::create_directories(out);

  gp::Plan plan;
  // The plan is always read (the other stages need it), timed over REPEATS only when asked for.
  stage("readPlan", want("read") ? repeats : 1, [&] {
    plan = gp::io::readPlan(in);
    return std::to_string(plan.grids.size()) + " grids, " + std::to_string(plan.units.size()) + " units, " +
           std::to_string(plan.pieces.size()) + " pieces, " + std::to_string(plan.in.buildings.size()) + " buildings";
  });
  if (want("check")) {
    stage("check (attributes)", repeats, [&] {
      gp::plan::CheckOptions o;
      o.geometry = false;
      return std::to_string(gp::plan::countViolations(gp::plan::check(plan, o))) + " violations";
    });
    stage("check (full)", repeats, [&] {
      return std::to_string(gp::plan::countViolations(gp::plan::check(plan))) + " violations";
    });
  }
  if (want("write")) {
    stage("writePlan", repeats, [&] {
      gp::io::writePlan(plan, out + "/plan.gpkg");
      return std::to_string(std::filesystem::file_size(out + "/plan.gpkg") >> 20) + " MiB";
    });
  }
  if (want("export")) {
    stage("export csv", repeats, [&] { return gp::io::exportCsv(plan, out + "/assignment.csv"); });
    stage("export geojson", repeats, [&] { return std::to_string(gp::io::exportGeoJson(plan, out + "/geojson").size()) + " files"; });
    stage("export shp", repeats, [&] { return std::to_string(gp::io::exportShapefile(plan, out + "/shp").size()) + " files"; });
    stage("export metis", repeats, [&] {
      auto g = gp::io::pieceGraph(plan);
      gp::io::exportMetis(plan, out + "/pieces.graph");
      return std::to_string(g.weight.size()) + " vertices, " + std::to_string(g.adjncy.size() / 2) + " edges";
    });
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("peak RSS %.0f MiB\n", ru.ru_maxrss / 1024.0);
  return 0;
}
