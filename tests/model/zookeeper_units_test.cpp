// The ZooKeeper model's small pure pieces: an election round's decision and the C client's
// server cursor.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/zookeeper/election.h"
#include "model/zookeeper/host_list.h"

namespace leasesim::zookeeper {
namespace {

using Outcome = Election::Outcome;

TEST(Election, TheNewestEpochWinsThenTheHighestZxidThenTheHighestMyid) {
  Election e;
  e.looking = {{1, {1, 50}}, {2, {1, 70}}, {3, {1, 70}}};
  EXPECT_EQ(e.decide(1, 2).outcome, Outcome::follow);
  EXPECT_EQ(e.decide(1, 2).leader, 3);
  EXPECT_EQ(e.decide(3, 2).outcome, Outcome::lead);
  e.looking = {{1, {1, 90}}, {2, {1, 70}}, {3, {1, 70}}};
  EXPECT_EQ(e.decide(3, 2).leader, 1);  // a longer history beats a higher myid
  e.looking = {{1, {3, 10}}, {2, {2, 90}}, {3, {2, 90}}};
  EXPECT_EQ(e.decide(3, 2).leader, 1);  // a server that joined a newer epoch beats both
}

TEST(Election, WithoutAQuorumLookingNobodyWins) {
  Election e;
  e.looking = {{3, {1, 10}}};
  EXPECT_EQ(e.decide(3, 2).outcome, Outcome::again);
  e.looking = {{3, {1, 10}}, {4, {1, 10}}};
  EXPECT_EQ(e.decide(3, 3).outcome, Outcome::again);  // two of five
}

TEST(Election, AServerJoinsALeaderThatAQuorumOutOfTheElectionNames) {
  Election e;
  e.looking = {{1, {}}};
  e.serving = {{2, 3}, {3, 3}};  // zk2 follows zk3, zk3 leads
  EXPECT_EQ(e.decide(1, 2).outcome, Outcome::follow);
  EXPECT_EQ(e.decide(1, 2).leader, 3);
}

TEST(Election, ALeaderNamedByTooFewOrNotByItselfIsNotJoined) {
  Election e;
  e.looking = {{1, {}}};
  e.serving = {{3, 3}};  // an isolated leader alone
  EXPECT_EQ(e.decide(1, 2).outcome, Outcome::again);
  e.serving = {{2, 3}, {4, 3}};  // followers name zk3, which does not say it leads
  EXPECT_EQ(e.decide(1, 2).outcome, Outcome::again);
}

// A handle's attempts, one letter per attempt: `f` the attempt fails, `c` it connects and the
// connection is later lost. Gives the servers tried, with "pause" where the next attempt waits.
std::string walk(CCursor cursor, size_t servers, const std::string& outcomes) {
  CHostList h(servers, cursor);
  std::string out = std::to_string(h.next());
  for (const char o : outcomes) {
    if (o == 'c') {
      h.connected();
      out += " (connected)";
    }
    if (h.fail()) out += ", pause";
    out += ", " + std::to_string(h.next());
  }
  return out;
}

// The rows measured with libzookeeper-mt 3.8.0 (docs/zookeeper-model.md, "The C client's server
// list"); the pauses at the attempts that follow a connection's loss are the ones the client
// applies under `c_first_retry: as_source` (the measured client's first retries were at once).
TEST(CHostList, Zookeeper2466WalksANewHandlesListInOrderThenSkipsAServerAfterEachFailure) {
  EXPECT_EQ(walk(CCursor::zookeeper_2466, 1, "fff"), "0, 0, pause, 0, pause, 0");
  EXPECT_EQ(walk(CCursor::zookeeper_2466, 3, "ffffffff"), "0, 1, 2, 0, 2, pause, 1, 0, 2, pause, 1");
  EXPECT_EQ(walk(CCursor::zookeeper_2466, 3, "cfffff"), "0 (connected), 1, 0, 2, pause, 1, 0, 2");
  EXPECT_EQ(walk(CCursor::zookeeper_2466, 3, "fcfff"), "0, 1 (connected), 2, pause, 1, 0, 2");
  EXPECT_EQ(walk(CCursor::zookeeper_2466, 3, "ffcfff"), "0, 1, 2 (connected), 0, 2, pause, 1, 0");
  EXPECT_EQ(walk(CCursor::zookeeper_2466, 2, "cfff"), "0 (connected), 1, pause, 1, pause, 1, pause, 1");
  // A one-server handle that connected: its first loss finds the cursor short of the end, every
  // later one at the end.
  EXPECT_EQ(walk(CCursor::zookeeper_2466, 1, "cfcf"), "0 (connected), 0, pause, 0 (connected), pause, 0, pause, 0");
}

// One advance per failure: a handle that connected in its first walk retries the first server
// of its list first, since that walk did not move the main cursor.
TEST(CHostList, FixedWalksInOrderAndPausesAfterTheLastOnceTheHandleHasWalkedItsList) {
  EXPECT_EQ(walk(CCursor::fixed, 3, "ffffff"), "0, 1, 2, 0, 1, 2, pause, 0");
  EXPECT_EQ(walk(CCursor::fixed, 3, "cffffff"), "0 (connected), 0, 1, 2, pause, 0, 1, 2, pause, 0");
}

// A new handle walks its list in order again, with its main cursor back at the start.
TEST(CHostList, ANewHandleWalksItsListAfresh) {
  CHostList h(3, CCursor::zookeeper_2466);
  h.next();
  h.fail();
  h.next();
  h.connected();
  h.fail();
  h.reset();
  EXPECT_EQ(h.next(), 0u);
  EXPECT_FALSE(h.fail());
  EXPECT_EQ(h.next(), 1u);
  // One server, connected only after its walk: its loss finds the cursor at the end; a new
  // handle's first failure does not.
  CHostList one(1, CCursor::zookeeper_2466);
  one.next();
  EXPECT_FALSE(one.fail());
  one.next();
  one.connected();
  EXPECT_TRUE(one.fail());
  one.reset();
  EXPECT_EQ(one.next(), 0u);
  EXPECT_FALSE(one.fail());
}

}  // namespace
}  // namespace leasesim::zookeeper
