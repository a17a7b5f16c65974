// Properties of ZooKeeper sessions and of determinism, under random parameters (rapidcheck).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "harness/explore.h"
#include "harness/runner.h"
#include "harness/scenario_loader.h"
#include "harness/world.h"

namespace leasesim {
namespace {

constexpr int64_t kMs = 1'000'000;

// Records the first lease_granted and the first lease_expired.
struct Expiry final : sim::TraceSink {
  void on_event(const sim::TraceEvent& e) override {
    if (e.kind == sim::EventKind::lease_granted && touched < 0) touched = e.t.ns;
    if (e.kind == sim::EventKind::lease_expired && expired < 0) expired = e.t.ns;
  }
  int64_t touched = -1;
  int64_t expired = -1;
};

// ExpiryQueue's promise, end to end: a session touched once (its creation, at any phase of the
// server's clock) and never again expires more than T and at most T + tickTime later. With no
// log sync the creation and the close commit the instant they are proposed.
RC_GTEST_PROP(ZooKeeperProperty, AnUntouchedSessionExpiresWithinTimeoutAndATick, ()) {
  const int64_t tick = *rc::gen::inRange<int64_t>(100, 5'001);
  const int64_t timeout = *rc::gen::inRange<int64_t>(2 * tick, 20 * tick + 1);
  const int64_t offset = *rc::gen::inRange<int64_t>(0, 3 * tick);
  const int64_t connect_delay = *rc::gen::inRange<int64_t>(0, 2 * tick);
  const std::string yaml =
      "duration: " + std::to_string(connect_delay + timeout + 3 * tick) + "ms\n" +
      "protocol: {kind: zookeeper, log_sync: 0ms, tick_time: " + std::to_string(tick) + "ms, session_timeout: " + std::to_string(timeout) + "ms}\n" +
      "servers: [zk1]\nclients: [c1]\nclocks: {zk1: {offset: " + std::to_string(offset) + "ms}}\n" +
      "faults:\n  - {at: 0s, delay: {message: ConnectRequest, extra: " + std::to_string(connect_delay) + "ms, count: 1}}\n" +
      "  - {at: 1ns, drop: {to: zk1}}\n";
  harness::World w(harness::load_scenario_text(yaml, "p.yaml"));
  Expiry e;
  w.add_sink(&e);
  w.run();
  RC_ASSERT(e.touched >= 0);
  RC_ASSERT(e.expired >= 0);
  RC_ASSERT(e.expired - e.touched > timeout * kMs);
  RC_ASSERT(e.expired - e.touched <= (timeout + tick) * kMs);
}

// The same scenario and seed give the same trace: random runs drawn from two exploration
// spaces, one per protocol, each run twice.
RC_GTEST_PROP(DeterminismProperty, ARandomScenarioRunTwiceGivesTheSameTrace, ()) {
  static const harness::Scenario zbs = harness::load_scenario_file(LEASESIM_SOURCE_DIR "/scenarios/explore/zbs-legacy-reply-delay.yaml");
  static const harness::Scenario zk = harness::load_scenario_file(LEASESIM_SOURCE_DIR "/scenarios/explore/zookeeper-sessions.yaml");
  const harness::Scenario& base = *rc::gen::arbitrary<bool>() ? zbs : zk;
  const harness::Scenario s = harness::generate_run(base, *rc::gen::arbitrary<uint64_t>(), *rc::gen::inRange<uint64_t>(0, 1'000'000));
  RC_ASSERT(harness::run_scenario(s).trace_hash == harness::run_scenario(s).trace_hash);
}

}  // namespace
}  // namespace leasesim
