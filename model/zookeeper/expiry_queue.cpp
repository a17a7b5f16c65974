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
    buckets_[it->second].erase(session);
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
  buckets_[it->second].erase(session);
  bucket_of_.erase(it);
}

std::vector<uint64_t> ExpiryQueue::poll(int64_t now_ms) {
  if (now_ms < next_) return {};
  const int64_t due = next_;
  next_ += interval_;
  std::vector<uint64_t> out;
  auto b = buckets_.find(due);
  if (b == buckets_.end()) return out;
  for (uint64_t s : b->second) {
    out.push_back(s);
    bucket_of_.erase(s);
  }
  buckets_.erase(b);
  return out;
}

}  // namespace leasesim::zookeeper
