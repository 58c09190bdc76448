#include "geo/plan/Check.hpp"

#include <algorithm>
#include <exception>
#include <iterator>
#include <thread>

#include "geo/plan/Check_Internal.hpp"

namespace gp::plan {

namespace check_detail {

void Checker::status() {
  const Bounds& b = plan.bounds;
  // A grid or unit spanning separate parts of its community is `exception` for that, whatever its households.
  // Without the geometric work, the plain polygons stand in: several parts of both it and its community.
  auto spans = [&](bool found, const MultiPolygon& shape, int c, Status st, const std::string& reason) {
    return opt.geometry ? found : shape.size() > 1 && mayBeInSeveralParts(st, reason, c);
  };
  // The feature, its words, the range and the status label are formatted only for a message (every grid and unit
  // passes here: formatted for each, they were a tenth of the self-check of a big plan).
  auto one = [&](auto featureOf, auto whatOf, int hh, Status st, const std::string& reason, int lo, int hi,
                 bool spanning) {
    const bool in = hh >= lo && hh <= hi;
    const bool noReason = st != Status::Ok && trim(reason).empty();
    const bool bounds = (st == Status::Ok && !in) || (st != Status::Ok && in && !spanning) ||
                        (st == Status::Under && hh > hi) || (st == Status::Over && hh < lo);
    if (!bounds && !noReason) return;
    const std::string feature = featureOf(), what = whatOf();
    std::string range = std::to_string(lo) + "–" + std::to_string(hi);
    std::string s = statusLabel(st);
    if (st == Status::Ok && !in)
      add("status_bounds", feature,
          fmt(trn("%1$s has status ok but %2$d household, outside %3$s: set under/over with a reason, or fix it",
                  "%1$s has status ok but %2$d households, outside %3$s: set under/over with a reason, or fix it", hh),
              what.c_str(), hh, range.c_str()));
    else if (st != Status::Ok && in && !spanning)
      add("status_bounds", feature,
          fmt(trn("%1$s has status %2$s but its %3$d household is within %4$s: set status to ok",
                  "%1$s has status %2$s but its %3$d households are within %4$s: set status to ok", hh),
              what.c_str(), s.c_str(), hh, range.c_str()));
    else if (st == Status::Under && hh > hi)
      add("status_bounds", feature,
          fmt(trn("%1$s has status %2$s but %3$d household is above %4$s: set status to over",
                  "%1$s has status %2$s but %3$d households are above %4$s: set status to over", hh),
              what.c_str(), s.c_str(), hh, range.c_str()));
    else if (st == Status::Over && hh < lo)
      add("status_bounds", feature,
          fmt(trn("%1$s has status %2$s but %3$d household is below %4$s: set status to under",
                  "%1$s has status %2$s but %3$d households are below %4$s: set status to under", hh),
              what.c_str(), s.c_str(), hh, range.c_str()));
    if (noReason)
      add("status_no_reason", feature,
          fmt(tr("%1$s has status %2$s with no reason: say why it cannot meet %3$s (e.g. \"community has only 143 "
                 "households\")"),
              what.c_str(), s.c_str(), range.c_str()));
  };
  for (size_t g = 0; g < plan.grids.size(); ++g) {
    const Grid& x = plan.grids[g];
    one([&] { return gridF(static_cast<int>(g)); }, [&] { return gridW(x.grid_id); }, x.households, x.status, x.reason,
        b.grid_min, b.grid_max, spans(spanningGrid[g], x.shape, x.community, x.status, x.reason));
  }
  for (size_t u = 0; u < plan.units.size(); ++u) {
    const Unit& x = plan.units[u];
    int c = validGrid(x.grid) ? plan.grids[x.grid].community : -1;
    one([&] { return unitF(static_cast<int>(u)); }, [&] { return unitW(x.unit_id); }, x.households, x.status, x.reason,
        b.unit_min, b.unit_max, spans(spanningUnit[u], x.shape, c, x.status, x.reason));
  }
}

}  // namespace check_detail

using check_detail::Checker;
using check_detail::Share;

std::vector<Problem> check(const Plan& plan, const CheckOptions& opt) {
  std::vector<Problem> out;
  Checker c(plan, opt, out);
  c.attributes();
  if (opt.geometry) {
    // Two threads on big plans, each with its own GEOS context and geometries: this one takes the grid level
    // and the units of the first grids, the other the units of the rest (unit unions are most of the work).
    const size_t nu = plan.units.size(), ng = plan.grids.size();
    if (nu >= 2000 && std::thread::hardware_concurrency() >= 2) {
      std::vector<size_t> perGrid(ng, 0);
      for (const Unit& u : plan.units)
        if (u.grid >= 0 && u.grid < static_cast<int>(ng)) perGrid[u.grid]++;
      std::vector<char> mine(ng, 0), theirs(ng, 0);
      size_t seen = 0;
      for (size_t g = 0; g < ng; ++g) {
        // Measured on the 1M town, this thread (the grid level and 55% of the units) and the other (45% of the
        // units, whose grids come later and hold more stacked floors) then finish together.
        (seen * 20 < nu * 11 ? mine : theirs)[g] = 1;
        seen += perGrid[g];
      }
      std::vector<Problem> other;
      std::exception_ptr failed;
      Checker c2(plan, opt, other);
      const Checker::Allowances allow = c.stackedAllowances();  // once, for both
      std::thread t([&] {
        try {
          c2.geometry(Share{false, &theirs}, &allow);
        } catch (...) {
          failed = std::current_exception();
        }
      });
      try {
        c.geometry(Share{true, &mine}, &allow);
      } catch (...) {
        t.join();
        throw;
      }
      t.join();
      if (failed) std::rethrow_exception(failed);
      c.adoptSpanning(c2);
      out.insert(out.end(), std::make_move_iterator(other.begin()), std::make_move_iterator(other.end()));
    } else {
      c.geometry(Share{});
    }
  }
  c.status();
  return out;
}

size_t countViolations(const std::vector<Problem>& found) {
  return static_cast<size_t>(std::count_if(found.begin(), found.end(), [](const Problem& p) {
    return p.severity == Severity::Error || p.severity == Severity::Warning;
  }));
}

}  // namespace gp::plan
