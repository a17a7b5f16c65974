// The network: per-message one-way delay and the network fault mechanics.
//
// Delay: each directed link draws from its own random stream ("net <from>-><to>"), constant or
// uniform in [lo, hi]; links are not FIFO, so uniform delays can reorder messages. The base
// delay is drawn for every message, dropped or not, so that a fault never shifts later draws.
//
// Faults are rules matched at send time (delay, drop, duplicate) and cuts of directed links:
//  - overlapping delays add up; a drop wins over delays and duplicates;
//  - `count` counts the messages a rule changed: a message dropped by one rule is not counted
//    by the delay or duplicate rules that also match it;
//  - a cut loses the messages in flight on the link when it starts, and every message sent on
//    the link while it lasts; nested cuts of one link heal when the last one ends;
//  - a partition is a map from its nodes to their groups: it cuts every link between two of its
//    groups (nodes it does not list keep all their links). It is held as that map, not as the
//    pairs it separates, so that a partition of n nodes costs O(n) memory and time, not n^2.
//
// Connection-oriented protocols (TCP) switch on two transport facts:
//  - each directed link delivers in send order: a message never overtakes one sent before it on
//    the same link (a delayed one holds back those behind it); duplicates are outside the stream;
//  - a message that reaches a crashed node is refused: the sender is told its connection to that
//    node broke (an RST, Receiver::connection_reset) after the network's least one-way delay,
//    unless the way back is cut.
//
// It is both sides of one network: the Transport its nodes send through and the NetworkFaults
// a fault injector acts on. `final`, so that its own calls to itself are direct.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/fault_rules.h"
#include "sim/link_table.h"
#include "sim/message.h"
#include "sim/network_faults.h"
#include "sim/random.h"
#include "sim/scheduler.h"
#include "sim/slot_pool.h"
#include "sim/trace.h"
#include "sim/transport.h"

namespace leasesim::sim {

struct DelayModel {
  Duration lo = Duration::millis(1);  // one-way delay, uniform in [lo, hi]; lo == hi: constant
  Duration hi = Duration::millis(1);
};

// A one-way delay computed for each message instead of drawn from the link's stream: a workload
// whose delays are defined counter-based, such as W1 (bench/README.md).
class DelaySource {
 public:
  virtual Duration delay(const Message& m) = 0;

 protected:
  ~DelaySource() = default;
};

class Network final : public EventTarget, public Transport, public NetworkFaults {
 public:
  Network(Scheduler& sched, Trace& trace, uint64_t seed, DelayModel delay);

  // Message kinds are named for traces and selectors; index = MessageKind.
  void set_message_names(const std::vector<std::string>& names);
  // See the file comment; off by default.
  void set_connection_oriented(bool on) { connection_oriented_ = on; }
  // Replaces the delay model's draws for every later message; nullptr goes back to them.
  void set_delay_source(DelaySource* source) { delay_source_ = source; }

  // Transport
  void attach(NodeId node, Receiver* receiver) override;
  void send(Message m) override;
  void refuse(const Message& m) override;
  Symbol message_symbol(MessageKind k) const override { return kind_symbols_.at(k); }
  void prefetch_sends(NodeId node) const override { links_.prefetch_row(node); }

  // NetworkFaults
  RuleId add_rule(const NetworkRule& rule) override;
  void remove_rule(RuleId id) override;
  void on_rule_exhausted(std::function<void(uint64_t owner)> fn) override { exhausted_ = std::move(fn); }
  void cut(NodeId from, NodeId to) override;
  void heal(NodeId from, NodeId to) override;
  PartitionId add_partition(const std::vector<std::vector<NodeId>>& groups) override;
  void remove_partition(PartitionId id) override;
  bool is_cut(NodeId from, NodeId to) const override;
  const std::vector<NodeId>& peers_of(NodeId node) const override;

  uint64_t in_flight() const { return in_flight_count_; }

  void on_event(uint64_t arg) override;
  void prefetch(uint64_t arg, const void* hint, int step) const override;

 private:
  struct Link {
    Rng rng;
    int cuts = 0;
    Instant last_delivery;  // connection-oriented: the stream's latest scheduled delivery
  };
  struct Flight {
    Message msg;
    EventId event;
    bool live = false;
    bool reset = false;  // an RST from msg.from to msg.to, not a message
  };
  Link& link(NodeId from, NodeId to);
  void launch(const Message& m, Instant at, bool reset = false);
  template <class Crosses>
  void lose_in_flight(Crosses crosses, Symbol reason);
  bool partitioned(NodeId from, NodeId to) const { return partitions_.separates(from, to); }

  Scheduler& sched_;
  Trace& trace_;
  uint64_t seed_;
  DelayModel delay_;
  DelaySource* delay_source_ = nullptr;
  std::vector<Receiver*> receivers_;
  std::vector<Symbol> kind_symbols_;
  LinkTable<Link> links_;
  SlotPool<Flight> flights_;
  uint64_t in_flight_count_ = 0;
  RuleBook rules_;
  PartitionSet partitions_;
  std::vector<std::vector<NodeId>> peers_;  // by node
  uint64_t next_message_id_ = 1;
  bool connection_oriented_ = false;
  std::function<void(uint64_t)> exhausted_;
  Symbol sym_drop_fault_;
  Symbol sym_disconnected_;
};

}  // namespace leasesim::sim
