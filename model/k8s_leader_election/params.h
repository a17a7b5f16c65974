// Parameters of the Kubernetes client-go leader election model (`kind: k8s_leader_election`):
// the LeaderElectionConfig every elector runs with, the HTTP client's request timeout, and the
// two library behaviours that changed (PR #65094, PR #114872). Scenario keys under `protocol:`
// are these field names; each default names its source (kubernetes/client-go
// tools/leaderelection unless said otherwise).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/time.h"

namespace leasesim::k8s_leader_election {

using sim::Duration;

// How a leader's renew loop enforces RenewDeadline.
enum class RenewTimeout {
  context,  // tryAcquireOrRenew runs under a context that ends at RenewDeadline: a hung request is cancelled (PR #65094)
  poll,     // wait.Poll checks the deadline only between attempts: a hung request holds leadership (before PR #65094, #44887)
};

// Whose LeaseDuration a candidate judges the holder's lease by.
enum class LeaseDurationFrom {
  record,  // the leaseDurationSeconds the holder wrote into the Lease (PR #114872)
  own,     // the candidate's own configured LeaseDuration (before PR #114872, #47671)
};

// What an elector does once it stopped leading and OnStoppedLeading returned.
enum class AfterLeading {
  exit,    // the process exits (kube-controller-manager, kube-scheduler: klog.Fatalf "leaderelection lost")
  rejoin,  // it runs acquire again (LeaderElector.Run called anew)
};

struct K8sParams {
  // LeaderElectionConfig.LeaseDuration: how long a candidate waits, on its own clock, after it
  // last saw the record change before it may take the lease. Component default 15 s.
  Duration lease_duration = Duration::seconds(15);
  // LeaderElectionConfig.RenewDeadline: how long a leader keeps trying to renew before it gives
  // up leadership. Component default 10 s.
  Duration renew_deadline = Duration::seconds(10);
  // LeaderElectionConfig.RetryPeriod: the wait between attempts. Component default 2 s.
  Duration retry_period = Duration::seconds(2);
  // leaderelection.go JitterFactor = 1.2: a candidate waits RetryPeriod x (1 + r x 1.2), r
  // uniform in [0, 1) (wait.Jitter), between acquisition attempts. In thousandths.
  int64_t jitter_factor_milli = 1200;
  // Per-elector LeaseDuration / RenewDeadline (the i-th entry for the i-th of `electors`; the rest
  // use lease_duration / renew_deadline): #47671's two instances configured 10 s and 30 s.
  std::vector<Duration> lease_durations;
  std::vector<Duration> renew_deadlines;
  LeaseDurationFrom lease_duration_from = LeaseDurationFrom::record;
  RenewTimeout renew_timeout = RenewTimeout::context;
  // The HTTP client's timeout for each request (rest.Config.Timeout) of the elector; 0: none (the
  // client of #44887). kube-controller-manager: max(RenewDeadline / 2, 1 s) since PR #95646.
  Duration request_timeout = Duration::seconds(5);
  // How long OnStoppedLeading takes to quiesce the old leader's work: it keeps acting (and
  // writing) this long after it stopped leading. cilium PR #42920: a blocking stop hook.
  Duration stop_hook = Duration{0};
  AfterLeading after_leading = AfterLeading::exit;
  // While acting as leader, a write to every resource every write_every (a choice of this model).
  Duration write_every = Duration::seconds(1);
  bool fencing = true;
};

}  // namespace leasesim::k8s_leader_election
