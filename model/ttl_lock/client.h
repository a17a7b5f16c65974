// A lock client: Redlock's acquisition over every server (one server: plain SET NX PX; a
// Consul server: a session and its lock), one acquisition per client.
//
// It takes T1 on its own clock, sends Acquire with a fresh value to every server (and replica),
// and decides when all have answered or request_timeout has passed: with grants from a
// majority of the servers (replicas not counted in the size) and a positive validity
// ttl - (now - T1) - drift, it holds the lock (lock_held); else it releases every instance and
// tries again after retry_every + a jitter from its own random stream. Holding, it believes
// until T1 + ttl - drift (`belief: validity`; the validity counted from the decision, which ends
// at the same instant) or until a renewal is answered Lost (`until_told`); it extends every
// renew_every the same way (a successful extension moves the validity's end), writes to every
// resource every write_every with its value and the largest counter granted as token, and
// after hold_for releases every instance. Then it is done.
#pragma once

#include <cstdint>
#include <vector>

#include "model/ttl_lock/messages.h"
#include "model/ttl_lock/params.h"
#include "sim/actor.h"

namespace leasesim::ttl_lock {

// What outlives a client's restart: its values stay unique.
struct ClientStore {
  uint64_t last_value = 0;
};

class Client final : public sim::Actor {
 public:
  // `servers`: the instances to lock, then the replicas (asked too, not counted in the quorum).
  Client(sim::Context& ctx, const TtlLockParams& params, ClientStore& store, std::vector<sim::NodeId> targets,
         size_t servers, std::vector<sim::NodeId> resources);

  void on_start() override;
  void on_timer(uint64_t tag) override;
  void on_message(const sim::Message& m) override;

 private:
  enum Timer : uint64_t { kDecideTimer = 0, kRetryTimer, kRenewTimer, kValidityTimer, kHoldTimer, kWriteTimer };
  enum class Phase { acquiring, holding, done };

  void start_round(Kind kind);
  void decide();
  void hold(sim::LocalTime until);
  void stop_holding();
  void release_all();
  void write();
  sim::Duration drift() const;

  sim::Context& ctx_;
  TtlLockParams params_;
  ClientStore& store_;
  std::vector<sim::NodeId> targets_;
  size_t quorum_;
  std::vector<sim::NodeId> resources_;
  Phase phase_ = Phase::acquiring;
  uint64_t value_ = 0;
  uint64_t request_ = 0;
  Kind round_kind_ = kAcquire;
  bool round_open_ = false;
  sim::LocalTime t1_;
  size_t answers_ = 0, grants_ = 0, lost_ = 0;
  int64_t round_token_ = 0;
  int64_t token_ = 0;
  sim::LocalTime believed_until_;
  sim::TimerId decide_timer_, validity_timer_, renew_timer_;
  bool writing_ = false;
  sim::Symbol sym_lock_, sym_decide_, sym_retry_, sym_renew_, sym_validity_, sym_hold_, sym_write_;
  sim::Symbol sym_failed_, sym_lost_, sym_extended_, sym_not_extended_;
};

}  // namespace leasesim::ttl_lock
