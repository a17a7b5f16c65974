// The TTL lock's messages, and how their fields sit in a MessageBody (four integers). A message
// kind is its index in message_names(), which scenarios name in selectors
// (`drop: {from: c1, to: server, message: Renew}`) and traces show.
#pragma once

#include <leasesim/actor.h>

#include <cstdint>
#include <string>
#include <vector>

namespace ttl_lock {

enum Kind : leasesim::MessageKind {
  kAcquire = 0,  // client -> server: SET lock NX PX ttl
  kGranted,      // server -> client: the lock is yours, with this fencing token
  kBusy,         // server -> client: someone holds it
  kRenew,        // client -> server: extend my lease (PEXPIRE if the token is still mine)
  kRenewed,      // server -> client: extended
  kLost,         // server -> client: that lease is gone (expired or released)
  kRelease,      // client -> server: I am done (DEL if the token is still mine)
  kWrite,        // client -> resource: leasesim::write_body(token, token)
};

inline std::vector<std::string> message_names() {
  return {"Acquire", "Granted", "Busy", "Renew", "Renewed", "Lost", "Release", "Write"};
}

// Every request and reply: the client's request number (a reply answers exactly one) and the
// fencing token concerned (0 when there is none). A token doubles as the lease's epoch in the
// trace: each grant is a new lease with a new, higher token.
struct LockMessage {
  uint64_t request = 0;
  int64_t token = 0;

  leasesim::MessageBody encode() const { return {static_cast<int64_t>(request), token, 0, 0}; }
  static LockMessage decode(const leasesim::MessageBody& b) { return {static_cast<uint64_t>(b[0]), b[1]}; }
};

}  // namespace ttl_lock
