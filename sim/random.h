// Seeded randomness. A run has one seed; every consumer (a network link, a node, a fault source)
// draws from its own stream derived from the seed and the consumer's name, so adding a node or a
// fault never reshuffles the draws of the others. The generator is splitmix64: fixed, portable,
// and identical on every machine, unlike the distributions of <random>.
#pragma once

#include <cstdint>
#include <string_view>

namespace leasesim::sim {

constexpr uint64_t splitmix64(uint64_t z) {
  z += 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// FNV-1a: a stable hash of a name, used only to derive stream seeds.
constexpr uint64_t fnv1a(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

class Rng {
 public:
  explicit Rng(uint64_t state = 0) : state_(state) {}

  uint64_t next() {
    state_ += 0x9E3779B97F4A7C15ULL;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  // Uniform in [lo, hi], both included, without modulo bias (Lemire's method with rejection).
  // REQUIRES: lo <= hi.
  int64_t uniform(int64_t lo, int64_t hi);

 private:
  uint64_t state_;
};

// Derives a stream for `name` from the run's seed.
inline Rng stream_for(uint64_t seed, std::string_view name) {
  return Rng(splitmix64(seed ^ splitmix64(fnv1a(name))));
}

}  // namespace leasesim::sim
