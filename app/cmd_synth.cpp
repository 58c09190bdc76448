// gridplan synth: write a synthetic Chinese-style town (GeoPackage) for the demo, tests and benchmarks.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "app/CliCommand.hpp"
#include "geo/synth/Synth.hpp"

namespace {

// 1234567 → "1,234,567": the summary is read by people.
std::string grouped(long v) {
  std::string s = std::to_string(v);
  for (int i = static_cast<int>(s.size()) - 3; i > (v < 0 ? 1 : 0); i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

gp::app::RegisterCommand reg{
    "synth",
    "write a synthetic Chinese-style town (GeoPackage, EPSG:4549) to try gridplan on, and beside it "
    "<name>-roster.csv, fictional grid workers for signs --roster",
    10,
    [](CLI::App& sub) {
      auto path = std::make_shared<std::string>();
      auto opt = std::make_shared<gp::synth::SynthOptions>();
      sub.add_option("-o,--output", *path, "the GeoPackage to write (.gpkg)")->required();
      sub.add_option("--households", opt->households, "about how many households (default 1500)")
          ->check(CLI::Range(gp::synth::kMinHouseholds, gp::synth::kMaxHouseholds));
      sub.add_option("--seed", opt->seed, "random seed: the same seed and size give the same town (default 1)");
      sub.add_flag("--household-points", opt->household_points,
                   "also write a households point layer (one point per household, with synthetic private fields)");
      sub.add_flag("--awkward", opt->awkward,
                   "also the shapes real cities have: walk-up entrances of 13-19 households, 9-storey blocks of 27-36, "
                   "a one-entrance tower of 400+, hundreds of sheds with no households, water areas (layer water) "
                   "and a railway (layer railways) to pass as --barriers, a community in two parts and a concave one");
      opt->roster = true;  // the demo's signs get workers: <name>-roster.csv beside the town
      return [path, opt]() {
        const auto s = gp::synth::writeTown(*path, *opt);
        std::printf("synth: wrote %s (EPSG:4549, seed %llu)\n", s.path.c_str(),
                    static_cast<unsigned long long>(opt->seed));
        std::printf("  households        %s (asked for %s)\n", grouped(s.households).c_str(),
                    grouped(opt->households).c_str());
        std::printf("  buildings         %s (%s residential)\n", grouped(s.buildings).c_str(),
                    grouped(s.residential_buildings).c_str());
        std::printf("  communities       %s (smallest: %s)\n", grouped(s.communities).c_str(),
                    s.smallest_community.c_str());
        std::printf("  compounds         %s\n", grouped(s.compounds).c_str());
        if (opt->awkward)
          std::printf("  roads             %s, a river, %s railway and %s water areas\n", grouped(s.roads).c_str(),
                      grouped(s.railways).c_str(), grouped(s.water_areas).c_str());
        else
          std::printf("  roads             %s, and a river\n", grouped(s.roads).c_str());
        if (opt->household_points) std::printf("  household points  %s\n", grouped(s.household_points).c_str());
        for (size_t i = 0; i < s.awkward.size(); ++i)
          std::printf("  %s%s\n", i == 0 ? "awkward on purpose: " : "                    ", s.awkward[i].c_str());
        std::printf("  roster            %s (%s fictional grid workers, for signs --roster)\n", s.roster.c_str(),
                    grouped(s.roster_workers).c_str());
        std::printf("  time              %.2f s\n", s.seconds);
        return 0;
      };
    }};

}  // namespace
