// gridplan studio: the interactive map editor. The studio library (app/studio) gets the plan file and the
// re-partitioner from here, so it builds and tests without them.
#include <CLI/CLI.hpp>

#include <memory>

#include "app/CliCommand.hpp"
#include "app/studio/Studio.hpp"
#include "geo/core/I18n.hpp"
#include "geo/io/PlanFile.hpp"
#include "geo/pipeline/Pipeline.hpp"

namespace {

gp::studio::Services services() {
  gp::studio::Services s;
  s.read = [](const std::string& p) { return gp::io::readPlan(p); };
  s.write = [](const gp::Plan& plan, const std::string& p) { gp::io::writePlan(plan, p); };
  auto options = [](const gp::Plan& plan, const gp::studio::Progress& progress, const std::atomic<bool>* cancel) {
    gp::pipeline::Options o;
    o.bounds = plan.bounds;
    o.jobs = 1;
    o.progress = progress;
    o.cancel = cancel;
    return o;
  };
  s.repartitionCommunity = [options](gp::Plan& plan, int community, const gp::studio::Progress& progress,
                                     const std::atomic<bool>* cancel) {
    gp::pipeline::repartitionCommunity(plan, community, options(plan, progress, cancel));
  };
  s.repartitionUnits = [options](gp::Plan& plan, int grid, const gp::studio::Progress& progress,
                                 const std::atomic<bool>* cancel) {
    gp::pipeline::repartitionUnits(plan, grid, options(plan, progress, cancel));
  };
  return s;
}

gp::app::RegisterCommand reg{
    "studio", N_("open the map editor: redraw grids and units, re-partition, undo, save (scriptable)"), 70,
    [](CLI::App& sub) {
      auto opt = std::make_shared<gp::studio::StudioOptions>();
      sub.add_option("plan", opt->plan, gp::tr("the plan GeoPackage to open (from `gridplan partition`)"));
      sub.add_option("--script", opt->script,
                     gp::tr("run the commands of FILE, one a line: fit, zoom-to GRID, select GRID, unit UNIT_ID|- (the active unit "
                     "strokes paint into; - for the nearest), assign BLD_ID GRID_ID, "
                     "assign-unit PIECE_ID UNIT_ID, merge GRID_A GRID_B, split GRID, lock GRID, unlock GRID, "
                     "repartition COMMUNITY_ID, set GRID FIELD VALUE, undo, redo, save PATH, screenshot PATH, status (prints the violations and the grids outside the bounds), "
                     "layer NAME on|off, pan DX DY (pixels), tool select|paint [BRUSH_PX], drag X0 Y0 X1 Y1 and click X Y (plan "
                     "coordinates, given to the current tool as mouse input: with paint a stroke; with select a click selects "
                     "and a drag pans)"));
      sub.add_option("--screenshot", opt->screenshot, gp::tr("write a PNG of the window (after the script, if any)"));
      sub.add_option("--frames", opt->frames, gp::tr("render N frames panning across the map and print frame times"))
          ->check(CLI::Range(1, 100000));
      sub.add_flag("--exit", opt->exitAfter, gp::tr("quit when the script, screenshot and frames are done"));
      sub.add_flag("--recover", opt->recover, gp::tr("replay the unsaved edits of a crashed session without asking"));
      sub.add_flag("--timings", opt->timings, gp::tr("print the load time, the time each scripted edit takes and, with --frames, the time of each stage of a frame"));
      sub.add_flag("--discard-recovery", opt->discardRecovery, gp::tr("drop the unsaved edits of a crashed session"));
      sub.add_option("--size", [opt](const CLI::results_t& r) {
        return std::sscanf(r[0].c_str(), "%dx%d", &opt->width, &opt->height) == 2;
      }, gp::tr("window size WxH (default 1600x1000)"));
      return [opt, &sub]() {
        opt->langGiven = sub.get_parent()->count("--lang") > 0;  // --lang beats the language the studio remembers
        return gp::studio::runStudio(*opt, services());
      };
    }};

}  // namespace
