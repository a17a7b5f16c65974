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

Lines only(const Lines& lines, const std::string& needle) {
  Lines out;
  for (const std::string& l : lines) {
    if (l.find(needle) != std::string::npos) out.push_back(l);
  }
  return out;
}

TEST(ZooKeeperServer, NegotiatesTheTimeoutIntoTwoToTwentyTicks) {
  // 1 s is below 2 ticks (4 s): the session gets 4 s, so the touch at 1 ms files it in
  // ((1 + 4000) / 2000 + 1) * 2000 = 6000.
  const Lines low = story(zk(", session_timeout: 1s", "", "1s"), {EventKind::lease_granted});
  EXPECT_EQ(low, (Lines{"0.001s zk1 lease_granted c1 e1000001 until 6.000s"}));
  // 100 s is above 20 ticks (40 s): ((1 + 40000) / 2000 + 1) * 2000 = 42000.
  const Lines high = story(zk(", session_timeout: 100s", "", "1s"), {EventKind::lease_granted});
  EXPECT_EQ(high, (Lines{"0.001s zk1 lease_granted c1 e1000001 until 42.000s"}));
  // A configured maximum of 9 s: ((1 + 9000) / 2000 + 1) * 2000 = 10000.
  const Lines bounded = story(zk(", session_timeout: 100s, max_session_timeout: 9s", "", "1s"), {EventKind::lease_granted});
  EXPECT_EQ(bounded, (Lines{"0.001s zk1 lease_granted c1 e1000001 until 10.000s"}));
}

TEST(ZooKeeperServer, BucketsFollowTheServersOwnClock) {
  // The server's clock reads 1.998 s ahead: the touch at virtual 1 ms is at 1999 on its clock,
  // bucket 8000 there, which is virtual 6.002 s: the session lives 6.001 s, just over T.
  const Lines s = story(zk("", "") + "clocks: {zk1: {offset: 1998ms}}\n", {EventKind::lease_granted});
  EXPECT_EQ(s.front(), "0.001s zk1 lease_granted c1 e1000001 until 6.002s");
}

TEST(ZooKeeperClientC, PingsAfterAThirdOfTheTimeoutOfSendIdleness) {
  const Lines s = story(zk("", "", "7s"), {EventKind::message_sent});
  EXPECT_EQ(only(s, "c1 message_sent"), (Lines{"0.000s c1 message_sent", "2.000s c1 message_sent", "4.000s c1 message_sent",
                                              "6.000s c1 message_sent"}));
}

TEST(ZooKeeperClientC, LosesTheConnectionAfterTwoThirdsOfReceiveIdlenessAndLearnsExpiryOnlyOnReconnect) {
  // Cut both ways silently (a partition) from 1 s to 15 s. The client last heard at 2 ms: it
  // gives up the connection at 4.002 s, and tries again after recv_timeout/60 = 100 ms, then
  // every 4.1 s (4.102 s, 8.202 s, ...; each attempt waits 2/3 of the timeout). The server
  // expires the session at 8 s (touch at 1 ms, bucket 8000). After the heal the next attempt
  // (16.402 s) is answered with timeout 0, which arrives at 16.404 s: EXPIRED, and the
  // application opens a new session.
  const Lines s = story(zk("", "  - {at: 1s, partition: {groups: [[zk1], [c1]], for: 14s}}\n"),
                        {EventKind::lease_dropped, EventKind::lease_expired, EventKind::expiry_learned, EventKind::state});
  EXPECT_EQ(only(s, "c1 "), (Lines{"0.000s c1 state CONNECTING", "0.002s c1 state CONNECTED", "4.002s c1 lease_dropped e1000001",
                                  "4.002s c1 state CONNECTING", "8.000s zk1 lease_expired c1 e1000001",
                                  "16.404s c1 state EXPIRED", "16.404s c1 expiry_learned e1000001",
                                  "16.404s c1 state CONNECTING", "16.406s c1 state CONNECTED"}));
}

TEST(ZooKeeperClientJava, PingsEarlierWhenWokenMidWayAndTimesOutConnectsAtTimeoutOverServers) {
  // Java: readTimeout 4000; a wakeup at idleSend > 1000 brings the next ping 1000 ms early.
  // The ping reply (2.002 s) wakes the loop with idleSend 2: next ping at 2 s after the send.
  const Lines s = story(zk(", client: java", "", "5s"), {EventKind::message_sent});
  EXPECT_EQ(only(s, "c1 message_sent"), (Lines{"0.000s c1 message_sent", "2.000s c1 message_sent", "4.000s c1 message_sent"}));
  // Three servers, all unreachable: each connect attempt waits T / 3 = 2 s.
  const Lines t = story(zk(", client: java", "  - {at: 0s, drop: {from: c1}}\n", "7s", "[zk1, zk2, zk3]"),
                        {EventKind::message_sent});
  const Lines attempts = only(t, "c1 message_sent");
  ASSERT_GE(attempts.size(), 3u);
  EXPECT_EQ(attempts[0], "0.000s c1 message_sent");
}

TEST(ZooKeeperServer, AClosingSessionAcceptsNoTouch) {
  // The server's clock stalls its expirer past the bucket; a ping arriving after the session
  // was marked closing gets no reply (MissingSessionException).
  const Lines s = story(zk("", "  - {at: 1s, pause: {node: zk1, for: 8s}}\n", "10s"),
                        {EventKind::lease_expired, EventKind::expiry_learned});
  EXPECT_EQ(s.front(), "9.000s zk1 lease_expired c1 e1000001");
}

}  // namespace
}  // namespace leasesim
