// W1, the lease keepalive workload of bench/README.md, as leasesim actors: follower i
// sends a KeepAlive every 3 s from (i mod 3000) ms; the master files each session ZooKeeper-style
// in the bucket after its expiry, answers at once, and expires due buckets on a 1 s tick; the
// follower believes (send time + 12 s) and the invariant is checked on every reply and expiry.
// Delays are counter-based, so every implementation of W1 sees the same delay for a message.
#pragma once

#include <cstdint>

#include "sim/random.h"

namespace leasesim::bench {

// The workload's constants, all from W1 in bench/README.md, in milliseconds.
constexpr int64_t kEndMs = 3'600'000;   // only events before one hour are processed
constexpr int64_t kPeriodMs = 3'000;    // a follower's send timer
constexpr int64_t kLeaseMs = 12'000;    // the session timeout and the follower's lease
constexpr int64_t kTickMs = 1'000;      // the expirer tick and the bucket width

// One-way delay of the k-th KeepAlive of follower i (dir 0) or of its reply (dir 1).
constexpr int64_t delay_ms(uint64_t i, uint64_t k, uint64_t dir) {
  return 1 + static_cast<int64_t>(sim::splitmix64(42 ^ (i << 32) ^ (k << 1) ^ dir) % 50);
}

constexpr int64_t bucket_of(int64_t expiry_ms) { return (expiry_ms / kTickMs + 1) * kTickMs; }

struct Counts {
  uint64_t sends = 0;
  uint64_t keepalives = 0;  // delivered
  uint64_t replies = 0;     // delivered
  uint64_t ticks = 0;
  uint64_t expirations = 0;
  uint64_t violations = 0;
  uint64_t events() const { return sends + keepalives + replies + ticks; }
  friend bool operator==(const Counts&, const Counts&) = default;
};

// The table of W1 in bench/README.md, for F = 100 and F = 10,000: what every correct run prints.
inline bool expected_counts(uint64_t followers, Counts& out) {
  if (followers == 100) {
    out = {120'000, 120'000, 120'000, 3'599, 0, 0};
    return true;
  }
  if (followers == 10'000) {
    out = {12'000'000, 11'999'928, 11'999'846, 3'599, 0, 0};
    return true;
  }
  return false;
}

}  // namespace leasesim::bench
