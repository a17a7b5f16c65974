#include "bench/w1_handtuned.h"

#include <algorithm>
#include <vector>

namespace leasesim::bench {
namespace {

enum class Type : uint8_t { send, keepalive, reply, tick };

struct Event {
  int64_t t;
  uint64_t seq;
  uint32_t i;
  Type type;
  int64_t k;
  int64_t sent;
};

struct State {
  explicit State(size_t f) : k(f, 0), expiry(f, 0), believed(f, 0), bucket(f, -1), buckets(kEndMs / kTickMs + kLeaseMs / kTickMs + 2) {}
  std::vector<int64_t> k, expiry, believed, bucket;
  std::vector<std::vector<uint32_t>> buckets;
  Counts c;
  uint64_t seq = 0;
};

// Runs one event, calling push(Event) for what it schedules.
template <class Push>
void handle(State& s, const Event& e, Push&& push) {
  switch (e.type) {
    case Type::send: {
      ++s.c.sends;
      const int64_t k = s.k[e.i]++;
      const int64_t at = e.t + delay_ms(e.i, static_cast<uint64_t>(k), 0);
      if (at < kEndMs) push(Event{at, s.seq++, e.i, Type::keepalive, k, e.t});
      if (e.t + kPeriodMs < kEndMs) push(Event{e.t + kPeriodMs, s.seq++, e.i, Type::send, 0, 0});
      break;
    }
    case Type::keepalive: {
      ++s.c.keepalives;
      const int64_t expiry = e.t + kLeaseMs;
      s.expiry[e.i] = expiry;
      const int64_t b = bucket_of(expiry);
      if (s.bucket[e.i] != b) {
        s.buckets[static_cast<size_t>(b / kTickMs)].push_back(e.i);
        s.bucket[e.i] = b;
      }
      const int64_t at = e.t + delay_ms(e.i, static_cast<uint64_t>(e.k), 1);
      if (at < kEndMs) push(Event{at, s.seq++, e.i, Type::reply, e.k, e.sent});
      break;
    }
    case Type::reply: {
      ++s.c.replies;
      s.believed[e.i] = e.sent + kLeaseMs;
      if (s.believed[e.i] > s.expiry[e.i]) ++s.c.violations;
      break;
    }
    case Type::tick: {
      ++s.c.ticks;
      std::vector<uint32_t>& due = s.buckets[static_cast<size_t>(e.t / kTickMs)];
      for (uint32_t i : due) {
        if (s.bucket[i] != e.t) continue;
        s.bucket[i] = -1;
        ++s.c.expirations;
        if (s.believed[i] > s.expiry[i]) ++s.c.violations;
      }
      std::vector<uint32_t>().swap(due);
      if (e.t + kTickMs < kEndMs) push(Event{e.t + kTickMs, s.seq++, 0, Type::tick, 0, 0});
      break;
    }
  }
}

template <class Push>
void seed_events(State& s, size_t followers, Push&& push) {
  for (size_t i = 0; i < followers; ++i) push(Event{static_cast<int64_t>(i % kPeriodMs), s.seq++, static_cast<uint32_t>(i), Type::send, 0, 0});
  push(Event{kTickMs, s.seq++, 0, Type::tick, 0, 0});
}

void heap_loop(State& s, size_t followers) {
  std::vector<Event> heap;
  const auto later = [](const Event& a, const Event& b) { return a.t != b.t ? a.t > b.t : a.seq > b.seq; };
  const auto push = [&](const Event& e) {
    heap.push_back(e);
    std::push_heap(heap.begin(), heap.end(), later);
  };
  seed_events(s, followers, push);
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), later);
    const Event e = heap.back();
    heap.pop_back();
    handle(s, e, push);
  }
}

// One FIFO per millisecond slot over the next 64 s (every delay and period is shorter), so equal
// times keep insertion order without a sequence comparison.
void wheel_loop(State& s, size_t followers) {
  constexpr int64_t kSlots = 65'536;
  std::vector<std::vector<Event>> wheel(kSlots);
  const auto push = [&](const Event& e) { wheel[static_cast<size_t>(e.t % kSlots)].push_back(e); };
  seed_events(s, followers, push);
  for (int64_t t = 0; t < kEndMs; ++t) {
    std::vector<Event>& slot = wheel[static_cast<size_t>(t % kSlots)];
    for (size_t n = 0; n < slot.size(); ++n) {
      const Event e = slot[n];
      handle(s, e, push);
    }
    slot.clear();
  }
}

}  // namespace

Counts run_handtuned_heap(size_t followers) {
  State s(followers);
  heap_loop(s, followers);
  return s.c;
}

Counts run_handtuned_wheel(size_t followers) {
  State s(followers);
  wheel_loop(s, followers);
  return s.c;
}

}  // namespace leasesim::bench
