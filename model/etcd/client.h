// A clientv3 lease user (client/v3/lease.go, modelled): it grants a lease, calls KeepAlive and
// holds the lease while the keepalive channel is open.
//  - sendKeepAliveLoop: every keepalive_poll, a keepalive for the lease if nextKeepAlive is
//    before now (so again every poll while no response comes);
//  - recvKeepAlive: a response with TTL > 0 sets nextKeepAlive = receipt + TTL/3 and
//    deadline = receipt + TTL (zero margin: the deadline is counted from the response's
//    arrival, the leader's expiry from its renewal); TTL <= 0 closes the channel (the client
//    is told: expiry_learned);
//  - deadlineLoop: every reaper_period, a channel whose deadline is before now is closed (the
//    client stops believing on its own: lease_dropped).
// The application believes its lease from the grant's response until the channel closes
// (lease_believed with no end of its own). Both loops tick from the client's start (phase 0).
// With `lock`, it then takes the lock (concurrency.Mutex.Lock): puts its key with its lease,
// waits until no older key remains, and (lock_check: owner_key) checks its key still exists;
// it believes it holds the lock from then until its keepalive channel closes.
#pragma once

#include <cstdint>

#include "model/etcd/params.h"
#include "sim/actor.h"

namespace leasesim::etcd {

class Client final : public sim::Actor {
 public:
  // `ttl`: the TTL this client grants its lease with (`ttl`, or its entry of `client_ttls`).
  Client(sim::Context& ctx, const EtcdParams& params, sim::NodeId endpoint, sim::Duration ttl);

  void on_start() override;
  void on_timer(uint64_t tag) override;
  void on_message(const sim::Message& m) override;

 private:
  void close(bool told);

  sim::Context& ctx_;
  const EtcdParams& params_;
  sim::NodeId endpoint_;
  sim::Duration ttl_;
  uint64_t lease_ = 0;     // 0: none yet
  bool alive_ = false;     // the keepalive channel is open
  int64_t request_ = 0;    // keepalive request numbers (traces only: the stream answers in order)
  sim::LocalTime next_keepalive_;
  sim::LocalTime deadline_;
  bool holding_ = false;  // believes it holds the lock
  sim::Symbol sym_poll_, sym_reaper_, sym_closed_, sym_lock_, sym_session_expired_;
};

}  // namespace leasesim::etcd
