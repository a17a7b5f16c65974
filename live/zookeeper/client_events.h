// The ZooKeeper model's trace events, made from what real processes show: the clients' lines
// (zkclient's JSON), the frames the proxy delivered and the server log's expiries. The events
// and their fields are the model's (model/zookeeper/client.cpp, server.cpp), so that the same
// checkers judge both:
//  - a client's CONNECTED: `state` CONNECTED and `lease_believed`; CONNECTING: `lease_dropped`,
//    the lock released (`lock_belief: connected`); EXPIRED: `state` EXPIRED, `expiry_learned`;
//  - a session's number (epoch) is the model's: myid x 1,000,000 + its rank among the sessions
//    that server created, in the order their ConnectResponses came;
//  - `lease_granted` at the server for each frame of an established session the server
//    received, with the deadline the server computes (SessionTrackerImpl.touchSession: the end
//    of the tick bucket after now + timeout; t0 is a tick boundary of the server's clock), and
//    for a ConnectRequest when its response says the session is valid;
//  - `lease_expired` where a server logged "Expiring session", unless the session outlived it:
//    an ensemble's leader logs that when its expirer proposes the close, which a leader cut off
//    from its quorum cannot commit; a session its client later re-attached to (a
//    ConnectResponse with a timeout) was not expired then.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "live/zookeeper/codec.h"
#include "live/zookeeper/timeline.h"
#include "model/zookeeper/params.h"

namespace leasesim::live::zookeeper {

class ClientEvents {
 public:
  // `servers`: the server nodes in myid order (the first is myid 1).
  ClientEvents(Timeline& timeline, const leasesim::zookeeper::ZooKeeperParams& params, std::vector<sim::NodeId> servers);

  // A zkclient line, its stamp (CLOCK_MONOTONIC ns) made an instant of the run by `t0_ns`.
  // A line that is not one of zkclient's is counted, not recorded.
  void on_line(sim::NodeId client, const std::string& line, int64_t t0_ns);
  // A frame the proxy wrote to its receiver at `t`, on proxy connection `connection`.
  void on_frame(sim::NodeId from, sim::NodeId to, uint64_t connection, const FrameInfo& frame, sim::Instant t);
  // The server logged that it expires `session` at `t`.
  void on_expiry(sim::NodeId server, sim::Instant t, uint64_t session);

  // Records the grants (see above), once every source has been read: a frame that reaches the
  // server after it expired the session touches nothing (the server closed that connection),
  // and the log that says so is read after the frame.
  void finish();
  uint64_t bad_lines() const { return bad_lines_; }

 private:
  struct Connection {
    sim::NodeId client = sim::kNoNode;
    sim::NodeId server = sim::kNoNode;
    uint64_t session = 0;
    int64_t timeout_ms = 0;
    sim::Instant requested;
    bool established = false;
  };
  struct Session {
    sim::NodeId client;
    uint64_t epoch;
    sim::Instant expired = sim::Instant::never();  // the first expiry it did not outlive
    std::vector<std::pair<sim::NodeId, sim::Instant>> expiries;  // as the logs said
    sim::Instant last_valid = sim::Instant::never();  // its last valid ConnectResponse
  };
  struct Touch {
    sim::Instant t;
    Connection connection;
  };
  struct View {
    uint64_t epoch = 0;
    bool believing = false;
    bool lock = false;
    sim::NodeId server = sim::kNoNode;
  };
  void grant(const Connection& c, sim::Instant t) { touches_.push_back({t, c}); }
  uint64_t epoch_of(uint64_t session, sim::NodeId client, sim::NodeId server);
  void lose_belief(sim::NodeId client, sim::Instant t);

  Timeline& timeline_;
  const leasesim::zookeeper::ZooKeeperParams& params_;
  std::vector<sim::NodeId> servers_;
  std::map<uint64_t, Connection> connections_;
  std::map<uint64_t, Session> sessions_;
  std::map<sim::NodeId, uint64_t> created_;  // sessions each server created
  std::map<sim::NodeId, View> views_;
  std::vector<Touch> touches_;
  uint64_t bad_lines_ = 0;
};

}  // namespace leasesim::live::zookeeper
