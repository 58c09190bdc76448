#pragma once
// The synthetic town's only source of randomness. std::mt19937_64's output sequence is fixed by the
// C++ standard, but std::uniform_*_distribution and std::normal_distribution are not (libstdc++ and
// libc++ give different numbers), so the helpers here derive every value from the raw 64-bit output
// with plain integer and floating-point arithmetic: the same seed gives the same town everywhere.
#include <cstdint>
#include <random>
#include <vector>

namespace gp::synth {

// SplitMix64 finaliser: turns (seed, stream) into a well-mixed child seed, so each community and
// each building draws from its own stream and one change does not shift everything after it.
inline uint64_t mixSeed(uint64_t seed, uint64_t stream) {
  uint64_t z = seed + 0x9E3779B97F4A7C15ull * (stream + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit Rng(uint64_t seed) : g_(seed) {}

  uint64_t next() { return g_(); }
  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(g_() >> 11) * 0x1.0p-53; }
  // Uniform in [a, b).
  double uniform(double a, double b) { return a + (b - a) * uniform(); }
  // Uniform integer in [a, b], both inclusive (a <= b). The modulo bias is below 2^-40 here.
  int uniformInt(int a, int b) {
    return a + static_cast<int>(g_() % static_cast<uint64_t>(static_cast<int64_t>(b) - a + 1));
  }
  // Approximately normal (Irwin-Hall sum of 12 uniforms): no libm call, so bit-identical everywhere.
  double normal(double mean, double sd) {
    double s = 0;
    for (int i = 0; i < 12; ++i) s += uniform();
    return mean + sd * (s - 6.0);
  }
  bool chance(double p) { return uniform() < p; }

  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[static_cast<size_t>(g_() % v.size())];
  }
  // Fisher-Yates with our own integer draws (std::shuffle's algorithm is unspecified).
  template <class T>
  void shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[static_cast<size_t>(g_() % i)]);
  }

 private:
  std::mt19937_64 g_;
};

}  // namespace gp::synth
