// Real systems a live run can start instead of the protocol's own actors: for a protocol whose
// real server and client leasesim knows how to start (today: kind `zookeeper`, in
// live/zookeeper/), the scenario played against real processes behind a fault proxy. This is the
// CLI's view of them, which names no protocol (tests/architecture_test.cpp).
#pragma once

#include <optional>
#include <string>

#include "harness/scenario.h"
#include "live/live_world.h"

namespace leasesim::live {

struct RealOptions {
  std::string client_binary;  // the real client's program (zkclient), default: beside leasesim
  std::string keep_dir;       // if set, each server's log is copied there as NAME.log after the run
  // Clock scenarios (`clocks:`, clock faults, `pause: {clock: stops}`) run with libfaketime on the
  // processes whose clocks move: opt-in, as it is approximate (docs/live-zookeeper.md).
  bool faketime = false;
};

struct RealOutcome {
  // As an own-actors run reports it: `wire_error` says the run could not be made (a server did
  // not start: nothing to judge), `messages_sent` counts the frames through the proxy, and
  // `set_up_ms` is the time from the start to t0 (servers, warm-up, alignment).
  LiveOutcome outcome;
  std::string trace_jsonl;
};

// Whether leasesim can start the scenario's real system.
bool has_real_system(const harness::Scenario& scenario);
// The real client program's name, looked for beside leasesim ("" if none).
std::string real_client_program(const harness::Scenario& scenario);
// What keeps the scenario from running against its real system, as FILE:LINE:COLUMN: why.
// REQUIRES: has_real_system(scenario).
std::optional<std::string> why_not_real(const harness::Scenario& scenario, const RealOptions& options);
// What is missing on this machine (packages, the client program), with how to install it; "".
std::string missing_for_real(const harness::Scenario& scenario, const RealOptions& options);
// REQUIRES: !why_not_real(scenario), missing_for_real(...) == "".
RealOutcome run_real(const harness::Scenario& scenario, const RealOptions& options);

}  // namespace leasesim::live
