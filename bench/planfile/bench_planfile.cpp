// Times the plan file and its checks on an existing plan GeoPackage: readPlan, check (attributes only and
// full), writePlan, and each export. Usage: bench_planfile PLAN.gpkg OUT_DIR [REPEATS]. Prints one line per
// stage with the median wall time of REPEATS runs (default 3) and the process's peak RSS at the end.
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

void stage(const char* name, int repeats, const std::function<std::string()>& run) {
  std::vector<double> t;
  std::string note;
  for (int i = 0; i < repeats; ++i) {
    auto a = std::chrono::steady_clock::now();
    note = run();
    t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count());
  }
  std::printf("%-22s %8.2f s   %s\n", name, median(t), note.c_str());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bench_planfile PLAN.gpkg OUT_DIR [REPEATS]\n");
    return 2;
  }
  std::string in = argv[1], out = argv[2];
  int repeats = argc > 3 ? std::max(1, std::atoi(argv[3])) : 3;
  std::filesystem::create_directories(out);

  gp::Plan plan;
  stage("readPlan", repeats, [&] {
    plan = gp::io::readPlan(in);
    return std::to_string(plan.grids.size()) + " grids, " + std::to_string(plan.units.size()) + " units, " +
           std::to_string(plan.pieces.size()) + " pieces, " + std::to_string(plan.in.buildings.size()) + " buildings";
  });
  stage("check (attributes)", repeats, [&] {
    gp::plan::CheckOptions o;
    o.geometry = false;
    return std::to_string(gp::plan::countViolations(gp::plan::check(plan, o))) + " violations";
  });
  stage("check (full)", repeats, [&] {
    return std::to_string(gp::plan::countViolations(gp::plan::check(plan))) + " violations";
  });
  stage("writePlan", repeats, [&] {
    gp::io::writePlan(plan, out + "/plan.gpkg");
    return std::to_string(std::filesystem::file_size(out + "/plan.gpkg") >> 20) + " MiB";
  });
  stage("export csv", repeats, [&] { return gp::io::exportCsv(plan, out + "/assignment.csv"); });
  stage("export geojson", repeats, [&] { return std::to_string(gp::io::exportGeoJson(plan, out + "/geojson").size()) + " files"; });
  stage("export shp", repeats, [&] { return std::to_string(gp::io::exportShapefile(plan, out + "/shp").size()) + " files"; });
  stage("export metis", repeats, [&] {
    auto g = gp::io::pieceGraph(plan);
    gp::io::exportMetis(plan, out + "/pieces.graph");
    return std::to_string(g.weight.size()) + " vertices, " + std::to_string(g.adjncy.size() / 2) + " edges";
  });
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("peak RSS %.0f MiB\n", ru.ru_maxrss / 1024.0);
  return 0;
}
