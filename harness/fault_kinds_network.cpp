// The network fault kinds (fault_kind.h): delay, drop and duplicate (a rule on the messages
// their selectors match), disconnect and partition (cuts).
#include <unordered_set>

#include "harness/fault_parts.h"

namespace leasesim::harness::fault_parts {
namespace {

std::string any_if_empty(const std::string& s) { return s.empty() ? "*" : s; }

std::string describe_selector(const Selector& s) {
  std::string out = any_if_empty(s.from) + "->" + any_if_empty(s.to);
  if (!s.message.empty()) out += " " + s.message;
  return out;
}

sim::MessageSelector selector(const Selector& s, const FaultRun& run) {
  sim::MessageSelector out;
  if (!s.from.empty()) out.from = run.target.node_id(s.from);
  if (!s.to.empty()) out.to = run.target.node_id(s.to);
  if (!s.message.empty()) {
    const std::vector<std::string> names = run.protocol.messages();
    for (size_t k = 0; k < names.size(); ++k) {
      if (names[k] == s.message) out.kind = static_cast<int32_t>(k);
    }
  }
  return out;
}

// delay, drop, duplicate: a network rule on the messages the selectors match.
template <class T>
class MessageFault final : public FaultKindOf<T> {
 public:
  MessageFault(std::string key, sim::RuleAction rule, std::string summary, std::vector<FaultSetting> own)
      : FaultKindOf<T>(std::move(key), sim::FaultClass::network, std::move(summary), selectors<T>() + own + std::vector{count(), lasts()}),
        rule_(rule) {}

 private:
  static constexpr bool kHasExtra = requires(T a) { a.extra; };

  std::string text_of(const T& a, const Protocol& /*p*/) const override {
    std::string out = this->key() + " " + describe_selector(a.select);
    if constexpr (kHasExtra) out += " +" + format_duration(a.extra);
    return out;
  }
  void apply(const T& a, const Fault& f, FaultRun& run) const override {
    Duration extra;
    if constexpr (kHasExtra) extra = a.extra;
    run.state.rule = run.target.network().add_rule({rule_, selector(a.select, run), extra, f.count ? *f.count : -1, run.index});
  }

  sim::RuleAction rule_;
};

class Disconnect final : public FaultKindOf<DisconnectFault> {
 public:
  Disconnect()
      : FaultKindOf("disconnect", sim::FaultClass::network,
                    "cuts the link both ways (`between`) or one way (`from` -> `to`), and breaks the connection between "
                    "the two nodes",
                    {ends("between", "list of two nodes", "both ways; give `between` or `from` and `to`, not both",
                          [](const DisconnectFault& d) { return d.both_ways ? yaml_list({d.from, d.to}) : ""; }),
                     ends("from", "node", "one way: only messages from `from` to `to` are cut",
                          [](const DisconnectFault& d) { return d.both_ways ? "" : yaml_scalar(d.from); }),
                     ends("to", "node", "one way: the receiving end",
                          [](const DisconnectFault& d) { return d.both_ways ? "" : yaml_scalar(d.to); }),
                     lasts()},
                    "`between: [a, b]` (both ways), or `from` and `to` (one way)") {}

 private:
  // Read by check_of: which of them is given decides the shape.
  static FaultSetting ends(std::string key, std::string type, std::string meaning,
                           std::string (*write)(const DisconnectFault&)) {
    FaultSetting s{.key = std::move(key), .type = std::move(type), .meaning = std::move(meaning)};
    s.write = [write](const Fault& f) { return write(action<DisconnectFault>(f)); };
    return s;
  }

  void check_of(const MapReader& m, DisconnectFault& d, const LoadContext& ctx) const override {
    if (auto between = m.get("between")) {
      if (m.has("from") || m.has("to")) {
        between->fail("give either `between: [a, b]` (both ways) or `from` and `to` (one way), not both");
      }
      const std::vector<Value> items = between->items("a list of two nodes");
      if (items.size() != 2) between->fail("expected two nodes, got " + std::to_string(items.size()));
      d = {ctx.node(items[0]), ctx.node(items[1]), true};
      if (d.from == d.to) items[1].fail("a node cannot be disconnected from itself");
      return;
    }
    if (!m.has("from") || !m.has("to")) {
      m.self().fail("needs `between: [a, b]` to cut both ways, or `from` and `to` to cut one way");
    }
    d = {ctx.node(m.require("from")), ctx.node(m.require("to")), false};
    if (d.from == d.to) m.require("to").fail("a node cannot be disconnected from itself");
  }
  std::string text_of(const DisconnectFault& d, const Protocol& /*p*/) const override {
    return key() + " " + d.from + (d.both_ways ? "<->" : "->") + d.to;
  }
  void apply(const DisconnectFault& d, const Fault& /*f*/, FaultRun& run) const override {
    const sim::NodeId from = run.target.node_id(d.from);
    const sim::NodeId to = run.target.node_id(d.to);
    run.state.cuts.emplace_back(from, to);
    if (d.both_ways) run.state.cuts.emplace_back(to, from);
    run.state.broken.emplace_back(from, to);
  }
};

class Partition final : public FaultKindOf<PartitionFault> {
 public:
  Partition()
      : FaultKindOf("partition", sim::FaultClass::network,
                    "no message crosses between two listed groups; nodes in no group are not cut", {groups(), lasts()}) {}

 private:
  static FaultSetting groups() {
    FaultSetting s{.key = "groups",
                   .type = "list of at least two non-empty lists of nodes",
                   .meaning = "the groups; a node may be in one group only",
                   .required = true};
    s.read = [](const Value& v, Fault& f, const LoadContext& ctx) {
      PartitionFault& p = action<PartitionFault>(f);
      std::unordered_set<std::string> seen;
      for (const Value& g : v.items("a list of groups, each a list of nodes")) {
        std::vector<std::string> group;
        for (const Value& n : g.items("a list of nodes")) {
          const std::string name = ctx.node(n);
          if (!seen.insert(name).second) n.fail("'" + name + "' is in two groups");
          group.push_back(name);
        }
        if (group.empty()) g.fail("a group needs at least one node");
        p.groups.push_back(std::move(group));
      }
      if (p.groups.size() < 2) v.fail("a partition needs at least two groups");
    };
    s.write = [](const Fault& f) {
      const PartitionFault& p = action<PartitionFault>(f);
      std::string out = "[";
      for (size_t i = 0; i < p.groups.size(); ++i) out += (i == 0 ? "" : ", ") + yaml_list(p.groups[i]);
      return out + "]";
    };
    return s;
  }

  std::string text_of(const PartitionFault& p, const Protocol& /*p*/) const override {
    std::string s = key();
    for (size_t g = 0; g < p.groups.size(); ++g) s += (g == 0 ? " [" : " | [") + join(p.groups[g]) + "]";
    return s;
  }
  void apply(const PartitionFault& p, const Fault& /*f*/, FaultRun& run) const override {
    std::vector<std::vector<sim::NodeId>> groups;
    for (const std::vector<std::string>& g : p.groups) {
      groups.emplace_back();
      for (const std::string& n : g) groups.back().push_back(run.target.node_id(n));
    }
    run.state.partition = run.target.network().add_partition(groups);
  }
};
}  // namespace

template <>
const FaultKind& entry<DelayFault>() {
  static const MessageFault<DelayFault> k("delay", sim::RuleAction::delay, "adds `extra` to the one-way delay of each matching message",
                                          {extra<DelayFault>("the added delay")});
  return k;
}
template <>
const FaultKind& entry<DropFault>() {
  static const MessageFault<DropFault> k("drop", sim::RuleAction::drop, "loses each matching message at its send", {});
  return k;
}
template <>
const FaultKind& entry<DuplicateFault>() {
  static const MessageFault<DuplicateFault> k("duplicate", sim::RuleAction::duplicate,
                                              "delivers each matching message twice, the copy `extra` after the original",
                                              {extra<DuplicateFault>("how long after the original the copy arrives")});
  return k;
}
template <>
const FaultKind& entry<DisconnectFault>() {
  static const Disconnect k;
  return k;
}
template <>
const FaultKind& entry<PartitionFault>() {
  static const Partition k;
  return k;
}

}  // namespace leasesim::harness::fault_parts
