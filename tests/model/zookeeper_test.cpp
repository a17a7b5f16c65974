// The ZooKeeper server and client as timelines: negotiation, expiry on the server's clock, the
// client libraries' timers, learning of expiry only on reconnect.
#include <gtest/gtest.h>

#include "tests/support/story.h"

namespace leasesim {
namespace {

using sim::EventKind;
using testing::story;
using Lines = std::vector<std::string>;

std::string zk(const std::string& protocol, const std::string& faults, const std::string& duration = "20s",
               const std::string& servers = "[zk1]", const std::string& clients = "[c1]") {
  return "duration: " + duration + "\nprotocol: {kind: zookeeper" + protocol + "}\nservers: " + servers +
         "\nclients: " + clients + "\nfaults:\n" + faults;
}

using testing::only;

TEST(ZooKeeperServer, NegotiatesTheTimeoutIntoTwoToTwentyTicks) {
  // 1 s is below 2 ticks (4 s): the session gets 4 s, so the touch at 1 ms files it in
  // ((1 + 4000) / 2000 + 1) * 2000 = 6000. The grant shows when the session's creation commits,
  // after the 2 ms log sync.
  const Lines low = story(zk(", session_timeout: 1s", "", "1s"), {EventKind::lease_granted});
  EXPECT_EQ(low, (Lines{"0.003s zk1 lease_granted c1 e1000001 until 6.000s"}));
  // 100 s is above 20 ticks (40 s): ((1 + 40000) / 2000 + 1) * 2000 = 42000.
  const Lines high = story(zk(", session_timeout: 100s", "", "1s"), {EventKind::lease_granted});
  EXPECT_EQ(high, (Lines{"0.003s zk1 lease_granted c1 e1000001 until 42.000s"}));
  // A configured maximum of 9 s: ((1 + 9000) / 2000 + 1) * 2000 = 10000.
  const Lines bounded = story(zk(", session_timeout: 100s, max_session_timeout: 9s", "", "1s"), {EventKind::lease_granted});
  EXPECT_EQ(bounded, (Lines{"0.003s zk1 lease_granted c1 e1000001 until 10.000s"}));
}

TEST(ZooKeeperServer, BucketsFollowTheServersOwnClock) {
  // The server's clock reads 1.998 s ahead: the touch at virtual 1 ms is at 1999 on its clock,
  // bucket 8000 there, which is virtual 6.002 s: the session lives 6.001 s, just over T.
  const Lines s = story(zk("", "") + "clocks: {zk1: {offset: 1998ms}}\n", {EventKind::lease_granted});
  EXPECT_EQ(s.front(), "0.003s zk1 lease_granted c1 e1000001 until 6.002s");
}

TEST(ZooKeeperClientC, PingsAfterAThirdOfTheTimeoutOfSendIdleness) {
  const Lines s = story(zk("", "", "7s"), {EventKind::message_sent});
  EXPECT_EQ(only(s, "c1 message_sent"), (Lines{"0.000s c1 message_sent", "2.000s c1 message_sent", "4.000s c1 message_sent",
                                              "6.000s c1 message_sent"}));
}

TEST(ZooKeeperClientC, LosesTheConnectionAfterTwoThirdsOfReceiveIdlenessAndLearnsExpiryOnlyOnReconnect) {
  // Cut both ways silently (a partition) from 1 s to 15 s. The session's creation commits at
  // 3 ms (the 2 ms log sync) and the client is CONNECTED at 4 ms: it gives up the connection at
  // 4.004 s, tries again at once (F4), and after that attempt fails (8.004 s) every 4.1 s
  // (recv_timeout/60 = 100 ms, then 2/3 of the timeout: 8.104 s, 12.204 s, 16.304 s). The
  // server expires the session at 8 s (touch at 1 ms, bucket 8000; the close commits at
  // 8.002 s). After the heal the attempt of 16.304 s is answered with timeout 0, which arrives
  // at 16.306 s: EXPIRED, and the application opens a new session (CONNECTED at 16.310 s).
  const Lines s = story(zk("", "  - {at: 1s, partition: {groups: [[zk1], [c1]], for: 14s}}\n"),
                        {EventKind::lease_dropped, EventKind::lease_expired, EventKind::expiry_learned, EventKind::state});
  EXPECT_EQ(only(s, "c1 "), (Lines{"0.000s c1 state CONNECTING", "0.004s c1 state CONNECTED", "4.004s c1 lease_dropped e1000001",
                                  "4.004s c1 state CONNECTING", "8.002s zk1 lease_expired c1 e1000001",
                                  "16.306s c1 state EXPIRED", "16.306s c1 expiry_learned e1000001",
                                  "16.306s c1 state CONNECTING", "16.310s c1 state CONNECTED"}));
}

TEST(ZooKeeperClientJava, PingsUpToASecondEarlyWhenWokenMidWay) {
  // The ConnectResponse (sent at 3 ms, when the session's creation commits) is delayed to arrive
  // at 1.500 s, waking the loop with 1500 ms of send-idleness.
  // Java: readTimeout / 2 - idleSend - 1000 = 2000 - 1500 - 1000 < 0: it pings at once.
  // C: recv_timeout / 3 - idle_send = 500 ms more: it pings at 2 s.
  const std::string late = "  - {at: 0s, delay: {from: zk1, message: ConnectResponse, extra: 1496ms}}\n";
  const Lines java = story(zk(", client: java", late, "2.5s"), {EventKind::message_sent});
  EXPECT_EQ(only(java, "c1 message_sent"), (Lines{"0.000s c1 message_sent", "1.500s c1 message_sent"}));
  const Lines c = story(zk(", client: c", late, "2.5s"), {EventKind::message_sent});
  EXPECT_EQ(only(c, "c1 message_sent"), (Lines{"0.000s c1 message_sent", "2.000s c1 message_sent"}));
}

TEST(ZooKeeperClientJava, TheTenSecondPingRuleActsOnlyWhenSomethingWakesTheLoop) {
  // T = 40 s: readTimeout / 2 = 13.333 s. The loop's sleep is not capped at 10 s
  // (ClientCnxn.SendThread.run), so an idle client pings every 13.333 s...
  const Lines idle = story(zk(", client: java, session_timeout: 40s", "", "30s"), {EventKind::message_sent});
  EXPECT_EQ(only(idle, "c1 message_sent"), (Lines{"0.000s c1 message_sent", "13.333s c1 message_sent", "26.666s c1 message_sent"}));
  // ... but a wakeup with more than MAX_SEND_PING_INTERVAL (10 s) of send-idleness pings at
  // once: here the ConnectResponse, delayed to 11 s (13333 - 11000 - 1000 would wait 1.333 s).
  const Lines woken = story(zk(", client: java, session_timeout: 40s",
                               "  - {at: 0s, delay: {from: zk1, message: ConnectResponse, extra: 10996ms}}\n", "12s"),
                            {EventKind::message_sent});
  EXPECT_EQ(only(woken, "c1 message_sent"), (Lines{"0.000s c1 message_sent", "11.000s c1 message_sent"}));
}

TEST(ZooKeeperClientJava, ReconnectsAfterTimeoutOverServersWithJitterAndSpinsAfterACycle) {
  // Three servers, none reachable. Each attempt waits connectTimeout = T / 3 = 2 s; the next
  // starts after a random 0-999 ms (ClientCnxn.startConnect), plus 1000 ms when the list has
  // cycled back to the first server (StaticHostProvider.next).
  const Lines t = story(zk(", client: java", "  - {at: 0s, drop: {from: c1}}\n", "20s", "[zk1, zk2, zk3]"),
                        {EventKind::message_sent});
  const Lines attempts = only(t, "c1 message_sent");
  ASSERT_GE(attempts.size(), 5u);
  std::vector<double> at;
  for (const std::string& a : attempts) at.push_back(std::stod(a));
  EXPECT_EQ(at[0], 0.0);
  for (size_t i = 1; i < at.size(); ++i) {
    const double gap = at[i] - at[i - 1];
    const double spin = i % 3 == 0 ? 1.0 : 0.0;  // attempts 3, 6, ... go back to zk1
    EXPECT_GE(gap, 2.0 + spin) << i;
    EXPECT_LT(gap, 3.0 + spin) << i;
  }
}

TEST(ZooKeeperServer, AClosingSessionAcceptsNoTouchAndExpiresWhenTheCloseCommits) {
  // zk1 is paused from 1 s to 9 s; the session's bucket is 8 s. On resuming, the expirer runs
  // first and marks the session closing (9 s). The client's reconnection, queued since 4.004 s,
  // is read next: a closing session cannot be revalidated, so it gets timeout 0 (9.001 s at the
  // client) although the close commits only after its 2 ms log sync (9.002 s). The application
  // opens a new session at once: CONNECTED at 9.005 s.
  const Lines s = story(zk("", "  - {at: 1s, pause: {node: zk1, for: 8s}}\n", "10s"),
                        {EventKind::lease_expired, EventKind::expiry_learned, EventKind::state});
  EXPECT_EQ(only(s, "9.0"), (Lines{"9.000s zk1 state session closing", "9.001s c1 state EXPIRED",
                                   "9.001s c1 expiry_learned e1000001", "9.001s c1 state CONNECTING",
                                   "9.002s zk1 lease_expired c1 e1000001", "9.005s c1 state CONNECTED"}));
}

}  // namespace
}  // namespace leasesim
