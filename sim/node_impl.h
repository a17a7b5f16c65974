// The definitions of BasicNodeRuntime (sim/node.h), a template on its scheduler and transport.
// Included only where it is instantiated: sim/node.cpp (the interfaces) and
// sim/simulated_node.cpp (the simulator's own classes).
#pragma once

#include <algorithm>

#include "sim/node.h"
#include "sim/prefetch.h"
#include "sim/require.h"

namespace leasesim::sim {
namespace node_detail {

inline uint64_t timer_arg(TimerId id) { return (uint64_t{id.generation} << 32) | id.slot; }
inline TimerId timer_of(uint64_t arg) {
  return TimerId{static_cast<uint32_t>(arg), static_cast<uint32_t>(arg >> 32)};
}

}  // namespace node_detail

template <class S, class N>
BasicNodeRuntime<S, N>::BasicNodeRuntime(S& sched, Trace& trace, N& net, NodeId id, Clock clock, Rng rng)
    : sched_(sched), trace_(trace), net_(net), id_(id), clock_(clock), rng_(rng) {
  sym_node_down_ = trace_.intern("node down");
  sym_stopped_ = trace_.intern(kClockStopped);
  net_.attach(id_, this);
}

template <class S, class N>
void BasicNodeRuntime<S, N>::boot(ActorFactory factory, Instant at) {
  factory_ = std::move(factory);
  sched_.schedule_at(at, this, kStartArg);
}

// --- timers -------------------------------------------------------------------------------

template <class S, class N>
TimerId BasicNodeRuntime<S, N>::set_timer(LocalTime deadline, uint64_t tag, Symbol name, bool urgent) {
  LS_REQUIRE(up_);
  const uint32_t slot = timers_.acquire();
  TimerSlot& t = timers_[slot];
  t.deadline = deadline;
  t.tag = tag;
  t.name = name;
  t.urgent = urgent;
  t.armed_seq = next_armed_seq_++;
  t.state = TimerState::armed;
  schedule(slot);
  return TimerId{slot, t.generation};
}

template <class S, class N>
void BasicNodeRuntime<S, N>::schedule(uint32_t slot) {
  TimerSlot& t = timers_[slot];
  const Instant at = virtual_of(t.deadline);
  // A stopped clock never reaches the deadline; the timer is scheduled again when it resumes.
  t.event = at.is_never() ? EventId{} : sched_.schedule_at(at, this, node_detail::timer_arg({slot, t.generation}), actor_.get());
}

template <class S, class N>
void BasicNodeRuntime<S, N>::reschedule_armed() {
  std::vector<uint32_t> armed;
  for (uint32_t s = 0; s < timers_.size(); ++s) {
    if (timers_[s].state == TimerState::armed) armed.push_back(s);
  }
  std::sort(armed.begin(), armed.end(),
            [this](uint32_t a, uint32_t b) { return timers_[a].armed_seq < timers_[b].armed_seq; });
  for (uint32_t s : armed) {
    sched_.cancel(timers_[s].event);
    schedule(s);
  }
}

template <class S, class N>
void BasicNodeRuntime<S, N>::free_slot(uint32_t slot) {
  TimerSlot& t = timers_[slot];
  t.state = TimerState::free;
  ++t.generation;
  timers_.release(slot);
}

template <class S, class N>
void BasicNodeRuntime<S, N>::cancel_timer(TimerId id) {
  if (!id.valid() || id.slot >= timers_.size()) return;
  TimerSlot& t = timers_[id.slot];
  if (t.generation != id.generation || t.state == TimerState::free) return;
  if (t.state == TimerState::armed) sched_.cancel(t.event);
  free_slot(id.slot);  // a deferred entry still queued is skipped by its stale generation
}

template <class S, class N>
void BasicNodeRuntime<S, N>::fire(TimerId id) {
  const TimerSlot& t = timers_[id.slot];
  const uint64_t tag = t.tag;
  const Symbol name = t.name;
  free_slot(id.slot);
  trace_.record({sched_.now(), EventKind::timer_fired, id_, kNoNode, name, tag});
  actor_->on_timer(tag);
}

template <class S, class N>
void BasicNodeRuntime<S, N>::on_event(uint64_t arg) {
  if (arg == kStartArg) {
    actor_ = factory_(*this);
    up_ = true;
    if (paused()) {
      waiting_.push_back({WaitKind::start, {}, {}});  // paused from the start: it starts when the pause ends
    } else {
      actor_->on_start();
    }
    return;
  }
  const TimerId id = node_detail::timer_of(arg);
  TimerSlot& t = timers_[id.slot];
  LS_REQUIRE(t.generation == id.generation && t.state == TimerState::armed);
  if (timers_stalled() || paused()) {
    t.state = TimerState::deferred;
    waiting_.push_back({WaitKind::timer, id, {}});
    trace_.record({sched_.now(), EventKind::timer_deferred, id_, kNoNode, t.name, t.tag});
    return;
  }
  fire(id);
}

template <class S, class N>
void BasicNodeRuntime<S, N>::prefetch_node_step(int step) const {
  if (step == 0) {
    prefetch_object(this);
    prefetch_span(actor_.get(), 192);
    net_.prefetch_sends(id_);
    return;
  }
  // A reply or a timer usually moves the actor's timers on (a client's next ping and its
  // deadline), and cancelling one writes its event's slot: the inline timers', a node's first.
  for (uint32_t s = 0, n = std::min<uint32_t>(timers_.size(), 2); s < n; ++s) {
    if (timers_[s].state == TimerState::armed) sched_.prefetch_cancel(timers_[s].event);
  }
  trace_.prefetch_node(id_);
}

template <class S, class N>
void BasicNodeRuntime<S, N>::prefetch(uint64_t arg, const void* /*hint: the actor*/, int step) const {
  if (arg == kStartArg) return;
  const TimerId id = node_detail::timer_of(arg);
  if (step == 2) {
    // Step 1 loaded the timer's slot: its tag tells the actor which of its timers fires.
    if (id.slot < timers_.size() && actor_ != nullptr) {
      const TimerSlot& t = timers_[id.slot];
      if (t.state == TimerState::armed && t.generation == id.generation) actor_->prefetch_timer(t.tag);
    }
    return;
  }
  prefetch_node_step(step);
  // Step 0 loaded the inline slots with the object, and the pointer to any others.
  if (step == 1 && id.slot < timers_.size()) prefetch_at(&timers_[id.slot]);
}

// --- messages -----------------------------------------------------------------------------

template <class S, class N>
void BasicNodeRuntime<S, N>::send(NodeId to, MessageKind kind, const MessageBody& body,
                       std::shared_ptr<const std::vector<int64_t>> attachment) {
  LS_REQUIRE(up_);
  net_.send(Message{id_, to, kind, 0, body, std::move(attachment)});
}

template <class S, class N>
void BasicNodeRuntime<S, N>::receive(const Message& m) {
  if (!up_) {
    trace_.record({sched_.now(), EventKind::message_lost, id_, m.from, sym_node_down_, m.id});
    net_.refuse(m);
    return;
  }
  if (paused()) {
    waiting_.push_back({WaitKind::message, {}, m});
    trace_.record({sched_.now(), EventKind::message_deferred, id_, m.from, net_.message_symbol(m.kind), m.id});
    return;
  }
  deliver(m);
}

template <class S, class N>
void BasicNodeRuntime<S, N>::prefetch_receive(NodeId from, int step) const {
  prefetch_node_step(step);
  if (step == 1 && actor_ != nullptr) actor_->prefetch_message(from);
}

template <class S, class N>
void BasicNodeRuntime<S, N>::deliver(const Message& m) {
  trace_.record({sched_.now(), EventKind::message_delivered, id_, m.from, net_.message_symbol(m.kind), m.id});
  actor_->on_message(m);
}

// --- faults -------------------------------------------------------------------------------

template <class S, class N>
bool BasicNodeRuntime<S, N>::can_run(const Waiting& w) const {
  return w.kind == WaitKind::timer ? !timers_stalled() && !paused() : !paused();
}

template <class S, class N>
void BasicNodeRuntime<S, N>::run_waiting() {
  std::vector<Waiting> items;
  items.swap(waiting_);
  auto live_timer = [this](const Waiting& w) {
    const TimerSlot& t = timers_[w.timer.slot];
    return t.generation == w.timer.generation && t.state == TimerState::deferred;
  };
  // Urgent timers first, in the order they fell due; then everything else in that order.
  for (const Waiting& w : items) {
    if (w.kind == WaitKind::timer && live_timer(w) && timers_[w.timer.slot].urgent && can_run(w)) fire(w.timer);
  }
  for (const Waiting& w : items) {
    if (w.kind == WaitKind::timer && !live_timer(w)) continue;  // cancelled, or just fired as urgent
    if (!can_run(w)) {
      waiting_.push_back(w);
      continue;
    }
    switch (w.kind) {
      case WaitKind::timer: fire(w.timer); break;
      case WaitKind::message: deliver(w.msg); break;
      case WaitKind::start: actor_->on_start(); break;
      case WaitKind::connection_lost: tell_connection_lost(w.msg.from); break;
    }
  }
}

template <class S, class N>
void BasicNodeRuntime<S, N>::connection_lost(NodeId peer) {
  // An actor that has not started yet (paused since its boot or restart) had no connection.
  if (!up_ || start_pending()) return;
  if (paused()) {
    Message m;
    m.from = peer;
    waiting_.push_back({WaitKind::connection_lost, {}, m});
    return;
  }
  tell_connection_lost(peer);
}

template <class S, class N>
void BasicNodeRuntime<S, N>::tell_connection_lost(NodeId peer) {
  trace_.record({sched_.now(), EventKind::connection_lost, id_, peer});
  actor_->on_connection_lost(peer);
}

template <class S, class N>
void BasicNodeRuntime<S, N>::begin_stall() { ++stall_depth_; }

template <class S, class N>
void BasicNodeRuntime<S, N>::end_stall() {
  LS_REQUIRE(stall_depth_ > 0);
  if (--stall_depth_ == 0 && up_) run_waiting();
}

template <class S, class N>
void BasicNodeRuntime<S, N>::begin_pause(bool clock_stops) {
  ++pause_depth_;
  if (clock_stops && ++clock_stop_depth_ == 1) {
    clock_.stop(sched_.now());
    clock_changed();
  }
}

template <class S, class N>
void BasicNodeRuntime<S, N>::end_pause(bool clock_stops) {
  LS_REQUIRE(pause_depth_ > 0);
  // The clock runs again before waiting work reads it.
  if (clock_stops && --clock_stop_depth_ == 0) {
    clock_.resume(sched_.now());
    clock_changed();
  }
  if (--pause_depth_ == 0 && up_) run_waiting();
}

template <class S, class N>
void BasicNodeRuntime<S, N>::set_drift(int64_t drift_ppb) {
  clock_.set_drift(sched_.now(), drift_ppb);
  clock_changed();
}

template <class S, class N>
void BasicNodeRuntime<S, N>::jump_clock(Duration step) {
  clock_.jump(sched_.now(), step);
  clock_changed();
}

template <class S, class N>
void BasicNodeRuntime<S, N>::clock_changed() {
  reschedule_armed();
  trace_.record({sched_.now(), EventKind::clock_changed, id_, kNoNode,
                 clock_.stopped() ? sym_stopped_ : Symbol{0}, 0, clock_.drift_ppb(),
                 now().ns});
}

template <class S, class N>
void BasicNodeRuntime<S, N>::crash() {
  LS_REQUIRE(up_);
  for (uint32_t s = 0; s < timers_.size(); ++s) {
    if (timers_[s].state == TimerState::armed) sched_.cancel(timers_[s].event);
    if (timers_[s].state != TimerState::free) free_slot(s);
  }
  waiting_.clear();
  actor_.reset();
  up_ = false;
  trace_.record({sched_.now(), EventKind::node_crashed, id_});
}

template <class S, class N>
void BasicNodeRuntime<S, N>::restart() {
  LS_REQUIRE(!up_ && factory_);
  actor_ = factory_(*this);
  up_ = true;
  trace_.record({sched_.now(), EventKind::node_started, id_});
  if (paused()) {
    waiting_.push_back({WaitKind::start, {}, {}});
  } else {
    actor_->on_start();
  }
}

// --- the lease vocabulary -----------------------------------------------------------------

template <class S, class N>
void BasicNodeRuntime<S, N>::lease_granted(NodeId holder, uint64_t epoch, LocalTime until) {
  trace_.record({sched_.now(), EventKind::lease_granted, id_, holder, 0, epoch, virtual_of(until).ns, until.ns});
}

template <class S, class N>
void BasicNodeRuntime<S, N>::lease_believed(uint64_t epoch, LocalTime until) {
  trace_.record({sched_.now(), EventKind::lease_believed, id_, kNoNode, 0, epoch, virtual_of(until).ns, until.ns});
}

template <class S, class N>
void BasicNodeRuntime<S, N>::lease_expired(NodeId holder, uint64_t epoch) {
  trace_.record({sched_.now(), EventKind::lease_expired, id_, holder, 0, epoch});
}

template <class S, class N>
void BasicNodeRuntime<S, N>::expiry_learned(uint64_t epoch) {
  trace_.record({sched_.now(), EventKind::expiry_learned, id_, kNoNode, 0, epoch});
}

template <class S, class N>
void BasicNodeRuntime<S, N>::lease_dropped(uint64_t epoch) {
  trace_.record({sched_.now(), EventKind::lease_dropped, id_, kNoNode, 0, epoch});
}

template <class S, class N>
void BasicNodeRuntime<S, N>::lock_held(Symbol lock, uint64_t session) {
  trace_.record({sched_.now(), EventKind::lock_held, id_, kNoNode, lock, session});
}

template <class S, class N>
void BasicNodeRuntime<S, N>::lock_released(Symbol lock, uint64_t session) {
  trace_.record({sched_.now(), EventKind::lock_released, id_, kNoNode, lock, session});
}

template <class S, class N>
void BasicNodeRuntime<S, N>::write_accepted(NodeId writer, uint64_t epoch, int64_t token) {
  trace_.record({sched_.now(), EventKind::write_accepted, id_, writer, 0, epoch, token});
}

template <class S, class N>
void BasicNodeRuntime<S, N>::write_rejected(NodeId writer, uint64_t epoch, int64_t token) {
  trace_.record({sched_.now(), EventKind::write_rejected, id_, writer, 0, epoch, token});
}

template <class S, class N>
void BasicNodeRuntime<S, N>::state(NodeId peer, Symbol name) {
  trace_.record({sched_.now(), EventKind::state, id_, peer, name});
}

}  // namespace leasesim::sim
