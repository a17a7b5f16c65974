// The timing wheel against the simplest correct queue: whatever mix of near, far and equal
// times is pushed and popped, it yields exactly what a binary heap on (time, seq) yields.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <queue>
#include <vector>

#include "sim/event_queue.h"

namespace leasesim::sim {
namespace {

using Entry = EventQueue::Entry;

struct Later {
  bool operator()(const Entry& a, const Entry& b) const { return a.time != b.time ? a.time > b.time : a.seq > b.seq; }
};

// One step: push `count` entries at now + an offset of the chosen scale, or pop `count`.
struct Step {
  bool push = true;
  int count = 1;
  int scale = 0;   // 0: same instant, 1: within a bucket, 2: level 0, 3: level 1, 4: overflow
  int64_t offset = 0;
};

int64_t offset_ns(int scale, int64_t r) {
  static constexpr int64_t kSpan[] = {0, 1'000'000, 250'000'000, 60'000'000'000, 3'600'000'000'000};
  return kSpan[scale] == 0 ? 0 : r % kSpan[scale];
}

RC_GTEST_PROP(EventQueue, PopsInTheOrderOfABinaryHeap, ()) {
  const auto steps = *rc::gen::container<std::vector<Step>>(rc::gen::build<Step>(
      rc::gen::set(&Step::push, rc::gen::weightedElement<bool>({{3, true}, {2, false}})),
      rc::gen::set(&Step::count, rc::gen::inRange(1, 20)), rc::gen::set(&Step::scale, rc::gen::inRange(0, 5)),
      rc::gen::set(&Step::offset, rc::gen::inRange<int64_t>(0, int64_t{1} << 50))));
  EventQueue q;
  std::priority_queue<Entry, std::vector<Entry>, Later> ref;
  uint64_t seq = 0;
  int64_t now = 0;
  for (const Step& s : steps) {
    for (int i = 0; i < s.count; ++i) {
      if (s.push) {
        const Entry e{now + offset_ns(s.scale, s.offset + i * 7919), seq++, static_cast<uint32_t>(seq), 0};
        q.push(e);
        ref.push(e);
      } else if (!ref.empty()) {
        RC_ASSERT(!q.empty());
        const Entry got = q.top();
        RC_ASSERT(got.time == ref.top().time);
        RC_ASSERT(got.seq == ref.top().seq);
        now = got.time;  // the simulator never schedules before now
        q.pop();
        ref.pop();
      }
      RC_ASSERT(q.size() == ref.size());
      // What the simulator loads ahead: the rest of the bucket being run, in order, none before
      // the next entry. On a copy: top() may move the queue on to its next bucket, and pushes
      // into a queue left at the end of a bucket are a case of their own.
      if (!q.empty()) {
        EventQueue c = q;
        const Entry next = c.top();
        const Entry* ahead = c.ahead_begin();
        for (size_t k = 0; k < c.ahead_count(); ++k) {
          RC_ASSERT(!Later{}(next, ahead[k]));
          if (k > 0) RC_ASSERT(Later{}(ahead[k], ahead[k - 1]));
        }
      }
    }
  }
  while (!ref.empty()) {
    RC_ASSERT(q.top().seq == ref.top().seq);
    q.pop();
    ref.pop();
  }
  RC_ASSERT(q.empty());
}

TEST(EventQueue, SparseFarEventsAndEqualTimesKeepTheirOrder) {
  EventQueue q;
  const int64_t hour = 3'600'000'000'000;
  q.push({hour, 0, 0, 0});
  q.push({5, 1, 1, 0});
  q.push({hour, 2, 2, 0});
  q.push({70'000'000'000, 3, 3, 0});  // beyond level 1's reach from time 0
  q.push({5, 4, 4, 0});
  std::vector<uint64_t> order;
  while (!q.empty()) {
    order.push_back(q.top().seq);
    q.pop();
  }
  EXPECT_EQ(order, (std::vector<uint64_t>{1, 4, 3, 0, 2}));
}

// The run of a crowded bucket is sorted by groups of its times (sort_run): thousands of entries
// within one bucket, pushed out of order, a few hundred of them at one instant (the comparison
// fallback) and some at the bucket's first and last nanosecond, come out in (time, seq) order.
TEST(EventQueue, ACrowdedBucketComesOutInOrder) {
  EventQueue q;
  const int64_t bucket = int64_t{1} << 20;
  const int64_t base = 7 * bucket;  // the queue starts at bucket 0: these wait in level 0
  std::vector<Entry> pushed;
  uint64_t rng = 0x9e3779b97f4a7c15ULL;
  for (uint64_t seq = 0; seq < 5000; ++seq) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    int64_t time = base + static_cast<int64_t>(rng % bucket);
    if (seq % 17 == 0) time = base + 4242;  // one crowded instant
    if (seq == 3) time = base;
    if (seq == 4) time = base + bucket - 1;
    pushed.push_back({time, seq, static_cast<uint32_t>(seq), 0});
  }
  // Pushed in an order that is neither by time nor by seq.
  for (size_t i = 0; i < pushed.size(); i += 2) q.push(pushed[i]);
  for (size_t i = pushed.size() - 1; i < pushed.size(); i -= 2) q.push(pushed[i]);
  std::sort(pushed.begin(), pushed.end(), [](const Entry& a, const Entry& b) { return Later{}(b, a); });
  for (const Entry& want : pushed) {
    ASSERT_FALSE(q.empty());
    EXPECT_EQ(q.top().time, want.time);
    ASSERT_EQ(q.top().seq, want.seq);
    q.pop();
  }
  EXPECT_TRUE(q.empty());
}

}  // namespace
}  // namespace leasesim::sim
