// Every way a hand-written scenario can be wrong, and the exact message it gets:
// FILE:LINE:COLUMN: key.path: what is wrong.
#include <gtest/gtest.h>

#include "harness/input_error.h"
#include "harness/scenario_loader.h"

namespace leasesim::harness {
namespace {

// A valid scenario to break one line at a time.
const char* kGood = R"(name: t
duration: 40s
protocol: {kind: zbs}
followers: [follower-1]
)";

struct Case {
  const char* name;
  std::string yaml;
  std::string message;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

std::string error_of(const std::string& yaml) {
  try {
    load_scenario_text(yaml, "s.yaml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

class LoaderErrors : public ::testing::TestWithParam<Case> {};

TEST_P(LoaderErrors, GetsItsExactMessage) { EXPECT_EQ(error_of(GetParam().yaml), GetParam().message); }

const std::string G = kGood;

INSTANTIATE_TEST_SUITE_P(
    Table, LoaderErrors,
    ::testing::Values(
        Case{"Empty", "", "s.yaml:1:1: the file holds no scenario (it is empty)"},
        Case{"Syntax", "name: [unclosed\nduration: 1s\n", "s.yaml:2:9: YAML syntax error: end of sequence flow not found"},
        Case{"NotAMap", "- a\n- b\n", "s.yaml:1:1: expected a scenario: a map with keys name, description, seed, duration, protocol, followers, servers, clients, trackers, group_members, electors, resources, admins, replicas, network, clocks, faults, expect, explore, got a list"},
        Case{"UnknownTopKeyWithSuggestion", G + "falts: []\n",
             "s.yaml:5:1: falts: unknown key 'falts' (did you mean 'faults'?); expected one of name, description, seed, duration, protocol, followers, servers, clients, trackers, group_members, electors, resources, admins, replicas, network, clocks, faults, expect, explore"},
        Case{"DuplicateKey", G + "duration: 20s\n", "s.yaml:5:1: duration: duplicate key 'duration' (first given at line 2)"},
        Case{"MissingDuration", "protocol: {kind: zbs}\nfollowers: [a]\n", "s.yaml:1:1: missing key 'duration'"},
        Case{"MissingUnit", "duration: 40\nprotocol: {kind: zbs}\nfollowers: [a]\n",
             "s.yaml:1:11: duration: '40' has no unit; write it as 40s or 40ms (units: ns, us, ms, s, m, h)"},
        Case{"ZeroDuration", "duration: 0s\nprotocol: {kind: zbs}\nfollowers: [a]\n",
             "s.yaml:1:11: duration: must be longer than zero, got 0s"},
        Case{"DurationIsAList", "duration: [1s]\nprotocol: {kind: zbs}\nfollowers: [a]\n",
             "s.yaml:1:11: duration: expected a duration such as 250us, 1.5ms or 12s, got a list"},
        Case{"UnknownProtocol", "duration: 1s\nprotocol: {kind: zbz}\nfollowers: [a]\n",
             "s.yaml:2:18: protocol.kind: 'zbz' is not one of zbs, zookeeper, session_tracker, etcd, membership_tracker, k8s_leader_election, chubby, raft_lease, ttl_lock (did you mean 'zbs'?)"},
        Case{"ProtocolWithoutKind", "duration: 1s\nprotocol: {lease: 1s}\nfollowers: [a]\n",
             "s.yaml:2:11: protocol: missing key 'kind' (one of zbs, zookeeper, session_tracker, etcd, membership_tracker, k8s_leader_election, chubby, raft_lease, ttl_lock)"},
        Case{"UnknownProtocolKey", "duration: 1s\nprotocol: {kind: zbs, leese: 1s}\nfollowers: [a]\n",
             "s.yaml:2:23: protocol.leese: unknown key 'leese' (did you mean 'lease'?); expected one of kind, lease, keepalive_interval, rpc_timeout, network_margin, follower_anchor, guard_ppm, expiry_check, wait_keepalive_timer, wait_keepalive_reply, follower_next_keepalive, follower_keepalive_interval, persisted_deadline, write_interval, fencing"},
        Case{"BadAnchor", "duration: 1s\nprotocol: {kind: zbs, follower_anchor: recieve}\nfollowers: [a]\n",
             "s.yaml:2:40: protocol.follower_anchor: 'recieve' is not one of receive, send (did you mean 'receive'?)"},
        Case{"NegativeMargin", "duration: 1s\nprotocol: {kind: zbs, network_margin: -1s}\nfollowers: [a]\n",
             "s.yaml:2:39: protocol.network_margin: must not be negative, got -1s"},
        Case{"NegativeGuard", "duration: 1s\nprotocol: {kind: zbs, guard_ppm: -5}\nfollowers: [a]\n",
             "s.yaml:2:34: protocol.guard_ppm: '-5' is out of range [0, 1000000]"},
        Case{"BadExpiryCheck", "duration: 1s\nprotocol: {kind: zbs, expiry_check: stale}\nfollowers: [a]\n",
             "s.yaml:2:37: protocol.expiry_check: 'stale' is not one of current, captured"},
        Case{"BadWaitKeepaliveTimer", "duration: 1s\nprotocol: {kind: zbs, wait_keepalive_timer: twelve_seconds}\nfollowers: [a]\n",
             "s.yaml:2:45: protocol.wait_keepalive_timer: 'twelve_seconds' is not one of deadline, lease_from_firing"},
        Case{"MisspeltWaitKeepaliveTimer", "duration: 1s\nprotocol: {kind: zbs, wait_keepalive_timer: lease_from_fireing}\nfollowers: [a]\n",
             "s.yaml:2:45: protocol.wait_keepalive_timer: 'lease_from_fireing' is not one of deadline, lease_from_firing (did you mean 'lease_from_firing'?)"},
        Case{"BadWaitKeepaliveReply", "duration: 1s\nprotocol: {kind: zbs, wait_keepalive_reply: held}\nfollowers: [a]\n",
             "s.yaml:2:45: protocol.wait_keepalive_reply: 'held' is not one of at_once, at_timer"},
        Case{"BadFollowerNextKeepalive", "duration: 1s\nprotocol: {kind: zbs, follower_next_keepalive: after_intervall}\nfollowers: [a]\n",
             "s.yaml:2:48: protocol.follower_next_keepalive: 'after_intervall' is not one of at_once, after_interval (did you mean 'after_interval'?)"},
        Case{"ZeroFollowerKeepaliveInterval", "duration: 1s\nprotocol: {kind: zbs, follower_keepalive_interval: 0s}\nfollowers: [a]\n",
             "s.yaml:2:52: protocol.follower_keepalive_interval: must be longer than zero, got 0s"},
        Case{"FollowerKeepaliveIntervalWithoutUnit", "duration: 1s\nprotocol: {kind: zbs, follower_keepalive_interval: 4}\nfollowers: [a]\n",
             "s.yaml:2:52: protocol.follower_keepalive_interval: '4' has no unit; write it as 4s or 4ms (units: ns, us, ms, s, m, h)"},
        Case{"BadPersistedDeadline", "duration: 1s\nprotocol: {kind: zbs, persisted_deadline: every}\nfollowers: [a]\n",
             "s.yaml:2:43: protocol.persisted_deadline: 'every' is not one of registration, every_grant"},
        Case{"ZooKeeperWithoutServers", "duration: 1s\nprotocol: {kind: zookeeper}\nclients: [c1]\n",
             "s.yaml:1:1: missing key 'servers'"},
        Case{"ZooKeeperWithFollowers", "duration: 1s\nprotocol: {kind: zookeeper}\nservers: [zk1]\nclients: [c1]\nfollowers: [f]\n",
             "s.yaml:5:12: followers: protocol zookeeper has no followers; list `servers` and `clients`"},
        Case{"ZbsWithServers", "duration: 1s\nprotocol: {kind: zbs}\nfollowers: [f]\nservers: [zk1]\n",
             "s.yaml:4:10: servers: protocol zbs has no servers; list `followers`"},
        Case{"ZooKeeperKeyInZbs", "duration: 1s\nprotocol: {kind: zbs, tick_time: 2s}\nfollowers: [f]\n",
             "s.yaml:2:23: protocol.tick_time: unknown key 'tick_time'; expected one of kind, lease, keepalive_interval, rpc_timeout, network_margin, follower_anchor, guard_ppm, expiry_check, wait_keepalive_timer, wait_keepalive_reply, follower_next_keepalive, follower_keepalive_interval, persisted_deadline, write_interval, fencing"},
        Case{"ZooKeeperFractionOfAMillisecond", "duration: 1s\nprotocol: {kind: zookeeper, tick_time: 1.5ms}\nservers: [zk1]\nclients: [c1]\n",
             "s.yaml:2:40: protocol.tick_time: ZooKeeper counts in whole milliseconds; 1.5ms is not one"},
        Case{"ZooKeeperMinAboveMax", "duration: 1s\nprotocol: {kind: zookeeper, min_session_timeout: 9s, max_session_timeout: 5s}\nservers: [zk1]\nclients: [c1]\n",
             "s.yaml:2:75: protocol.max_session_timeout: the minimum session timeout exceeds the maximum (QuorumPeerConfig refuses this)"},
        Case{"ZooKeeperConnectUnknownServer", "duration: 1s\nprotocol: {kind: zookeeper, connect: {c1: [zk9]}}\nservers: [zk1]\nclients: [c1]\n",
             "s.yaml:2:44: protocol.connect.c1[0]: unknown server 'zk9' (did you mean 'zk1'?); servers: zk1"},
        Case{"ZooKeeperConnectForAServer", "duration: 1s\nprotocol: {kind: zookeeper, connect: {zk1: [zk1]}}\nservers: [zk1]\nclients: [c1]\n",
             "s.yaml:2:39: protocol.connect.zk1: unknown key 'zk1' (did you mean 'c1'?); expected one of c1"},
        Case{"ZooKeeperLockNotAPath", "duration: 1s\nprotocol: {kind: zookeeper, lock: leader}\nservers: [zk1]\nclients: [c1]\n",
             "s.yaml:2:35: protocol.lock: a lock is a znode path such as /lock, got 'leader'"},
        Case{"ZooKeeperCuratorOnTheCClient", "duration: 1s\nprotocol: {kind: zookeeper, curator: true}\nservers: [zk1]\nclients: [c1]\n",
             "s.yaml:2:38: protocol.curator: Curator runs on the Java client only; c1 uses the C client (set client: java)"},
        Case{"ZooKeeperCuratorOnACClientOfItsOwn", "duration: 1s\nprotocol: {kind: zookeeper, client: java, per_client: {c2: {client: c, curator: true}}}\nservers: [zk1]\nclients: [c1, c2]\n",
             "s.yaml:2:81: protocol.per_client.c2.curator: Curator runs on the Java client only; c2 uses the C client (set client: java)"},
        Case{"ZooKeeperUntilLostWithoutCurator", "duration: 1s\nprotocol: {kind: zookeeper, lock: /l, lock_belief: until_lost}\nservers: [zk1]\nclients: [c1]\n",
             "s.yaml:2:52: protocol.lock_belief: until_lost is Curator's SessionConnectionStateErrorPolicy, and c1 does not run Curator (set curator: true, with client: java)"},
        Case{"ZooKeeperObserverWithoutALock", "duration: 1s\nprotocol: {kind: zookeeper, per_client: {c1: {observer: true}}}\nservers: [zk1]\nclients: [c1]\n",
             "s.yaml:2:57: protocol.per_client.c1.observer: an observer watches the lock's node; set `lock` (such as lock: /lock)"},
        Case{"ZooKeeperPerClientUnknownClient", "duration: 1s\nprotocol: {kind: zookeeper, per_client: {c9: {client: java}}}\nservers: [zk1]\nclients: [c1]\n",
             "s.yaml:2:42: protocol.per_client.c9: unknown key 'c9' (did you mean 'c1'?); expected one of c1"},
        Case{"ZooKeeperPerClientUnknownSetting", "duration: 1s\nprotocol: {kind: zookeeper, per_client: {c1: {lock: /l}}}\nservers: [zk1]\nclients: [c1]\n",
             "s.yaml:2:47: protocol.per_client.c1.lock: unknown key 'lock'; expected one of session_timeout, client, curator, observer"},
        Case{"ZooKeeperPerClientTimeoutTooShort", "duration: 1s\nprotocol: {kind: zookeeper, per_client: {c1: {session_timeout: 1ms}}}\nservers: [zk1]\nclients: [c1]\n",
             "s.yaml:2:64: protocol.per_client.c1.session_timeout: session_timeout 1ms is too short for a client to connect: each attempt gets 2/3 of it (C) or a share per server (Java, 1 server) in whole ms; at least 2ms"},
        Case{"ZooKeeperInitLimitBeyondJavaInt", "duration: 1s\nprotocol: {kind: zookeeper, tick_time: 2000000ms, init_limit: 2000}\nservers: [zk1]\nclients: [c1]\n",
             "s.yaml:2:63: protocol.init_limit: init_limit * tick_time is 4000000000ms, more than ZooKeeper's int arithmetic holds (2147483647ms)"},
        Case{"ZooKeeperUnknownCursor", "duration: 1s\nprotocol: {kind: zookeeper, c_cursor: double}\nservers: [zk1]\nclients: [c1]\n",
             "s.yaml:2:39: protocol.c_cursor: 'double' is not one of zookeeper_2466, fixed"},
        Case{"ZooKeeperNegativeLogSync", "duration: 1s\nprotocol: {kind: zookeeper, log_sync: -1ms}\nservers: [zk1]\nclients: [c1]\n",
             "s.yaml:2:39: protocol.log_sync: must not be negative, got -1ms"},
        Case{"ZooKeeperSessionsPolicy", "duration: 9s\nprotocol: {kind: zookeeper}\nservers: [zk1]\nclients: [c1]\nfaults: [{at: 1s, restart: {node: zk1, sessions: forget}}]\n",
             "s.yaml:5:40: faults[0].restart.sessions: unknown key 'sessions'; expected one of node, for"},
        Case{"ZooKeeperExpectLeaseSafety", "duration: 1s\nprotocol: {kind: zookeeper}\nservers: [zk1]\nclients: [c1]\nexpect: {lease_safety: holds}\n",
             "s.yaml:5:10: expect.lease_safety: unknown key 'lease_safety'; expected one of session_safety, lock_safety, session_liveness, windows, events"},
        Case{"ZooKeeperBadLivenessWord", "duration: 1s\nprotocol: {kind: zookeeper}\nservers: [zk1]\nclients: [c1]\nexpect: {session_liveness: holds}\n",
             "s.yaml:5:28: expect.session_liveness: 'holds' is not one of clear, reported"},
        Case{"FollowersNotAList", "duration: 1s\nprotocol: {kind: zbs}\nfollowers: follower-1\n",
             "s.yaml:3:12: followers: expected a list of follower names, got 'follower-1'"},
        Case{"NoFollowers", "duration: 1s\nprotocol: {kind: zbs}\nfollowers: []\n",
             "s.yaml:3:12: followers: a scenario needs at least one follower"},
        Case{"FollowerNamedMaster", "duration: 1s\nprotocol: {kind: zbs}\nfollowers: [master]\n",
             "s.yaml:3:13: followers[0]: 'master' is the master's name; followers need other names"},
        Case{"FollowerTwice", "duration: 1s\nprotocol: {kind: zbs}\nfollowers: [a, a]\n",
             "s.yaml:3:16: followers[1]: 'a' is listed twice"},
        Case{"BadFollowerName", "duration: 1s\nprotocol: {kind: zbs}\nfollowers: [\"a b\"]\n",
             "s.yaml:3:13: followers[0]: 'a b' is not a valid node name (1-64 letters, digits, '-', '_' or '.')"},
        Case{"SeedNotANumber", G + "seed: one\n", "s.yaml:5:7: seed: expected a non-negative integer, got 'one'"},
        Case{"UniformBackwards", G + "network: {delay: {uniform: [50ms, 1ms]}}\n",
             "s.yaml:5:28: network.delay.uniform: lo must not exceed hi"},
        Case{"ClockOfUnknownNode", G + "clocks: {folower-1: {drift_ppm: 5}}\n",
             "s.yaml:5:10: clocks.folower-1: unknown key 'folower-1' (did you mean 'follower-1'?); expected one of master, follower-1"},
        Case{"DriftTooPrecise", G + "clocks: {follower-1: {drift_ppm: 1.2345}}\n",
             "s.yaml:5:34: clocks.follower-1.drift_ppm: '1.2345' has more than 3 decimal places"},
        Case{"DriftStopsTheClock", G + "clocks: {follower-1: {drift_ppm: -1000000}}\n",
             "s.yaml:5:34: clocks.follower-1.drift_ppm: '-1000000' is out of range [-999999.999, 1000000]"},
        Case{"FaultWithoutKind", G + "faults:\n  - at: 1s\n", "s.yaml:6:5: faults[0]: a fault needs one of delay, drop, duplicate, disconnect, partition, stall_timers, pause, restart, clock"},
        Case{"TwoFaultsInOneItem", G + "faults:\n  - at: 1s\n    drop: {}\n    pause: {node: master}\n",
             "s.yaml:6:5: faults[0]: one fault per item; this one has drop and pause"},
        Case{"FaultOutsideTheRun", G + "faults:\n  - {at: 40s, drop: {}}\n",
             "s.yaml:6:10: faults[0].at: 40s is outside the run, which lasts 40s (instants 0s up to, not including, 40s)"},
        Case{"FaultAtNegativeTime", G + "faults:\n  - {at: -1s, drop: {}}\n", "s.yaml:6:10: faults[0].at: must not be negative, got -1s"},
        Case{"FaultUnknownNode", G + "faults:\n  - {at: 1s, pause: {node: folower-1}}\n",
             "s.yaml:6:28: faults[0].pause.node: unknown node 'folower-1' (did you mean 'follower-1'?); nodes: master, follower-1"},
        Case{"FaultUnknownMessage", G + "faults:\n  - {at: 1s, drop: {message: KeepAlivee}}\n",
             "s.yaml:6:30: faults[0].drop.message: unknown message 'KeepAlivee' (did you mean 'KeepAlive'?); messages: KeepAlive, KeepAliveReply, Write"},
        Case{"ForBesideAt", G + "faults:\n  - {at: 1s, for: 2s, pause: {node: master}}\n",
             "s.yaml:6:19: faults[0].for: 'for' belongs inside the fault's own map, e.g. `pause: {node: follower-1, for: 5s}`"},
        Case{"GroupsBesideAt", G + "faults:\n  - {at: 1s, groups: [[master], [follower-1]], drop: {}}\n",
             "s.yaml:6:22: faults[0].groups: 'groups' belongs inside the fault's own map, e.g. `partition: {groups: ...}`"},
        Case{"DelayWithoutExtra", G + "faults:\n  - {at: 1s, delay: {from: master}}\n", "s.yaml:6:21: faults[0].delay: missing key 'extra'"},
        Case{"ZeroCount", G + "faults:\n  - {at: 1s, drop: {count: 0}}\n", "s.yaml:6:28: faults[0].drop.count: 0 is out of range [1, 9223372036854775807]"},
        Case{"ZeroFor", G + "faults:\n  - {at: 1s, drop: {for: 0s}}\n", "s.yaml:6:26: faults[0].drop.for: must be longer than zero, got 0s"},
        Case{"DuplicateWithoutExtra", G + "faults:\n  - {at: 1s, duplicate: {from: master}}\n",
             "s.yaml:6:25: faults[0].duplicate: missing key 'extra'"},
        Case{"PauseBadClock", G + "faults:\n  - {at: 1s, pause: {node: master, clock: frozen}}\n",
             "s.yaml:6:43: faults[0].pause.clock: 'frozen' is not one of runs, stops"},
        Case{"RestartBadSessions", G + "faults:\n  - {at: 1s, restart: {node: master, sessions: recalc}}\n",
             "s.yaml:6:48: faults[0].restart.sessions: 'recalc' is not one of recompute, continue, forget"},
        Case{"ClockJumpWithoutUnit", G + "faults:\n  - {at: 1s, clock: {node: master, jump: -2}}\n",
             "s.yaml:6:42: faults[0].clock.jump: '-2' has no unit; write it as -2s or -2ms (units: ns, us, ms, s, m, h)"},
        Case{"ClockFaultFor", G + "faults:\n  - {at: 1s, clock: {node: master, jump: 1s, for: 2s}}\n",
             "s.yaml:6:46: faults[0].clock.for: unknown key 'for'; expected one of node, drift_ppm, jump"},
        Case{"DisconnectBothForms", G + "faults:\n  - {at: 1s, disconnect: {between: [master, follower-1], from: master}}\n",
             "s.yaml:6:36: faults[0].disconnect.between: give either `between: [a, b]` (both ways) or `from` and `to` (one way), not both"},
        Case{"PartitionUnknownNode", G + "faults:\n  - {at: 1s, partition: {groups: [[master], [follower-2]]}}\n",
             "s.yaml:6:46: faults[0].partition.groups[1][0]: unknown node 'follower-2' (did you mean 'follower-1'?); nodes: master, follower-1"},
        Case{"DisconnectNeedsEnds", G + "faults:\n  - {at: 1s, disconnect: {for: 1s}}\n",
             "s.yaml:6:26: faults[0].disconnect: needs `between: [a, b]` to cut both ways, or `from` and `to` to cut one way"},
        Case{"DisconnectSelf", G + "faults:\n  - {at: 1s, disconnect: {between: [master, master]}}\n",
             "s.yaml:6:45: faults[0].disconnect.between[1]: a node cannot be disconnected from itself"},
        Case{"SessionsForAFollower", G + "faults:\n  - {at: 1s, restart: {node: follower-1, sessions: forget}}\n",
             "s.yaml:6:52: faults[0].restart.sessions: only the master keeps sessions; 'sessions' does not apply to follower-1"},
        Case{"ClockFaultWithNothing", G + "faults:\n  - {at: 1s, clock: {node: master}}\n",
             "s.yaml:6:21: faults[0].clock: needs `drift_ppm` (a new rate) or `jump` (a step), or both"},
        Case{"PartitionOneGroup", G + "faults:\n  - {at: 1s, partition: {groups: [[master, follower-1]]}}\n",
             "s.yaml:6:34: faults[0].partition.groups: a partition needs at least two groups"},
        Case{"PartitionNodeTwice", G + "faults:\n  - {at: 1s, partition: {groups: [[master], [master]]}}\n",
             "s.yaml:6:46: faults[0].partition.groups[1][0]: 'master' is in two groups"},
        Case{"RangeOutsideExplore", G + "faults:\n  - {at: [1s, 2s], drop: {}}\n",
             "s.yaml:6:10: faults[0].at: expected a duration such as 250us, 1.5ms or 12s, got a list"},
        Case{"ExploreRangeBackwards", G + "explore:\n  faults:\n    - {at: [5s, 1s], drop: {}}\n",
             "s.yaml:7:12: explore.faults[0].at: lo must not exceed hi"},
        Case{"ExploreRangeOutsideTheRun", G + "explore:\n  faults:\n    - {at: [1s, 50s], drop: {}}\n",
             "s.yaml:7:17: explore.faults[0].at[1]: 50s is outside the run, which lasts 40s (instants 0s up to, not including, 40s)"},
        Case{"ExploreRangeOfThree", G + "explore:\n  faults:\n    - {at: 1s, delay: {extra: [1s, 2s, 3s]}}\n",
             "s.yaml:7:31: explore.faults[0].delay.extra: a range is [lo, hi], got 3 values"},
        Case{"ExploreMaxBelowMin", G + "explore:\n  faults:\n    - {at: 1s, min: 3, max: 2, drop: {}}\n",
             "s.yaml:7:29: explore.faults[0].max: max must not be below min (3)"},
        Case{"MinOutsideExplore", G + "faults:\n  - {at: 1s, min: 1, drop: {}}\n",
             "s.yaml:6:14: faults[0].min: unknown key 'min'; expected one of at, delay, drop, duplicate, disconnect, partition, stall_timers, pause, restart, clock, for, count, from, to, message, extra, between, groups, node, drift_ppm, jump"},
        Case{"ExpectBadVerdict", G + "expect: {lease_safety: broken}\n",
             "s.yaml:5:24: expect.lease_safety: 'broken' is not one of holds, violated"},
        Case{"ExpectWindowsWhileHolding", G + "expect:\n  lease_safety: holds\n  windows: [{node: follower-1, start: 1s, end: 2s}]\n",
             "s.yaml:7:13: expect.windows[0]: a lease_safety window, but lease_safety is expected to hold"},
        Case{"ExpectWindowBackwards", G + "expect:\n  windows: [{node: follower-1, start: 2s, end: 1s}]\n",
             "s.yaml:6:48: expect.windows[0].end: a window ends after it starts"},
        Case{"ExpectUnknownEvent", G + "expect:\n  events: [{event: lease_expird, count: 0}]\n",
             "s.yaml:6:20: expect.events[0].event: 'lease_expird' is not one of message_sent, message_delivered, message_dropped, message_lost, message_deferred, timer_fired, timer_deferred, lease_granted, lease_believed, lease_expired, expiry_learned, lease_dropped, lock_held, lock_released, connection_lost, fault_start, fault_end, clock_changed, node_crashed, node_started, state, violation_start, violation_end, write_accepted, write_rejected (did you mean 'lease_expired'?)"},
        Case{"ExpectEventWithoutWhen", G + "expect:\n  events: [{event: lease_expired}]\n",
             "s.yaml:6:12: expect.events[0]: say when (`at`) or how often (`count`) the event happens"}),
    [](const ::testing::TestParamInfo<Case>& p) { return std::string(p.param.name); });

TEST(LoaderErrors, UnreadableFileSaysSo) {
  try {
    load_scenario_file("/nonexistent/x.yaml");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/x.yaml: cannot open the file: No such file or directory");
  }
}

}  // namespace
}  // namespace leasesim::harness
