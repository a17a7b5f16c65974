#include "sim/simulator.h"

#include <algorithm>

#include "sim/require.h"

namespace leasesim::sim {

EventId Simulator::schedule_at(Instant at, EventTarget* target, uint64_t arg, const void* hint) {
  LS_REQUIRE(at >= now_);
  LS_REQUIRE(target != nullptr);
  const uint32_t slot = slots_.acquire();
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

Simulator::RunEnd Simulator::run_until(Instant end, uint64_t event_cap) {
  stopped_ = false;
  while (!queue_.empty() && !stopped_) {
    const EventQueue::Entry top = queue_.top();
    if (top.time >= end.ns) break;
    if (events_run_ >= event_cap) return RunEnd::event_cap;
    queue_.pop();
    // The next event's target and hint are most likely another node, cold in the cache when
    // there are thousands: start loading them while this event runs.
    const EventQueue::Entry* next = queue_.ready_begin();
    for (size_t i = 0, n = std::min<size_t>(queue_.ready_count(), 3); i < n; ++i) {
      const Slot& s = slots_[next[i].slot];
      __builtin_prefetch(s.target);
      __builtin_prefetch(s.hint);
    }
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
