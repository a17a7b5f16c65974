// The session tracker's messages and how their fields sit in a MessageBody. Names are what
// scenario selectors (`message: Heartbeat`) and traces use. A session is (client node, epoch):
// a client's epoch is 1 for its first session and one more each time it learns one expired.
#pragma once

#include <string>
#include <vector>

#include "sim/message.h"

namespace leasesim::session_tracker {

enum Kind : sim::MessageKind {
  kConnect = 0,    // client -> server: {epoch, create (1) or revalidate (0)}
  kConnected,      // server -> client: {epoch}: the create or revalidation committed, this server owns it
  kHeartbeat,      // client -> owner: {epoch}; never replicated
  kHeartbeatAck,   // owner -> client: {epoch}
  kDisconnect,     // server -> client: {}: the server left the quorum and dropped its clients
  kExpired,        // server -> client: {epoch}: the group committed the session's close
  kRequest,        // server -> leader: {txn type, client, epoch, server}: create, own or close
  kReject,         // leader -> server: {client, epoch}: revalidating a closed session
  kPropose,        // leader -> follower: a txn (encode_txn)
  kAck,            // follower -> leader: {zxid}
  kCommit,         // leader -> follower: a txn, committed by a quorum
  kSync,           // leader -> follower: {last committed zxid}
  kSyncAck,        // follower -> leader: {zxid applied}
  kTouch,          // owner -> leader: {client, epoch}: a forwarded heartbeat (forward_heartbeats)
  // The membership tracker's own (model/membership_tracker/), handled by the same servers:
  kGet,            // member -> owner: {epoch}: a heartbeat that also reads the group
  kGetAnswer,      // owner -> member: {epoch, version, active members, inactive members} (node-id bit sets)
  kPutConfig,      // admin -> server: {member (kNoNode: the group), value}: persistent configuration
  kConfigured,     // server -> admin: {member, version}: the configuration committed
};

inline std::vector<std::string> message_names() {
  return {"Connect", "Connected", "Heartbeat", "HeartbeatAck", "Disconnect", "Expired", "Request",
          "Reject",  "Propose",   "Ack",       "Commit",       "Sync",       "SyncAck", "Touch"};
}

enum class TxnType : int64_t { create = 1, own = 2, close = 3, config = 4 };

// A replicated transaction: create a session owned by `owner`, move it to `owner`, or close it;
// or (config) set the configuration of member `client` (kNoNode: the group's) to `epoch`.
struct Txn {
  uint64_t zxid = 0;
  TxnType type = TxnType::create;
  sim::NodeId owner = sim::kNoNode;
  sim::NodeId client = sim::kNoNode;
  uint64_t epoch = 0;

  sim::MessageBody encode() const {
    return {static_cast<int64_t>(zxid), static_cast<int64_t>(type) * 65536 + static_cast<int64_t>(owner),
            static_cast<int64_t>(client), static_cast<int64_t>(epoch)};
  }
  static Txn decode(const sim::MessageBody& b) {
    return {static_cast<uint64_t>(b[0]), static_cast<TxnType>(b[1] / 65536), static_cast<sim::NodeId>(b[1] % 65536),
            static_cast<sim::NodeId>(b[2]), static_cast<uint64_t>(b[3])};
  }
};

}  // namespace leasesim::session_tracker
