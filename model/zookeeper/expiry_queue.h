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
#include <vector>

#include "model/zookeeper/session_table.h"

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
  // The session's bucket, or -1 when it is not in the queue (one lookup for a touch).
  int64_t find(uint64_t session) const {
    const int64_t* at = bucket_of_.find(session);
    return at == nullptr ? -1 : *at;
  }
  // Starts loading what a touch of the session reads first. A hint only.
  void prefetch(uint64_t session) const { bucket_of_.prefetch(session); }

 private:
  int64_t interval_;
  int64_t next_;
  // Where each session is: a touch looks it up once, at an address its id gives (not a tree of
  // tens of thousands of sessions, a cache miss per level).
  SessionTable<int64_t> bucket_of_;
  // Each bucket's sessions as appended, not erased when one moves on: an entry counts only while
  // bucket_of_ still names that bucket (a touch appends, a removal only erases from bucket_of_).
  // poll() sorts and deduplicates what is live, so it releases the same sessions in the same
  // session-id order as an exact set would, without a tree node per touch.
  std::map<int64_t, std::vector<uint64_t>> buckets_;
  // Buckets released by poll(), node and vector capacity kept: a new bucket reuses one instead
  // of allocating a map node and growing a vector again (buckets come and go every tick).
  std::vector<std::map<int64_t, std::vector<uint64_t>>::node_type> spare_;
  // Takes the live, sorted sessions of bucket b out of bucket_of_; empty when all moved on.
  std::vector<uint64_t> take_live(std::map<int64_t, std::vector<uint64_t>>::iterator b);
};

}  // namespace leasesim::zookeeper
