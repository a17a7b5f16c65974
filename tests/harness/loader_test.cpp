#include <gtest/gtest.h>

#include "harness/scenario_loader.h"
#include "leasesim/protocol.h"
#include "model/zbs/params.h"
#include "model/zbs/store.h"
#include "model/zookeeper/params.h"

namespace leasesim::harness {
namespace {

TEST(Loader, FillsDefaultsFromTheProtocolsSources) {
  const Scenario s = load_scenario_text("duration: 40s\nprotocol: {kind: zbs}\nfollowers: [a]\n", "dir/my-case.yaml");
  EXPECT_EQ(s.name, "my-case");  // the file's stem when no name is given
  EXPECT_EQ(s.seed, 1u);
  const auto& p = params_of<zbs::ZbsParams>(*s.protocol.params);
  EXPECT_EQ(p.lease, Duration::seconds(12));
  EXPECT_EQ(p.keepalive_interval, Duration::seconds(7));
  EXPECT_EQ(p.rpc_timeout, Duration::millis(9500));
  EXPECT_EQ(p.network_margin, Duration::millis(2500));
  EXPECT_EQ(p.follower_anchor, zbs::FollowerAnchor::send);
  EXPECT_EQ(s.network.delay_lo, Duration::millis(1));
  EXPECT_EQ(s.network.delay_hi, Duration::millis(1));
  EXPECT_TRUE(s.faults.empty());
  EXPECT_FALSE(s.expect.any());
}

TEST(Loader, ReadsEverySection) {
  const Scenario s = load_scenario_text(R"(
name: full
description: every section
seed: 99
duration: 2m
protocol: {kind: zbs, lease: 10s, keepalive_interval: 5s, rpc_timeout: 8s, network_margin: 1.5s, follower_anchor: receive}
followers: [f1, f2]
network: {delay: {uniform: [1ms, 50ms]}}
clocks:
  f1: {drift_ppm: -12.5, offset: 3s}
faults:
  - {at: 5s, delay: {from: master, to: f1, message: KeepAliveReply, extra: 6s, count: 1}}
  - {at: 6s, disconnect: {between: [master, f2], for: 10s}}
  - {at: 7s, pause: {node: f1, for: 2s, clock: stops}}
  - {at: 8s, clock: {node: f2, drift_ppm: 100, jump: -2s}}
  - {at: 9s, restart: {node: master, for: 1s, sessions: continue}}
expect:
  lease_safety: violated
  windows: [{node: f1, start: 1s, end: 2.5s, paused: 0s}]
  events: [{event: lease_expired, node: master, at: 21.5s}, {event: expiry_learned, count: 0}]
)",
                                        "full.yaml");
  EXPECT_EQ(s.name, "full");
  EXPECT_EQ(s.seed, 99u);
  EXPECT_EQ(s.duration, Duration::seconds(120));
  const auto& p = params_of<zbs::ZbsParams>(*s.protocol.params);
  EXPECT_EQ(p.network_margin, Duration::millis(1500));
  EXPECT_EQ(p.follower_anchor, zbs::FollowerAnchor::receive);
  EXPECT_EQ(s.network.delay_hi, Duration::millis(50));
  EXPECT_EQ(s.clocks.at("f1").drift_ppm, sim::Ppm{-12'500});
  EXPECT_EQ(s.clocks.at("f1").offset, Duration::seconds(3));
  ASSERT_EQ(s.faults.size(), 5u);
  const auto& d = std::get<DelayFault>(s.faults[0].action);
  EXPECT_EQ(d.select.message, "KeepAliveReply");
  EXPECT_EQ(d.extra, Duration::seconds(6));
  EXPECT_EQ(*s.faults[0].count, 1);
  EXPECT_FALSE(s.faults[0].lasts.has_value());
  EXPECT_TRUE(std::get<DisconnectFault>(s.faults[1].action).both_ways);
  EXPECT_EQ(*s.faults[1].lasts, Duration::seconds(10));
  EXPECT_EQ(std::get<PauseFault>(s.faults[2].action).clock, PauseClock::stops);
  EXPECT_EQ(*std::get<ClockFault>(s.faults[3].action).drift_ppm, sim::Ppm{100'000});
  EXPECT_EQ(*std::get<ClockFault>(s.faults[3].action).jump, Duration::seconds(-2));
  EXPECT_EQ(params_of<zbs::RestartSessions>(*std::get<RestartFault>(s.faults[4].action).options), zbs::RestartSessions::keep);
  EXPECT_EQ(s.faults[4].pos.line, 16);  // the text starts with an empty line
  EXPECT_EQ(s.expect.verdicts.at("lease_safety"), Verdict::violated);
  ASSERT_EQ(s.expect.windows->size(), 1u);
  EXPECT_EQ((*s.expect.windows)[0].end, Instant{2'500'000'000});
  ASSERT_EQ(s.expect.events.size(), 2u);
  EXPECT_EQ(*s.expect.events[1].count, 0);
}

}  // namespace
}  // namespace leasesim::harness
