// The ZBS follower's side (chunk server): a KeepAlive loop and the lease it believes in.
//
// It sends a KeepAlive, and the next one as soon as a reply arrives (or, with
// follower_next_keepalive: after_interval, follower_keepalive_interval after a granted reply;
// params.h); a KeepAlive unanswered for rpc_timeout is abandoned and sent again. A reply that
// does not answer the outstanding request (late, after a retry, or a duplicate) is ignored, as
// an RPC layer with timeouts does.
// On a granted reply it believes its lease valid until
//   receive anchor: reply handling time + lease - network_margin   (legacy, ZBS-13135)
//   send anchor:    KeepAlive send time + lease - network_margin   (fixed)
// all on its own clock, minus lease x guard_ppm (an allowance for drift between the clocks).
// On an EXPIRED reply it records expiry_learned, stops believing, and registers a new session
// (the next epoch); it never treats the old session as alive again.
// After a crash it remembers only its last epoch (store.h) and registers the next one.
#pragma once

#include <cstdint>

#include "model/zbs/params.h"
#include "model/zbs/store.h"
#include "sim/actor.h"

namespace leasesim::zbs {

class Follower final : public sim::Actor {
 public:
  // `resources`: the fenced resources it writes to while it believes its lease.
  Follower(sim::Context& ctx, const ZbsParams& params, sim::NodeId master, FollowerStore& store,
           std::vector<sim::NodeId> resources = {});

  void on_start() override;
  void on_timer(uint64_t tag) override;
  void on_message(const sim::Message& m) override;

 private:
  enum Timer : uint64_t { kRpcTimeout = 0, kNextKeepalive = 1, kWriteTimer = 2 };

  void send_keepalive();
  void next_keepalive_after_grant();
  void write();

  sim::Context& ctx_;
  ZbsParams params_;
  sim::NodeId master_;
  FollowerStore& store_;
  std::vector<sim::NodeId> resources_;
  sim::Duration guard_;  // lease x guard_ppm, subtracted from every lease
  uint64_t epoch_ = 0;
  bool registered_ = false;  // the current epoch has been granted at least once
  uint64_t request_ = 0;
  bool outstanding_ = false;
  sim::LocalTime sent_at_;
  sim::TimerId rpc_timer_;
  sim::LocalTime lease_end_;  // of its belief, on its clock
  int64_t token_ = 0;
  bool writing_ = false;  // a write timer is armed
  sim::Symbol sym_rpc_timer_;
  sim::Symbol sym_next_timer_;
  sim::Symbol sym_reply_ignored_;
  sim::Symbol sym_rpc_timeout_;
  sim::Symbol sym_write_;
};

}  // namespace leasesim::zbs
