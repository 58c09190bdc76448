// The input contract of `partition` (Partition.hpp): malformed graphs and bounds throw before any work.
#include <stdexcept>
#include <string>

#include "geo/core/I18n.hpp"
#include "geo/partition/Partitioner.hpp"

namespace gp::partition::detail {

void Partitioner::validate() const {
  const size_t n = g_.weight.size();
  auto bad = [](const std::string& m) { throw std::invalid_argument(fmt(tr("partitioner input: %s"), m.c_str())); };
  if (g_.xadj.size() != n + 1) bad(tr("`xadj` must have n + 1 entries"));
  if (g_.xadj[0] != 0 || size_t(g_.xadj[n]) != g_.adjncy.size()) bad(tr("`xadj` must run from 0 to `adjncy.size()`"));
  for (size_t v = 0; v < n; ++v)
    if (g_.xadj[v] > g_.xadj[v + 1]) bad(tr("`xadj` must not decrease"));
  for (int32_t u : g_.adjncy)
    if (u < 0 || size_t(u) >= n) bad(tr("`adjncy` holds a node id out of range"));
  if (!g_.barrier.empty() && g_.barrier.size() != g_.adjncy.size()) bad(tr("`barrier` must be empty or one per `adjncy` entry"));
  if (!g_.shared.empty() && g_.shared.size() != g_.adjncy.size()) bad(tr("`shared` must be empty or one per `adjncy` entry"));
  if (!g_.x.empty() && (g_.x.size() != n || g_.y.size() != n)) bad(tr("`x` and `y` must be empty or one per node"));
  if (!g_.group.empty() && g_.group.size() != n) bad(tr("`group` must be empty or one per node"));
  if (!g_.fixed.empty() && g_.fixed.size() != n) bad(tr("`fixed` must be empty or one per node"));
  for (int32_t w : g_.weight)
    if (w < 0) bad(tr("node weights must not be negative"));
  if (cfg_.max < 1 || cfg_.min < 0 || cfg_.max < cfg_.min) bad(tr("the bounds must satisfy 0 ≤ min ≤ max and max ≥ 1"));
}

}  // namespace gp::partition::detail
