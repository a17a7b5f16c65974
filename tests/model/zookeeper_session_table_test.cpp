// SessionTable: a value per ZooKeeper session id, at [server][n] for the model's ids and hashed
// for any other, with one count across both.
#include "model/zookeeper/session_table.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace leasesim::zookeeper {
namespace {

TEST(SessionTable, FindsEachSessionOfEachServerAndOnlyThose) {
  SessionTable<int> t;
  const uint64_t a = session_id(1, 1), b = session_id(1, 7), c = session_id(3, 2);
  EXPECT_EQ(a, 1'000'001u);
  EXPECT_EQ(c, 3'000'002u);
  EXPECT_FALSE(t.contains(a));
  t[a] = 10;
  t[b] = 70;
  t[c] = 32;
  EXPECT_EQ(t.size(), 3u);
  EXPECT_EQ(t.at(a), 10);
  EXPECT_EQ(t.at(b), 70);
  EXPECT_EQ(t.at(c), 32);
  // Neighbours of those ids, in rows that exist and rows that do not, hold nothing.
  for (uint64_t absent : {session_id(1, 2), session_id(1, 8), session_id(2, 1), session_id(3, 1), session_id(9, 1)}) {
    EXPECT_FALSE(t.contains(absent)) << absent;
    t.prefetch(absent);  // a hint, even for an id no row reaches
  }
  EXPECT_EQ(t.size(), 3u);
}

TEST(SessionTable, AValueStartsValueInitialisedAndEraseForgetsIt) {
  SessionTable<int64_t> t;
  const uint64_t s = session_id(2, 5);
  t[s] = 4;
  t.erase(s);
  EXPECT_FALSE(t.contains(s));
  EXPECT_EQ(t.size(), 0u);
  EXPECT_EQ(t[s], 0);  // not the 4 the slot held before
  EXPECT_EQ(t.size(), 1u);
  t.erase(s);
  t.erase(s);  // twice: counted once
  t.erase(session_id(7, 7));
  EXPECT_EQ(t.size(), 0u);
}

TEST(SessionTable, IdsOfAnotherFormAreHashedBesideTheDenseOnes) {
  SessionTable<int> t;
  const uint64_t dense = session_id(255, 1);
  const uint64_t hashed = session_id(256, 1);
  const uint64_t real_zookeeper = 0x0100'0183'2c6e'0000ULL;  // server id in the top byte, as ZooKeeper makes them
  t[dense] = 1;
  t[hashed] = 2;
  t[real_zookeeper] = 3;
  EXPECT_EQ(t.size(), 3u);
  EXPECT_EQ(t.at(dense), 1);
  EXPECT_EQ(t.at(hashed), 2);
  EXPECT_EQ(t.at(real_zookeeper), 3);
  EXPECT_FALSE(t.contains(session_id(256, 2)));
  t.erase(hashed);
  EXPECT_FALSE(t.contains(hashed));
  EXPECT_EQ(t.size(), 2u);
  t.clear();
  EXPECT_EQ(t.size(), 0u);
  EXPECT_FALSE(t.contains(dense));
  EXPECT_FALSE(t.contains(real_zookeeper));
}

}  // namespace
}  // namespace leasesim::zookeeper
