// The ZBS master's side of the KeepAlive lease (protocols.md, "ZBS master/follower lease").
//
// One session per follower, with one timer of period keepalive_interval:
//  - a KeepAlive that arrives while the session is active waits (pending) and is answered when
//    the timer fires; the answer grants lease from that moment and re-arms the timer;
//  - a firing with nothing pending moves the session to WAIT_KEEPALIVE and arms the timer for
//    the expiry deadline; a KeepAlive arriving in WAIT_KEEPALIVE is answered at once;
//  - when the deadline passes with nothing answered, HandleExpire marks the session EXPIRED.
// Expiry is decided against the current deadline, whenever the check runs: a timer that fires
// late (stalled) with a KeepAlive pending expires the session and answers EXPIRED, and a
// KeepAlive arriving after the deadline never revives it (seed 000, branch 2). An expired
// session answers every KeepAlive with EXPIRED; the follower must register a new epoch.
// A registering KeepAlive with a new epoch creates a session, answered at once; a plain
// KeepAlive for a session the master does not know is answered EXPIRED. What survives a crash
// is described in store.h.
#pragma once

#include <cstdint>
#include <vector>

#include "model/zbs/params.h"
#include "model/zbs/store.h"
#include "sim/actor.h"

namespace leasesim::zbs {

class Master final : public sim::Actor {
 public:
  Master(sim::Context& ctx, const ZbsParams& params, MasterStore& store);

  void on_start() override;
  void on_timer(uint64_t follower) override;
  void on_message(const sim::Message& m) override;

 private:
  enum class State { none, active, wait_keepalive, expired };
  struct Session {
    uint64_t epoch = 0;
    State state = State::none;
    bool pending = false;
    uint64_t pending_request = 0;
    sim::LocalTime deadline;
    sim::TimerId timer;
  };

  Session& session(sim::NodeId follower);
  void grant(sim::NodeId follower, uint64_t request);
  void expire(sim::NodeId follower);
  void reply(sim::NodeId follower, uint64_t epoch, uint64_t request, bool granted);
  void arm(sim::NodeId follower, sim::LocalTime at);
  void enter(sim::NodeId follower, State state);
  void register_session(sim::NodeId follower, uint64_t epoch, uint64_t request);

  sim::Context& ctx_;
  ZbsParams params_;
  MasterStore& store_;
  std::vector<Session> sessions_;  // indexed by the follower's NodeId
  sim::Symbol sym_timer_;
  sim::Symbol sym_state_[4];
};

}  // namespace leasesim::zbs
