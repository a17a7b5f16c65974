// The ZBS master's side of the KeepAlive lease (ticket ZBS-13135's notes, "seed 000").
//
// One session per follower, with one timer that only its own handler re-arms (seed 000: the
// timer "resets itself" to 7 s after answering, to the deadline when it finds nothing):
//  - a KeepAlive that arrives while the session is active waits (pending) and is answered when
//    the timer fires; the answer grants lease from that moment and re-arms the timer for
//    keepalive_interval;
//  - a firing with nothing pending moves the session to WAIT_KEEPALIVE and arms the timer for
//    the deadline (or, wait_keepalive_timer: lease_from_firing, for lease after the firing); a
//    KeepAlive arriving in WAIT_KEEPALIVE is answered at once, leaving the timer where it is
//    (or, wait_keepalive_reply: at_timer, held until the timer fires, which is then at or past
//    the deadline: it is answered EXPIRED);
//  - a firing at or after the deadline runs HandleExpire: the session is EXPIRED.
// With expiry_check: current the handler compares with the deadline as it is when it runs, so a
// renewal in WAIT_KEEPALIVE keeps the session; with `captured` it compares with the deadline
// it saw when the timer was armed, and expires a session renewed since (seed 000, branch 2).
// A KeepAlive arriving after the deadline never revives the session (seed 000, branch 2): it
// expires it at once and is answered EXPIRED. An expired session answers every KeepAlive with
// EXPIRED; the follower must register a new epoch.
// The readings seed 000 leaves open (wait_keepalive_timer, wait_keepalive_reply,
// persisted_deadline) are described with their sources in params.h.
// A registering KeepAlive with a new epoch creates a session, answered at once; a plain
// KeepAlive for a session the master does not know is answered EXPIRED. What survives a crash
// is described in store.h.
#pragma once

#include <cstdint>
#include <vector>

#include "model/zbs/params.h"
#include "model/zbs/store.h"
#include "sim/actor.h"
#include "sim/prefetch.h"
#include "sim/state_bands.h"

namespace leasesim::zbs {

class Master final : public sim::Actor {
 public:
  // Each follower's session as the master holds it (NONE, ACTIVE, WAIT_KEEPALIVE, EXPIRED),
  // drawn on the follower's lane.
  static sim::StateBand session_band();
  // `resources`: the fenced resources it writes a newer token to when it expires a session.
  Master(sim::Context& ctx, const ZbsParams& params, MasterStore& store, std::vector<sim::NodeId> resources = {});

  void on_start() override;
  void on_timer(uint64_t follower) override;
  void on_message(const sim::Message& m) override;
  // A KeepAlive's every handling reads its follower's session first: at 100,000 followers, from
  // memory unless named ahead.
  void prefetch_message(sim::NodeId from) const override {
    if (from < sessions_.size()) sim::prefetch_object(&sessions_[from]);
  }
  // A firing's tag is its follower: the session it reads, and the checkers' entries for the
  // follower its grant or expiry names.
  void prefetch_timer(uint64_t follower) const override {
    const auto f = static_cast<sim::NodeId>(follower);
    if (f < sessions_.size()) sim::prefetch_object(&sessions_[f]);
    ctx_.prefetch_holder(f);
  }

 private:
  enum class State { none, active, wait_keepalive, expired };
  struct Session {
    uint64_t epoch = 0;
    State state = State::none;
    bool pending = false;
    uint64_t pending_request = 0;
    sim::LocalTime deadline;
    sim::TimerId timer;
    sim::LocalTime deadline_when_armed;  // what a `captured` handler compares with
    int64_t token = 0;                   // its fencing token
  };

  Session& session(sim::NodeId follower);
  void grant(sim::NodeId follower, uint64_t request);
  void persist_grant(sim::NodeId follower);
  void expire(sim::NodeId follower);
  void reply(sim::NodeId follower, uint64_t epoch, uint64_t request, bool granted);
  void arm(sim::NodeId follower, sim::LocalTime at);
  void enter(sim::NodeId follower, State state);
  void register_session(sim::NodeId follower, uint64_t epoch, uint64_t request);

  sim::Context& ctx_;
  ZbsParams params_;
  MasterStore& store_;
  std::vector<sim::NodeId> resources_;
  std::vector<Session> sessions_;  // indexed by the follower's NodeId
  sim::Symbol sym_timer_;
  sim::Symbol sym_state_[4];
};

}  // namespace leasesim::zbs
