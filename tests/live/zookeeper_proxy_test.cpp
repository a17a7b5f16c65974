// The fault proxy on real loopback sockets, in this process: frames through it in order, the
// scenario's rules applied by message kind, a cut losing what crosses it. Assertions are on
// which frames arrive, in which order, and on what the timeline recorded (each frame's
// delivery instant is computed from its read instant), never on how long anything took: the
// waits are generous deadlines.
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <functional>
#include <sstream>
#include <string>

#include "live/zookeeper/codec.h"
#include "live/zookeeper/proxy.h"
#include "model/zookeeper/messages.h"
#include "tests/live/zookeeper_frames.h"

namespace leasesim::live::zookeeper {
namespace {

using asio::ip::tcp;
using namespace frames;
constexpr sim::NodeId kServer = 0, kClient = 1;

struct Rig {
  asio::io_context io;
  Timeline timeline{{"zk1", "c1"}};
  FaultProxy proxy{io, timeline, leasesim::zookeeper::message_names(), sim::Duration::millis(1), 2};
  tcp::acceptor server_listener{io, tcp::endpoint(asio::ip::address_v4::loopback(), 0)};
  tcp::socket server{io};
  tcp::socket client{io};
  FrameSplitter at_server;
  std::vector<std::string> server_got;
  std::array<char, 4096> buf{};

  Rig() {
    proxy.set_t0(std::chrono::steady_clock::now());
    const int port = proxy.add_link(kClient, kServer, server_listener.local_endpoint().port());
    server_listener.async_accept(server, [this](const boost::system::error_code& ec) {
      if (!ec) read_server();
    });
    client.connect(tcp::endpoint(asio::ip::address_v4::loopback(), static_cast<uint16_t>(port)));
  }
  void read_server() {
    server.async_read_some(asio::buffer(buf), [this](const boost::system::error_code& ec, size_t n) {
      if (ec) return;
      at_server.feed(buf.data(), n);
      while (auto f = at_server.next()) server_got.push_back(*f);
      read_server();
    });
  }
  void send(const std::string& bytes) { asio::write(client, asio::buffer(bytes)); }
  // Runs the proxy until the server has `n` frames, or 10 s pass (a deadline, not a measurement).
  void until_server_has(size_t n) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (server_got.size() < n && std::chrono::steady_clock::now() < give_up) io.run_one_for(std::chrono::milliseconds(10));
  }
  sim::NetworkRule rule(sim::RuleAction a, int kind, sim::Duration extra = {}) {
    sim::NetworkRule r;
    r.action = a;
    r.selector.kind = kind;
    r.extra = extra;
    return r;
  }
};

// The delivery instant the timeline recorded for the message sent with `id`.
std::string line_with(const std::string& text, const std::string& needle) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find(needle) != std::string::npos) return line;
  }
  return "";
}

TEST(ZooKeeperProxy, APingDropRuleDropsPingsOnlyAndADelayHoldsTheFramesBehindItInOrder) {
  Rig r;
  r.proxy.add_rule(r.rule(sim::RuleAction::drop, leasesim::zookeeper::kPing));
  r.proxy.add_rule(r.rule(sim::RuleAction::delay, leasesim::zookeeper::kCreate, sim::Duration::millis(300)));
  r.send(connect_request(6000, 0) + ping() + request(1, 1, "/lock") + ping() + request(2, 3, "/lock"));
  r.until_server_has(3);
  ASSERT_EQ(r.server_got.size(), 3u);
  EXPECT_EQ(r.server_got[0], connect_request(6000, 0));
  EXPECT_EQ(r.server_got[1], request(1, 1, "/lock"));
  EXPECT_EQ(r.server_got[2], request(2, 3, "/lock"));  // behind the held Create: a TCP stream is FIFO
  const std::string t = r.timeline.text(sim::Instant::never());
  EXPECT_NE(line_with(t, "\"message_dropped\", \"to\": \"zk1\", \"id\": 2, \"reason\": \"drop fault\""), "") << t;
  EXPECT_NE(line_with(t, "\"message_dropped\", \"to\": \"zk1\", \"id\": 4, \"reason\": \"drop fault\""), "") << t;
  EXPECT_EQ(line_with(t, "\"message_delivered\", \"from\": \"c1\", \"message\": \"Ping\""), "") << "a dropped ping is never delivered\n" << t;
  // The Exists was read with the Create but waits for it: its delivery is the Create's.
  const std::string create = line_with(t, "\"message\": \"Create\", \"id\": 3, \"deliver_ms\"");
  const std::string exists = line_with(t, "\"message\": \"Exists\", \"id\": 5, \"deliver_ms\"");
  ASSERT_NE(create, "") << t;
  ASSERT_NE(exists, "") << t;
  auto field = [](const std::string& line, const std::string& key) {
    const size_t at = line.find("\"" + key + "\": ") + key.size() + 4;
    return std::stod(line.substr(at));
  };
  EXPECT_NEAR(field(create, "deliver_ms") - field(create, "t_ms"), 301.0, 1e-6);  // 1 ms network + 300 ms rule
  EXPECT_GE(field(exists, "deliver_ms"), field(create, "deliver_ms"));
  EXPECT_EQ(r.proxy.frames(), 5u);
}

// The server closes (FIN) or resets an expired session's connection while its replies are held
// by a delay: the client hears of it after the replies, through the same delay, as the model's
// Close message; never at once.
void server_ends_behind_a_delay(bool reset) {
  Rig r;
  r.proxy.add_rule(r.rule(sim::RuleAction::delay, -1, sim::Duration::millis(200)));
  r.send(connect_request(6000, 0));
  r.until_server_has(1);
  asio::write(r.server, asio::buffer(connect_response(6000, 7)));
  // A reset discards what the proxy has not read yet: let it read the reply first.
  const auto read_by = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (r.proxy.frames() < 2 && std::chrono::steady_clock::now() < read_by) r.io.run_one_for(std::chrono::milliseconds(10));
  if (reset) r.server.set_option(asio::socket_base::linger(true, 0));
  r.server.close();
  std::string got;
  bool ended = false;
  std::array<char, 4096> buf{};
  std::function<void()> read = [&] {
    r.client.async_read_some(asio::buffer(buf), [&](const boost::system::error_code& ec, size_t n) {
      if (ec) {
        ended = true;
        return;
      }
      got.append(buf.data(), n);
      read();
    });
  };
  read();
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!ended && std::chrono::steady_clock::now() < give_up) r.io.run_one_for(std::chrono::milliseconds(10));
  EXPECT_TRUE(ended);
  EXPECT_EQ(got, connect_response(6000, 7)) << "the reply arrives before the connection's end";
  const std::string t = r.timeline.text(sim::Instant::never());
  const std::string close = line_with(t, "\"message\": \"Close\", \"id\": 3, \"deliver_ms\"");
  ASSERT_NE(close, "") << t;
  const double sent = std::stod(close.substr(close.find("\"t_ms\": ") + 8));
  const double deliver = std::stod(close.substr(close.find("\"deliver_ms\": ") + 14));
  EXPECT_NEAR(deliver - sent, 201.0, 1e-6) << close;  // 1 ms network + 200 ms rule
  EXPECT_NE(line_with(t, "\"message_delivered\", \"from\": \"zk1\", \"message\": \"Close\", \"id\": 3"), "") << t;
}

TEST(ZooKeeperProxy, AServersCloseTravelsBehindItsRepliesThroughTheLinksDelay) { server_ends_behind_a_delay(false); }
TEST(ZooKeeperProxy, AServersResetTravelsBehindItsRepliesThroughTheLinksDelay) { server_ends_behind_a_delay(true); }

TEST(ZooKeeperProxy, ACutLinkDropsWhatIsReadWhileItLastsAndHealsForTheNext) {
  Rig r;
  r.send(connect_request(6000, 0));
  r.until_server_has(1);
  r.proxy.cut(kClient, kServer);
  EXPECT_TRUE(r.proxy.is_cut(kClient, kServer));
  EXPECT_FALSE(r.proxy.is_cut(kServer, kClient));
  r.send(ping());
  // The ping is read and dropped; run until the proxy has read it.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (r.proxy.frames() < 2 && std::chrono::steady_clock::now() < give_up) r.io.run_one_for(std::chrono::milliseconds(10));
  r.proxy.heal(kClient, kServer);
  r.send(request(1, 3, "/lock"));
  r.until_server_has(2);
  ASSERT_EQ(r.server_got.size(), 2u);
  EXPECT_EQ(r.server_got[1], request(1, 3, "/lock"));
  const std::string t = r.timeline.text(sim::Instant::never());
  EXPECT_NE(line_with(t, "\"id\": 2, \"reason\": \"disconnected\""), "") << t;
  EXPECT_EQ(r.proxy.peers_of(kClient), std::vector<sim::NodeId>{kServer});
}

// The server closes while the link to the client is cut: its Close is lost and the client's
// connection stays open (a suspended laptop's). The client's next frame reaches a closed socket,
// whose RST ends the client's connection, as a reset Close through the link.
TEST(ZooKeeperProxy, AFrameToASideThatClosedUnheardIsAnsweredWithAReset) {
  Rig r;
  r.send(connect_request(6000, 0));
  r.until_server_has(1);
  r.proxy.cut(kServer, kClient);
  r.server.close();
  const auto read_by = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  const auto closes = [&] { return line_with(r.timeline.text(sim::Instant::never()), "\"reason\": \"disconnected\""); };
  while (closes().empty() && std::chrono::steady_clock::now() < read_by) r.io.run_one_for(std::chrono::milliseconds(10));
  ASSERT_NE(closes(), "") << "the server's Close is read and lost on the cut link";
  r.proxy.heal(kServer, kClient);
  r.send(ping());
  boost::system::error_code error;
  std::array<char, 64> buf{};
  r.client.async_read_some(asio::buffer(buf), [&](const boost::system::error_code& ec, size_t) { error = ec ? ec : asio::error::no_data; });
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!error && std::chrono::steady_clock::now() < give_up) r.io.run_one_for(std::chrono::milliseconds(10));
  EXPECT_EQ(error, asio::error::connection_reset);
  const std::string t = r.timeline.text(sim::Instant::never());
  EXPECT_NE(line_with(t, "\"message_delivered\", \"from\": \"c1\", \"message\": \"Ping\""), "") << t;
  EXPECT_NE(line_with(t, "\"message_delivered\", \"from\": \"zk1\", \"message\": \"Close\", \"id\": 4"), "") << t;
}

TEST(ZooKeeperProxy, APartitionSeparatingTheLinkDropsBothWays) {
  Rig r;
  const auto id = r.proxy.add_partition({{kServer}, {kClient}});
  EXPECT_TRUE(r.proxy.is_cut(kClient, kServer));
  EXPECT_TRUE(r.proxy.is_cut(kServer, kClient));
  r.proxy.remove_partition(id);
  EXPECT_FALSE(r.proxy.is_cut(kClient, kServer));
}

TEST(ZooKeeperProxy, AUsedUpCountedRuleIsReportedThroughDefer) {
  Rig r;
  std::vector<uint64_t> ended;
  std::vector<std::function<void()>> deferred;
  r.proxy.on_rule_exhausted([&](uint64_t owner) { ended.push_back(owner); });
  r.proxy.defer = [&](std::function<void()> fn) { deferred.push_back(std::move(fn)); };
  sim::NetworkRule once = r.rule(sim::RuleAction::delay, leasesim::zookeeper::kConnectRequest, sim::Duration::millis(5));
  once.remaining = 1;
  once.owner = 42;
  r.proxy.add_rule(once);
  r.send(connect_request(6000, 0));
  r.until_server_has(1);
  EXPECT_TRUE(ended.empty()) << "the fault ends inside the run's scheduler, not in the socket's handler";
  ASSERT_EQ(deferred.size(), 1u);
  deferred[0]();
  EXPECT_EQ(ended, std::vector<uint64_t>{42});
}

}  // namespace
}  // namespace leasesim::live::zookeeper
