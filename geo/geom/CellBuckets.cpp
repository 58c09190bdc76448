#include "geo/geom/CellBuckets.hpp"

#include <algorithm>

namespace gp::geom {

CellBuckets::CellBuckets(std::vector<std::pair<uint64_t, int32_t>> pairs) {
  if (pairs.empty()) return;
  std::sort(pairs.begin(), pairs.end());
  values_.reserve(pairs.size());
  for (size_t i = 0; i < pairs.size(); ++i) {
    if (i == 0 || pairs[i].first != pairs[i - 1].first) {
      keys_.push_back(pairs[i].first);
      start_.push_back(static_cast<uint32_t>(values_.size()));
    }
    values_.push_back(pairs[i].second);
  }
  start_.push_back(static_cast<uint32_t>(values_.size()));
  size_t cap = 16;
  while (cap < 2 * keys_.size()) cap *= 2;
  mask_ = cap - 1;
  slots_.assign(cap, 0);
  for (size_t i = 0; i < keys_.size(); ++i) {
    uint64_t s = mix(keys_[i]) & mask_;
    while (slots_[s] != 0) s = (s + 1) & mask_;
    slots_[s] = static_cast<uint32_t>(i + 1);
  }
}

}  // namespace gp::geom
