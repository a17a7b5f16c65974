// What the parts of the scenario loader share while they read one file: the names that
// selectors may refer to and the run's length that every instant must fall inside.
#pragma once

#include "sim/clock.h"
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "harness/scenario.h"
#include "harness/yaml_reader.h"

namespace leasesim {
struct CheckerSpec;
}  // namespace leasesim

namespace leasesim::harness {

// The bounds of a drift (sim/clock.h says why).
using sim::kMaxDriftPpb;
using sim::kMinDriftPpb;

// Sizes beyond which a scenario is refused rather than run. Lease bugs show with a handful of
// nodes and faults; the W1 benchmark (bench/README.md) has 10,000 followers, and 100,000 nodes
// take about 170 MB and half a second per 10 s of virtual time here (1,000,000: 1.5 GB and
// 7 s), so the cap keeps a typo (an extra zero) from swallowing a CI machine, and explore's
// parallel runs within memory. 10,000 faults is a hundred times the largest scenario's
// schedule; the network looks at every active rule on each send.
constexpr size_t kMaxNodes = 100'000;
constexpr size_t kMaxFaults = 10'000;

struct LoadContext {
  const Protocol* protocol = nullptr;
  std::vector<std::string> nodes;     // every node, in NodeId order
  std::shared_ptr<const std::unordered_set<std::string>> node_set;  // the same, to look names up
  std::vector<RoleNodes> roles;       // as in Scenario
  std::vector<std::string> messages;  // the protocol's message kinds
  std::vector<std::string> safety_checkers;
  std::vector<std::string> liveness_checkers;
  Duration duration;
  // Reading an explore template: a rangeable field may be [lo, hi]; its range lands here and
  // its low end in the fault. Null for ordinary faults, where a range is an error.
  std::map<std::string, Range>* ranges = nullptr;

  void set_nodes(std::vector<std::string> names);
  // The nodes of the role named `singular` (empty if there is none).
  const std::vector<std::string>& role(const std::string& singular) const;
  // Fails unless `v` names a node; returns the name.
  std::string node(const Value& v) const;
  // Fails unless `v` names a message kind of the protocol.
  std::string message(const Value& v) const;
  // Fails unless `v` is an instant inside the run: 0 <= t < duration.
  Instant instant(const Value& v) const;
};

// The protocol the `protocol:` map names (`kind`), from the registry, before anything that
// depends on it is read.
const Protocol& protocol_of(const Value& v);
inline int64_t raw(Duration d) { return d.ns; }
inline int64_t raw(Instant t) { return t.ns; }
inline int64_t raw(int64_t n) { return n; }
inline int64_t raw(sim::Ppm p) { return p.ppb; }

// A field an explore template may give as [lo, hi]: the range is recorded under `field` and lo
// returned; each end is validated as the field itself would be.
template <class Parse>
auto ranged(const Value& v, const LoadContext& ctx, const std::string& field, Parse parse) -> decltype(parse(v)) {
  if (ctx.ranges == nullptr || !v.is_list()) return parse(v);
  const std::vector<Value> ends = v.items("[lo, hi]");
  if (ends.size() != 2) v.fail("a range is [lo, hi], got " + std::to_string(ends.size()) + " values");
  const auto lo = parse(ends[0]);
  const auto hi = parse(ends[1]);
  if (raw(hi) < raw(lo)) v.fail("lo must not exceed hi");
  (*ctx.ranges)[field] = Range{raw(lo), raw(hi)};
  return lo;
}

ProtocolSpec load_protocol(const Value& v, const LoadContext& ctx);
// The checkers a run of the protocol on these nodes has: the protocol's own, and stale_write
// when the scenario has fenced resources (include/leasesim/fenced_resource.h).
std::vector<CheckerSpec> checkers_of(const Protocol& p, const std::vector<RoleNodes>& roles);

std::vector<Fault> load_faults(const Value& v, const LoadContext& ctx);
// One fault item; with ctx.ranges set, also accepts `min` and `max` (read by the caller).
Fault load_fault(const Value& item, const LoadContext& ctx);
ExploreSpace load_explore(const Value& v, LoadContext ctx);
Expect load_expect(const Value& v, const LoadContext& ctx);

}  // namespace leasesim::harness
