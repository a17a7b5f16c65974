// The Chubby master's sessions, KeepAlives and the one lock (the paper's §2.4, §2.8, §2.9).
//
// A KeepAlive is held until the session's lease is reply_advance from its end, then answered
// with a new lease of lease_extension from the reply (§2.8: "The master typically blocks the
// RPC ... until the client's previous lease interval is close to expiring"); a request already
// past that point is answered at once. A session whose lease ends unanswered is expired: its
// lock, if it holds it, is free again only after lock_delay (§2.4). A KeepAlive presenting
// another master epoch is rejected with the current one (§2.9 step 1).
// A start after the first is a failover (§2.9): a new master epoch, and every session in the
// database extended to now + failover_extension (none: expired at once); each session's first
// KeepAlive is then answered at once, without a further extension (the paper's Figure 2: the
// retry "typically does not extend the master lease further because M3 was conservative", but
// lets the client extend its own).
#pragma once

#include <cstdint>
#include <vector>

#include "model/chubby/params.h"
#include "model/chubby/store.h"
#include "sim/actor.h"

namespace leasesim::chubby {

class Master final : public sim::Actor {
 public:
  Master(sim::Context& ctx, const ChubbyParams& params, MasterStore& store);

  void on_start() override;
  void on_timer(uint64_t tag) override;
  void on_message(const sim::Message& m) override;

 private:
  struct Session {
    uint64_t id = 0;
    bool live = false;
    sim::LocalTime deadline;  // the lease's end, on this master's clock
    sim::TimerId expiry;
    sim::TimerId hold;
    bool pending = false;
    uint64_t request = 0;
    sim::LocalTime arrived;  // of the pending request
    bool answer_now = false;  // the first KeepAlive after a failover
  };

  Session& session(sim::NodeId client);
  void on_keepalive(const sim::Message& m);
  void on_acquire(const sim::Message& m);
  void create(sim::NodeId client, uint64_t id, uint64_t request);
  void extend(sim::NodeId client, sim::Duration by);
  void answer(sim::NodeId client, uint64_t request, sim::Duration remaining, sim::Duration hold);
  void refuse(sim::NodeId client, uint64_t request, int status);
  void expire(sim::NodeId client);
  void fail_over();
  void grant_lock_if_free();

  sim::Context& ctx_;
  ChubbyParams params_;
  MasterStore& store_;
  std::vector<Session> sessions_;  // indexed by the client's NodeId
  sim::TimerId lock_timer_;
  sim::Symbol sym_expiry_, sym_hold_, sym_lock_delay_, sym_failover_, sym_expired_;
};

}  // namespace leasesim::chubby
