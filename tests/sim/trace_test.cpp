#include "sim/trace.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace leasesim::sim {
namespace {

struct Collect final : TraceSink {
  void on_event(const TraceEvent& e) override { seen.push_back(e); }
  std::vector<TraceEvent> seen;
};

Trace make_trace() {
  Trace t;
  t.add_node("master");
  t.add_node("follower-1");
  t.intern("KeepAlive");
  return t;
}

const TraceEvent kBase{Instant{5}, EventKind::message_sent, 0, 1, 1, 7, 11, 13};

uint64_t hash_of(const TraceEvent& e) {
  Trace t = make_trace();
  t.record(e);
  return t.hash();
}

TEST(Trace, HashCoversEveryFieldOfAnEvent) {
  const uint64_t base = hash_of(kBase);
  std::vector<TraceEvent> variants(8, kBase);
  variants[0].t = Instant{6};
  variants[1].kind = EventKind::message_delivered;
  variants[2].node = 1;
  variants[3].peer = kNoNode;
  variants[4].symbol = 0;
  variants[5].id = 8;
  variants[6].a = 12;
  variants[7].b = 14;
  for (size_t i = 0; i < variants.size(); ++i) EXPECT_NE(hash_of(variants[i]), base) << "field " << i;
}

TEST(Trace, HashDependsOnOrder) {
  TraceEvent other = kBase;
  other.t = Instant{9};
  Trace ab = make_trace();
  ab.record(kBase);
  ab.record(other);
  Trace ba = make_trace();
  ba.record(other);
  ba.record(kBase);
  EXPECT_NE(ab.hash(), ba.hash());
}

TEST(Trace, HashUsesNamesNotIndices) {
  // The same events with nodes registered in another order hash differently, because the
  // hash covers the names the indices stand for.
  Trace a;
  a.add_node("master");
  a.add_node("follower-1");
  Trace b;
  b.add_node("follower-1");
  b.add_node("master");
  a.record({Instant{1}, EventKind::node_crashed, 0});
  b.record({Instant{1}, EventKind::node_crashed, 1});  // also "master"
  EXPECT_EQ(a.hash(), b.hash());
}

TEST(Trace, HashIsPinned) {
  // Pinned so that an accidental change to the hash function shows up; update deliberately.
  EXPECT_EQ(hash_hex(hash_of(kBase)), "1a432998da115176");
}

// A sink that records an event of its own when it sees the first one, as a checker does.
struct Echo final : TraceSink {
  explicit Echo(Trace& t) : trace(t) {}
  void on_event(const TraceEvent& e) override {
    if (e.kind == EventKind::lease_expired) trace.record({e.t, EventKind::violation_start, 1});
  }
  Trace& trace;
};

TEST(Trace, EventsRecordedBySinksReachEverySinkAfterTheCurrentOne) {
  Trace t = make_trace();
  Collect before;
  Echo echo(t);
  Collect after;
  t.add_sink(&before);
  t.add_sink(&echo);
  t.add_sink(&after);
  t.record({Instant{1}, EventKind::lease_expired, 0, 1});
  ASSERT_EQ(before.seen.size(), 2u);
  ASSERT_EQ(after.seen.size(), 2u);
  EXPECT_EQ(before.seen[0].kind, EventKind::lease_expired);
  EXPECT_EQ(before.seen[1].kind, EventKind::violation_start);
  EXPECT_EQ(after.seen[0].kind, EventKind::lease_expired);
  EXPECT_EQ(after.seen[1].kind, EventKind::violation_start);
  EXPECT_EQ(t.events(), 2u);
  EXPECT_EQ(t.events_of(EventKind::violation_start), 1u);
}

// A sink that reads lease_expired only, as a checker declares its kinds.
struct ExpiriesOnly final : TraceSink {
  void on_event(const TraceEvent& e) override { seen.push_back(e); }
  KindSet kinds() const override { return kinds_of({EventKind::lease_expired}); }
  std::vector<TraceEvent> seen;
};

// kBase, a message, then an expiry: one event a sink of ExpiriesOnly's kinds does not read.
const TraceEvent kExpired{Instant{7}, EventKind::lease_expired, 0, 1, 0, 3};
void record_message_and_expiry(Trace& t) {
  t.record(kBase);
  t.record(kExpired);
}

TEST(Trace, ASinkIsHandedOnlyTheKindsItDeclaresAndEveryEventIsStillCountedAndHashed) {
  Trace t = make_trace();
  ExpiriesOnly only;
  t.add_sink(&only);
  record_message_and_expiry(t);
  ASSERT_EQ(only.seen.size(), 1u);
  EXPECT_EQ(only.seen[0].kind, EventKind::lease_expired);
  EXPECT_EQ(t.events(), 2u);
  Trace bare = make_trace();  // no sink: the same events give the same hash
  record_message_and_expiry(bare);
  EXPECT_EQ(t.hash(), bare.hash());

  // With a sink of every kind beside it, each is still handed its own.
  Trace both = make_trace();
  ExpiriesOnly only2;
  Collect all;
  both.add_sink(&only2);
  both.add_sink(&all);
  record_message_and_expiry(both);
  EXPECT_EQ(only2.seen.size(), 1u);
  EXPECT_EQ(all.seen.size(), 2u);
}

TEST(Trace, DeliverEveryKindHandsASinkAddedAfterItEveryEvent) {
  Trace t = make_trace();
  t.deliver_every_kind();
  ExpiriesOnly only;
  t.add_sink(&only);
  record_message_and_expiry(t);
  EXPECT_EQ(only.seen.size(), 2u);
}

TEST(Trace, InternGivesEachNameOneSymbolPastTheFirstTableSize) {
  // 600 names outgrow the 256 slots a trace starts with twice over; each keeps its symbol.
  Trace t;
  std::vector<Symbol> first;
  for (int i = 0; i < 600; ++i) first.push_back(t.intern("name-" + std::to_string(i)));
  EXPECT_EQ(t.symbol_count(), 601u);  // and "", symbol 0
  EXPECT_EQ(t.intern(""), 0u);
  for (int i = 0; i < 600; ++i) {
    EXPECT_EQ(t.intern("name-" + std::to_string(i)), first[static_cast<size_t>(i)]);
    EXPECT_EQ(t.text(first[static_cast<size_t>(i)]), "name-" + std::to_string(i));
  }
  EXPECT_EQ(t.symbol_count(), 601u);
}

TEST(Trace, ARunThatSkipsTheHashStillCountsAndDeliversEveryEvent) {
  Trace t = make_trace();
  t.skip_hash();
  Collect c;
  t.add_sink(&c);
  t.record(kBase);
  t.record(kBase);
  EXPECT_FALSE(t.hashed());
  EXPECT_EQ(t.events(), 2u);
  EXPECT_EQ(t.events_of(EventKind::message_sent), 2u);
  EXPECT_EQ(c.seen.size(), 2u);
  EXPECT_TRUE(make_trace().hashed());
}

TEST(TraceDeathTest, TheHashOfATraceThatSkippedItIsAnInternalError) {
  Trace t = make_trace();
  t.skip_hash();
  EXPECT_DEATH((void)t.hash(), "requirement failed: hashing_");
}

TEST(TraceDeathTest, SkippingTheHashAfterTheFirstEventIsAnInternalError) {
  Trace t = make_trace();
  t.record(kBase);
  EXPECT_DEATH(t.skip_hash(), "requirement failed: count_ == 0");
}

}  // namespace
}  // namespace leasesim::sim
