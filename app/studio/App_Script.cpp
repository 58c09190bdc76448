// App: the commands of a --script (the view commands here; edits go to the Document). Studio.hpp lists the
// command language; ScriptRunner feeds the lines, one a frame, and the mouse input of drag and click.
#include "app/studio/App.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "geo/core/I18n.hpp"
#include "geo/plan/Edits.hpp"

namespace gp::studio {

namespace {

// The switch of a layer named as `layer NAME on|off` says it; null for an unknown name.
bool* layerFlag(Layers& layers, const std::string& name) {
  if (name == "communities") return &layers.communities;
  if (name == "grids") return &layers.grids;
  if (name == "units") return &layers.units;
  if (name == "buildings") return &layers.buildings;
  if (name == "barriers") return &layers.barriers;
  if (name == "problems") return &layers.problems;
  if (name == "labels") return &layers.labels;
  if (name == "status") return &layers.colourByStatus;
  return nullptr;
}

// Words [1, n) as numbers into v; the first word that is not a number, or null when all are.
const std::string* parseNumbers(const std::vector<std::string>& w, size_t n, double* v) {
  for (size_t i = 1; i < n; ++i) {
    char* end = nullptr;
    v[i - 1] = std::strtod(w[i].c_str(), &end);
    if (!end || *end) return &w[i];
  }
  return nullptr;
}

}  // namespace

bool App::runScriptLine(const ScriptLine& l) {
  auto fail = [&](const std::string& msg) {
    script_.report(l, msg);
    exitCode_ = 2;
    quit_ = true;
    return false;
  };
  auto w = splitWords(l.text);
  const std::string& c = w[0];
  try {
    if (c == "fit") {
      fit();
      return true;
    }
    if (c == "zoom-to" || c == "select") {
      if (w.size() < 2) return fail(fmt(tr("missing argument: %s GRID"), c.c_str()));
      int g = plan::findGrid(doc_.plan, w[1]);
      if (g < 0) return fail(fmt(tr("unknown grid '%s'"), w[1].c_str()));
      if (c == "zoom-to") zoomToGrid(g);
      else selectGrid(g, false), showInspector_ = true;
      return true;
    }
    if (c == "unit") {
      // The unit the paint tool puts pieces into, as the inspector's unit list sets it; "-" for the nearest.
      if (w.size() != 2) return fail(tr("usage: unit UNIT_ID|-"));
      if (w[1] == "-") {
        sel_.unit = -1;
        return true;
      }
      int u = plan::findUnit(doc_.plan, w[1]);
      if (u < 0) return fail(fmt(tr("unknown unit '%s'"), w[1].c_str()));
      if (doc_.plan.units[u].grid != sel_.activeGrid())
        return fail(fmt(tr("unit %s is not in the selected grid: select its grid first"), w[1].c_str()));
      sel_.unit = u;
      return true;
    }
    if (c == "layer") {
      if (w.size() < 3 || (w[2] != "on" && w[2] != "off")) return fail(tr("usage: layer NAME on|off"));
      bool* flag = layerFlag(layers_, w[1]);
      if (!flag)
        return fail(fmt(tr("unknown layer '%s': communities, grids, units, buildings, barriers, problems, labels, status"),
                        w[1].c_str()));
      *flag = w[2] == "on";
      scene_->recolor(doc_.plan, sel_, layers_);
      return true;
    }
    if (c == "pan") {
      // Moves the map by whole pixels, as a right-drag does.
      if (w.size() != 3) return fail(tr("usage: pan DX DY (pixels)"));
      char* e1 = nullptr;
      char* e2 = nullptr;
      double dx = std::strtod(w[1].c_str(), &e1), dy = std::strtod(w[2].c_str(), &e2);
      if (!e1 || *e1 || !e2 || *e2) return fail(tr("usage: pan DX DY (pixels)"));
      view_.panPixels(dx, dy);
      return true;
    }
    if (c == "tool") {
      if (w.size() < 2 || (w[1] != "select" && w[1] != "paint")) return fail(tr("usage: tool select|paint [BRUSH_PX]"));
      tool_ = w[1] == "paint" ? Tool::Paint : Tool::Select;
      if (w.size() > 2) {
        double px = std::atof(w[2].c_str());
        if (!(px >= 4 && px <= 80)) return fail(fmt(tr("brush size '%s': give pixels from 4 to 80"), w[2].c_str()));
        brushPx_ = px;
      }
      return true;
    }
    if (c == "drag" || c == "click") {
      // Coordinates in the plan's CRS (as the status bar shows them); the current tool acts on them.
      const size_t want = c == "drag" ? 5 : 3;
      if (w.size() != want)
        return fail(c == "drag" ? tr("usage: drag X0 Y0 X1 Y1 (plan coordinates)") : tr("usage: click X Y (plan coordinates)"));
      double v[4] = {};
      if (const std::string* bad = parseNumbers(w, want, v)) return fail(fmt(tr("not a number: '%s'"), bad->c_str()));
      XY a{v[0], v[1]}, b = c == "drag" ? XY{v[2], v[3]} : a;
      XY sa = view_.toScreen({a.x - scene_->origin().x, a.y - scene_->origin().y});
      if (!(sa.x >= view_.x0 && sa.x < view_.x0 + view_.w && sa.y >= view_.y0 && sa.y < view_.y0 + view_.h))
        return fail(fmt(tr("point %1$s %2$s is outside the map view: zoom-to or fit first"), w[1].c_str(), w[2].c_str()));
      script_.queueDrag(a, b, c == "drag" ? 8 : 0, view_, scene_->origin());
      return true;
    }
    if (c == "tab") {
      // The tab of the right-hand panel in front, as a click on it would (screenshots of each panel).
      if (w.size() != 2 || (w[1] != "grids" && w[1] != "inspector" && w[1] != "problems" && w[1] != "history"))
        return fail(tr("usage: tab grids|inspector|problems|history"));
      showTab_ = w[1];
      return true;
    }
    if (c == "lang") {
      if (w.size() != 2 || w[1].empty()) return fail(tr("usage: lang zh|en"));
      i18n::Lang lang;
      try {
        lang = i18n::choose(w[1]);
      } catch (const std::invalid_argument&) {
        return fail(fmt(tr("unknown language '%s': use zh or en"), w[1].c_str()));
      }
      if (!switchLanguage(lang)) return fail(tr("The language changes when the re-partition is done"));
      return true;
    }
    if (c == "status") {
      // What the status bar says, for a script to read: the violations `gridplan check` would report and the
      // grids whose households are outside the bounds (which pass the check when their reason says why).
      const Plan& p = doc_.plan;
      std::printf("%s\n", fmt(tr("status: %1$d grids, %2$d units, %3$d violations, %4$d grids outside the bounds"),
                              int(p.grids.size()), int(p.units.size()), scene_->violations(),
                              scene_->gridsOutOfBounds())
                              .c_str());
      std::fflush(stdout);
      return true;
    }
    if (c == "screenshot") {
      if (w.size() < 2) return fail(tr("missing argument: screenshot PATH"));
      script_.requestScreenshot(w[1]);
      return true;
    }
    auto ids = selectedIds();
    bool handled = false;
    auto t0 = Clock::now();
    plan::Touched t = doc_.run(l.text, &handled);
    if (!handled) return fail(fmt(tr("unknown command '%s'"), c.c_str()));
    auto t1 = Clock::now();
    afterEdit(t, ids);
    if (opt_.timings) {
      auto ms = [](Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); };
      std::printf("timing line %d (%s): plan %.2f ms (statistics and outlines), map %.2f ms\n", l.number, c.c_str(),
                  ms(t1 - t0), ms(Clock::now() - t1));
      std::fflush(stdout);
    }
    return true;
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}

}  // namespace gp::studio
