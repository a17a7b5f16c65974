// The rule semantics of sim/network_faults.h as plain data, shared by every implementation of
// NetworkFaults (the simulated network, the live transport), so that "delays add, a drop wins,
// `remaining` counts the messages a rule changed" and "a partition separates its groups" are
// written once and cannot drift apart between a simulated run and a live one.
#pragma once

#include <cstdint>
#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/message.h"
#include "sim/network_faults.h"
#include "sim/time.h"

namespace leasesim::sim {

class RuleBook {
 public:
  using RuleId = NetworkFaults::RuleId;
  RuleBook() = default;
  // The buckets point into rules_: a copy would point into the original.
  RuleBook(const RuleBook&) = delete;
  RuleBook& operator=(const RuleBook&) = delete;
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
  // A selector as a bucket key: each field is a value or its wildcard (kNoNode, -1).
  struct Key {
    NodeId from;
    NodeId to;
    int32_t kind;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const {
      return (static_cast<size_t>(k.from) * 0x9E3779B97F4A7C15ULL) ^ (static_cast<size_t>(k.to) * 0xBF58476D1CE4E5B9ULL) ^
             static_cast<size_t>(static_cast<uint32_t>(k.kind));
    }
  };
  static Key key_of(const MessageSelector& s) { return {s.from, s.to, s.kind < 0 ? -1 : s.kind}; }
  static void consume(RuleId id, NetworkRule& r, std::vector<RuleId>& exhausted);
  // The rules that can match `m`, in the order they were added: the (at most 8) buckets whose
  // key matches m's link and kind, merged by id. Every rule sits in exactly one bucket, so a
  // send looks only at rules that match it, not at every rule in force.
  void candidates(const Message& m);

  using Candidate = std::pair<RuleId, NetworkRule*>;
  std::map<RuleId, NetworkRule> rules_;  // by id: ids grow, so this is the order they were added
  // Bucket by selector key, each in id order, pointing into rules_ (a send looks nothing up
  // twice). Only looked up, never iterated, so its hash order cannot reach the schedule.
  std::unordered_map<Key, std::vector<Candidate>, KeyHash> buckets_;
  std::vector<Candidate> scratch_;  // candidates(): reused, no allocation per send
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
