// The ZooKeeper clients as timelines: the C library's walk through its server list
// (ZOOKEEPER-2466 and the fixed cursor), its first retry after losing a connection (measured vs
// source), a crashed server's refusal, per-client settings, the observer, Curator's LOST.
#include <gtest/gtest.h>

#include "tests/support/story.h"

namespace leasesim {
namespace {

using sim::EventKind;
using testing::story;
using Lines = std::vector<std::string>;

// "t->server" for every `kind` message `node` sends.
class Sends final : public sim::TraceSink {
 public:
  Sends(const sim::Trace& t, std::string node, std::string kind) : trace_(t), node_(std::move(node)), kind_(std::move(kind)) {}
  void on_event(const sim::TraceEvent& e) override {
    if (e.kind != EventKind::message_sent || trace_.node_name(e.node) != node_ || trace_.text(e.symbol) != kind_) return;
    lines.push_back(sim::format_seconds(e.t.ns) + "->" + std::string(trace_.node_name(e.peer)));
  }
  Lines lines;

 private:
  const sim::Trace& trace_;
  std::string node_, kind_;
};

Lines sends(const std::string& yaml, const std::string& node, const std::string& kind) {
  harness::World w(harness::load_scenario_text(yaml, "test.yaml"));
  Sends s(w.trace(), node, kind);
  w.add_sink(&s);
  w.run();
  return s.lines;
}

Lines of_node(const Lines& lines, const std::string& node) {
  Lines out;
  for (const std::string& l : lines) {
    if (l.find(" " + node + " ") != std::string::npos) out.push_back(l);
  }
  return out;
}

const std::string kThreeServers =
    "servers: [zk1, zk2, zk3]\nclients: [c1]\nfaults:\n  - {at: 0s, drop: {from: c1}}\n";

TEST(ZooKeeperClientC, Zookeeper2466WalksANewHandlesListInOrderThenSkipsAServer) {
  // Nothing c1 sends arrives: each attempt fails after 2/3 of T = 4 s. A new handle tries its
  // servers in order, once each (zookeeper.c's reconfig mode); after that the cursor advances
  // twice per failure (handle_error, then zoo_cycle_next_server): zk1, zk3, a pause of
  // recv_timeout/60 = 100 ms after the end of the list, zk2. Measured with libzookeeper-mt
  // 3.8.0: 0, 1, 2, 0, 2, pause, 1.
  const Lines got = sends("duration: 21s\nprotocol: {kind: zookeeper}\n" + kThreeServers, "c1", "ConnectRequest");
  EXPECT_EQ(got, (Lines{"0.000s->zk1", "4.000s->zk2", "8.000s->zk3", "12.000s->zk1", "16.000s->zk3", "20.100s->zk2"}));
}

TEST(ZooKeeperClientC, TheFixedCursorTriesEachServerInTurn) {
  const Lines got = sends("duration: 26s\nprotocol: {kind: zookeeper, c_cursor: fixed}\n" + kThreeServers, "c1", "ConnectRequest");
  EXPECT_EQ(got, (Lines{"0.000s->zk1", "4.000s->zk2", "8.000s->zk3", "12.000s->zk1", "16.000s->zk2", "20.000s->zk3",
                        "24.100s->zk1"}));
}

TEST(ZooKeeperClientC, RetriesAtOnceAfterAFirstLossAndAfterALaterOneByDefaultOrAfterAPauseAsTheSourceReads) {
  // Connected at 4 ms; the reply to the ping of 2 s is held 5 s, so the connection is given up
  // at 4.004 s (2/3 of T after the ConnectResponse): the first attempt follows at once in both
  // readings (measured, F4: the handle's walk left its cursor short of the end). Its
  // ConnectResponse queues behind the held reply (7.002 s); the reply to the ping of 9.002 s is
  // held too and the connection is lost again at 11.004 s. Now the one-server list's cursor
  // stands at its end: zookeeper.c, as written, waits recv_timeout/60 first.
  const std::string faults =
      "servers: [zk1]\nclients: [c1]\nfaults:\n  - {at: 1s, delay: {from: zk1, to: c1, extra: 5s, count: 1}}\n"
      "  - {at: 8s, delay: {from: zk1, to: c1, extra: 5s, count: 1}}\n";
  EXPECT_EQ(sends("duration: 12s\nprotocol: {kind: zookeeper}\n" + faults, "c1", "ConnectRequest"),
            (Lines{"0.000s->zk1", "4.004s->zk1", "11.004s->zk1"}));
  EXPECT_EQ(sends("duration: 12s\nprotocol: {kind: zookeeper, c_first_retry: as_source}\n" + faults, "c1", "ConnectRequest"),
            (Lines{"0.000s->zk1", "4.004s->zk1", "11.104s->zk1"}));
}

TEST(ZooKeeperClient, ACrashedServerRefusesAtOnceAndTheClientMovesOn) {
  // zk1 (a follower) is down from 0.5 s; c1 starts at 1 s (paused until then). Its
  // ConnectRequest reaches a closed port at 1.001 s and the RST is back at 1.002 s; the fixed
  // cursor moves on to zk2 at once, which forwards the session to the leader zk3: created when
  // zk2's acknowledgement makes a quorum (2 ms of log sync and the round trips), CONNECTED at
  // 1.010 s.
  const std::string yaml =
      "duration: 2s\nprotocol: {kind: zookeeper, c_cursor: fixed}\nservers: [zk1, zk2, zk3]\nclients: [c1]\n"
      "faults:\n  - {at: 500ms, restart: {node: zk1}}\n  - {at: 0s, pause: {node: c1, for: 1s}}\n";
  EXPECT_EQ(sends(yaml, "c1", "ConnectRequest"), (Lines{"1.000s->zk1", "1.002s->zk2"}));
  const Lines s = story(yaml, {EventKind::connection_lost, EventKind::lease_believed});
  EXPECT_EQ(of_node(s, "c1"), (Lines{"1.002s c1 connection_lost", "1.010s c1 lease_believed e3000001 until 9223372036.854775807s"}));
}

TEST(ZooKeeperServer, ProcessingTimeDelaysEveryRequestInArrivalOrder) {
  // 5 ms between a request's arrival and the server acting on it: the ConnectRequest of 1 ms is
  // read at 6 ms, its session commits at 8 ms, CONNECTED at 9 ms; the ping of 2 s is answered
  // at 2.006 s (reply at the client 2.007 s).
  const std::string yaml = "duration: 3s\nprotocol: {kind: zookeeper, processing_time: 5ms}\nservers: [zk1]\nclients: [c1]\n";
  EXPECT_EQ(sends(yaml, "zk1", "ConnectResponse"), (Lines{"0.008s->c1"}));
  EXPECT_EQ(sends(yaml, "zk1", "PingReply"), (Lines{"2.006s->c1"}));
}

TEST(ZooKeeperClient, EachClientNegotiatesItsOwnTimeoutWithItsOwnLibrary) {
  // Idleness counts from the ConnectRequest at 0. c1 (C, 4 s) pings after T/3 = 1.333 s of
  // send-idleness; c2 (Java, 6 s) at readTimeout/2 - idleSend = 2 s, the same instant as c3,
  // which takes the protocol-wide C client and 6 s (T/3 = 2 s). Their negotiated timeouts
  // show in the buckets of their sessions' creation (1 ms + 4 s, + 6 s).
  const std::string yaml =
      "duration: 2.5s\nprotocol: {kind: zookeeper, per_client: {c1: {session_timeout: 4s}, c2: {client: java}}}\n"
      "servers: [zk1]\nclients: [c1, c2, c3]\n";
  EXPECT_EQ(sends(yaml, "c1", "Ping"), (Lines{"1.333s->zk1"}));
  EXPECT_EQ(sends(yaml, "c2", "Ping"), (Lines{"2.000s->zk1"}));
  EXPECT_EQ(sends(yaml, "c3", "Ping"), (Lines{"2.000s->zk1"}));
  EXPECT_EQ(story(yaml, {EventKind::lease_granted}),
            (Lines{"0.003s zk1 lease_granted c1 e1000001 until 6.000s", "0.003s zk1 lease_granted c2 e1000002 until 8.000s",
                   "0.003s zk1 lease_granted c3 e1000003 until 8.000s", "2.001s zk1 lease_granted c2 e1000002 until 10.000s",
                   "2.001s zk1 lease_granted c3 e1000003 until 10.000s"}));
}

TEST(ZooKeeperObserver, SeesTheLocksDeletionWhenTheHoldersCloseCommitsAndNeverTakesIt) {
  // c1 holds /lock and is cut off from 1 s: its session (touched at 1 ms, bucket 8 s) is marked
  // closing at 8 s and the close commits at 8.002 s; the observer's watch fires then and
  // NodeDeleted reaches it at 8.003 s (F6 measured 1-6 ms after the expiry).
  const std::string yaml =
      "duration: 10s\nprotocol: {kind: zookeeper, lock: /lock, per_client: {obs: {observer: true}}}\n"
      "servers: [zk1]\nclients: [c1, obs]\nfaults:\n  - {at: 1s, partition: {groups: [[zk1, obs], [c1]]}}\n";
  const Lines s = story(yaml, {EventKind::lock_held, EventKind::state});
  std::vector<std::string> seen;
  for (const std::string& l : s) {
    if (l.find("NodeDeleted") != std::string::npos || l.find("lock_held") != std::string::npos) seen.push_back(l);
  }
  EXPECT_EQ(seen, (Lines{"0.008s c1 lock_held /lock e1000001", "8.003s obs state NodeDeleted /lock"}));
}

TEST(ZooKeeperCurator, LostReplacesTheHandleOfASuspendedClientWithoutALock) {
  // Java with Curator, no lock, cut off from 1 s: the last reply came at 4 ms, so SUSPENDED
  // at 4.004 s (readTimeout 4 s) and LOST a negotiated timeout later, 10.004 s: the handle is
  // closed and a new session asked for. Without Curator the handle keeps its session.
  const std::string base = "servers: [zk1]\nclients: [c1]\nfaults:\n  - {at: 1s, partition: {groups: [[zk1], [c1]]}}\n";
  const Lines curator = story("duration: 12s\nprotocol: {kind: zookeeper, client: java, curator: true}\n" + base,
                              {EventKind::lease_dropped, EventKind::timer_fired, EventKind::state});
  Lines lost;
  for (const std::string& l : curator) {
    if (l.rfind("4.004s c1", 0) == 0 || l.rfind("10.004s c1", 0) == 0) lost.push_back(l);
  }
  EXPECT_EQ(lost, (Lines{"4.004s c1 timer_fired", "4.004s c1 lease_dropped e1000001", "4.004s c1 state CONNECTING",
                         "10.004s c1 timer_fired",
                         "10.004s c1 state CLOSED", "10.004s c1 state CONNECTING"}));
  const Lines plain = story("duration: 12s\nprotocol: {kind: zookeeper, client: java}\n" + base, {EventKind::state});
  for (const std::string& l : plain) EXPECT_EQ(l.find("CLOSED"), std::string::npos) << l;
}

}  // namespace
}  // namespace leasesim
