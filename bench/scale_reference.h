// bench/scale's reference: the time an event would take on this machine if the engine were
// ideal, for the same memory as a model's world. Each reference event touches kLines cache lines
// (read and written) at random addresses spread over a block as large as the world's heap, every
// one of them loaded kAhead events before it, and then does kWork dependent multiply-adds. So
// its time grows with the block only as much as the machine makes it: the cache and TLB misses
// that no prefetch hides (a page walk, the memory's bandwidth), not misses an engine failed to
// name ahead. A model's ratio (largest size over smallest) next to the reference's ratio for the
// same memory says how much of the model's slope is the engine's and how much the machine's.
//
// The constants are readings, not measurements of the model's events:
// - kLines = 8: callgrind counted 6.3 to 6.4 last-level read misses a ZooKeeper event with
//   256 bytes of last-level cache a client (bench/README.md, "Sixth round"), the lines an event
//   needs from its own session's memory; 8 rounds that up for the writes.
// - kAhead = 8: the engine's own pipeline loads an event's slot 8 events ahead.
// - kWork = 100: about the in-cache time of the smallest ZooKeeper size (120 to 160 ns an event
//   on the machines of bench/README.md); more work hides more of the memory's latency, so the
//   ratio holds for events of about that cost. ZBS's smallest size costs less (about 87 ns),
//   and for it the reference's ratio understates the floor.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "bench/cpu_time.h"

namespace leasesim::bench {

// Runs `events` reference events over `bytes` of memory (at least 64 KiB), at least `repeat`
// times and until `min_cpu` seconds of CPU, and returns the median run's ns per event.
inline double reference_event_cost(size_t bytes, uint64_t events, size_t repeat, double min_cpu) {
  constexpr size_t kLines = 8;
  constexpr size_t kAhead = 8;
  constexpr size_t kWork = 100;
  constexpr size_t kLineWords = 8;  // 64 bytes
  const size_t lines = std::max<size_t>(bytes, size_t{64} << 10) / 64;
  std::vector<uint64_t> memory(lines * kLineWords, 1);  // every page touched before the clock starts
  uint64_t rng = 0x9e3779b97f4a7c15ULL;
  const auto next_line = [&] {  // xorshift64: the same addresses on every machine
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng % lines;
  };
  // The addresses of the next kAhead + 1 events, a ring: drawn when they are prefetched (a
  // run's first kAhead events are drawn unloaded, a few in two million).
  std::vector<size_t> ring((kAhead + 1) * kLines);
  volatile uint64_t result = 0;  // what the events computed, kept so that no compiler drops them
  const auto run = [&] {
    for (size_t e = 0; e < kAhead; ++e) {
      for (size_t l = 0; l < kLines; ++l) ring[e * kLines + l] = next_line();
    }
    uint64_t acc = 0;
    const double t0 = cpu_s();
    for (uint64_t e = 0; e < events; ++e) {
      size_t* later = &ring[((e + kAhead) % (kAhead + 1)) * kLines];
      for (size_t l = 0; l < kLines; ++l) {
        later[l] = next_line();
        __builtin_prefetch(&memory[later[l] * kLineWords], 1);
      }
      const size_t* now = &ring[(e % (kAhead + 1)) * kLines];
      for (size_t l = 0; l < kLines; ++l) {
        uint64_t& word = memory[now[l] * kLineWords];
        word += acc;
        acc ^= word;
      }
      for (size_t w = 0; w < kWork; ++w) {
        acc = acc * 6364136223846793005ULL + 1442695040888963407ULL;
        asm volatile("" : "+r"(acc));  // each step stays a step: no compiler may fold the chain
      }
    }
    const double t1 = cpu_s();
    result = result ^ acc;
    return t1 - t0;
  };
  return median_cpu_s(repeat, min_cpu, run) * 1e9 / static_cast<double>(events);
}

}  // namespace leasesim::bench
