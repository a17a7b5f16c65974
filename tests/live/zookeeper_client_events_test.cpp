// What the real processes showed, made into the model's trace events: exact lines for a
// session's life (connect, lock, a pause, the server's expiry, the client's EXPIRED), with the
// grants the server's buckets imply, and none for a frame that reached an expired session.
#include <gtest/gtest.h>

#include <string>

#include "live/zookeeper/client_events.h"

namespace leasesim::live::zookeeper {
namespace {

constexpr sim::NodeId kServer = 0, kC1 = 1;
constexpr int64_t kT0 = 5'000'000'000;  // the clients' stamps are CLOCK_MONOTONIC ns

sim::Instant ms(double v) { return sim::Instant{static_cast<int64_t>(v * 1e6)}; }
std::string line(double t_ms, const std::string& rest) {
  return "{\"t_ns\": " + std::to_string(kT0 + static_cast<int64_t>(t_ms * 1e6)) + ", \"client\": \"c1\", " + rest + "}";
}

TEST(ZooKeeperClientEvents, ASessionsLifeInTheModelsEvents) {
  Timeline timeline({"zk1", "c1"});
  leasesim::zookeeper::ZooKeeperParams p;
  p.lock = "/lock";
  ClientEvents events(timeline, p, {kServer});
  FrameInfo request{"ConnectRequest", 0, 6000, false};
  FrameInfo response{"ConnectResponse", 0x1000abc0001, 6000, false};
  FrameInfo create{"Create", 0, -1, false};
  FrameInfo ping{"Ping", 0, -1, true};
  events.on_frame(kC1, kServer, 7, request, ms(1.5));
  events.on_frame(kServer, kC1, 7, response, ms(9));
  events.on_line(kC1, line(10, "\"event\": \"state\", \"state\": \"CONNECTED\", \"session\": \"0x1000abc0001\", \"timeout_ms\": 6000"), kT0);
  events.on_frame(kC1, kServer, 7, create, ms(11));
  events.on_line(kC1, line(14, "\"event\": \"lock_held\", \"path\": \"/lock\", \"rc\": 0"), kT0);
  events.on_frame(kC1, kServer, 7, ping, ms(4005));
  events.on_expiry(kServer, ms(12000.1), 0x1000abc0001);
  events.on_frame(kC1, kServer, 7, ping, ms(15001));  // after the expiry: the server touched nothing
  events.on_line(kC1, line(15000.4, "\"event\": \"state\", \"state\": \"CONNECTING\", \"session\": \"0x1000abc0001\", \"timeout_ms\": 6000"), kT0);
  events.on_line(kC1, line(15006, "\"event\": \"state\", \"state\": \"EXPIRED\", \"session\": \"0x1000abc0001\", \"timeout_ms\": 6000"), kT0);
  events.on_expiry(kServer, ms(13000), 0x999);  // a session of no client of the run
  events.on_line(kC1, "not json", kT0);
  events.finish();
  EXPECT_EQ(events.bad_lines(), 1u);
  EXPECT_EQ(timeline.text(sim::Instant::never()),
            "{\"t_ms\": 1.5, \"node\": \"zk1\", \"event\": \"lease_granted\", \"holder\": \"c1\", \"epoch\": 1000001, \"until_ms\": 8000, \"until_local_ms\": 8000}\n"
            "{\"t_ms\": 10, \"node\": \"c1\", \"event\": \"state\", \"peer\": \"zk1\", \"state\": \"CONNECTED\"}\n"
            "{\"t_ms\": 10, \"node\": \"c1\", \"event\": \"lease_believed\", \"epoch\": 1000001, \"until_ms\": null, \"until_local_ms\": null}\n"
            "{\"t_ms\": 11, \"node\": \"zk1\", \"event\": \"lease_granted\", \"holder\": \"c1\", \"epoch\": 1000001, \"until_ms\": 8000, \"until_local_ms\": 8000}\n"
            "{\"t_ms\": 14, \"node\": \"c1\", \"event\": \"lock_held\", \"lock\": \"/lock\", \"session\": 1000001}\n"
            "{\"t_ms\": 4005, \"node\": \"zk1\", \"event\": \"lease_granted\", \"holder\": \"c1\", \"epoch\": 1000001, \"until_ms\": 12000, \"until_local_ms\": 12000}\n"
            "{\"t_ms\": 12000.1, \"node\": \"zk1\", \"event\": \"lease_expired\", \"holder\": \"c1\", \"epoch\": 1000001}\n"
            "{\"t_ms\": 15000.4, \"node\": \"c1\", \"event\": \"lease_dropped\", \"epoch\": 1000001}\n"
            "{\"t_ms\": 15000.4, \"node\": \"c1\", \"event\": \"lock_released\", \"lock\": \"/lock\", \"session\": 1000001}\n"
            "{\"t_ms\": 15000.4, \"node\": \"c1\", \"event\": \"state\", \"state\": \"CONNECTING\"}\n"
            "{\"t_ms\": 15006, \"node\": \"c1\", \"event\": \"state\", \"peer\": \"zk1\", \"state\": \"EXPIRED\"}\n"
            "{\"t_ms\": 15006, \"node\": \"c1\", \"event\": \"expiry_learned\", \"epoch\": 1000001}\n");
}

TEST(ZooKeeperClientEvents, AnExpiredSessionsRefusedReconnectGrantsNothingAndSessionsAreNumberedInOrder) {
  Timeline timeline({"zk1", "c1", "c2"});
  leasesim::zookeeper::ZooKeeperParams p;
  ClientEvents events(timeline, p, {kServer});
  events.on_frame(2, kServer, 1, {"ConnectRequest", 0, 6000, false}, ms(1));
  events.on_frame(kServer, 2, 1, {"ConnectResponse", 0x2, 6000, false}, ms(2));
  events.on_frame(1, kServer, 2, {"ConnectRequest", 0, 6000, false}, ms(3));
  events.on_frame(kServer, 1, 2, {"ConnectResponse", 0x1, 6000, false}, ms(4));
  events.on_frame(1, kServer, 3, {"ConnectRequest", 0x1, 6000, false}, ms(9000));
  events.on_frame(kServer, 1, 3, {"ConnectResponse", 0, 0, false}, ms(9001));  // timeout 0: expired
  events.finish();
  const std::string t = timeline.text(sim::Instant::never());
  EXPECT_NE(t.find("\"node\": \"zk1\", \"event\": \"lease_granted\", \"holder\": \"c2\", \"epoch\": 1000001"), std::string::npos) << t;
  EXPECT_NE(t.find("\"node\": \"zk1\", \"event\": \"lease_granted\", \"holder\": \"c1\", \"epoch\": 1000002"), std::string::npos) << t;
  EXPECT_EQ(t.find("\"t_ms\": 9000"), std::string::npos) << t;
}

}  // namespace
}  // namespace leasesim::live::zookeeper

namespace leasesim::live::zookeeper {
namespace {

TEST(ZooKeeperClientEvents, AnExpiryTheSessionOutlivedIsNoExpiry) {
  // An isolated ensemble leader logs "Expiring session" for a client of the majority's side;
  // the close never commits, and the client re-attaches to its session through the new leader.
  Timeline timeline({"zk1", "zk3", "c2"});
  leasesim::zookeeper::ZooKeeperParams p;
  ClientEvents events(timeline, p, {0, 1});
  events.on_frame(2, 0, 1, {"ConnectRequest", 0, 6000, false}, ms(2));
  events.on_frame(0, 2, 1, {"ConnectResponse", 0x1000a, 6000, false}, ms(3));
  events.on_expiry(1, ms(12001), 0x1000a);  // zk3, without a quorum
  events.on_frame(2, 0, 2, {"ConnectRequest", 0x1000a, 6000, false}, ms(14500));
  events.on_frame(0, 2, 2, {"ConnectResponse", 0x1000a, 6000, false}, ms(14510));  // still valid
  events.on_expiry(0, ms(30001), 0x1000a);  // later, a real expiry
  events.finish();
  const std::string t = timeline.text(sim::Instant::never());
  EXPECT_EQ(t.find("\"t_ms\": 12001"), std::string::npos) << t;
  EXPECT_NE(t.find("{\"t_ms\": 30001, \"node\": \"zk1\", \"event\": \"lease_expired\", \"holder\": \"c2\", \"epoch\": 1000001}"), std::string::npos) << t;
  EXPECT_NE(t.find("\"t_ms\": 14500, \"node\": \"zk1\", \"event\": \"lease_granted\""), std::string::npos) << t;
}

}  // namespace
}  // namespace leasesim::live::zookeeper
