// The `faults:` section: a list of items, each `at` plus exactly one fault key whose map holds
// the fault's own settings (`for`, `count` and the message selectors live inside that map).
#include <algorithm>
#include <unordered_set>

#include "harness/load_context.h"
#include "harness/scenario_loader.h"
#include "leasesim/protocol.h"

namespace leasesim::harness {
namespace {

const std::vector<std::string> kFaultKinds = {"delay",        "drop",  "duplicate", "disconnect", "partition",
                                              "stall_timers", "pause", "restart",   "clock"};
// Keys that belong inside a fault's map; written beside `at` they get a pointed message.
const std::vector<std::string> kInnerKeys = {"for", "count", "from", "to", "message", "extra", "node"};

Selector load_selector(const MapReader& m, const LoadContext& ctx) {
  Selector s;
  if (auto v = m.get("from")) s.from = ctx.node(*v);
  if (auto v = m.get("to")) s.to = ctx.node(*v);
  if (auto v = m.get("message")) s.message = ctx.message(*v);
  if (!s.from.empty() && s.from == s.to) m.require("to").fail("'from' and 'to' are the same node; no message goes from a node to itself");
  return s;
}

void load_lasts(const MapReader& m, const LoadContext& ctx, Fault& f) {
  if (auto v = m.get("for")) f.lasts = ranged(*v, ctx, "for", [](const Value& x) { return x.positive_duration(); });
}

void load_count(const MapReader& m, const LoadContext& ctx, Fault& f) {
  if (auto v = m.get("count")) f.count = ranged(*v, ctx, "count", [](const Value& x) { return x.integer(1, INT64_MAX); });
}

Duration load_extra(const MapReader& m, const LoadContext& ctx) {
  return ranged(m.require("extra"), ctx, "extra", [](const Value& x) { return x.non_negative_duration(); });
}

FaultAction load_network_rule(const std::string& kind, const Value& body, const LoadContext& ctx, Fault& f) {
  std::vector<std::string> keys = {"from", "to", "message", "count", "for"};
  if (kind != "drop") keys.insert(keys.begin() + 3, "extra");
  const MapReader m(body, keys, ("the " + kind + " fault's settings").c_str());
  const Selector sel = load_selector(m, ctx);
  load_count(m, ctx, f);
  load_lasts(m, ctx, f);
  if (kind == "delay") return DelayFault{sel, load_extra(m, ctx)};
  if (kind == "duplicate") return DuplicateFault{sel, load_extra(m, ctx)};
  return DropFault{sel};
}

FaultAction load_disconnect(const Value& body, const LoadContext& ctx, Fault& f) {
  const MapReader m(body, {"between", "from", "to", "for"}, "the disconnect fault's settings");
  load_lasts(m, ctx, f);
  if (auto between = m.get("between")) {
    if (m.has("from") || m.has("to")) {
      between->fail("give either `between: [a, b]` (both ways) or `from` and `to` (one way), not both");
    }
    const std::vector<Value> items = between->items("a list of two nodes");
    if (items.size() != 2) between->fail("expected two nodes, got " + std::to_string(items.size()));
    DisconnectFault d{ctx.node(items[0]), ctx.node(items[1]), true};
    if (d.from == d.to) items[1].fail("a node cannot be disconnected from itself");
    return d;
  }
  if (!m.has("from") || !m.has("to")) {
    body.fail("needs `between: [a, b]` to cut both ways, or `from` and `to` to cut one way");
  }
  DisconnectFault d{ctx.node(m.require("from")), ctx.node(m.require("to")), false};
  if (d.from == d.to) m.require("to").fail("a node cannot be disconnected from itself");
  return d;
}

FaultAction load_partition(const Value& body, const LoadContext& ctx, Fault& f) {
  const MapReader m(body, {"groups", "for"}, "the partition fault's settings");
  load_lasts(m, ctx, f);
  const Value groups_value = m.require("groups");
  PartitionFault p;
  std::unordered_set<std::string> seen;
  for (const Value& g : groups_value.items("a list of groups, each a list of nodes")) {
    std::vector<std::string> group;
    for (const Value& n : g.items("a list of nodes")) {
      const std::string name = ctx.node(n);
      if (!seen.insert(name).second) n.fail("'" + name + "' is in two groups");
      group.push_back(name);
    }
    if (group.empty()) g.fail("a group needs at least one node");
    p.groups.push_back(std::move(group));
  }
  if (p.groups.size() < 2) groups_value.fail("a partition needs at least two groups");
  return p;
}

FaultAction load_node_fault(const std::string& kind, const Value& body, const LoadContext& ctx, Fault& f) {
  if (kind == "stall_timers") {
    const MapReader m(body, {"node", "for"}, "the stall_timers fault's settings");
    load_lasts(m, ctx, f);
    return StallTimersFault{ctx.node(m.require("node"))};
  }
  if (kind == "pause") {
    const MapReader m(body, {"node", "for", "clock"}, "the pause fault's settings");
    load_lasts(m, ctx, f);
    PauseFault p;
    p.node = ctx.node(m.require("node"));
    if (auto v = m.get("clock")) p.clock = v->choice({"runs", "stops"}) == 0 ? PauseClock::runs : PauseClock::stops;
    return p;
  }
  if (kind == "restart") {
    // Besides its node and length, a restart says what the protocol's own restart settings say.
    std::vector<std::string> keys = {"node", "for"};
    for (const std::string& k : ctx.protocol->restart_keys()) keys.push_back(k);
    const MapReader m(body, keys, "the restart fault's settings");
    load_lasts(m, ctx, f);
    RestartFault r;
    r.node = ctx.node(m.require("node"));
    r.options = ctx.protocol->read_restart(m, r.node, ctx);
    return r;
  }
  // clock
  const MapReader m(body, {"node", "drift_ppm", "jump"}, "the clock fault's settings");
  ClockFault c;
  c.node = ctx.node(m.require("node"));
  if (auto v = m.get("drift_ppm")) {
    c.drift_ppm = ranged(*v, ctx, "drift_ppm", [](const Value& x) { return x.ppm(kMinDriftPpb, kMaxDriftPpb); });
  }
  if (auto v = m.get("jump")) c.jump = ranged(*v, ctx, "jump", [](const Value& x) { return x.duration(); });
  if (!c.drift_ppm && !c.jump) body.fail("needs `drift_ppm` (a new rate) or `jump` (a step), or both");
  return c;
}

}  // namespace

const std::vector<std::string>& fault_kinds() { return kFaultKinds; }

Fault load_fault(const Value& item, const LoadContext& ctx) {
  std::vector<std::string> keys = {"at"};
  if (ctx.ranges != nullptr) keys.insert(keys.end(), {"min", "max"});
  keys.insert(keys.end(), kFaultKinds.begin(), kFaultKinds.end());
  std::vector<std::string> accepted = keys;
  accepted.insert(accepted.end(), kInnerKeys.begin(), kInnerKeys.end());
  const MapReader m(item, accepted, "a fault: `at` and one fault key");
  for (const std::string& inner : kInnerKeys) {
    if (auto v = m.get(inner)) {
      v->fail("'" + inner + "' belongs inside the fault's own map, e.g. `pause: {node: follower-1, " +
              (inner == "for" ? std::string("for: 5s") : inner + ": ...") + "}`");
    }
  }
  std::vector<std::string> present;
  for (const std::string& k : kFaultKinds) {
    if (m.has(k)) present.push_back(k);
  }
  if (present.empty()) item.fail("a fault needs one of " + join(kFaultKinds));
  if (present.size() > 1) item.fail("one fault per item; this one has " + join(present, " and "));

  Fault f;
  f.pos = item.pos();
  f.at = ranged(m.require("at"), ctx, "at", [&ctx](const Value& x) { return ctx.instant(x); });
  const std::string& kind = present[0];
  const Value body = m.require(kind);
  if (kind == "delay" || kind == "drop" || kind == "duplicate") {
    f.action = load_network_rule(kind, body, ctx, f);
  } else if (kind == "disconnect") {
    f.action = load_disconnect(body, ctx, f);
  } else if (kind == "partition") {
    f.action = load_partition(body, ctx, f);
  } else {
    f.action = load_node_fault(kind, body, ctx, f);
  }
  return f;
}

std::vector<Fault> load_faults(const Value& v, const LoadContext& ctx) {
  std::vector<Fault> out;
  if (v.node().IsNull()) return out;  // `faults:` with nothing: no faults
  if (v.is_list() && v.node().size() > kMaxFaults) {
    v.fail(std::to_string(v.node().size()) + " faults; a scenario may have at most " + std::to_string(kMaxFaults));
  }
  for (const Value& item : v.items("a list of faults")) out.push_back(load_fault(item, ctx));
  return out;
}

}  // namespace leasesim::harness
