// The messages of the ZooKeeper model and their fields in a MessageBody. Names are what scenario
// selectors (`message: Ping`) and traces use. Times travel as whole milliseconds, as in
// ZooKeeper's wire protocol.
//
// Client <-> server: ConnectRequest/ConnectResponse (a session id of 0 asks for a new session;
// a response with timeout 0 says the session is gone), Ping/PingReply, Create/CreateReply and
// Exists/ExistsReply for the lock recipe, WatchEvent (the watched node was deleted), and Close,
// the closing of a connection (a FIN; also between servers).
//
// Between servers (quorum/Leader.java's packet types, simplified):
//  - Vote: Fast Leader Election's notification.
//  - FollowerInfo (FOLLOWERINFO: the follower's accepted epoch and last zxid), NewLeader
//    (LEADERINFO/NEWEPOCH, the sync and NEWLEADER in one: the new epoch, with the leader's
//    committed state and outstanding proposals attached), AckNewLeader (ACKEPOCH and the ack of
//    NEWLEADER in one).
//  - LeaderPing (every tickTime/2) and LearnerPing (the reply, carrying the touched sessions as
//    an attachment of (session, timeout) pairs).
//  - Proposal (a transaction, attached), Ack (after the follower's log sync), Commit.
//  - ForwardConnect / ConnectResult: a follower asks the leader to create a session (a
//    proposal follows) or to revalidate one (REVALIDATE: a touch at the leader, no proposal).
//  - ForwardCreate: a follower passes a create to the leader (a proposal follows).
#pragma once

#include <string>
#include <vector>

#include "sim/message.h"

namespace leasesim::zookeeper {

// Every message between a client and a server carries, in body[3], the number the client gave
// the connection it travels on (a TCP connection's identity): traffic of a closed connection
// never touches a newer one.
enum Kind : sim::MessageKind {
  kConnectRequest,   // session (0: new), requested timeout ms
  kConnectResponse,  // session, negotiated timeout ms (0: the session is gone)
  kPing,             // session
  kPingReply,        // session
  kCreate,           // session, path symbol (an ephemeral node)
  kCreateReply,      // session, path symbol, the node's creation zxid (its fencing token) or 0: not created
  kExists,           // session, path symbol (always sets a watch)
  kExistsReply,      // session, path symbol, 0 no node / 1 another session's / 2 this session's
  kWatchEvent,       // -, path symbol (NodeDeleted)
  kClose,            // the sender closed the connection
  kVote,             // sender myid, state (VoteState), looking: its current epoch / serving: the
                     // leader's myid, last zxid
  kFollowerInfo,     // accepted epoch, last zxid
  kNewLeader,        // epoch; attachment: the leader's state (Replica::encode_sync)
  kAckNewLeader,     // epoch
  kLeaderPing,       // epoch
  kLearnerPing,      // epoch; attachment: session, timeout ms, session, timeout ms, ...
  kProposal,         // zxid; attachment: the transaction (Txn::encode)
  kAck,              // zxid
  kCommit,           // zxid
  kForwardConnect,   // client node, session (0: create), timeout ms, connection
  kConnectResult,    // client node, session (0: invalid), timeout ms, connection
  kForwardCreate,    // client node, session, path symbol, connection
  kWrite,            // to a fenced resource: write_body(session, token) (include/leasesim/fenced_resource.h)
  kKinds
};

inline std::vector<std::string> message_names() {
  return {"ConnectRequest", "ConnectResponse", "Ping",          "PingReply",    "Create",         "CreateReply",
          "Exists",         "ExistsReply",     "WatchEvent",    "Close",        "Vote",           "FollowerInfo",
          "NewLeader",      "AckNewLeader",    "LeaderPing",    "LearnerPing",  "Proposal",       "Ack",
          "Commit",         "ForwardConnect",  "ConnectResult", "ForwardCreate", "Write"};
}

// A server's election state as a Vote reports it (QuorumPeer.ServerState).
enum class VoteState : int64_t { looking = 0, following = 1, leading = 2 };

}  // namespace leasesim::zookeeper
