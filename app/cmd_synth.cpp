// gridplan synth: write a synthetic Chinese-style town (GeoPackage) for the demo, tests and benchmarks.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "app/CliCommand.hpp"
#include "geo/core/I18n.hpp"
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
    N_("write a synthetic Chinese-style town (GeoPackage, EPSG:4549) to try gridplan on, and beside it "
       "<name>-roster.csv, fictional grid workers for signs --roster"),
    10,
    [](CLI::App& sub) {
      auto path = std::make_shared<std::string>();
      auto opt = std::make_shared<gp::synth::SynthOptions>();
      using gp::tr;
      sub.add_option("-o,--output", *path, tr("the GeoPackage to write (.gpkg)"))->required();
      sub.add_option("--households", opt->households, tr("about how many households (default 1500)"))
          ->check(CLI::Range(gp::synth::kMinHouseholds, gp::synth::kMaxHouseholds));
      sub.add_option("--seed", opt->seed, tr("random seed: the same seed and size give the same town (default 1)"));
      sub.add_flag("--household-points", opt->household_points,
                   tr("also write a households point layer (one point per household, with synthetic private fields)"));
      sub.add_flag("--awkward", opt->awkward,
                   tr("also the shapes real cities have: walk-up entrances of 13-19 households, 9-storey blocks of 27-36, "
                   "a one-entrance tower of 400+, hundreds of sheds with no households, water areas (layer water) "
                   "and a railway (layer railways) to pass as --barriers, a community in two parts and a concave one"));
      sub.add_option("--villages", opt->villages,
                     tr("also N village communities south of the town (2.4 x 1.8 km each, hundreds of one-household "
                        "houses and outbuildings in scattered hamlets)"))
          ->check(CLI::Range(0, 100));
      opt->roster = true;  // the demo's signs get workers: <name>-roster.csv beside the town
      return [path, opt]() {
        using gp::fmt;
        using gp::tr;
        const auto s = gp::synth::writeTown(*path, *opt);
        // Each line is one message: its label is padded inside the translation, to the column Chinese needs.
        auto line = [](const std::string& text) { std::printf("  %s\n", text.c_str()); };
        std::printf("%s\n", fmt(tr("synth: wrote %1$s (EPSG:4549, seed %2$llu)"), s.path.c_str(),
                                static_cast<unsigned long long>(opt->seed))
                                .c_str());
        line(fmt(tr("households        %1$s (asked for %2$s)"), grouped(s.households).c_str(),
                 grouped(opt->households).c_str()));
        line(fmt(tr("buildings         %1$s (%2$s residential)"), grouped(s.buildings).c_str(),
                 grouped(s.residential_buildings).c_str()));
        line(fmt(tr("communities       %1$s (smallest: %2$s)"), grouped(s.communities).c_str(),
                 s.smallest_community.c_str()));
        line(fmt(tr("compounds         %s"), grouped(s.compounds).c_str()));
        if (opt->awkward)
          line(fmt(tr("roads             %1$s, a river, %2$s railway and %3$s water areas"), grouped(s.roads).c_str(),
                   grouped(s.railways).c_str(), grouped(s.water_areas).c_str()));
        else
          line(fmt(tr("roads             %s, and a river"), grouped(s.roads).c_str()));
        if (opt->household_points) line(fmt(tr("household points  %s"), grouped(s.household_points).c_str()));
        for (size_t i = 0; i < s.awkward.size(); ++i)
          line(fmt(i == 0 ? tr("awkward on purpose: %s") : tr("                    %s"), s.awkward[i].c_str()));
        line(fmt(tr("roster            %1$s (%2$s fictional grid workers, for signs --roster)"), s.roster.c_str(),
                 grouped(s.roster_workers).c_str()));
        line(fmt(tr("time              %.2f s"), s.seconds));
        return 0;
      };
    }};

}  // namespace
