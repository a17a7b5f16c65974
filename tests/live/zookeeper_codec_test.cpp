// The fault proxy's view of ZooKeeper's wire protocol: frames reassembled from any split of the
// byte stream, and each named as the model names its messages, replies by their request's xid.
#include <gtest/gtest.h>

#include <string>

#include "live/zookeeper/codec.h"
#include "tests/live/zookeeper_frames.h"

namespace leasesim::live::zookeeper {
namespace {

using namespace frames;

TEST(ZooKeeperFrames, ReassembledWhateverTheSplitOfTheStream) {
  const std::string stream = connect_request(6000, 0) + ping() + request(7, 1, "/lock");
  for (size_t step = 1; step <= stream.size(); ++step) {
    FrameSplitter split;
    std::vector<std::string> got;
    for (size_t at = 0; at < stream.size(); at += step) {
      split.feed(stream.data() + at, std::min(step, stream.size() - at));
      while (auto f = split.next()) got.push_back(*f);
    }
    ASSERT_EQ(got.size(), 3u) << "step " << step;
    EXPECT_EQ(got[0] + got[1] + got[2], stream);
    EXPECT_FALSE(split.broken());
  }
}

TEST(ZooKeeperFrames, ALengthBeyondAnyZooKeeperFrameMarksTheStreamBroken) {
  FrameSplitter split;
  const std::string bogus = "GET / HTTP/1.1\r\n";  // 'GET ' read as a length: 1.2 GB
  split.feed(bogus.data(), bogus.size());
  EXPECT_FALSE(split.next().has_value());
  EXPECT_TRUE(split.broken());
  EXPECT_EQ(split.take_rest(), bogus);
}

TEST(ZooKeeperFrames, HandshakeThenRequestsAndRepliesNamedAsTheModelNamesThem) {
  ConnectionCodec c;
  const FrameInfo req = c.from_client(connect_request(6000, 0));
  EXPECT_EQ(req.kind, "ConnectRequest");
  EXPECT_EQ(req.timeout_ms, 6000);
  EXPECT_EQ(req.session, 0);
  const FrameInfo resp = c.from_server(connect_response(4000, 0x1000abcdef00001LL));
  EXPECT_EQ(resp.kind, "ConnectResponse");
  EXPECT_EQ(resp.timeout_ms, 4000);
  EXPECT_EQ(resp.session, 0x1000abcdef00001LL);

  EXPECT_EQ(c.from_client(request(1, 1, "/lock")).kind, "Create");
  EXPECT_EQ(c.from_client(request(2, 3, "/lock")).kind, "Exists");
  const FrameInfo p = c.from_client(ping());
  EXPECT_EQ(p.kind, "Ping");
  EXPECT_TRUE(p.ping);
  EXPECT_EQ(c.from_client(request(3, -11, "")).kind, "CloseSession");
  // Replies come in any order of kinds; each is named by its xid's request.
  EXPECT_EQ(c.from_server(reply(2)).kind, "ExistsReply");
  const FrameInfo pr = c.from_server(reply(-2));
  EXPECT_EQ(pr.kind, "PingReply");
  EXPECT_TRUE(pr.ping);
  EXPECT_EQ(c.from_server(reply(1)).kind, "CreateReply");
  EXPECT_EQ(c.from_server(reply(-1)).kind, "WatchEvent");
  EXPECT_EQ(c.from_server(reply(3)).kind, "CloseSessionReply");
  EXPECT_EQ(c.from_server(reply(99)).kind, "Reply");  // no request had that xid
}

TEST(ZooKeeperFrames, AnExpiredSessionsConnectResponseHasTimeoutZero) {
  ConnectionCodec c;
  c.from_client(connect_request(6000, 0x1000abcdef00001LL));
  const FrameInfo resp = c.from_server(connect_response(0, 0));
  EXPECT_EQ(resp.kind, "ConnectResponse");
  EXPECT_EQ(resp.timeout_ms, 0);
}

}  // namespace
}  // namespace leasesim::live::zookeeper
