// The event trace: every thing that happens in a run, in the order it happened, as flat records.
// The trace is the only channel from the world to checkers and reports, so it carries the lease
// vocabulary of docs/scenario-format.md (lease_granted, lease_believed, ...) besides messages, timers
// and faults. A running hash covers every field of every event: same scenario and seed, same
// hash, on every machine (strings are hashed by their text, never by address or index).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "sim/prefetch.h"
#include "sim/require.h"
#include "sim/time.h"

namespace leasesim::sim {

using NodeId = uint32_t;
constexpr NodeId kNoNode = UINT32_MAX;

// An interned string (message kind, fault description, state name); 0 is the empty string.
using Symbol = uint32_t;

enum class EventKind : uint8_t {
  message_sent,       // node -> peer; symbol = message kind; id = message id; a = delivery instant (or never)
  message_delivered,  // node received from peer; id = message id
  message_dropped,    // lost at send; node = sender; symbol = reason
  message_lost,       // lost after send (link cut in flight, receiver down); node = receiver; symbol = reason
  message_deferred,   // arrived at a paused node; handled when the pause ends
  timer_fired,        // id = the actor's timer tag
  timer_deferred,     // fell due while timers were stalled or the node paused
  lease_granted,      // grantor; peer = holder; id = lease epoch; a = until (virtual); b = until (grantor's local)
  lease_believed,     // holder; id = epoch; a = until (virtual, under the clock as it is now); b = until (local)
  lease_expired,      // grantor; peer = holder; id = epoch
  expiry_learned,     // holder; id = epoch
  lease_dropped,      // holder stops believing without learning of an expiry (a disconnect); id = epoch
  lock_held,          // node believes it holds the lock named by symbol; id = its session
  lock_released,      // ... no longer believes it; id = its session
  connection_lost,    // node saw its connection to peer break (disconnect fault, peer crash)
  fault_start,        // node (or kNoNode); symbol = description; id = fault index; b = FaultClass
  fault_end,          // as fault_start
  clock_changed,      // node; a = new drift (ppb); b = local reading after the change
  node_crashed,       // node
  node_started,       // node (after a restart)
  state,              // node's protocol state changed; peer = whom it concerns; symbol = state name
  violation_start,    // node = whose belief is wrong; symbol = checker name; id = epoch
  violation_end,      // as violation_start; a = paused part of the window (ns); b = 1 if the run ended it
  write_accepted,     // a fenced resource took a write; peer = writer; id = writer's lease epoch; a = token
  write_rejected,     // ... refused it, its token older than the newest accepted; as write_accepted
};
constexpr int kEventKinds = static_cast<int>(EventKind::write_rejected) + 1;
std::string_view to_string(EventKind k);
// The kind named `name` (as to_string writes it), if there is one.
bool event_kind_named(std::string_view name, EventKind& out);

// What kind of fault a fault_start/fault_end is about, for consumers that care (the checker
// subtracts pauses; reports draw bands). Stored in TraceEvent::b.
enum class FaultClass : int64_t { network = 0, stall_timers = 1, pause = 2, restart = 3, clock = 4 };
constexpr int kFaultClasses = static_cast<int>(FaultClass::clock) + 1;
std::string_view to_string(FaultClass c);
// The symbol of a clock_changed event whose clock stopped (a suspended machine).
constexpr std::string_view kClockStopped = "clock stopped";

struct TraceEvent {
  Instant t;
  EventKind kind = EventKind::state;
  NodeId node = kNoNode;
  NodeId peer = kNoNode;
  Symbol symbol = 0;
  uint64_t id = 0;
  int64_t a = 0;
  int64_t b = 0;
};

// A set of event kinds, a bit each.
using KindSet = uint64_t;
static_assert(kEventKinds <= 64);
constexpr KindSet kEveryKind = ~KindSet{0};
constexpr KindSet kind_bit(EventKind k) { return KindSet{1} << static_cast<int>(k); }
constexpr KindSet kinds_of(std::initializer_list<EventKind> kinds) {
  KindSet s = 0;
  for (EventKind k : kinds) s |= kind_bit(k);
  return s;
}

class TraceSink {
 public:
  virtual void on_event(const TraceEvent& e) = 0;
  // The kinds on_event acts on: the trace hands this sink no others. Most events are messages
  // and timers, which no checker reads; handing each to every checker cost an exploration
  // about 8 % of its instructions. Read once, when the sink is added.
  virtual KindSet kinds() const { return kEveryKind; }
  // Events about `node` will be recorded soon (a message to or from it is about to arrive):
  // start loading what on_event reads of it. A hint only: it changes nothing. Only sinks whose
  // prefetches() is true are asked (read once, when the sink is added): most have nothing per
  // node, and asking each of them on every event would cost more than it saves.
  virtual bool prefetches() const { return false; }
  virtual void prefetch_node(NodeId /*node*/) const {}

 protected:
  ~TraceSink() = default;
};

// Told when the trace records its cap-th event (the harness stops the simulator then).
class TraceCapListener {
 public:
  virtual void trace_cap_reached() = 0;

 protected:
  ~TraceCapListener() = default;
};

class Trace {
 public:
  Trace();
  // Not copyable: sinks and the cap listener point into one run. Movable: a moved deque keeps
  // its strings where they are, so the views text() gave out stay valid.
  Trace(const Trace&) = delete;
  Trace& operator=(const Trace&) = delete;
  Trace(Trace&&) = default;
  Trace& operator=(Trace&&) = default;

  Symbol intern(std::string_view text);
  std::string_view text(Symbol s) const { return symbols_[s]; }
  size_t symbol_count() const { return symbols_.size(); }

  NodeId add_node(std::string name);
  std::string_view node_name(NodeId n) const;
  size_t node_count() const { return node_names_.size(); }

  // Sinks see events in the order they are recorded. A sink may record events of its own while
  // handling one (a checker opening a window); those are delivered after the current event has
  // reached every sink, so every sink sees the same order.
  void add_sink(TraceSink* sink) {
    sinks_.push_back({every_kind_ ? kEveryKind : sink->kinds(), sink});
    wanted_ |= sinks_.back().kinds;
    if (sink->prefetches()) prefetchers_.push_back(sink);
  }
  // Sinks added from now on see every event, whatever kinds() they declare: the test that
  // each checker's declaration covers what its on_event reads.
  void deliver_every_kind() { every_kind_ = true; }
  void record(const TraceEvent& e);
  // Events about `node` will be recorded soon: start loading what recording them reads (its
  // part of the hash, the sinks' state for it). A hint only: it changes nothing.
  void prefetch_node(NodeId node) const {
    if (node < node_mixed_.size()) prefetch_at(&node_mixed_[node]);
    for (const TraceSink* s : prefetchers_) s->prefetch_node(node);
  }

  // `listener` hears once when events() reaches `cap` (an event budget).
  void set_cap(uint64_t cap, TraceCapListener* listener) {
    cap_ = cap;
    cap_listener_ = listener;
  }

  // A run whose hash no one reads skips it (RunOptions::hash_trace says whose and what it
  // saves). REQUIRES: no event recorded yet.
  void skip_hash() {
    LS_REQUIRE(count_ == 0);
    hashing_ = false;
  }
  bool hashed() const { return hashing_; }
  // REQUIRES: hashed().
  uint64_t hash() const {
    LS_REQUIRE(hashing_);
    return hash_;
  }
  uint64_t events() const { return count_; }
  uint64_t events_of(EventKind k) const { return per_kind_[static_cast<int>(k)]; }

 private:
  void dispatch(const TraceEvent& e);

  // A deque, so each name stays where it is as names are added: text() hands out views.
  std::deque<std::string> symbols_;
  std::vector<uint64_t> symbol_mixed_;  // splitmix64 of each name's hash: see trace.cpp
  // Open addressing on symbol_mixed_ (kNoSymbol: empty), at most half full. A world interns
  // every message and state name as it is built (about 60 from the actors and 20 message
  // names in a ZooKeeper run): a node-based map spent an allocation on each. Interning was
  // 3.2 % of an exploration's instructions, 1.9 % now.
  static constexpr Symbol kNoSymbol = UINT32_MAX;
  std::vector<Symbol> symbol_slots_;
  std::vector<std::string> node_names_;
  std::vector<uint64_t> node_mixed_;
  struct Sink {
    KindSet kinds;
    TraceSink* sink;
  };
  std::vector<Sink> sinks_;
  std::vector<const TraceSink*> prefetchers_;
  KindSet wanted_ = 0;  // what some sink reads: an event of no such kind goes to none
  bool every_kind_ = false;
  std::vector<TraceEvent> pending_;
  bool dispatching_ = false;
  bool hashing_ = true;
  uint64_t hash_;
  uint64_t count_ = 0;
  uint64_t cap_ = UINT64_MAX;
  TraceCapListener* cap_listener_ = nullptr;
  uint64_t per_kind_[kEventKinds] = {};
};

std::string hash_hex(uint64_t h);

}  // namespace leasesim::sim
