// A TTL lock server: one lock, one instance. Every server of a scenario runs this actor; the
// client counts a quorum over them (one of one: a single instance; three of five: Redlock).
//  - Acquire: if the lock is free (and, Consul, out of its lock-delay) the client gets it under
//    its value until now + the server's TTL (lease_granted), with the next counter value as its
//    fencing token; else Busy. A replica not promoted answers Busy (Redis: READONLY).
//  - Renew: if the client still holds it under that value, now + the TTL again; else Lost.
//  - Release: if the client holds it under that value, the lock is free (compare-and-delete).
//  - At the deadline on the server's own clock the lease ends (lease_expired); a Consul
//    session's invalidation starts the lock-delay.
// The server's TTL is `ttl` for Redis, ttl x ttl_slack_factor for Consul (session_ttl.go).
// A primary (a server with a replica) sends every change and a ping to its replica; a replica
// that has not heard from it for failover_after promotes itself and serves the keys it got.
#pragma once

#include <cstdint>

#include "model/ttl_lock/messages.h"
#include "model/ttl_lock/params.h"
#include "sim/actor.h"

namespace leasesim::ttl_lock {

// What a server keeps; the deployment owns it, so that with `persistence: always` a restarted
// server still has it. With `persistence: none` a restart empties it.
struct ServerStore {
  bool booted = false;  // a start after the first is a restart
  sim::NodeId holder = sim::kNoNode;
  uint64_t value = 0;
  sim::LocalTime deadline;  // the lease's end, on this server's clock
  int64_t token = 0;        // the counter: one more at each grant
  sim::LocalTime free_at;   // Consul lock-delay: no grant before this
  bool promoted = false;    // a replica that took over
};

class Server final : public sim::Actor {
 public:
  // `replica`: the node this primary replicates to (kNoNode: none). `is_replica`: this server
  // is a replica of another until it promotes itself.
  Server(sim::Context& ctx, const TtlLockParams& params, ServerStore& store, sim::NodeId replica, bool is_replica);

  void on_start() override;
  void on_timer(uint64_t tag) override;
  void on_message(const sim::Message& m) override;

 private:
  enum Timer : uint64_t { kExpiry = 0, kPing, kFailover };

  bool serving() const { return !is_replica_ || store_.promoted; }
  sim::Duration server_ttl() const;
  sim::Duration effective_lock_delay() const;
  void acquire(sim::NodeId client, const Request& r);
  void renew(sim::NodeId client, const Request& r);
  void end_lease(bool invalidated);
  void arm_expiry();
  void replicate();
  void on_replicate(const Replicate& r);
  void reply(sim::NodeId to, uint64_t request, Status status);

  sim::Context& ctx_;
  TtlLockParams params_;
  ServerStore& store_;
  sim::NodeId replica_;
  bool is_replica_;
  sim::TimerId expiry_, failover_;
  sim::Symbol sym_expiry_, sym_ping_, sym_failover_, sym_promoted_, sym_restart_empty_, sym_invalidated_;
};

}  // namespace leasesim::ttl_lock
