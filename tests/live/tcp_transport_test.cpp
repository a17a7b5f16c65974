// The live transport's fault rules, with a wire that hands each written message straight back
// and a clock the test moves: what is delivered, dropped and lost, and in which order, not how
// fast. The rule semantics are the simulator's (sim/network_faults.h).
#include <gtest/gtest.h>

#include <vector>

#include "live/scheduler.h"
#include "live/tcp_transport.h"

namespace leasesim::live {
namespace {

using sim::Instant;
Instant ms(int64_t n) { return Instant{n * 1'000'000}; }

struct Inbox final : sim::Receiver {
  std::vector<uint64_t> ids;
  std::vector<sim::NodeId> resets;
  void receive(const sim::Message& m) override { ids.push_back(m.id); }
  void connection_reset(sim::NodeId peer) override { resets.push_back(peer); }
};

// Carries at once what the transport writes: arrival = the instant it was written.
struct DirectWire final : Wire {
  TcpTransport* net = nullptr;
  const LiveScheduler* sched = nullptr;
  void carry(const sim::Message& m, bool reset) override { net->arrived(m, reset, sched->now()); }
};

struct Rig {
  LiveScheduler sched;
  sim::Trace trace;
  Inbox inbox[3];
  DirectWire wire;
  std::unique_ptr<TcpTransport> net;
  explicit Rig(bool connections = false) {
    for (const char* n : {"a", "b", "c"}) trace.add_node(n);
    net = std::make_unique<TcpTransport>(sched, trace, 1, sim::DelayModel{sim::Duration::millis(1), sim::Duration::millis(1)}, 3);
    net->set_message_names({"ping"});
    net->set_connection_oriented(connections);
    for (sim::NodeId n = 0; n < 3; ++n) net->attach(n, &inbox[n]);
    wire.net = net.get();
    wire.sched = &sched;
    net->set_wire(&wire);
  }
  void send(sim::NodeId from, sim::NodeId to) { net->send(sim::Message{from, to, 0, 0, {}, nullptr}); }
  void run_to(Instant t) { sched.run_due([t] { return t; }, ms(1'000'000)); }
  size_t count(sim::EventKind k) {
    size_t n = 0;
    for (const sim::TraceEvent& e : events) n += e.kind == k;
    return n;
  }
  struct Sink final : sim::TraceSink {
    std::vector<sim::TraceEvent>* out;
    void on_event(const sim::TraceEvent& e) override { out->push_back(e); }
  } sink;
  std::vector<sim::TraceEvent> events;
  void record() {
    sink.out = &events;
    trace.add_sink(&sink);
  }
};

TEST(TcpTransport, HoldsEachMessageForTheScenarioDelayPlusEveryDelayRule) {
  Rig r;
  r.net->add_rule({sim::RuleAction::delay, {0, 1, -1}, sim::Duration::millis(5), -1, 7});
  r.net->add_rule({sim::RuleAction::delay, {sim::kNoNode, 1, -1}, sim::Duration::millis(2), -1, 8});
  r.send(0, 1);
  EXPECT_EQ(r.sched.next_due(), ms(8));  // 1 ms + 5 ms + 2 ms: delays add
  r.run_to(ms(7));
  EXPECT_TRUE(r.inbox[1].ids.empty());
  r.run_to(ms(8));
  EXPECT_EQ(r.inbox[1].ids, (std::vector<uint64_t>{1}));
}

TEST(TcpTransport, ACountedDropDropsThatManyAndEndsItsFault) {
  Rig r;
  r.record();
  std::vector<uint64_t> ended;
  r.net->on_rule_exhausted([&](uint64_t owner) { ended.push_back(owner); });
  r.net->add_rule({sim::RuleAction::drop, {0, 1, -1}, {}, 2, 42});
  r.net->add_rule({sim::RuleAction::delay, {0, 1, -1}, sim::Duration::millis(3), 2, 43});
  for (int i = 0; i < 4; ++i) r.send(0, 1);
  r.run_to(ms(100));
  // A drop wins and is the only rule counting the message it drops.
  EXPECT_EQ(r.inbox[1].ids, (std::vector<uint64_t>{3, 4}));
  EXPECT_EQ(ended, (std::vector<uint64_t>{42, 43}));
  EXPECT_EQ(r.count(sim::EventKind::message_dropped), 2u);
}

TEST(TcpTransport, ADuplicateDeliversTheSameMessageTwice) {
  Rig r;
  r.net->add_rule({sim::RuleAction::duplicate, {0, 1, -1}, sim::Duration::millis(4), 1, 1});
  r.send(0, 1);
  r.send(0, 1);
  r.run_to(ms(100));
  EXPECT_EQ(r.inbox[1].ids, (std::vector<uint64_t>{1, 2, 1}));
}

TEST(TcpTransport, ACutLosesWhatIsHeldAndOnTheWireAndDropsWhatIsSentUntilItHeals) {
  Rig r;
  r.record();
  r.send(0, 1);  // held until 1 ms: lost when the cut starts
  r.net->cut(0, 1);
  EXPECT_EQ(r.count(sim::EventKind::message_lost), 1u);
  r.send(0, 1);  // sent across the cut: dropped
  EXPECT_EQ(r.count(sim::EventKind::message_dropped), 1u);
  r.send(1, 0);  // the other direction is not cut
  r.net->heal(0, 1);
  r.send(0, 1);
  r.run_to(ms(100));
  EXPECT_EQ(r.inbox[0].ids, (std::vector<uint64_t>{3}));
  EXPECT_EQ(r.inbox[1].ids, (std::vector<uint64_t>{4}));
  // One that came off the wire while its link is cut is lost too.
  r.net->cut(0, 1);
  r.net->arrived(sim::Message{0, 1, 0, 9, {}, nullptr}, false, ms(100));
  r.run_to(ms(101));
  EXPECT_EQ(r.inbox[1].ids, (std::vector<uint64_t>{4}));
  EXPECT_EQ(r.count(sim::EventKind::message_lost), 2u);
}

TEST(TcpTransport, APartitionSeparatesItsGroupsOnlyAndEndsWhenRemoved) {
  Rig r;
  const auto p = r.net->add_partition({{0}, {1}});
  EXPECT_TRUE(r.net->is_cut(0, 1));
  EXPECT_TRUE(r.net->is_cut(1, 0));
  EXPECT_FALSE(r.net->is_cut(0, 2));  // c is in no group
  r.send(0, 1);
  r.send(0, 2);
  r.net->remove_partition(p);
  r.send(0, 1);
  r.run_to(ms(100));
  EXPECT_EQ(r.inbox[1].ids, (std::vector<uint64_t>{3}));
  EXPECT_EQ(r.inbox[2].ids, (std::vector<uint64_t>{2}));
  EXPECT_EQ(r.net->peers_of(0), (std::vector<sim::NodeId>{1, 2}));
}

TEST(TcpTransport, ConnectionsDeliverInSendOrderAndOtherwiseADelayedMessageIsOvertaken) {
  for (const bool connections : {false, true}) {
    Rig r(connections);
    r.net->add_rule({sim::RuleAction::delay, {0, 1, -1}, sim::Duration::millis(10), 1, 1});
    r.send(0, 1);
    r.send(0, 1);
    r.run_to(ms(100));
    EXPECT_EQ(r.inbox[1].ids, connections ? (std::vector<uint64_t>{1, 2}) : (std::vector<uint64_t>{2, 1})) << connections;
  }
}

TEST(TcpTransport, ARefusedMessageResetsItsSendersConnectionOnlyWithConnections) {
  for (const bool connections : {false, true}) {
    Rig r(connections);
    r.net->refuse(sim::Message{0, 1, 0, 5, {}, nullptr});
    r.run_to(ms(100));
    EXPECT_EQ(r.inbox[0].resets, connections ? (std::vector<sim::NodeId>{1}) : (std::vector<sim::NodeId>{})) << connections;
  }
}

}  // namespace
}  // namespace leasesim::live
