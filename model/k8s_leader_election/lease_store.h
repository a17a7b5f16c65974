// The API server's Lease object (coordination.k8s.io/v1 Lease, as an apiserver over etcd keeps
// it): holderIdentity, leaseDurationSeconds, acquireTime, renewTime and the resourceVersion every
// update must name. An UPDATE whose resourceVersion is not the current one fails with Conflict
// ("the object has been modified", #44887's log), so two electors cannot both write the record
// they read. For the checkers the API server is the grantor: an update that hands the Lease to
// another holder ends the old holder's lease (lease_expired) and starts a new epoch; every
// successful update is a lease_granted until its renewTime (here: the API server's clock at the
// update) + leaseDurationSeconds. The API server judges nothing itself: expiry is the electors'
// business, on their own clocks.
#pragma once

#include <cstdint>

#include "sim/actor.h"

namespace leasesim::k8s_leader_election {

class LeaseStore final : public sim::Actor {
 public:
  explicit LeaseStore(sim::Context& ctx);

  void on_start() override {}
  void on_timer(uint64_t) override {}
  void on_message(const sim::Message& m) override;

 private:
  void update(const sim::Message& m);

  sim::Context& ctx_;
  int64_t resource_version_ = 0;  // 0: no Lease yet
  int64_t next_version_ = 1;
  int64_t holder_ = 0;  // node id + 1; 0: none
  int64_t lease_duration_seconds_ = 0;
  int64_t acquire_time_ms_ = 0;  // as the holder wrote them, on its own clock
  int64_t renew_time_ms_ = 0;
  uint64_t epoch_ = 0;  // holders so far: the leaseTransitions a fenced write carries
  sim::Symbol sym_conflict_;
};

}  // namespace leasesim::k8s_leader_election
