// A Chubby client library's session (the paper's §2.8) and, with `lock`, the one lock (§2.4).
//
// It creates a session, then keeps one KeepAlive outstanding, sending the next as soon as a
// reply arrives (§2.8: "The client initiates a new KeepAlive immediately after receiving the
// previous reply"). Each granted reply gives it a local lease (local_lease, params.h), which it
// believes until it ends on its own clock. Then it is in jeopardy: with `jeopardy` it stops
// acting (its lock too), resends its KeepAlive every retry_interval, and after grace_period
// declares the session expired and creates the next; a reply meanwhile makes it safe again.
// Told its session expired, it records expiry_learned and creates the next. A reply naming
// another master epoch makes it present that epoch and resend at once (§2.9).
// With `lock` it asks for the lock once each session exists, believes it held while it
// believes its session, and writes to every resource with its sequencer's generation.
#pragma once

#include <cstdint>
#include <vector>

#include "model/chubby/messages.h"
#include "model/chubby/params.h"
#include "model/chubby/store.h"
#include "sim/actor.h"

namespace leasesim::chubby {

class Client final : public sim::Actor {
 public:
  Client(sim::Context& ctx, const ChubbyParams& params, sim::NodeId master, ClientStore& store,
         std::vector<sim::NodeId> resources);

  void on_start() override;
  void on_timer(uint64_t tag) override;
  void on_message(const sim::Message& m) override;

 private:
  enum Timer : uint64_t { kLeaseEnd = 0, kGraceEnd, kRetry, kWriteTimer };
  enum class Phase { creating, live, jeopardy };

  void start_session();
  void send_keepalive();
  void on_reply(const KeepAliveReply& r);
  void granted(const KeepAliveReply& r);
  void enter_jeopardy();
  void session_over();
  sim::LocalTime local_end(const KeepAliveReply& r) const;
  sim::Duration rate_allowance(sim::Duration d) const;
  void hold_lock();
  void release_lock();
  void write();

  sim::Context& ctx_;
  ChubbyParams params_;
  sim::NodeId master_;
  ClientStore& store_;
  std::vector<sim::NodeId> resources_;
  uint64_t session_ = 0;
  uint64_t request_ = 0;
  uint64_t master_epoch_ = 1;
  Phase phase_ = Phase::creating;
  sim::LocalTime sent_at_;
  sim::LocalTime end_;             // of the local lease
  sim::LocalTime believed_until_;  // end_, or end_ + grace_period without jeopardy
  sim::TimerId lease_timer_, grace_timer_, retry_timer_;
  bool acquire_sent_ = false;
  bool lock_granted_ = false;   // the master granted this session the lock
  bool lock_believed_ = false;  // lock_held traced, lock_released not yet
  int64_t generation_ = 0;
  bool writing_ = false;
  sim::Symbol sym_lock_, sym_lease_end_, sym_grace_, sym_retry_, sym_write_;
  sim::Symbol sym_jeopardy_, sym_safe_, sym_expired_, sym_ignored_, sym_epoch_;
};

}  // namespace leasesim::chubby
