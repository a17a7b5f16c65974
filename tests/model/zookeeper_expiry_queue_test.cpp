// ExpiryQueue against ExpiryQueue.java (release-3.9.5): the bucket formula at its edges, touches,
// and poll's one-bucket-per-call drain.
#include "model/zookeeper/expiry_queue.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace leasesim::zookeeper {
namespace {

TEST(ExpiryQueue, RoundToNextIntervalIsStrictlyAfterAndAligned) {
  EXPECT_EQ(ExpiryQueue::round_to_next_interval(6000, 2000), 8000);  // exactly on a boundary: the next one
  EXPECT_EQ(ExpiryQueue::round_to_next_interval(5999, 2000), 6000);
  EXPECT_EQ(ExpiryQueue::round_to_next_interval(6001, 2000), 8000);
  EXPECT_EQ(ExpiryQueue::round_to_next_interval(0, 2000), 2000);
  // Java's long division truncates toward zero, as C++'s does: a negative reading rounds up by
  // more than an interval. ZooKeeper's clock (nanoTime / 1e6) may be negative.
  EXPECT_EQ(ExpiryQueue::round_to_next_interval(-500, 2000), 2000);
}

TEST(ExpiryQueue, ATouchLivesMoreThanTheTimeoutAndAtMostATickMore) {
  ExpiryQueue q(2000, 0);
  EXPECT_EQ(q.update(1, 6000, 1999), 8000);  // lives 6001 ms: just over T
  EXPECT_EQ(q.update(2, 6000, 2000), 10000);  // lives 8000 ms: T + tick exactly, the most
  EXPECT_EQ(q.update(3, 6000, 2001), 10000);  // lives 7999 ms
}

RC_GTEST_PROP(ExpiryQueueProperty, EveryTouchLivesInTimeoutToTimeoutPlusTick, ()) {
  const auto interval = *rc::gen::inRange<int64_t>(1, 60'000);
  const auto timeout = *rc::gen::inRange<int64_t>(1, 1'000'000);
  const auto now = *rc::gen::inRange<int64_t>(0, int64_t{1} << 40);
  ExpiryQueue q(interval, 0);
  const int64_t bucket = q.update(7, timeout, now);
  RC_ASSERT(bucket % interval == 0);
  RC_ASSERT(bucket - now > timeout);
  RC_ASSERT(bucket - now <= timeout + interval);
}

TEST(ExpiryQueue, TouchingIntoTheSameBucketChangesNothing) {
  ExpiryQueue q(2000, 0);
  EXPECT_EQ(q.update(1, 6000, 2001), 10000);
  EXPECT_EQ(q.update(1, 6000, 3999), 10000);
  EXPECT_EQ(q.bucket_of(1), 10000);
}

TEST(ExpiryQueue, PollReleasesTheOverdueBucketsInOrderSkippingTheEmptyOnes) {
  ExpiryQueue q(2000, 0);  // first boundary: 2000
  q.update(1, 6000, 1);     // 8000
  q.update(2, 6000, 2500);  // 10000
  EXPECT_TRUE(q.poll(1999).empty());
  EXPECT_EQ(q.next_expiration(), 2000);
  // A stall until 11000: ExpiryQueue.poll would move one interval a call (2000, 4000 and 6000
  // empty, then 8000, 10000); the empty ones release nothing and are skipped.
  std::vector<std::vector<uint64_t>> drained;
  while (q.next_expiration() <= 11000) drained.push_back(q.poll(11000));
  EXPECT_EQ(drained, (std::vector<std::vector<uint64_t>>{{1}, {2}}));
  EXPECT_EQ(q.next_expiration(), 12000);
  EXPECT_FALSE(q.contains(1));
}

TEST(ExpiryQueue, AStallOfYearsDrainsInAsManyPollsAsThereAreBuckets) {
  ExpiryQueue q(2000, 0);
  q.update(1, 6000, 1);  // 8000
  const int64_t years = 10LL * 365 * 24 * 3600 * 1000;
  int polls = 0;
  std::vector<uint64_t> expired;
  while (q.next_expiration() <= years) {
    for (uint64_t s : q.poll(years)) expired.push_back(s);
    ++polls;
  }
  EXPECT_EQ(expired, (std::vector<uint64_t>{1}));
  EXPECT_EQ(polls, 2);  // the bucket, then the empty rest at once
  EXPECT_EQ(q.next_expiration(), ExpiryQueue::round_to_next_interval(years, 2000));
}

TEST(ExpiryQueue, ATouchRescuesASessionFromAnOverdueBucketNotYetPolled) {
  ExpiryQueue q(2000, 0);
  q.update(1, 6000, 1);  // 8000
  // 8500: the 8000 bucket is due but unpolled; a touch moves the session out of it.
  q.update(1, 6000, 8500);
  while (q.next_expiration() <= 8500) EXPECT_TRUE(q.poll(8500).empty());
  EXPECT_EQ(q.bucket_of(1), 16000);
}

// Buckets keep the sessions appended to them (a move leaves its old entry behind): poll must
// still release each live session once, in session order, and skip a bucket whose sessions all
// moved on or were removed, exactly as if it were empty.
TEST(ExpiryQueue, SessionsThatMovedOnOrBackAreReleasedOnceFromWhereTheyAre) {
  ExpiryQueue q(2000, 0);
  q.update(5, 6000, 1);     // 8000
  q.update(3, 6000, 1);     // 8000
  q.update(5, 6000, 2500);  // 10000: its 8000 entry is dead
  q.update(5, 6000, 1);     // back in 8000: appended a second time
  q.update(9, 6000, 1);     // 8000
  q.remove(9);
  q.update(4, 6000, 2500);  // 10000
  q.update(4, 6000, 4500);  // 12000: 10000 holds only dead entries
  std::vector<std::vector<uint64_t>> drained;
  while (q.next_expiration() <= 13000) drained.push_back(q.poll(13000));
  EXPECT_EQ(drained, (std::vector<std::vector<uint64_t>>{{3, 5}, {4}}));
  EXPECT_EQ(q.next_expiration(), 14000);
  EXPECT_FALSE(q.contains(5));
  EXPECT_EQ(q.find(4), -1);
}

}  // namespace
}  // namespace leasesim::zookeeper
