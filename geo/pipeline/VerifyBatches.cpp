#include "geo/pipeline/VerifyBatches.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <exception>
#include <iterator>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "geo/core/ParallelFor.hpp"
#include "geo/plan/Check.hpp"

namespace gp::pipeline {

namespace {

// The batch of every community, building, grid, unit and piece, and the members of each batch. Batches
// 0 … count-1 hold communities; batch `count` the rest (pieces and buildings of no known community, grids of
// none), checked as a plan without communities.
struct Batches {
  int count = 0;
  std::vector<std::vector<int>> communities, buildings, grids, units, pieces;  // per batch
};

template <class T>
bool valid(const std::vector<T>& v, int i) {
  return i >= 0 && i < static_cast<int>(v.size());
}

// Consecutive communities, about `batchPieces` pieces each; nullopt where a piece's building or unit would
// lie in another batch than the piece (then a batch would miss what its checks need).
std::optional<Batches> assign(const Plan& plan, size_t batchPieces) {
  const Inputs& in = plan.in;
  std::unordered_map<std::string_view, int> communityOf;
  for (size_t c = 0; c < in.communities.size(); ++c)
    communityOf.emplace(in.communities[c].community_id, static_cast<int>(c));
  std::vector<int> buildingCommunity(in.buildings.size(), -1);
  for (size_t i = 0; i < in.buildings.size(); ++i)
    if (auto it = communityOf.find(in.buildings[i].community_id); it != communityOf.end())
      buildingCommunity[i] = it->second;
  auto gridCommunity = [&](int g) {
    return valid(plan.grids, g) && valid(in.communities, plan.grids[g].community) ? plan.grids[g].community : -1;
  };
  auto pieceCommunity = [&](const Piece& p) {
    int c = gridCommunity(p.grid);
    return c >= 0 || valid(plan.grids, p.grid) || !valid(in.buildings, p.building) ? c : buildingCommunity[p.building];
  };

  std::vector<size_t> perCommunity(in.communities.size(), 0);
  for (const Piece& p : plan.pieces)
    if (int c = pieceCommunity(p); c >= 0) perCommunity[c]++;
  std::vector<int> batchOf(in.communities.size());
  int batch = 0;
  size_t held = 0;
  for (size_t c = 0; c < perCommunity.size(); ++c) {
    if (held > 0 && held + perCommunity[c] > batchPieces) ++batch, held = 0;
    batchOf[c] = batch;
    held += perCommunity[c];
  }
  Batches b;
  b.count = batch + 1;
  const int rest = b.count;
  auto byCommunity = [&](int c) { return c >= 0 ? batchOf[c] : rest; };
  std::vector<int> gridBatch(plan.grids.size()), unitBatch(plan.units.size()), buildingBatch(in.buildings.size());
  for (size_t g = 0; g < plan.grids.size(); ++g) gridBatch[g] = byCommunity(gridCommunity(static_cast<int>(g)));
  for (size_t u = 0; u < plan.units.size(); ++u)
    unitBatch[u] = valid(plan.grids, plan.units[u].grid) ? gridBatch[plan.units[u].grid] : rest;
  for (size_t i = 0; i < in.buildings.size(); ++i) buildingBatch[i] = byCommunity(buildingCommunity[i]);

  for (auto* v : {&b.communities, &b.buildings, &b.grids, &b.units, &b.pieces}) v->resize(b.count + 1);
  for (size_t c = 0; c < batchOf.size(); ++c) b.communities[batchOf[c]].push_back(static_cast<int>(c));
  for (size_t i = 0; i < buildingBatch.size(); ++i) b.buildings[buildingBatch[i]].push_back(static_cast<int>(i));
  for (size_t g = 0; g < gridBatch.size(); ++g) b.grids[gridBatch[g]].push_back(static_cast<int>(g));
  for (size_t u = 0; u < unitBatch.size(); ++u) b.units[unitBatch[u]].push_back(static_cast<int>(u));
  for (size_t k = 0; k < plan.pieces.size(); ++k) {
    const Piece& p = plan.pieces[k];
    const int at = byCommunity(pieceCommunity(p));
    if (valid(in.buildings, p.building) && buildingBatch[p.building] != at) return std::nullopt;
    if (valid(plan.units, p.unit) && unitBatch[p.unit] != at) return std::nullopt;
    b.pieces[at].push_back(static_cast<int>(k));
  }
  return b;
}

// One batch of a plan as a plan of its own: its communities copied, its buildings, grids, units and pieces moved
// in (indices renumbered) and moved back, with their own indices, when it goes. Each building lies in one batch
// (assign), so batches on two threads move different ones; moved, not copied: copies of the footprints were a
// tenth of the self-check's work at 1M.
class BatchPlan {
 public:
  BatchPlan(Plan& whole, const Batches& b, int batch, std::vector<int>& scratch);
  ~BatchPlan();
  BatchPlan(const BatchPlan&) = delete;
  BatchPlan& operator=(const BatchPlan&) = delete;
  const Plan& plan() const { return sub_; }

 private:
  Plan& whole_;
  Plan sub_;
  const std::vector<int>&grids_, &units_, &pieces_;
  std::vector<int> gridCommunity_, unitGrid_;
  std::vector<std::array<int, 3>> pieceRefs_;  // building, grid, unit
  const std::vector<int>& buildings_;
};

BatchPlan::BatchPlan(Plan& whole, const Batches& b, int batch, std::vector<int>& scratch)
    : whole_(whole), grids_(b.grids[batch]), units_(b.units[batch]), pieces_(b.pieces[batch]),
      buildings_(b.buildings[batch]) {
  sub_.bounds = whole.bounds;
  // scratch: an index in the whole plan → its index in this batch; read only for members of this batch.
  auto renumber = [&](const std::vector<int>& members) {
    for (size_t k = 0; k < members.size(); ++k) scratch[members[k]] = static_cast<int>(k);
  };
  auto mapped = [&](const auto& all, int i) { return valid(all, i) ? scratch[i] : -1; };
  const size_t most = std::max({whole.in.communities.size(), whole.in.buildings.size(), whole.grids.size(),
                                whole.units.size()});
  if (scratch.size() < most) scratch.resize(most);

  for (int c : b.communities[batch]) sub_.in.communities.push_back(whole.in.communities[c]);

  std::vector<int> newCommunity(grids_.size()), newGrid(units_.size());
  renumber(b.communities[batch]);
  for (size_t k = 0; k < grids_.size(); ++k) newCommunity[k] = mapped(whole.in.communities, whole.grids[grids_[k]].community);
  renumber(grids_);
  for (size_t k = 0; k < units_.size(); ++k) newGrid[k] = mapped(whole.grids, whole.units[units_[k]].grid);
  std::vector<std::array<int, 3>> refs(pieces_.size());
  for (size_t k = 0; k < pieces_.size(); ++k) refs[k][1] = mapped(whole.grids, whole.pieces[pieces_[k]].grid);
  renumber(units_);
  for (size_t k = 0; k < pieces_.size(); ++k) refs[k][2] = mapped(whole.units, whole.pieces[pieces_[k]].unit);
  renumber(b.buildings[batch]);
  for (size_t k = 0; k < pieces_.size(); ++k) refs[k][0] = mapped(whole.in.buildings, whole.pieces[pieces_[k]].building);

  // Nothing below throws but allocation, reserved first: once moving starts, the destructor can put it back.
  sub_.in.buildings.reserve(buildings_.size());
  sub_.grids.reserve(grids_.size()), sub_.units.reserve(units_.size()), sub_.pieces.reserve(pieces_.size());
  gridCommunity_.reserve(grids_.size()), unitGrid_.reserve(units_.size()), pieceRefs_.reserve(pieces_.size());
  for (int i : buildings_) sub_.in.buildings.push_back(std::move(whole.in.buildings[i]));
  for (size_t k = 0; k < grids_.size(); ++k) {
    Grid& x = whole.grids[grids_[k]];
    gridCommunity_.push_back(std::exchange(x.community, newCommunity[k]));
    sub_.grids.push_back(std::move(x));
  }
  for (size_t k = 0; k < units_.size(); ++k) {
    Unit& x = whole.units[units_[k]];
    unitGrid_.push_back(std::exchange(x.grid, newGrid[k]));
    sub_.units.push_back(std::move(x));
  }
  for (size_t k = 0; k < pieces_.size(); ++k) {
    Piece& x = whole.pieces[pieces_[k]];
    pieceRefs_.push_back({std::exchange(x.building, refs[k][0]), std::exchange(x.grid, refs[k][1]),
                          std::exchange(x.unit, refs[k][2])});
    sub_.pieces.push_back(std::move(x));
  }
}

BatchPlan::~BatchPlan() {
  for (size_t k = 0; k < sub_.in.buildings.size(); ++k) whole_.in.buildings[buildings_[k]] = std::move(sub_.in.buildings[k]);
  for (size_t k = 0; k < gridCommunity_.size(); ++k) {
    Grid& x = whole_.grids[grids_[k]];
    x = std::move(sub_.grids[k]);
    x.community = gridCommunity_[k];
  }
  for (size_t k = 0; k < unitGrid_.size(); ++k) {
    Unit& x = whole_.units[units_[k]];
    x = std::move(sub_.units[k]);
    x.grid = unitGrid_[k];
  }
  for (size_t k = 0; k < pieceRefs_.size(); ++k) {
    Piece& x = whole_.pieces[pieces_[k]];
    x = std::move(sub_.pieces[k]);
    x.building = pieceRefs_[k][0], x.grid = pieceRefs_[k][1], x.unit = pieceRefs_[k][2];
  }
}

// Whether any two grids, units, buildings or pieces share an id: cheaper than plan::check's own search (views,
// not copies, of the ids), which then runs over the whole plan only where there is something to name. A hash
// set, not a sort: the one pass over the whole city's ids in the self-check, sorting them was n log n (string
// comparisons of ids sharing long prefixes, a tenth of the check's instructions at 1M).
bool anyDuplicateId(const Plan& plan) {
  std::unordered_set<std::string_view> ids;
  auto dupes = [&](const auto& rows, auto id) {
    ids.clear();
    ids.reserve(rows.size());
    for (const auto& r : rows)
      if (!ids.insert(id(r)).second) return true;
    return false;
  };
  return dupes(plan.grids, [](const Grid& x) -> std::string_view { return x.grid_id; }) ||
         dupes(plan.units, [](const Unit& x) -> std::string_view { return x.unit_id; }) ||
         dupes(plan.in.buildings, [](const Building& x) -> std::string_view { return x.bld_id; }) ||
         dupes(plan.pieces, [](const Piece& x) -> std::string_view { return x.piece_id; });
}

}  // namespace

std::vector<Problem> checkInBatches(Plan& plan, size_t batchPieces, int jobs) {
  if (batchPieces == 0 || plan.pieces.size() <= batchPieces) return plan::check(plan);
  std::optional<Batches> b = assign(plan, batchPieces);
  if (!b) return plan::check(plan);
  std::vector<Problem> out;
  if (anyDuplicateId(plan)) {
    plan::CheckOptions attributesOnly;
    attributesOnly.geometry = false;
    for (Problem& p : plan::check(plan, attributesOnly))
      if (p.kind == "duplicate_id") out.push_back(std::move(p));
  }
  const int batches = b->count + 1;
  std::vector<std::vector<Problem>> found(static_cast<size_t>(batches));
  std::vector<std::exception_ptr> failed(static_cast<size_t>(batches));
  auto checkBatch = [&](int k, std::vector<int>& scratch) {
    if (b->communities[k].empty() && b->buildings[k].empty() && b->grids[k].empty() && b->units[k].empty() &&
        b->pieces[k].empty())
      return;
    BatchPlan part(plan, *b, k, scratch);
    for (Problem& p : plan::check(part.plan()))
      if (p.kind != "duplicate_id") found[k].push_back(std::move(p));  // named above, numbered in the whole plan
  };
  // Two batches at a time on two threads: each moves only its own grids, units and pieces out of the plan and
  // back, so they touch different elements; the serial parts of one batch's check (copying it out, the
  // attribute checks, waiting for its slower half) overlap the other's work. Findings join in batch order.
  int workers = jobs <= 0 ? static_cast<int>(std::thread::hardware_concurrency()) : jobs;
  workers = std::clamp(workers, 1, std::min(2, batches));
  std::atomic<int> next{0};
  std::atomic<bool> stop{false};
  parallelFor(workers, workers, [&](int) {
    std::vector<int> scratch;
    for (int k = next++; k < batches && !stop; k = next++) {
      try {
        checkBatch(k, scratch);
      } catch (...) {
        failed[static_cast<size_t>(k)] = std::current_exception();
        stop = true;
      }
    }
  });
  for (const std::exception_ptr& e : failed)  // the first batch's failure, as one thread checking in order met it
    if (e) std::rethrow_exception(e);
  for (std::vector<Problem>& f : found) std::move(f.begin(), f.end(), std::back_inserter(out));
  return out;
}

}  // namespace gp::pipeline
