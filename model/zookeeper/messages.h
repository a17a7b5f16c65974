// The messages of the ZooKeeper model and their fields in a MessageBody. Names are what scenario
// selectors (`message: Ping`) and traces use. Times travel as whole milliseconds, as in
// ZooKeeper's wire protocol.
//
// Client <-> server: ConnectRequest/ConnectResponse (a session id of 0 asks for a new session;
// a response with timeout 0 says the session is gone), Ping/PingReply, Create/CreateReply and
// Exists/ExistsReply for the lock recipe, WatchEvent (the watched node was deleted), and Close,
// the server closing the connection (ServerCnxn.close: a FIN on the socket).
//
// Between servers: LeaderPing (every tickTime/2) and LearnerPing (the reply, carrying the
// touched sessions as an attachment of (session, timeout) pairs); Forward* requests a follower
// passes to the leader and their Result*; Commit (a committed transaction, applied by every
// follower); Vote (an election message: its sender, whether it leads, and whom it follows).
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
  kCreateReply,      // session, path symbol, created (1) or NodeExists (0)
  kExists,           // session, path symbol (always sets a watch)
  kExistsReply,      // session, path symbol, 0 no node / 1 another session's / 2 this session's
  kWatchEvent,       // -, path symbol (NodeDeleted)
  kClose,            // the server closed the connection
  kLeaderPing,       // -
  kLearnerPing,      // attachment: session, timeout ms, session, timeout ms, ...
  kForwardConnect,   // client node, session (0: create), timeout ms, connection
  kConnectResult,    // client node, session (0: invalid), timeout ms, connection
  kForwardCreate,    // client node, session, path symbol, connection
  kCreateResult,     // client node, session, path symbol, connection if created, -connection if not
  kCommit,           // txn type, session, timeout ms / path symbol, client node; attachment: a full state
  kVote,             // sender myid, leading (1/0), myid of the leader it follows (0: none)
  kKinds
};

inline std::vector<std::string> message_names() {
  return {"ConnectRequest", "ConnectResponse", "Ping",       "PingReply",     "Create",
          "CreateReply",    "Exists",          "ExistsReply", "WatchEvent",   "Close",
          "LeaderPing",     "LearnerPing",     "ForwardConnect", "ConnectResult", "ForwardCreate",
          "CreateResult",   "Commit",          "Vote"};
}

enum class Txn : int64_t { create_session = 1, close_session = 2, create_node = 3 };

}  // namespace leasesim::zookeeper
