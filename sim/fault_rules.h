// The rule semantics of sim/network_faults.h as plain data, shared by every implementation of
// NetworkFaults (the simulated network, the live transport), so that "delays add, a drop wins,
// `remaining` counts the messages a rule changed" and "a partition separates its groups" are
// written once and cannot drift apart between a simulated run and a live one.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "sim/message.h"
#include "sim/network_faults.h"
#include "sim/time.h"

namespace leasesim::sim {

class RuleBook {
 public:
  using RuleId = NetworkFaults::RuleId;
  // What the rules do to one message.
  struct Effect {
    bool dropped = false;
    Duration extra;                // delay rules, added up
    std::vector<Duration> copies;  // duplicate rules: a copy this much after the message
  };

  RuleId add(const NetworkRule& rule);
  void remove(RuleId id);  // no-op if it is gone already
  bool empty() const { return rules_.empty(); }
  // Applies the rules to `m`, counting it against every counted rule that changed it; rules used
  // up by it are returned (in the order they were added) and stay until the caller removes them,
  // so that it can finish handling the message before their faults hear of it.
  // Inline for the common case of no rules: the simulated network calls it on every send.
  Effect apply(const Message& m, std::vector<RuleId>& exhausted) { return rules_.empty() ? Effect{} : apply_rules(m, exhausted); }
  uint64_t owner(RuleId id) const;

 private:
  Effect apply_rules(const Message& m, std::vector<RuleId>& exhausted);
  struct Active {
    RuleId id;
    NetworkRule rule;
  };
  static void consume(Active& r, std::vector<RuleId>& exhausted);
  std::vector<Active> rules_;  // in the order they were added
  RuleId next_ = 1;
};

// Partitions between groups of nodes, each held as a map from its nodes to their groups (O(n)
// for n nodes, not the n^2 pairs it separates).
class PartitionSet {
 public:
  using PartitionId = NetworkFaults::PartitionId;
  struct Partition {
    PartitionId id;
    std::vector<std::pair<NodeId, uint32_t>> group_of;  // sorted by node
    uint32_t group(NodeId n) const;                     // UINT32_MAX: not listed
    bool separates(NodeId a, NodeId b) const;
  };
  // REQUIRES: every node in at most one group. Not yet in effect: see add.
  Partition make(const std::vector<std::vector<NodeId>>& groups);
  PartitionId add(Partition p);
  void remove(PartitionId id);
  // Inline for the common case of no partition: asked on every delivery.
  bool separates(NodeId from, NodeId to) const { return !partitions_.empty() && any_separates(from, to); }

 private:
  bool any_separates(NodeId from, NodeId to) const;
  std::vector<Partition> partitions_;
  PartitionId next_ = 1;
};

}  // namespace leasesim::sim
