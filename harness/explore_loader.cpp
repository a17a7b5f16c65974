// The `explore:` section: the space `leasesim explore` draws runs from. Fault templates are
// written like faults, with `at` and any of `for`, `count`, `extra`, `drift_ppm`, `jump` as a
// range [lo, hi], plus `min` and `max` instances per run (default 0 and 1); clocks give ranges
// of `drift_ppm` and `offset` per node.
#include "harness/load_context.h"

namespace leasesim::harness {

ExploreSpace load_explore(const Value& v, const LoadContext& ctx) {
  const MapReader m(v, {"faults", "clocks"}, "a map with fault templates (`faults`) and clock ranges (`clocks`)");
  ExploreSpace space;
  if (auto f = m.get("faults")) {
    for (const Value& item : f->items("a list of fault templates")) {
      FaultTemplate t;
      LoadContext c = ctx;
      c.ranges = &t.ranges;
      t.prototype = load_fault(item, c);
      t.pos = item.pos();
      if (auto lo = MapReader::peek(item, "min")) t.min = lo->integer(0, 1000);
      if (auto hi = MapReader::peek(item, "max")) t.max = hi->integer(0, 1000);
      if (t.max < t.min) MapReader::peek(item, "max")->fail("max must not be below min (" + std::to_string(t.min) + ")");
      space.faults.push_back(std::move(t));
    }
  }
  if (auto c = m.get("clocks")) {
    const MapReader nodes(*c, ctx.nodes, "a map from node names to clock ranges");
    for (const std::string& node : nodes.keys()) {
      const MapReader r(nodes.require(node), {"drift_ppm", "offset"}, "clock ranges such as {drift_ppm: [-100, 100]}");
      LoadContext rc = ctx;
      std::map<std::string, Range> ranges;
      rc.ranges = &ranges;
      if (auto d = r.get("drift_ppm")) ranged(*d, rc, "drift_ppm", [](const Value& x) { return x.ppm(kMinDriftPpb, kMaxDriftPpb); });
      if (auto o = r.get("offset")) ranged(*o, rc, "offset", [](const Value& x) { return x.duration(); });
      space.clocks[node] = ranges;
    }
  }
  if (space.faults.empty() && space.clocks.empty()) v.fail("an explore space needs fault templates (`faults`) or clock ranges (`clocks`)");
  return space;
}

}  // namespace leasesim::harness
