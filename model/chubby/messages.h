// The Chubby model's message kinds and how their fields sit in a MessageBody. Names are what
// scenario selectors (`message: KeepAliveReply`) and traces use.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/message.h"
#include "sim/time.h"

namespace leasesim::chubby {

enum Kind : sim::MessageKind { kKeepAlive = 0, kKeepAliveReply, kAcquire, kAcquireReply, kWrite };

inline std::vector<std::string> message_names() { return {"KeepAlive", "KeepAliveReply", "Acquire", "AcquireReply", "Write"}; }

// A client's session is numbered 1, 2, ... (a new one after each expiry); every call carries
// the master epoch it knows (§2.9: "clients are required to present" it).
struct KeepAlive {
  uint64_t session;
  uint64_t request;  // never reused by a client: a reply answers exactly one request
  uint64_t master_epoch;
  bool creating;  // until the session's first reply: only this creates a session

  sim::MessageBody encode() const {
    return {static_cast<int64_t>(session), static_cast<int64_t>(request), static_cast<int64_t>(master_epoch), creating ? 1 : 0};
  }
  static KeepAlive decode(const sim::MessageBody& b) {
    return {static_cast<uint64_t>(b[0]), static_cast<uint64_t>(b[1]), static_cast<uint64_t>(b[2]), b[3] != 0};
  }
};

enum class ReplyStatus : int64_t { granted = 1, expired = 2, wrong_epoch = 3 };

struct KeepAliveReply {
  uint64_t request;
  ReplyStatus status;
  uint64_t master_epoch;  // the master's (wrong_epoch: the one to present from now on)
  sim::Duration remaining;  // granted: the lease from the reply on, on the master's clock
  sim::Duration hold;       // granted: how long the master held the request

  sim::MessageBody encode() const {
    return {static_cast<int64_t>(request), static_cast<int64_t>(status) | static_cast<int64_t>(master_epoch << 8), remaining.ns,
            hold.ns};
  }
  static KeepAliveReply decode(const sim::MessageBody& b) {
    return {static_cast<uint64_t>(b[0]), static_cast<ReplyStatus>(b[1] & 0xff), static_cast<uint64_t>(b[1]) >> 8,
            sim::Duration{b[2]}, sim::Duration{b[3]}};
  }
};

// Acquire: {session}. AcquireReply: {session, generation}: the lock's sequencer (§2.4), one
// more at each grant. A waiting Acquire is answered when the lock is granted.
// Write: leasesim::write_body(session, generation).

}  // namespace leasesim::chubby
