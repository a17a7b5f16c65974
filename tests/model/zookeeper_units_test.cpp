// The ZooKeeper model's small pure pieces: an election round's decision and the C client's
// server cursor.
#include <gtest/gtest.h>

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

std::vector<size_t> attempts(CCursor cursor, size_t servers, int failures, std::vector<bool>* delays) {
  CHostList h(servers, cursor);
  std::vector<size_t> out{h.next()};
  for (int i = 0; i < failures; ++i) {
    delays->push_back(h.fail());
    out.push_back(h.next());
  }
  return out;
}

TEST(CHostList, Zookeeper2466SkipsAServerAfterEachFailure) {
  // ZOOKEEPER-2466: with 3 servers 0, 2, pause, 1, 0, 2, pause, 1; with 2 only the first.
  std::vector<bool> delays;
  EXPECT_EQ(attempts(CCursor::zookeeper_2466, 3, 6, &delays), (std::vector<size_t>{0, 2, 1, 0, 2, 1, 0}));
  EXPECT_EQ(delays, (std::vector<bool>{false, true, false, false, true, false}));
  delays.clear();
  EXPECT_EQ(attempts(CCursor::zookeeper_2466, 2, 3, &delays), (std::vector<size_t>{0, 0, 0, 0}));
  EXPECT_EQ(delays, (std::vector<bool>{false, false, false}));
  delays.clear();
  EXPECT_EQ(attempts(CCursor::zookeeper_2466, 1, 2, &delays), (std::vector<size_t>{0, 0, 0}));
  EXPECT_EQ(delays, (std::vector<bool>{true, true}));
}

TEST(CHostList, FixedTriesEachServerInTurnAndPausesAfterTheLast) {
  std::vector<bool> delays;
  EXPECT_EQ(attempts(CCursor::fixed, 3, 5, &delays), (std::vector<size_t>{0, 1, 2, 0, 1, 2}));
  EXPECT_EQ(delays, (std::vector<bool>{false, false, true, false, false}));
}

}  // namespace
}  // namespace leasesim::zookeeper
