// The two messages of the ZBS KeepAlive lease, and how their fields sit in a MessageBody.
// Names are what scenario selectors (`message: KeepAliveReply`) and traces use.
#pragma once

#include <string>
#include <vector>

#include "sim/message.h"

namespace leasesim::zbs {

// Write goes to a fenced resource (include/leasesim/fenced_resource.h), when a scenario has one.
enum Kind : sim::MessageKind { kKeepAlive = 0, kKeepAliveReply = 1, kWrite = 2 };

inline std::vector<std::string> message_names() { return {"KeepAlive", "KeepAliveReply", "Write"}; }

// A follower's session is identified by an epoch: 1 for its first registration, one more each
// time it registers again after learning that the master expired the previous one.
struct KeepAlive {
  uint64_t epoch;
  uint64_t request;  // the follower's RPC id; a reply answers exactly one request
  // Set until the epoch's first grant: only a registering KeepAlive may create a session, so
  // a master that lost a session answers EXPIRED instead of silently re-creating it.
  bool registering;

  sim::MessageBody encode() const {
    return {static_cast<int64_t>(epoch), static_cast<int64_t>(request), registering ? 1 : 0, 0};
  }
  static KeepAlive decode(const sim::MessageBody& b) {
    return {static_cast<uint64_t>(b[0]), static_cast<uint64_t>(b[1]), b[2] != 0};
  }
};

enum class ReplyStatus : int64_t { granted = 1, expired = 2 };

struct KeepAliveReply {
  uint64_t epoch;
  uint64_t request;
  ReplyStatus status;
  int64_t token = 0;  // the session's fencing token: the master's generation at its registration

  sim::MessageBody encode() const {
    return {static_cast<int64_t>(epoch), static_cast<int64_t>(request), static_cast<int64_t>(status), token};
  }
  static KeepAliveReply decode(const sim::MessageBody& b) {
    return {static_cast<uint64_t>(b[0]), static_cast<uint64_t>(b[1]), static_cast<ReplyStatus>(b[2]), b[3]};
  }
};

}  // namespace leasesim::zbs
