#pragma once
// Values grouped by a 64-bit key (a grid cell's key), stored flat: the values in one array sorted by key, and
// an open-addressing table from each key to its run. Built once, then only read. Replaces an unordered_map of
// vectors, which costs two allocations per key and a node walk per lookup (snap rounding, adjacency and the
// barrier index build such grids for every community). Internal to geo/geom.
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace gp::geom {

class CellBuckets {
 public:
  struct Run {
    const int32_t* first = nullptr;
    const int32_t* last = nullptr;
    const int32_t* begin() const { return first; }
    const int32_t* end() const { return last; }
    bool empty() const { return first == last; }
  };

  CellBuckets() = default;
  // (key, value) pairs in any order; a key's values come out in ascending order.
  explicit CellBuckets(std::vector<std::pair<uint64_t, int32_t>> pairs);

  // The values of key (an empty run when there are none).
  Run find(uint64_t key) const {
    if (slots_.empty()) return {};
    for (uint64_t s = mix(key) & mask_;; s = (s + 1) & mask_) {
      const uint32_t r = slots_[s];
      if (r == 0) return {};
      if (keys_[r - 1] == key) return {values_.data() + start_[r - 1], values_.data() + start_[r]};
    }
  }
  size_t keyCount() const { return keys_.size(); }

 private:
  static uint64_t mix(uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return k;
  }
  std::vector<uint64_t> keys_;     // distinct keys, ascending
  std::vector<uint32_t> start_;    // run of keys_[i]: values_[start_[i], start_[i + 1])
  std::vector<int32_t> values_;
  std::vector<uint32_t> slots_;    // 1 + index into keys_, 0 for an empty slot
  uint64_t mask_ = 0;
};

}  // namespace gp::geom
