#include "model/zookeeper/expiry_queue.h"

#include <algorithm>

#include "sim/require.h"

namespace leasesim::zookeeper {

ExpiryQueue::ExpiryQueue(int64_t interval_ms, int64_t now_ms)
    : interval_(interval_ms), next_(round_to_next_interval(now_ms, interval_ms)) {
  LS_REQUIRE(interval_ms > 0);
}

int64_t ExpiryQueue::update(uint64_t session, int64_t timeout_ms, int64_t now_ms) {
  const int64_t bucket = round_to_next_interval(now_ms + timeout_ms, interval_);
  if (int64_t* at = bucket_of_.find(session)) {
    if (*at == bucket) return bucket;  // same bucket: nothing moves
    *at = bucket;                      // its entry in the old bucket is dead from here
  } else {
    bucket_of_[session] = bucket;
  }
  auto b = buckets_.find(bucket);
  if (b == buckets_.end()) {
    if (spare_.empty()) {
      b = buckets_.try_emplace(bucket).first;
    } else {
      auto node = std::move(spare_.back());
      spare_.pop_back();
      node.key() = bucket;
      node.mapped().clear();
      b = buckets_.insert(std::move(node)).position;
    }
  }
  b->second.push_back(session);
  return bucket;
}

void ExpiryQueue::remove(uint64_t session) { bucket_of_.erase(session); }

std::vector<uint64_t> ExpiryQueue::take_live(std::map<int64_t, std::vector<uint64_t>>::iterator b) {
  std::vector<uint64_t> out;
  for (uint64_t s : b->second) {
    const int64_t* at = bucket_of_.find(s);
    if (at != nullptr && *at == b->first) out.push_back(s);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());  // moved away and back: appended twice
  for (uint64_t s : out) bucket_of_.erase(s);
  spare_.push_back(buckets_.extract(b));
  return out;
}

// ExpiryQueue.poll moves on one interval per call, so after a stall of a year the expirer
// would poll some fifteen million empty buckets of 2 s before reaching the present. The empty
// ones release nothing: this poll skips them (and those whose sessions all moved on), and
// releases exactly what those calls would have, in the same order.
std::vector<uint64_t> ExpiryQueue::poll(int64_t now_ms) {
  if (now_ms < next_) return {};
  for (auto b = buckets_.lower_bound(next_); b != buckets_.end() && b->first <= now_ms; b = buckets_.lower_bound(next_)) {
    const int64_t at = b->first;
    std::vector<uint64_t> out = take_live(b);
    if (!out.empty()) {
      next_ = at + interval_;
      return out;
    }
  }
  next_ = round_to_next_interval(now_ms, interval_);  // every bucket up to now was empty
  return {};
}

}  // namespace leasesim::zookeeper
