// The `explore:` section: the space `leasesim explore` draws runs from. Fault templates are
// written like faults, with `at` and any setting the fault table marks rangeable (`for`,
// `count`, `extra`, `drift_ppm`, `jump`: harness/fault_kind.h) as a range [lo, hi], plus `min`
// and `max` instances per run (default 0 and 1); clocks give ranges of `drift_ppm` and
// `offset` per node. `explore: {}` is a space too: each run then draws only its simulation
// seed, which drives the network's random delays and the protocol's own randomness.
#include "harness/load_context.h"

namespace leasesim::harness {

ExploreSpace load_explore(const Value& v, LoadContext ctx) {
  const MapReader m(v, {"faults", "clocks"}, "a map with fault templates (`faults`) and clock ranges (`clocks`)");
  ExploreSpace space;
  if (auto f = m.get("faults")) {
    if (f->is_list() && f->node().size() > kMaxFaults) {
      f->fail(std::to_string(f->node().size()) + " fault templates; an explore space may have at most " + std::to_string(kMaxFaults));
    }
    for (const Value& item : f->items("a list of fault templates")) {
      FaultTemplate t;
      ctx.ranges = &t.ranges;
      t.prototype = load_fault(item, ctx);
      ctx.ranges = nullptr;
      t.pos = item.pos();
      if (auto lo = MapReader::peek(item, "min")) t.min = lo->integer(0, 1000);
      if (auto hi = MapReader::peek(item, "max")) t.max = hi->integer(0, 1000);
      if (t.max < t.min) {
        // Found by the fuzzer: with no `max`, the message belongs on `min`.
        if (auto hi = MapReader::peek(item, "max")) hi->fail("max must not be below min (" + std::to_string(t.min) + ")");
        MapReader::peek(item, "min")->fail("min " + std::to_string(t.min) + " is above max, which is 1 unless given");
      }
      space.faults.push_back(std::move(t));
    }
    int64_t most = 0;
    for (const FaultTemplate& t : space.faults) most += t.max;
    if (most > static_cast<int64_t>(kMaxFaults)) {
      f->fail("the templates' `max` add up to " + std::to_string(most) + " faults in one run; at most " + std::to_string(kMaxFaults));
    }
  }
  if (auto c = m.get("clocks")) {
    const MapReader nodes(*c, ctx.nodes, "a map from node names to clock ranges");
    for (const std::string& node : nodes.keys()) {
      const MapReader r(nodes.require(node), {"drift_ppm", "offset"}, "clock ranges such as {drift_ppm: [-100, 100]}");
      std::map<std::string, Range> ranges;
      ctx.ranges = &ranges;
      if (auto d = r.get("drift_ppm")) ranged(*d, ctx, "drift_ppm", [](const Value& x) { return x.ppm(kMinDriftPpb, kMaxDriftPpb); });
      if (auto o = r.get("offset")) ranged(*o, ctx, "offset", [](const Value& x) { return x.duration(); });
      ctx.ranges = nullptr;
      space.clocks[node] = ranges;
    }
  }
  return space;
}

}  // namespace leasesim::harness
