// Frames over real loopback sockets: every message arrives whole, at the node it is for, in the
// order it was carried on its link. Asserts what arrived, never how fast (the wait is capped
// only so that a broken wire fails instead of hanging).
#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "live/frame.h"
#include "live/socket_wire.h"

namespace leasesim::live {
namespace {

TEST(Frame, RoundTripsEveryFieldAndRefusesATruncatedBody) {
  sim::Message m{3, 7, 12, 99, {1, -2, INT64_MAX, INT64_MIN}, std::make_shared<std::vector<int64_t>>(std::vector<int64_t>{5, -6})};
  std::string bytes;
  encode_frame(m, true, bytes);
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const uint32_t length = frame_length(p);
  ASSERT_EQ(length + kFrameLengthBytes, bytes.size());
  const auto d = decode_frame(p + kFrameLengthBytes, length);
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->reset);
  EXPECT_EQ(d->msg.from, 3u);
  EXPECT_EQ(d->msg.to, 7u);
  EXPECT_EQ(d->msg.kind, 12u);
  EXPECT_EQ(d->msg.id, 99u);
  EXPECT_EQ(d->msg.body, m.body);
  ASSERT_TRUE(d->msg.attachment);
  EXPECT_EQ(*d->msg.attachment, *m.attachment);
  EXPECT_FALSE(decode_frame(p + kFrameLengthBytes, length - 8));
}

TEST(SocketWire, CarriesEveryFrameWholeToItsNodeInOrderPerLink) {
  asio::io_context io(1);
  struct Got {
    sim::NodeId from, to;
    uint64_t id;
    size_t words;
  };
  std::vector<Got> got;
  SocketWire wire(io, 3, [&](const sim::Message& m, bool) {
    got.push_back({m.from, m.to, m.id, m.attachment ? m.attachment->size() : 0});
  });
  EXPECT_NE(wire.port(0), wire.port(1));
  constexpr uint64_t kEach = 200;
  for (uint64_t i = 1; i <= kEach; ++i) {
    // Some large enough to be written in several pieces.
    auto big = i % 50 == 0 ? std::make_shared<std::vector<int64_t>>(100'000, int64_t(i)) : nullptr;
    wire.carry(sim::Message{0, 1, 1, i, {}, big}, false);
    wire.carry(sim::Message{2, 1, 1, 1000 + i, {}, nullptr}, false);
    wire.carry(sim::Message{1, 0, 1, 2000 + i, {}, nullptr}, false);
  }
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (got.size() < 3 * kEach && std::chrono::steady_clock::now() < give_up) io.run_one_for(std::chrono::milliseconds(100));
  ASSERT_EQ(got.size(), 3 * kEach) << wire.error();
  EXPECT_EQ(wire.error(), "");
  EXPECT_EQ(wire.connections(), 3u);
  std::vector<uint64_t> per_link[3];
  for (const Got& g : got) {
    const int link = g.from == 0 ? 0 : g.from == 2 ? 1 : 2;
    EXPECT_EQ(g.to, g.from == 1 ? 0u : 1u);
    per_link[link].push_back(g.id);
    if (g.from == 0) {
      EXPECT_EQ(g.words, g.id % 50 == 0 ? 100'000u : 0u);
    }
  }
  for (int l = 0; l < 3; ++l) {
    ASSERT_EQ(per_link[l].size(), kEach);
    for (uint64_t i = 0; i < kEach; ++i) EXPECT_EQ(per_link[l][i], uint64_t(l * 1000) + i + 1);
  }
}

}  // namespace
}  // namespace leasesim::live
