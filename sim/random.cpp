#include "sim/random.h"

#include "sim/require.h"

namespace leasesim::sim {

int64_t Rng::uniform(int64_t lo, int64_t hi) {
  LS_REQUIRE(lo <= hi);
  const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
  if (span == UINT64_MAX) return static_cast<int64_t>(next());
  const uint64_t range = span + 1;
  // Lemire: the high word of x * range is uniform once the low word clears the threshold.
  unsigned __int128 m = static_cast<unsigned __int128>(next()) * range;
  uint64_t low = static_cast<uint64_t>(m);
  if (low < range) {
    const uint64_t threshold = (0 - range) % range;
    while (low < threshold) {
      m = static_cast<unsigned __int128>(next()) * range;
      low = static_cast<uint64_t>(m);
    }
  }
  return static_cast<int64_t>(static_cast<uint64_t>(lo) + static_cast<uint64_t>(m >> 64));
}

}  // namespace leasesim::sim
