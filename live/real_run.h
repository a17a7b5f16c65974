// Real systems a live run can start instead of the protocol's own actors: for a protocol whose
// real server and client leasesim knows how to start (today: kind `zookeeper`, in
// live/zookeeper/), the scenario played against real processes behind a fault proxy. This is the
// CLI's view of them, which names no protocol (tests/architecture_test.cpp).
#pragma once

#include <optional>
#include <string>

#include "harness/scenario.h"
#include "live/scheduler.h"

namespace leasesim::live {

struct RealOptions {
  std::string client_binary;  // the real client's program (zkclient), default: beside leasesim
  std::string keep_dir;       // if set, each server's log is copied there as NAME.log after the run
};

struct RealOutcome {
  std::string trace_jsonl;
  std::string error;  // the run could not be made (a server did not start); nothing to judge
  bool interrupted = false;
  sim::Instant reached;
  double wall_ms = 0;     // from t0 to the end of the run
  double set_up_ms = 0;   // from the start to t0: servers, warm-up, alignment
  Lateness lateness;      // the fault schedule's timers
  uint64_t frames = 0;    // frames through the proxy
  bool priority_raised = false;  // the run and the processes it started at nice -10
};

// Whether leasesim can start the scenario's real system.
bool has_real_system(const harness::Scenario& scenario);
// The real client program's name, looked for beside leasesim ("" if none).
std::string real_client_program(const harness::Scenario& scenario);
// What keeps the scenario from running against its real system, as FILE:LINE:COLUMN: why.
// REQUIRES: has_real_system(scenario).
std::optional<std::string> why_not_real(const harness::Scenario& scenario);
// What is missing on this machine (packages, the client program), with how to install it; "".
std::string missing_for_real(const harness::Scenario& scenario, const RealOptions& options);
// REQUIRES: !why_not_real(scenario), missing_for_real(...) == "".
RealOutcome run_real(const harness::Scenario& scenario, const RealOptions& options);

}  // namespace leasesim::live
