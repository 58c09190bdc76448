#pragma once
// Matching a new plan's pieces to a base plan (--base OLD.gpkg): which old grid and unit each piece was
// in, which old grids are still whole, and which grid codes may never be given out again.
#include <set>
#include <string>

#include "geo/pipeline/CommunityPlanner.hpp"

namespace gp::pipeline {

// Floor ranges the base divided a piece into (to bring its units within the bounds) are made again, so an
// unchanged plan re-planned against its base keeps its pieces, units and codes: a piece of `pieces` whose
// id the base does not have, but whose floor ranges it has ("<piece_id>-F<a>-<b>", or the building's
// "<bld_id>-F<a>-<b>"), is replaced by those ranges when they hold exactly its households and floors;
// `footprints` (per piece) is kept in step. Returns how many pieces were replaced.
int adoptBaseRanges(const Inputs& in, const Plan& base, std::vector<Piece>& pieces,
                    std::vector<MultiPolygon>& footprints);

// Pieces match by piece_id; a piece whose id is new (its building was re-split) falls back to its
// building's old grid when the whole building was in one grid. `plan` needs its pieces and inputs.
BaseRef matchBase(const Plan& plan, const Plan& base);

// The base's own grids as a base for re-partitioning one of its communities: only locked grids kept.
BaseRef selfBase(const Plan& plan);

// Every grid code the plan uses or has retired (plan_meta `retired_grid_codes`), and every unit code it uses
// or has retired (plan_meta `retired_unit_codes`) as usedUnitCodeKey(code): BaseRef::usedCodes carries both
// from the base to the new plan, and a marked unit code never equals a grid code, so grid numbering is as
// before.
std::set<std::string> allUsedCodes(const Plan& plan);

// How a unit code is held in a set of allUsedCodes. Keys of the unit codes under one grid code `g` are
// exactly those beginning with usedUnitCodeKey(g), so they can be read as a range of the ordered set.
std::string usedUnitCodeKey(const std::string& code);

// plan_meta of `plan` from `used` (as allUsedCodes returns it): `retired_grid_codes` the grid codes of `used`
// minus the codes its grids carry now, `retired_unit_codes` its unit codes minus the codes its units carry
// now, each comma-separated (absent when none).
void setRetiredCodes(Plan& plan, const std::set<std::string>& used);

// Households moved between grids, from the base's grids to the plan's (pieces with a base grid only).
std::vector<Transfer> transfers(const Plan& plan, const Plan& base, const BaseRef& ref);

}  // namespace gp::pipeline
