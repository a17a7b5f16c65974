// The event loop: virtual time, and events ordered by (time, insertion sequence) so that events
// at equal times run in the order they were scheduled, on every machine. Events are plain data
// (a target and a 64-bit argument), so scheduling allocates nothing once the queue has grown;
// the queue is a timing wheel (event_queue.h). Cancellation is O(1): a cancelled slot's
// generation moves on and its queue entry is skipped when it comes up.
//
// It is the Scheduler (sim/scheduler.h) of a simulated run. `final`, so that code holding a
// Simulator& (the run loop, the benchmarks) calls it directly rather than through the vtable.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/event_queue.h"
#include "sim/prefetch.h"
#include "sim/scheduler.h"
#include "sim/slot_pool.h"
#include "sim/time.h"

namespace leasesim::sim {

// Something that must see virtual time pass before each event runs (a checker closing a window
// at an instant where nothing happens). It is told only when time reaches the horizon it set.
class HorizonObserver {
 public:
  // Called before the first event at time >= the horizon, with that event's time.
  virtual void advance_to(Instant t) = 0;

 protected:
  ~HorizonObserver() = default;
};

class Simulator final : public Scheduler {
 public:
  Instant now() const override { return now_; }
  // The hint's first 128 bytes are loaded a few events ahead, with the target's (prefetch_ahead).
  EventId schedule_at(Instant at, EventTarget* target, uint64_t arg, const void* hint = nullptr) override;
  void cancel(EventId id) override;
  bool pending(EventId id) const override;
  void prefetch_cancel(EventId id) const override {
    if (id.slot < slots_.size()) prefetch_at(&slots_[id.slot]);
  }

  enum class RunEnd { reached_end, stopped, event_cap };
  // Runs every event with time < end, then leaves now() at end (reached_end). Returns early,
  // with now() at the last event run, if stop() is called (stopped) or once events_run()
  // reaches `event_cap` (event_cap): a caller can run a long simulation in slices and look
  // at the wall clock or a signal flag between them.
  RunEnd run_until(Instant end, uint64_t event_cap = UINT64_MAX);
  void stop() { stopped_ = true; }

  void set_horizon_observer(HorizonObserver* observer) { observer_ = observer; }
  void set_horizon(Instant t) { horizon_ = t; }

  uint64_t events_run() const { return events_run_; }
  size_t queued() const { return queue_.size(); }

 private:
  struct Slot {
    EventTarget* target = nullptr;
    const void* hint = nullptr;
    uint64_t arg = 0;
    uint32_t generation = 0;
    bool live = false;
  };
  void release(uint32_t slot);
  // Loads the memory of the events after the one about to run, a step each (simulator.cpp).
  void prefetch_ahead() const;

  Instant now_{0};
  uint64_t next_seq_ = 0;
  EventQueue queue_;
  SlotPool<Slot> slots_;
  HorizonObserver* observer_ = nullptr;
  Instant horizon_ = Instant::never();
  uint64_t events_run_ = 0;
  bool stopped_ = false;
};

}  // namespace leasesim::sim
