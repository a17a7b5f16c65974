// The fault table (harness/fault_kind.h) is the one description of each fault kind: every
// kind and every setting it lists is read, written back, described, drawn by explore and
// injected, and nothing reads or writes a key the table does not list. A kind added to the
// table without an example here fails the first test. (The docs' tables are the output of
// `leasesim help faults --markdown`: Cli.TheDocsFaultTablesAreTheFaultTablesOwn.)
#include <gtest/gtest.h>

#include <map>
#include <set>

#include <yaml-cpp/yaml.h>

#include "harness/explore.h"
#include "harness/fault_kind.h"
#include "harness/scenario_loader.h"
#include "harness/scenario_writer.h"
#include "harness/world.h"
#include "leasesim/protocol.h"
#include "sim/trace.h"

namespace leasesim::harness {
namespace {

const std::string kHead = "duration: 60s\nprotocol: {kind: zbs}\nfollowers: [f, g]\n";

// For each kind, faults that between them give every setting it has, and their descriptions
// (the text the trace records and hashes: these must not change).
const std::map<std::string, std::vector<std::pair<std::string, std::string>>> kExamples = {
    {"delay",
     {{"{from: master, to: f, message: KeepAliveReply, extra: 6s, count: 2, for: 5s}", "delay master->f KeepAliveReply +6s count 2 for 5s"},
      {"{extra: 1ms}", "delay *->* +1ms"}}},
    {"drop", {{"{from: f, to: master, message: KeepAlive, count: 1, for: 3s}", "drop f->master KeepAlive count 1 for 3s"}, {"{}", "drop *->*"}}},
    {"duplicate",
     {{"{to: f, message: KeepAliveReply, extra: 1ms, count: 3, for: 2s}", "duplicate *->f KeepAliveReply +1ms count 3 for 2s"},
      {"{from: f, extra: 0s}", "duplicate f->* +0s"}}},
    {"disconnect",
     {{"{between: [master, f], for: 1s}", "disconnect master<->f for 1s"}, {"{from: f, to: master}", "disconnect f->master"}}},
    {"partition", {{"{groups: [[master, f], [g]], for: 4s}", "partition [master, f] | [g] for 4s"}}},
    {"stall_timers", {{"{node: master, for: 1s}", "stall_timers master for 1s"}}},
    {"pause", {{"{node: f, for: 2s, clock: stops}", "pause f (clock stops) for 2s"}, {"{node: g}", "pause g"}}},
    {"restart",
     {{"{node: master, for: 1s, sessions: forget}", "restart master (sessions: forget) for 1s"},
      {"{node: f}", "restart f"}}},
    {"clock", {{"{node: f, drift_ppm: -12.5, jump: -2s}", "clock f drift -12.5ppm jump -2s"}, {"{node: g, jump: 1.5s}", "clock g jump 1.5s"}}},
};

Scenario with_fault(const std::string& kind, const std::string& body) {
  return load_scenario_text(kHead + "faults:\n  - at: 1s\n    " + kind + ": " + body + "\n", "s.yaml");
}

std::set<std::string> keys_of(const std::string& flow_map) {
  std::set<std::string> out;
  for (const auto& pair : YAML::Load(flow_map)) out.insert(pair.first.Scalar());
  return out;
}

TEST(FaultKinds, TheTableHasOneEntryPerActionInTheActionsOrderWithUniqueKeys) {
  ASSERT_EQ(fault_table().size(), std::variant_size_v<FaultAction>);
  std::set<std::string> keys;
  for (size_t i = 0; i < fault_table().size(); ++i) {
    const FaultKind& k = *fault_table()[i];
    EXPECT_TRUE(keys.insert(k.key()).second) << k.key();
    EXPECT_EQ(find_fault_kind(k.key()), &k);
    ASSERT_TRUE(kExamples.contains(k.key())) << k.key() << " has no example here";
    const Scenario s = with_fault(k.key(), kExamples.at(k.key()).front().first);
    EXPECT_EQ(s.faults[0].action.index(), i) << k.key();
    EXPECT_EQ(&kind_of(s.faults[0]), &k);
  }
  std::vector<std::string> in_order;
  for (const FaultKind* k : fault_table()) in_order.push_back(k->key());
  EXPECT_EQ(fault_kinds(), in_order);  // what the loader and `leasesim help` list
  EXPECT_EQ(kExamples.size(), fault_table().size());
}

TEST(FaultKinds, EveryKindRoundTripsWithEverySettingAndKeepsItsDescription) {
  const Protocol& zbs = *registry().find("zbs");
  for (const FaultKind* k : fault_table()) {
    std::set<std::string> given;
    for (const auto& [body, description] : kExamples.at(k->key())) {
      const Scenario s = with_fault(k->key(), body);
      const std::string text = to_yaml(s);
      const Scenario again = load_scenario_text(text, "again.yaml");
      EXPECT_EQ(to_yaml(again), text);
      EXPECT_EQ(k->describe(again.faults[0], zbs), description);
      EXPECT_EQ(k->describe(s.faults[0], zbs), description);
      // Written as given: every key of the example, and no other.
      std::set<std::string> written;
      for (const auto& [key, value] : k->write(s.faults[0], zbs)) written.insert(key);
      EXPECT_EQ(written, keys_of(body)) << body;
      given.merge(keys_of(body));
    }
    const std::vector<std::string> accepted = k->keys(zbs);
    EXPECT_EQ(given, std::set<std::string>(accepted.begin(), accepted.end())) << k->key() << ": an example per setting";
    for (const FaultSetting& s : k->settings()) {
      EXPECT_FALSE(s.type.empty() || s.meaning.empty()) << k->key() << "." << s.key;
      EXPECT_TRUE(s.write) << k->key() << "." << s.key;
      EXPECT_EQ(s.required, s.default_text.empty() && s.read != nullptr) << k->key() << "." << s.key;
    }
  }
}

// A range [lo, hi] of a setting in its unit, as YAML and as numbers.
struct SampleRange {
  std::string yaml;
  int64_t lo;
  int64_t hi;
};

SampleRange sample_range(RangeUnit unit) {
  switch (unit) {
    case RangeUnit::time:
      return {"[1s, 3s]", 1'000'000'000, 3'000'000'000};
    case RangeUnit::count:
      return {"[1, 5]", 1, 5};
    case RangeUnit::ppb:
      return {"[-10, 10.5]", -10'000, 10'500};
  }
  return {};
}

TEST(FaultKinds, EveryRangeableSettingIsDrawnByExploreWithinItsRange) {
  size_t checked = 0;
  for (const FaultKind* k : fault_table()) {
    std::vector<const FaultSetting*> ranged = {&at_setting()};
    for (const FaultSetting& s : k->settings()) {
      if (s.range) ranged.push_back(&s);
    }
    for (const FaultSetting* s : ranged) {
      // The first example that has the setting (or the first, for `at`), with it as a range.
      YAML::Node body;
      for (const auto& [text, description] : kExamples.at(k->key())) {
        body = YAML::Load(text);
        if (s == &at_setting() || body[s->key]) break;
      }
      const SampleRange r = sample_range(s->range->unit);
      std::string at = "1s";
      if (s == &at_setting()) {
        at = r.yaml;
      } else {
        body[s->key] = YAML::Load(r.yaml);
      }
      YAML::Emitter flow;
      flow << YAML::Flow << body;
      const Scenario base = load_scenario_text(
          kHead + "explore:\n  faults:\n    - at: " + at + "\n      min: 1\n      " + k->key() + ": " + flow.c_str() + "\n", "x.yaml");
      const FaultTemplate& t = base.explore->faults.at(0);
      ASSERT_TRUE(t.ranges.contains(s->key)) << k->key() << "." << s->key;
      EXPECT_EQ(t.ranges.at(s->key).lo, r.lo);
      EXPECT_EQ(t.ranges.at(s->key).hi, r.hi);
      std::set<int64_t> drawn;
      for (uint64_t i = 0; i < 50; ++i) {
        const Scenario run = generate_run(base, 1, i);
        ASSERT_EQ(run.faults.size(), 1u);
        ASSERT_EQ(rangeable_setting(run.faults[0], s->key), s);
        const std::optional<int64_t> v = s->range->get(run.faults[0]);
        ASSERT_TRUE(v) << k->key() << "." << s->key;
        EXPECT_GE(*v, r.lo);
        EXPECT_LE(*v, r.hi);
        drawn.insert(*v);
      }
      EXPECT_GT(drawn.size(), 1u) << k->key() << "." << s->key << " is not drawn";
      ++checked;
    }
  }
  EXPECT_EQ(checked, 24u);  // `at` of each of 9 kinds, and 15 settings of their own
}

TEST(FaultKinds, ASettingThatIsNoRangeIsRefusedAsOne) {
  EXPECT_THROW(load_scenario_text(kHead + "explore:\n  faults:\n    - {at: 1s, pause: {node: [f, g]}}\n", "x.yaml"), InputError);
  EXPECT_THROW(load_scenario_text(kHead + "faults:\n  - {at: 1s, delay: {extra: [1s, 2s]}}\n", "x.yaml"), InputError);
}

// Collects the fault_start events of a run.
struct Starts final : sim::TraceSink {
  void on_event(const sim::TraceEvent& e) override {
    if (e.kind == sim::EventKind::fault_start) events.push_back(e);
  }
  std::vector<sim::TraceEvent> events;
};

TEST(FaultKinds, EveryKindStartsInARunTracedWithItsDescriptionNodeAndClass) {
  for (const FaultKind* k : fault_table()) {
    for (const auto& [body, description] : kExamples.at(k->key())) {
      const Scenario s = with_fault(k->key(), body);
      World w(s);
      Starts starts;
      w.add_sink(&starts);
      w.run();
      ASSERT_EQ(starts.events.size(), 1u) << body;
      const sim::TraceEvent& e = starts.events[0];
      EXPECT_EQ(e.t.ns, 1'000'000'000) << body;
      EXPECT_EQ(w.trace().text(e.symbol), description);
      EXPECT_EQ(e.b, static_cast<int64_t>(k->fault_class())) << body;
      const std::string node = k->node(s.faults[0]);
      EXPECT_EQ(e.node, node.empty() ? sim::kNoNode : w.node_id(node)) << body;
    }
  }
}

}  // namespace
}  // namespace leasesim::harness
