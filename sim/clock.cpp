#include "sim/clock.h"

#include <limits>

#include "sim/require.h"

namespace leasesim::sim {
namespace {

constexpr __int128 kMaxNs = std::numeric_limits<int64_t>::max();
constexpr __int128 kMinNs = std::numeric_limits<int64_t>::min();

int64_t clamp_ns(__int128 v) {
  if (v > kMaxNs) return std::numeric_limits<int64_t>::max();
  if (v < kMinNs) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(v);
}

}  // namespace

Clock::Clock(Duration offset, int64_t drift_ppb) : piece_local_{offset.ns}, drift_ppb_(drift_ppb) {
  // A rate of zero or below would make a clock stand still or run backwards by itself; stops
  // are modelled explicitly, and the loader rejects such drifts before they get here.
  LS_REQUIRE(kPerfectRatePpb + drift_ppb > 0);
}

Clock Clock::piece(Instant start, LocalTime local, int64_t drift_ppb, bool stopped) {
  Clock c(Duration{}, drift_ppb);
  c.piece_start_ = start;
  c.piece_local_ = local;
  c.stopped_ = stopped;
  return c;
}

LocalTime Clock::local_at_slow(Instant v) const {
  LS_REQUIRE(v >= piece_start_);
  const __int128 elapsed = static_cast<__int128>(v.ns) - piece_start_.ns;
  // Both factors are non-negative, so integer division is the floor.
  return {clamp_ns(piece_local_.ns + elapsed * rate_ppb() / kPerfectRatePpb)};
}

Instant Clock::first_reaching(LocalTime deadline, Instant from) const {
  LS_REQUIRE(from >= piece_start_);
  // A deadline that saturated is never reached, even by a clock stepped to the end of int64.
  if (deadline.is_never()) return Instant::never();
  if (local_at(from) >= deadline) return from;
  const int64_t rate = rate_ppb();
  if (rate == 0) return Instant::never();
  if (rate == kPerfectRatePpb) {
    const __int128 v = static_cast<__int128>(piece_start_.ns) + (static_cast<__int128>(deadline.ns) - piece_local_.ns);
    return v >= kMaxNs ? Instant::never() : Instant{static_cast<int64_t>(v)};
  }
  // Smallest k with floor(k * rate / 1e9) >= x is ceil(x * 1e9 / rate).
  const __int128 x = static_cast<__int128>(deadline.ns) - piece_local_.ns;
  const __int128 k = (x * kPerfectRatePpb + rate - 1) / rate;
  const __int128 v = piece_start_.ns + k;
  if (v >= kMaxNs) return Instant::never();
  return {static_cast<int64_t>(v)};
}

void Clock::start_piece(Instant at, LocalTime local) {
  LS_REQUIRE(at >= piece_start_);
  piece_start_ = at;
  piece_local_ = local;
  ++version_;
}

void Clock::set_drift(Instant at, int64_t drift_ppb) {
  LS_REQUIRE(kPerfectRatePpb + drift_ppb > 0);
  start_piece(at, local_at(at));
  drift_ppb_ = drift_ppb;
}

void Clock::jump(Instant at, Duration step) {
  const LocalTime now = local_at(at);
  start_piece(at, {clamp_ns(static_cast<__int128>(now.ns) + step.ns)});
}

void Clock::stop(Instant at) {
  start_piece(at, local_at(at));
  stopped_ = true;
}

void Clock::resume(Instant at) {
  start_piece(at, local_at(at));
  stopped_ = false;
}

}  // namespace leasesim::sim
