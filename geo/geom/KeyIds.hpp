#pragma once
// Dense ids for 64-bit keys, in order of first sight, through an open-addressing table that grows by
// doubling: no allocation per key, as a node-based map has (adjacency and unions key cell pairs and edges
// this way). The key ~0 is reserved. Internal to geo/geom.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace gp::geom {

class KeyIds {
 public:
  static constexpr uint64_t kNone = ~0ULL;

  // expected: how many keys to size the table for (it grows past that).
  explicit KeyIds(size_t expected = 0) { rehash(capacityFor(expected)); }

  // The id of key, giving it the next id when it has none yet.
  int32_t id(uint64_t key) {
    size_t s = slotOf(key);
    if (key_[s] == key) return id_[s];
    if (2 * (size_ + 1) > key_.size()) {
      rehash(2 * key_.size());
      s = slotOf(key);
    }
    key_[s] = key;
    id_[s] = static_cast<int32_t>(size_++);
    return id_[s];
  }
  // The id of key, or -1.
  int32_t find(uint64_t key) const {
    size_t s = slotOf(key);
    return key_[s] == key ? id_[s] : -1;
  }
  size_t size() const { return size_; }

 private:
  static size_t capacityFor(size_t n) {
    size_t cap = 16;
    while (cap < 2 * n) cap *= 2;
    return cap;
  }
  static uint64_t mix(uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    return k ^ (k >> 33);
  }
  size_t slotOf(uint64_t key) const {
    size_t s = static_cast<size_t>(mix(key)) & (key_.size() - 1);
    while (key_[s] != kNone && key_[s] != key) s = (s + 1) & (key_.size() - 1);
    return s;
  }
  void rehash(size_t cap) {
    std::vector<uint64_t> oldKey(cap, kNone);
    std::vector<int32_t> oldId(cap, -1);
    oldKey.swap(key_);
    oldId.swap(id_);
    for (size_t i = 0; i < oldKey.size(); ++i)
      if (oldKey[i] != kNone) {
        size_t s = slotOf(oldKey[i]);
        key_[s] = oldKey[i];
        id_[s] = oldId[i];
      }
  }
  std::vector<uint64_t> key_;
  std::vector<int32_t> id_;
  size_t size_ = 0;
};

}  // namespace gp::geom
