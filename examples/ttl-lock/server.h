// The lock server: one lock, leased with a TTL and a fencing token, the way a Redis key set with
// `SET lock <client> NX PX <ttl>` and extended with PEXPIRE is, or a Consul session's lock.
//  - Acquire: if nobody holds the lock, the client gets it with a new token, one higher than
//    any before, for `ttl` from now on the server's clock (lease_granted); else Busy.
//  - Renew: if the client still holds the lock under that token, `ttl` from now again
//    (lease_granted); else Lost (the lease expired or was released).
//  - Release: if the client still holds it under that token, the lease ends (lease_expired).
//  - When the TTL runs out on the server's clock the lease ends (lease_expired), and the next
//    Acquire gets the lock with the next token.
// What it knows sits in a ServerStore that outlives a crash (Consul's Raft log, a Redis with
// appendfsync always): a restarted server still knows the holder, the deadline and the tokens.
#pragma once

#include <leasesim/actor.h>

#include "messages.h"
#include "params.h"

namespace ttl_lock {

struct ServerStore {
  leasesim::NodeId holder = leasesim::kNoNode;  // kNoNode: the lock is free
  int64_t token = 0;                            // the newest token granted
  leasesim::LocalTime deadline;                 // the holder's lease ends here, on the server's clock
};

class LockServer final : public leasesim::Actor {
 public:
  LockServer(leasesim::Context& ctx, const TtlLockParams& params, ServerStore& store);

  void on_start() override;
  void on_timer(uint64_t tag) override;
  void on_message(const leasesim::Message& m) override;

 private:
  void grant(leasesim::NodeId client, uint64_t request);
  void extend(leasesim::NodeId client, const LockMessage& renew);
  void end_lease();
  void arm_expiry();
  bool holds(leasesim::NodeId client, int64_t token) const { return store_.holder == client && store_.token == token; }
  void reply(leasesim::NodeId to, Kind kind, uint64_t request, int64_t token);

  leasesim::Context& ctx_;
  TtlLockParams params_;
  ServerStore& store_;
  leasesim::TimerId expiry_;
  leasesim::Symbol sym_expiry_;
};

}  // namespace ttl_lock
