// A simulated node: the Context its actor runs in, and the node fault mechanics.
//
// Timers are set in local time and scheduled at the first virtual instant the node's clock
// reaches them; when the clock changes (drift, jump, stop, resume) every armed timer is
// rescheduled, in the order it was armed.
//
// Faults:
//  - stall_timers: timers that fall due wait; messages are still handled.
//  - pause: timers and deliveries both wait (GC pause, SIGSTOP, a suspended laptop); with
//    clock_stops the node's clock also stands still for the pause.
//  - crash: timers, waiting work and the actor's memory are gone; messages to it are lost until
//    it is started again with a fresh actor (which, if the node is still paused, starts when
//    the pause ends, before the work that waited behind it).
// Waiting work runs when its fault ends, in the order it fell due, at the instant the fault ends,
// except that urgent timers (see Context::set_timer) run first. Overlapping faults nest: work
// waits while any fault that holds it is active.
//
// It sees time only through a Scheduler and the network only through a Transport, so the same
// runtime (and the same actors) can run on the simulator or on another implementation of both;
// it is the NodeControl a fault injector acts on. It is a template on the two so that the
// simulated world (sim/simulated_node.h) calls the simulator's `final` classes directly, without
// an indirect call for every now() on the hot path; NodeRuntime is the one over the interfaces.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "sim/actor.h"
#include "sim/clock.h"
#include "sim/node_control.h"
#include "sim/scheduler.h"
#include "sim/slot_pool.h"
#include "sim/trace.h"
#include "sim/transport.h"

namespace leasesim::sim {

// S: a Scheduler; N: a Transport. Instantiated in sim/node.cpp and sim/simulated_node.cpp only.
template <class S = Scheduler, class N = Transport>
class BasicNodeRuntime final : public Context, public NodeControl, public Receiver, public EventTarget {
 public:
  using ActorFactory = std::function<std::unique_ptr<Actor>(Context&)>;

  BasicNodeRuntime(S& sched, Trace& trace, N& net, NodeId id, Clock clock, Rng rng);

  // Creates the actor and schedules its start at `at`.
  void boot(ActorFactory factory, Instant at);

  const Clock& clock() const { return clock_; }
  bool paused() const { return pause_depth_ > 0; }
  bool timers_stalled() const { return stall_depth_ > 0; }
  Actor* actor() { return actor_.get(); }

  // NodeControl: the fault mechanics, each applied at the scheduler's now().
  bool up() const override { return up_; }
  void begin_stall() override;
  void end_stall() override;
  void begin_pause(bool clock_stops) override;
  void end_pause(bool clock_stops) override;
  void set_drift(int64_t drift_ppb) override;
  void jump_clock(Duration step) override;
  void crash() override;
  void restart() override;  // a fresh actor from the boot factory
  void connection_lost(NodeId peer) override;

  // Context
  NodeId self() const override { return id_; }
  LocalTime now() const override { return clock_.local_at(sched_.now()); }
  TimerId set_timer(LocalTime deadline, uint64_t tag, Symbol name, bool urgent = false) override;
  void cancel_timer(TimerId id) override;
  void send(NodeId to, MessageKind kind, const MessageBody& body,
            std::shared_ptr<const std::vector<int64_t>> attachment = nullptr) override;
  Rng& rng() override { return rng_; }
  Symbol intern(std::string_view text) override { return trace_.intern(text); }
  void lease_granted(NodeId holder, uint64_t epoch, LocalTime until) override;
  void prefetch_holder(NodeId holder) const override { trace_.prefetch_node(holder); }
  void lease_believed(uint64_t epoch, LocalTime until) override;
  void lease_expired(NodeId holder, uint64_t epoch) override;
  void expiry_learned(uint64_t epoch) override;
  void lease_dropped(uint64_t epoch) override;
  void lock_held(Symbol lock, uint64_t session) override;
  void lock_released(Symbol lock, uint64_t session) override;
  void write_accepted(NodeId writer, uint64_t epoch, int64_t token) override;
  void write_rejected(NodeId writer, uint64_t epoch, int64_t token) override;
  void state(NodeId peer, Symbol name) override;

  // Receiver
  void receive(const Message& m) override;
  void connection_reset(NodeId peer) override { connection_lost(peer); }
  void prefetch_receive(NodeId from, int step) const override;
  // EventTarget: timer firings and the scheduled start.
  void on_event(uint64_t arg) override;
  void prefetch(uint64_t arg, const void* hint, int step) const override;

 private:
  enum class TimerState : uint8_t { free, armed, deferred };
  struct TimerSlot {
    LocalTime deadline;
    uint64_t tag = 0;
    Symbol name = 0;
    EventId event;
    uint64_t armed_seq = 0;
    uint32_t generation = 0;
    TimerState state = TimerState::free;
    bool urgent = false;
  };
  enum class WaitKind : uint8_t { timer, message, start, connection_lost };
  struct Waiting {
    WaitKind kind;
    TimerId timer;  // kind == timer
    Message msg;    // kind == message; for connection_lost, msg.from is the peer
  };
  static constexpr uint64_t kStartArg = UINT64_MAX;

  void schedule(uint32_t slot);
  void reschedule_armed();
  void free_slot(uint32_t slot);
  void fire(TimerId id);
  void deliver(const Message& m);
  void tell_connection_lost(NodeId peer);
  void run_waiting();
  bool can_run(const Waiting& w) const;
  bool start_pending() const {
    for (const Waiting& w : waiting_) {
      if (w.kind == WaitKind::start) return true;
    }
    return false;
  }
  void clock_changed();
  // Step 0 of prefetching for an event of this node (a timer's or a message's): this object and
  // its actor's first lines. Step 1: what those lines point to.
  void prefetch_node_step(int step) const;
  Instant virtual_of(LocalTime t) const { return clock_.first_reaching(t, sched_.now()); }

  S& sched_;
  Trace& trace_;
  N& net_;
  NodeId id_;
  Clock clock_;
  // What every event touches first, together; then the timers, inline (a node keeps a few).
  std::unique_ptr<Actor> actor_;
  bool up_ = false;
  int stall_depth_ = 0;
  int pause_depth_ = 0;
  int clock_stop_depth_ = 0;
  uint64_t next_armed_seq_ = 0;
  SlotPool<TimerSlot, 2> timers_;
  Rng rng_;
  ActorFactory factory_;
  std::vector<Waiting> waiting_;  // rare: only while a fault holds the node
  Symbol sym_node_down_;
  Symbol sym_stopped_;
};

// The runtime over the interfaces: a second runtime's nodes.
using NodeRuntime = BasicNodeRuntime<>;
extern template class BasicNodeRuntime<Scheduler, Transport>;

}  // namespace leasesim::sim
