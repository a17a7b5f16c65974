// Time in leasesim: integer nanoseconds, in three strong types so that virtual time (the
// simulator's, shared by every node) and a node's local clock reading can never be mixed up.
// Instant is virtual time since the start of the run; LocalTime is what a node's clock shows;
// Duration is a length of either. No floating point anywhere: a violation window is exact.
#pragma once

#include <compare>
#include <cstdint>
#include <limits>

namespace leasesim::sim {

struct Duration {
  int64_t ns = 0;

  static constexpr Duration nanos(int64_t n) { return {n}; }
  static constexpr Duration micros(int64_t n) { return {n * 1000}; }
  static constexpr Duration millis(int64_t n) { return {n * 1000 * 1000}; }
  static constexpr Duration seconds(int64_t n) { return {n * 1000 * 1000 * 1000}; }

  friend constexpr auto operator<=>(Duration, Duration) = default;
  friend constexpr Duration operator+(Duration a, Duration b) { return {a.ns + b.ns}; }
  friend constexpr Duration operator-(Duration a, Duration b) { return {a.ns - b.ns}; }
  friend constexpr Duration operator-(Duration a) { return {-a.ns}; }
  constexpr Duration& operator+=(Duration b) { ns += b.ns; return *this; }
  constexpr Duration& operator-=(Duration b) { ns -= b.ns; return *this; }
};

// A point on one time axis; Tag keeps virtual and local points apart. Moving a point by a
// duration saturates: past the end of int64 it is never(), before its start the earliest
// instant, so that a deadline computed from a clock stepped far ahead (or a timeout far in the
// future) cannot wrap round into the past and fire at once, again and again.
template <class Tag>
struct TimePoint {
  int64_t ns = 0;

  static constexpr TimePoint never() { return {std::numeric_limits<int64_t>::max()}; }
  constexpr bool is_never() const { return ns == std::numeric_limits<int64_t>::max(); }

  friend constexpr auto operator<=>(TimePoint, TimePoint) = default;
  friend constexpr TimePoint operator+(TimePoint t, Duration d) {
    int64_t out = 0;
    if (!__builtin_add_overflow(t.ns, d.ns, &out)) return {out};
    return d.ns > 0 ? never() : TimePoint{std::numeric_limits<int64_t>::min()};
  }
  friend constexpr TimePoint operator-(TimePoint t, Duration d) {
    int64_t out = 0;
    if (!__builtin_sub_overflow(t.ns, d.ns, &out)) return {out};
    return d.ns < 0 ? never() : TimePoint{std::numeric_limits<int64_t>::min()};
  }
  friend constexpr Duration operator-(TimePoint a, TimePoint b) { return {a.ns - b.ns}; }
};

struct VirtualTag {};
struct LocalTag {};
using Instant = TimePoint<VirtualTag>;
using LocalTime = TimePoint<LocalTag>;

// The same as t + d, which saturates; kept for the call sites that say so.
template <class Tag>
constexpr TimePoint<Tag> saturating_add(TimePoint<Tag> t, Duration d) {
  return t + d;
}

}  // namespace leasesim::sim
