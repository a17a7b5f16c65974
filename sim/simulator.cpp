#include "sim/simulator.h"

#include "sim/prefetch.h"
#include "sim/require.h"

namespace leasesim::sim {
namespace {

// Where in the rest of the bucket (ahead[0] is the event after the one about to run) each step
// of loading an event's memory happens. With
// thousands of nodes an event's memory is rarely in the cache, and each step needs the lines the
// step before loaded: the event's slot, then its target and hint (the node a timer is on and the
// actor it wakes; the network and the node a message is for), then what the target names in its
// steps (EventTarget::prefetch). Two events apart, each step has about two events' time for
// its lines to arrive (with three steps, one, two and three apart measured the same:
// bench/README.md, "Seventh round"). Step 2, one event ahead, is for what only step 1's lines
// name: which of an actor's timers fires (a ZBS master's timer names one of 100,000 sessions).
constexpr size_t kSlotAhead = 8;
constexpr size_t kTargetAhead = 6;
constexpr size_t kStep0Ahead = 4;
constexpr size_t kStep1Ahead = 2;
constexpr size_t kStep2Ahead = 1;

}  // namespace

EventId Simulator::schedule_at(Instant at, EventTarget* target, uint64_t arg, const void* hint) {
  LS_REQUIRE(at >= now_);
  LS_REQUIRE(target != nullptr);
  const uint32_t slot = slots_.acquire();
  slots_.prefetch_next();
  Slot& s = slots_[slot];
  s.target = target;
  s.arg = arg;
  s.hint = hint;
  s.live = true;
  queue_.push({at.ns, next_seq_++, slot, s.generation});
  return EventId{slot, s.generation};
}

void Simulator::release(uint32_t slot) {
  Slot& s = slots_[slot];
  s.live = false;
  s.target = nullptr;
  ++s.generation;
  slots_.release(slot);
}

void Simulator::cancel(EventId id) {
  if (pending(id)) release(id.slot);
}

bool Simulator::pending(EventId id) const {
  return id.valid() && id.slot < slots_.size() && slots_[id.slot].live &&
         slots_[id.slot].generation == id.generation;
}

void Simulator::prefetch_ahead() const {
  const EventQueue::Entry* ahead = queue_.ahead_begin();
  const size_t n = queue_.ahead_count();
  if (n > kSlotAhead) prefetch_at(&slots_[ahead[kSlotAhead].slot]);
  if (n > kTargetAhead) {
    const Slot& s = slots_[ahead[kTargetAhead].slot];
    if (s.live) {
      prefetch_span(s.target, 128);
      prefetch_span(s.hint, 128);
    }
  }
  auto step = [&](size_t ahead_by, int which) {
    if (n <= ahead_by) return;
    const Slot& s = slots_[ahead[ahead_by].slot];
    if (s.live && s.generation == ahead[ahead_by].generation) s.target->prefetch(s.arg, s.hint, which);
  };
  step(kStep0Ahead, 0);
  step(kStep1Ahead, 1);
  step(kStep2Ahead, 2);
}

Simulator::RunEnd Simulator::run_until(Instant end, uint64_t event_cap) {
  stopped_ = false;
  while (!queue_.empty() && !stopped_) {
    const EventQueue::Entry top = queue_.top();
    if (top.time >= end.ns) break;
    if (events_run_ >= event_cap) return RunEnd::event_cap;
    queue_.pop();
    prefetch_ahead();
    Slot& s = slots_[top.slot];
    if (!s.live || s.generation != top.generation) continue;  // cancelled
    if (observer_ != nullptr && top.time >= horizon_.ns) observer_->advance_to(Instant{top.time});
    now_ = Instant{top.time};
    EventTarget* target = s.target;
    const uint64_t arg = s.arg;
    release(top.slot);
    ++events_run_;
    target->on_event(arg);
  }
  if (stopped_) return RunEnd::stopped;
  if (end > now_) now_ = end;
  return RunEnd::reached_end;
}

}  // namespace leasesim::sim
