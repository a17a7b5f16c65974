// A client of the lock server: it takes the lock, renews it, writes to the resources with its
// fencing token while it believes it holds the lock, and lets go after its work.
//  - Waiting: it sends Acquire, and again every retry_every (+ a random jitter) until Granted.
//  - Holding: from Granted it believes it holds the lock (lease_believed): until_told, until
//    the server answers a renewal Lost (expiry_learned); until_ttl, until its request's send
//    time + ttl - margin on its own clock, when it gives up the lock (lease_dropped) unless a
//    renewal moved that end. It sends Renew every renew_every and a Write every write_every
//    (to each resource, with its token). After hold_for it releases the lock (lease_dropped,
//    then Release) and waits before asking again.
// A reply that does not answer its latest request (late, or a duplicate) is ignored.
#pragma once

#include <leasesim/actor.h>

#include <vector>

#include "messages.h"
#include "params.h"

namespace ttl_lock {

class LockClient final : public leasesim::Actor {
 public:
  LockClient(leasesim::Context& ctx, const TtlLockParams& params, leasesim::NodeId server,
             std::vector<leasesim::NodeId> resources);

  void on_start() override { acquire(); }
  void on_timer(uint64_t tag) override;
  void on_message(const leasesim::Message& m) override;

 private:
  // Timer tags: names of their own, apart from the message kinds (kRenew is a message).
  enum Timer : uint64_t { kRetryTimer, kRenewTimer, kWriteTimer, kReleaseTimer, kBeliefEndTimer };

  void acquire();
  void retry_later();
  void hold(int64_t token);
  void believe(leasesim::LocalTime sent_at);
  bool still_holds();
  void renew();
  void write();
  void release();
  void let_go();
  leasesim::TimerId after(leasesim::Duration delay, Timer tag, leasesim::Symbol name);

  leasesim::Context& ctx_;
  TtlLockParams params_;
  leasesim::NodeId server_;
  std::vector<leasesim::NodeId> resources_;
  bool holding_ = false;
  int64_t token_ = 0;
  leasesim::LocalTime until_;  // the belief's end on this client's clock (never: until told)
  uint64_t request_ = 0;       // the latest request; only its reply counts
  leasesim::LocalTime sent_at_;
  leasesim::TimerId retry_, renew_, write_, release_, belief_end_;
  leasesim::Symbol sym_retry_, sym_renew_, sym_write_, sym_release_, sym_belief_end_;
};

}  // namespace ttl_lock
