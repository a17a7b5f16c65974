// The raft_lease model's message kinds: etcd raft's MsgPreVote/MsgVote and their responses, and
// the leader's heartbeat (an empty append) with its acknowledgement. There is no log: every
// server's log is as up to date as any other's, so a vote depends on terms and leases only.
#pragma once

#include <string>
#include <vector>

#include "sim/message.h"

namespace leasesim::raft_lease {

enum Kind : sim::MessageKind {
  kPreVote = 0,     // {term the sender would campaign in}
  kPreVoteReply,    // {that term, or the receiver's when it is newer; granted}
  kVote,            // {term}
  kVoteReply,       // {term, granted}
  kHeartbeat,       // {term, send time on the leader's clock in ns}
  kHeartbeatReply,  // {term, the heartbeat's send time, ok}
};

inline std::vector<std::string> message_names() {
  return {"PreVote", "PreVoteReply", "Vote", "VoteReply", "Heartbeat", "HeartbeatReply"};
}

// What a server keeps across a restart (Raft's persistent state without the log).
struct Persistent {
  uint64_t term = 0;
  sim::NodeId voted_for = sim::kNoNode;
  // The lease as the leader last extended it, an absolute reading of its own clock (written
  // with each extension, like a CockroachDB liveness record's expiration); 0: none.
  uint64_t lease_term = 0;
  sim::LocalTime lease_end;
};

}  // namespace leasesim::raft_lease
