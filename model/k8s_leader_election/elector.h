// One elector running client-go's LeaderElector (tools/leaderelection/leaderelection.go, modelled):
//  - acquire: tryAcquireOrRenew at once, then again RetryPeriod x (1 + r x JitterFactor) after
//    each failed attempt ends (wait.JitterUntil, sliding);
//  - tryAcquireOrRenew: a leader whose observed lease is still valid UPDATEs the record it last
//    saw (the fast path); otherwise, or when that fails, it GETs the Lease, creates it when there
//    is none, takes note of it when it differs from what the last such GET showed
//    (observedTime = its own clock now; its own Updates are not compared against, so a leader's
//    GET always counts as a change), gives up while another holder's lease is valid
//    (observedTime + LeaseDuration > the attempt's start), and else UPDATEs it with its own
//    identity, failing on Conflict;
//  - renew, once leading: with renew_timeout `context` (PR #65094) each round starts RetryPeriod
//    after the last renewal, tries at once and every RetryPeriod after a failure, and steps down
//    at exactly RenewDeadline from the round's start, cancelling a request still out; with `poll`
//    (before it) a round starts at the last renewal, tries every RetryPeriod from its start, and
//    notices the deadline only between attempts, so a request that hangs holds leadership;
//  - every request fails after request_timeout without a reply (the HTTP client's timeout).
// The elector believes it leads (lock_held) from a successful acquisition until its stop hook
// ends (OnStoppedLeading, stop_hook after it stepped down); then it exits, or (after_leading:
// rejoin) runs acquire again. While it acts it writes its epoch to every resource every
// write_every.
#pragma once

#include <cstdint>
#include <vector>

#include "model/k8s_leader_election/params.h"
#include "sim/actor.h"

namespace leasesim::k8s_leader_election {

// This elector's own LeaderElectionConfig durations.
struct ElectorTiming {
  sim::Duration lease_duration;
  sim::Duration renew_deadline;
};

class Elector final : public sim::Actor {
 public:
  Elector(sim::Context& ctx, const K8sParams& params, ElectorTiming timing, sim::NodeId apiserver,
          std::vector<sim::NodeId> resources);

  void on_start() override;
  void on_timer(uint64_t tag) override;
  void on_message(const sim::Message& m) override;

 private:
  enum class Step { idle, fast_update, get, update };
  void try_begin();
  void send_get();
  void send_update(int64_t resource_version);
  void arm_request_timeout();
  void on_get_reply(const sim::MessageBody& b);
  void on_update_reply(const sim::MessageBody& b);
  void request_failed();
  void try_end(bool ok);
  void abandon_request();
  bool is_leader() const;
  bool lease_valid(sim::LocalTime t) const;
  void observe(int64_t holder, int64_t lease_duration_seconds);
  void retry_acquire();
  void become_leader();
  void round_begin();
  void renewed();
  void renew_failed();
  void step_down();
  void stop_acting();
  int64_t self_code() const { return static_cast<int64_t>(ctx_.self()) + 1; }

  sim::Context& ctx_;
  const K8sParams& params_;
  ElectorTiming timing_;
  sim::NodeId apiserver_;
  std::vector<sim::NodeId> resources_;

  Step step_ = Step::idle;
  int64_t request_ = 0;            // the request out; a reply to any other is ignored
  sim::LocalTime try_start_;       // tryAcquireOrRenew's `now`
  sim::TimerId request_timer_;
  // The resource lock's copy of the Lease: the resourceVersion of the last GET or successful
  // Update (what the next Update names). 0: none yet.
  int64_t lock_version_ = 0;
  // observedRawRecord: the Lease as the last GET that showed a change returned it. An elector's
  // own Update does not set it, so its next GET always counts as a change (leaderelection.go).
  int64_t raw_version_ = 0;
  // The record as last observed, and when (observedRecord, observedTime).
  bool observed_ = false;
  int64_t observed_holder_ = 0;  // node id + 1; 0: none
  int64_t observed_duration_s_ = 0;
  sim::LocalTime observed_time_;

  bool leading_ = false;  // between acquiring and stepping down
  bool acting_ = false;   // leading, or its stop hook still running
  uint64_t epoch_ = 0;
  sim::LocalTime round_start_;  // the renew round's start: its RenewDeadline counts from here
  sim::TimerId round_timer_, deadline_timer_, write_timer_;
  sim::Symbol sym_retry_, sym_round_, sym_deadline_, sym_request_timeout_, sym_hook_, sym_write_, sym_lock_,
      sym_started_, sym_stopped_, sym_exited_;
};

}  // namespace leasesim::k8s_leader_election
