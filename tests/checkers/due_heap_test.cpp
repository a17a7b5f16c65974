// checkers/due_heap.h: entries come out earliest first; stale ones are dropped, not handed on.
#include "checkers/due_heap.h"

#include <gtest/gtest.h>

#include <set>
#include <utility>
#include <vector>

namespace leasesim::checkers {
namespace {

sim::Instant at(int64_t ns) { return sim::Instant{ns}; }

TEST(DueHeap, HandsOnTheCurrentEntriesDueBeforeTheInstantEarliestFirst) {
  DueHeap<int> h;
  for (const auto& [t, k] : std::vector<std::pair<int64_t, int>>{{50, 5}, {10, 1}, {40, 4}, {20, 2}, {30, 3}}) h.push(at(t), k);
  EXPECT_EQ(h.front(), at(10));
  const std::set<int> stale{2};
  std::vector<int> due;
  h.take_before(at(40), [&](sim::Instant, int k) { return !stale.contains(k); }, [&](int k) { due.push_back(k); });
  EXPECT_EQ(due, (std::vector<int>{1, 3}));  // 4 is due at 40, not before it; 2 is stale
  EXPECT_EQ(h.front(), at(40));
  h.take_before(at(1000), [](sim::Instant, int) { return true; }, [&](int k) { due.push_back(k); });
  EXPECT_EQ(due, (std::vector<int>{1, 3, 4, 5}));
  EXPECT_TRUE(h.empty());
}

TEST(DueHeap, TheCheckerJudgesAnEntryByItsInstantAndAKeyPushedTwiceComesTwice) {
  DueHeap<int> h;
  h.push(at(10), 7);  // the key's instant moved on to 30: this entry is stale
  h.push(at(30), 7);
  h.push(at(30), 7);
  std::vector<std::pair<int64_t, int>> due;
  h.take_before(
      at(100), [](sim::Instant t, int) { return t == at(30); }, [&](int k) { due.emplace_back(30, k); });
  EXPECT_EQ(due, (std::vector<std::pair<int64_t, int>>{{30, 7}, {30, 7}}));
}

}  // namespace
}  // namespace leasesim::checkers
