// The pieces under the limits: the simulator's event cap, sizes, quoting hostile text.
#include <gtest/gtest.h>

#include "harness/explore.h"
#include "harness/input_error.h"
#include "harness/memory_budget.h"
#include "harness/run_limits.h"
#include "harness/runner.h"
#include "harness/scenario_loader.h"
#include "sim/simulator.h"

namespace leasesim {
namespace {

struct Counter final : sim::EventTarget {
  int runs = 0;
  void on_event(uint64_t) override { ++runs; }
};

TEST(EventCap, StopsAfterExactlyTheCapAndResumes) {
  sim::Simulator sim;
  Counter c;
  for (int i = 0; i < 10; ++i) sim.schedule_at(sim::Instant{i}, &c, 0);
  EXPECT_EQ(sim.run_until(sim::Instant{100}, 4), sim::Simulator::RunEnd::event_cap);
  EXPECT_EQ(c.runs, 4);
  EXPECT_EQ(sim.now(), sim::Instant{3});  // at the last event run, not the end
  EXPECT_EQ(sim.run_until(sim::Instant{100}), sim::Simulator::RunEnd::reached_end);
  EXPECT_EQ(c.runs, 10);
  EXPECT_EQ(sim.now(), sim::Instant{100});
}

TEST(EventCap, ACapAtTheLastEventStillReachesTheEnd) {
  sim::Simulator sim;
  Counter c;
  for (int i = 0; i < 3; ++i) sim.schedule_at(sim::Instant{i}, &c, 0);
  EXPECT_EQ(sim.run_until(sim::Instant{50}, 3), sim::Simulator::RunEnd::reached_end);
}

TEST(Interrupt, ARunStopsWhereTheSignalFindsItAndSaysWhy) {
  // Ten years of virtual time: without the signal this would not end. The flag is looked at
  // between slices of events, so a run shorter than one slice finishes regardless.
  const harness::Scenario s = harness::load_scenario_text("duration: 87600h\nprotocol: {kind: zbs}\nfollowers: [f1]\n", "s.yaml");
  harness::request_interrupt(2);
  const reports::Result r = harness::run_scenario(s);
  harness::clear_interrupt();
  EXPECT_EQ(r.stopped, "interrupted");
  EXPECT_FALSE(r.expectations_met);
  EXPECT_GT(r.stopped_at_ns, 0);
  EXPECT_LT(r.stopped_at_ns, r.duration_ns);
}

TEST(Sizes, ParseAndFormat) {
  EXPECT_EQ(harness::parse_bytes("512M"), uint64_t{512} << 20);
  EXPECT_EQ(harness::parse_bytes("4GiB"), uint64_t{4} << 30);
  EXPECT_EQ(harness::parse_bytes("100KB"), uint64_t{100} << 10);
  EXPECT_EQ(harness::parse_bytes("1073741824"), uint64_t{1} << 30);
  EXPECT_EQ(harness::parse_bytes("7B"), 7u);
  for (const char* bad : {"", "0", "1.5G", "G", "5X", "5Gb", "-1M", "99999999999999999999T", "17179869184T"}) {
    EXPECT_EQ(harness::parse_bytes(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(harness::format_bytes(100 << 20), "100MiB");
  EXPECT_EQ(harness::format_bytes(uint64_t{3} << 29), "1.5GiB");
  EXPECT_EQ(harness::format_bytes(999), "999B");
}

// The estimate counts every node the world builds (zbs's master too) and adds up in 128 bits:
// four billion jobs need 2^56 bytes and more, not a wrapped small number that passes.
TEST(Sizes, MemoryEstimatesCountTheMasterAndDoNotWrap) {
  const harness::Scenario s = harness::load_scenario_file("scenarios/explore/zbs-legacy-reply-delay.yaml");
  EXPECT_EQ(harness::run_memory(s).bytes, harness::kBytesPerRun + 2 * harness::kBytesPerNode);
  EXPECT_EQ(harness::run_memory(s).what, "2 nodes, 0 faults");
  const unsigned jobs = UINT32_MAX;
  const unsigned __int128 exact =
      static_cast<unsigned __int128>(harness::kBytesPerRun + 2 * harness::kBytesPerNode + 5 * harness::kBytesPerFault) * jobs +
      static_cast<unsigned __int128>(harness::explore_window(jobs)) * harness::kBytesPerExploreOutcome;
  EXPECT_EQ(harness::explore_memory(s, jobs).bytes, static_cast<uint64_t>(exact));
  EXPECT_GT(harness::explore_memory(s, jobs).bytes, uint64_t{1} << 56);
}

TEST(Sizes, TheMachineReportsSomeMemory) {
  const std::optional<uint64_t> m = harness::available_memory();
  ASSERT_TRUE(m.has_value());
  EXPECT_GT(*m, uint64_t{16} << 20);
}

TEST(Shown, InvisibleAndBrokenTextIsEscapedAndLongTextCut) {
  EXPECT_EQ(harness::shown("f\xc2\x85" "1"), "f\\u{85}1");
  EXPECT_EQ(harness::shown("a\xe2\x80\xae" "b"), "a\\u{202e}b");  // right-to-left override
  EXPECT_EQ(harness::shown("caf\xc3\xa9"), "caf\xc3\xa9");          // a visible letter stays
  EXPECT_EQ(harness::shown("x\xff"), "x\\xff");
  EXPECT_EQ(harness::shown("tab\there"), "tab\there");
  const std::string cut = harness::shown(std::string(5000, 'a'));
  EXPECT_EQ(cut, std::string(2000, 'a') + "... (3000 more bytes)");
}

TEST(JoinSome, CutsLongListsAndSaysHowMany) {
  std::vector<std::string> names;
  for (int i = 0; i < 40; ++i) names.push_back("n" + std::to_string(i));
  EXPECT_EQ(harness::join_some(names, 3), "n0, n1, n2, ... (40 in all)");
  EXPECT_EQ(harness::join_some({"a", "b"}, 3), "a, b");
}

// Thirty steps of ten years each (every one within the cap) carry a clock past int64: the
// deadlines set from it saturate and never fire, instead of wrapping into the past and firing
// in a loop that spent any event budget (both protocols, the stepped node a client or server).
TEST(Arithmetic, ThirtyTenYearClockStepsRunToTheEndWithoutLooping) {
  for (const std::string& head : {std::string("protocol: {kind: zbs}\nfollowers: [f1]\n"),
                                  std::string("protocol: {kind: zookeeper}\nservers: [f1]\nclients: [c1]\n"),
                                  std::string("protocol: {kind: zookeeper}\nservers: [zk1]\nclients: [f1]\n")}) {
    std::string yaml = "duration: 60s\n" + head + "faults:\n";
    for (int i = 0; i < 30; ++i) yaml += "  - {at: " + std::to_string(1000 + i) + "ms, clock: {node: f1, jump: 87600h}}\n";
    harness::RunOptions o;
    o.limits.max_events = 100'000;
    const reports::Result r = harness::run_scenario(harness::load_scenario_text(yaml, "steps.yaml"), o);
    EXPECT_TRUE(r.stopped.empty()) << head << r.events << " events";
  }
}

}  // namespace
}  // namespace leasesim
