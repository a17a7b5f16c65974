// The etcd model's message kinds and how their fields sit in a MessageBody. Raft messages go
// between members; the lease RPCs between a client and its member; a member that does not lead
// forwards keepalives (and proposals) to its leader, as etcd's followers do.
#pragma once

#include <string>
#include <vector>

#include "sim/message.h"

namespace leasesim::etcd {

enum Kind : sim::MessageKind {
  kVote = 0,        // {term, last_index, last_term}
  kVoteReply,       // {term, granted}
  kAppend,          // {term, prev_index, prev_term, commit}; attachment: entries (kEntryWords each)
  kAppendReply,     // {term, success, match_index}
  kPropose,         // a proposal forwarded to the leader: {type, a, b, c}
  kLeaseGrant,      // {request, ttl seconds, count}
  kLeaseGrantReply, // {request, lease id, ttl seconds}
  kKeepAlive,       // {lease, request}
  kKeepAliveForward,       // {lease, request, client}
  kKeepAliveForwardReply,  // {lease, request, client, ttl seconds}
  kKeepAliveReply,         // {lease, request, ttl seconds}; ttl 0: the lease is gone
  kLockPut,                // {request, lease}: put my key under the lock prefix with my lease
  kLockPutReply,           // {request, revision}; revision 0: the lease was gone
  kLockWait,               // {revision}: tell me when no key older than mine remains (waitDeletes)
  kLockWaitReply,          // {revision, my key still exists}
  kTimeoutNow,             // {term}: a leader handing over its leadership tells the transferee to campaign now
};

inline std::vector<std::string> message_names() {
  return {"Vote",         "VoteReply",       "Append",    "AppendReply",       "Propose",
          "LeaseGrant",   "LeaseGrantReply", "KeepAlive", "KeepAliveForward",  "KeepAliveForwardReply",
          "KeepAliveReply", "LockPut",         "LockPutReply", "LockWait",  "LockWaitReply", "TimeoutNow"};
}

// A log entry. noop: a new leader's empty entry (its lessor is promoted once it applies it);
// grant: a = ttl seconds, b = client, c = (member that took the request << 32) | request, and the
// lease id is the entry's index; revoke: a = lease id; checkpoint: a = lease id, b = remaining TTL
// in seconds (0 clears it); lock_put: a = lease, b = client, c as for grant, and the key's create
// revision is the entry's index.
enum class EntryType : int64_t { noop = 0, grant = 1, revoke = 2, checkpoint = 3, lock_put = 4 };
struct Entry {
  int64_t term = 0;
  EntryType type = EntryType::noop;
  int64_t a = 0, b = 0, c = 0;
};
constexpr size_t kEntryWords = 5;

}  // namespace leasesim::etcd
