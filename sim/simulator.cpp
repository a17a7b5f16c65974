#include "sim/simulator.h"

#include <algorithm>

#include "sim/require.h"

namespace leasesim::sim {

EventId Simulator::schedule_at(Instant at, EventTarget* target, uint64_t arg) {
  LS_REQUIRE(at >= now_);
  LS_REQUIRE(target != nullptr);
  const uint32_t slot = slots_.acquire();
  Slot& s = slots_[slot];
  s.target = target;
  s.arg = arg;
  s.live = true;
  heap_.push_back(Entry{at.ns, next_seq_++, slot, s.generation});
  std::push_heap(heap_.begin(), heap_.end(), later);
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

bool Simulator::run_until(Instant end) {
  stopped_ = false;
  while (!heap_.empty() && !stopped_) {
    const Entry top = heap_.front();
    if (top.time >= end.ns) break;
    std::pop_heap(heap_.begin(), heap_.end(), later);
    heap_.pop_back();
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
  if (stopped_) return false;
  if (end > now_) now_ = end;
  return true;
}

}  // namespace leasesim::sim
