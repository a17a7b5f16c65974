// A scenario of kind `zookeeper` played against real processes: Debian's ZooKeeper 3.8 server
// (Java) and the C client (tools/zkclient, on libzookeeper_mt), every client-server link through
// the fault proxy (proxy.h), the scenario's faults applied by the simulator's own FaultInjector
// at real instants (network faults in the proxy, pause and restart by signals), and the run's
// timeline merged from the proxy, the clients' output and the server's log, on CLOCK_MONOTONIC
// with the scenario's zero on a tickTime boundary (the server's expiry buckets sit there). The
// trace is judged by the same checkers as a simulated run (run_live.h).
#pragma once

#include <optional>
#include <string>

#include "harness/scenario.h"
#include "live/real_run.h"
#include "live/zookeeper/server.h"

namespace leasesim::live::zookeeper {

using live::RealOptions;
using live::RealOutcome;

// What keeps the scenario from running against a real ZooKeeper, as FILE:LINE:COLUMN: why.
std::optional<std::string> why_not_real(const harness::Scenario& scenario, const RealOptions& options);
// What is missing on this machine (packages, zkclient), with how to install it; "" if nothing.
std::string missing_for_real(const RealOptions& options);

// REQUIRES: !why_not_real(scenario), missing_for_real(options) == "".
RealOutcome run_real(const harness::Scenario& scenario, const RealOptions& options);

}  // namespace leasesim::live::zookeeper
