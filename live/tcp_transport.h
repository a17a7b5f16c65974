// The network of a live run: the Transport its nodes send through and the NetworkFaults the
// fault injector acts on, with sim/network.h's semantics, on real time and a real wire.
//
// A message is held at its sender for its one-way delay (drawn from the scenario's `network`
// delay, as the simulator draws it, plus every delay rule) and then written to the wire; the
// loopback socket adds its own tens of microseconds. Rules (sim/fault_rules.h) are applied at
// send, as the simulator applies them; a cut or partition drops what is sent across it and loses
// what is in flight across it when it starts: the held messages at once, the ones on the wire
// when they arrive while the link is still cut. Links are not FIFO (a delayed message is
// overtaken) unless the protocol is connection-oriented, where each directed link releases in
// send order as the simulator's does.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "live/scheduler.h"
#include "live/wire.h"
#include "sim/fault_rules.h"
#include "sim/network.h"
#include "sim/network_faults.h"
#include "sim/random.h"
#include "sim/slot_pool.h"
#include "sim/trace.h"
#include "sim/transport.h"

namespace leasesim::live {

class TcpTransport final : public sim::Transport, public sim::NetworkFaults, public sim::EventTarget {
 public:
  TcpTransport(LiveScheduler& sched, sim::Trace& trace, uint64_t seed, sim::DelayModel delay, size_t nodes);
  void set_wire(Wire* wire) { wire_ = wire; }
  void set_message_names(const std::vector<std::string>& names);
  void set_connection_oriented(bool on) { connection_oriented_ = on; }

  // A message (or an RST) came off the wire for m.to at real instant `at`.
  void arrived(const sim::Message& m, bool reset, sim::Instant at);

  // Transport
  void attach(sim::NodeId node, sim::Receiver* receiver) override;
  void send(sim::Message m) override;
  void refuse(const sim::Message& m) override;
  sim::Symbol message_symbol(sim::MessageKind k) const override { return kind_symbols_.at(k); }

  // NetworkFaults
  RuleId add_rule(const sim::NetworkRule& rule) override { return rules_.add(rule); }
  void remove_rule(RuleId id) override { rules_.remove(id); }
  void on_rule_exhausted(std::function<void(uint64_t owner)> fn) override { exhausted_ = std::move(fn); }
  void cut(sim::NodeId from, sim::NodeId to) override;
  void heal(sim::NodeId from, sim::NodeId to) override;
  PartitionId add_partition(const std::vector<std::vector<sim::NodeId>>& groups) override;
  void remove_partition(PartitionId id) override { partitions_.remove(id); }
  bool is_cut(sim::NodeId from, sim::NodeId to) const override;
  const std::vector<sim::NodeId>& peers_of(sim::NodeId node) const override { return peers_[node]; }

  void on_event(uint64_t arg) override;

  struct Counts {
    uint64_t sent = 0, written = 0, delivered = 0, dropped = 0, lost = 0;
  };
  const Counts& counts() const { return counts_; }

 private:
  struct Link {
    sim::Rng rng;
    int cuts = 0;
    sim::Instant last_release;
    bool met = false;
  };
  // A message held at its sender until its delay is over, or one off the wire waiting for its
  // turn in the scheduler's queue.
  struct Held {
    sim::Message msg;
    sim::EventId event;
    bool live = false;
    bool reset = false;
    bool arrived = false;  // off the wire: deliver, do not write
  };
  Link& link(sim::NodeId from, sim::NodeId to);
  void hold(const sim::Message& m, sim::Instant at, bool reset);
  void lose_held(const std::function<bool(const sim::Message&)>& crosses);

  LiveScheduler& sched_;
  sim::Trace& trace_;
  uint64_t seed_;
  sim::DelayModel delay_;
  Wire* wire_ = nullptr;
  std::vector<sim::Receiver*> receivers_;
  std::vector<sim::Symbol> kind_symbols_;
  std::vector<Link> links_;  // from * nodes + to
  std::vector<std::vector<sim::NodeId>> peers_;
  size_t nodes_;
  sim::SlotPool<Held> held_;
  sim::RuleBook rules_;
  sim::PartitionSet partitions_;
  std::function<void(uint64_t)> exhausted_;
  uint64_t next_message_id_ = 1;
  bool connection_oriented_ = false;
  Counts counts_;
  sim::Symbol sym_drop_fault_;
  sim::Symbol sym_disconnected_;
};

}  // namespace leasesim::live
