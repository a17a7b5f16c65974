// The TTL lock model's message kinds and how their fields sit in a MessageBody. Names are what
// scenario selectors (`message: Replicate`) and traces use.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/message.h"
#include "sim/time.h"

namespace leasesim::ttl_lock {

enum Kind : sim::MessageKind { kAcquire = 0, kRenew, kRelease, kReply, kReplicate, kWrite };

inline std::vector<std::string> message_names() { return {"Acquire", "Renew", "Release", "Reply", "Replicate", "Write"}; }

// Acquire, Renew, Release (client to every server): the lock's value, unique to one acquisition
// of one client (Redis: the random value; Consul: the session), and the request it belongs to.
struct Request {
  uint64_t request;  // never reused by a client: a reply answers exactly one request
  uint64_t value;

  sim::MessageBody encode() const { return {static_cast<int64_t>(request), static_cast<int64_t>(value), 0, 0}; }
  static Request decode(const sim::MessageBody& b) { return {static_cast<uint64_t>(b[0]), static_cast<uint64_t>(b[1])}; }
};

enum class Status : int64_t { granted = 1, busy = 2, lost = 3 };

// Reply: granted (with the server's counter, a fencing token), busy (held by another, in
// lock-delay, or a replica not promoted: READONLY), or lost (a renewal of a value no longer held).
struct Reply {
  uint64_t request;
  Status status;
  int64_t token;

  sim::MessageBody encode() const { return {static_cast<int64_t>(request), static_cast<int64_t>(status), token, 0}; }
  static Reply decode(const sim::MessageBody& b) { return {static_cast<uint64_t>(b[0]), static_cast<Status>(b[1]), b[2]}; }
};

// Replicate (primary to replica): the key as the primary has it after a change, its deadline
// as an absolute time (Redis propagates PEXPIREAT); holder < 0: a ping, no change.
struct Replicate {
  int64_t holder;  // the holder's node id, kFree when the key is gone, kPing for a ping
  uint64_t value;
  sim::LocalTime deadline;
  int64_t token;
  static constexpr int64_t kFree = -1;
  static constexpr int64_t kPing = -2;

  sim::MessageBody encode() const { return {holder, static_cast<int64_t>(value), deadline.ns, token}; }
  static Replicate decode(const sim::MessageBody& b) {
    return {b[0], static_cast<uint64_t>(b[1]), sim::LocalTime{b[2]}, b[3]};
  }
};

// Write: leasesim::write_body(value, token).

}  // namespace leasesim::ttl_lock
