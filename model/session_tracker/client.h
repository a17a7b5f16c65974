// A client of the session tracker. It creates a session at a server (which becomes its owner
// once the create commits), heartbeats the owner, and believes its session while its owner
// answers (a belief with no end of its own, like a connected ZooKeeper client). When its owner
// drops it or goes silent for connection_timeout, it stops believing and revalidates the same
// session at the next server in its list; told the session expired, it creates a new one.
// Its first server is the one after its own position in the list (c1 -> the second server), so
// that sessions start on followers, where an owner can fall off the quorum.
#pragma once

#include <vector>

#include "model/session_tracker/messages.h"
#include "model/session_tracker/params.h"
#include "sim/actor.h"

namespace leasesim::session_tracker {

class Client final : public sim::Actor {
 public:
  // `first`: the index in `servers` of the first server it connects to.
  Client(sim::Context& ctx, const SessionTrackerParams& params, std::vector<sim::NodeId> servers, size_t first);

  void on_start() override;
  void on_timer(uint64_t tag) override;
  void on_message(const sim::Message& m) override;

 private:
  void connect(bool create);
  void lose_connection();

  sim::Context& ctx_;
  const SessionTrackerParams params_;
  const std::vector<sim::NodeId> servers_;
  size_t at_;  // index of the server it talks to
  uint64_t epoch_ = 1;
  bool created_ = false;   // the epoch's session was committed once (revalidate, not create)
  bool connected_ = false;
  sim::LocalTime last_answer_;
  sim::TimerId heartbeat_;
  sim::TimerId silence_;
};

}  // namespace leasesim::session_tracker
