// One live run of a scenario, start to judged result: LiveWorld runs it, its trace (JSON
// lines, as `run --trace` writes them) is judged by harness/judge, the same checkers and
// expectations a simulated run has; `leasesim live` prints it and compares it.
#pragma once

#include <optional>
#include <string>

#include "harness/scenario.h"
#include "live/live_world.h"
#include "reports/recording.h"
#include "reports/result.h"

namespace leasesim::live {

// What keeps a scenario from running live, as "FILE:LINE:COLUMN: what is wrong", or nothing.
std::optional<std::string> why_not_live(const harness::Scenario& scenario);

struct LiveRun {
  LiveOutcome outcome;
  std::string trace_jsonl;
  reports::Result result;       // judged; empty if `judge_error`
  reports::Recording recording;  // the judged trace, for comparing
  std::string judge_error;       // the live trace could not be judged (a defect, never expected)
};

// REQUIRES: !why_not_live(scenario). The scenario's expected windows and event instants are
// met within `tolerance`: a live run's instants move by the machine's latency.
LiveRun run_live(const harness::Scenario& scenario, sim::Duration tolerance);
// A live trace (from any runtime: own actors, real processes) judged as run_live judges its own.
LiveRun judge_live(const harness::Scenario& scenario, LiveOutcome outcome, std::string trace_jsonl, sim::Duration tolerance);

}  // namespace leasesim::live
