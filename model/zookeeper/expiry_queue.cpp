#include "model/zookeeper/expiry_queue.h"

#include "sim/require.h"

namespace leasesim::zookeeper {

ExpiryQueue::ExpiryQueue(int64_t interval_ms, int64_t now_ms)
    : interval_(interval_ms), next_(round_to_next_interval(now_ms, interval_ms)) {
  LS_REQUIRE(interval_ms > 0);
}

int64_t ExpiryQueue::update(uint64_t session, int64_t timeout_ms, int64_t now_ms) {
  const int64_t bucket = round_to_next_interval(now_ms + timeout_ms, interval_);
  auto it = bucket_of_.find(session);
  if (it != bucket_of_.end()) {
    if (it->second == bucket) return bucket;  // same bucket: nothing moves
    auto old = buckets_.find(it->second);
    old->second.erase(session);
    if (old->second.empty()) buckets_.erase(old);
    it->second = bucket;
  } else {
    bucket_of_.emplace(session, bucket);
  }
  buckets_[bucket].insert(session);
  return bucket;
}

void ExpiryQueue::remove(uint64_t session) {
  auto it = bucket_of_.find(session);
  if (it == bucket_of_.end()) return;
  auto b = buckets_.find(it->second);
  b->second.erase(session);
  if (b->second.empty()) buckets_.erase(b);
  bucket_of_.erase(it);
}

// ExpiryQueue.poll moves on one interval per call, so after a stall of a year the expirer
// would poll some fifteen million empty buckets of 2 s before reaching the present. The empty
// ones release nothing: this poll skips them, and releases exactly what those calls would have,
// in the same order.
std::vector<uint64_t> ExpiryQueue::poll(int64_t now_ms) {
  if (now_ms < next_) return {};
  std::vector<uint64_t> out;
  auto b = buckets_.lower_bound(next_);
  if (b == buckets_.end() || b->first > now_ms) {
    next_ = round_to_next_interval(now_ms, interval_);  // every bucket up to now was empty
    return out;
  }
  next_ = b->first + interval_;
  for (uint64_t s : b->second) {
    out.push_back(s);
    bucket_of_.erase(s);
  }
  buckets_.erase(b);
  return out;
}

}  // namespace leasesim::zookeeper
