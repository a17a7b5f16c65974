// The network's fault side, as a fault injector sees it: rules on the messages a selector
// matches (delay, drop, duplicate), cuts of directed links and partitions between groups of
// nodes. The simulated network (sim/network.h) applies them at send time; a second runtime can
// apply them in a proxy in front of real links. The semantics are sim/network.h's: overlapping
// delays add, a drop wins, `remaining` counts the messages a rule changed, a cut loses what is
// in flight on its link.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "sim/message.h"
#include "sim/time.h"

namespace leasesim::sim {

// Which messages a rule touches; an empty field matches everything.
struct MessageSelector {
  NodeId from = kNoNode;
  NodeId to = kNoNode;
  int32_t kind = -1;  // a MessageKind, or -1 for any
  bool matches(const Message& m) const {
    return (from == kNoNode || m.from == from) && (to == kNoNode || m.to == to) &&
           (kind < 0 || m.kind == static_cast<MessageKind>(kind));
  }
};

enum class RuleAction : uint8_t { delay, drop, duplicate };

struct NetworkRule {
  RuleAction action = RuleAction::delay;
  MessageSelector selector;
  Duration extra;          // delay: added to the one-way delay; duplicate: second copy this much later
  int64_t remaining = -1;  // messages left to change; -1: no limit
  uint64_t owner = 0;      // the fault this rule belongs to, reported when the rule is used up
};

class NetworkFaults {
 public:
  using RuleId = uint64_t;
  // REQUIRES: rule.remaining != 0.
  virtual RuleId add_rule(const NetworkRule& rule) = 0;
  virtual void remove_rule(RuleId id) = 0;  // no-op if it is gone already
  // Called with the rule's owner when a counted rule has changed its last message (the rule is
  // removed first).
  virtual void on_rule_exhausted(std::function<void(uint64_t owner)> fn) = 0;

  // Cuts of one directed link nest: it heals when the last cut ends. REQUIRES for heal: cut.
  virtual void cut(NodeId from, NodeId to) = 0;
  virtual void heal(NodeId from, NodeId to) = 0;
  using PartitionId = uint64_t;
  // REQUIRES: every node in at most one group.
  virtual PartitionId add_partition(const std::vector<std::vector<NodeId>>& groups) = 0;
  virtual void remove_partition(PartitionId id) = 0;
  virtual bool is_cut(NodeId from, NodeId to) const = 0;
  // The nodes `node` has exchanged a message with (either way), in the order first met: those
  // whose connection to it breaks when it crashes.
  virtual const std::vector<NodeId>& peers_of(NodeId node) const = 0;

 protected:
  ~NetworkFaults() = default;
};

}  // namespace leasesim::sim
