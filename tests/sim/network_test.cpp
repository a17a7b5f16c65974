#include "sim/network.h"

#include <gtest/gtest.h>

#include <vector>

#include "sim/simulator.h"

namespace leasesim::sim {
namespace {

constexpr int64_t kMs = 1'000'000;

struct Inbox final : Receiver {
  explicit Inbox(Simulator& s) : sim(s) {}
  void receive(const Message& m) override { got.push_back({sim.now().ns, m.id, m.kind}); }
  void connection_reset(NodeId peer) override { resets.push_back({sim.now().ns, peer}); }
  struct Got {
    int64_t t;
    uint64_t id;
    MessageKind kind;
    bool operator==(const Got&) const = default;
  };
  Simulator& sim;
  std::vector<Got> got;
  std::vector<std::pair<int64_t, NodeId>> resets;  // when, from whom
};

struct Net {
  explicit Net(DelayModel d = {Duration::millis(1), Duration::millis(1)}) {
    a = trace.add_node("a");
    b = trace.add_node("b");
    c = trace.add_node("c");
    net = std::make_unique<Network>(sim, trace, 1, d);
    net->set_message_names({"Ping", "Pong"});
    net->attach(a, &inbox_a);
    net->attach(b, &inbox_b);
    net->attach(c, &inbox_c);
  }
  void send(NodeId from, NodeId to, MessageKind kind = 0) { net->send(Message{from, to, kind, 0, {}, nullptr}); }
  void at(int64_t t_ms) { sim.run_until(Instant{t_ms * kMs}); }

  Simulator sim;
  Trace trace;
  NodeId a, b, c;
  std::unique_ptr<Network> net;
  Inbox inbox_a{sim}, inbox_b{sim}, inbox_c{sim};
};

TEST(Network, ConstantDelayDeliversExactlyThatLater) {
  Net n;
  n.send(n.a, n.b);
  n.at(10);
  ASSERT_EQ(n.inbox_b.got.size(), 1u);
  EXPECT_EQ(n.inbox_b.got[0].t, 1 * kMs);
}

TEST(Network, UniformDelayStaysInRangeAndIsTheSameForTheSameSeed) {
  auto delays = [] {
    Net n({Duration::millis(1), Duration::millis(50)});
    for (int i = 0; i < 200; ++i) n.send(n.a, n.b);
    n.at(100);
    std::vector<int64_t> out;
    for (const auto& g : n.inbox_b.got) out.push_back(g.t);
    return out;
  };
  const std::vector<int64_t> first = delays();
  ASSERT_EQ(first.size(), 200u);
  for (int64_t t : first) {
    EXPECT_GE(t, 1 * kMs);
    EXPECT_LE(t, 50 * kMs);
  }
  EXPECT_EQ(first, delays());
}

TEST(Network, EachLinkDrawsFromItsOwnStream) {
  // Traffic on a->c must not change the delays drawn on a->b.
  auto ab_delays = [](bool also_ac) {
    Net n({Duration::millis(1), Duration::millis(50)});
    for (int i = 0; i < 20; ++i) {
      n.send(n.a, n.b);
      if (also_ac) n.send(n.a, n.c);
    }
    n.at(100);
    std::vector<int64_t> out;
    for (const auto& g : n.inbox_b.got) out.push_back(g.t);
    return out;
  };
  EXPECT_EQ(ab_delays(false), ab_delays(true));
}

TEST(Network, CountedDropLosesOnlyTheNextMatchingMessages) {
  Net n;
  n.net->add_rule({RuleAction::drop, {n.a, n.b, -1}, {}, 2, 0});
  for (int i = 0; i < 4; ++i) n.send(n.a, n.b);
  n.send(n.b, n.a);  // other direction: untouched
  n.at(10);
  ASSERT_EQ(n.inbox_b.got.size(), 2u);
  EXPECT_EQ(n.inbox_b.got[0].id, 3u);
  EXPECT_EQ(n.inbox_a.got.size(), 1u);
}

TEST(Network, SelectorMatchesMessageKind) {
  Net n;
  n.net->add_rule({RuleAction::drop, {kNoNode, kNoNode, 1}, {}, -1, 0});
  n.send(n.a, n.b, 0);
  n.send(n.a, n.b, 1);
  n.at(10);
  ASSERT_EQ(n.inbox_b.got.size(), 1u);
  EXPECT_EQ(n.inbox_b.got[0].kind, 0);
}

TEST(Network, OverlappingDelaysAdd) {
  Net n;
  n.net->add_rule({RuleAction::delay, {n.a, n.b, -1}, Duration::millis(10), -1, 0});
  n.net->add_rule({RuleAction::delay, {kNoNode, n.b, -1}, Duration::millis(5), -1, 1});
  n.send(n.a, n.b);
  n.at(100);
  ASSERT_EQ(n.inbox_b.got.size(), 1u);
  EXPECT_EQ(n.inbox_b.got[0].t, 16 * kMs);
}

TEST(Network, DropWinsOverDelayAndDoesNotUseTheDelaysCount) {
  Net n;
  std::vector<uint64_t> exhausted;
  n.net->on_rule_exhausted([&](uint64_t owner) { exhausted.push_back(owner); });
  n.net->add_rule({RuleAction::delay, {n.a, n.b, -1}, Duration::millis(10), 1, 7});
  n.net->add_rule({RuleAction::drop, {n.a, n.b, -1}, {}, 1, 8});
  n.send(n.a, n.b);  // dropped; the delay rule keeps its one message
  n.send(n.a, n.b);  // delayed
  n.send(n.a, n.b);  // untouched
  n.at(100);
  ASSERT_EQ(n.inbox_b.got.size(), 2u);
  EXPECT_EQ(n.inbox_b.got[0].t, 1 * kMs);   // the third message, plain
  EXPECT_EQ(n.inbox_b.got[1].t, 11 * kMs);  // the second, delayed
  EXPECT_EQ(exhausted, (std::vector<uint64_t>{8, 7}));
}

TEST(Network, DuplicateDeliversASecondCopyLater) {
  Net n;
  n.net->add_rule({RuleAction::duplicate, {n.a, n.b, -1}, Duration::millis(4), 1, 0});
  n.send(n.a, n.b);
  n.at(100);
  EXPECT_EQ(n.inbox_b.got, (std::vector<Inbox::Got>{{1 * kMs, 1, 0}, {5 * kMs, 1, 0}}));
}

TEST(Network, CutLosesMessagesInFlightAndEverythingSentWhileItLasts) {
  Net n;
  n.send(n.a, n.b);  // in flight when the cut starts
  n.send(n.b, n.a);  // other direction, one-way cut: delivered
  n.net->cut(n.a, n.b);
  EXPECT_EQ(n.trace.events_of(EventKind::message_lost), 1u);
  n.send(n.a, n.b);
  n.at(10);
  EXPECT_TRUE(n.inbox_b.got.empty());
  EXPECT_EQ(n.inbox_a.got.size(), 1u);
  EXPECT_EQ(n.trace.events_of(EventKind::message_dropped), 1u);
  n.net->heal(n.a, n.b);
  n.send(n.a, n.b);
  n.at(20);
  EXPECT_EQ(n.inbox_b.got.size(), 1u);
  EXPECT_EQ(n.net->in_flight(), 0u);
}

TEST(Network, NestedCutsHealWhenTheLastEnds) {
  Net n;
  n.net->cut(n.a, n.b);
  n.net->cut(n.a, n.b);
  n.net->heal(n.a, n.b);
  EXPECT_TRUE(n.net->is_cut(n.a, n.b));
  n.net->heal(n.a, n.b);
  EXPECT_FALSE(n.net->is_cut(n.a, n.b));
}

TEST(Network, RemovedRuleNoLongerApplies) {
  Net n;
  const Network::RuleId id = n.net->add_rule({RuleAction::drop, {}, {}, -1, 0});
  n.send(n.a, n.b);
  n.net->remove_rule(id);
  n.send(n.a, n.b);
  n.at(10);
  EXPECT_EQ(n.inbox_b.got.size(), 1u);
}

TEST(Network, AConnectionOrientedLinkDeliversInSendOrderBehindADelayedMessage) {
  // TCP: the first message is delayed 5 ms; the second, sent 1 ms later with the plain 1 ms
  // delay, waits behind it instead of overtaking it. Another link is not held back.
  Net n;
  n.net->set_connection_oriented(true);
  n.net->add_rule({RuleAction::delay, MessageSelector{n.a, n.b, -1}, Duration::millis(5), 1, 0});
  n.send(n.a, n.b);
  n.at(1);
  n.send(n.a, n.b);
  n.send(n.a, n.c);
  n.at(20);
  ASSERT_EQ(n.inbox_b.got.size(), 2u);
  EXPECT_EQ(n.inbox_b.got[0].t, 6 * kMs);
  EXPECT_EQ(n.inbox_b.got[1].t, 6 * kMs);
  EXPECT_LT(n.inbox_b.got[0].id, n.inbox_b.got[1].id);
  ASSERT_EQ(n.inbox_c.got.size(), 1u);
  EXPECT_EQ(n.inbox_c.got[0].t, 2 * kMs);
}

TEST(Network, WithoutConnectionsALaterMessageOvertakesADelayedOne) {
  Net n;
  n.net->add_rule({RuleAction::delay, MessageSelector{n.a, n.b, -1}, Duration::millis(5), 1, 0});
  n.send(n.a, n.b);
  n.at(1);
  n.send(n.a, n.b);
  n.at(20);
  ASSERT_EQ(n.inbox_b.got.size(), 2u);
  EXPECT_EQ(n.inbox_b.got[0].t, 2 * kMs);
  EXPECT_EQ(n.inbox_b.got[1].t, 6 * kMs);
}

TEST(Network, ADuplicateIsOutsideTheStreamAndHoldsNothingBack) {
  Net n;
  n.net->set_connection_oriented(true);
  n.net->add_rule({RuleAction::duplicate, MessageSelector{n.a, n.b, -1}, Duration::millis(10), 1, 0});
  n.send(n.a, n.b);
  n.send(n.a, n.b);
  n.at(20);
  ASSERT_EQ(n.inbox_b.got.size(), 3u);
  EXPECT_EQ(n.inbox_b.got[0].t, 1 * kMs);
  EXPECT_EQ(n.inbox_b.got[1].t, 1 * kMs);
  EXPECT_EQ(n.inbox_b.got[2].t, 11 * kMs);  // the copy of the first
}

TEST(Network, ARefusedMessageResetsTheSendersConnectionAfterTheLeastDelayUnlessTheWayBackIsCut) {
  Net n({Duration::millis(2), Duration::millis(9)});
  n.net->set_connection_oriented(true);
  n.net->refuse(Message{n.a, n.b, 0, 7, {}, nullptr});  // a's message reached b, which is down
  n.at(1);
  n.net->cut(n.c, n.a);
  n.net->refuse(Message{n.a, n.c, 0, 8, {}, nullptr});
  n.at(20);
  ASSERT_EQ(n.inbox_a.resets.size(), 1u);
  EXPECT_EQ(n.inbox_a.resets[0], (std::pair<int64_t, NodeId>{2 * kMs, n.b}));
  EXPECT_TRUE(n.inbox_a.got.empty());
}

TEST(Network, WithoutConnectionsNothingIsRefused) {
  Net n;
  n.net->refuse(Message{n.a, n.b, 0, 7, {}, nullptr});
  n.at(20);
  EXPECT_TRUE(n.inbox_a.resets.empty());
}

TEST(Network, APartitionCutsEveryLinkBetweenItsGroupsAndNoOther) {
  Net n;
  const Network::PartitionId p = n.net->add_partition({{n.a}, {n.b}});
  EXPECT_TRUE(n.net->is_cut(n.a, n.b));
  EXPECT_TRUE(n.net->is_cut(n.b, n.a));
  EXPECT_FALSE(n.net->is_cut(n.a, n.c));  // c is in no group: it keeps its links
  EXPECT_FALSE(n.net->is_cut(n.c, n.b));
  n.send(n.a, n.b);
  n.send(n.a, n.c);
  n.at(5);
  EXPECT_TRUE(n.inbox_b.got.empty());
  EXPECT_EQ(n.inbox_c.got.size(), 1u);
  n.net->remove_partition(p);
  EXPECT_FALSE(n.net->is_cut(n.a, n.b));
  n.send(n.a, n.b);
  n.at(10);
  EXPECT_EQ(n.inbox_b.got.size(), 1u);
}

TEST(Network, APartitionLosesWhatIsInFlightAcrossItOnceInSendOrder) {
  // Four messages in flight: b->a, a->b, a->c, c->b. Partition {a} | {b}: the two crossing it
  // are lost, reported in send order; a cut of a->b already in place loses nothing twice.
  Net n({Duration::millis(5), Duration::millis(5)});
  n.send(n.b, n.a);
  n.send(n.a, n.b);
  n.send(n.a, n.c);
  n.send(n.c, n.b);
  n.at(1);
  n.net->add_partition({{n.a}, {n.b}});
  n.net->cut(n.a, n.b);
  n.at(10);
  EXPECT_TRUE(n.inbox_a.got.empty());
  EXPECT_TRUE(n.inbox_b.got.size() == 1 && n.inbox_b.got[0].id == 4);
  EXPECT_EQ(n.trace.events_of(EventKind::message_lost), 2u);
}

TEST(Network, APeerIsANodeThatExchangedAMessage) {
  Net n;
  n.send(n.a, n.b);
  n.send(n.c, n.a);
  EXPECT_EQ(n.net->peers_of(n.a), (std::vector<NodeId>{n.b, n.c}));
  EXPECT_EQ(n.net->peers_of(n.b), (std::vector<NodeId>{n.a}));
}

}  // namespace
}  // namespace leasesim::sim
