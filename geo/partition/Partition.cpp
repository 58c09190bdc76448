#include "geo/partition/Partition.hpp"

#include <algorithm>

#include "geo/partition/Partitioner.hpp"

// The stages and how they work together: Partitioner.hpp.

namespace gp::partition {
namespace detail {

Result Partitioner::run() {
  if (n_ == 0 && g_.xadj.size() <= 1 && g_.adjncy.empty()) return {};
  validate();
  setup();
  core();
  exactSmall();
  return finish();
}

void Partitioner::prepare() {
  validate();
  setup();
}

void Partitioner::core() {
  makeFixedParts();
  makeOverParts();
  splitComponents();
  attachZeroComponents();
  refine(std::max(1, cfg_.refine_passes / 2));
  repair();
  refine(std::max(1, cfg_.refine_passes - cfg_.refine_passes / 2));
  repair();
}

Result Partitioner::polish(const Partitioner& coarse, const std::vector<int32_t>& super,
                           const std::vector<int32_t>& rep) {
  validate();
  setup();
  parts_ = coarse.parts_;
  for (PartRec& r : parts_) {
    r.w = 0;
    r.nodes = 0;
    if (r.node >= 0) r.node = rep[size_t(r.node)];
  }
  for (int32_t v = 0; v < n_; ++v) assign(v, coarse.part_[size_t(super[size_t(v)])]);
  repair();
  refine(std::max(1, cfg_.refine_passes / 2));
  repair();
  exactSmall();
  return finish();
}

void Partitioner::setup() {
  cfg_.target = std::clamp(cfg_.target, cfg_.min, cfg_.max);
  part_.assign(n_, -1);
  for (Marks* m : {&inSet_, &inGrown_, &tierSet_, &seen_, &reached_, &targets_, &gathered_}) m->reset(n_);
  tier_.assign(n_, 0);
  freeComponent_.assign(n_, -1);
  failedResplits_.clear();
  double total = 0;
  for (size_t e = 0; e < g_.adjncy.size(); ++e) total += len(int64_t(e));
  const double L = g_.adjncy.empty() ? 1.0 : std::max(1e-6, total / double(g_.adjncy.size()));
  barrierPenalty_ = std::max(0.0, cfg_.barrier_penalty);
  groupPenalty_ = std::max(0.0, cfg_.group_weight) * std::max(1.5 * barrierPenalty_, 20.0 * L);
  // A part 10% off target costs about six typical boundary edges: balance is the last of the goals.
  balanceWeight_ = 60.0 * L / std::max(1, cfg_.target);
  cutCost_.resize(g_.adjncy.size());
  for (int32_t v = 0; v < n_; ++v)
    for (int32_t e = g_.xadj[v]; e < g_.xadj[v + 1]; ++e) cutCost_[size_t(e)] = edgeCost(e, v, g_.adjncy[e]);
}

int32_t Partitioner::newPart(Kind k) {
  PartRec r;
  r.kind = k;
  r.frozen = (k == Kind::Fixed || k == Kind::Over);
  parts_.push_back(r);
  return int32_t(parts_.size()) - 1;
}

}  // namespace detail

Result partition(const Graph& g, const Config& cfg) { return partition(g, cfg, nullptr); }

Result partition(const Graph& g, const Config& cfg, SearchMemo* memo) {
  using detail::Partitioner;
  Partitioner whole(g, cfg);
  if (memo) whole.useMemo(detail::memoFor(memo->entries_, g, cfg));
  if (g.size() == 0) return whole.run();
  Graph coarse;
  std::vector<int32_t> super, rep;
  // Malformed input is reported on the original graph, before anything is built from it.
  Partitioner(g, cfg).validateOnly();
  if (!detail::contract(g, cfg, coarse, super, rep)) return whole.run();
  Partitioner pc(coarse, cfg);
  pc.prepare();
  pc.core();
  return whole.polish(pc, super, rep);
}

}  // namespace gp::partition
