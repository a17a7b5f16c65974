#include "live/scheduler.h"

#include <algorithm>

#include "sim/require.h"

namespace leasesim::live {

sim::EventId LiveScheduler::push(sim::Instant at, sim::EventTarget* target, uint64_t arg, bool timed) {
  LS_REQUIRE(target != nullptr);
  const uint32_t slot = slots_.acquire();
  Slot& s = slots_[slot];
  s.target = target;
  s.arg = arg;
  s.live = true;
  s.timed = timed;
  queue_.push({at.ns, next_seq_++, slot, s.generation});
  return sim::EventId{slot, s.generation};
}

sim::EventId LiveScheduler::schedule_at(sim::Instant at, sim::EventTarget* target, uint64_t arg, const void* /*hint*/) {
  LS_REQUIRE(at >= now_);
  return push(at, target, arg, true);
}

sim::Instant LiveScheduler::post(sim::Instant at, sim::EventTarget* target, uint64_t arg) {
  at = std::max(at, now_);
  push(at, target, arg, false);
  return at;
}

void LiveScheduler::release(uint32_t slot) {
  Slot& s = slots_[slot];
  s.live = false;
  s.target = nullptr;
  ++s.generation;
  slots_.release(slot);
}

void LiveScheduler::cancel(sim::EventId id) {
  if (pending(id)) release(id.slot);
}

bool LiveScheduler::pending(sim::EventId id) const {
  return id.valid() && id.slot < slots_.size() && slots_[id.slot].live && slots_[id.slot].generation == id.generation;
}

sim::Instant LiveScheduler::next_due() {
  while (!queue_.empty()) {
    const sim::EventQueue::Entry& top = queue_.top();
    const Slot& s = slots_[top.slot];
    if (s.live && s.generation == top.generation) return sim::Instant{top.time};
    queue_.pop();  // cancelled
  }
  return sim::Instant::never();
}

bool LiveScheduler::run_due(const std::function<sim::Instant()>& clock, sim::Instant end) {
  while (true) {
    const sim::Instant real = clock();
    if (real >= end) return false;
    const sim::Instant due = next_due();
    if (due > real) return true;
    const sim::EventQueue::Entry top = queue_.top();
    queue_.pop();
    Slot& s = slots_[top.slot];
    now_ = std::max(now_, real);
    if (s.timed) lateness_ns_.push_back(real.ns - top.time);
    sim::EventTarget* target = s.target;
    const uint64_t arg = s.arg;
    release(top.slot);
    ++events_run_;
    target->on_event(arg);
  }
}

Lateness LiveScheduler::lateness() const {
  Lateness l;
  l.count = lateness_ns_.size();
  if (l.count == 0) return l;
  std::vector<int64_t> sorted = lateness_ns_;
  std::sort(sorted.begin(), sorted.end());
  l.median_ns = sorted[sorted.size() / 2];
  l.p99_ns = sorted[std::min(sorted.size() - 1, sorted.size() * 99 / 100)];
  l.max_ns = sorted.back();
  return l;
}

}  // namespace leasesim::live
