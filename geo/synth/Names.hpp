#pragma once
// Plausible Chinese names for the synthetic town: communities (社区), compounds (小区), roads, rivers,
// schools and people. Every name is drawn from the town's own Rng, so it is deterministic for a seed.
#include <set>
#include <string>
#include <vector>

#include "geo/synth/Random.hpp"

namespace gp::synth {

// Hands out names that are unique within one town (a repeat gets a suffix such as "二期" or "东").
class Namer {
 public:
  explicit Namer(Rng& rng);

  std::string community();                    // e.g. "桂花社区"
  std::string street();                       // e.g. "平江街道"
  // "walkup" → 平江新村, "tower" → 金湖华庭, "villa" → 翠竹山庄, "sheds" → 娄门车库
  std::string compound(const std::string& style);
  std::string school();                       // e.g. "桂花实验小学"
  std::string hospital();                     // e.g. "平江人民医院"
  std::string office();                       // e.g. "金湖大厦"
  std::string mainRoad();                     // e.g. "人民路"
  std::string secondaryRoad();                // e.g. "桂花巷"
  std::string river();                        // e.g. "胥江"
  std::string water(const std::string& kind);  // "lake" → 金湖荡, "pond" → 莲花池
  std::string railway();                      // e.g. "京沪铁路"

 private:
  std::string unique(std::string base, const std::vector<std::string>& repeats);
  std::string prefix();
  std::string pair(const std::vector<std::string>& suffixes);  // random prefix + random suffix

  Rng& rng_;
  std::vector<std::string> prefixes_;  // shuffled per town
  size_t next_prefix_ = 0;
  std::vector<std::string> road_prefixes_;
  size_t next_road_ = 0;
  std::set<std::string> used_;
};

// A person's name (surname + one or two given characters). Synthetic, for the private fields.
std::string personName(Rng& rng);
// An 11-digit phone number starting "100", a prefix no Chinese mobile or landline uses: plainly fake.
std::string fakePhone(Rng& rng);
// An 18-character resident id with region 999999 (no such region) but a valid GB 11643 check digit.
std::string fakeIdNumber(Rng& rng);

}  // namespace gp::synth
