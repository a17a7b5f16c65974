// The Scheduler of a live run: the simulator's event queue, (time, sequence) order and O(1)
// cancellation, but time is real (nanoseconds since the run's t0 on steady_clock) and handed in
// by whoever drives it (live/event_loop.h on asio; a test with instants of its own). It reads no
// clock itself, so its order and cancellation can be tested without timing.
//
// now() is the real instant at which the event being run started (cached per event, as in
// FoundationDB's Net2): every record an event makes carries one time, and times never go back.
// Events due at one instant run in the order they were scheduled, even when they run late.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "sim/event_queue.h"
#include "sim/scheduler.h"
#include "sim/slot_pool.h"

namespace leasesim::live {

struct Lateness {
  size_t count = 0;  // timed events run
  int64_t median_ns = 0;
  int64_t p99_ns = 0;
  int64_t max_ns = 0;
};

class LiveScheduler final : public sim::Scheduler {
 public:
  sim::Instant now() const override { return now_; }
  sim::EventId schedule_at(sim::Instant at, sim::EventTarget* target, uint64_t arg, const void* hint = nullptr) override;
  void cancel(sim::EventId id) override;
  bool pending(sim::EventId id) const override;

  // Something that happened outside any event (a frame read from a socket), to be handled at
  // real instant `at` after every event already due: it joins the queue, untimed (its lateness
  // is not the timers'). Returns max(at, now()), the instant it was queued at.
  sim::Instant post(sim::Instant at, sim::EventTarget* target, uint64_t arg);

  // Runs every event due by the real time `clock()` says, reading it before each event, and
  // stops before an event if the clock has reached `end`. Returns false once `end` is reached.
  bool run_due(const std::function<sim::Instant()>& clock, sim::Instant end);
  // The earliest pending event's instant, or never.
  sim::Instant next_due();

  Lateness lateness() const;
  uint64_t events_run() const { return events_run_; }

 private:
  struct Slot {
    sim::EventTarget* target = nullptr;
    uint64_t arg = 0;
    uint32_t generation = 0;
    bool live = false;
    bool timed = false;
  };
  sim::EventId push(sim::Instant at, sim::EventTarget* target, uint64_t arg, bool timed);
  void release(uint32_t slot);

  sim::Instant now_{0};
  uint64_t next_seq_ = 0;
  sim::EventQueue queue_;
  sim::SlotPool<Slot> slots_;
  std::vector<int64_t> lateness_ns_;
  uint64_t events_run_ = 0;
};

}  // namespace leasesim::live
