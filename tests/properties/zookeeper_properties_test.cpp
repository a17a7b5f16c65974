// Properties of ZooKeeper sessions and of determinism, under random parameters (rapidcheck).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "harness/explore.h"
#include "harness/runner.h"
#include "harness/scenario_loader.h"
#include "harness/world.h"
#include "model/zookeeper/params.h"

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

// Zab's promises, as the trace shows them: an epoch is led by one server (every server that
// takes an epoch while LEADING is the only one ever to take it), and a session whose close has
// committed is never granted again by a server that has taken that epoch or a later one (a
// history without that close would re-track it). A close may show twice: a new leader commits
// what it logged, which its predecessor may have committed already; the first counts.
// A leader of an older epoch may still grant it: a paused leader's ticks stand still
// (Leader.lead), so on resuming it serves until its first tick check and may revalidate at its
// own tracker a session the new quorum closed during the pause. Its learners' read timeouts
// run on the clock and end that at the first tick check, within a tick of the resume
// (zookeeper/paused-cut-off-leader-steps-down-on-resume; before the model had them, this
// property found such grants a pause later). The checkers judge what such a grant does to the
// clients; here it must come from a server that believes it leads, within a tick of its
// resume. RC_CLASSIFY counts them: none in 12,000 runs of seeds 4 to 9. This generator rarely
// draws the case: with the read timeouts removed, 36,000 runs of seeds 4 to 17 passed, while
// that scenario fails (a session and a lock window from 18.004 s).
struct EpochLeaders final : sim::TraceSink {
  EpochLeaders(const sim::Trace& t, sim::Duration tick_time) : trace(t), tick(tick_time) {}
  void on_event(const sim::TraceEvent& e) override {
    if (e.kind == sim::EventKind::fault_end && e.b == static_cast<int64_t>(sim::FaultClass::pause)) resumed[e.node] = e.t;
    if (e.kind == sim::EventKind::lease_expired) closed_in.emplace(e.id, epoch[e.node]);
    if (e.kind == sim::EventKind::lease_granted) {
      if (const auto c = closed_in.find(e.id); c != closed_in.end()) {
        if (epoch[e.node] >= c->second) {
          revived = true;
        } else if (role[e.node] == "LEADING") {
          ++stale_grants;
          const auto r = resumed.find(e.node);
          if (r == resumed.end() || e.t - r->second > tick) stale_past_a_tick = true;
        } else {
          stale_from_non_leader = true;
        }
      }
    }
    if (e.kind != sim::EventKind::state) return;
    const std::string_view name = trace.text(e.symbol);
    if (name == "LEADING" || name == "FOLLOWING" || name == "LOOKING") role[e.node] = std::string(name);
    if (name.starts_with("epoch ")) {
      epoch[e.node] = std::stoll(std::string(name.substr(6)));
      if (role[e.node] == "LEADING") {
        const auto [it, fresh] = leader_of.emplace(std::string(name), e.node);
        if (!fresh && it->second != e.node) two_leaders = true;
      }
    }
  }
  const sim::Trace& trace;
  const sim::Duration tick;
  std::map<sim::NodeId, sim::Instant> resumed;  // the end of each server's last pause
  std::map<sim::NodeId, std::string> role;
  std::map<sim::NodeId, int64_t> epoch;  // the last epoch each server took; 0 before any
  std::map<std::string, sim::NodeId> leader_of;
  std::map<uint64_t, int64_t> closed_in;  // session -> the epoch of the server that first committed its close
  bool two_leaders = false;
  bool revived = false;
  int stale_grants = 0;
  bool stale_past_a_tick = false;  // a stale grant more than a tick after its leader's resume, or with no pause
  bool stale_from_non_leader = false;
};

// The sink's own judgement, on a hand-made history: a close committed in epoch 2 makes a later
// grant a revival from a server of epoch 2, a stale grant from a leader of an older epoch (past
// a tick if it comes more than a tick after that leader's resume, or it never paused), and a
// defect from an older server that does not lead.
TEST(EpochLeadersTest, JudgesAGrantAfterACloseByTheGrantersEpochRoleAndResume) {
  sim::Trace trace;
  const auto at = [](int64_t ms, sim::EventKind k, sim::NodeId n) {
    sim::TraceEvent e;
    e.t = sim::Instant{sim::Duration::millis(ms).ns};
    e.kind = k;
    e.node = n;
    e.id = 7;
    return e;
  };
  const auto state = [&](sim::NodeId n, const char* name) {
    sim::TraceEvent e = at(0, sim::EventKind::state, n);
    e.symbol = trace.intern(name);
    return e;
  };
  sim::TraceEvent resume = at(10000, sim::EventKind::fault_end, 3);
  resume.b = static_cast<int64_t>(sim::FaultClass::pause);
  sim::TraceEvent reconnect = resume;  // a fault of another class ends: not a resume
  reconnect.b = static_cast<int64_t>(sim::FaultClass::network);
  // Node 3 leads epoch 1 and resumes at 10 s (or only sees a network fault end); nodes 1 and 2
  // commit the close in epoch 2 at 11 s; then `granter` grants the session at `grant_ms`.
  const auto judge = [&](sim::NodeId granter, const char* role3, const sim::TraceEvent& fault_end, int64_t grant_ms) {
    EpochLeaders s(trace, sim::Duration::millis(2000));
    for (const sim::TraceEvent& e : {state(2, "LEADING"), state(3, role3), state(1, "FOLLOWING"), state(1, "epoch 2"),
                                     state(2, "epoch 2"), fault_end, at(11000, sim::EventKind::lease_expired, 2),
                                     at(grant_ms, sim::EventKind::lease_granted, granter)}) {
      s.on_event(e);
    }
    return s;
  };
  const EpochLeaders by_follower = judge(1, "LEADING", resume, 11500);
  EXPECT_TRUE(by_follower.revived);
  EXPECT_FALSE(by_follower.two_leaders);
  const EpochLeaders within_a_tick = judge(3, "LEADING", resume, 12000);
  EXPECT_FALSE(within_a_tick.revived);
  EXPECT_EQ(within_a_tick.stale_grants, 1);
  EXPECT_FALSE(within_a_tick.stale_past_a_tick);
  EXPECT_FALSE(within_a_tick.stale_from_non_leader);
  EXPECT_TRUE(judge(3, "LEADING", resume, 12001).stale_past_a_tick);
  EXPECT_TRUE(judge(3, "LEADING", reconnect, 11500).stale_past_a_tick);
  const EpochLeaders by_stale_follower = judge(3, "FOLLOWING", resume, 11500);
  EXPECT_FALSE(by_stale_follower.revived);
  EXPECT_EQ(by_stale_follower.stale_grants, 0);
  EXPECT_TRUE(by_stale_follower.stale_from_non_leader);
}

// A random troubled ensemble: three or five servers, two clients on a lock, and up to twelve
// server faults (a partition that splits the nodes at random, a pause, a crash and restart, a
// one-way loss between two servers).
// Drawn over the whole range at every test size (rapidcheck scales inRange by size).
int pick(int lo, int hi) { return *rc::gen::resize(rc::kNominalSize, rc::gen::inRange(lo, hi)); }

std::string troubled_ensemble() {
  const int n = *rc::gen::element(3, 5);
  std::string servers, nodes;
  for (int i = 1; i <= n; ++i) servers += (i > 1 ? ", zk" : "zk") + std::to_string(i);
  std::string faults;
  const int count = pick(1, 13);
  for (int f = 0; f < count; ++f) {
    const std::string at = std::to_string(pick(0, 50000)) + "ms";
    const std::string lasts = std::to_string(pick(100, 15000)) + "ms";
    // Half the node faults hit the first leader (the highest myid), so that elections happen.
    const std::string node = "zk" + std::to_string(*rc::gen::arbitrary<bool>() ? n : pick(1, n + 1));
    switch (pick(0, 4)) {
      case 3: {  // a one-way loss between two servers: the stream loses proposals, commits, pings
        const std::string other = "zk" + std::to_string(pick(1, n + 1));
        faults += "  - {at: " + at + ", drop: {from: " + node + ", to: " + other + ", for: " + lasts + "}}\n";
        break;
      }
      case 0: {
        std::string a = "[", b = "[";
        for (const std::string& x : {std::string("c1"), std::string("c2")}) (*rc::gen::arbitrary<bool>() ? a : b) += x + ", ";
        for (int i = 1; i <= n; ++i) (*rc::gen::arbitrary<bool>() ? a : b) += "zk" + std::to_string(i) + ", ";
        a += "zkX]";  // keeps both groups non-empty: zkX is no node, so it is dropped below
        b += "zkY]";
        faults += "  - {at: " + at + ", partition: {groups: [" + a + ", " + b + "], for: " + lasts + "}}\n";
        break;
      }
      case 1: faults += "  - {at: " + at + ", pause: {node: " + node + ", for: " + lasts + "}}\n"; break;
      default: faults += "  - {at: " + at + ", restart: {node: " + node + ", for: " + lasts + "}}\n"; break;
    }
  }
  std::string out = "duration: 60s\nprotocol: {kind: zookeeper, lock: /lock}\nservers: [" + servers + "]\nclients: [c1, c2]\nfaults:\n" + faults;
  for (const char* dummy : {", zkX]", ", zkY]", "zkX]", "zkY]"}) {
    for (size_t p; (p = out.find(dummy)) != std::string::npos;) out.replace(p, std::string(dummy).size(), "]");
  }
  return out;
}

RC_GTEST_PROP(ZooKeeperProperty, AnEpochHasOneLeaderAndAnExpiredSessionStaysExpired, ()) {
  const std::string yaml = troubled_ensemble();
  RC_LOG() << yaml;
  harness::Scenario s;
  try {
    s = harness::load_scenario_text(yaml, "p.yaml");
  } catch (const std::exception&) {
    RC_DISCARD("a partition group came out empty");
  }
  harness::World w(s);
  EpochLeaders leaders(w.trace(), zookeeper::ZooKeeperParams{}.tick_time);
  w.add_sink(&leaders);
  w.run();
  RC_TAG(leaders.leader_of.size() > 2 ? std::string("3+") : std::to_string(leaders.leader_of.size()));  // new epochs a run saw
  RC_CLASSIFY(leaders.stale_grants > 0, "a stale leader granted a closed session");
  RC_ASSERT(!leaders.two_leaders);
  RC_ASSERT(!leaders.revived);
  RC_ASSERT(!leaders.stale_past_a_tick);
  RC_ASSERT(!leaders.stale_from_non_leader);
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
