// ZooKeeper's session expiry queue (ExpiryQueue.java, used by SessionTrackerImpl), in integer
// milliseconds of the owning server's clock, with Java's truncating division.
//
// A touch at t with timeout T files the session in the bucket
//   roundToNextInterval(t + T) = ((t + T) / I + 1) * I        (I = tickTime)
// so a session lives more than T and at most T + I after its last touch; a touch landing in
// the bucket it is already in changes nothing. poll() releases the next bucket once now has
// reached it and moves on by exactly one interval, so after a stall repeated polls drain every
// overdue bucket in order.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <vector>

namespace leasesim::zookeeper {

class ExpiryQueue {
 public:
  // The first bucket boundary is the one after `now` (ExpiryQueue's constructor).
  ExpiryQueue(int64_t interval_ms, int64_t now_ms);

  static int64_t round_to_next_interval(int64_t t, int64_t interval) { return (t / interval + 1) * interval; }

  // Returns the session's bucket after the touch.
  int64_t update(uint64_t session, int64_t timeout_ms, int64_t now_ms);
  void remove(uint64_t session);
  // The next bucket due; a poll at or after it releases it.
  int64_t next_expiration() const { return next_; }
  // The sessions of the bucket due at next_expiration() if now has reached it (advancing by one
  // interval), else nothing. In session-id order, for determinism.
  std::vector<uint64_t> poll(int64_t now_ms);
  bool contains(uint64_t session) const { return bucket_of_.contains(session); }
  int64_t bucket_of(uint64_t session) const { return bucket_of_.at(session); }

 private:
  int64_t interval_;
  int64_t next_;
  std::map<uint64_t, int64_t> bucket_of_;
  std::map<int64_t, std::set<uint64_t>> buckets_;
};

}  // namespace leasesim::zookeeper
