// libFuzzer target: the roster CSV parser (gp::print::parseRoster), then the rows applied to a small plan as
// `signs --roster` does. Bad bytes must end in gp::InputError or problems; any other exception aborts.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "geo/core/Error.hpp"
#include "geo/print/Roster.hpp"

namespace {

gp::Plan samplePlan() {
  gp::Plan plan;
  for (int c = 0; c < 2; ++c) {
    gp::Community com;
    com.community_id = "32050801904" + std::to_string(c);
    com.name = c ? "东社区" : "West";
    plan.in.communities.push_back(com);
    for (int g = 0; g < 3; ++g) {
      gp::Grid grid;
      grid.grid_id = com.community_id + "00" + std::to_string(g + 1);
      grid.community = c;
      grid.name = "第" + std::to_string(g + 1) + "网格";
      plan.grids.push_back(grid);
    }
  }
  return plan;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  try {
    gp::print::Roster roster = gp::print::parseRoster(bytes, "roster fuzz.csv");
    gp::Plan plan = samplePlan();
    gp::ProblemList problems;
    gp::print::applyRoster(roster, plan, problems);
    gp::print::checkWorkers(plan.grids, {}, problems);
    for (const auto& row : roster.rows) (void)gp::print::isValidPhone(row.worker_phone);
  } catch (const gp::InputError&) {
  } catch (const std::exception& e) {
    std::fprintf(stderr, "internal error (would be exit 3): %s\n", e.what());
    std::abort();
  }
  return 0;
}
