// What a node and the network need of time: the instant of the event being handled, and events
// scheduled at later instants. The simulator (sim/simulator.h) implements it on virtual time; a
// second runtime can implement it on real time (an asio timer in front of the same queue), so
// nothing that schedules through this interface may assume time is virtual. It reads no clock
// itself: the determinism rules hold for everything in sim/ that uses it.
#pragma once

#include <cstdint>

#include "sim/time.h"

namespace leasesim::sim {

// What an event runs: a target told its 64-bit argument. Plain data, so that scheduling
// allocates nothing.
class EventTarget {
 public:
  virtual void on_event(uint64_t arg) = 0;
  // The event (arg, and the hint it was scheduled with) will most likely run soon: start
  // loading the memory on_event will touch. Asked at step 0, when the first 128 bytes of the
  // target and of the hint have been asked for (the scheduler's doing), at step 1 a few events
  // later, when what step 0 asked for may be read too, and at step 2, the event before it runs,
  // for what step 1's lines name. A step may be asked twice, or skipped (the first events of a
  // bucket get no step 0), and the event may still be cancelled.
  // A hint to the processor only: it must change nothing.
  virtual void prefetch(uint64_t /*arg*/, const void* /*hint*/, int /*step*/) const {}

 protected:
  ~EventTarget() = default;
};

struct EventId {
  uint32_t slot = UINT32_MAX;
  uint32_t generation = 0;
  bool valid() const { return slot != UINT32_MAX; }
};

class Scheduler {
 public:
  // The instant of the event being handled: it does not move while that event runs, so every
  // trace record an event makes carries one time (on real time too, like FoundationDB's Net2).
  virtual Instant now() const = 0;

  // Events at equal instants run in the order they were scheduled.
  // REQUIRES: at >= now(), target != nullptr. `hint` is memory the event will touch besides its
  // target (the node a message is for, the actor a timer wakes): an implementation may load it
  // early, because with thousands of nodes it is rarely in the cache, and hands it to the
  // target's prefetch, which may read it. So it must stay valid while the event is pending.
  virtual EventId schedule_at(Instant at, EventTarget* target, uint64_t arg, const void* hint = nullptr) = 0;
  // Cancelling an event that already ran or was cancelled is a no-op.
  virtual void cancel(EventId id) = 0;
  virtual bool pending(EventId id) const = 0;
  // The event may soon be cancelled: an implementation may start loading what cancelling it
  // writes. A hint only: it changes nothing.
  virtual void prefetch_cancel(EventId /*id*/) const {}

  EventId schedule_after(Duration d, EventTarget* target, uint64_t arg) {
    return schedule_at(saturating_add(now(), d), target, arg);
  }

 protected:
  ~Scheduler() = default;
};

}  // namespace leasesim::sim
