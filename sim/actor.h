// What a protocol actor is and what it may touch. An actor reacts to its start, its timers and
// its messages; it never blocks and reads no global state. Everything it may use comes through
// its Context: its own clock (never virtual time), timers in local time, the network, its
// random stream, and the trace's lease vocabulary. Context is an interface so that the same
// actors can later run on real time and sockets (boost::asio) as well as in the simulator.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/message.h"
#include "sim/random.h"
#include "sim/time.h"
#include "sim/trace.h"

namespace leasesim::sim {

struct TimerId {
  uint32_t slot = UINT32_MAX;
  uint32_t generation = 0;
  bool valid() const { return slot != UINT32_MAX; }
};

class Context {
 public:
  virtual NodeId self() const = 0;
  virtual LocalTime now() const = 0;

  // `tag` comes back in Actor::on_timer; `name` labels the firing in traces. An urgent timer
  // that fell due while the node was held (stalled timers, a pause) runs before the other work
  // that waited, when the hold ends: a thread that wins the race on resume (a session expirer
  // drains every overdue bucket before the request threads read their queues).
  virtual TimerId set_timer(LocalTime deadline, uint64_t tag, Symbol name, bool urgent = false) = 0;
  // Cancelling a timer that fired or was cancelled is a no-op; a deferred one is withdrawn.
  virtual void cancel_timer(TimerId id) = 0;

  virtual void send(NodeId to, MessageKind kind, const MessageBody& body,
                    std::shared_ptr<const std::vector<int64_t>> attachment = nullptr) = 0;
  virtual Rng& rng() = 0;
  virtual Symbol intern(std::string_view text) = 0;

  // The lease vocabulary (docs/scenario-format.md, "Trace"): the checkers' only view of beliefs.
  virtual void lease_granted(NodeId holder, uint64_t epoch, LocalTime until) = 0;
  virtual void lease_believed(uint64_t epoch, LocalTime until) = 0;
  virtual void lease_expired(NodeId holder, uint64_t epoch) = 0;
  virtual void expiry_learned(uint64_t epoch) = 0;
  virtual void lease_dropped(uint64_t epoch) = 0;
  virtual void lock_held(Symbol lock, uint64_t session) = 0;
  virtual void lock_released(Symbol lock, uint64_t session) = 0;
  // A fenced resource's verdict on a write (include/leasesim/fenced_resource.h).
  virtual void write_accepted(NodeId writer, uint64_t epoch, int64_t token) = 0;
  virtual void write_rejected(NodeId writer, uint64_t epoch, int64_t token) = 0;
  // A protocol state change worth seeing in a timeline (WAIT_KEEPALIVE, rpc timeout, ...).
  virtual void state(NodeId peer, Symbol name) = 0;
  // A grant or expiry naming `holder` will be recorded soon, in this event, and nothing has
  // named the holder ahead (a leader's loop over thousands of sessions): start loading what the
  // checkers keep for it. A hint to the processor only: it must change nothing.
  virtual void prefetch_holder(NodeId /*holder*/) const {}

 protected:
  ~Context() = default;
};

class Actor {
 public:
  virtual ~Actor() = default;
  virtual void on_start() = 0;
  virtual void on_timer(uint64_t tag) = 0;
  virtual void on_message(const Message& m) = 0;
  // A connection-based protocol's connection to `peer` broke: a `disconnect` fault cut the link
  // (told to both ends), or `peer` crashed (its sockets closed). A partition breaks nothing: a
  // connection notices only through its own timeouts. Message-based actors ignore it.
  virtual void on_connection_lost(NodeId /*peer*/) {}
  // A message from `from` will arrive soon (the actor's own object is loaded already): start
  // loading what handling it reads elsewhere, such as a table entry for the sender. A hint to
  // the processor only: it must change nothing.
  virtual void prefetch_message(NodeId /*from*/) const {}
  // The timer with this tag will most likely fire next (the actor's own object is loaded
  // already): start loading what on_timer reads elsewhere, such as the entry the tag names. A
  // hint to the processor only: it must change nothing.
  virtual void prefetch_timer(uint64_t /*tag*/) const {}
};

}  // namespace leasesim::sim
